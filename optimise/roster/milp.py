"""The roster integer program for some employees, the others' shifts held fixed.

x[e, d, s] = 1 when employee e works shift s on day d, for the free employees only; the fixed
employees enter as counts on each cover row. With every employee free this is the whole
problem; with one free it is that employee's best schedule against the others (how a roster
is built), with a few free it is a neighbourhood of a roster (how one is improved). Building
checks the deadline after each employee: a model too large for the time left is given up
rather than finished late.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pulp

from optimise.deadline import Deadline
from optimise.roster import rules
from optimise.roster.instance import RosterInstance
from optimise.roster.rules import Employee

Schedule = dict[int, str]  # day -> shift worked; days off have no entry
Schedules = dict[str, Schedule]  # employee -> schedule


class OutOfTime(Exception):
    """The deadline came before the model was built."""


@dataclass(frozen=True)
class CoverIndex:
    """Which cover rows each worked (day, shift) of an employee counts toward."""

    rows: dict[tuple[int, str, str | None], list[int]]

    @classmethod
    def of(cls, instance: RosterInstance) -> CoverIndex:
        """Return the index of an instance's cover rows by day, shift and group."""
        rows: dict[tuple[int, str, str | None], list[int]] = defaultdict(list)
        for k, c in enumerate(instance.cover):
            rows[c.day, c.shift, c.group].append(k)
        return cls(dict(rows))

    def counted(self, instance: RosterInstance, employee: str, day: int, shift: str) -> list[int]:
        """Return the cover rows one employee working `shift` on `day` counts toward."""
        group = instance.groups.get(employee)
        found = list(self.rows.get((day, shift, None), ()))
        if group is not None:
            found += self.rows.get((day, shift, group), ())
        return found

    def counts(self, instance: RosterInstance, schedules: Mapping[str, Schedule]) -> Counter[int]:
        """Return how many of the given schedules work each cover row."""
        counts: Counter[int] = Counter()
        for employee, schedule in schedules.items():
            for day, shift in schedule.items():
                counts.update(self.counted(instance, employee, day, shift))
        return counts


@dataclass
class Built:
    """A built problem and its variables, by employee, day and shift or by cover row."""

    problem: pulp.LpProblem
    x: dict[tuple[str, int, str], pulp.LpVariable]
    under: dict[int, pulp.LpVariable]
    over: dict[int, pulp.LpVariable]
    weekends: dict[str, dict[int, pulp.LpVariable]] = field(default_factory=dict)

    def schedules(self) -> Schedules:
        """Return the free employees' schedules in the problem's current solution."""
        found: Schedules = {e: {} for e, _, _ in self.x}
        for (e, d, s), var in self.x.items():
            if (var.value() or 0) > 0.5:
                found[e][d] = s
        return found

    def start_from(self, schedules: Mapping[str, Schedule], fixed: Mapping[int, int]) -> None:
        """Set every variable's value to the given schedules of the free employees, so that
        a solver can start from them."""
        counts: Counter[int] = Counter(fixed)
        for (e, d, s), var in self.x.items():
            worked = schedules.get(e, {}).get(d) == s
            var.setInitialValue(1 if worked else 0)
        for e, flags in self.weekends.items():
            mine = schedules.get(e, {})
            for w, flag in flags.items():
                flag.setInitialValue(1 if (5 + 7 * w in mine or 6 + 7 * w in mine) else 0)
        for (e, d, s), var in self.x.items():
            if var.varValue:
                counts.update(self._rows[e, d, s])
        for k, short in self.under.items():
            required = self._required[k]
            short.setInitialValue(max(0, required - counts[k]))
            self.over[k].setInitialValue(max(0, counts[k] - required))

    _rows: dict[tuple[str, int, str], list[int]] = field(default_factory=dict)
    _required: dict[int, int] = field(default_factory=dict)


def _variables(
    problem: pulp.LpProblem, instance: RosterInstance, number: int, employee: str
) -> dict[tuple[int, str], pulp.LpVariable]:
    """Return one employee's x[day, shift]: none on days off or of types the contract bars."""
    contract = instance.staff[employee]
    off = instance.days_off.get(employee, frozenset())
    shift_number = {s: k for k, s in enumerate(instance.shifts)}
    open_to = instance.shifts_of(employee)
    mine = {}
    for d in range(instance.days):
        if d in off:
            continue
        for s in open_to:
            if contract.max_shifts.get(s, 0) > 0:
                name = f"x_{number}_{d}_{shift_number[s]}"
                mine[d, s] = problem.add_variable(name, 0, 1, cat="Binary")
    return mine


def _rules(
    problem: pulp.LpProblem, instance: RosterInstance, who: Employee, employee: str
) -> dict[int, pulp.LpVariable]:
    contract = instance.staff[employee]
    rules.one_shift_a_day(problem, who)
    rules.no_forbidden_successions(problem, who, instance.shifts)
    rules.shifts_per_type(problem, who, contract, instance.shifts)
    rules.minutes_within_contract(problem, who, contract, instance.shifts)
    rules.max_consecutive_days(problem, who, contract.max_consecutive)
    rules.min_consecutive_days(problem, who, contract.min_consecutive)
    rules.min_consecutive_days_off(problem, who, contract.min_days_off)
    return rules.max_weekends(problem, who, contract.max_weekends)


def build(
    instance: RosterInstance,
    free: Sequence[str],
    fixed: Mapping[int, int],
    deadline: Deadline | None = None,
    *,
    symmetry: bool = False,
) -> Built:
    """Return the problem of the free employees' schedules, `fixed[k]` others on cover row k.

    Raises OutOfTime when the deadline passes while building.
    """
    problem = pulp.LpProblem("roster", pulp.LpMinimize)
    number = {e: k for k, e in enumerate(instance.staff)}
    index = CoverIndex.of(instance)
    x: dict[tuple[str, int, str], pulp.LpVariable] = {}
    weekends = {}
    on_row: dict[int, list[pulp.LpVariable]] = defaultdict(list)
    rows: dict[tuple[str, int, str], list[int]] = {}
    for employee in free:
        if deadline is not None and deadline.expired:
            raise OutOfTime
        mine = _variables(problem, instance, number[employee], employee)
        who = Employee(number[employee], mine, instance.days)
        weekends[employee] = _rules(problem, instance, who, employee)
        for (d, s), var in mine.items():
            x[employee, d, s] = var
            rows[employee, d, s] = index.counted(instance, employee, d, s)
            for k in rows[employee, d, s]:
                on_row[k].append(var)
    objective: list[pulp.LpAffineExpression | float] = []
    chosen = set(free)
    for request in instance.on_requests:
        if request.employee in chosen:
            var = x.get((request.employee, request.day, request.shift))
            objective.append(request.weight * (1 - var) if var is not None else request.weight)
    for request in instance.off_requests:
        var = x.get((request.employee, request.day, request.shift))
        if var is not None:
            objective.append(request.weight * var)
    under, over, required = {}, {}, {}
    for k, c in enumerate(instance.cover):
        n = pulp.lpSum(on_row.get(k, []))
        need = c.required - fixed.get(k, 0)
        required[k] = c.required
        if not on_row.get(k):  # nothing free can change this row: its cost is a constant
            objective.append(c.under_weight * max(0, need) + c.over_weight * max(0, -need))
            continue
        under[k] = problem.add_variable(f"under_{k}", 0)
        over[k] = problem.add_variable(f"over_{k}", 0)
        problem += n + under[k] - over[k] == need, f"cover_{k}"
        objective += [c.under_weight * under[k], c.over_weight * over[k]]
    if symmetry:
        _break_symmetry(problem, instance, x, free)
    problem += pulp.lpSum(objective)
    built = Built(problem, x, under, over, weekends)
    built._rows, built._required = rows, {k: required[k] - fixed.get(k, 0) for k in required}
    return built


def alike(instance: RosterInstance, employees: Iterable[str]) -> list[list[str]]:
    """Return the classes of interchangeable employees: same contract, days off, group and
    shifts open to them, and no personal requests."""
    personal = {r.employee for r in (*instance.on_requests, *instance.off_requests)}
    classes: dict[tuple, list[str]] = defaultdict(list)
    for employee in employees:
        if employee in personal:
            continue
        contract = instance.staff[employee]
        key = (
            tuple(sorted(contract.max_shifts.items())),
            contract.max_minutes,
            contract.min_minutes,
            contract.week_minutes,
            contract.max_consecutive,
            contract.min_consecutive,
            contract.min_days_off,
            contract.max_weekends,
            instance.days_off.get(employee, frozenset()),
            instance.groups.get(employee),
            instance.shifts_of(employee),
        )
        classes[key].append(employee)
    return [members for members in classes.values() if len(members) > 1]


def minutes_of(instance: RosterInstance, schedule: Schedule) -> int:
    """Return the minutes a schedule works."""
    return sum(instance.shifts[s].minutes for s in schedule.values())


def in_symmetry_order(instance: RosterInstance, schedules: Schedules) -> Schedules:
    """Return the schedules handed out again within each class of interchangeable employees,
    most minutes first: the order the whole problem's symmetry-breaking rows ask for."""
    result = dict(schedules)
    for members in alike(instance, schedules):
        ordered = sorted((schedules[e] for e in members), key=lambda s: -minutes_of(instance, s))
        result.update(zip(members, ordered, strict=True))
    return result


def _break_symmetry(
    problem: pulp.LpProblem,
    instance: RosterInstance,
    x: dict[tuple[str, int, str], pulp.LpVariable],
    free: Sequence[str],
) -> None:
    """Order employees who are interchangeable by the minutes they work."""
    number = {e: k for k, e in enumerate(instance.staff)}
    minutes: dict[str, list[pulp.LpAffineExpression]] = defaultdict(list)
    for (e, _, s), var in x.items():
        minutes[e].append(instance.shifts[s].minutes * var)
    for members in alike(instance, free):
        for first, second in itertools.pairwise(members):
            label = f"order_{number[first]}_{number[second]}"
            problem += pulp.lpSum(minutes[first]) >= pulp.lpSum(minutes[second]), label
