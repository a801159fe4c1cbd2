"""The scenario: typed, immutable, validated description of a contact centre and its week."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from scenarios.base import Frozen, NonNegativeFloat, PositiveFloat, Share
from scenarios.calendar import expand_day_mapping, parse_ranges
from scenarios.durations import DistributionFamily, Duration
from scenarios.errors import ScenarioError
from scenarios.events import Events
from scenarios.profiles import ProfileField
from scenarios.shift_rules import ShiftRules
from scenarios.shifts import ShiftList, parse_shifts
from scenarios.tables import CsvTable, csv_table, load_csv


class Horizon(Frozen):
    """The planned period: first day, number of days and interval length."""

    start: dt.date
    days: int = Field(ge=1, le=366)
    interval_minutes: Literal[5, 10, 15, 20, 30, 60] = 15

    @field_validator("start", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("start is a date (YYYY-MM-DD) without a time of day")
        return value

    @property
    def intervals_per_day(self) -> int:
        """Return how many intervals make one day."""
        return 24 * 60 // self.interval_minutes

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
        return pd.date_range(
            pd.Timestamp(self.start),
            periods=self.n_intervals,
            freq=pd.Timedelta(minutes=self.interval_minutes),
            name="interval_start",
        )


class ChannelKind(StrEnum):
    """How contacts of a channel are handled.

    voice: one at a time, callers abandon. chat: an agent holds up to `concurrency` at once,
    customers abandon. deferred (email, tickets): no abandonment, a backlog that carries over
    intervals and closed hours, worked when no live contact waits.
    """

    voice = "voice"
    chat = "chat"
    deferred = "deferred"

    @property
    def live(self) -> bool:
        """Return whether customers wait on the line (voice, chat) rather than in a backlog."""
        return self is not ChannelKind.deferred


class Channel(Frozen):
    """A way customers reach the centre, with its opening hours.

    A live channel receives contacts only while open; a deferred channel receives them at any
    time and its opening hours say when agents work the backlog.
    """

    kind: ChannelKind
    open: dict[str, str] = Field(default_factory=lambda: {"mon-sun": "00:00-24:00"})
    concurrency: int = Field(default=1, ge=1, le=20)
    concurrency_slowdown: NonNegativeFloat = 0.0

    @model_validator(mode="after")
    def _concurrency_is_for_chat(self) -> Channel:
        if self.kind is not ChannelKind.chat and (
            self.concurrency != 1 or self.concurrency_slowdown
        ):
            raise ValueError(
                f"concurrency applies to chat channels only; a {self.kind.value} agent holds "
                "one contact at a time"
            )
        return self

    @field_validator("open")
    @classmethod
    def _hours_parse(cls, value: dict[str, str]) -> dict[str, str]:
        expand_day_mapping(value)
        for text in value.values():
            parse_ranges(text)
        return value

    @cached_property
    def weekly_hours(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Return the opening (start, end) minutes for each weekday, Monday first."""
        by_day = expand_day_mapping(self.open)
        return tuple(parse_ranges(by_day.get(day, "closed")) for day in range(7))


class Sla(Frozen):
    """A service target: a share of contacts answered within a time, at most a share abandoned.

    Give the time in seconds (live channels) or hours (deferred work), not both.
    """

    answer_within_seconds: NonNegativeFloat | None = None
    answer_within_hours: PositiveFloat | None = None
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

    per_interval: NonNegativeFloat


class WeeklyVolume(Frozen):
    """A weekly total spread over days by a day profile and within days by an intraday profile."""

    weekly_total: NonNegativeFloat
    day_profile: dict[str, NonNegativeFloat] | None = None
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
    column: str = "volume"

    @model_validator(mode="after")
    def _column_present(self) -> CsvVolume:
        table: CsvTable = self.csv
        if self.column not in table.frame.columns:
            raise ValueError(f"CSV {table.path} has no column {self.column!r}")
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

    channel: str
    skill: str
    volume: Volume
    handle_time: Duration
    patience: Duration | None = None
    sla: Sla
    priority: int = Field(default=1, ge=1)


class SkillLevel(Frozen):
    """How a group handles one skill: handle-time multiplier (1.0 = standard) and preference.

    `priority` ranks a group's skills: an agent takes work of its priority-1 skills before
    priority-2 ones, and a contact goes to agents for whom its skill ranks best.
    """

    handle_time_multiplier: PositiveFloat = 1.0
    priority: int = Field(default=1, ge=1)


class AgentGroup(Frozen):
    """Agents who share skills and pay; `concurrency` overrides a chat channel's for them."""

    skills: dict[str, SkillLevel] = Field(min_length=1)
    cost_per_hour: NonNegativeFloat = 0.0
    concurrency: dict[str, Annotated[int, Field(ge=1, le=20)]] = Field(default_factory=dict)
    shift_types: tuple[str, ...] | None = None  # None: every type of the scenario's shift rules
    min_agents: int | None = Field(default=None, ge=0)
    max_agents: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _headcount(self) -> AgentGroup:
        low, high = self.min_agents, self.max_agents
        if low is not None and high is not None and low > high:
            raise ValueError(f"min_agents {low} is above max_agents {high}")
        return self

    @field_validator("skills", mode="before")
    @classmethod
    def _number_is_multiplier(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: {"handle_time_multiplier": v} if isinstance(v, (int, float)) else v
                for k, v in value.items()
            }
        return value


def _staffing_entry(key: str, value: Any, info: ValidationInfo) -> int | CsvTable | ShiftList:
    if key == "shifts":
        return parse_shifts(value, info)
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"staffing is a whole number of agents or a CSV file, got {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"agents must be 0 or more, got {value:g}")
        return int(value)
    if isinstance(value, CsvTable) or (isinstance(value, str) and value.endswith(".csv")):
        return load_csv(value, info, ("interval_start", "group", "agents"))
    raise ValueError(
        "staffing is a whole number of agents or a .csv file "
        f"(interval_start, group, agents), got {value!r}"
    )


def _staffing(value: Any, info: ValidationInfo) -> dict[str, int | CsvTable | ShiftList]:
    if not isinstance(value, dict):
        raise ValueError("staffing maps each group to agents (a number or a CSV), or gives shifts")
    parsed = {}
    for key, entry in value.items():
        try:
            parsed[str(key)] = _staffing_entry(str(key), entry, info)
        except ValueError as exc:
            raise ScenarioError(
                str(exc).removeprefix("Value error, "), path=f"staffing.{key}"
            ) from None
    return parsed


def _staffing_document(value: dict[str, Any]) -> dict[str, Any]:
    return {
        key: entry.source
        if isinstance(entry, ShiftList)
        else str(entry.path)
        if isinstance(entry, CsvTable)
        else entry
        for key, entry in value.items()
    }


Staffing = Annotated[
    dict[str, int | CsvTable | ShiftList],
    PlainValidator(_staffing),
    PlainSerializer(_staffing_document),
]


class Scenario(Frozen):
    """A contact centre over a horizon: channels, queues, agent groups and their staffing."""

    name: str = Field(min_length=1)
    description: str = ""
    horizon: Horizon
    channels: dict[str, Channel] = Field(min_length=1)
    queues: dict[str, Queue] = Field(min_length=1)
    agent_groups: dict[str, AgentGroup] = Field(min_length=1)
    staffing: Staffing = Field(default_factory=dict)
    shifts: ShiftRules | None = None  # the rules a plan's shifts follow (staffsim plan)
    events: Events = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        from scenarios.checks import check_scenario  # the checks need the whole model

        check_scenario(self)
        return self

    @property
    def shift_staffing(self) -> ShiftList | None:
        """Return the shifts agents work, when staffing is given as shifts."""
        entry = self.staffing.get("shifts")
        return entry if isinstance(entry, ShiftList) else None

    @property
    def skills(self) -> tuple[str, ...]:
        """Return every skill some queue needs, in queue order."""
        return tuple(dict.fromkeys(q.skill for q in self.queues.values()))


__all__ = [
    "AgentGroup",
    "Channel",
    "ChannelKind",
    "CsvVolume",
    "DistributionFamily",
    "Duration",
    "Horizon",
    "PerIntervalVolume",
    "Queue",
    "Scenario",
    "SkillLevel",
    "Sla",
    "WeeklyVolume",
]
