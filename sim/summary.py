"""Summaries across replications: means with 95% confidence intervals."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scenarios import Scenario


def mean_ci(values: np.ndarray | pd.Series, level: float = 0.95) -> dict[str, Any]:
    """Return the mean of per-replication values and its Student-t confidence interval."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return {"mean": None, "ci95": [None, None]}
    mean = float(values.mean())
    if len(values) < 2:
        return {"mean": mean, "ci95": [None, None]}
    # Student's t quantile: scipy.special's stdtrit, which scipy.stats.t.ppf calls, imported
    # here because scipy.stats costs start-up to every command
    from scipy.special import stdtrit

    t = stdtrit(len(values) - 1, 0.5 + level / 2)
    half = t * values.std(ddof=1) / math.sqrt(len(values))
    return {"mean": mean, "ci95": [mean - float(half), mean + float(half)]}


def queue_totals(kpis: pd.DataFrame) -> pd.DataFrame:
    """Return per replication and queue: offered, service level, abandon rate, ASA."""
    sums = (
        kpis.assign(wait_total=kpis["asa_seconds"].fillna(0) * kpis["answered"])
        .groupby(["queue", "replication"], sort=False)[
            ["offered", "answered", "abandoned", "answered_within_target", "wait_total"]
        ]
        .sum()
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "offered": sums["offered"],
                "service_level": sums["answered_within_target"] / sums["offered"],
                "abandon_rate": sums["abandoned"] / sums["offered"],
                "asa_seconds": sums["wait_total"] / sums["answered"],
            }
        )


def group_totals(occupancy: pd.DataFrame) -> pd.DataFrame:
    """Return per replication and group: occupancy over the horizon."""
    sums = occupancy.groupby(["group", "replication"], sort=False)[
        ["busy_seconds", "duty_seconds"]
    ].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"occupancy": sums["busy_seconds"] / sums["duty_seconds"]})


def lost_totals(kpis: pd.DataFrame) -> pd.DataFrame:
    """Return per replication and queue where an outage lost contacts (failed, neither retried
    nor diverted): the contacts lost, and the service level and abandon rate with them
    counted as offered and unanswered (an outage cannot look good)."""
    if "failed" not in kpis.columns:
        return pd.DataFrame()
    columns = ["offered", "answered_within_target", "abandoned", "failed", "retried", "diverted"]
    present = [c for c in columns if c in kpis.columns]
    sums = kpis.groupby(["queue", "replication"], sort=False)[present].sum()
    lost = sums["failed"] - sums.get("retried", 0) - sums.get("diverted", 0)
    touched = lost.groupby(level="queue", sort=False).transform("sum") > 0
    sums, lost = sums[touched], lost[touched]
    reaching = sums["offered"] + lost
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "lost": lost,
                "service_level_with_lost": sums["answered_within_target"] / reaching,
                "abandon_rate_with_lost": (sums["abandoned"] + lost) / reaching,
            }
        )


def summarise(kpis: pd.DataFrame, occupancy: pd.DataFrame) -> dict[str, Any]:
    """Return the per-queue and per-group summary with 95% confidence intervals; queues that
    lost contacts in an outage have their figures with the lost counted too."""
    queues = {}
    for name, rows in queue_totals(kpis).groupby(level="queue", sort=False):
        queues[str(name)] = {column: mean_ci(rows[column]) for column in rows.columns}
        queues[str(name)]["offered"] = float(rows["offered"].mean())
    lost = lost_totals(kpis)
    for name, rows in lost.groupby(level="queue", sort=False) if not lost.empty else ():
        queues[str(name)].update({column: mean_ci(rows[column]) for column in rows.columns})
        queues[str(name)]["lost"] = float(rows["lost"].mean())
    groups = {}
    for name, rows in group_totals(occupancy).groupby(level="group", sort=False):
        groups[str(name)] = {"occupancy": mean_ci(rows["occupancy"])}
    return {"replications": int(kpis["replication"].nunique()), "queues": queues, "groups": groups}


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
