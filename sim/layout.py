"""What the engine is given (a centre laid out as indexed arrays) and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.contacts import Outcomes

VOICE, CHAT, DEFERRED = 0, 1, 2


@dataclass(frozen=True)
class Loss:
    """A share of a group unavailable from start to end; contacts in hand finished or dropped."""

    group: int
    start: float
    end: float
    share: float
    drop: bool


@dataclass(frozen=True)
class CentreLayout:
    """What the engine needs of a scenario, as plain indexed arrays."""

    interval_seconds: float
    staffing: np.ndarray | None  # agents on duty by count, shape (groups, intervals)
    multiplier: np.ndarray  # handle-time multiplier, shape (groups, queues); nan = not skilled
    skill_rank: np.ndarray  # the group's priority for the queue's skill, shape (groups, queues)
    priority: tuple[int, ...]  # per queue; lower is served first
    kind: tuple[int, ...] = ()  # per queue: VOICE, CHAT or DEFERRED (default: all voice)
    concurrency: np.ndarray | None = None  # chats an agent holds, shape (groups, queues)
    slowdown: tuple[float, ...] = ()  # per queue: extra handle time per further chat held
    worked: np.ndarray | None = None  # per queue and interval: may agents work it (deferred)
    shifts: tuple[tuple[int, float, float, tuple[tuple[float, float], ...]], ...] = ()
    losses: tuple[Loss, ...] = ()

    @property
    def groups(self) -> int:
        """Return the number of agent groups."""
        return self.multiplier.shape[0]

    @property
    def intervals(self) -> int:
        """Return the number of intervals of the horizon."""
        if self.staffing is not None:
            return self.staffing.shape[1]
        return self.worked.shape[1]


@dataclass
class Replication:
    """What one replication produced: contact outcomes, group busy/on-duty seconds, a log."""

    outcomes: Outcomes
    busy_seconds: np.ndarray  # agent-seconds of work, shape (groups, intervals)
    duty_seconds: np.ndarray  # agent-seconds on duty, shape (groups, intervals)
    log: list[tuple[float, str, int, int]] | None = field(default=None)
