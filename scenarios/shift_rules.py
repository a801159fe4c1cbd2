"""The rules shifts must follow when a plan is made: types, breaks, the weekly tour."""

from __future__ import annotations

from pydantic import Field, model_validator

from scenarios.base import Frozen, PositiveFloat
from scenarios.calendar import parse_clock


class BreakRule(Frozen):
    """A break every shift of a type takes, somewhere within a window from the shift's start."""

    minutes: int = Field(gt=0, le=240)
    paid: bool = False
    start_after_minutes: int = Field(ge=0)
    end_before_minutes: int = Field(gt=0)

    @model_validator(mode="after")
    def _fits(self) -> BreakRule:
        if self.start_after_minutes + self.minutes > self.end_before_minutes:
            raise ValueError(
                f"a {self.minutes}-minute break cannot start after minute "
                f"{self.start_after_minutes} and end before minute {self.end_before_minutes}"
            )
        return self


class ShiftType(Frozen):
    """A kind of shift: its length, the window its start may fall in, and its breaks."""

    length_hours: PositiveFloat = Field(le=16)
    start: tuple[str, str]
    start_step_minutes: int = Field(default=30, gt=0, le=240)
    breaks: tuple[BreakRule, ...] = ()

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


class WeekRule(Frozen):
    """A weekly tour: days on per week, with the days off consecutive."""

    days_on: int = Field(ge=1, le=7)
    consecutive_days_off: int = Field(default=0, ge=0, le=6)

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

    types: dict[str, ShiftType] = Field(min_length=1)
    week: WeekRule | None = None
