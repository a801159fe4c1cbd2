"""The rules shifts must follow when a plan is made: types, breaks, the weekly tour."""

from __future__ import annotations

from pydantic import Field, model_validator

from scenarios.base import (
    MAX_ENTRIES,
    MAX_SHIFT_HOURS,
    BreakMinutes,
    Frozen,
    Name,
    bounded_float,
    bounded_int,
)
from scenarios.calendar import MINUTES_PER_DAY, parse_clock

Minutes = bounded_int(0, MINUTES_PER_DAY)


class BreakRule(Frozen):
    """A break every shift of a type takes, somewhere within a window from the shift's start."""

    minutes: BreakMinutes
    paid: bool = False
    start_after_minutes: Minutes
    end_before_minutes: Minutes

    @model_validator(mode="after")
    def _fits(self) -> BreakRule:
        if self.start_after_minutes + self.minutes > self.end_before_minutes:
            raise ValueError(
                f"a {self.minutes}-minute break cannot start after minute "
                f"{self.start_after_minutes} and end before minute {self.end_before_minutes}"
            )
        return self


ShiftHours = bounded_float(MAX_SHIFT_HOURS, positive=True)
StepMinutes = bounded_int(1, 240)


class ShiftType(Frozen):
    """A kind of shift: its length, the window its start may fall in, and its breaks."""

    length_hours: ShiftHours
    start: tuple[str, str]
    start_step_minutes: StepMinutes = 30
    breaks: tuple[BreakRule, ...] = Field(default=(), max_length=MAX_ENTRIES)

    @model_validator(mode="after")
    def _consistent(self) -> ShiftType:
        earliest, latest = parse_clock(self.start[0]), parse_clock(self.start[1])
        if latest < earliest:
            raise ValueError(f"the start window {self.start[0]}-{self.start[1]} is backwards")
        for rule in self.breaks:
            if rule.end_before_minutes > self.length_minutes:
                raise ValueError(
                    f"a break ending before minute {rule.end_before_minutes} falls outside a "
                    f"{self.length_hours:g}-hour shift"
                )
        return self

    @property
    def length_minutes(self) -> int:
        """Return the shift's length in minutes."""
        return round(self.length_hours * 60)

    def start_minutes(self) -> list[int]:
        """Return every allowed start, in minutes after midnight."""
        earliest, latest = parse_clock(self.start[0]), parse_clock(self.start[1])
        return list(range(earliest, latest + 1, self.start_step_minutes))

    @property
    def paid_minutes(self) -> int:
        """Return the paid minutes of a shift: its length less its unpaid breaks."""
        return self.length_minutes - sum(b.minutes for b in self.breaks if not b.paid)


DaysOn = bounded_int(1, 7)
DaysOff = bounded_int(0, 6)


class WeekRule(Frozen):
    """A weekly tour: days on per week, with the days off consecutive."""

    days_on: DaysOn
    consecutive_days_off: DaysOff = 0

    @model_validator(mode="after")
    def _fits(self) -> WeekRule:
        if self.consecutive_days_off > 7 - self.days_on:
            raise ValueError(
                f"{self.consecutive_days_off} consecutive days off do not fit beside "
                f"{self.days_on} days on"
            )
        return self


class ShiftRules(Frozen):
    """Shift types agents may work and an optional weekly tour rule."""

    types: dict[Name, ShiftType] = Field(min_length=1, max_length=MAX_ENTRIES)
    week: WeekRule | None = None
