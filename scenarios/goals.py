"""Goals a planner sets on satisfaction and resolution, for the centre or for one queue."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from scenarios.base import Frozen, Hours, PlainNumber, Share

Nps = Annotated[float, PlainNumber, Field(ge=-100, le=100, allow_inf_nan=False)]


class ResolvedWithin(Frozen):
    """A resolution-time goal: a share of customers resolved within hours of first contact."""

    hours: Hours
    target: Share


class Goals(Frozen):
    """Satisfaction goals: CSAT, FCR and NPS at least, churn at most, resolution time."""

    csat: Share | None = None  # share of customers satisfied, at least
    fcr: Share | None = None  # share resolved at the first contact an agent handled, at least
    nps: Nps | None = None  # promoters minus detractors in points (-100..100), at least
    churn: Share | None = None  # share of customers expected to leave, at most
    resolved_within: ResolvedWithin | None = None
