"""Stress tests: Monte Carlo runs over a scenario's random emergencies, and the chance that
each queue breaches each target.

Run r of seed s draws the scenario's emergencies from their own streams, lays the drawn ones
over the scenario's fixed events and simulates replication r of seed s: so two staffings
stress-tested with one seed see the same emergencies and the same customers (common random
numbers), and the numbers are the same serially, in a pool or through an executor.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scenarios import Scenario
from sim.breaches import breach_table, measure_run
from sim.emergencies import draw_emergencies, with_emergencies
from sim.intervals import wilson_interval
from sim.layout import StaffingInput
from sim.levers import COUNTS as CALLBACK_COUNTS
from sim.replications import replicate, run_tasks, useful_processes
from sim.workload import check_workload

RunTables = tuple[pd.DataFrame, pd.DataFrame]  # one run's periods (days, week) and queue rows


@dataclass(frozen=True)
class StressResult:
    """A stress test's tables: P(breach) per queue, target and period, and one row per run and
    queue (what was drawn, how service held, recovered, what was lost and what it cost)."""

    breach: pd.DataFrame
    runs: pd.DataFrame
    seed: int
    happened: dict[str, int]  # per emergency of the library: the runs it happened in

    def summary(self) -> dict[str, Any]:
        """Return P(breach) over the week per queue and target with 95% Wilson intervals, how
        often each emergency happened, and the mean recovery, losses and cost."""
        n_runs = int(self.runs["run"].nunique())
        week = self.breach[self.breach["period"] == "week"]
        queues: dict[str, Any] = {}
        for row in week.itertuples(index=False):
            queues.setdefault(str(row.queue), {})[str(row.target)] = {
                "target": float(row.target_value),
                "p_breach": float(row.p_breach),
                "ci95": [float(row.ci95_low), float(row.ci95_high)],
                "breaches": int(row.breaches),
                "runs": int(row.runs),
            }
        for queue, rows in self.runs.groupby("queue", sort=False):
            recovered = rows["recovery_minutes"].dropna()
            queues.setdefault(str(queue), {})["runs_hit"] = int(rows["event_start"].notna().sum())
            queues[str(queue)]["mean_recovery_minutes"] = (
                float(recovered.mean()) if len(recovered) else None
            )
            queues[str(queue)]["mean_lost"] = float(rows["lost"].mean())
        per_run = self.runs.drop_duplicates("run")
        happened = {}
        for name, count in self.happened.items():
            low, high = wilson_interval(count, n_runs)
            happened[name] = {"runs": count, "share": count / n_runs, "ci95": [low, high]}
        return {
            "runs": n_runs,
            "seed": self.seed,
            "queues": queues,
            "emergencies": happened,
            "mean_cost": float(per_run["cost"].mean()),
        }


def stress_run(
    scenario: Scenario, seed: int, run: int, staffing: StaffingInput = None
) -> RunTables:
    """Return one run's measures: the emergencies drawn for run `run` of `seed`, simulated.

    With levers each row also holds the levers' cost (`lever_cost`, in `cost` in place of the
    levers' agents at their group's rate) and, with a call-back lever, the run's call-backs
    (`callbacks_offered`, `callbacks_accepted`, `callbacks_within_promise`)."""
    drawn = draw_emergencies(scenario, seed, run)
    concrete = with_emergencies(scenario, drawn)
    done = replicate(concrete, seed, run, staffing)
    periods, rows = measure_run(concrete, drawn, done.kpis, done.occupancy, run, done.journeys)
    if done.levers is not None:
        # the levers' agents are already in the staffing cost at their group's rate: the run
        # pays the levers' own prices instead
        rates = {name: g.cost_per_hour for name, g in scenario.agent_groups.items()}
        levers = done.levers
        at_rate = float((levers["agent_hours"] * levers["group"].map(rates).fillna(0.0)).sum())
        lever_cost = float(levers["cost"].sum())
        rows = rows.assign(lever_cost=lever_cost, cost=rows["cost"] + lever_cost - at_rate)
        if scenario.contingency is not None and scenario.contingency.callback is not None:
            # the run's call-backs over every queue of the lever: offered, taken, kept
            calls = levers[levers["lever"].str.startswith("callback:")]
            rows = rows.assign(**{f"callbacks_{c}": int(calls[c].sum()) for c in CALLBACK_COUNTS})
    return periods, rows


def stress(
    scenario: Scenario,
    *,
    runs: int,
    seed: int = 1,
    staffing: StaffingInput = None,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> StressResult:
    """Return P(breach) per queue, target and period and the per-run table of `runs` runs, each
    drawing the scenario's emergencies and simulating one replication (same seed, same numbers).

    Runs go to `executor` when given, else to a pool of min(workers, runs, cores) processes, or
    run in this process when that is one; `progress` is called with the number finished. Ctrl-C
    or SIGTERM ends a pool's workers at once and is raised again.
    """
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    processes = 1 if executor is not None else useful_processes(workers, runs)
    # each process holds one replication at a time, and keeps only its small per-run tables
    check_workload(scenario, replications=processes, processes=processes, staffing=staffing)
    done: dict[int, RunTables] = {}

    def collect(run: int, tables: RunTables) -> None:
        done[run] = tables
        if progress is not None:
            progress(len(done))

    run_tasks(stress_run, scenario, staffing, seed, runs, processes, executor, collect)
    ordered = [done[r] for r in range(runs)]
    periods = pd.concat([p for p, _ in ordered], ignore_index=True)
    return StressResult(
        breach=breach_table(scenario, periods),
        runs=pd.concat([rows for _, rows in ordered], ignore_index=True),
        seed=seed,
        happened=_happened(scenario, seed, runs),
    )


def _happened(scenario: Scenario, seed: int, runs: int) -> dict[str, int]:
    """Return, per emergency, the runs it happens in (drawing again is cheap and exact)."""
    counts = dict.fromkeys(scenario.emergencies, 0)
    for run in range(runs):
        for drawn in draw_emergencies(scenario, seed, run):
            counts[drawn.name] += 1
    return counts
