"""The satisfaction model: a customer's journey -> P(satisfied), P(promoter), P(detractor),
P(churn). Pure functions of numpy arrays (or numbers), parameters from
`scenarios.satisfaction`.

- P(satisfied) = base x extra_contact^(contacts - 1) x late^(late answers) x
  abandonment^(abandonments) x escalation^(escalations) x bot factor, where base is the
  resolved or the unresolved figure and the bot factor applies once to a journey the bot
  contained or handed on. Every factor is at most 1, so a worse journey never satisfies more.
- P(promoter) = promoter_if_satisfied x P(satisfied); P(detractor) =
  detractor_if_dissatisfied x (1 - P(satisfied)).
- P(churn) = stated x follow_through, where stated is the share of customers with that
  experience who say they would leave: after a bad service experience (an abandonment or an
  answer later than its target), else when left unresolved, else (resolved well).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.satisfaction import Satisfaction


@dataclass(frozen=True)
class Journey:
    """What the model sees of customers' journeys (arrays of one value per customer)."""

    resolved: np.ndarray  # bool
    contacts: np.ndarray  # contacts made, the first included (a bot's counts as one)
    late: np.ndarray  # answers later than their target
    abandoned: np.ndarray  # contacts given up while waiting
    escalated: np.ndarray  # escalations
    contained: np.ndarray  # bool: resolved by the bot alone
    handed_off: np.ndarray  # bool: passed from the bot to a person


def satisfied(journey: Journey, model: Satisfaction) -> np.ndarray:
    """Return each customer's probability of being satisfied (CSAT)."""
    base = np.where(journey.resolved, model.resolved, model.unresolved)
    bot = np.where(
        journey.contained, model.bot_contained, np.where(journey.handed_off, model.bot_handoff, 1.0)
    )
    return (
        base
        * _power(model.per_extra_contact, np.maximum(journey.contacts - 1, 0))
        * _power(model.per_late_answer, journey.late)
        * _power(model.per_abandonment, journey.abandoned)
        * _power(model.per_escalation, journey.escalated)
        * bot
    )


def _power(base: float, count: np.ndarray) -> np.ndarray:
    """Return base ** count; for an array of counts, read from a table of the few powers.

    A journey's counts are small integers: a table of base ** 0..max holds the same numbers
    (the same pow of the same doubles) at the cost of a handful of pows, not one per customer.
    """
    if isinstance(count, np.ndarray) and count.dtype.kind in "iu" and count.size:
        low, high = int(count.min()), int(count.max())
        if low >= 0 and high < 1024:
            return (base ** np.arange(high + 1, dtype=count.dtype))[count]
    return base**count


def promoter(p_satisfied: np.ndarray, model: Satisfaction) -> np.ndarray:
    """Return each customer's probability of being a promoter (NPS 9-10)."""
    return model.promoter_if_satisfied * p_satisfied


def detractor(p_satisfied: np.ndarray, model: Satisfaction) -> np.ndarray:
    """Return each customer's probability of being a detractor (NPS 0-6)."""
    return model.detractor_if_dissatisfied * (1.0 - p_satisfied)


def bad_service(journey: Journey) -> np.ndarray:
    """Return whether each journey was a bad service experience (abandoned or answered late)."""
    return (journey.abandoned > 0) | (journey.late > 0)


def stated_leaving(journey: Journey, model: Satisfaction) -> np.ndarray:
    """Return the share of customers with each journey's experience who say they would leave."""
    churn = model.churn
    return np.where(
        bad_service(journey),
        churn.after_bad_service,
        np.where(journey.resolved, churn.when_resolved_well, churn.when_unresolved),
    )


def churn(journey: Journey, model: Satisfaction) -> np.ndarray:
    """Return each customer's probability of leaving: stated intention x follow-through."""
    return stated_leaving(journey, model) * model.churn.follow_through
