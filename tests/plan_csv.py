"""A plan.csv read apart from the code that wrote it: each row's shifts, and agents on duty.

A row puts `agents` agents of `group` to work on `day` from `start` to `end` (an end at or
before the start is the next day; "24:00" is midnight), away for each break written
`HH:MM+minutes` (a break clock before the start is the next day).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MINUTE = pd.Timedelta(minutes=1)
DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class PlannedShift:
    """One plan.csv row: agents of a group logged in from start to end, away in the breaks."""

    group: str
    agents: int
    start: pd.Timestamp
    end: pd.Timestamp
    breaks: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]


def at_clock(day: pd.Timestamp, clock: str) -> pd.Timestamp:
    """Return the moment a clock time ("08:30", "24:00") falls on a day."""
    hours, minutes = clock.split(":")
    return day + pd.Timedelta(hours=int(hours), minutes=int(minutes))


def planned_shifts(plan: pd.DataFrame) -> list[PlannedShift]:
    """Return the shifts of a plan.csv frame, one per row."""
    shifts = []
    for row in plan.itertuples():
        day = pd.Timestamp(row.day)
        start = at_clock(day, row.start)
        end = at_clock(day, row.end)
        if end <= start:
            end += DAY
        breaks = []
        for part in row.breaks.split() if isinstance(row.breaks, str) else []:
            clock, minutes = part.split("+")
            begin = at_clock(day, clock)
            if begin < start:
                begin += DAY
            breaks.append((begin, begin + int(minutes) * MINUTE))
        shifts.append(PlannedShift(row.group, int(row.agents), start, end, tuple(breaks)))
    return shifts


def on_duty(
    plan: pd.DataFrame, first: pd.Timestamp, intervals: int, step_minutes: int
) -> pd.DataFrame:
    """Return the mean agents on duty over each interval's minutes (rows, from `first`) per
    group (columns) that plan.csv puts to work: logged in and not on a break."""
    minutes = intervals * step_minutes
    lines: dict[str, np.ndarray] = {}

    def span(begin: pd.Timestamp, end: pd.Timestamp) -> slice:
        def clip(moment: pd.Timestamp) -> int:
            return int(min(max((moment - first) // MINUTE, 0), minutes))

        return slice(clip(begin), clip(end))

    for shift in planned_shifts(plan):
        line = lines.setdefault(shift.group, np.zeros(minutes))
        line[span(shift.start, shift.end)] += shift.agents
        for begin, end in shift.breaks:
            line[span(begin, end)] -= shift.agents
    index = pd.date_range(first, periods=intervals, freq=f"{step_minutes}min")
    return pd.DataFrame(
        {g: line.reshape(intervals, step_minutes).mean(axis=1) for g, line in lines.items()},
        index=index,
    )
