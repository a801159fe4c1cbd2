"""The planned period: its first day, its length in days and its interval grid."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import field_validator

from scenarios.base import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_HORIZON_DAYS,
    Frozen,
    bounded_int,
    quote,
)
from scenarios.calendar import MINUTES_PER_DAY

if TYPE_CHECKING:  # numpy and pandas are imported where used: `staffsim validate` needs neither
    import numpy as np
    import pandas as pd

HorizonDays = bounded_int(1, MAX_HORIZON_DAYS)


def check_year(moment: dt.date) -> dt.date:
    """Return a date (or date-time) whose year is plausible for a plan, else raise ValueError."""
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(
            f"the year {moment.year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}; check the date"
        )
    return moment


class Horizon(Frozen):
    """The planned period: first day, number of days and interval length."""

    start: dt.date
    days: HorizonDays
    interval_minutes: Literal[5, 10, 15, 20, 30, 60] = 15

    @field_validator("start", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("start is a date (YYYY-MM-DD) without a time of day")
        if not isinstance(value, (str, dt.date)):
            # pydantic would read a number as seconds since 1970
            raise ValueError(f"start is a date written YYYY-MM-DD, got {quote(value)}")
        return value

    @field_validator("start")
    @classmethod
    def _plausible_year(cls, value: dt.date) -> dt.date:
        return check_year(value)

    @property
    def intervals_per_day(self) -> int:
        """Return how many intervals make one day."""
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def n_intervals(self) -> int:
        """Return how many intervals the horizon holds."""
        return self.days * self.intervals_per_day

    @property
    def interval_seconds(self) -> float:
        """Return the length of one interval in seconds."""
        return 60.0 * self.interval_minutes

    def interval_starts(self) -> pd.DatetimeIndex:
        """Return the start time of every interval of the horizon."""
        import pandas as pd

        return pd.DatetimeIndex(self.interval_start_times(), name="interval_start")

    def interval_start_times(self) -> np.ndarray:
        """Return the start time of every interval of the horizon, as datetime64 in seconds."""
        import numpy as np

        step = np.timedelta64(60 * self.interval_minutes, "s")
        return np.datetime64(self.start, "s") + step * np.arange(self.n_intervals)

    def weekdays(self) -> np.ndarray:
        """Return the weekday (Monday = 0) of every day of the horizon."""
        import numpy as np

        return (self.start.weekday() + np.arange(self.days)) % 7

    def first_moment(self) -> dt.datetime:
        """Return the date-time the horizon starts at (midnight of its first day)."""
        return dt.datetime.combine(self.start, dt.time())

    def seconds_from_start(self, moment: object) -> float:
        """Return the seconds from the horizon's start to a moment (a date-time or text)."""
        return (as_moment(moment) - self.first_moment()).total_seconds()


def as_moment(value: object) -> dt.datetime:
    """Return a moment as a date-time: one given as such (pandas' Timestamp is one) as it is,
    else (text, a date, a numpy time) as pandas reads it."""
    if isinstance(value, dt.datetime):
        return value
    import pandas as pd  # here: scenario times are date-times once validated

    return pd.Timestamp(value).to_pydatetime()
