"""Contacts that contacts bring during a run: escalations, repeats and retries after abandoning.

One mechanism makes them all: on a contact's finish or abandonment, with a probability, after
a delay, a new contact of the same customer arrives at a queue (`FollowUp`). A finished
contact is escalated (share `e`), resolved (share `r`, by agent group) or left unresolved
(the rest); one uniform decides which. An unresolved customer repeats with the repeat's share;
an abandoning one retries with the retry's share.

Every draw comes from the follow-up streams, never from the arrival or handle-time ones, and
is tied to the customer and the step of the journey rather than to the order in which events
happen: the customer's k-th contact uses the k-th block of uniforms drawn for that customer
before the run. So two staffings simulated with one seed give the same customer the same luck
(common random numbers), while a faster centre may let it happen at other times. Journeys
longer than the blocks draw from a second stream, in event order.

A follow-up that would arrive after the horizon is never made (the customer stays
unresolved); one that would reach a live channel while it is closed arrives when it opens.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import NamedTuple

import numpy as np
import simpy

from scenarios import Scenario
from scenarios.durations import Duration
from scenarios.grid import arrival_intervals
from scenarios.volumes import surged
from sim.agents import Agent
from sim.calls import NORMAL, Call, Callbacks
from sim.contacts import Contacts, Origin
from sim.deflection import tier_translation
from sim.durations import quantile_function
from sim.routing import Router
from sim.streams import Purpose, stream

# steps of a journey drawn in blocks before the run; longer journeys are rare
STEPS = 4
# uniforms per step: outcome, follow-up or not, delay, handle time, patience
DRAWS = 5


class Fate(IntEnum):
    """What an agent's finished contact came to (unfinished contacts stay `open`)."""

    open = 0
    resolved = 1
    escalated = 2
    unresolved = 3


# the codes as plain ints, for the engine's per-contact bookkeeping
OPEN, RESOLVED, ESCALATED, UNRESOLVED = (int(fate) for fate in Fate)
# how a contact's finish is settled before the run: by the follow-up rules when it finishes,
# resolved at once whichever group answers it, or depending on the group (falsy: the rules)
BY_RULES, SETTLED, BY_GROUP = 0, 1, 2


@dataclass(frozen=True)
class FollowUp:
    """On finish or abandonment: with probability `share`, after `delay`, a contact at `queue`."""

    share: float
    delay: Duration | None  # None: at once
    queue: int
    origin: Origin
    # the delay at a uniform, its constants worked out once (`sim.durations`); None: at once
    wait: Callable[[float], float] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wait = None if self.delay is None else quantile_function(self.delay)
        object.__setattr__(self, "wait", wait)  # frozen: set once, here


class Child(NamedTuple):
    """A follow-up contact to create: when, where, how long it takes, how patient it is."""

    # a named tuple: one is made for every follow-up, cheaper than a frozen dataclass
    arrival: float
    queue: int
    handle_seconds: float
    patience_seconds: float
    origin: Origin


class FollowUps:
    """The follow-up rules of a scenario's queues and the draws that apply them."""

    def __init__(self, scenario: Scenario, seed: int, replication: int, customers: int) -> None:
        names = list(scenario.queues)
        groups = list(scenario.agent_groups)
        horizon = scenario.horizon
        self.interval = horizon.interval_seconds
        self.end = horizon.n_intervals * horizon.interval_seconds
        self.escalate: list[FollowUp | None] = []
        self.repeat: list[FollowUp | None] = []
        self.retry: list[FollowUp | None] = []
        self.escalated_share: list[float] = []
        # per queue and group: the share resolved at the contact (1 without a resolution)
        self.resolved_share: list[list[float]] = []
        self.handle: list[Duration] = []
        self.patience: list[Duration | None] = []
        # per queue and interval, as lists: read once per follow-up, where a numpy item costs
        # more than the arithmetic around it
        self.stretch: list[list[float]] = []
        self.opens_at: list[list[float]] = []
        for name, queue in scenario.queues.items():
            escalation = queue.escalation
            self.escalate.append(
                FollowUp(1.0, escalation.delay, names.index(escalation.to), Origin.escalated)
                if escalation is not None
                else None
            )
            self.escalated_share.append(escalation.share if escalation is not None else 0.0)
            repeat = queue.repeat
            self.repeat.append(
                FollowUp(
                    repeat.share, repeat.delay, names.index(repeat.to or name), Origin.repeated
                )
                if repeat is not None
                else None
            )
            retry = queue.retry
            self.retry.append(
                FollowUp(retry.share, retry.delay, names.index(name), Origin.recalled)
                if retry is not None
                else None
            )
            resolution = queue.resolution
            self.resolved_share.append(
                [resolution.for_group(g) if resolution is not None else 1.0 for g in groups]
            )
            self.handle.append(queue.handle_time)
            self.patience.append(queue.patience)
            self.stretch.append(
                surged(
                    scenario, name, np.ones(horizon.n_intervals), "handle_time_multiplier"
                ).tolist()
            )
            self.opens_at.append(
                _opens_at(
                    arrival_intervals(scenario.channels[queue.channel], horizon), self.interval
                ).tolist()
            )
        self.block = stream(seed, replication, Purpose.followups, "journeys").random(
            (customers, STEPS, DRAWS)
        )
        self._beyond = stream(seed, replication, Purpose.followups, "beyond")
        # the block as one flat view of doubles: an item read as a Python float without the
        # argument parsing of ndarray.item (a third of the cost of a follow-up's draws)
        self._flat = memoryview(self.block.reshape(-1))
        self._resolved_below = [
            [escalated + resolved for resolved in by_group]
            for escalated, by_group in zip(self.escalated_share, self.resolved_share, strict=True)
        ]
        # per queue and group: the uniforms [low, high) that resolve a contact at once
        self.resolving: list[list[tuple[float, float]]] = [
            [(escalated, below) for below in by_group]
            for escalated, by_group in zip(self.escalated_share, self._resolved_below, strict=True)
        ]
        self._handle_at = [quantile_function(duration) for duration in self.handle]
        self._patience_at = [
            None if duration is None else quantile_function(duration) for duration in self.patience
        ]
        self._tiers = tier_translation(scenario)

    def tier_at(self, queue: int, tier: int, to: int) -> int:
        """Return the tier index at queue `to` of a customer of tier `tier` at `queue`."""
        return self._tiers[queue][tier][to]

    def first_retries(self, queue: np.ndarray, customer: np.ndarray) -> bytes:
        """Return, per contact that starts a customer's journey, whether its customer would
        retry after abandoning it (`retries` at step 0, for all of them at once), as bytes
        of 0 or 1: no list for the garbage collector to go through."""
        # a queue without a retry rule gets a share of 0, which no uniform in [0, 1) is below
        share = np.array([0.0 if rule is None else rule.share for rule in self.retry])
        return (self.block[customer, 0, 1] < share[queue]).tobytes()

    def first_outcomes(self, customer: np.ndarray) -> np.ndarray:
        """Return, per contact that starts a customer's journey, the uniform that decides what
        its finish comes to (`on_finish` at step 0, for all of them at once)."""
        return self.block[customer, 0, 0]

    def first_settled(self, queue: np.ndarray, outcome: np.ndarray) -> bytearray:
        """Return, per contact that starts a customer's journey, given its outcome uniform,
        how its finish is settled: SETTLED if resolved at once whichever group answers,
        BY_GROUP if that depends on the group (`resolving`), BY_RULES if the rules decide
        (it is escalated or left unresolved whichever group answers)."""
        low = np.array(self.escalated_share)[queue]
        high = np.array([[high for _, high in row] for row in self.resolving])
        at_once = (low <= outcome) & (outcome < high.min(axis=1)[queue])
        maybe = (low <= outcome) & (outcome < high.max(axis=1)[queue])
        codes = np.where(at_once, SETTLED, np.where(maybe, BY_GROUP, BY_RULES))
        return bytearray(codes.astype(np.int8))

    def outcome_uniform(self, customer: int, step: int) -> float:
        """Return the uniform that decides what a follow-up's finish comes to, where it is
        known before the run (-1.0, below every share: drawn when it finishes, in event order)."""
        return self._flat[(customer * STEPS + step) * DRAWS] if step < STEPS else -1.0

    def retries(self, queue: int, customer: int, step: int) -> bool:
        """Return whether the customer would retry after abandoning this contact (so that
        its deadline must be watched); a customer who would not is left to lapse unwatched."""
        rule = self.retry[queue]
        if rule is None:
            return False
        return self._uniform(customer, step, 1) < rule.share

    def _uniform(self, customer: int, step: int, draw: int) -> float:
        if step < STEPS:
            return self._flat[(customer * STEPS + step) * DRAWS + draw]
        return float(self._beyond.random())

    def on_finish(
        self, queue: int, group: int, customer: int, step: int, now: float
    ) -> tuple[int, Child | None]:
        """Return what an agent's finished contact came to (a `Fate` code), and the contact it
        brings, if any."""
        # the engine settles the usual case, resolved at once (`resolving`), without calling
        u = self._uniform(customer, step, 0)
        if u < self.escalated_share[queue]:
            rule = self.escalate[queue]
            return ESCALATED, self._child(rule, customer, step, now) if rule else None
        if u < self._resolved_below[queue][group]:
            return RESOLVED, None
        rule = self.repeat[queue]
        if rule is None:
            return UNRESOLVED, None
        if self._uniform(customer, step, 1) >= rule.share:
            return UNRESOLVED, None
        return UNRESOLVED, self._child(rule, customer, step, now)

    def on_abandon(self, queue: int, customer: int, step: int, now: float) -> Child | None:
        """Return the contact an abandoning customer retries with (it was watched because
        `retries` said it would)."""
        rule = self.retry[queue]
        return None if rule is None else self._child(rule, customer, step, now)

    def _child(self, rule: FollowUp, customer: int, step: int, now: float) -> Child | None:
        # uniforms 2-4 of the step: delay, handle time, patience (beyond the block, all five
        # are drawn, in event order)
        if step < STEPS:
            flat, at = self._flat, (customer * STEPS + step) * DRAWS
            u_delay, u_handle, u_patience = flat[at + 2], flat[at + 3], flat[at + 4]
        else:
            u_delay, u_handle, u_patience = self._beyond.random(DRAWS)[2:5].tolist()
        wait = rule.wait
        arrival = now if wait is None else now + wait(u_delay)
        if arrival >= self.end:
            return None
        q = rule.queue
        k = int(arrival // self.interval)
        arrival = max(arrival, self.opens_at[q][k])
        if arrival >= self.end:
            return None
        k = int(arrival // self.interval)
        handle = self._handle_at[q](u_handle) * self.stretch[q][k]
        patience_at = self._patience_at[q]
        patience = math.inf if patience_at is None else patience_at(u_patience)
        return Child(arrival, q, handle, patience, rule.origin)


def _opens_at(reachable: np.ndarray, interval: float) -> np.ndarray:
    """Return per interval the earliest time a contact may arrive from it on (inf: never)."""
    n = len(reachable)
    # per interval: the first reachable interval at or after it (n: none), read backwards
    following = np.minimum.accumulate(np.where(reachable, np.arange(n), n)[::-1])[::-1]
    opens = np.where(following < n, following * interval, np.inf)
    opens[reachable] = 0.0  # open now: no wait
    return opens


def _typed(code: str, values: np.ndarray) -> array:
    """Return values as a flat typed array of `code` ("q": int64, "b": int8, "d": double),
    appendable."""
    typed = array(code)
    typed.frombytes(np.ascontiguousarray(values, dtype=_TYPES[code]).tobytes())
    return typed


_TYPES = {"q": np.int64, "b": np.int8, "d": np.float64}


@dataclass(frozen=True)
class Steps:
    """Every contact of a run in the journeys they belong to (same order as the outcomes).

    `contacts` holds the drawn contacts and, after them, those made during the run; `step`
    counts from 0 along a customer's journey; `parent` is the contact that brought it (-1:
    none); `fate` holds `Fate` codes for the contacts agents finished.
    """

    contacts: Contacts
    step: np.ndarray
    parent: np.ndarray
    fate: np.ndarray


class FollowUpSteps:
    """The centre's part in follow-ups: watching for abandonment, deciding on finish, and
    bringing the new contacts in. Mixed into `sim.engine.Centre`."""

    env: simpy.Environment
    schedule: Callable[[Call, int, float], None]
    router: Router
    followups: FollowUps | None
    arrival: list[float]
    queue: list[int]
    lane: list[int]
    handle: list[float]
    deadline: list[float]
    answered_at: list[float]
    finished_at: list[float]
    answered_by: list[int]
    first_lane: list[int]
    always_worked: list[bool]
    tracing: bool

    # provided by the centre
    def _note(self, event: str, contact: int, agent: int) -> None: ...
    def _is_worked(self, queue: int) -> bool: ...
    def _serve(self, agent: Agent, contact: int, now: float) -> None: ...

    def _start_steps(self, contacts: Contacts) -> None:
        n = len(contacts)
        customer = contacts.customer if contacts.customer is not None else np.arange(n)
        tier = contacts.tier if contacts.tier is not None else np.zeros(n, np.int64)
        origin = contacts.origin if contacts.origin is not None else np.zeros(n, np.int8)
        # typed arrays where the run reads a contact's value only for its follow-ups: they
        # become numpy arrays at the end without a conversion of every item (a list of
        # Python ints takes about 1.5 ms per 40,000 to convert)
        self.customer = _typed("q", customer)
        self.tier = _typed("q", tier)
        self.origin = _typed("b", origin)
        self.step = _typed("q", np.zeros(n, np.int64))
        self.parent = _typed("q", np.full(n, -1, np.int64))
        self.fate = bytearray(n)  # Fate codes, all OPEN (0) to begin with
        assert self.followups is not None
        # per drawn contact: whether abandoning it brings a retry, so that the arrival of one
        # that must wait reads a byte rather than calls in the follow-up rules
        self.retrying = self.followups.first_retries(contacts.queue, customer)
        # per contact: the uniform that decides its finish, so that the engine settles the
        # usual case (resolved at once, nothing follows) without calling the follow-up rules
        outcome = self.followups.first_outcomes(customer)
        self.outcome_u = _typed("d", outcome)  # doubles: no list for the collector to go through
        # per contact: settled at once, by group, or by the rules (`FollowUps.first_settled`);
        # a follow-up is looked up by group, its uniform against the answering group's shares
        self.settled = self.followups.first_settled(contacts.queue, outcome)
        self.resolving = self.followups.resolving
        # the callbacks of every deadline watched and every follow-up's arrival: one list each
        self._lapsing: Callbacks = [self._lapse]
        self._child_arriving: Callbacks = [self._child_arrives]

    def _watch(self, contact: int) -> None:
        """Wake at a waiting follow-up's deadline if abandoning it brings a retry."""
        rules = self.followups
        if rules is None or not rules.retries(
            self.queue[contact], self.customer[contact], self.step[contact]
        ):
            return
        self._watch_deadline(contact, self.env.now)

    def _watch_deadline(self, contact: int, now: float) -> None:
        """Wake at a waiting contact's deadline (one whose abandonment brings a retry)."""
        patience = self.deadline[contact] - now
        if patience < math.inf:
            self.schedule(Call(self._lapsing, contact), NORMAL, patience)

    def _lapse(self, event: Call) -> None:
        contact = event.value
        if self.answered_at[contact] == self.answered_at[contact]:  # answered (not nan)
            return
        try:
            self.router.waiting[self.lane[contact]].remove(contact)
        except ValueError:
            return  # no longer waiting
        self.router.abandoned.append(contact)
        assert self.followups is not None
        child = self.followups.on_abandon(
            self.queue[contact], self.customer[contact], self.step[contact], self.env.now
        )
        if child is not None:
            self._spawn(child, contact, self.env.now)

    def _spawn(self, child: Child, parent: int, now: float) -> None:
        contact = len(self.arrival)
        rules = self.followups
        assert rules is not None
        arrival, q, handle, patience, origin = child
        self.arrival.append(arrival)
        tier = rules.tier_at(self.queue[parent], self.tier[parent], q)
        self.queue.append(q)
        if self.lane is not self.queue:
            self.lane.append(self.first_lane[q] + tier)
        self.handle.append(handle)
        self.deadline.append(arrival + patience)
        self.answered_at.append(math.nan)
        self.finished_at.append(math.nan)
        self.answered_by.append(-1)
        customer, step = self.customer[parent], self.step[parent] + 1
        self.customer.append(customer)
        self.tier.append(tier)
        self.origin.append(origin)
        self.step.append(step)
        self.parent.append(parent)
        self.fate.append(OPEN)
        self.settled.append(BY_GROUP)
        self.outcome_u.append(rules.outcome_uniform(customer, step))
        self.schedule(Call(self._child_arriving, contact), NORMAL, arrival - now)

    def _child_arrives(self, event: Call) -> None:
        contact = event.value
        if self.tracing:
            self._note("arrive", contact, -1)
        router = self.router
        lane, q = self.lane[contact], self.queue[contact]
        agent = router.agent_for(lane) if self.always_worked[q] or self._is_worked(q) else None
        if agent is None:
            router.waiting[lane].append(contact)
            self._watch(contact)
        else:
            self._serve(agent, contact, self.env.now)
            if agent.chats:  # only a chat agent may have room left, or be filed as partly loaded
                router.refile(agent)

    def steps(self, queue: np.ndarray) -> Steps:
        """Return every contact of the run with its place in its customer's journey, given
        each one's queue as an array."""
        n = len(self.arrival)
        arrival = np.asarray(self.arrival, dtype=float)
        return Steps(
            contacts=Contacts(
                arrival,
                queue,
                np.asarray(self.handle, dtype=float),
                np.asarray(self.deadline, dtype=float) - arrival,
                np.asarray(self.origin, dtype=np.int8),
                tier=np.asarray(self.tier, dtype=np.int64),
                customer=np.asarray(self.customer, dtype=np.int64),
            ),
            step=np.asarray(self.step, dtype=np.int64).reshape(n),
            parent=np.asarray(self.parent, dtype=np.int64).reshape(n),
            fate=np.frombuffer(self.fate, dtype=np.int8).copy().reshape(n),
        )
