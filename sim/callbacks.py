"""Call-backs in a replication: an arriving voice caller who finds no agent free and faces a
long expected wait is offered a call-back; one who accepts leaves the live queue and waits,
patience no longer running, in the queue's call-back lane, which agents work after every live
contact (ranked with deferred work), first come, first served.

The expected wait is (W + 1) x h / n (see `scenarios.contingency.Callback`). Whether an offered
caller accepts is decided by one uniform per contact from the levers' own stream
(`Purpose.levers`), drawn for every contact whether offered or not, so two lever settings (two
thresholds, say) see the same customers make the same choices (common random numbers).
Contacts a journey makes during the run (repeats, retries) are not offered a call-back.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from scenarios import Scenario
from sim.streams import Purpose, stream
from sim.watch import Watch, watched_service

if TYPE_CHECKING:
    from sim.engine import Centre

Process = Generator[simpy.Event, Any, None]


@dataclass(frozen=True)
class CallbackRule:
    """A queue's call-back lever laid out for the engine."""

    queue: int
    name: str  # the queue's name, for the usage row
    threshold_seconds: float
    accept: float
    promise_seconds: float
    cost: float  # per call-back accepted
    mean_handle_seconds: float
    groups: tuple[int, ...]  # the groups with the queue's skill
    spans: tuple[tuple[float, float], ...]  # when a planned trigger holds
    always: bool  # no trigger: offered whenever the expected wait is long
    watch: Watch | None  # a service level watched at interval boundaries
    seed: int
    replication: int


def callback_rules(
    scenario: Scenario,
    seed: int,
    replication: int,
    spans: tuple[tuple[float, float], ...],
    watch: Watch | None,
) -> tuple[CallbackRule, ...]:
    """Return one call-back rule per queue the scenario's call-back lever covers."""
    levers = scenario.contingency
    if levers is None or levers.callback is None:
        return ()
    callback = levers.callback
    queues, groups = list(scenario.queues), list(scenario.agent_groups.values())
    rules = []
    for name in callback.queues:
        spec = scenario.queues[name]
        rules.append(
            CallbackRule(
                queue=queues.index(name),
                name=name,
                threshold_seconds=callback.threshold_seconds,
                accept=callback.accept,
                promise_seconds=60.0 * callback.promise_minutes,
                cost=callback.cost,
                mean_handle_seconds=spec.handle_time.mean_seconds,
                groups=tuple(g for g, group in enumerate(groups) if spec.skill in group.skills),
                spans=spans,
                always=callback.trigger is None,
                watch=watch,
                seed=seed,
                replication=replication,
            )
        )
    return tuple(rules)


class CallbackDesk:
    """The call-back rules of a run, the customers' choices and what was offered and taken."""

    def __init__(
        self, rules: tuple[CallbackRule, ...], lanes: dict[int, tuple[int, ...]], n: int
    ) -> None:
        first = rules[0]
        self.rules = {rule.queue: rule for rule in rules}
        self.live_lanes = lanes  # per queue with a rule: its live lanes (one per tier)
        self.lane: dict[int, int] = {}  # per queue with a rule: its call-back lane (the centre)
        self._choice = stream(first.seed, first.replication, Purpose.levers, "callback").random(n)
        self._later = stream(first.seed, first.replication, Purpose.levers, "callback:later")
        self._on = dict.fromkeys(self.rules, False)  # a watched trigger holding now
        self.offered: dict[int, list[float]] = {q: [] for q in self.rules}
        self.accepted: dict[int, list[int]] = {q: [] for q in self.rules}

    def start(self, env: simpy.Environment, centre: Centre) -> None:
        """Start the processes that watch the service levels the rules' triggers look at."""
        for rule in self.rules.values():
            if rule.watch is not None:
                env.process(self._watching(centre, rule))

    def _watching(self, centre: Centre, rule: CallbackRule) -> Process:
        assert rule.watch is not None
        env, step = centre.env, centre.layout.interval_seconds
        end = centre.layout.intervals * step
        while env.now + step <= end:
            yield env.timeout(step - env.now % step)
            self._on[rule.queue] = watched_service(centre, rule.watch) < rule.watch.level

    def _holds(self, rule: CallbackRule, now: float) -> bool:
        if rule.always:
            return True
        if rule.watch is not None:
            return self._on[rule.queue]
        return any(start <= now < end for start, end in rule.spans)

    def expected_wait(self, centre: Centre, rule: CallbackRule) -> float:
        """Return the wait an arriving caller of the rule's queue can expect, in seconds:
        (W + 1) x mean handle time / agents ready in the skilled groups."""
        agents = sum(centre.on_duty[g] for g in rule.groups)
        if agents == 0:
            return math.inf
        now, deadline, waiting = centre.env.now, centre.deadline, centre.router.waiting
        # the router drops callers whose patience ran out only when they reach the head
        ahead = sum(
            1 for lane in self.live_lanes[rule.queue] for c in waiting[lane] if deadline[c] >= now
        )
        return (ahead + 1) * rule.mean_handle_seconds / agents

    def takes(self, centre: Centre, contact: int) -> bool:
        """Return whether a caller who must wait is offered a call-back and accepts it (then
        filed in its queue's call-back lane, no longer abandoning)."""
        queue = centre.queue[contact]
        rule = self.rules.get(queue)
        now = centre.env.now
        if rule is None or not self._holds(rule, now):
            return False
        if self.expected_wait(centre, rule) <= rule.threshold_seconds:
            return False
        self.offered[queue].append(now)
        u = self._choice[contact] if contact < len(self._choice) else self._later.random()
        if u >= rule.accept:
            return False
        self.accepted[queue].append(contact)
        centre.deadline[contact] = math.inf
        centre.router.waiting[self.lane[queue]].append(contact)
        centre._note("callback", contact, -1)
        return True

    def rows(self, centre: Centre) -> list[dict]:
        """Return one usage row per rule: call-backs offered, accepted, called back within the
        promise, and their cost."""
        rows = []
        for queue, rule in self.rules.items():
            offered, accepted = self.offered[queue], self.accepted[queue]
            waits = np.array(
                [centre.answered_at[c] - centre.arrival[c] for c in accepted], dtype=float
            )
            kept = int(np.sum(waits <= rule.promise_seconds))  # nan (never called) is not kept
            rows.append(
                dict(
                    lever=f"callback:{rule.name}",
                    group="",
                    fired_at=offered[0] if offered else np.nan,
                    start=offered[0] if offered else np.nan,
                    end=offered[-1] if offered else np.nan,
                    agents=0,
                    agent_hours=0.0,
                    moved=len(accepted),
                    cost=len(accepted) * rule.cost,
                    offered=len(offered),
                    accepted=len(accepted),
                    within_promise=kept,
                )
            )
        return rows
