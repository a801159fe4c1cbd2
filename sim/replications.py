"""Running replications of a scenario, serially or through any concurrent.futures executor."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scenarios import Scenario, expected_volumes, staffing_table
from scenarios.channels import ChannelKind
from scenarios.events import InHand, SiteLoss
from scenarios.grid import open_intervals
from scenarios.shifts import ShiftList, agent_shifts
from sim.arrivals import draw_contacts
from sim.engine import run_replication
from sim.events import absent_counts, apply_outages, present_shifts
from sim.kpis import contact_kpis, group_occupancy
from sim.layout import CHAT, DEFERRED, VOICE, CentreLayout, Loss
from sim.summary import summarise


@dataclass(frozen=True)
class SimulationResult:
    """KPIs of every replication, occupancy per group, and their summary."""

    kpis: pd.DataFrame
    occupancy: pd.DataFrame

    def summary(self) -> dict[str, Any]:
        """Return per-queue and per-group means with 95% confidence intervals."""
        return summarise(self.kpis, self.occupancy)


StaffingInput = pd.DataFrame | ShiftList | None


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
        table = staffing if isinstance(staffing, pd.DataFrame) else staffing_table(scenario)
        counts = absent_counts(scenario, table)[group_names].to_numpy(dtype=np.int64).T
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
    )


def simulate_replication(
    scenario: Scenario, seed: int, replication: int, staffing: StaffingInput = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return one replication's contact KPIs and group occupancy."""
    drawn = draw_contacts(scenario, seed, replication, expected_volumes(scenario).to_numpy())
    contacts, failures = apply_outages(scenario, drawn, seed, replication)
    result = run_replication(centre_layout(scenario, staffing), contacts)
    return (
        contact_kpis(scenario, contacts, result, replication, failures),
        group_occupancy(scenario, result, replication),
    )


def simulate(
    scenario: Scenario,
    *,
    replications: int = 10,
    seed: int = 1,
    staffing: StaffingInput = None,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Return the KPIs of independent replications of a scenario (same seed, same numbers).

    Replications run in `executor` when given (a Dask client's executor, say), in a local
    process pool when `workers` > 1, and one after another otherwise; `progress` is called
    with the number finished after each.
    """
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    done: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def collect(replication: int, result: tuple[pd.DataFrame, pd.DataFrame]) -> None:
        done[replication] = result
        if progress is not None:
            progress(len(done))

    if executor is None and workers <= 1:
        for r in range(replications):
            collect(r, simulate_replication(scenario, seed, r, staffing))
    else:
        pool = executor or ProcessPoolExecutor(max_workers=workers)
        try:
            futures = {
                pool.submit(simulate_replication, scenario, seed, r, staffing): r
                for r in range(replications)
            }
            for future in as_completed(futures):
                collect(futures[future], future.result())
        finally:
            if executor is None:
                pool.shutdown()
    ordered = [done[r] for r in range(replications)]
    return SimulationResult(
        kpis=pd.concat([k for k, _ in ordered], ignore_index=True),
        occupancy=pd.concat([o for _, o in ordered], ignore_index=True),
    )
