"""Rostering problems: staff with contracts, shift types, cover to meet, requests.

The shape follows the public employee shift-scheduling benchmark (Curtois & Qu, instances
1-24), which `read_instance` reads; a plan from `staffsim plan` and an agents file are turned
into the same shape (see `optimise.roster.from_plan`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from optimise.roster.inputs import cell, check_id, parse_number, read_text
from scenarios.calendar import MINUTES_PER_DAY
from scenarios.errors import InputError


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
    week_minutes: int | None = None  # most minutes in each week of 7 days (None: no such rule)


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
    # group -> the shifts its employees may work (a group not listed: every shift)
    group_shifts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def shifts_of(self, employee: str) -> tuple[str, ...]:
        """Return the shifts an employee may work: their group's, else every shift."""
        group = self.groups.get(employee)
        if group is not None and group in self.group_shifts:
            return self.group_shifts[group]
        return tuple(self.shifts)


# -- Reading a benchmark instance ---------------------------------------------------------------
# Instance files come from outside; every field is checked here, so the model can trust them.

MAX_DAYS = 731  # two years; the benchmark's longest horizon is 364 days
MAX_STAFF_WANTED = 100_000  # employees one cover row asks for
MAX_WEIGHT = 1_000_000  # a request's or cover's price: objectives stay within solver precision
REQUIRED = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER")
OPTIONAL = ("SECTION_DAYS_OFF", "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS")
STAFF_FIELDS = (
    "EmployeeID",
    "MaxShifts",
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)
REQUEST_FIELDS = ("EmployeeID", "Day", "ShiftID", "Weight")
COVER_FIELDS = ("Day", "ShiftID", "Requirement", "WeightForUnder", "WeightForOver")


@dataclass(frozen=True)
class _Row:
    """One data row of an instance file: its section, place and comma-separated fields."""

    file: str
    section: str
    number: int  # row within its section, from 1
    line: int  # line of the file, from 1
    fields: tuple[str, ...]

    def error(self, rule: str) -> InputError:
        """Return the error of this row breaking a rule, naming the file, section and row."""
        where = f"{self.section} row {self.number} (line {self.line})"
        return InputError(rule, path=where, file=self.file)

    def shape(self, names: tuple[str, ...], optional: int = 0) -> tuple[str, ...]:
        """Return the row's fields, as many as `names` (the last `optional` may be left out)."""
        fields = list(self.fields)
        while len(fields) > len(names) and not fields[-1]:  # a trailing comma
            fields.pop()
        if not len(names) - optional <= len(fields) <= len(names):
            raise self.error(f"has {len(fields)} field(s); expected {', '.join(names)}")
        return (*fields, *[""] * (len(names) - len(fields)))

    def whole(self, name: str, text: str, low: int, high: int) -> int:
        """Return a field as a whole number within [low, high], or raise naming it."""
        try:
            return int(parse_number(text, low, high, whole=True))
        except ValueError as exc:
            raise self.error(f"{name} {exc}") from None

    def known(self, name: str, text: str, known: Collection[str], what: str) -> str:
        """Return a field that names one of `known`, or raise saying it is unknown."""
        if text not in known:
            raise self.error(f"{name} names unknown {what} {cell(text)}")
        return text

    def name(self, field_name: str, text: str, what: str) -> str:
        """Return a field used as an identifier, or raise saying which rule it breaks."""
        try:
            check_id(text, what)
        except ValueError as exc:
            raise self.error(f"{field_name} {exc}") from None
        if "=" in text or "|" in text:
            raise self.error(f"{field_name} {cell(text)} holds = or |, which separate fields")
        return text


def _sections(text: str, file: str) -> dict[str, list[_Row]]:
    sections: dict[str, list[_Row]] = {}
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in REQUIRED + OPTIONAL:
                raise InputError(
                    f"unknown section {cell(line)}; sections are {', '.join(REQUIRED + OPTIONAL)}",
                    path=f"line {number}",
                    file=file,
                )
            if line in sections:
                raise InputError(f"{line} appears twice", path=f"line {number}", file=file)
            current = line
            sections[current] = []
        elif current is None:
            raise InputError(
                "a row before any SECTION_ heading: not a shift-scheduling benchmark instance",
                path=f"line {number}",
                file=file,
            )
        else:
            fields = tuple(part.strip() for part in line.split(","))
            rows = sections[current]
            rows.append(_Row(file, current, len(rows) + 1, number, fields))
    if current is None:
        raise InputError("is empty: expected a shift-scheduling benchmark instance", file=file)
    missing = [name for name in REQUIRED if name not in sections]
    if missing:
        raise InputError(
            f"lacks section(s) {', '.join(missing)}: not a shift-scheduling benchmark instance",
            file=file,
        )
    return sections


def _horizon(rows: list[_Row], file: str) -> int:
    if not rows:
        raise InputError("SECTION_HORIZON gives no number of days", file=file)
    if len(rows) > 1:
        raise rows[1].error("a second row: the horizon is one number of days")
    (days,) = rows[0].shape(("days",))
    return rows[0].whole("days", days, 1, MAX_DAYS)


def _shifts(rows: list[_Row], file: str) -> dict[str, ShiftKind]:
    if not rows:
        raise InputError("SECTION_SHIFTS lists no shifts", file=file)
    first: dict[str, _Row] = {}
    shifts = {}
    for row in rows:
        name, minutes, after = row.shape(("ShiftID", "Length", "CannotFollow"), optional=1)
        row.name("ShiftID", name, "shift")
        if name in first:
            raise row.error(
                f"shift {cell(name)} is given twice (first in row {first[name].number})"
            )
        first[name] = row
        blocked = frozenset(s.strip() for s in after.split("|") if s.strip())
        shifts[name] = ShiftKind(name, row.whole("Length", minutes, 1, MINUTES_PER_DAY), blocked)
    for name, kind in shifts.items():
        for other in sorted(kind.not_followed_by):
            first[name].known("CannotFollow", other, shifts, "shift")
    return shifts


def _max_shifts(row: _Row, text: str, shifts: dict[str, ShiftKind], days: int) -> dict[str, int]:
    limits: dict[str, int] = {}
    for item in (part.strip() for part in text.split("|")):
        if not item:
            continue
        shift, sep, count = (part.strip() for part in item.partition("="))
        if not sep:
            raise row.error(f"MaxShifts item {cell(item)} is not SHIFT=COUNT")
        row.known("MaxShifts", shift, shifts, "shift")
        if shift in limits:
            raise row.error(f"MaxShifts gives shift {cell(shift)} twice")
        limits[shift] = row.whole(f"MaxShifts of {shift}", count, 0, days)
    return limits


def _contract(row: _Row, shifts: dict[str, ShiftKind], days: int) -> tuple[str, Contract]:
    fields = dict(zip(STAFF_FIELDS, row.shape(STAFF_FIELDS), strict=True))
    name = row.name("EmployeeID", fields["EmployeeID"], "employee")
    most, least = (
        row.whole(f, fields[f], 0, days * MINUTES_PER_DAY)
        for f in ("MaxTotalMinutes", "MinTotalMinutes")
    )
    if least > most:
        raise row.error(f"MinTotalMinutes {least} is above MaxTotalMinutes {most}")
    # runs and weekends longer than the horizon mean nothing, and would only slow the model
    runs = [row.whole(f, fields[f], 0, days) for f in STAFF_FIELDS[4:]]
    limits = _max_shifts(row, fields["MaxShifts"], shifts, days)
    return name, Contract(limits, most, least, *runs)


def _staff(rows: list[_Row], shifts: dict[str, ShiftKind], days: int, file: str) -> dict:
    if not rows:
        raise InputError("SECTION_STAFF lists no employees", file=file)
    staff: dict[str, Contract] = {}
    first: dict[str, int] = {}
    for row in rows:
        name, contract = _contract(row, shifts, days)
        if name in staff:
            raise row.error(f"employee {cell(name)} is given twice (first in row {first[name]})")
        staff[name], first[name] = contract, row.number
    return staff


def _days_off(rows: list[_Row], staff: dict[str, Contract], days: int) -> dict:
    days_off: dict[str, set[int]] = {e: set() for e in staff}
    for row in rows:
        employee, *listed = row.fields
        row.known("EmployeeID", employee, staff, "employee")
        days_off[employee].update(row.whole("day", d, 0, days - 1) for d in listed if d)
    return {e: frozenset(off) for e, off in days_off.items()}


@dataclass(frozen=True)
class _Known:
    """What rows further down an instance file are checked against."""

    days: int
    shifts: dict[str, ShiftKind]
    staff: dict[str, Contract]


def _requests(rows: list[_Row], instance: _Known) -> tuple[Request, ...]:
    requests = []
    for row in rows:
        employee, day, shift, weight = row.shape(REQUEST_FIELDS)
        requests.append(
            Request(
                row.known("EmployeeID", employee, instance.staff, "employee"),
                row.whole("Day", day, 0, instance.days - 1),
                row.known("ShiftID", shift, instance.shifts, "shift"),
                row.whole("Weight", weight, 0, MAX_WEIGHT),
            )
        )
    return tuple(requests)


def _cover(rows: list[_Row], instance: _Known) -> tuple[Cover, ...]:
    cover = []
    first: dict[tuple[int, str], int] = {}
    for row in rows:
        day, shift, required, under, over = row.shape(COVER_FIELDS)
        wanted = Cover(
            row.whole("Day", day, 0, instance.days - 1),
            row.known("ShiftID", shift, instance.shifts, "shift"),
            row.whole("Requirement", required, 0, MAX_STAFF_WANTED),
            row.whole("WeightForUnder", under, 0, MAX_WEIGHT),
            row.whole("WeightForOver", over, 0, MAX_WEIGHT),
        )
        key = (wanted.day, wanted.shift)
        if key in first:
            raise row.error(
                f"cover of day {wanted.day}, shift {cell(shift)} is given twice (first in row "
                f"{first[key]})"
            )
        first[key] = row.number
        cover.append(wanted)
    return tuple(cover)


def read_instance(path: str | Path) -> RosterInstance:
    """Return the rostering problem in a benchmark instance file.

    Raises InputError naming the file, section and row of the first field that breaks the
    format: unknown shifts or employees, days outside the horizon, negative or non-whole
    numbers, a folder, binary or empty file.
    """
    file = Path(path).expanduser()
    sections = _sections(
        read_text(file, "a shift-scheduling benchmark instance", "instance file"), str(file)
    )
    days = _horizon(sections["SECTION_HORIZON"], str(file))
    shifts = _shifts(sections["SECTION_SHIFTS"], str(file))
    staff = _staff(sections["SECTION_STAFF"], shifts, days, str(file))
    known = _Known(days, shifts, staff)
    return RosterInstance(
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=_days_off(sections.get("SECTION_DAYS_OFF", []), staff, days),
        on_requests=_requests(sections.get("SECTION_SHIFT_ON_REQUESTS", []), known),
        off_requests=_requests(sections.get("SECTION_SHIFT_OFF_REQUESTS", []), known),
        cover=_cover(sections["SECTION_COVER"], known),
    )
