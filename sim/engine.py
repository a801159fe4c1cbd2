"""One replication of the centre as a SimPy model: contacts arrive, are routed, served, finish.

Events are kept few: a contact's arrival is no event (the drawn contacts are called in from
their sorted stream, `sim.calls.ArrivalStream`) and, if answered, it costs one completion
callback; abandonment costs no event (see `sim.routing`), except for a waiting customer who
would retry, whose deadline is watched. Agents coming and going (shifts, breaks, site loss,
count staffing) are `sim.duty`'s part of the centre; contacts made during the run
(escalations, repeats, retries) are `sim.followups`'.
"""

from __future__ import annotations

from array import array

import numpy as np
import simpy

from sim.agents import Agent, Due
from sim.busy import busy_up_to, per_interval
from sim.callbacks import CallbackDesk, CallbackRule
from sim.calls import NORMAL, ArrivalStream, Call, Callbacks, scheduler
from sim.contacts import Contacts, Outcome, Outcomes
from sim.duty import Duty
from sim.followups import BY_GROUP, BY_RULES, RESOLVED, SETTLED, FollowUps, FollowUpSteps
from sim.layout import CHAT, DEFERRED, VOICE, CentreLayout, Replication
from sim.levers import start_levers
from sim.routing import Router

BUSY_PART = 1 << 16  # contacts whose busy time is counted at a time: a few MB of arrays


def _doubles(values: np.ndarray) -> array[float]:
    """Return the values as a flat array of doubles (appendable, read as Python floats)."""
    doubles = array("d")
    doubles.frombytes(np.ascontiguousarray(values, dtype=float).tobytes())
    return doubles


def _levels(keys: dict[int, tuple]) -> list[list[int]]:
    """Return the items grouped by equal key, best (smallest) key first."""
    return [[i for i, k in keys.items() if k == rank] for rank in sorted(set(keys.values()))]


class Centre(Duty, FollowUpSteps):
    """The state of the centre while one replication runs: contacts, routing, bookkeeping."""

    def __init__(
        self,
        env: simpy.Environment,
        layout: CentreLayout,
        contacts: Contacts,
        trace: bool,
        followups: FollowUps | None = None,
    ) -> None:
        self.env = env
        self.schedule = scheduler(env)
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
        # routing works on lanes: one per tier of each queue (one per queue without tiers)
        tiers = layout.tier_priority or ((1,),) * queues
        lane_queue = [q for q in range(queues) for _ in tiers[q]]
        lane_priority = [p for q in range(queues) for p in tiers[q]]
        self.first_lane = np.cumsum([0, *(len(t) for t in tiers)])[:-1].tolist()
        lanes = len(lane_queue) != queues  # tiers: contacts map to lanes
        rules = tuple(lever for lever in layout.levers if isinstance(lever, CallbackRule))
        self.desk: CallbackDesk | None = None
        if rules:
            live = {
                r.queue: tuple(i for i, q in enumerate(lane_queue) if q == r.queue) for r in rules
            }
            self.desk = CallbackDesk(rules, live, len(contacts))
            for rule in rules:  # a call-back lane per queue, worked after every live lane
                self.desk.lane[rule.queue] = len(lane_queue)
                lane_queue.append(rule.queue)
                lane_priority.append(max(tiers[rule.queue]))
        callback_lanes = set(self.desk.lane.values()) if self.desk is not None else set()
        queue_levels = [
            _levels(
                {
                    lane: (
                        kind[q] == DEFERRED or lane in callback_lanes,
                        lane_priority[lane],
                        int(rank[g, q]),
                        layout.priority[q],
                    )
                    for lane, q in enumerate(lane_queue)
                    if skilled[g, q]
                }
            )
            for g in range(groups)
        ]
        by_queue = [
            _levels({g: (int(rank[g, q]),) for g in range(groups) if skilled[g, q]})
            for q in range(queues)
        ]
        self.worked = None if layout.worked is None else layout.worked.tolist()
        # per queue: worked at every hour (all but deferred work with working hours)
        self.always_worked = [self.worked is None or k != DEFERRED for k in kind]
        # per contact: flat arrays of doubles (8 bytes a contact, where a list of Python floats
        # takes 32): a long horizon holds millions of contacts
        self.arrival = _doubles(contacts.arrival)
        self.queue = contacts.queue.tolist()
        self.handle = _doubles(contacts.handle_seconds)
        self.deadline = _doubles(contacts.arrival + contacts.patience_seconds)
        self.n_drawn = len(contacts)
        self._lane_queue = lane_queue
        self.lane = self.queue
        if lanes:
            tier = contacts.tier if contacts.tier is not None else np.zeros(len(contacts), np.int64)
            self.lane = (np.asarray(self.first_lane)[contacts.queue] + tier).tolist()
        self.followups = followups
        is_open = self._is_lane_worked if lanes or rules else self._is_worked
        self.router = Router(
            [by_queue[q] for q in lane_queue],
            queue_levels,
            [[row[q] for q in lane_queue] for row in self.load],
            [kind[q] == CHAT for q in lane_queue],
            self.deadline,
            None if all(self.always_worked) else is_open,
            order=self.arrival if followups is not None else None,
        )
        self.multiplier = layout.multiplier.tolist()
        n = len(contacts)
        self.answered_at = _doubles(np.full(n, np.nan))
        self.finished_at = _doubles(np.full(n, np.nan))
        self.answered_by = [-1] * n
        self.dropped: list[int] = []
        self.dropped_at: list[float] = []  # when each dropped contact left its agent
        self.agents: list[Agent] = []
        self.members: list[list[Agent]] = [[] for _ in range(groups)]
        self.to_leave = [0] * groups  # count staffing: agents to let go as they free up
        self.extra = [0] * groups  # count staffing: agents added by levers (sim.levers)
        self.on_duty = [0] * groups
        self._duty_total = [0.0] * groups
        self._since = [0.0] * groups
        self.log: list[tuple[float, str, int, int]] | None = [] if trace else None
        self.tracing = trace  # tested before noting, on the paths every contact takes
        self.retrying: bytes | None = None  # with follow-ups: see `_start_steps`
        if followups is not None:
            self._start_steps(contacts)
        # the callbacks of every end of handling: one list, shared
        self._finishing: Callbacks = [self._finish]

    # --- bookkeeping -------------------------------------------------------------------------

    def _account(self, group: int) -> None:
        """Bring a group's agent-seconds on duty up to now (before its headcount changes)."""
        now = self.env.now
        self._duty_total[group] += self.on_duty[group] * (now - self._since[group])
        self._since[group] = now

    def _note(self, event: str, contact: int, agent: int) -> None:
        if self.log is not None:
            self.log.append((self.env.now, event, contact, agent))

    def _is_worked(self, queue: int) -> bool:
        if self.worked is None or self.kind[queue] != DEFERRED:
            return True
        k = min(int(self.env.now // self.layout.interval_seconds), len(self.worked[queue]) - 1)
        return self.worked[queue][k]

    def _is_lane_worked(self, lane: int) -> bool:
        queue = self._lane_queue[lane]
        if self.worked is None or self.kind[queue] != DEFERRED:
            return True
        k = min(int(self.env.now // self.layout.interval_seconds), len(self.worked[queue]) - 1)
        return self.worked[queue][k]

    def _close_interval(self, k: int) -> None:
        for group in range(self.layout.groups):
            self._account(group)
            self._duty_by_end[group, k] = self._duty_total[group]

    # --- contacts ----------------------------------------------------------------------------

    def arrivals(self, stream: ArrivalStream):
        """Process: at the run's start, takes the first drawn contact's place in the order of
        events; `stream` calls each contact in at its time (see `sim.calls.ArrivalStream`)."""
        stream.start()
        yield from ()

    def _arrive(self, contact: int, now: float) -> None:
        if self.tracing:
            self._note("arrive", contact, -1)
        router, lane = self.router, self.lane[contact]
        q = self.queue[contact]
        agent = router.agent_for(lane) if self.always_worked[q] or self._is_worked(q) else None
        if agent is None:
            # with call-backs, a caller who must wait may be offered one and leave the queue
            if self.desk is None or not self.desk.takes(self, contact):
                router.waiting[lane].append(contact)
                if self.retrying is not None and self.retrying[contact]:
                    self._watch_deadline(contact, now)
        else:
            self._serve(agent, contact, now)
            if agent.chats:  # only a chat agent may have room left, or be filed as partly loaded
                router.refile(agent)

    def _serve(self, agent: Agent, contact: int, now: float) -> None:
        group, q = agent.group, self.queue[contact]
        agent.load += self.load[group][q]
        agent.in_hand[contact] = None
        work = self.handle[contact] * self.multiplier[group][q]
        if self.kind[q] == CHAT:
            agent.chats += 1
            work *= 1.0 + self.slowdown[q] * (agent.chats - 1)
        self.answered_at[contact] = now
        self.answered_by[contact] = group
        if self.tracing:
            self._note("answer", contact, agent.id)
        self.schedule(Call(self._finishing, (agent, contact)), NORMAL, work)

    def _finish(self, event: Call) -> None:
        agent, contact = event.value
        if contact not in agent.in_hand:
            return  # dropped earlier, when the agent's site was lost
        now = self.env.now
        self._release(agent, contact)
        self.finished_at[contact] = now
        if self.tracing:
            self._note("finish", contact, agent.id)
        if self.followups is not None:  # inline: once per finished contact
            settled = self.settled[contact]
            if settled == BY_GROUP:
                low, high = self.resolving[self.queue[contact]][agent.group]
                settled = SETTLED if low <= self.outcome_u[contact] < high else BY_RULES
            if settled:
                self.fate[contact] = RESOLVED  # the usual case: resolved, nothing follows
            else:
                fate, child = self.followups.on_finish(
                    self.queue[contact],
                    agent.group,
                    self.customer[contact],
                    self.step[contact],
                    now,
                )
                self.fate[contact] = fate
                if child is not None:
                    self._spawn(child, contact, now)
        self._after_work(agent, now)

    def _release(self, agent: Agent, contact: int) -> None:
        q = self.queue[contact]
        del agent.in_hand[contact]
        if agent.in_hand:
            agent.load = max(agent.load - self.load[agent.group][q], 0.0)
        else:
            agent.load = 0.0
        if self.kind[q] == CHAT:
            agent.chats -= 1
            self.router.partial[agent.group].pop(agent, None)

    def _after_work(self, agent: Agent, now: float) -> None:
        """An agent with room: steps away if due to, else takes more work or waits for it."""
        # it held the contact just finished, so it is not among the idle; only an agent holding
        # chats may be among the partly loaded (`_release` took out one that just ended its last)
        if agent.chats:
            self.router.partial[agent.group].pop(agent, None)
        if agent.load == 0:
            agent.idle_since = now
            if agent.due is not Due.nothing:
                self._step_away(agent)
                return
            if self.to_leave[agent.group]:
                self.to_leave[agent.group] -= 1
                self._leave(agent)
                return
            if self.router.rests(agent):  # nothing waits that it could take: the usual case
                return
        elif agent.due is not Due.nothing:
            return  # winding down: takes nothing new
        self._take_work(agent, now)

    def _take_work(self, agent: Agent, now: float) -> None:
        while True:
            contact = self.router.contact_for(agent, now)
            if contact is None:
                break
            self._serve(agent, contact, now)
            if agent.load + 1e-9 >= 1.0:
                break
        self.router.park(agent)

    # --- agents on and off duty --------------------------------------------------------------

    def result(self) -> Replication:
        """Return the outcomes once the run is over."""
        # the callback lists hold bound methods of the centre: a cycle that would keep every
        # per-contact list alive until the garbage collector runs
        self._finishing = self._lapsing = self._child_arriving = []
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
        duty = np.diff(self._duty_by_end, axis=1, prepend=0.0)
        queue = np.asarray(self.queue, dtype=np.int64)  # once, for busy time and journeys
        return Replication(
            outcomes=Outcomes(
                outcome.astype(np.int8),
                wait,
                np.asarray(self.answered_by),
                np.asarray(self.finished_at, dtype=float) - arrival,
            ),
            busy_seconds=self._busy_seconds(queue),
            duty_seconds=duty,
            log=self.log,
            steps=self.steps(queue) if self.followups is not None else None,
        )

    def _busy_seconds(self, queues: np.ndarray) -> np.ndarray:
        """Return each group's busy agent-seconds per interval, from the contacts answered."""
        layout, loads = self.layout, np.asarray(self.load)
        dropped = np.asarray(self.dropped, dtype=np.int64)
        dropped_at = np.asarray(self.dropped_at, dtype=float)
        up_to = np.zeros((layout.groups, layout.intervals))
        # a part of the contacts at a time: a long run holds millions of them
        for first in range(0, len(self.answered_by), BUSY_PART):
            part = slice(first, first + BUSY_PART)
            group = np.asarray(self.answered_by[part], dtype=np.int64)  # typed: may be empty
            taken = group >= 0
            end = np.array(self.finished_at[part], dtype=float)
            here = (dropped >= first) & (dropped < first + len(end))
            end[dropped[here] - first] = dropped_at[here]  # left with their agent's site
            end[np.isnan(end)] = np.inf  # still in hand when the run ended
            group = group[taken]
            queue = queues[part][taken]
            up_to += busy_up_to(
                np.asarray(self.answered_at[part], dtype=float)[taken], end[taken],
                loads[group, queue], group, layout.groups, layout.interval_seconds,
                layout.intervals,
            )  # fmt: skip
        return per_interval(up_to)


def run_replication(
    layout: CentreLayout,
    contacts: Contacts,
    *,
    trace: bool = False,
    followups: FollowUps | None = None,
) -> Replication:
    """Return the outcomes of simulating the given contacts through the centre (and of the
    contacts they bring, when follow-ups are given)."""
    env = simpy.Environment()
    centre = Centre(env, layout, contacts, trace, followups)
    env.process(centre.boundaries())
    for group, login, logout, breaks in layout.shifts:
        env.process(centre.shift(group, login, logout, breaks))
    for loss in layout.losses:
        env.process(centre.site_loss(loss))
    stream = ArrivalStream(env, centre.arrival, centre.n_drawn, centre._arrive)
    env.process(centre.arrivals(stream))
    used = start_levers(env, centre, layout.levers) if layout.levers else None
    if centre.desk is not None:
        centre.desk.start(env, centre)
    stream.run()
    result = centre.result()
    if centre.desk is not None and used is not None:
        used.extend(centre.desk.rows(centre))
    result.levers = used
    return result
