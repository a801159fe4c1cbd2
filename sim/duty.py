"""Agents on and off duty during a replication: shifts and breaks, site loss, count staffing.

`Duty` is the agents' half of `sim.engine.Centre` (which mixes it in): an agent logs in,
becomes ready, steps away for a break or a lost site once its hands are empty, comes back,
and logs out after finishing the contact in hand. Count staffing is applied at each interval
boundary: more agents log in, or the most recently idle leave (the busy ones as they free up).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from sim.agents import Agent, Due, State
from sim.layout import DEFERRED, Loss

if TYPE_CHECKING:
    from sim.layout import CentreLayout
    from sim.routing import Router

Process = Generator[simpy.Event, Any, None]


class Duty:
    """Agents logging in and out, taking breaks and being lost, as processes of the centre."""

    env: simpy.Environment
    layout: CentreLayout
    router: Router
    agents: list[Agent]
    members: list[list[Agent]]
    to_leave: list[int]
    extra: list[int]  # count staffing: agents levers add to the plan's count
    on_duty: list[int]
    dropped: list[int]
    dropped_at: list[float]
    worked: list | None
    kind: list[int]

    # provided by the centre
    def _account(self, group: int) -> None: ...
    def _note(self, event: str, contact: int, agent: int) -> None: ...
    def _take_work(self, agent: Agent, now: float) -> None: ...
    def _release(self, agent: Agent, contact: int) -> None: ...
    def _close_interval(self, k: int) -> None: ...

    def _login(self, group: int) -> Agent:
        agent = Agent(len(self.agents), group)
        self.agents.append(agent)
        self.members[group].append(agent)
        self._note("login", -1, agent.id)
        if self._lost(agent):
            agent.state = State.away  # its site is down: it waits for the loss to end
            agent.holds.add("loss")
            self._note("away", -1, agent.id)
        else:
            self._set_ready(agent)
        return agent

    def _set_ready(self, agent: Agent) -> None:
        self._account(agent.group)
        self.on_duty[agent.group] += 1
        agent.state = State.ready
        agent.due = Due.nothing
        agent.idle_since = self.env.now
        self._take_work(agent, self.env.now)

    def _set_not_ready(self, agent: Agent, state: State) -> None:
        self.router.unpark(agent)
        self._account(agent.group)
        self.on_duty[agent.group] -= 1
        agent.state = state

    def _leave(self, agent: Agent) -> None:
        self._set_not_ready(agent, State.off)
        self.members[agent.group].remove(agent)
        self._note("logout", -1, agent.id)

    def _step_away(self, agent: Agent) -> None:
        """The agent's hands are empty and it is due away or off: it goes now."""
        due, agent.due = agent.due, Due.nothing
        if due is Due.leave:
            self._leave(agent)
        else:
            self._set_not_ready(agent, State.away)
            self._note("away", -1, agent.id)
        waiters, agent.waiters = agent.waiters, []
        for event in waiters:
            event.succeed()

    def _when_free(self, agent: Agent, due: Due) -> simpy.Event:
        """Return an event that fires once the agent, due away or off, has empty hands."""
        event = self.env.event()
        agent.due = max(agent.due, due)
        agent.waiters.append(event)
        if agent.load == 0:
            self._step_away(agent)
        return event

    def _hold(self, agent: Agent, reason: str) -> simpy.Event:
        """Keep an agent away for a reason (a break, a lost site); fires when it has gone."""
        agent.holds.add(reason)
        if agent.state is State.ready:
            return self._when_free(agent, Due.away)
        return self.env.event().succeed()

    def _unhold(self, agent: Agent, reason: str) -> None:
        """End one reason an agent is away; with none left it is back at work."""
        agent.holds.discard(reason)
        if not agent.holds and agent.state is State.away:
            self._note("back", -1, agent.id)
            if self.to_leave[agent.group]:
                # count staffing fell while it was away: it goes now instead of coming back
                self.to_leave[agent.group] -= 1
                agent.state = State.off
                self.members[agent.group].remove(agent)
                self._note("logout", -1, agent.id)
                return
            self._set_ready(agent)
        elif not agent.holds and agent.due is Due.away:
            agent.due = Due.nothing  # released before its hands were empty: it stays on

    def _log_out(self, agent: Agent) -> simpy.Event:
        """Return an event that fires when the agent has left (after the contacts in hand)."""
        if agent.state is State.ready:
            return self._when_free(agent, Due.leave)
        if agent.state is State.away:
            agent.state = State.off
            self.members[agent.group].remove(agent)
            self._note("logout", -1, agent.id)
        return self.env.event().succeed()

    def shift(
        self, group: int, login: float, logout: float, breaks: tuple[tuple[float, float], ...]
    ) -> Process:
        """Process: one agent's day: log in, take each break when due, log out."""
        env = self.env
        yield env.timeout(login - env.now)
        agent = self._login(group)
        for due, seconds in breaks:
            if due >= logout:
                break
            yield env.timeout(max(due - env.now, 0.0))
            yield self._hold(agent, "break")
            yield env.timeout(seconds)
            self._unhold(agent, "break")
        yield env.timeout(max(logout - env.now, 0.0))
        yield self._log_out(agent)

    def _lost(self, agent: Agent) -> bool:
        now = self.env.now
        return any(
            loss.group == agent.group and loss.start <= now < loss.end and agent.lost_to(loss.share)
            for loss in self.layout.losses
        )

    def site_loss(self, loss: Loss) -> Process:
        """Process: a share of a group becomes unavailable over a window, then returns."""
        yield self.env.timeout(loss.start - self.env.now)
        for agent in list(self.members[loss.group]):
            if agent.lost_to(loss.share):
                if loss.drop and agent.state is State.ready:
                    for contact in list(agent.in_hand):
                        self._release(agent, contact)
                        self.dropped.append(contact)
                        self.dropped_at.append(self.env.now)
                        self._note("drop", contact, agent.id)
                self._hold(agent, "loss")
        yield self.env.timeout(loss.end - self.env.now)
        for agent in list(self.members[loss.group]):
            if agent.lost_to(loss.share) and not self._lost(agent):
                self._unhold(agent, "loss")

    # --- count staffing ----------------------------------------------------------------------

    def boundaries(self) -> Process:
        """Process: at each interval boundary, close the books and apply count staffing."""
        layout = self.layout
        intervals = layout.intervals
        groups = layout.groups
        self._duty_by_end = np.zeros((groups, intervals))
        for k in range(intervals):
            if k:
                yield self.env.timeout(k * layout.interval_seconds - self.env.now)
                self._close_interval(k - 1)
            if layout.staffing is not None:
                for group in range(groups):
                    self._staff(group, int(layout.staffing[group, k]) + self.extra[group])
            if self.worked is not None and self._opens(k):
                self._wake_idle()
        yield self.env.timeout(intervals * layout.interval_seconds - self.env.now)
        self._close_interval(intervals - 1)

    def _opens(self, k: int) -> bool:
        """Return whether some deferred queue becomes workable at interval k."""
        # an idle agent has already looked at every queue it may work, and an arrival to a
        # workable queue takes an idle agent at once: only an opening brings it new work
        worked = self.worked
        assert worked is not None
        return any(
            self.kind[q] == DEFERRED and worked[q][k] and (k == 0 or not worked[q][k - 1])
            for q in range(len(worked))
        )

    def _wake_idle(self) -> None:
        """Idle agents look again for work (deferred work may have just become workable)."""
        for idle in self.router.idle:
            for agent in list(idle):
                if agent.load == 0 and agent.state is State.ready and agent in idle:
                    del idle[agent]
                    self._take_work(agent, self.env.now)

    def _staff(self, group: int, target: int) -> None:
        staying = len(self.members[group]) - self.to_leave[group]
        if target > staying:
            cancelled = min(self.to_leave[group], target - staying)
            self.to_leave[group] -= cancelled
            for _ in range(target - staying - cancelled):
                self._login(group)
        elif target < staying:
            idle = self.router.idle[group]
            for _ in range(staying - target):
                if idle:
                    self._leave(next(reversed(idle)))  # the most recently idle goes first
                else:
                    self.to_leave[group] += 1

    # --- result ------------------------------------------------------------------------------
