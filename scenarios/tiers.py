"""Customer tiers (priority classes) on a queue: who they are, how many, how soon they are served.

A queue's contacts split into tiers by share (e.g. vip 5%, standard 95%). An agent free to
take work takes the waiting contact of the best tier first among all the queues it is skilled
for (lower priority numbers first), without interrupting a contact in hand. A tier may carry
its own service target; ticket priorities of deferred work (P0 within 30 minutes, P1 within
an hour, ...) are tiers whose targets are given in hours.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from scenarios.base import MAX_ENTRIES, Frozen, Name, Priority, Share
from scenarios.sla import Sla

# shares are written with a few decimals; their sum may miss 1 by rounding only
SHARE_SUM_TOLERANCE = 1e-6


class Tier(Frozen):
    """One class of a queue's customers: its share of contacts, priority and own target."""

    share: Share
    priority: Priority = 1
    sla: Sla | None = None


def _shares_sum_to_one(tiers: dict[str, Tier]) -> dict[str, Tier]:
    total = sum(tier.share for tier in tiers.values())
    if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
        raise ValueError(f"the tiers' shares add up to {total:g}; they must add up to 1")
    return tiers


Tiers = Annotated[
    dict[Name, Tier],
    Field(min_length=1, max_length=MAX_ENTRIES),
    AfterValidator(_shares_sum_to_one),
]

# a queue without tiers serves all its contacts as this one tier, at this priority
DEFAULT_TIER = "all"
DEFAULT_TIER_PRIORITY = 1
