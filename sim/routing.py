"""Who takes what: waiting contacts per queue, idle agents per group, and the routing rules.

- An arriving contact goes to the longest-idle agent among the groups that rank its skill best
  (skill priority 1 before 2), then among the next rank, and so on.
- A freed agent takes the oldest waiting contact among its queues of the best rank: skill
  priority first, then queue priority (lower numbers first); within a queue contacts are
  served first come, first served.
- A contact whose patience has run out has abandoned; it is found and removed lazily, when it
  reaches the head of its queue, since its abandonment time is known when it arrives.
"""

from __future__ import annotations

from collections import deque


class Router:
    """Waiting contacts and idle agents, with the rules that match them."""

    def __init__(
        self,
        group_levels: list[list[list[int]]],
        queue_levels: list[list[list[int]]],
        deadline: list[float],
    ) -> None:
        self._group_levels = group_levels  # per queue: skilled groups by rank, best first
        self._queue_levels = queue_levels  # per group: its queues by rank, best first
        self._deadline = deadline  # per contact: the time its caller hangs up
        self.waiting: list[deque[int]] = [deque() for _ in group_levels]
        self.idle: list[deque[tuple[float, int]]] = [deque() for _ in queue_levels]
        self.abandoned: list[int] = []

    def idle_agent_for(self, queue: int) -> tuple[int, int] | None:
        """Return (group, agent) of the longest-idle agent of the best rank for a queue, or None."""
        for level in self._group_levels[queue]:
            best = None
            best_since = float("inf")
            for group in level:
                idle = self.idle[group]
                if idle and idle[0][0] < best_since:
                    best, best_since = group, idle[0][0]
            if best is not None:
                return best, self.idle[best].popleft()[1]
        return None

    def next_contact_for(self, group: int, now: float) -> int | None:
        """Return the contact an agent of a group takes next, or None if none waits."""
        deadline = self._deadline
        for level in self._queue_levels[group]:
            chosen = None
            for queue in level:
                waiting = self.waiting[queue]
                while waiting and deadline[waiting[0]] < now:
                    self.abandoned.append(waiting.popleft())
                if waiting and (chosen is None or waiting[0] < self.waiting[chosen][0]):
                    chosen = queue  # contacts are numbered in arrival order: lower is older
            if chosen is not None:
                return self.waiting[chosen].popleft()
        return None

    def close(self) -> list[int]:
        """Return the contacts still waiting at the end, after moving the lapsed to abandoned."""
        left = []
        for waiting in self.waiting:
            for contact in waiting:
                (self.abandoned if self._deadline[contact] < float("inf") else left).append(contact)
            waiting.clear()
        return left
