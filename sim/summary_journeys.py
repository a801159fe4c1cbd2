"""Satisfaction across replications: CSAT, FCR, NPS, churn and resolution per queue and for the
centre, each with a 95% confidence interval and, where a goal is set, whether it is met.

A goal is met when the mean across replications reaches it (at most, for churn); the interval
says how sure that is; `met` is null where no journey began (a tier-2 queue's customers
count where they first called). A queue's goals are its own, each one it does not set the centre's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios import Scenario
from scenarios.goals import Goals
from sim.summary import mean_ci

if TYPE_CHECKING:
    import pandas as pd

# measure -> (numerator, denominator, scale) of the journey KPI sums
MEASURES = {
    "csat": ("satisfied", "customers", 1.0),
    "fcr": ("resolved_first_contact", "first_handled", 1.0),
    "nps": (("promoters", "detractors"), "customers", 100.0),
    "churn": ("churned", "customers", 1.0),
    "resolved": ("resolved_customers", "customers", 1.0),
    "resolved_within": ("resolved_within_goal", "customers", 1.0),
    "containment": ("contained", "customers", 1.0),
    "service_level": ("answered_within_target", "contacts", 1.0),
}
COUNTS = ["customers", "contacts", "contained", "handed_off", "escalated", "repeats", "retries"]


def has_journeys(scenario: Scenario) -> bool:
    """Return whether a scenario uses any journey field (tiers, bot, resolution, escalation,
    repeat, retry, goals, satisfaction); without them the run is the plain one."""
    if scenario.satisfaction is not None or scenario.goals is not None:
        return True
    return any(
        any(
            getattr(queue, field) is not None
            for field in ("tiers", "bot", "resolution", "escalation", "repeat", "retry", "goals")
        )
        for queue in scenario.queues.values()
    )


def _ratios(sums: pd.DataFrame) -> pd.DataFrame:
    """Return per row the measures of MEASURES from summed journey KPIs."""
    import pandas as pd  # here: only scenarios with journeys are summarised so

    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name, (top, bottom, scale) in MEASURES.items():
            numerator = sums[top[0]] - sums[top[1]] if isinstance(top, tuple) else sums[top]
            out[name] = scale * numerator / sums[bottom].where(sums[bottom] > 0)
    return pd.DataFrame(out, index=sums.index)


def _goal_verdicts(stats: dict[str, Any], goals: Goals | None) -> dict[str, Any]:
    verdicts: dict[str, Any] = {}
    if goals is None:
        return verdicts
    for name in ("csat", "fcr", "nps", "churn"):
        goal = getattr(goals, name)
        if goal is None:
            continue
        mean = stats[name]["mean"]
        met = None if mean is None else bool(mean <= goal if name == "churn" else mean >= goal)
        verdicts[name] = {"goal": goal, "met": met}
    if goals.resolved_within is not None:
        mean = stats["resolved_within"]["mean"]
        target = goals.resolved_within
        verdicts["resolved_within"] = {
            "goal": target.target,
            "hours": target.hours,
            "met": None if mean is None else bool(mean >= target.target),
        }
    return verdicts


def _block(rows: pd.DataFrame, goals: Goals | None) -> dict[str, Any]:
    sums = rows.groupby("replication", sort=True)[_columns()].sum()
    ratios = _ratios(sums)
    stats: dict[str, Any] = {name: mean_ci(ratios[name]) for name in MEASURES}
    if goals is None or goals.resolved_within is None:
        # resolved within which time? Without a goal there is no such share to report
        stats["resolved_within"] = mean_ci(np.array([]))
    stats["counts"] = {name: float(sums[name].mean()) for name in COUNTS}
    stats["goals"] = _goal_verdicts(stats, goals)
    return stats


def _columns() -> list[str]:
    names: list[str] = list(COUNTS)
    for top, bottom, _ in MEASURES.values():
        for column in (*(top if isinstance(top, tuple) else (top,)), bottom):
            if column not in names:
                names.append(column)
    return names


def queue_goals(own: Goals | None, centre: Goals | None) -> Goals | None:
    """Return a queue's goals: each of its own where set, else the centre's."""
    if own is None or centre is None:
        return own or centre
    return Goals(
        **{
            field: getattr(own, field)
            if getattr(own, field) is not None
            else getattr(centre, field)
            for field in Goals.model_fields
        }
    )


def summarise_journeys(journeys: pd.DataFrame, scenario: Scenario) -> dict[str, Any]:
    """Return satisfaction per queue, per queue and tier, and for the centre, with 95% CIs and
    the goals marked met or missed."""
    centre_goals = scenario.goals
    queues = {}
    for name, rows in journeys.groupby("queue", sort=False):
        own = scenario.queues[str(name)].goals
        queues[str(name)] = _block(rows, queue_goals(own, centre_goals))
        tiers = rows["tier"].unique()
        if len(tiers) > 1:
            queues[str(name)]["tiers"] = {
                str(tier): _block(part, None) for tier, part in rows.groupby("tier", sort=False)
            }
    return {"centre": _block(journeys, centre_goals), "queues": queues}
