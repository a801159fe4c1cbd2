"""One replication of the centre as a SimPy model: arrivals, agents on duty, service.

Events are kept few: a contact costs one arrival step and, if answered, one completion
callback; abandonment costs no event (see `sim.routing`); count staffing changes and
occupancy bookkeeping happen once per interval boundary; an agent on a shift is one small
process (log in, breaks, log out).
"""

from __future__ import annotations

import numpy as np
import simpy

from sim.agents import Agent, Due, State
from sim.contacts import Contacts, Outcome, Outcomes
from sim.layout import CHAT, DEFERRED, VOICE, CentreLayout, Loss, Replication
from sim.routing import Router


def _levels(keys: dict[int, tuple]) -> list[list[int]]:
    """Return the items grouped by equal key, best (smallest) key first."""
    return [[i for i, k in keys.items() if k == rank] for rank in sorted(set(keys.values()))]


class Centre:
    """The state of the centre while one replication runs."""

    def __init__(
        self, env: simpy.Environment, layout: CentreLayout, contacts: Contacts, trace: bool
    ) -> None:
        self.env = env
        self.layout = layout
        groups, queues = layout.multiplier.shape
        kind = layout.kind or (VOICE,) * queues
        skilled = ~np.isnan(layout.multiplier)
        rank = layout.skill_rank
        concurrency = (
            layout.concurrency if layout.concurrency is not None else np.ones((groups, queues))
        )
        self.kind = list(kind)
        self.load = (1.0 / concurrency).tolist()
        self.slowdown = list(layout.slowdown or (0.0,) * queues)
        queue_levels = [
            _levels(
                {
                    q: (kind[q] == DEFERRED, int(rank[g, q]), layout.priority[q])
                    for q in range(queues)
                    if skilled[g, q]
                }
            )
            for g in range(groups)
        ]
        group_levels = [
            _levels({g: (int(rank[g, q]),) for g in range(groups) if skilled[g, q]})
            for q in range(queues)
        ]
        self.worked = None if layout.worked is None else layout.worked.tolist()
        self.arrival = contacts.arrival.tolist()
        self.queue = contacts.queue.tolist()
        self.handle = contacts.handle_seconds.tolist()
        self.deadline = (contacts.arrival + contacts.patience_seconds).tolist()
        self.router = Router(
            group_levels,
            queue_levels,
            self.load,
            [k == CHAT for k in kind],
            self.deadline,
            self._is_worked,
        )
        self.multiplier = layout.multiplier.tolist()
        n = len(contacts)
        self.answered_at = [np.nan] * n
        self.finished_at = [np.nan] * n
        self.answered_by = [-1] * n
        self.dropped: list[int] = []
        self.agents: list[Agent] = []
        self.members: list[list[Agent]] = [[] for _ in range(groups)]
        self.to_leave = [0] * groups  # count staffing: agents to let go as they free up
        self.on_duty = [0] * groups
        self.busy = [0.0] * groups
        self._busy_total = [0.0] * groups
        self._duty_total = [0.0] * groups
        self._since = [0.0] * groups
        self.log: list[tuple[float, str, int, int]] | None = [] if trace else None

    # --- bookkeeping -------------------------------------------------------------------------

    def _account(self, group: int) -> None:
        now = self.env.now
        elapsed = now - self._since[group]
        self._busy_total[group] += self.busy[group] * elapsed
        self._duty_total[group] += self.on_duty[group] * elapsed
        self._since[group] = now

    def _note(self, event: str, contact: int, agent: int) -> None:
        if self.log is not None:
            self.log.append((self.env.now, event, contact, agent))

    def _is_worked(self, queue: int) -> bool:
        if self.worked is None or self.kind[queue] != DEFERRED:
            return True
        k = min(int(self.env.now // self.layout.interval_seconds), len(self.worked[queue]) - 1)
        return self.worked[queue][k]

    # --- contacts ----------------------------------------------------------------------------

    def arrivals(self):
        """Process: contacts arrive at their drawn times and are routed."""
        env, router, queue = self.env, self.router, self.queue
        for contact, time in enumerate(self.arrival):
            yield env.timeout(time - env.now)
            self._note("arrive", contact, -1)
            q = queue[contact]
            agent = router.agent_for(q) if self._is_worked(q) else None
            if agent is None:
                router.waiting[q].append(contact)
            else:
                self._serve(agent, contact)
                router.refile(agent)

    def _serve(self, agent: Agent, contact: int) -> None:
        group, q = agent.group, self.queue[contact]
        self._account(group)
        self.busy[group] += self.load[group][q]
        agent.load += self.load[group][q]
        agent.in_hand[contact] = None
        work = self.handle[contact] * self.multiplier[group][q]
        if self.kind[q] == CHAT:
            agent.chats += 1
            work *= 1.0 + self.slowdown[q] * (agent.chats - 1)
        self.answered_at[contact] = self.env.now
        self.answered_by[contact] = group
        self._note("answer", contact, agent.id)
        done = self.env.timeout(work, value=(agent, contact))
        done.callbacks.append(self._finish)

    def _finish(self, event: simpy.Event) -> None:
        agent, contact = event.value
        if contact not in agent.in_hand:
            return  # dropped earlier, when the agent's site was lost
        self._release(agent, contact)
        self.finished_at[contact] = self.env.now
        self._note("finish", contact, agent.id)
        self._after_work(agent)

    def _release(self, agent: Agent, contact: int) -> None:
        group, q = agent.group, self.queue[contact]
        del agent.in_hand[contact]
        self._account(group)
        self.busy[group] -= self.load[group][q]
        if self.busy[group] < 1e-9:
            self.busy[group] = 0.0  # sums of 1/k chats must not leave rounding dust
        agent.load = max(agent.load - self.load[group][q], 0.0) if agent.in_hand else 0.0
        if self.kind[q] == CHAT:
            agent.chats -= 1

    def _after_work(self, agent: Agent) -> None:
        """An agent with room: steps away if due to, else takes more work or waits for it."""
        self.router.unpark(agent)
        if agent.load == 0:
            agent.idle_since = self.env.now
            if agent.due is not Due.nothing:
                self._step_away(agent)
                return
            if self.to_leave[agent.group]:
                self.to_leave[agent.group] -= 1
                self._leave(agent)
                return
        elif agent.due is not Due.nothing:
            return  # winding down: takes nothing new
        self._take_work(agent)

    def _take_work(self, agent: Agent) -> None:
        while True:
            contact = self.router.contact_for(agent, self.env.now)
            if contact is None:
                break
            self._serve(agent, contact)
            if agent.load + 1e-9 >= 1.0:
                break
        self.router.park(agent)

    # --- agents on and off duty --------------------------------------------------------------

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
        self._take_work(agent)

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

    def shift(self, group: int, login: float, logout: float, breaks):
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

    def site_loss(self, loss: Loss):
        """Process: a share of a group becomes unavailable over a window, then returns."""
        yield self.env.timeout(loss.start - self.env.now)
        for agent in list(self.members[loss.group]):
            if agent.lost_to(loss.share):
                if loss.drop and agent.state is State.ready:
                    for contact in list(agent.in_hand):
                        self._release(agent, contact)
                        self.dropped.append(contact)
                        self._note("drop", contact, agent.id)
                self._hold(agent, "loss")
        yield self.env.timeout(loss.end - self.env.now)
        for agent in list(self.members[loss.group]):
            if agent.lost_to(loss.share) and not self._lost(agent):
                self._unhold(agent, "loss")

    # --- count staffing ----------------------------------------------------------------------

    def boundaries(self):
        """Process: at each interval boundary, close the books and apply count staffing."""
        layout = self.layout
        intervals = layout.intervals
        groups = layout.groups
        self._busy_by_end = np.zeros((groups, intervals))  # cumulative at each interval's end
        self._duty_by_end = np.zeros((groups, intervals))
        for k in range(intervals):
            if k:
                yield self.env.timeout(k * layout.interval_seconds - self.env.now)
                self._close_interval(k - 1)
            if layout.staffing is not None:
                for group in range(groups):
                    self._staff(group, int(layout.staffing[group, k]))
            if self.worked is not None:
                self._wake_idle()
        yield self.env.timeout(intervals * layout.interval_seconds - self.env.now)
        self._close_interval(intervals - 1)

    def _wake_idle(self) -> None:
        """Idle agents look again for work (deferred work may have just become workable)."""
        for idle in self.router.idle:
            for agent in list(idle):
                if agent.load == 0 and agent.state is State.ready and agent in idle:
                    idle.remove(agent)
                    self._take_work(agent)

    def _close_interval(self, k: int) -> None:
        for group in range(self.layout.groups):
            self._account(group)
            self._busy_by_end[group, k] = self._busy_total[group]
            self._duty_by_end[group, k] = self._duty_total[group]

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
                    self._leave(idle[-1])  # the most recently idle goes first
                else:
                    self.to_leave[group] += 1

    # --- result ------------------------------------------------------------------------------

    def result(self) -> Replication:
        """Return the outcomes once the run is over."""
        arrival = np.asarray(self.arrival)
        answered_at = np.asarray(self.answered_at, dtype=float)
        outcome = np.where(np.isnan(answered_at), Outcome.unserved, Outcome.answered)
        wait = answered_at - arrival
        left = self.router.close()
        lapsed = np.asarray(self.router.abandoned, dtype=np.int64)
        outcome[lapsed] = Outcome.abandoned
        deadline = np.asarray(self.deadline)
        wait[lapsed] = deadline[lapsed] - arrival[lapsed]
        outcome[np.asarray(self.dropped, dtype=np.int64)] = Outcome.dropped
        if self.log is not None:
            self.log.extend((float(deadline[c]), "abandon", int(c), -1) for c in lapsed)
            self.log.sort(key=lambda row: row[0])
        wait[np.asarray(left, dtype=np.int64)] = np.nan
        busy = np.diff(self._busy_by_end, axis=1, prepend=0.0)
        duty = np.diff(self._duty_by_end, axis=1, prepend=0.0)
        return Replication(
            outcomes=Outcomes(
                outcome.astype(np.int8),
                wait,
                np.asarray(self.answered_by),
                np.asarray(self.finished_at, dtype=float) - arrival,
            ),
            busy_seconds=busy,
            duty_seconds=duty,
            log=self.log,
        )


def run_replication(
    layout: CentreLayout, contacts: Contacts, *, trace: bool = False
) -> Replication:
    """Return the outcomes of simulating the given contacts through the centre."""
    env = simpy.Environment()
    centre = Centre(env, layout, contacts, trace)
    env.process(centre.boundaries())
    for group, login, logout, breaks in layout.shifts:
        env.process(centre.shift(group, login, logout, breaks))
    for loss in layout.losses:
        env.process(centre.site_loss(loss))
    env.process(centre.arrivals())
    env.run()
    return centre.result()
