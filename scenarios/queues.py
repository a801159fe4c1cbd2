"""Queues (contact types): volume, handle time, patience, service target and priority."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Tag, field_validator, model_validator

from scenarios.base import (
    ContactsPerInterval,
    ContactsPerWeek,
    Frozen,
    Hours,
    Name,
    Priority,
    ProfileWeight,
    Share,
    TargetSeconds,
    quote,
)
from scenarios.calendar import expand_day_mapping
from scenarios.durations import Duration
from scenarios.profiles import ProfileField
from scenarios.tables import CsvTable, csv_table


class Sla(Frozen):
    """A service target: a share of contacts answered within a time, at most a share abandoned.

    Give the time in seconds (live channels) or hours (deferred work), not both.
    """

    answer_within_seconds: TargetSeconds | None = None
    answer_within_hours: Hours | None = None
    target: Share
    max_abandon: Share | None = None

    @model_validator(mode="after")
    def _one_time(self) -> Sla:
        if (self.answer_within_seconds is None) == (self.answer_within_hours is None):
            raise ValueError("give one of answer_within_seconds or answer_within_hours")
        return self

    @property
    def within_seconds(self) -> float:
        """Return the target time in seconds."""
        if self.answer_within_hours is not None:
            return 3600.0 * self.answer_within_hours
        return float(self.answer_within_seconds)


class PerIntervalVolume(Frozen):
    """The same expected number of contacts in every open interval."""

    per_interval: ContactsPerInterval


class WeeklyVolume(Frozen):
    """A weekly total spread over days by a day profile and within days by an intraday profile."""

    weekly_total: ContactsPerWeek
    day_profile: dict[str, ProfileWeight] | None = None
    intraday_profile: ProfileField | None = None

    @field_validator("day_profile")
    @classmethod
    def _days_parse(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is not None:
            expand_day_mapping(value)
            if not any(w > 0 for w in value.values()):
                raise ValueError("a day profile needs at least one weight above 0")
        return value

    def day_weights(self) -> tuple[float, ...]:
        """Return the relative weight of each weekday, Monday first (None: equal weights)."""
        if self.day_profile is None:
            return (1.0,) * 7
        by_day = expand_day_mapping(self.day_profile)
        return tuple(float(by_day.get(day, 0.0)) for day in range(7))


class CsvVolume(Frozen):
    """Expected contacts per interval read from a CSV file (interval_start and a volume column)."""

    csv: csv_table("interval_start")  # type: ignore[valid-type]
    column: Name = "volume"

    @model_validator(mode="after")
    def _column_present(self) -> CsvVolume:
        table: CsvTable = self.csv
        if self.column not in table.frame.columns:
            raise ValueError(f"CSV {table.path} has no column {quote(self.column)}")
        return self


def _volume_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {PerIntervalVolume: "per_interval", WeeklyVolume: "weekly", CsvVolume: "csv"}.get(
            type(value)
        )
    if isinstance(value, dict):
        for key, tag in (
            ("per_interval", "per_interval"),
            ("weekly_total", "weekly"),
            ("csv", "csv"),
        ):
            if key in value:
                return tag
    return None


Volume = Annotated[
    Annotated[PerIntervalVolume, Tag("per_interval")]
    | Annotated[WeeklyVolume, Tag("weekly")]
    | Annotated[CsvVolume, Tag("csv")],
    Discriminator(
        _volume_kind,
        custom_error_type="volume_kind",
        custom_error_message="volume needs one of per_interval, weekly_total or csv",
    ),
]


class Queue(Frozen):
    """A contact type: where it arrives, who may take it, how long it takes, what is promised."""

    channel: Name
    skill: Name
    volume: Volume
    handle_time: Duration
    patience: Duration | None = None
    sla: Sla
    priority: Priority = 1
