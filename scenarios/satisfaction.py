"""The satisfaction model's parameters: how a customer's journey turns into CSAT, NPS and churn.

Every default is an assumption for a planner to calibrate against the centre's own surveys;
`sim.satisfaction` holds the model itself and the README explains it. In short:

- P(satisfied) starts at `resolved` or `unresolved` and is multiplied by a factor (<= 1) for
  each contact beyond the first, each answer later than its target, each abandonment, each
  escalation, and once for a bot that contained the contact or handed it on.
- P(promoter) = `promoter_if_satisfied` x P(satisfied); P(detractor) =
  `detractor_if_dissatisfied` x (1 - P(satisfied)); NPS = 100 (promoters - detractors).
- P(churn) = the share of customers with that experience who say they would leave (`churn`:
  after a bad service experience 94%, when the problem stays unresolved 89%, when resolved
  well 25%, i.e. 75% stay) x `follow_through`, the share of those stated intentions that
  become a departure.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from scenarios.base import Frozen, Share


class Churn(Frozen):
    """Stated intentions to leave per kind of journey, and how many of them are carried out.

    A journey is a bad service experience if the customer abandoned or was answered later
    than the target at least once; otherwise it is resolved well or left unresolved.
    """

    after_bad_service: Share = 0.94
    when_unresolved: Share = 0.89
    when_resolved_well: Share = 0.25
    # with 0.1, a centre resolving ~80% of journeys well loses about 4% of its customers
    follow_through: Share = 0.10

    @model_validator(mode="after")
    def _monotone(self) -> Churn:
        if not self.when_resolved_well <= self.when_unresolved <= self.after_bad_service:
            raise ValueError(
                "churn shares must not fall as the journey gets worse: when_resolved_well "
                f"({self.when_resolved_well:g}) <= when_unresolved ({self.when_unresolved:g}) "
                f"<= after_bad_service ({self.after_bad_service:g})"
            )
        return self


class Satisfaction(Frozen):
    """How a journey turns into the probabilities of satisfaction, promoting and leaving."""

    resolved: Share = 0.92  # P(satisfied) of a resolved, one-contact, on-time journey
    unresolved: Share = 0.30  # the same journey left unresolved
    per_extra_contact: Share = 0.90
    per_late_answer: Share = 0.85
    per_abandonment: Share = 0.75
    per_escalation: Share = 0.95
    bot_contained: Share = 0.95  # resolved by the bot alone
    bot_handoff: Share = 0.95  # passed from the bot to a person
    promoter_if_satisfied: Share = 0.60
    detractor_if_dissatisfied: Share = 0.70
    churn: Churn = Field(default_factory=Churn)

    @model_validator(mode="after")
    def _resolving_helps(self) -> Satisfaction:
        if self.unresolved > self.resolved:
            raise ValueError(
                f"an unresolved journey cannot satisfy more often ({self.unresolved:g}) "
                f"than a resolved one ({self.resolved:g})"
            )
        return self
