"""Staffing given as shifts: who logs in when, their breaks, and when they leave."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    PlainValidator,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from scenarios.base import Agents, BreakMinutes, Frozen, Name, path_part, quote
from scenarios.calendar import MINUTES_PER_DAY, parse_clock, parse_days
from scenarios.horizon import check_year
from scenarios.tables import read_rows, resolve_path

if TYPE_CHECKING:  # pandas is imported where a table is used: `staffsim validate` needs none
    import pandas as pd


def _day_spec(value: Any) -> str:
    if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
        raise ValueError(f"days is a date (YYYY-MM-DD) or weekdays (mon-fri), got {quote(value)}")
    text = str(value).strip()
    if not text[:1].isdigit():
        parse_days(text)
        return text
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{quote(text)} is not a valid date (YYYY-MM-DD)") from None
    check_year(day)
    return text


class Break(Frozen):
    """A break within a shift: when it is due and how long it lasts."""

    start: str
    minutes: BreakMinutes

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

    group: Name
    days: Annotated[str, PlainValidator(lambda v: _day_spec(v))]
    start: str
    end: str
    agents: Agents = 1
    breaks: tuple[Break, ...] = ()
    shift_type: Name | None = None

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
    if text is None or (isinstance(text, float) and math.isnan(text)) or not str(text).strip():
        return []
    breaks = []
    for part in str(text).replace(";", " ").split():
        start, sep, minutes = part.partition("+")
        if not sep:
            raise ValueError(f"a break is written start+minutes, like 12:00+30, got {quote(part)}")
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
        k: v for k, v in row.items() if k in known and not (isinstance(v, float) and math.isnan(v))
    }
    if "agents" in row and "agents" not in fields:
        # an empty cell is not the default of one agent: the export lost a number
        raise ValueError("agents is empty")
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
                where = ".".join(map(path_part, detail["loc"]))
                rule = detail["msg"].removeprefix("Value error, ")
                raise ValueError(
                    f"shift {number}{f' ({where})' if where else ''}: {rule}"
                ) from None
        return ShiftList(tuple(shifts), source=list(value))
    if isinstance(value, str) and value.endswith(".csv"):
        path = resolve_path(value, info)
        shifts = []
        for number, row in enumerate(read_rows(path, ("group", "day", "start", "end")), start=2):
            try:
                shifts.append(_row_shift(row))
            except (ValidationError, ValueError) as exc:
                detail = exc.errors()[0] if isinstance(exc, ValidationError) else None
                rule = detail["msg"].removeprefix("Value error, ") if detail else str(exc)
                where = (
                    f" ({'.'.join(map(path_part, detail['loc']))})"
                    if detail and detail["loc"]
                    else ""
                )
                raise ValueError(f"CSV {path} row {number}{where}: {rule}") from None
        return ShiftList(tuple(shifts), source=str(path))
    raise ValueError(f"shifts are a list of shifts or a .csv file, got {quote(value)}")


@dataclass(frozen=True)
class AgentShift:
    """One agent's working day in seconds from the horizon start."""

    group: str
    login: float
    logout: float
    breaks: tuple[tuple[float, float], ...]  # (due, seconds)


def working_days(
    shift: Shift, start: dt.date, days: int
) -> list[tuple[float, float, tuple[tuple[float, float], ...]]]:
    """Return (login, logout, breaks) in seconds from the horizon start for each day a shift
    is worked within the horizon; breaks are (due, seconds) in order."""
    login_minute = parse_clock(shift.start)
    try:
        dates = [(dt.date.fromisoformat(shift.days) - start).days]
    except ValueError:
        weekdays = set(parse_days(shift.days))
        dates = [d for d in range(days) if (start.weekday() + d) % 7 in weekdays]
    ordered = sorted(shift.breaks, key=lambda b: (b.start_minute - login_minute) % MINUTES_PER_DAY)
    worked = []
    for day in dates:
        if not 0 <= day < days:
            continue
        login = (day * MINUTES_PER_DAY + login_minute) * 60.0
        breaks = tuple(
            (login + ((b.start_minute - login_minute) % MINUTES_PER_DAY) * 60.0, b.minutes * 60.0)
            for b in ordered
        )
        worked.append((login, login + shift.length_minutes * 60.0, breaks))
    return worked


def agent_shifts(shifts: tuple[Shift, ...], start: dt.date, days: int) -> list[AgentShift]:
    """Return every agent's shift over the horizon, in order of login."""
    agents = []
    for shift in shifts:
        for login, logout, breaks in working_days(shift, start, days):
            agents.extend(
                AgentShift(shift.group, login, logout, breaks) for _ in range(shift.agents)
            )
    agents.sort(key=lambda a: a.login)
    return agents


def shifts_from_table(table: pd.DataFrame) -> ShiftList:
    """Return the shifts of a table with plan.csv's columns (group, day, start, end, agents,
    breaks as "12:00+30 15:00+15"): how a plan made in Python is simulated."""
    return ShiftList(tuple(_row_shift(row) for row in table.to_dict("records")), source=None)
