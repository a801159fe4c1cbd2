"""Independent checker for Curtois & Qu shift scheduling benchmark rosters.

Written apart from the project's model code and importing nothing from it: its own instance
parser, its own reading of the hard rules and its own objective, all taken from
``shared/data/shift-scheduling-benchmark/PROVENANCE.md``.

* ``read_instance(path)`` parses an ``InstanceN.txt`` file.
* ``read_roster(path)`` reads a CSV with header ``employee,day,shift`` (one row per assigned
  shift, days off have no row) into ``{(employee, day): shift}``.
* ``violations(instance, roster)`` lists every hard-rule violation, one readable string each;
  an empty list means the roster is feasible.
* ``objective(instance, roster)`` is the benchmark penalty (shift-on and shift-off requests plus
  under- and over-cover), the quantity the published best-known values use.

``violations`` and ``objective`` take either the mapping from ``read_roster`` or an iterable of
``(employee, day, shift)`` rows. Only the row form can hold two shifts for one employee on one
day, so only that form can break the one-shift-a-day rule; ``read_roster`` refuses such files.

Boundary conventions (as PROVENANCE.md states): the days before and after the horizon are days
off, so shift rotation is not checked across the ends and a run of working days ending at either
end counts only its days inside the horizon against the maximum. The minimum consecutive working
days and minimum consecutive days off apply only to blocks that touch neither the first nor the
last day of the horizon. Weekends are days 5-6, 12-13, ... (every instance starts on a Monday);
a weekend is worked if either of its days is.
"""

from __future__ import annotations

import csv
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Contract",
    "Instance",
    "objective",
    "read_instance",
    "read_roster",
    "violations",
]

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)

Row = tuple[str, int, str]
Roster = Mapping[tuple[str, int], str] | Iterable[Row]


@dataclass(frozen=True)
class Contract:
    """One line of ``SECTION_STAFF``.

    ``max_shifts`` maps a shift type to the most shifts of that type over the horizon; a type
    the line does not list has no per-type cap (every benchmark instance lists them all).
    """

    max_shifts: dict[str, int]
    max_total: int
    min_total: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass
class Instance:
    """A parsed benchmark instance; day indexes start at 0 on a Monday."""

    days: int
    shifts: dict[str, tuple[int, frozenset[str]]]  # id -> (minutes, types that cannot follow)
    staff: dict[str, Contract]
    days_off: dict[str, set[int]] = field(default_factory=dict)
    on_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    off_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: list[tuple[int, str, int, int, int]] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------


def _sections(text: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Split the file into sections of (line number, comma-separated fields), comments dropped."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise ValueError(f"line {number}: unknown section {line!r}")
            if line in sections:
                raise ValueError(f"line {number}: section {line} appears twice")
            current = line
            sections[current] = []
            continue
        if current is None:
            raise ValueError(f"line {number}: data before the first section: {line!r}")
        sections[current].append((number, [part.strip() for part in line.split(",")]))
    missing = [name for name in SECTIONS if name not in sections]
    if missing:
        raise ValueError(f"missing sections: {', '.join(missing)}")
    return sections


def _int(value: str, number: int, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"line {number}: {what} is not an integer: {value!r}") from None


def _fields(parts: list[str], count: int, number: int, section: str) -> list[str]:
    # a trailing comma leaves an empty last field; anything else must match the count exactly
    while len(parts) > count and parts[-1] == "":
        parts = parts[:-1]
    if len(parts) != count:
        raise ValueError(f"line {number}: {section} needs {count} fields, found {len(parts)}")
    return parts


def read_instance(path: str | Path) -> Instance:
    """Parse a Curtois & Qu ``InstanceN.txt`` file."""
    sections = _sections(Path(path).read_text(encoding="utf-8"))

    horizon = sections["SECTION_HORIZON"]
    if len(horizon) != 1 or len(horizon[0][1]) != 1:
        raise ValueError("SECTION_HORIZON must hold exactly one integer")
    days = _int(horizon[0][1][0], horizon[0][0], "horizon")
    if days <= 0:
        raise ValueError(f"horizon must be positive, got {days}")

    shifts: dict[str, tuple[int, frozenset[str]]] = {}
    for number, parts in sections["SECTION_SHIFTS"]:
        if len(parts) == 2:
            parts = [*parts, ""]
        shift, minutes, follow = _fields(parts, 3, number, "SECTION_SHIFTS")
        if shift in shifts:
            raise ValueError(f"line {number}: shift {shift!r} defined twice")
        banned = frozenset(item.strip() for item in follow.split("|") if item.strip())
        shifts[shift] = (_int(minutes, number, "shift length"), banned)
    for shift, (_, banned) in shifts.items():
        unknown = sorted(banned - shifts.keys())
        if unknown:
            raise ValueError(f"shift {shift!r}: unknown shifts cannot follow it: {unknown}")

    staff: dict[str, Contract] = {}
    for number, parts in sections["SECTION_STAFF"]:
        employee, caps, *limits = _fields(parts, 8, number, "SECTION_STAFF")
        if employee in staff:
            raise ValueError(f"line {number}: employee {employee!r} defined twice")
        max_shifts: dict[str, int] = {}
        for item in filter(None, (cap.strip() for cap in caps.split("|"))):
            shift, sep, value = item.partition("=")
            if not sep or shift.strip() not in shifts:
                raise ValueError(f"line {number}: bad MaxShifts item {item!r}")
            max_shifts[shift.strip()] = _int(value.strip(), number, "MaxShifts")
        values = [_int(value, number, "contract limit") for value in limits]
        staff[employee] = Contract(max_shifts, *values)

    days_off: dict[str, set[int]] = {}
    for number, parts in sections["SECTION_DAYS_OFF"]:
        employee, *indexes = (part for part in parts if part != "")
        days_off.setdefault(employee, set()).update(
            _int(day, number, "day index") for day in indexes
        )

    def requests(section: str) -> list[tuple[str, int, str, int]]:
        rows = []
        for number, parts in sections[section]:
            employee, day, shift, weight = _fields(parts, 4, number, section)
            rows.append((employee, _int(day, number, "day"), shift, _int(weight, number, "weight")))
        return rows

    cover = []
    for number, parts in sections["SECTION_COVER"]:
        day, shift, *numbers = _fields(parts, 5, number, "SECTION_COVER")
        req, under, over = (_int(value, number, "cover value") for value in numbers)
        cover.append((_int(day, number, "day"), shift, req, under, over))

    return Instance(
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=days_off,
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=cover,
    )


def read_roster(path: str | Path) -> dict[tuple[str, int], str]:
    """Read ``employee,day,shift`` rows into ``{(employee, day): shift}``.

    Raises ``ValueError`` on a wrong header, a non-integer day, or two rows for the same employee
    and day (which a mapping cannot hold; pass rows to ``violations`` to have that reported).
    """
    roster: dict[tuple[str, int], str] = {}
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [cell.strip() for cell in next(reader, [])]
        if header != ["employee", "day", "shift"]:
            raise ValueError(f"{path}: header must be employee,day,shift, found {header}")
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 3:
                raise ValueError(f"{path} line {number}: expected 3 fields, found {len(row)}")
            employee, day_text, shift = (cell.strip() for cell in row)
            day = _int(day_text, number, "day")
            if (employee, day) in roster:
                raise ValueError(
                    f"{path} line {number}: second shift for employee {employee!r} on day {day} "
                    f"({roster[employee, day]!r} and {shift!r})"
                )
            roster[employee, day] = shift
    return roster


# --- checking ------------------------------------------------------------------------------------


def _day(value: object) -> object:
    # numpy and other integer types become int; anything else is left for rule 0 to report
    try:
        return operator.index(value)
    except TypeError:
        return value


def _rows(roster: Roster) -> list[Row]:
    if isinstance(roster, Mapping):
        return [(employee, _day(day), shift) for (employee, day), shift in roster.items()]
    return [(employee, _day(day), shift) for employee, day, shift in roster]


def _runs(worked: list[bool]) -> list[tuple[bool, int, int]]:
    """Maximal blocks of equal values as (worked, first day, length)."""
    runs: list[tuple[bool, int, int]] = []
    start = 0
    for day in range(1, len(worked) + 1):
        if day == len(worked) or worked[day] != worked[start]:
            runs.append((worked[start], start, day - start))
            start = day
    return runs


def violations(instance: Instance, roster: Roster) -> list[str]:
    """Every hard-rule violation of the roster, one string each; empty if it is feasible."""
    found: list[str] = []
    days = instance.days

    # rule 0: the roster names only known employees, known shifts and days in the horizon
    by_employee: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for employee, day, shift in _rows(roster):
        problems = []
        if employee not in instance.staff:
            problems.append(f"unknown employee {employee!r}")
        if shift not in instance.shifts:
            problems.append(f"unknown shift {shift!r}")
        if not isinstance(day, int) or not 0 <= day < days:
            problems.append(f"day {day!r} outside the horizon 0..{days - 1}")
        if problems:
            found.append(
                f"assignment ({employee!r}, day {day!r}, shift {shift!r}): " + "; ".join(problems)
            )
            continue
        by_employee[employee][day].append(shift)

    for employee, contract in instance.staff.items():
        plan = by_employee.get(employee, {})
        who = f"employee {employee}"

        # rule 1: at most one shift per day
        for day in sorted(plan):
            if len(plan[day]) > 1:
                found.append(f"{who}: {len(plan[day])} shifts on day {day} ({plan[day]})")
        # the remaining rules look at each day's first shift only
        first = {day: shifts[0] for day, shifts in plan.items()}

        # rule 2: shift rotation on consecutive days (no check across the horizon's ends)
        for day in sorted(first):
            after = first.get(day + 1)
            if after is not None and after in instance.shifts[first[day]][1]:
                found.append(
                    f"{who}: shift {after} on day {day + 1} cannot follow shift "
                    f"{first[day]} on day {day}"
                )

        # rule 3: most shifts of each type
        counts = Counter(shift for shifts in plan.values() for shift in shifts)
        for shift in sorted(counts):
            cap = contract.max_shifts.get(shift)
            if cap is not None and counts[shift] > cap:
                found.append(f"{who}: {counts[shift]} shifts of type {shift}, max {cap}")

        # rule 4: total minutes within [min, max]
        minutes = sum(instance.shifts[shift][0] * count for shift, count in counts.items())
        if minutes > contract.max_total:
            found.append(f"{who}: {minutes} minutes worked, max {contract.max_total}")
        if minutes < contract.min_total:
            found.append(f"{who}: {minutes} minutes worked, min {contract.min_total}")

        # rules 5-7: blocks of working days and of days off
        worked = [day in plan for day in range(days)]
        for is_work, start, length in _runs(worked):
            end = start + length - 1
            span = f"days {start}-{end}" if length > 1 else f"day {start}"
            inner = start > 0 and end < days - 1
            if is_work and length > contract.max_consecutive:
                found.append(
                    f"{who}: {length} working days in a row ({span}), "
                    f"max {contract.max_consecutive}"
                )
            if is_work and inner and length < contract.min_consecutive:
                found.append(
                    f"{who}: only {length} working days in a row ({span}), "
                    f"min {contract.min_consecutive}"
                )
            if not is_work and inner and length < contract.min_consecutive_days_off:
                found.append(
                    f"{who}: only {length} days off in a row ({span}), "
                    f"min {contract.min_consecutive_days_off}"
                )

        # rule 8: worked weekends (Saturday = 5, Sunday = 6, then every 7 days)
        weekends = [
            saturday
            for saturday in range(5, days, 7)
            if worked[saturday] or (saturday + 1 < days and worked[saturday + 1])
        ]
        if len(weekends) > contract.max_weekends:
            found.append(
                f"{who}: {len(weekends)} weekends worked (Saturdays {weekends}), "
                f"max {contract.max_weekends}"
            )

        # rule 9: pre-assigned days off
        for day in sorted(instance.days_off.get(employee, set()) & plan.keys()):
            found.append(f"{who}: works on day {day}, a pre-assigned day off")

    return found


def objective(instance: Instance, roster: Roster) -> int:
    """The benchmark penalty: unmet shift-on requests, met shift-off requests, cover deviations."""
    rows = _rows(roster)
    assigned = set(rows)
    on_shift = Counter((day, shift) for _, day, shift in rows)

    penalty = 0
    for employee, day, shift, weight in instance.on_requests:
        if (employee, day, shift) not in assigned:
            penalty += weight
    for employee, day, shift, weight in instance.off_requests:
        if (employee, day, shift) in assigned:
            penalty += weight
    for day, shift, req, under, over in instance.cover:
        staffed = on_shift[day, shift]
        penalty += under * max(0, req - staffed) + over * max(0, staffed - req)
    return penalty


def schedules_keeping(path: Path, shifts: list[str]) -> dict[str, list[tuple[dict[int, str], int]]]:
    """Return each employee's schedules of `shifts` that keep their contract (every schedule
    of the horizon enumerated, each checked here), with their own requests' cost."""
    checked = read_instance(path)
    found: dict[str, list[tuple[dict[int, str], int]]] = {}
    for employee in checked.staff:
        found[employee] = []
        for choice in itertools.product([None, *shifts], repeat=checked.days):
            rows = [(employee, d, s) for d, s in enumerate(choice) if s is not None]
            if [v for v in violations(checked, rows) if v.startswith(f"employee {employee}:")]:
                continue
            on = {(d, s) for _, d, s in rows}
            own = sum(
                w for e, d, s, w in checked.on_requests if e == employee and (d, s) not in on
            ) + sum(w for e, d, s, w in checked.off_requests if e == employee and (d, s) in on)
            found[employee].append(({d: s for _, d, s in rows}, own))
    return found
