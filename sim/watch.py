"""A queue's service level watched during a run, for the levers whose trigger is
`service_below`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.engine import Centre


@dataclass(frozen=True)
class Watch:
    """A queue's service level watched at interval boundaries: below `level` fires."""

    queue: int
    level: float
    over_seconds: float
    within_seconds: float


def watched_service(centre: Centre, watch: Watch) -> float:
    """Return the watched queue's service level over the last span: of its contacts that
    arrived at least the target time ago, the share answered within it (1 with none)."""
    now = centre.env.now
    upto = now - watch.within_seconds
    arrival = centre.arrival
    first = bisect.bisect_left(arrival, now - watch.over_seconds, 0, centre.n_drawn)
    last = bisect.bisect_right(arrival, upto, 0, centre.n_drawn)
    judged = good = 0
    for contact in range(first, last):
        if centre.queue[contact] != watch.queue:
            continue
        judged += 1
        good += centre.answered_at[contact] - arrival[contact] <= watch.within_seconds
    return good / judged if judged else 1.0
