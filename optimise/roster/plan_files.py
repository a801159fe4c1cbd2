"""The files a plan's roster reads, each row checked: the agents file and plan.csv.

Both come from people and other systems: a problem names the file, row and column and quotes
at most one cell. A plan.csv is checked against the scenario the plan was made for (its
groups, shift types and horizon), so a stale or edited plan fails here, not in the solver.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.roster.inputs import Row, cell, check_id, parse_number, read_rows
from scenarios import InputError, Scenario
from scenarios.calendar import MINUTES_PER_DAY, format_clock, parse_clock, parse_days


def listing(names: Iterable[object], limit: int = 10) -> str:
    """Return names joined by commas for a message: the first `limit`, each cut short."""
    texts = [str(n) for n in names]
    shown = ", ".join(n if len(n) <= 40 else cell(n) for n in texts[:limit])
    return shown if len(texts) <= limit else f"{shown}, ... ({len(texts)} in all)"


@dataclass(frozen=True)
class Agent:
    """A named agent: group, weekly contract hours, days they cannot work, preferred shifts."""

    id: str
    group: str
    max_hours: float
    min_hours: float
    unavailable: tuple[str, ...]
    preferred: tuple[str, ...]


AGENT_COLUMNS = ("id", "group", "contract_hours")
AGENT_OPTIONAL = ("skills", "min_hours", "unavailable", "preferred")
PLAN_COLUMNS = ("group", "day", "shift_type", "start", "end", "agents")
PLAN_OPTIONAL = ("breaks", "paid_hours", "cost")
HOURS_IN_A_WEEK = 168
MAX_PLAN_AGENTS = 100_000  # agents of one plan row: the scenario's bound on agents on duty
_BREAK = re.compile(r"^(\d{1,2}:\d{2})\+(\d+)$")


def _words(text: str) -> list[str]:
    return text.replace(";", " ").split()


def _hours(row: Row) -> tuple[float, float]:
    most = row.value("contract_hours", 0, HOURS_IN_A_WEEK)
    least = row.value("min_hours", 0, HOURS_IN_A_WEEK) if row.get("min_hours") else 0.0
    if least > most:
        raise row.error(f"min_hours {least:g} is above contract_hours {most:g}")
    return most, least


def _unavailable(row: Row) -> tuple[str, ...]:
    items = tuple(_words(row.get("unavailable")))
    for item in items:
        try:
            dt.date.fromisoformat(item) if item[:1].isdigit() else parse_days(item)
        except ValueError:
            raise row.error(
                f"unavailable {cell(item)} is neither a date nor a weekday (give YYYY-MM-DD, "
                "or days such as mon or sat-sun)"
            ) from None
    return items


def _preferred(row: Row, scenario: Scenario) -> tuple[str, ...]:
    types = scenario.shifts.types if scenario.shifts is not None else {}
    preferred = []
    for item in _words(row.get("preferred")):
        if item in types:
            preferred.append(item)
            continue
        try:
            preferred.append(format_clock(parse_clock(item)))
        except ValueError:
            raise row.error(
                f"preferred {cell(item)} is neither a shift type ({listing(types) or 'none'}) "
                "nor a start time (HH:MM)"
            ) from None
    return tuple(preferred)


def _agent(row: Row, scenario: Scenario) -> Agent:
    try:
        agent_id = check_id(row.get("id"), "agent")
    except ValueError as exc:
        raise row.error(f"id {exc}") from None
    group = row.get("group")
    if group not in scenario.agent_groups:
        raise row.error(
            f"unknown group {cell(group)}; the scenario's groups are "
            f"{listing(scenario.agent_groups)}"
        )
    unknown = sorted(set(_words(row.get("skills"))) - set(scenario.skills))
    if unknown:
        raise row.error(
            f"unknown skill(s) {listing(unknown, 3)}; the scenario's skills are "
            f"{listing(scenario.skills)}"
        )
    most, least = _hours(row)
    return Agent(agent_id, group, most, least, _unavailable(row), _preferred(row, scenario))


def read_agents(path: str | Path, scenario: Scenario) -> list[Agent]:
    """Return the agents of a CSV (id, group, contract_hours[, skills, min_hours, unavailable,
    preferred]) after checking them against the scenario's groups and skills."""
    file = Path(path).expanduser()
    return _agents(read_rows(file, AGENT_COLUMNS, AGENT_OPTIONAL), str(file), scenario)


def agents_from_frame(
    frame: pd.DataFrame, scenario: Scenario, name: str = "the agents table"
) -> list[Agent]:
    """Return the agents of a table with the agents file's columns (`propose_team`'s, say),
    each row checked as the file's rows are."""
    return _agents(frame_rows(frame, name, AGENT_COLUMNS, AGENT_OPTIONAL), name, scenario)


def _agents(rows: list[Row], file: str, scenario: Scenario) -> list[Agent]:
    agents: dict[str, Agent] = {}
    first: dict[str, int] = {}
    for row in rows:
        agent = _agent(row, scenario)
        if agent.id in agents:
            raise row.error(f"id {cell(agent.id)} is given twice (first in row {first[agent.id]})")
        agents[agent.id], first[agent.id] = agent, row.number
    if not agents:
        raise InputError("lists no agents: give one row per agent under the header", file=file)
    return list(agents.values())


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def frame_rows(
    frame: pd.DataFrame, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[Row]:
    """Return a table's rows as a CSV file's would be read (text cells, numbered from 2 as
    under a header), after checking it has the required columns."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            f"lacks column(s) {', '.join(missing)}: it must have {', '.join(required)} "
            f"(optional: {', '.join(optional) or 'none'})",
            file=name,
        )
    columns = [c for c in frame.columns if c in required or c in optional]
    return [
        Row(name, number, {c: _cell_text(v) for c, v in zip(columns, values, strict=True)})
        for number, values in enumerate(frame[columns].itertuples(index=False), start=2)
    ]


def _clock(row: Row, column: str, *, end: bool = False) -> str:
    text = row.get(column)
    try:
        return format_clock(parse_clock(text, allow_end_of_day=end))
    except ValueError:
        latest = "24:00" if end else "23:59"
        raise row.error(
            f"{column} must be a time of day written HH:MM (00:00 to {latest}), got {cell(text)}"
        ) from None


def _break(row: Row, item: str) -> str:
    """Return one break of a plan row as HH:MM+minutes, or raise naming it."""
    found = _BREAK.match(item)
    if found:
        try:
            clock = format_clock(parse_clock(found[1]))
            return f"{clock}+{int(parse_number(found[2], 1, MINUTES_PER_DAY, whole=True))}"
        except ValueError:
            pass  # reported below, as a break not written as one
    raise row.error(f"breaks {cell(item)} is not a break written HH:MM+minutes (12:00+30)")


def _breaks(row: Row) -> str:
    return " ".join(_break(row, item) for item in row.get("breaks").split())


def _day(row: Row, scenario: Scenario | None) -> str:
    text = row.get("day")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise row.error(f"day must be a date written YYYY-MM-DD, got {cell(text)}") from None
    if scenario is not None:
        first = scenario.horizon.start
        last = first + dt.timedelta(days=scenario.horizon.days - 1)
        if not first <= day <= last:
            raise row.error(f"day {day} is outside the scenario's horizon, {first} to {last}")
    return day.isoformat()


def _plan_names(row: Row, scenario: Scenario | None) -> tuple[str, str]:
    group, kind = row.get("group"), row.get("shift_type")
    if scenario is not None and group not in scenario.agent_groups:
        raise row.error(
            f"unknown group {cell(group)}; the scenario's groups are "
            f"{listing(scenario.agent_groups)}"
        )
    types = scenario.shifts.types if scenario is not None and scenario.shifts else None
    if types is not None and kind not in types:
        raise row.error(
            f"unknown shift_type {cell(kind)}; the scenario's shift types are {listing(types)}"
        )
    for column, text in (("group", group), ("shift_type", kind)):
        try:
            check_id(text, column)
        except ValueError as exc:
            raise row.error(f"{column} {exc}") from None
    return group, kind


def _plan_row(row: Row, scenario: Scenario | None, paid: bool) -> dict[str, Any]:
    group, kind = _plan_names(row, scenario)
    start, end = _clock(row, "start"), _clock(row, "end", end=True)
    shift = {
        "group": group,
        "day": _day(row, scenario),
        "shift_type": kind,
        "start": start,
        "end": end,
        "breaks": _breaks(row),
        "agents": int(row.value("agents", 0, MAX_PLAN_AGENTS, whole=True)),
    }
    if paid:
        length = (parse_clock(end, allow_end_of_day=True) - parse_clock(start)) % MINUTES_PER_DAY
        hours = (length or MINUTES_PER_DAY) / 60
        shift["paid_hours"] = row.value("paid_hours", 0, hours)
    return shift


def read_plan(path: Path, scenario: Scenario | None = None) -> pd.DataFrame:
    """Return the shifts of a plan.csv written by `staffsim plan`, each row checked: times,
    whole agents, and (given the plan's scenario) groups, shift types and days it knows."""
    file = Path(path).expanduser()
    return _plan(read_rows(file, PLAN_COLUMNS, PLAN_OPTIONAL), str(file), scenario)


def plan_from_frame(shifts: pd.DataFrame, scenario: Scenario | None = None) -> pd.DataFrame:
    """Return a plan's shifts given as a table (a Plan's `shifts`, with plan.csv's columns),
    each row checked as plan.csv's are."""
    name = "the plan's shifts"
    return _plan(frame_rows(shifts, name, PLAN_COLUMNS, PLAN_OPTIONAL), name, scenario)


def _plan(rows: list[Row], file: str, scenario: Scenario | None) -> pd.DataFrame:
    if not rows:
        raise InputError("holds no shifts: one row per group, day and shift", file=file)
    paid = "paid_hours" in rows[0].cells
    return pd.DataFrame([_plan_row(row, scenario, paid) for row in rows])
