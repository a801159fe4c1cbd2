"""Queues (contact types): volume, handle time, patience, service target, priority, and the
customer journey through them (tiers, bot, resolution, escalation, repeats, retries, goals)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Tag, field_validator, model_validator

from scenarios.base import (
    ContactsPerInterval,
    ContactsPerWeek,
    Frozen,
    Name,
    Priority,
    ProfileWeight,
    quote,
)
from scenarios.calendar import expand_day_mapping
from scenarios.durations import Duration
from scenarios.events import Retry
from scenarios.flows import Bot, Escalation, Repeat, Resolution
from scenarios.goals import Goals
from scenarios.profiles import ProfileField
from scenarios.sla import Sla
from scenarios.tables import CsvTable, csv_table
from scenarios.tiers import Tiers


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
    # the customer's journey (scenarios.tiers, scenarios.flows); none of it: served once
    tiers: Tiers | None = None
    bot: Bot | None = None
    resolution: Resolution | None = None
    escalation: Escalation | None = None
    repeat: Repeat | None = None
    retry: Retry | None = None  # customers who abandon and try again
    goals: Goals | None = None
