"""What the report reads off a run: the horizon, each queue's targets, emergency windows, means
across replications with confidence intervals, and a plan's agents on duty by day and hour."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from report.charts import Window
from report.runs import Run

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Horizon:
    """The days a run covers and its interval length."""

    start: dt.date
    days: int
    interval_minutes: int

    def hours(self, times: pd.Series) -> np.ndarray:
        """Return each interval's middle in hours from the horizon's start."""
        origin = pd.Timestamp(self.start)
        offset = (pd.to_datetime(times) - origin) / pd.Timedelta(hours=1)
        return np.asarray(offset, dtype=float) + self.interval_minutes / 120


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def horizon(run: Run, times: pd.Series) -> Horizon:
    """Return the run's horizon from its scenario, or from the times in its table."""
    given = _mapping(run.scenario.get("horizon"))
    try:
        start = dt.date.fromisoformat(str(given["start"]))
        return Horizon(start, int(given["days"]), int(given["interval_minutes"]))
    except (KeyError, TypeError, ValueError):
        pass
    times = pd.to_datetime(times)
    first, last = times.min(), times.max()
    steps = np.diff(np.unique(times.to_numpy()))
    minutes = int(steps.min() / np.timedelta64(1, "m")) if len(steps) else 60
    days = max(1, math.ceil((last - first.normalize()) / pd.Timedelta(days=1) + 1e-9))
    return Horizon(first.date(), days, minutes)


@dataclass(frozen=True)
class QueueFacts:
    """A queue's channel kind and targets, as its scenario states them."""

    kind: str  # voice, chat, deferred or "" when the scenario is not at hand
    target: float | None
    max_abandon: float | None
    within: str  # "20 s", "4 h"


def queue_facts(run: Run, queue: str) -> QueueFacts:
    """Return what the run's scenario says of a queue (empty when it says nothing)."""
    spec = _mapping(_mapping(run.scenario.get("queues")).get(queue))
    channel = _mapping(_mapping(run.scenario.get("channels")).get(str(spec.get("channel"))))
    sla = _mapping(spec.get("sla"))
    within = ""
    if isinstance(sla.get("answer_within_seconds"), int | float):
        within = f"{sla['answer_within_seconds']:g} s"
    elif isinstance(sla.get("answer_within_hours"), int | float):
        within = f"{sla['answer_within_hours']:g} h"
    return QueueFacts(
        kind=str(channel.get("kind", "")),
        target=_share(sla.get("target")),
        max_abandon=_share(sla.get("max_abandon")),
        within=within,
    )


def _share(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and 0 <= value <= 1 else None


def windows(run: Run, start: dt.date) -> list[Window]:
    """Return the scenario's emergencies as windows in hours from the horizon's start."""
    events = run.scenario.get("events")
    shaded = []
    for event in events if isinstance(events, list) else []:
        event = _mapping(event)
        try:
            begin, end = pd.Timestamp(event["start"]), pd.Timestamp(event["end"])
        except (KeyError, TypeError, ValueError):
            continue
        origin = pd.Timestamp(start)
        where = event.get("queue") or event.get("channel") or event.get("group") or ""
        shaded.append(
            Window(
                (begin - origin) / pd.Timedelta(hours=1),
                (end - origin) / pd.Timedelta(hours=1),
                f"{event.get('type', 'event')} {where}: {begin:%a %H:%M} to {end:%a %H:%M}",
            )
        )
    return shaded


def across_replications(frame: pd.DataFrame, value: str, by: list[str]) -> pd.DataFrame:
    """Return per `by` the mean of `value` over replications and its 95% Student-t interval
    (columns mean, low, high; low and high are NaN with fewer than two numbers)."""
    from scipy import stats  # here: scipy.stats costs start-up to every command

    grouped = frame.groupby(by, sort=True)[value]
    table = grouped.agg(["mean", "std", "count"]).reset_index()
    n = table["count"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = stats.t.ppf(0.975, np.where(n > 1, n - 1, np.nan))
        half = quantile * table["std"].to_numpy(dtype=float) / np.sqrt(n)
    return table.assign(low=table["mean"] - half, high=table["mean"] + half)


def _clock_minutes(clock: str) -> int:
    hours, minutes = str(clock).split(":")
    return int(hours) * 60 + int(minutes)


def on_duty_by_hour(plan: pd.DataFrame, start: dt.date, days: int) -> np.ndarray:
    """Return a plan's agents on duty (not on a break) by day and hour: a days x 24 array of
    hourly means. A shift ending at or before its start ends the next day; a break clock
    before the start is the next day."""
    minutes = (days + 1) * MINUTES_PER_DAY  # a night shift may run into the day after
    change = np.zeros(minutes + 1)
    for row in plan.itertuples(index=False):
        base = (pd.Timestamp(row.day).date() - start).days * MINUTES_PER_DAY
        login = _clock_minutes(row.start)
        logout = _clock_minutes(row.end)
        if logout <= login:
            logout += MINUTES_PER_DAY
        spans = [(login, logout, row.agents)]
        breaks = getattr(row, "breaks", "")
        for part in str(breaks if isinstance(breaks, str) else "").split():
            clock, _, length = part.partition("+")
            due = _clock_minutes(clock)
            due += MINUTES_PER_DAY if due < login else 0
            spans.append((due, due + int(length), -row.agents))
        for first, last, agents in spans:
            lo, hi = np.clip([base + first, base + last], 0, minutes)
            change[lo] += agents
            change[hi] -= agents
    per_minute = np.cumsum(change)[: days * MINUTES_PER_DAY]
    return per_minute.reshape(days, 24, 60).mean(axis=2)
