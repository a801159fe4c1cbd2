"""Running replications of a scenario, serially or through any concurrent.futures executor."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scenarios import Scenario, expected_volumes
from sim.arrivals import draw_contacts
from sim.engine import run_replication
from sim.events import apply_outages
from sim.kpis import contact_kpis, group_occupancy
from sim.layout import StaffingInput, centre_layout
from sim.summary import summarise


@dataclass(frozen=True)
class SimulationResult:
    """KPIs of every replication, occupancy per group, and their summary."""

    kpis: pd.DataFrame
    occupancy: pd.DataFrame

    def summary(self) -> dict[str, Any]:
        """Return per-queue and per-group means with 95% confidence intervals."""
        return summarise(self.kpis, self.occupancy)


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
