"""What a stress-test run measured, and the chance of a breach across runs.

A run's periods are its days and its week; a queue breaches its service target in a period
when answered within target / (offered + lost in an outage) falls below `sla.target` (a
contact that failed in an outage and neither retried nor diverted was not answered: counting
only those offered would make an outage look like good service), and its abandonment target
when abandoned / offered exceeds `sla.max_abandon`. The event window of a queue in a run runs
from the first start to the last end of the drawn emergencies that act on it; "after" and the
recovery time count from the first interval with contacts at or after the window's end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scenarios import Scenario
from scenarios.stress import hit_queues
from sim.intervals import wilson_interval
from sim.summary_journeys import MEASURES, queue_goals

AFTER_HOURS = 4  # service "after the event" is measured over this many hours
RECOVERY_HOURS = 1  # recovered: service at target in every interval of this long a stretch

RUN_COLUMNS = (
    "run",
    "queue",
    "emergencies",
    "hit_by",
    "event_start",
    "event_end",
    "service_level_event",
    "abandon_rate_event",
    "service_level_after",
    "abandon_rate_after",
    "recovery_minutes",
    "service_level",
    "abandon_rate",
    "offered",
    "answered",
    "abandoned",
    "failed",
    "dropped",
    "lost",
    "peak_backlog",
    "cost",
)


def _rates(rows: pd.DataFrame) -> tuple[float, float]:
    """Return service level (outage losses counted as missed) and abandonment of some rows."""
    offered, due = rows["offered"].sum(), rows["due"].sum()
    service = rows["answered_within_target"].sum() / due if due else np.nan
    return (service, rows["abandoned"].sum() / offered if offered else np.nan)


def recovery_intervals(service: np.ndarray, offered: np.ndarray, target: float, hour: int) -> int:
    """Return how many intervals after the first one given service stays at target from, for
    `hour` intervals (intervals without contacts break no stretch); -1 when it never does.

    A stretch starts at an interval with contacts, and the stretch must fit in the horizon.
    """
    meets = (offered == 0) | (service >= target)
    for start in range(len(service) - hour + 1):
        if offered[start] > 0 and meets[start : start + hour].all():
            return start
    return -1


def _cost(scenario: Scenario, occupancy: pd.DataFrame) -> float:
    """Return the run's staffing cost: hours on duty times each group's cost per hour."""
    hours = occupancy.groupby("group", sort=False)["duty_seconds"].sum() / 3600
    rates = pd.Series({name: g.cost_per_hour for name, g in scenario.agent_groups.items()})
    return float((hours * rates.reindex(hours.index).fillna(0)).sum())


def _queue_row(
    scenario: Scenario, queue: str, rows: pd.DataFrame, drawn: tuple[Any, ...]
) -> dict[str, Any]:
    """Return one queue's measures in a run (rows: its KPIs by interval, in order)."""
    horizon = scenario.horizon
    hits = [d for d in drawn if any(queue in hit_queues(scenario, e) for e in d.events)]
    row: dict[str, Any] = {"hit_by": ",".join(d.name for d in hits)}
    row["service_level"], row["abandon_rate"] = _rates(rows)
    row.update(
        offered=int(rows["offered"].sum()),
        answered=int(rows["answered"].sum()),
        abandoned=int(rows["abandoned"].sum()),
        failed=int(rows["failed"].sum()),
        dropped=int(rows["dropped"].sum()),
        lost=int(rows["abandoned"].sum() + rows["outage_lost"].sum() + rows["dropped"].sum()),
        peak_backlog=int(rows["backlog"].max()),
    )
    if not hits:
        return row
    start, end = min(d.start for d in hits), max(d.end for d in hits)
    first = int(horizon.seconds_from_start(start) // horizon.interval_seconds)
    last = int(horizon.seconds_from_start(end) // horizon.interval_seconds)
    row["event_start"], row["event_end"] = start, end
    row["service_level_event"], row["abandon_rate_event"] = _rates(rows.iloc[first:last])
    # "after" starts with the first contacts after the event: an event ending at midnight is
    # judged on the morning, not on the closed night
    waiting = rows["due"].to_numpy()[last:] > 0
    if not waiting.any():
        return row
    reopen = last + int(waiting.argmax())
    after = reopen + AFTER_HOURS * 60 // horizon.interval_minutes
    row["service_level_after"], row["abandon_rate_after"] = _rates(rows.iloc[reopen:after])
    later = rows.iloc[reopen:]
    customers = later["due"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        service = later["answered_within_target"].to_numpy() / customers
    hour = max(1, RECOVERY_HOURS * 60 // horizon.interval_minutes)
    found = recovery_intervals(service, customers, scenario.queues[queue].sla.target, hour)
    row["recovery_minutes"] = found * horizon.interval_minutes if found >= 0 else np.nan
    return row


def measure_run(
    scenario: Scenario,
    drawn: tuple[Any, ...],
    kpis: pd.DataFrame,
    occupancy: pd.DataFrame,
    run: int,
    journeys: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a run's totals per queue and period (each day, the week; with journey KPIs, the
    sums behind the satisfaction goals too), and its row per queue: the emergencies drawn,
    service in and after the event window, recovery, losses and cost."""
    outage_lost = kpis["failed"] - kpis["retried"] - kpis["diverted"]
    kpis = kpis.assign(
        day=kpis["interval_start"].dt.strftime("%Y-%m-%d"),
        outage_lost=outage_lost,
        due=kpis["offered"] + outage_lost,  # contacts due an answer
    )
    columns = ["offered", "due", "answered_within_target", "abandoned"]
    daily = kpis.groupby(["queue", "day"], sort=False)[columns].sum().reset_index()
    weekly = kpis.groupby("queue", sort=False)[columns].sum().reset_index().assign(day="week")
    periods = pd.concat([daily, weekly], ignore_index=True).rename(columns={"day": "period"})
    if journeys is not None:
        periods = periods.merge(_journey_periods(journeys), on=["queue", "period"], how="left")
    described = "; ".join(d.describe() for d in drawn)
    cost = _cost(scenario, occupancy)
    rows = []
    for queue, queue_rows in kpis.groupby("queue", sort=False):
        ordered = queue_rows.sort_values("interval_start", kind="stable")
        measures = _queue_row(scenario, str(queue), ordered, drawn)
        rows.append({"run": run, "queue": queue, "emergencies": described, **measures})
    table = pd.DataFrame(rows).reindex(columns=list(RUN_COLUMNS))
    table["cost"] = cost
    return periods.assign(run=run), table


def _journey_periods(journeys: pd.DataFrame) -> pd.DataFrame:
    """Return the journey KPI sums behind each goal, per queue and period (days, week)."""
    columns = sorted({c for top, bottom, _ in GOALS.values() for c in (*top, bottom)})
    journeys = journeys.assign(day=journeys["interval_start"].dt.strftime("%Y-%m-%d"))
    daily = journeys.groupby(["queue", "day"], sort=False)[columns].sum().reset_index()
    weekly = journeys.groupby("queue", sort=False)[columns].sum().reset_index().assign(day="week")
    sums = pd.concat([daily, weekly], ignore_index=True).rename(columns={"day": "period"})
    return sums.rename(columns={c: f"journey_{c}" for c in columns})


# goal -> (numerator columns (the second subtracted), denominator, scale) of the journey KPIs,
# as sim.summary_journeys reads them
GOALS = {
    name: ((top,) if isinstance(top, str) else top, bottom, scale)
    for name, (top, bottom, scale) in MEASURES.items()
    if name in ("csat", "fcr", "nps", "churn", "resolved_within")
}


def _targets(scenario: Scenario, queue: str, group: pd.DataFrame) -> list[tuple]:
    """Return a queue's targets in a period: (name, value, runs measured, breached there)."""
    sla = scenario.queues[queue].sla
    measured = group["due"] > 0
    rows = group[measured]
    service = rows["answered_within_target"] / rows["due"]
    offered = rows["offered"]
    # no contact got through (a whole period down): none abandoned, service breached
    abandon = (rows["abandoned"] / offered.where(offered > 0)).fillna(0.0)
    targets = [("service_level", sla.target, measured, service < sla.target)]
    if sla.max_abandon is not None:
        targets.append(("abandonment", sla.max_abandon, measured, abandon > sla.max_abandon))
    goals = queue_goals(scenario.queues[queue].goals, scenario.goals)
    if goals is None or "journey_customers" not in group:
        return targets
    for name, (top, bottom, scale) in GOALS.items():
        goal = getattr(goals, name)
        if goal is None:
            continue
        value = goal.target if name == "resolved_within" else goal
        counted = group[f"journey_{bottom}"].fillna(0) > 0
        rows = group[counted]
        numerator = rows[f"journey_{top[0]}"] - (rows[f"journey_{top[1]}"] if top[1:] else 0)
        measure = scale * numerator / rows[f"journey_{bottom}"]
        # churn is a ceiling, the others floors
        targets.append(
            (name, value, counted, measure > value if name == "churn" else measure < value)
        )
    return targets


def breach_table(scenario: Scenario, periods: pd.DataFrame) -> pd.DataFrame:
    """Return per queue, target and period (each day, then the week): the runs with contacts
    (offered or lost in an outage; for a satisfaction goal, customers), how many breached,
    P(breach) and its 95% Wilson interval. Targets: service_level, abandonment, and each
    satisfaction goal set for the queue or the centre (csat, fcr, nps, churn, resolved_within)."""
    rows = []
    days = sorted(set(periods["period"]) - {"week"})
    order = {period: i for i, period in enumerate([*days, "week"])}
    for (queue, period), group in periods.groupby(["queue", "period"], sort=False):
        for target, value, measured, breached in _targets(scenario, str(queue), group):
            n, k = int(measured.sum()), int(breached.sum())
            low, high = wilson_interval(k, n)
            rows.append(
                {
                    "queue": queue,
                    "target": target,
                    "target_value": value,
                    "period": period,
                    "runs": n,
                    "breaches": k,
                    "p_breach": k / n if n else np.nan,
                    "ci95_low": low,
                    "ci95_high": high,
                }
            )
    table = pd.DataFrame(rows)
    queues = {name: i for i, name in enumerate(scenario.queues)}
    names = {name: i for i, name in enumerate(["service_level", "abandonment", *GOALS])}
    ranked = pd.DataFrame(
        {
            "q": table["queue"].map(queues),
            "t": table["target"].map(names),
            "p": table["period"].map(order),
        }
    )
    return table.loc[ranked.sort_values(["q", "t", "p"], kind="stable").index].reset_index(
        drop=True
    )
