"""Building blocks of the scenario model: the frozen base class, number and name types, and
the bounds every value of a scenario must keep."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

# -- Bounds -------------------------------------------------------------------------------------
# Scenario files come from other systems, and a wrong unit or a stray digit must fail at load
# time with a message, not later as an engine that runs for hours or asks for gigabytes: the
# simulation's cost grows with agents, contacts and events. Each bound is far above what any
# real contact centre reaches, so no honest scenario meets it.

# the planned period: a year, leap day included
MAX_HORIZON_DAYS = 366
# agents of one group on duty in one interval; the largest centres seat ~10,000 in all
MAX_AGENTS = 100_000
# a group's planned headcount (min_agents, max_agents): ten times a full interval's agents
MAX_HEADCOUNT = 1_000_000
# expected contacts of one queue in one interval, after surges: ~1,100 a second
MAX_CONTACTS_PER_INTERVAL = 1_000_000
# a queue's weekly_total: the busiest national helplines take a few million a week
MAX_CONTACTS_PER_WEEK = 100_000_000
# handle time, patience, retry delay and answer-within targets: a week
MAX_DURATION_SECONDS = 7 * 24 * 3600
# coefficient of variation of a duration; observed handle times sit around 0.5-1.5
MAX_CV = 10.0
# pay per agent hour in any currency, small units (won, rupiah) included; keeps plan costs
# well within the solver's precision
MAX_COST_PER_HOUR = 1_000_000.0
# handle-time and volume multipliers (a skill's, a surge's, overlapping surges together) and
# the chat slowdown per further chat
MAX_MULTIPLIER = 100.0
# a shift's length from login to logout, and one break within it
MAX_SHIFT_HOURS = 16
MAX_BREAK_MINUTES = 240
# chats one agent holds at once
MAX_CONCURRENCY = 20
# priority ranks of queues and skills
MAX_PRIORITY = 100
# intraday and day-of-week weights are relative; raw contact counts fit, and 1,440 of them
# sum far from float overflow
MAX_PROFILE_WEIGHT = 1e9
# channels, queues, agent groups, skills of a group, shift types of a scenario
MAX_ENTRIES = 500
# emergencies laid over one horizon; with each multiplier <= 100 their product stays finite
MAX_EVENTS = 100
# names used as identifiers (queues, groups, channels, skills, shift types): they head
# columns of CSV outputs and rows of terminal tables
MAX_NAME_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 2_000
# dates: pandas timestamps run from 1677 to 2262
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

# -- Reading files ------------------------------------------------------------------------------
MAX_YAML_BYTES = 10 * 1024 * 1024
# a year of 5-minute intervals for 20 groups is ~2.1 million rows, ~80 MB
MAX_CSV_BYTES = 100 * 1024 * 1024
# values a YAML document holds once every alias is expanded; long lists belong in a CSV
MAX_YAML_NODES = 100_000
# mappings and lists nested in one another; a scenario needs about 7
MAX_YAML_DEPTH = 50
# scenario files in one extends chain
MAX_EXTENDS_DEPTH = 20
# characters of a user's value quoted in a message (a cell, a name, an unknown word)
MAX_QUOTE_CHARS = 40


def quote(value: object, limit: int = MAX_QUOTE_CHARS) -> str:
    """Return the repr of a user's value for a message, cut to about `limit` characters."""
    # a CSV cell: 1.5, not np.float64(1.5); without numpy loaded no value can be one of its
    # scalars, and `validate` of a scenario without tables does not load it
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        value = value.item()
    text = repr(value) if not isinstance(value, (dict, list, tuple)) else _shape(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shape(value: dict | list | tuple) -> str:
    # a message names the kind of a nested value, never its (possibly huge) content
    kind = "a mapping" if isinstance(value, dict) else "a list"
    return f"{kind} of {len(value)} entr{'y' if len(value) == 1 else 'ies'}"


def listing(names: Iterable[object], limit: int = 10) -> str:
    """Return names joined by commas for a message, the first `limit` of them and a count."""
    names = list(names)
    shown = ", ".join(str(n) if _plain(n) else quote(n) for n in names[:limit])
    return shown if len(names) <= limit else f"{shown}, ... ({len(names)} in all)"


def _plain(name: object) -> bool:
    return isinstance(name, str) and name.isprintable() and 0 < len(name) <= MAX_QUOTE_CHARS


def path_part(key: object) -> str:
    """Return a mapping key as written in a field path: as is when short and printable."""
    return str(key) if _plain(key) or isinstance(key, int) else quote(key)


def check_name(value: str) -> str:
    """Return a name used as an identifier, or raise ValueError saying which rule it breaks."""
    if not value:
        raise ValueError("a name cannot be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"a name has at most {MAX_NAME_LENGTH} characters, got {len(value)}")
    if not value.isprintable():
        raise ValueError(
            f"a name holds printable characters only (no newlines, tabs or control "
            f"characters), got {quote(value)}"
        )
    if value != value.strip():
        raise ValueError(f"a name cannot start or end with a space, got {quote(value)}")
    return value


def _plain_number(value: Any) -> Any:
    # YAML reads true/false as booleans, and pydantic would take them as 1 and 0
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    # said before any bound, which pydantic would check first ("at most 100 (got inf)")
    if isinstance(value, (float, str)):
        try:
            number = float(value)
        except ValueError:
            return value  # pydantic says it is not a number
        if not math.isfinite(number):
            raise ValueError(f"must be a finite number, got {quote(value)}")
    return value


def _name_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"a name is text, got {quote(value)}")
    return value


PlainNumber = BeforeValidator(_plain_number)

Name = Annotated[str, BeforeValidator(_name_text), AfterValidator(check_name)]


def bounded_int(low: int, high: int) -> Any:
    """Return an integer type with inclusive bounds that refuses booleans."""
    return Annotated[int, PlainNumber, Field(ge=low, le=high)]


def bounded_float(high: float, *, positive: bool = False) -> Any:
    """Return a finite float type, >= 0 (or > 0) and <= high, that refuses booleans."""
    low = {"gt": 0} if positive else {"ge": 0}
    return Annotated[float, PlainNumber, Field(**low, le=high, allow_inf_nan=False)]


Share = Annotated[float, PlainNumber, Field(ge=0, le=1, allow_inf_nan=False)]
Seconds = bounded_float(MAX_DURATION_SECONDS, positive=True)
TargetSeconds = bounded_float(MAX_DURATION_SECONDS)  # answer within; 0: without waiting
Hours = bounded_float(MAX_DURATION_SECONDS / 3600, positive=True)
Cv = bounded_float(MAX_CV)
Multiplier = bounded_float(MAX_MULTIPLIER, positive=True)
Factor = bounded_float(MAX_MULTIPLIER)  # a multiplier that may be 0
Cost = bounded_float(MAX_COST_PER_HOUR)
ProfileWeight = bounded_float(MAX_PROFILE_WEIGHT)
ContactsPerInterval = bounded_float(MAX_CONTACTS_PER_INTERVAL)
ContactsPerWeek = bounded_float(MAX_CONTACTS_PER_WEEK)
Agents = bounded_int(0, MAX_AGENTS)
Headcount = bounded_int(0, MAX_HEADCOUNT)
Priority = bounded_int(1, MAX_PRIORITY)
BreakMinutes = bounded_int(1, MAX_BREAK_MINUTES)
Concurrency = bounded_int(1, MAX_CONCURRENCY)


class Frozen(BaseModel):
    """Base of scenario objects: unknown fields rejected, nothing changes after loading."""

    # Each model's validator is compiled when first used, not as its class is made: loading a
    # scenario compiles the whole Scenario's validator once, and a validator compiled per model
    # at import on top of it cost `staffsim validate` ~0.04 s of its 0.4 s start-up budget.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
