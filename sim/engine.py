"""One replication of the centre as a SimPy model: arrivals, agents on duty, service.

Events are kept few: a contact costs one arrival step and, if answered, one completion
callback; abandonment costs no event (see `sim.routing`); staffing changes and occupancy
bookkeeping happen once per interval boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.contacts import Contacts, Outcome, Outcomes
from sim.routing import Router


@dataclass(frozen=True)
class CentreLayout:
    """What the engine needs of a scenario, as plain indexed arrays."""

    interval_seconds: float
    staffing: np.ndarray  # agents on duty, shape (groups, intervals)
    multiplier: np.ndarray  # handle-time multiplier, shape (groups, queues); nan = not skilled
    skill_rank: np.ndarray  # the group's priority for the queue's skill, shape (groups, queues)
    priority: tuple[int, ...]  # per queue; lower is served first


@dataclass
class Replication:
    """What one replication produced: contact outcomes, group busy/on-duty seconds, a log."""

    outcomes: Outcomes
    busy_seconds: np.ndarray  # shape (groups, intervals)
    duty_seconds: np.ndarray  # agent-seconds on duty, shape (groups, intervals)
    log: list[tuple[float, str, int, int]] | None = field(default=None)


class Centre:
    """The state of the centre while one replication runs."""

    def __init__(
        self, env: simpy.Environment, layout: CentreLayout, contacts: Contacts, trace: bool
    ) -> None:
        self.env = env
        self.layout = layout
        groups, queues = layout.multiplier.shape
        skilled = ~np.isnan(layout.multiplier)
        rank = layout.skill_rank
        queue_levels = []
        for g in range(groups):
            mine = [q for q in range(queues) if skilled[g, q]]
            ranks = sorted({(rank[g, q], layout.priority[q]) for q in mine})
            queue_levels.append(
                [[q for q in mine if (rank[g, q], layout.priority[q]) == r] for r in ranks]
            )
        group_levels = []
        for q in range(queues):
            theirs = [g for g in range(groups) if skilled[g, q]]
            ranks = sorted({rank[g, q] for g in theirs})
            group_levels.append([[g for g in theirs if rank[g, q] == r] for r in ranks])
        self.arrival = contacts.arrival.tolist()
        self.queue = contacts.queue.tolist()
        self.handle = contacts.handle_seconds.tolist()
        self.deadline = (contacts.arrival + contacts.patience_seconds).tolist()
        self.router = Router(group_levels, queue_levels, self.deadline)
        self.multiplier = layout.multiplier.tolist()
        n = len(contacts)
        self.answered_at = [np.nan] * n
        self.answered_by = [-1] * n
        self.agent_group: list[int] = []
        self.on_duty = [0] * groups
        self.to_leave = [0] * groups
        self.busy = [0] * groups
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

    # --- contacts ----------------------------------------------------------------------------

    def arrivals(self):
        """Process: contacts arrive at their drawn times and are routed."""
        env, router, queue = self.env, self.router, self.queue
        for contact, time in enumerate(self.arrival):
            yield env.timeout(time - env.now)
            self._note("arrive", contact, -1)
            match = router.idle_agent_for(queue[contact])
            if match is None:
                router.waiting[queue[contact]].append(contact)
            else:
                self._serve(match[0], match[1], contact)

    def _serve(self, group: int, agent: int, contact: int) -> None:
        self._account(group)
        self.busy[group] += 1
        self.answered_at[contact] = self.env.now
        self.answered_by[contact] = group
        self._note("answer", contact, agent)
        work = self.handle[contact] * self.multiplier[group][self.queue[contact]]
        done = self.env.timeout(work, value=(agent, contact))
        done.callbacks.append(self._finish)

    def _finish(self, event: simpy.Event) -> None:
        agent, contact = event.value
        group = self.agent_group[agent]
        self._note("finish", contact, agent)
        self._account(group)
        self.busy[group] -= 1
        self._free(group, agent)

    def _free(self, group: int, agent: int) -> None:
        """An agent with empty hands leaves if due to, else takes work or waits for it."""
        if self.to_leave[group]:
            self.to_leave[group] -= 1
            self.on_duty[group] -= 1
            self._note("logout", -1, agent)
            return
        contact = self.router.next_contact_for(group, self.env.now)
        if contact is None:
            self.router.idle[group].append((self.env.now, agent))
        else:
            self._serve(group, agent, contact)

    # --- staffing ----------------------------------------------------------------------------

    def shifts(self):
        """Process: at each interval boundary, bring each group to that interval's staffing."""
        staffing = self.layout.staffing
        groups, intervals = staffing.shape
        self._busy_by_end = np.zeros((groups, intervals))  # cumulative at each interval's end
        self._duty_by_end = np.zeros((groups, intervals))
        for k in range(intervals):
            if k:
                yield self.env.timeout(k * self.layout.interval_seconds - self.env.now)
                self._close_interval(k - 1)
            for group in range(groups):
                self._staff(group, int(staffing[group, k]))
        yield self.env.timeout(intervals * self.layout.interval_seconds - self.env.now)
        self._close_interval(intervals - 1)

    def _close_interval(self, k: int) -> None:
        for group in range(len(self.on_duty)):
            self._account(group)
            self._busy_by_end[group, k] = self._busy_total[group]
            self._duty_by_end[group, k] = self._duty_total[group]

    def _staff(self, group: int, target: int) -> None:
        staying = self.on_duty[group] - self.to_leave[group]
        if target > staying:
            cancelled = min(self.to_leave[group], target - staying)
            self.to_leave[group] -= cancelled
            self._account(group)
            for _ in range(target - staying - cancelled):
                agent = len(self.agent_group)
                self.agent_group.append(group)
                self.on_duty[group] += 1
                self._note("login", -1, agent)
                self._free(group, agent)
        elif target < staying:
            self._account(group)
            idle = self.router.idle[group]
            for _ in range(staying - target):
                if idle:
                    self.on_duty[group] -= 1
                    self._note("logout", -1, idle.pop()[1])
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
        if self.log is not None:
            self.log.extend((float(deadline[c]), "abandon", int(c), -1) for c in lapsed)
            self.log.sort(key=lambda row: row[0])
        wait[np.asarray(left, dtype=np.int64)] = np.nan
        busy = np.diff(self._busy_by_end, axis=1, prepend=0.0)
        duty = np.diff(self._duty_by_end, axis=1, prepend=0.0)
        return Replication(
            outcomes=Outcomes(outcome.astype(np.int8), wait, np.asarray(self.answered_by)),
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
    env.process(centre.shifts())
    env.process(centre.arrivals())
    env.run()
    return centre.result()
