"""The compiled steps of the pricing program (`optimise.roster.steps`) against brute force and
against the program before them.

Brute force: every schedule of each employee of two tiny instances (the eight-day one of
test_pricing.py, two shifts and limits that bind; and thirteen days of one shift, where two
weekends and a weekly-rest run starting on a Sunday matter) is kept when the independent
checker (roster_checker.py) finds it keeps the contract; the program's least value, plus
random per-shift multipliers, must be the least over them. The program before: kept below
as it was (each day's arrays moved and reduced one shift at a time), it must give the very
same value, to the last bit, at random prices on the eight-day instance and on Instance8.
"""

from __future__ import annotations

import math
from functools import reduce
from pathlib import Path

import numpy as np
import pytest

from optimise.roster.dynamic import SchedulePricer
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.milp import CoverIndex, Schedule
from tests.optimise.roster.roster_checker import schedules_keeping
from tests.optimise.roster.test_pricing import _row

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "shift-scheduling-benchmark"
INF = math.inf

# Thirteen days from a Monday: days 5-6 and 12 are weekends. W works earlies only (lates at
# most 0), at most one weekend, runs of 2-4 days, at least 2 days off between runs; day 9 is
# off; requests pull toward both weekends.
THIRTEEN_DAYS = """\
SECTION_HORIZON
13

SECTION_SHIFTS
E,480,
L,480,

SECTION_STAFF
W,E=13|L=0,3840,1920,4,2,2,1

SECTION_DAYS_OFF
W,9

SECTION_SHIFT_ON_REQUESTS
W,6,E,3
W,12,E,2

SECTION_SHIFT_OFF_REQUESTS
W,3,E,1

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
1,E,1,100,1
1,L,1,100,1
2,E,1,100,1
2,L,1,100,1
3,E,1,100,1
3,L,1,100,1
4,E,1,100,1
4,L,1,100,1
5,E,1,100,1
5,L,1,100,1
6,E,1,100,1
6,L,1,100,1
7,E,1,100,1
7,L,1,100,1
8,E,1,100,1
8,L,1,100,1
9,E,1,100,1
9,L,1,100,1
10,E,1,100,1
10,L,1,100,1
11,E,1,100,1
11,L,1,100,1
12,E,1,100,1
12,L,1,100,1
"""


def _shift(array: np.ndarray, moves: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Return the array moved up each (axis, by) of `moves` (values pushed past an end
    dropped), in one copy."""
    out = np.full_like(array, INF)
    target = [slice(None)] * array.ndim
    source = [slice(None)] * array.ndim
    for axis, by in moves:
        size = array.shape[axis]
        if by >= size:
            return out
        target[axis] = slice(by, size)
        source[axis] = slice(0, size - by)
    out[tuple(target)] = array[tuple(source)]
    return out


def _least(array: np.ndarray) -> np.ndarray | float:
    """Return the least over the first axis (infinity when it is empty)."""
    return array.min(axis=0) if array.shape[0] else INF


class ReferencePricer(SchedulePricer):
    """The program as it was before its steps were compiled (revision 977c572): each day,
    every shift's array moved by slicing and the sets before it reduced one by one."""

    def __init__(self, instance, employee, index, tracked=None) -> None:
        super().__init__(instance, employee, index, tracked)
        self._listed = [
            [index.counted(instance, employee, d, s) for s in self.shifts]
            for d in range(instance.days)
        ]

    def _costs(self, prices: np.ndarray) -> np.ndarray:
        costs = self._own.copy()
        for d, per_shift in enumerate(self._listed):
            for k, rows in enumerate(per_shift):
                costs[d, k] -= sum(prices[r] for r in rows)
        return costs

    def _moves(self, k: int, weekend: bool, lead: int) -> tuple[tuple[int, int], ...]:
        """Return the (axis, by) moves of working shift k: its minutes, its count, a weekend;
        axes counted from the minutes axis at `lead`."""
        moves = [(lead, self.length[k])]
        axis = self.layout.counted[k]
        if axis >= 0:
            moves.append((lead + 2 + axis, 1))
        if weekend and self.weekends_bind:
            moves.append((lead + 1, 1))
        return tuple(moves)

    def best(
        self, prices: np.ndarray, extra: np.ndarray | None = None
    ) -> tuple[float, Schedule] | None:
        """Return the least own cost less earned prices (plus `extra` per shift worked, by
        position) over every schedule keeping the contract, and a schedule reaching it (None
        when no schedule keeps it)."""
        costs = self._costs(prices)
        if extra is not None:
            costs = costs + extra
        shape = self.layout.shape()
        start = np.full(shape, INF)
        start[(min(self.min_off, self.layout.runs), 1, 0, 0) + (0,) * len(self.layout.limits)] = 0.0
        # (the days before the horizon are off: a run of days off touching the start is free)
        states = [start] + [np.full(shape, INF) for _ in self.shifts]
        history = [states]
        for d in range(self.days):
            states = self._step(states, d, costs[d])
            history.append(states)
        final = np.full(shape, INF)
        for array in states:
            final = np.minimum(final, array)
        final[:, :, : self.min_units] = INF
        if not np.isfinite(final).any():
            return None
        value = float(final.min())
        return self.constant + value, self._read_back(history, costs, value)

    def _step(self, states: list[np.ndarray], day: int, costs: np.ndarray) -> list[np.ndarray]:
        """Return the least cost of each state after `day`, from those after the day before."""
        runs, shape = self.layout.runs, self.layout.shape()
        off, works = states[0], states[1:]
        # a run of working days ends: long enough, or it touched the first day
        any_work = reduce(np.minimum, works, np.full(shape, INF))
        ended = np.minimum(_least(any_work[:, 1]), _least(any_work[self.min_run :, 0]))
        new_off = np.full(shape, INF)
        new_off[2:] = off[1:-1]
        new_off[runs] = np.minimum(new_off[runs], off[runs])
        new_off[1, 0] = np.minimum(new_off[1, 0], ended)
        new = [new_off]
        if day in self.off_days or self.max_run < 1:
            return new + [np.full(shape, INF) for _ in self.shifts]
        # a run of working days starts: the days off before it long enough, or from the start
        rested = np.minimum(_least(off[:, 1]), _least(off[self.min_off :, 0]))
        rested = np.broadcast_to(rested, shape[2:])
        saturday, sunday = day % 7 == 5, day % 7 == 6
        # the best state of each run worked so far, over the shifts that may come before k
        before: dict[tuple[int, ...], np.ndarray | None] = {}
        for k in range(len(self.shifts)):
            allowed = self._before[k]
            if allowed not in before:
                before[allowed] = (
                    None  # no shift may come before k: a run cannot go on with it
                    if not allowed
                    else any_work
                    if len(allowed) == len(works)
                    else reduce(np.minimum, [works[j] for j in allowed])
                )
        for k in range(len(self.shifts)):
            array = np.full(shape, INF)
            # a run from day 0 touches the start; a weekend counts on the first of its days
            array[1, 1 if day == 0 else 0] = _shift(rested, self._moves(k, saturday or sunday, 0))
            previous = before[self._before[k]]
            if previous is not None and self.max_run >= 2:
                array[2 : self.max_run + 1] = _shift(
                    previous[1 : self.max_run], self._moves(k, saturday, 2)
                )
            new.append(array + costs[k])
        return new

    def _read_back(
        self, history: list[list[np.ndarray]], costs: np.ndarray, value: float
    ) -> Schedule:
        """Return a schedule whose cost is `value`, read back from the last day's states."""
        states = history[-1]
        found = None
        for c, array in enumerate(states):
            masked = array.copy()
            masked[:, :, : self.min_units] = INF
            if masked.min() == value:
                found = (c, tuple(int(i) for i in np.unravel_index(masked.argmin(), array.shape)))
                break
        assert found is not None
        schedule: Schedule = {}
        choice, at = found
        for d in range(self.days - 1, -1, -1):
            if choice > 0:
                schedule[d] = self.shifts[choice - 1]
            here = history[d + 1][choice][at]
            choice, at = self._previous(history[d], d, choice, at, here, costs[d])
        return schedule

    def _previous(
        self,
        before: list[np.ndarray],
        day: int,
        choice: int,
        at: tuple[int, ...],
        here: float,
        costs: np.ndarray,
    ) -> tuple[int, tuple[int, ...]]:
        """Return the state before `day` that the state `at` after it was reached from."""
        run, flag, rest = at[0], at[1], at[2:]
        runs = self.layout.runs
        candidates: list[tuple[int, tuple[int, ...]]] = []
        if choice == 0:
            if run == 1 and flag == 0:
                candidates = [
                    (1 + j, (r, f, *rest))
                    for j in range(len(self.shifts))
                    for r in range(1, runs + 1)
                    for f in (0, 1)
                    if f == 1 or r >= self.min_run
                ]
            else:
                candidates = [(0, (r, flag, *rest)) for r in {run - 1, run} if r >= 1]
                candidates = [(c, a) for c, a in candidates if a[0] == run - 1 or run == runs]
            for c, a in candidates:
                if before[c][a] == here:
                    return c, a
            raise AssertionError("no state before")
        k = choice - 1
        minutes = rest[0] - self.length[k]
        counts = list(rest[2:])
        if self.layout.counted[k] >= 0:
            counts[self.layout.counted[k]] -= 1
        started = run == 1 and (flag == 0 or day == 0)
        weekend = day % 7 == 5 or (day % 7 == 6 and started)
        weekends = rest[1] - (1 if weekend and self.weekends_bind else 0)
        back = (minutes, weekends, *counts)
        if min(back) >= 0:
            if started:
                candidates = [
                    (0, (o, f, *back))
                    for o in range(1, runs + 1)
                    for f in (0, 1)
                    if f == 1 or o >= self.min_off
                ]
            else:
                candidates = [
                    (1 + j, (run - 1, flag, *back))
                    for j in range(len(self.shifts))
                    if (self.shifts[j], self.shifts[k]) not in self.forbids
                ]
        for c, a in candidates:
            if before[c][a] + costs[k] == here:
                return c, a
        raise AssertionError("no state before")


def _check_least(path: Path, every: dict, seed: int, scale: float) -> None:
    """The program's value is the least, over every schedule the checker keeps, of its own
    cost less the prices of its rows plus a multiplier per shift worked (drawn, some zero)."""
    problem = read_problem(path)
    index = CoverIndex.of(problem)
    rng = np.random.default_rng(seed)
    for employee, schedules in every.items():
        program = SchedulePricer(problem, employee, index)
        for _ in range(4):
            prices = rng.uniform(-1.0, 1.0, len(problem.cover)) * scale
            multipliers = rng.uniform(0.0, 1.0, len(program.shifts)) * scale
            multipliers[rng.random(len(program.shifts)) < 0.5] = 0.0
            worth = {
                tuple(sorted(schedule.items())): own
                + sum(
                    multipliers[program.shifts.index(s)] - prices[_row(problem, d, s)]
                    for d, s in schedule.items()
                )
                for schedule, own in schedules
            }
            found = program.best(prices, multipliers[None, :])
            assert found is not None
            value, schedule = found
            assert value == pytest.approx(min(worth.values()), abs=1e-9)
            key = tuple(sorted(schedule.items()))
            assert key in worth  # the checker finds it keeps the contract
            assert worth[key] == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("scale", [1.0, 10.0, 300.0])
def test_the_least_over_every_schedule_of_two_shifts(eight_days, every_schedule, scale):
    _check_least(eight_days, every_schedule, seed=int(scale) + 7, scale=scale)


@pytest.fixture(scope="module")
def thirteen_days(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("thirteen") / "thirteen.txt"
    path.write_text(THIRTEEN_DAYS)
    return path


def test_two_weekends_and_a_day_off_bind(thirteen_days):
    every = schedules_keeping(thirteen_days, ["E"])
    # the rules cut most of the 2^13 = 8,192 schedules, and leave a choice; one weekend at
    # most: no schedule works days 5 or 6 and day 12 too
    assert 1 < len(every["W"]) < 8192 // 4
    assert not [s for s, _ in every["W"] if (5 in s or 6 in s) and 12 in s]
    assert [s for s, _ in every["W"] if 6 in s and 5 not in s]  # a run may start on a Sunday
    for scale in (1.0, 10.0, 300.0):
        _check_least(thirteen_days, every, seed=int(scale), scale=scale)


def _same_as_reference(problem, employees, tracked_sets, seed: int, draws: int) -> int:
    """Check the program's value is the reference's to the last bit, and the schedule it
    reads back is worth it; return the pairs of programs compared."""
    index = CoverIndex.of(problem)
    rng = np.random.default_rng(seed)
    compared = 0
    for employee in employees:
        for tracked in tracked_sets:
            program = SchedulePricer(problem, employee, index, tracked)
            reference = ReferencePricer(problem, employee, index, tracked)
            compared += 1
            for _ in range(draws):
                prices = rng.uniform(-1.0, 1.0, len(problem.cover)) * rng.choice([1, 10, 300])
                extra = rng.uniform(0.0, 5.0, (1, len(program.shifts)))
                extra[rng.random(extra.shape) < 0.5] = 0.0
                for more in (None, extra):
                    found, expected = program.best(prices, more), reference.best(prices, more)
                    assert (found is None) == (expected is None)
                    if found is None or expected is None:
                        continue
                    assert found[0] == expected[0]  # the very same sums: no tolerance
                    valued = program.value_of(found[1], prices)
                    if more is not None:
                        counts = [list(found[1].values()).count(s) for s in program.shifts]
                        valued += float(np.dot(counts, more[0]))
                    assert valued == pytest.approx(found[0], abs=1e-9)
    return compared


def test_same_values_as_the_program_before_on_eight_days(eight_days):
    problem = read_problem(eight_days)
    tracked = [None, frozenset(), frozenset({"L"})]
    assert _same_as_reference(problem, list(problem.staff), tracked, seed=3, draws=6) == 9


@pytest.mark.skipif(not DATA.is_dir(), reason="benchmark instances not found")
def test_same_values_as_the_program_before_on_instance8():
    # employees of different contracts (lates, nights, both; weekly rest 2 or 3), with no
    # limit tracked and with the night limit tracked (as the Lagrangian pricing tracks it)
    problem = read_problem(DATA / "Instance8.txt")
    staff = list(problem.staff)
    chosen = [e for e in staff if problem.staff[e].max_shifts.get("N", 0) > 0][:3] + [
        e for e in staff if problem.staff[e].max_shifts.get("L", 0) > 0
    ][:2]
    tracked = [frozenset(), frozenset({"N"})]
    assert _same_as_reference(problem, chosen, tracked, seed=8, draws=2) == 10
