"""Placing clock times and CSV rows on the horizon's interval grid."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.base import quote
from scenarios.calendar import MINUTES_PER_DAY, format_clock
from scenarios.channels import Channel
from scenarios.horizon import Horizon, as_moment
from scenarios.tables import parse_timestamps

if TYPE_CHECKING:  # numpy and pandas are imported where used: `staffsim validate` needs neither
    import numpy as np
    import pandas as pd


def interval_positions(values: pd.Series, horizon: Horizon, path: Path) -> np.ndarray:
    """Return the interval number of each CSV interval_start; off-grid or outside rows raise."""
    import numpy as np
    import pandas as pd

    stamps = parse_timestamps(values, path)
    offset = (stamps - pd.Timestamp(horizon.start)).dt.total_seconds().to_numpy()
    position = offset / horizon.interval_seconds
    index = np.round(position).astype(np.int64)
    bad = (np.abs(position - index) > 1e-9) | (index < 0) | (index >= horizon.n_intervals)
    if bad.any():
        row = int(bad.argmax())
        raise ValueError(
            f"CSV {path} row {row + 2}: interval_start {quote(values.iloc[row])} is not the "
            f"start of a {horizon.interval_minutes}-minute interval between {horizon.start} and "
            "the horizon's end"
        )
    return index


def weekly_opening(channel: Channel, step: int) -> list[list[bool]]:
    """Return, for each weekday (Monday first), whether the channel is open in each interval."""
    per_day = MINUTES_PER_DAY // step
    weekly = [[False] * per_day for _ in range(7)]
    for day, ranges in enumerate(channel.weekly_hours):
        for start, end in ranges:
            weekly[day][start // step : end // step] = [True] * (end // step - start // step)
    return weekly


def weekly_arrivals(channel: Channel, step: int) -> list[list[bool]]:
    """Return, for each weekday, whether contacts may arrive in each interval: live channels
    only while open."""
    if channel.kind.live:
        return weekly_opening(channel, step)
    return [[True] * (MINUTES_PER_DAY // step) for _ in range(7)]


def open_intervals(channel: Channel, horizon: Horizon) -> np.ndarray:
    """Return, for every interval of the horizon, whether the channel is open in it."""
    import numpy as np

    weekly = np.array(weekly_opening(channel, horizon.interval_minutes), dtype=bool)
    return weekly[horizon.weekdays()].reshape(-1)


def check_on_grid(channel: Channel, horizon: Horizon) -> None:
    """Raise ValueError when opening hours do not fall on the interval grid."""
    step = horizon.interval_minutes
    for ranges in channel.weekly_hours:
        for minute in (m for pair in ranges for m in pair):
            if minute % step:
                raise ValueError(
                    f"opening time {format_clock(minute)} is not on the {step}-minute interval grid"
                )


def arrival_intervals(channel: Channel, horizon: Horizon) -> np.ndarray:
    """Return, per interval, whether contacts may arrive: live channels only while open."""
    import numpy as np

    weekly = np.array(weekly_arrivals(channel, horizon.interval_minutes), dtype=bool)
    return weekly[horizon.weekdays()].reshape(-1)


def window_slice(start: object, end: object, horizon: Horizon) -> slice:
    """Return the intervals whose start lies within [start, end), as a slice of the horizon."""

    def first_at_or_after(moment: object) -> int:
        position = math.ceil(horizon.seconds_from_start(moment) / horizon.interval_seconds)
        return min(max(position, 0), horizon.n_intervals)

    return slice(first_at_or_after(start), first_at_or_after(end))


def window_intervals(start: object, end: object, horizon: Horizon) -> np.ndarray:
    """Return, per interval, whether it lies within [start, end) (which fall on the grid)."""
    import numpy as np

    inside = np.zeros(horizon.n_intervals, dtype=bool)
    inside[window_slice(start, end, horizon)] = True
    return inside


def check_window(start: object, end: object, horizon: Horizon) -> None:
    """Raise ValueError when a window is off the interval grid or outside the horizon."""
    first = horizon.first_moment()
    last = first + dt.timedelta(days=horizon.days)
    for label, moment in (("start", as_moment(start)), ("end", as_moment(end))):
        if not first <= moment <= last:
            raise ValueError(f"the window's {label} {moment} is outside the horizon")
        if (moment - first) % dt.timedelta(minutes=horizon.interval_minutes):
            raise ValueError(
                f"the window's {label} {moment} is not on the {horizon.interval_minutes}-minute "
                "interval grid"
            )
