"""An employee's best schedule by dynamic programming over days: column generation's pricing.

The state after a day is what the labour rules need to know of the past: the last day's choice
(off, or which shift: for forbidden successions), the length of the current run of working days
or days off (for the longest and shortest runs), whether that run started on the first day
(runs touching the horizon's ends are free), the minutes worked so far (in units of the shift
lengths' greatest common divisor), the weekends worked, and the shifts worked of each type
whose contract limit can bind. Each state holds the least cost of reaching it, in one numpy
array a day, and a day's step is one gather from index tables built once
(`optimise.roster.steps`); the schedule is read back from the last day. The rules are those of
`optimise.roster.rules`; a contract with a weekly minute limit (plans only) is priced by the
integer program instead (`optimise.roster.pricing`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from optimise.deadline import Deadline
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import CoverIndex, Schedule
from optimise.roster.pricing import TOLERANCE, Priced, Pricer
from optimise.roster.steps import DaySteps

INF = math.inf
MOST_STATES = 250_000  # a day's states past this: the integer program prices faster (measured)
# a day's states past this when limits are tracked: the limits are priced first (measured on
# Instance8: programs of 10,000-40,000 states take 3-10 ms, of 200,000 about 60 ms, and the
# integer program 1.5 s)
CHEAP_STATES = 40_000
# the most states a day of a program tracking some limits while the others are priced
PARTIAL_STATES = 40_000
LAGRANGE_ROUNDS = 8  # programs solved per pricing with the limits priced
# the same, when pricing is quick: measured on Instance8 (column generation alone), with 8 the
# relaxation reached 1,302 after 24.6 s and was not proven by 40 s; with 2, 1,302 after 6.0 s,
# proven optimal (1,296.6) after 13.9 s; with 1 about as with 2, with 3 proven after 19.3 s
QUICK_ROUNDS = 2
PENALTY_ROUNDS = 8  # then doublings only, until a schedule keeps the limits
FIRST_MULTIPLIER = 1.0  # a limit's first positive price per shift (requests weigh 1-10)


@dataclass(frozen=True)
class _Layout:
    """The axes of a state array: run, started-first-day flag, minutes, weekends, counts."""

    runs: int
    minutes: int
    weekends: int
    counted: tuple[int, ...]  # per shift: its axis among the counts, or -1 when not counted
    limits: tuple[int, ...]  # the counted shifts' limits

    def shape(self) -> tuple[int, ...]:
        """Return the shape of one state array."""
        counts = (n + 1 for n in self.limits)
        return (self.runs + 1, 2, self.minutes + 1, self.weekends + 1, *counts)


class SchedulePricer:
    """One employee's pricing problem as a dynamic program over days."""

    def __init__(
        self,
        instance: RosterInstance,
        employee: str,
        index: CoverIndex,
        tracked: frozenset[str] | None = None,
    ) -> None:
        """Build the program; `tracked` names the shifts whose counts are states (None: every
        shift whose limit can bind; a limit not tracked is not kept)."""
        contract = instance.staff[employee]
        self.employee = employee
        self.days = instance.days
        self.shifts = [s for s in instance.shifts_of(employee) if contract.max_shifts.get(s, 0) > 0]
        lengths = [instance.shifts[s].minutes for s in self.shifts]
        self.unit = math.gcd(*lengths) if lengths else 1
        self.length = [m // self.unit for m in lengths]
        self.limits = {s: contract.max_shifts[s] for s in self.shifts}
        self.off_days = instance.days_off.get(employee, frozenset())
        self.max_run = min(contract.max_consecutive, instance.days)
        self.min_run = contract.min_consecutive
        self.min_off = max(1, contract.min_days_off)
        saturdays = list(range(5, instance.days, 7))
        binds = contract.max_weekends < len(saturdays)
        counted: list[int] = []
        limits: list[int] = []
        for s in self.shifts:
            if contract.max_shifts[s] < instance.days and (tracked is None or s in tracked):
                counted.append(len(limits))
                limits.append(contract.max_shifts[s])
            else:
                counted.append(-1)
        self.layout = _Layout(
            max(self.max_run, self.min_off, 1),
            contract.max_minutes // self.unit,
            contract.max_weekends if binds else 0,
            tuple(counted),
            tuple(limits),
        )
        self.weekends_bind = binds
        self.min_units = math.ceil(contract.min_minutes / self.unit)
        self.forbids = {
            (s, t)
            for s in self.shifts
            for t in self.shifts
            if t in instance.shifts[s].not_followed_by
        }
        # the shifts that shift k may follow the next day, by position
        self._before = [
            tuple(j for j, s in enumerate(self.shifts) if (s, t) not in self.forbids)
            for t in self.shifts
        ]
        self.constant = float(sum(r.weight for r in instance.on_requests if r.employee == employee))
        self._own = np.zeros((instance.days, len(self.shifts)))
        position = {s: k for k, s in enumerate(self.shifts)}
        for r in instance.on_requests:
            if r.employee == employee and r.shift in position:
                self._own[r.day, position[r.shift]] -= r.weight
        for r in instance.off_requests:
            if r.employee == employee and r.shift in position:
                self._own[r.day, position[r.shift]] += r.weight
        rows = [
            [index.counted(instance, employee, d, s) for s in self.shifts]
            for d in range(instance.days)
        ]
        # the rows each day's shift counts toward, padded with -1: a row of no price (the last)
        widest = max((len(r) for per_shift in rows for r in per_shift), default=0)
        self._rows = np.full((widest, instance.days, len(self.shifts)), -1)
        for d, per_shift in enumerate(rows):
            for k, counted_rows in enumerate(per_shift):
                self._rows[: len(counted_rows), d, k] = counted_rows
        self._steps = DaySteps(
            self.layout.shape(),
            self.length,
            self.layout.counted,
            self._before,
            max_run=self.max_run,
            min_run=self.min_run,
            min_off=self.min_off,
            weekends_bind=binds,
        )
        self._tables: list[np.ndarray] | None = None  # each day's, built at the first pricing

    def own_cost(self, schedule: Schedule) -> float:
        """Return the cost of the employee's own requests that a schedule leaves unmet."""
        position = {s: k for k, s in enumerate(self.shifts)}
        return self.constant + float(sum(self._own[d, position[s]] for d, s in schedule.items()))

    def _costs(self, prices: np.ndarray) -> np.ndarray:
        """Return each day's and shift's cost: own requests less the prices of rows it counts."""
        priced = np.append(prices, 0.0)
        if not len(self._rows):
            return self._own.copy()
        # summed row by row, as the rows come: the same sums to the last bit
        earned = priced[self._rows[0]]
        for rows in self._rows[1:]:
            earned = earned + priced[rows]
        return self._own - earned

    @property
    def states(self) -> int:
        """Return how many states a day holds: the work of one step."""
        return (1 + len(self.shifts)) * math.prod(self.layout.shape())

    def price(
        self, prices: np.ndarray, deadline: Deadline, quick: bool = False, enough: float = math.inf
    ) -> Priced | None:
        """Return the employee's schedule of least own cost less the prices of the cover rows
        it counts toward, proven the least (the deadline, `quick` and `enough` are not
        consulted: a step is short)."""
        found = self.best(prices)
        if found is None:
            raise ValueError(f"no schedule keeps the contract of employee {self.employee}")
        value, schedule = found
        return Priced(value, self.own_cost(schedule), schedule, True)

    def value_of(self, schedule: Schedule, prices: np.ndarray) -> float:
        """Return a schedule's own cost less the prices of the cover rows it counts toward."""
        costs = self._costs(prices)
        position = {s: k for k, s in enumerate(self.shifts)}
        return self.constant + float(sum(costs[d, position[s]] for d, s in schedule.items()))

    def best(
        self, prices: np.ndarray, extra: np.ndarray | None = None
    ) -> tuple[float, Schedule] | None:
        """Return the least own cost less earned prices (plus `extra` per shift worked, by
        position) over every schedule keeping the contract, and a schedule reaching it (None
        when no schedule keeps it)."""
        costs = self._costs(prices)
        if extra is not None:
            costs = costs + extra
        if self._tables is None:
            closed = self.max_run < 1
            self._tables = [
                self._steps.table(closed or d in self.off_days, d == 0, d % 7 == 5, d % 7 == 6)
                for d in range(self.days)
            ]
        # (the days before the horizon are off: a run of days off touching the start is free)
        start = (0, min(self.min_off, self.layout.runs), 1, 0, 0, *(0,) * len(self.layout.limits))
        rows = self._steps.run(costs, start, self._tables)
        final = rows[-1, : self._steps.states].reshape(1 + len(self.shifts), *self.layout.shape())
        final[:, :, :, : self.min_units] = INF  # in place: no state masked is read back
        least = final.min(axis=0)
        if not np.isfinite(least).any():
            return None
        value = float(least.min())
        # the first choice holding it, as the programs before read it back
        choice = int(np.argmax((final == value).reshape(len(final), -1).any(axis=1)))
        at = choice * self._steps.size + int(final[choice].argmin())
        choices = self._steps.read_back(rows, costs, self._tables, at)
        schedule = {d: self.shifts[c - 1] for d, c in enumerate(choices) if c}
        return self.constant + value, schedule


class LazyPricer:
    """One employee's pricing problem as dynamic programs that track a shift type's count only
    once a best schedule has broken its limit: a schedule best without a limit and within it
    is best with it, and most limits never bind at the prices met, so the states stay few."""

    def __init__(self, instance: RosterInstance, employee: str, index: CoverIndex) -> None:
        self._make = lambda tracked: SchedulePricer(instance, employee, index, tracked)
        self._program = lambda: Pricer(instance, employee, index)
        self._integer: Pricer | None = None
        self.employee = employee
        self._tracked: frozenset[str] = frozenset()
        self._programs = {self._tracked: self._make(self._tracked)}
        self._multipliers = np.zeros(len(self._programs[frozenset()].shifts))

    def own_cost(self, schedule: Schedule) -> float:
        """Return the cost of the employee's own requests that a schedule leaves unmet."""
        return self._programs[frozenset()].own_cost(schedule)

    def price(
        self,
        prices: np.ndarray,
        deadline: Deadline,
        quick: bool = False,
        enough: float = math.inf,
    ) -> Priced | None:
        """Return the employee's schedule of least own cost less the prices of the cover rows
        it counts toward, proven the least, or by pricing the limits that would make the
        states many: when `quick`, a schedule keeping them (not always proven); else one
        whose value no schedule beats by more than it falls short of `enough`, or one below
        `enough` (a column to add)."""
        priced = self._tracking(prices, deadline, CHEAP_STATES)
        if priced is not None:
            return priced
        # many states to track: the limits priced first, the exact programs only when that
        # decides nothing (and not at all when quick)
        found = self._priced_limits(prices, QUICK_ROUNDS if quick else LAGRANGE_ROUNDS)
        if found is not None and (
            found.proven
            or quick
            or found.lower >= enough - TOLERANCE
            or found.value < enough - TOLERANCE
        ):
            return found
        priced = self._tracking(prices, deadline, MOST_STATES)
        if priced is not None:
            return priced
        if self._integer is None:
            self._integer = self._program()
        return self._integer.price(prices, deadline)

    def _tracking(self, prices: np.ndarray, deadline: Deadline, most: int) -> Priced | None:
        """Return the best schedule by the programs tracking the limits a best schedule broke,
        tracking more as more break (None once that takes more than `most` states a day;
        past `MOST_STATES`, the integer program prices this employee from then on)."""
        while self._integer is None:
            program = self._programs.get(self._tracked)
            if program is None:
                program = self._programs[self._tracked] = self._make(self._tracked)
            if program.states > MOST_STATES:  # too many: the integer program is faster
                self._integer = self._program()
                return None
            if program.states > most:
                return None
            priced = program.price(prices, deadline)
            assert priced is not None
            counts = Counter(priced.schedule.values())
            broken = {s for s, n in counts.items() if n > program.limits[s]}
            if not broken:
                return priced
            self._tracked |= broken
        return None

    def _program_of(self, tracked: frozenset[str]) -> SchedulePricer:
        """Return the program tracking the counts of `tracked` (built once)."""
        program = self._programs.get(tracked)
        if program is None:
            program = self._programs[tracked] = self._make(tracked)
        return program

    def _partial(self) -> frozenset[str]:
        """Return the limits a best schedule broke that one program of at most
        `PARTIAL_STATES` states a day can track, smallest limit first: those far below the
        horizon are the ones whose price the Lagrangian misses most (measured on Instance8: at
        the prices of generation's tail, a night limit of 4 priced gave a schedule worth -55
        where the best was -441; tracked, the best)."""
        program = self._programs[frozenset()]
        tracked: frozenset[str] = frozenset()
        states = program.states
        for shift in sorted(self._tracked, key=lambda s: (program.limits[s], s)):
            if states * (program.limits[shift] + 1) <= PARTIAL_STATES:
                tracked |= {shift}
                states *= program.limits[shift] + 1
        return tracked

    def _priced_limits(self, prices: np.ndarray, rounds: int = LAGRANGE_ROUNDS) -> Priced | None:
        """Return the best schedule of the program tracking the limits `_partial` picks once
        each shift worked of another type costs its multiplier more (a Lagrangian relaxation
        of those limits), the multipliers adjusted until the best schedule keeps every limit
        and works each type of positive multiplier exactly to its limit: then it is the best
        keeping them (proven). Multipliers are kept from call to call (prices change little
        between rounds). Past `rounds` programs, the best schedule met keeping the limits (not
        proven; None when none was met)."""
        program = self._program_of(self._partial())
        limits = np.array([program.limits[s] for s in program.shifts])
        tracked = np.array([program.layout.counted[k] >= 0 for k in range(len(program.shifts))])
        self._multipliers[tracked] = 0.0  # a tracked limit is kept by the program: no price
        multipliers = self._multipliers
        low, high = np.zeros_like(multipliers), np.full_like(multipliers, INF)
        kept: Priced | None = None
        lower = -INF  # the best Lagrangian bound met: no schedule keeping the limits beats it
        for attempt in range(rounds + PENALTY_ROUNDS):
            if attempt == rounds:
                if kept is not None:
                    break
                # none kept the limits yet: only raise the multipliers over them, doubling,
                # from a copy (the ones kept stay near the right ones for the next prices)
                multipliers, high = multipliers.copy(), np.full_like(multipliers, INF)
            found = program.best(prices, multipliers[None, :])
            if found is None:
                return None
            schedule = found[1]
            lower = max(lower, found[0] - float(multipliers @ limits))
            counts = Counter(schedule.values())
            worked = np.array([counts[s] for s in program.shifts])
            over = worked > limits
            under = (worked < limits) & (multipliers > 0)
            # a limit broken here is one a best schedule breaks: tracked when it fits next time
            self._tracked |= {s for s, broken in zip(program.shifts, over, strict=True) if broken}
            if not over.any():
                value = program.value_of(schedule, prices)
                proven = not under.any()
                if proven or kept is None or value < kept.value:
                    kept = Priced(value, program.own_cost(schedule), schedule, proven)
                if proven or attempt >= rounds:
                    return replace(kept, lower=max(kept.lower, lower))
            # a multiplier too low is doubled until one too high brackets it, then the
            # bracket is halved
            if attempt >= rounds:  # doublings only
                under[:] = False
            low[over], high[under] = multipliers[over], multipliers[under]
            bracketed = np.isfinite(high)
            multipliers[over & ~bracketed] = np.maximum(
                2 * multipliers[over & ~bracketed], FIRST_MULTIPLIER
            )
            middle = (over & bracketed) | under
            multipliers[middle] = (low[middle] + high[middle]) / 2
        return None if kept is None else replace(kept, lower=max(kept.lower, lower))
