"""Rostering problems: staff with contracts, shift types, cover to meet, requests.

The shape follows the public employee shift-scheduling benchmark (Curtois & Qu, instances
1-24), which `read_instance` reads; a plan from `staffsim plan` and an agents file are turned
into the same shape (see `optimise.roster.from_plan`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scenarios import ScenarioError


@dataclass(frozen=True)
class ShiftKind:
    """A shift type: its length and the types that may not follow it the next day."""

    name: str
    minutes: int
    not_followed_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Contract:
    """What one employee may work over the horizon."""

    max_shifts: dict[str, int]  # per shift type
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """An employee's wish to work (on) or not work (off) a shift on a day, with its weight."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    """How many should work a shift on a day, and the price of each one short or over."""

    day: int
    shift: str
    required: int
    under_weight: int
    over_weight: int
    group: str | None = None  # only staff of this group count toward it (None: anyone)


@dataclass(frozen=True)
class RosterInstance:
    """A rostering problem over `days` days starting on a Monday."""

    days: int
    shifts: dict[str, ShiftKind]
    staff: dict[str, Contract]
    days_off: dict[str, frozenset[int]]
    on_requests: tuple[Request, ...]
    off_requests: tuple[Request, ...]
    cover: tuple[Cover, ...]
    groups: dict[str, str] = field(default_factory=dict)  # employee -> group, when covers care


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            sections[current] = []
        elif current is not None:
            sections[current].append([part.strip() for part in line.split(",")])
    return sections


def read_instance(path: str | Path) -> RosterInstance:
    """Return the rostering problem in a benchmark instance file."""
    file = Path(path)
    try:
        sections = _sections(file.read_text(encoding="utf-8"))
        days = int(sections["SECTION_HORIZON"][0][0])
        shifts = {
            row[0]: ShiftKind(
                row[0],
                int(row[1]),
                frozenset(s for s in (row[2] if len(row) > 2 else "").split("|") if s),
            )
            for row in sections["SECTION_SHIFTS"]
        }
        staff = {}
        for row in sections["SECTION_STAFF"]:
            limits = dict(item.split("=") for item in row[1].split("|") if item)
            staff[row[0]] = Contract(
                max_shifts={s: int(v) for s, v in limits.items()},
                max_minutes=int(row[2]),
                min_minutes=int(row[3]),
                max_consecutive=int(row[4]),
                min_consecutive=int(row[5]),
                min_days_off=int(row[6]),
                max_weekends=int(row[7]),
            )
        days_off = {e: frozenset() for e in staff}
        for row in sections.get("SECTION_DAYS_OFF", []):
            days_off[row[0]] = frozenset(int(d) for d in row[1:] if d)

        def requests(name: str) -> tuple[Request, ...]:
            return tuple(Request(r[0], int(r[1]), r[2], int(r[3])) for r in sections.get(name, []))

        cover = tuple(
            Cover(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]))
            for r in sections["SECTION_COVER"]
        )
    except FileNotFoundError:
        raise ScenarioError("instance file not found", file=str(path)) from None
    except (KeyError, IndexError, ValueError) as exc:
        raise ScenarioError(
            f"not a shift-scheduling benchmark instance ({exc})", file=str(path)
        ) from None
    return RosterInstance(
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=days_off,
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=cover,
    )
