"""Staffing given as shifts: who logs in when, their breaks, and when they leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

import pandas as pd
from pydantic import (
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from scenarios.base import Frozen
from scenarios.calendar import MINUTES_PER_DAY, parse_clock, parse_days
from scenarios.tables import load_csv


def _day_spec(value: str) -> str:
    text = str(value).strip()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        parse_days(text)
    return text


class Break(Frozen):
    """A break within a shift: when it is due and how long it lasts."""

    start: str
    minutes: int = Field(gt=0, le=240)

    @property
    def start_minute(self) -> int:
        """Return the minutes after midnight the break is due."""
        return parse_clock(self.start)


class Shift(Frozen):
    """Agents of a group working from start to end on some days, with breaks.

    `days` is a date (2026-01-05) or weekdays (mon, mon-fri, sat,sun); an end at or before the
    start ends the next day. An agent takes each break when due, after finishing the contact
    in hand, and leaves at the end likewise.
    """

    group: str
    days: Annotated[str, PlainValidator(lambda v: _day_spec(v))]
    start: str
    end: str
    agents: int = Field(default=1, ge=0)
    breaks: tuple[Break, ...] = ()
    shift_type: str | None = None

    @model_validator(mode="after")
    def _breaks_within(self) -> Shift:
        parse_clock(self.start)
        parse_clock(self.end, allow_end_of_day=True)
        length = self.length_minutes
        for item in self.breaks:
            offset = (item.start_minute - parse_clock(self.start)) % MINUTES_PER_DAY
            if offset + item.minutes > length:
                raise ValueError(f"the break at {item.start} does not fall within the shift")
        return self

    @property
    def length_minutes(self) -> int:
        """Return the shift's length from login to logout, breaks included."""
        start, end = parse_clock(self.start), parse_clock(self.end, allow_end_of_day=True)
        return (end - start) % MINUTES_PER_DAY or MINUTES_PER_DAY


def _breaks_from_text(text: Any) -> list[dict[str, Any]]:
    """Return breaks written as "12:00+30 15:00+15" (start + minutes) in a CSV cell."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return []
    breaks = []
    for part in str(text).replace(";", " ").split():
        start, sep, minutes = part.partition("+")
        if not sep:
            raise ValueError(f"a break is written start+minutes, like 12:00+30, got {part!r}")
        breaks.append({"start": start, "minutes": minutes})
    return breaks


@dataclass(frozen=True, eq=False)
class ShiftList:
    """The shifts of a scenario, and the file they came from (if any)."""

    shifts: tuple[Shift, ...]
    source: Any


def _row_shift(row: dict[str, Any]) -> Shift:
    known = ("group", "day", "days", "start", "end", "agents", "breaks", "shift_type")
    fields = {
        k: v for k, v in row.items() if k in known and not (isinstance(v, float) and pd.isna(v))
    }
    if "day" in fields:
        fields["days"] = fields.pop("day")
    fields["breaks"] = _breaks_from_text(fields.get("breaks"))
    return Shift.model_validate(
        {k: str(v) if k in ("days", "start", "end") else v for k, v in fields.items()}
    )


def parse_shifts(value: Any, info: ValidationInfo | None = None) -> ShiftList:
    """Return shifts from a list of mappings or a CSV (group, day, start, end, agents, breaks)."""
    if isinstance(value, ShiftList):
        return value
    if isinstance(value, (list, tuple)):
        shifts = []
        for number, item in enumerate(value):
            try:
                shifts.append(Shift.model_validate(item))
            except ValidationError as exc:
                detail = exc.errors()[0]
                where = ".".join(map(str, detail["loc"]))
                rule = detail["msg"].removeprefix("Value error, ")
                raise ValueError(
                    f"shift {number}{f' ({where})' if where else ''}: {rule}"
                ) from None
        return ShiftList(tuple(shifts), source=list(value))
    if isinstance(value, str) and value.endswith(".csv"):
        table = load_csv(value, info, ("group", "day", "start", "end"))
        shifts = []
        for number, row in enumerate(table.frame.to_dict("records"), start=2):
            try:
                shifts.append(_row_shift(row))
            except (ValidationError, ValueError) as exc:
                detail = exc.errors()[0] if isinstance(exc, ValidationError) else None
                rule = detail["msg"].removeprefix("Value error, ") if detail else str(exc)
                where = (
                    f" ({'.'.join(map(str, detail['loc']))})" if detail and detail["loc"] else ""
                )
                raise ValueError(f"CSV {table.path} row {number}{where}: {rule}") from None
        return ShiftList(tuple(shifts), source=str(table.path))
    raise ValueError(f"shifts are a list of shifts or a .csv file, got {value!r}")


@dataclass(frozen=True)
class AgentShift:
    """One agent's working day in seconds from the horizon start."""

    group: str
    login: float
    logout: float
    breaks: tuple[tuple[float, float], ...]  # (due, seconds)


def agent_shifts(shifts: tuple[Shift, ...], start: dt.date, days: int) -> list[AgentShift]:
    """Return every agent's shift over the horizon, in order of login."""
    agents = []
    for shift in shifts:
        login_minute = parse_clock(shift.start)
        try:
            dates = [(dt.date.fromisoformat(shift.days) - start).days]
        except ValueError:
            weekdays = set(parse_days(shift.days))
            dates = [d for d in range(days) if (start.weekday() + d) % 7 in weekdays]
        for day in dates:
            if not 0 <= day < days:
                continue
            login = (day * MINUTES_PER_DAY + login_minute) * 60.0
            breaks = tuple(
                (
                    login + ((b.start_minute - login_minute) % MINUTES_PER_DAY) * 60.0,
                    b.minutes * 60.0,
                )
                for b in sorted(
                    shift.breaks, key=lambda b: (b.start_minute - login_minute) % MINUTES_PER_DAY
                )
            )
            logout = login + shift.length_minutes * 60.0
            agents.extend(
                AgentShift(shift.group, login, logout, breaks) for _ in range(shift.agents)
            )
    agents.sort(key=lambda a: a.login)
    return agents
