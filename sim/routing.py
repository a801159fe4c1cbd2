"""Who takes what: waiting contacts per queue, free agents per group, and the routing rules.

- An arriving contact goes to the longest-idle agent among the groups that rank its skill
  best (skill priority 1 before 2), then the next rank; a chat may also join an agent who
  holds fewer chats than allowed (the least loaded first) when no agent of that rank is idle.
- An agent with empty hands takes the oldest waiting contact among its queues of the best
  rank: live queues (voice, chat) before deferred work, then tier priority, then skill
  priority, then queue priority (lower numbers first); an agent holding chats takes only more
  chats. Within a queue contacts are served first come, first served. Deferred work is taken
  only while its channel is open. The router's "queues" are lanes: one per tier of a queue
  with tiers (`sim.engine.Centre` maps contacts to lanes), one per queue otherwise.
- A contact whose patience has run out has abandoned; it is found and removed lazily, when it
  reaches the head of its queue, since its abandonment time is known when it arrives.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable

from sim.agents import Agent

FULL = 1.0 + 1e-9  # a load of 1 is a fully occupied agent; the margin absorbs rounding of 1/k


class Router:
    """Waiting contacts and free agents, with the rules that match them."""

    def __init__(
        self,
        group_levels: list[list[list[int]]],
        queue_levels: list[list[list[int]]],
        load: list[list[float]],
        is_chat: list[bool],
        deadline: list[float],
        is_open: Callable[[int], bool] | None,
        order: list[float] | None = None,
    ) -> None:
        self._group_levels = group_levels  # per queue: skilled groups by rank, best first
        self._queue_levels = queue_levels  # per group: its queues by rank, best first
        self._load = load  # per group and queue: the share of an agent one contact takes
        self._is_chat = is_chat
        self._deadline = deadline  # per contact: the time its customer gives up
        # per queue: whether it is worked now (deferred hours); None: every queue always is
        self._is_open = is_open
        self.waiting: list[deque[int]] = [deque() for _ in group_levels]
        # per group: the waiting lines of its queues, to see at once that none holds a contact
        # (the usual case when an agent frees up; with tiers a group has many lines to look at)
        self._lines = [
            [self.waiting[queue] for level in levels for queue in level] for levels in queue_levels
        ]
        # per group: idle agents, longest idle first; an OrderedDict so that taking an agent
        # out of the middle (a break, a logout) costs no scan of the others, and finding the
        # first costs none either (a dict used as a queue keeps the holes its removals leave at
        # its front until it is resized: 3x slower at 800 idle agents, measured)
        self.idle: list[OrderedDict[Agent, None]] = [OrderedDict() for _ in queue_levels]
        self.partial: list[dict[Agent, None]] = [{} for _ in queue_levels]
        # per queue: the idle agents of the one group that answers it, when one group alone
        # does and the queue is not chat (the usual case); None: found through the ranks
        self._only_group = [
            self.idle[levels[0][0]] if _one_group(levels) and not is_chat[queue] else None
            for queue, levels in enumerate(group_levels)
        ]
        self.abandoned: list[int] = []
        # per contact: its arrival, when contacts are made during the run and their numbers
        # no longer follow arrival order (None: the number is the order)
        self._order = order

    def agent_for(self, queue: int) -> Agent | None:
        """Return the agent an arriving contact of a queue goes to, or None if it must wait."""
        idle = self._only_group[queue]
        if idle is not None:
            return idle.popitem(last=False)[0] if idle else None
        for level in self._group_levels[queue]:
            if len(level) == 1:  # the usual case: one group at this rank
                idle = self.idle[level[0]]
                if idle:
                    return idle.popitem(last=False)[0]
            else:
                best = self._longest_idle(level)
                if best is not None:
                    del self.idle[best.group][best]
                    return best
            if self._is_chat[queue]:
                best = self._least_loaded(level, queue)
                if best is not None:
                    return best
        return None

    def _longest_idle(self, level: list[int]) -> Agent | None:
        best: Agent | None = None
        for group in level:
            idle = self.idle[group]
            if idle:
                first = next(iter(idle))
                if best is None or first.idle_since < best.idle_since:
                    best = first
        return best

    def _least_loaded(self, level: list[int], queue: int) -> Agent | None:
        best: Agent | None = None
        for group in level:
            room = FULL - self._load[group][queue]
            for agent in self.partial[group]:
                if agent.load <= room and (best is None or agent.load < best.load):
                    best = agent
        return best

    def contact_for(self, agent: Agent, now: float) -> int | None:
        """Return the contact an agent takes next, or None if none waits that it may take."""
        if not any(self._lines[agent.group]):
            return None
        deadline, load = self._deadline, self._load[agent.group]
        busy = agent.load > 0
        order, is_open = self._order, self._is_open
        for level in self._queue_levels[agent.group]:
            chosen = None
            for queue in level:
                if busy and (not self._is_chat[queue] or agent.load + load[queue] > FULL):
                    continue
                waiting = self.waiting[queue]
                while waiting and deadline[waiting[0]] < now:
                    self.abandoned.append(waiting.popleft())
                if not waiting or (is_open is not None and not is_open(queue)):
                    continue
                if chosen is None:
                    chosen = queue
                elif order is None:
                    if waiting[0] < self.waiting[chosen][0]:
                        chosen = queue  # contacts are numbered in arrival order: lower is older
                elif _older(order, waiting[0], self.waiting[chosen][0]):
                    chosen = queue
            if chosen is not None:
                return self.waiting[chosen].popleft()
        return None

    def rests(self, agent: Agent) -> bool:
        """File an agent with empty hands among the idle if no contact waits in its lines, and
        return whether it was (else it has work to look at: `contact_for`)."""
        if any(self._lines[agent.group]):
            return False
        self.idle[agent.group][agent] = None
        return True

    def park(self, agent: Agent) -> None:
        """File a ready agent among the idle or the partly loaded of its group."""
        if agent.load == 0:
            self.idle[agent.group][agent] = None
        elif agent.chats and agent.load + 1e-9 < 1.0:
            self.partial[agent.group][agent] = None

    def refile(self, agent: Agent) -> None:
        """File again an agent that just took a contact (a chat agent may still have room)."""
        self.partial[agent.group].pop(agent, None)
        if agent.load + 1e-9 < 1.0 and agent.chats:
            self.partial[agent.group][agent] = None

    def unpark(self, agent: Agent) -> None:
        """Take an agent out of the idle and partly loaded lists (it is busy or leaving)."""
        self.partial[agent.group].pop(agent, None)
        self.idle[agent.group].pop(agent, None)

    def close(self) -> list[int]:
        """Return the contacts still waiting at the end, after moving the lapsed to abandoned."""
        self._is_open = None  # a method of the centre: the cycle would keep the run's lists
        left = []
        for waiting in self.waiting:
            for contact in waiting:
                (self.abandoned if self._deadline[contact] < float("inf") else left).append(contact)
            waiting.clear()
        return left


def _one_group(levels: list[list[int]]) -> bool:
    """Return whether the ranks of a queue's groups hold one group alone."""
    return len(levels) == 1 and len(levels[0]) == 1


def _older(order: list[float], contact: int, other: int) -> bool:
    """Return whether a contact arrived before another (the lower number first on a tie)."""
    return order[contact] < order[other] or (order[contact] == order[other] and contact < other)
