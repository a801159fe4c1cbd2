"""What the engine is given (a scenario laid out as indexed arrays) and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from scenarios import Scenario
from scenarios.channels import ChannelKind
from scenarios.events import InHand, SiteLoss
from scenarios.grid import open_intervals
from scenarios.on_duty import count_matrix
from scenarios.shifts import ShiftList, agent_shifts
from scenarios.tiers import DEFAULT_TIER_PRIORITY
from sim.contacts import Outcomes
from sim.events import absent_counts, present_shifts

if TYPE_CHECKING:
    import pandas as pd

    from sim.followups import Steps

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
    # per queue: the priority of each of its tiers (lower first); () or (): one tier, priority 1
    tier_priority: tuple[tuple[int, ...], ...] = ()
    levers: tuple = ()  # sim.levers.Call: overtime and reserve agents brought in during the run

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
    steps: Steps | None = None  # the journeys, when the run made follow-ups
    levers: list[dict] | None = None  # sim.levers usage rows, when the layout has levers


StaffingInput: TypeAlias = "pd.DataFrame | ShiftList | None"


def centre_layout(scenario: Scenario, staffing: StaffingInput = None) -> CentreLayout:
    """Return the engine's indexed view of a scenario and its staffing (counts or shifts).

    `staffing` replaces the scenario's own: a table of agents per interval and group, or shifts.
    """
    horizon = scenario.horizon
    group_names = list(scenario.agent_groups)
    groups, queues = list(scenario.agent_groups.values()), list(scenario.queues.values())
    multiplier = np.full((len(groups), len(queues)), np.nan)
    skill_rank = np.zeros((len(groups), len(queues)), dtype=np.int64)
    concurrency = np.ones((len(groups), len(queues)), dtype=np.int64)
    for g, group in enumerate(groups):
        for q, queue in enumerate(queues):
            if queue.skill in group.skills:
                multiplier[g, q] = group.skills[queue.skill].handle_time_multiplier
                skill_rank[g, q] = group.skills[queue.skill].priority
            channel = scenario.channels[queue.channel]
            concurrency[g, q] = group.concurrency.get(queue.channel, channel.concurrency)
    shifts = staffing if isinstance(staffing, ShiftList) else None
    if staffing is None:
        shifts = scenario.shift_staffing
    counts = None
    agent_days: list = []
    if shifts is not None:
        agent_days = present_shifts(
            scenario, agent_shifts(shifts.shifts, horizon.start, horizon.days)
        )
    else:
        counts = absent_counts(scenario, count_table(scenario, staffing)).T
    losses = tuple(
        Loss(
            group=group_names.index(event.group),
            start=horizon.seconds_from_start(event.start),
            end=horizon.seconds_from_start(event.end),
            share=event.share,
            drop=event.in_hand is InHand.drop,
        )
        for event in scenario.events
        if isinstance(event, SiteLoss)
    )
    kinds = {ChannelKind.voice: VOICE, ChannelKind.chat: CHAT, ChannelKind.deferred: DEFERRED}
    return CentreLayout(
        interval_seconds=horizon.interval_seconds,
        staffing=counts,
        multiplier=multiplier,
        skill_rank=skill_rank,
        priority=tuple(queue.priority for queue in queues),
        kind=tuple(kinds[scenario.channels[q.channel].kind] for q in queues),
        concurrency=concurrency,
        slowdown=tuple(scenario.channels[q.channel].concurrency_slowdown for q in queues),
        worked=np.array([open_intervals(scenario.channels[q.channel], horizon) for q in queues]),
        shifts=tuple((group_names.index(a.group), a.login, a.logout, a.breaks) for a in agent_days),
        losses=losses,
        tier_priority=tier_priorities(scenario),
    )


def count_table(scenario: Scenario, staffing: StaffingInput = None) -> np.ndarray:
    """Return count staffing as agents on duty per interval (rows) and group (columns, in the
    scenario's order): a table given, else (none, or shifts) the scenario's own counts."""
    if staffing is None or isinstance(staffing, ShiftList):
        return count_matrix(scenario)
    return staffing[list(scenario.agent_groups)].to_numpy(dtype=np.int64)


def tier_priorities(scenario: Scenario) -> tuple[tuple[int, ...], ...]:
    """Return per queue the priority of each tier, in the order written; () when no queue has
    tiers (all contacts then rank alike)."""
    if all(queue.tiers is None for queue in scenario.queues.values()):
        return ()
    return tuple(
        tuple(tier.priority for tier in queue.tiers.values())
        if queue.tiers is not None
        else (DEFAULT_TIER_PRIORITY,)
        for queue in scenario.queues.values()
    )
