"""Summaries across replications: means with 95% confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from sim.columns import Columns, column
from sim.intervals import t_quantile

if TYPE_CHECKING:
    import pandas as pd

    from scenarios import Scenario

Table: TypeAlias = "Columns | pd.DataFrame"  # a table as columns or as a DataFrame


def mean_ci(values: np.ndarray | pd.Series, level: float = 0.95) -> dict[str, Any]:
    """Return the mean of per-replication values and its Student-t confidence interval."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return {"mean": None, "ci95": [None, None]}
    mean = float(values.mean())
    if len(values) < 2:
        return {"mean": mean, "ci95": [None, None]}
    t = t_quantile(0.5 + level / 2, len(values) - 1)
    half = t * values.std(ddof=1) / math.sqrt(len(values))
    return {"mean": mean, "ci95": [mean - float(half), mean + float(half)]}


@dataclass(frozen=True)
class PerRun:
    """A table's columns summed per key (a queue or a group) and replication: one row per pair
    present, in the order the pairs first appear (keys named in the order they first do)."""

    names: list[str]
    key: np.ndarray  # per row: the position of its key in `names`
    replication: np.ndarray  # per row: the replication
    sums: dict[str, np.ndarray]  # per column summed: per row, the sum (NaN counts as none)

    def rows_of(self, name: str) -> np.ndarray:
        """Return the rows (replications) of one key."""
        return np.flatnonzero(self.key == self.names.index(name))


def _first_seen(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values in the order they first appear, and each value's position
    among them."""
    distinct, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return distinct[order], rank[inverse.reshape(-1)]


def per_run(table: Table, key: str, columns: list[str]) -> PerRun:
    """Return the table's `columns` summed per `key` and replication (pandas' groupby of the
    two, in order of appearance, without building a DataFrame)."""
    names, k = _first_seen(column(table, key))
    runs, r = _first_seen(column(table, "replication"))
    cell = k * len(runs) + r
    size = len(names) * len(runs)
    cells, first = np.unique(cell, return_index=True)
    present = cells[np.argsort(first, kind="stable")]  # the pairs in order of appearance
    sums = {}
    for name in columns:
        values = column(table, name).astype(float)
        values = np.where(np.isnan(values), 0.0, values)
        sums[name] = np.bincount(cell, weights=values, minlength=size)[present]
    return PerRun([str(n) for n in names], present // len(runs), runs[present % len(runs)], sums)


def _queue_figures(table: Table) -> PerRun:
    """Return per queue and replication: offered, service level, abandon rate, ASA."""
    answered = column(table, "answered")
    wait = np.nan_to_num(column(table, "asa_seconds").astype(float)) * answered
    counts = ["offered", "answered", "abandoned", "answered_within_target"]
    run = per_run(
        {**{c: column(table, c) for c in ["queue", "replication", *counts]}, "wait_total": wait},
        "queue",
        [*counts, "wait_total"],
    )
    sums = run.sums
    with np.errstate(invalid="ignore", divide="ignore"):
        figures = {
            "offered": sums["offered"],
            "service_level": sums["answered_within_target"] / sums["offered"],
            "abandon_rate": sums["abandoned"] / sums["offered"],
            "asa_seconds": sums["wait_total"] / sums["answered"],
        }
    return PerRun(run.names, run.key, run.replication, figures)


def _lost_figures(table: Table) -> PerRun | None:
    """Return per replication and queue where an outage lost contacts (failed, neither retried
    nor diverted): the contacts lost, and the service level and abandon rate with them
    counted as offered and unanswered (an outage cannot look good). None: nothing lost."""
    if "failed" not in table:
        return None
    columns = ["offered", "answered_within_target", "abandoned", "failed", "retried", "diverted"]
    run = per_run(table, "queue", [c for c in columns if c in table])
    sums = run.sums
    lost = sums["failed"] - sums.get("retried", 0.0) - sums.get("diverted", 0.0)
    touched = np.bincount(run.key, weights=lost, minlength=len(run.names)) > 0
    rows = touched[run.key]
    if not rows.any():
        return None
    reaching = sums["offered"] + lost
    with np.errstate(invalid="ignore", divide="ignore"):
        figures = {
            "lost": lost,
            "service_level_with_lost": sums["answered_within_target"] / reaching,
            "abandon_rate_with_lost": (sums["abandoned"] + lost) / reaching,
        }
    return PerRun(
        run.names, run.key[rows], run.replication[rows], {n: v[rows] for n, v in figures.items()}
    )


def queue_totals(kpis: pd.DataFrame) -> pd.DataFrame:
    """Return per replication and queue: offered, service level, abandon rate, ASA."""
    import pandas as pd

    run = _queue_figures(kpis)
    index = pd.MultiIndex.from_arrays(
        [np.asarray(run.names, dtype=object)[run.key], run.replication],
        names=["queue", "replication"],
    )
    return pd.DataFrame(run.sums, index=index)


def summarise(kpis: Table, occupancy: Table) -> dict[str, Any]:
    """Return the per-queue and per-group summary with 95% confidence intervals; queues that
    lost contacts in an outage have their figures with the lost counted too. The tables are
    DataFrames or columns (`sim.columns`)."""
    queues: dict[str, dict[str, Any]] = {}
    figures = _queue_figures(kpis)
    for name in figures.names:
        rows = figures.rows_of(name)
        queues[name] = {c: mean_ci(v[rows]) for c, v in figures.sums.items()}
        queues[name]["offered"] = float(figures.sums["offered"][rows].mean())
    lost = _lost_figures(kpis)
    for name in lost.names if lost is not None else ():
        rows = lost.rows_of(name)
        if len(rows):
            queues[name].update({c: mean_ci(v[rows]) for c, v in lost.sums.items()})
            queues[name]["lost"] = float(lost.sums["lost"][rows].mean())
    groups = {}
    busy = per_run(occupancy, "group", ["busy_seconds", "duty_seconds"])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = busy.sums["busy_seconds"] / busy.sums["duty_seconds"]
    for name in busy.names:
        groups[name] = {"occupancy": mean_ci(share[busy.rows_of(name)])}
    # counted by `_first_seen`: np.unique without indices imports numpy.ma, 10 ms of a command
    replications = len(_first_seen(column(kpis, "replication"))[0])
    return {"replications": replications, "queues": queues, "groups": groups}


def queue_targets(queues: dict[str, dict[str, Any]], scenario: Scenario) -> dict[str, Any]:
    """Return each queue's service target beside whether the summary's means meet it: the
    share answered within the time and, where the target caps it, the share abandoned (both
    with the contacts an outage lost, where it lost some; None: nothing was offered)."""
    targets = {}
    for name, row in queues.items():
        sla = scenario.queues[name].sla
        level = row.get("service_level_with_lost", row["service_level"])["mean"]
        abandoned = row.get("abandon_rate_with_lost", row["abandon_rate"])["mean"]
        level_met = None if level is None else level >= sla.target
        abandon_met = None
        if sla.max_abandon is not None and abandoned is not None:
            abandon_met = abandoned <= sla.max_abandon
        targets[name] = {
            "service_level": sla.target,
            "within_seconds": sla.within_seconds,
            "max_abandon": sla.max_abandon,
            "service_level_met": level_met,
            "abandon_met": abandon_met,
            "met": None if level_met is None else level_met and abandon_met is not False,
        }
    return targets
