"""Column generation over whole schedules: a lower bound, and rosters made of the columns.

The master problem chooses one schedule (a column) per employee, plus cover left short or
over at its weights, with every labour rule inside the columns. Its linear relaxation is
solved over the columns found so far; each employee's pricing problem
(`optimise.roster.pricing`) then finds the schedule of least reduced cost at the relaxation's
prices, and every one below zero joins the master. The relaxation's value plus a lower bound
on every employee's least reduced cost is a lower bound on any roster (Lagrangian bound); this
is the bound reported. An employee's bound is their least reduced cost where pricing proves
it, else the Lagrangian value of their shift-type limits (`optimise.roster.dynamic`); once no
employee's bound is below zero, no column can improve the relaxation and generation ends. A
roster is then the master solved as an integer program over the columns found (each employee
keeps one of their own schedules), which a neighbourhood search (`optimise.roster.search`)
improves further.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from optimise.deadline import Deadline
from optimise.roster.dynamic import MOST_STATES, LazyPricer, SchedulePricer
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import CoverIndex, Schedule, Schedules
from optimise.roster.pricing import TOLERANCE, Pricer, limit_time
from optimise.roster.progress import Tracker
from optimise.solver import quiet_highs
from scenarios import InfeasiblePlan

# an integer pricing problem's seconds while columns still come (measured on Instance8: 1.5 s
# each to optimality, 23 of them taking 35 s of a 40 s generation)
PRICE_SECONDS = 0.3
DUAL_SIMPLEX, PRIMAL_SIMPLEX = 1, 4  # HiGHS's simplex_strategy values


class Master:
    """The master problem's relaxation in HiGHS: a convexity row per employee, a row per cover
    row, short and over columns, and the schedules added so far."""

    def __init__(self, instance: RosterInstance) -> None:

        self._instance = instance
        self._staff = list(instance.staff)
        self.row_of = {e: k for k, e in enumerate(self._staff)}
        self._first_cover = len(self._staff)
        self.highs = quiet_highs()
        self.highs.setOptionValue("threads", 1)
        for _ in self._staff:
            self.highs.addRow(1.0, 1.0, 0, np.array([], np.int32), np.array([], float))
        for c in instance.cover:
            self.highs.addRow(c.required, c.required, 0, np.array([], np.int32), np.array([]))
        for k, c in enumerate(instance.cover):
            row = np.array([self._first_cover + k], np.int32)
            self.highs.addCol(c.under_weight, 0.0, math.inf, 1, row, np.array([1.0]))
            self.highs.addCol(c.over_weight, 0.0, math.inf, 1, row, np.array([-1.0]))
        self._fixed_columns = 2 * len(instance.cover)
        self.cover = instance.cover
        self.columns: list[tuple[str, Schedule]] = []
        self._seen: dict[tuple[str, tuple[tuple[int, str], ...]], int] = {}  # key -> column
        self._held: set[int] = set()
        self._index = CoverIndex.of(instance)
        self._bounds_moved = True  # a column held since the last solve (or no solve yet)
        self.diving = False  # while a dive runs (see `relax`)
        self.generated: int | None = None  # the columns generation ended with

    def add(self, employee: str, schedule: Schedule, own_cost: float) -> bool:
        """Add an employee's schedule as a column; return False when it is there already."""
        key = (employee, tuple(sorted(schedule.items())))
        if key in self._seen:
            return False
        self._seen[key] = len(self.columns)
        counts: Counter[int] = Counter()
        for d, s in schedule.items():
            counts.update(self._index.counted(self._instance, employee, d, s))
        rows = [self.row_of[employee]] + [self._first_cover + k for k in counts]
        values = [1.0] + [float(n) for n in counts.values()]
        self.highs.addCol(
            own_cost, 0.0, math.inf, len(rows), np.array(rows, np.int32), np.array(values)
        )
        self.columns.append((employee, schedule))
        return True

    def relax(self, deadline: Deadline) -> tuple[float, np.ndarray, np.ndarray] | None:
        """Return the relaxation's value, each cover row's price and each employee's price
        (None when the deadline stops the solve)."""
        limit_time(self.highs, deadline)
        # while diving, columns added or freed keep the basis feasible: the primal simplex
        # goes on from it; a column held breaks that, the dual simplex mends it. Measured on
        # Instance8 from one generated master (loaded machine): the dual simplex throughout
        # took 13.7 ms a solve, 0 of 5 dives ending within 1,313; this 6.7 ms, 9 of 13.
        # Generation keeps the dual simplex: with the primal one there, 3 of 15 dives did.
        primal = self.diving and not self._bounds_moved
        strategy = PRIMAL_SIMPLEX if primal else DUAL_SIMPLEX
        self.highs.setOptionValue("simplex_strategy", strategy)
        self._bounds_moved = False
        self.highs.run()
        import highspy

        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        duals = np.array(self.highs.getSolution().row_dual)
        value = self.highs.getInfo().objective_function_value
        return value, duals[self._first_cover :], duals[: self._first_cover]

    def column(self, employee: str, schedule: Schedule, own_cost: float) -> int:
        """Return the number of an employee's schedule among the columns, added if new."""
        self.add(employee, schedule, own_cost)
        return self._seen[employee, tuple(sorted(schedule.items()))]

    def fix(self, column: int) -> None:
        """Hold a column at one: its employee works that schedule."""
        j = self._fixed_columns + column
        self.highs.changeColBounds(j, 1.0, 1.0)
        self._held.add(column)
        self._bounds_moved = True

    def release(self) -> None:
        """Free every column held: the relaxation over all columns again."""
        for column in self._held:
            self.highs.changeColBounds(self._fixed_columns + column, 0.0, math.inf)
        self._held.clear()

    def chosen(self) -> np.ndarray:
        """Return each column's value in the relaxation's last solution."""
        return np.array(self.highs.getSolution().col_value)[self._fixed_columns :]

    def trim(self) -> None:
        """Drop the columns added since generation ended (by dives): a fresh dive then solves
        a relaxation of the generated columns alone, smaller and so quicker."""
        if self.generated is None:
            return
        first, total = self._fixed_columns + self.generated, self.highs.getNumCol()
        if total > first:
            self.highs.deleteCols(total - first, np.arange(first, total, dtype=np.int32))
        del self.columns[self.generated :]
        self._seen = {key: j for key, j in self._seen.items() if j < self.generated}
        self._bounds_moved = True

    def roster(self, deadline: Deadline) -> Schedules | None:
        """Return the best roster made of the columns found by the deadline (None when none
        is found): the master solved as an integer program."""
        import highspy

        n = self.highs.getNumCol() - self._fixed_columns
        index = np.arange(self._fixed_columns, self._fixed_columns + n, dtype=np.int32)
        kinds = highspy.HighsVarType
        self.highs.changeColsIntegrality(n, index, np.array([kinds.kInteger] * n))
        limit_time(self.highs, deadline)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)  # HiGHS's default
        self.highs.run()
        found: Schedules | None = None
        if self.highs.getInfo().primal_solution_status == 2:
            values = self.highs.getSolution().col_value
            found = {e: {} for e in self._staff}
            for j, (employee, schedule) in enumerate(self.columns):
                if values[self._fixed_columns + j] > 0.5:
                    found[employee] = dict(schedule)
        self.highs.changeColsIntegrality(n, index, np.array([kinds.kContinuous] * n))
        self._bounds_moved = True  # the relaxation's basis is not kept through the search
        return found


AnyPricer = Pricer | SchedulePricer | LazyPricer
Pricers = dict[str, AnyPricer]


@dataclass
class Generated:
    """What column generation found: the master, its relaxation's value, the best lower bound
    proven and how many rounds and columns it took."""

    master: Master
    pricers: Pricers
    relaxation: float | None = None
    bound: float | None = None
    rounds: int = 0
    converged: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    tracker: Tracker = field(default_factory=Tracker)  # told of each bound proven


SMALL_STATES = 40_000  # a day's states below this: every limit tracked from the start


def pricer_of(instance: RosterInstance, employee: str, index: CoverIndex) -> AnyPricer:
    """Return an employee's pricing problem: the dynamic program over days where its states
    are few and the contract has no weekly limit (its shift-type limits tracked only once
    they bind), else the employee's integer program."""
    if instance.staff[employee].week_minutes is None:
        dynamic = SchedulePricer(instance, employee, index)
        if dynamic.states <= SMALL_STATES:
            return dynamic
        if SchedulePricer(instance, employee, index, frozenset()).states <= MOST_STATES:
            return LazyPricer(instance, employee, index)
    return Pricer(instance, employee, index)


def pricing_work(instance: RosterInstance) -> int:
    """Return the states of every employee's dynamic program with no shift-type limit tracked
    (as most pricing problems are solved: see `LazyPricer`), summed over employees and days:
    the work of a pricing round."""
    index = CoverIndex.of(instance)
    return instance.days * sum(
        SchedulePricer(instance, e, index, frozenset()).states for e in instance.staff
    )


def generate(
    instance: RosterInstance,
    deadline: Deadline,
    start: Schedules | None = None,
    tracker: Tracker | None = None,
) -> Generated:
    """Return the master problem after adding columns until no schedule has a negative reduced
    cost or the deadline comes, with the best lower bound proven on the way (each one told to
    `tracker`).

    Raises InfeasiblePlan naming an employee whose contract no schedule keeps.
    """
    master = Master(instance)
    index = CoverIndex.of(instance)
    started = time.monotonic()
    pricers: Pricers = {}
    tracker = tracker or Tracker()
    for e in instance.staff:
        if deadline.expired:
            return Generated(master, pricers, tracker=tracker)
        pricers[e] = pricer_of(instance, e, index)
    result = Generated(
        master, pricers, seconds={"build": time.monotonic() - started}, tracker=tracker
    )
    try:
        if not _first_columns(master, pricers, start or {}, deadline):
            return result
        began = time.monotonic()
        quick = True  # integer pricing cut short while columns come; then a round to prove
        while not deadline.expired:
            if _round(result, pricers, deadline, quick=quick):
                quick = True
            elif quick and not result.converged:
                quick = False
            else:
                break
        result.seconds["rounds"] = time.monotonic() - began
        master.generated = len(master.columns)
    except ValueError as exc:
        raise InfeasiblePlan(
            f"{exc}: check its minimum minutes, runs of days, weekends and days off against "
            "the horizon"
        ) from None
    return result


def _first_columns(master: Master, pricers: Pricers, start: Schedules, deadline: Deadline) -> bool:
    """Give each employee a first column: their schedule in `start`, else their best at no
    prices; return False when the deadline comes first."""
    zero = np.zeros(len(master.cover))
    for e, pricer in pricers.items():
        if deadline.expired:  # the dynamic program does not watch the clock: check between
            return False
        if e in start:
            master.add(e, start[e], pricer.own_cost(start[e]))
            continue
        priced = pricer.price(zero, deadline)
        if priced is None:
            return False
        master.add(e, priced.schedule, priced.own_cost)
    return True


def _round(
    result: Generated,
    pricers: Pricers,
    deadline: Deadline,
    *,
    bounding: bool = True,
    quick: bool = False,
    gave: set[str] | None = None,
) -> bool:
    """Solve the relaxation, price every employee (in `pricers`) and add the columns that
    improve it; return whether to go on (False when converged or out of time; when `quick`,
    as soon as no column was added). The bound is updated only when `bounding` (every employee
    priced, no column held). When `quick`, an integer pricing problem gets `PRICE_SECONDS`
    and its best schedule by then (no proof; none found: that employee gives no column). The
    employees whose column was added join `gave`."""
    gave = set() if gave is None else gave
    relaxed = result.master.relax(deadline)
    if relaxed is None:
        return False
    value, prices, own = relaxed
    if bounding:
        result.relaxation = value
    result.rounds += 1
    reduced, proven, settled, added = 0.0, True, True, 0
    for e, pricer in pricers.items():
        if deadline.expired:
            return False
        limit = Deadline(min(deadline.at, time.monotonic() + PRICE_SECONDS)) if quick else deadline
        dual = own[result.master.row_of[e]]
        priced = pricer.price(prices, limit, quick, enough=dual)
        if priced is None:
            if not quick or deadline.expired:
                return False
            proven = settled = False
            continue
        gain = priced.value - dual
        # the bound needs only a value no schedule of the employee beats, not the best one
        proven &= math.isfinite(priced.lower)
        settled &= priced.lower - dual >= -TOLERANCE
        reduced += min(0.0, priced.lower - dual)
        if gain < -TOLERANCE and result.master.add(e, priced.schedule, priced.own_cost):
            added += 1
            gave.add(e)
    if proven and bounding:  # a bound on every employee's least reduced cost: Lagrangian
        bound = value + reduced
        result.bound = bound if result.bound is None else max(result.bound, bound)
        result.tracker.note(bound=max(0.0, math.ceil(result.bound - TOLERANCE)))
    if bounding:
        result.converged = settled and added == 0
    if quick:
        return added > 0
    return not (settled and added == 0)


GRACE_SECONDS = 5.0  # for the integer master, when diving runs out of time
# how long HiGHS may run past the integer master's time limit, the master's work before it
# first looks at the clock: measured on Instance8 with no time at all, 3.8 s over 1,145
# columns, 8.2 s over 1,946, 19.2 s over 2,388 (runs of 60 s ended after 74.8-77.0 s when a
# re-dive ran out of time); with less time before `last`, the relaxation's largest columns
MASTER_OVERRUN = 20.0
FIX_AT = 0.999  # a column at least this large in the relaxation is held at once
# a fixing's pricing may take this many times an even share of the dive's time left per free
# employee: measured on Instance8 (60 s), 1 ended the dive in 8 s at 1,657 and the search at
# 1,447; 2 in 15 s at 1,648 and 1,634; unbounded, the dive ran out of time at 2,020
FIXING_SLACK = 1.0
# pricing rounds between two fixings, in effect until the relaxation has all its columns
# again: measured on Instance6, a dive with 2 rounds ended at 2,059, with all of them at 1,952
DIVE_ROUNDS = 100


def dive(
    result: Generated,
    deadline: Deadline,
    last: Deadline,
    held: Schedules | None = None,
    rng: np.random.Generator | None = None,
    ceiling: float = math.inf,
) -> Schedules | None:
    """Return a roster made by diving: the column the relaxation uses most is held, the
    relaxation repaired by pricing rounds among the employees still free, and again, until
    each employee has a schedule. The employees in `held` keep the schedules given there (a
    neighbourhood of that roster is searched). When the deadline comes first, the employees
    still free get theirs from the master solved as an integer program (for a few seconds,
    when `last` leaves time for HiGHS to overrun them), else the column the last relaxation
    used most (each column keeps every rule). With `rng`, the column held is drawn among the
    relaxation's largest (a different dive each time). None once the relaxation rises above
    `ceiling` (the dive would end no better). Every column is free again afterwards."""
    master = result.master
    master.diving = True
    held = dict(held or {})
    free = {e: p for e, p in result.pricers.items() if e not in held}
    for e, schedule in held.items():
        master.fix(master.column(e, schedule, result.pricers[e].own_cost(schedule)))
    try:
        return _dive(result, free, held, deadline, last, rng, ceiling)
    finally:
        master.release()
        master.diving = False


def _dive(
    result: Generated,
    free: Pricers,
    held: Schedules,
    deadline: Deadline,
    last: Deadline,
    rng: np.random.Generator | None,
    ceiling: float,
) -> Schedules | None:
    master = result.master
    while free:
        # each fixing's pricing gets a share of the time left, so the dive ends by its
        # deadline rather than handing the employees left to the integer master
        share = Deadline(
            min(deadline.at, time.monotonic() + FIXING_SLACK * deadline.remaining() / len(free))
        )
        _repair(result, free, share)
        relaxed = None if deadline.expired else master.relax(deadline)
        if relaxed is not None and relaxed[0] > ceiling:
            return None
        solved = relaxed is not None
        if not solved and last.remaining() > GRACE_SECONDS + MASTER_OVERRUN:
            found = master.roster(Deadline(min(last.at, time.monotonic() + GRACE_SECONDS)))
            if found is not None:
                return {**found, **held}
        values = master.chosen() if solved else np.zeros(len(master.columns))
        picks = sorted((-values[j], j) for j, (e, _) in enumerate(master.columns) if e in free)
        # every column (nearly) at one is held at once, else the largest alone; out of time,
        # the largest of each employee still free
        if solved:
            chosen = [j for v, j in picks if -v > FIX_AT] or [_draw(picks, rng)]
        else:
            chosen = [j for _, j in picks]
        for j in chosen:
            employee, schedule = master.columns[j]
            if employee in free:
                master.fix(j)
                held[employee] = dict(schedule)
                del free[employee]
    return held


def _repair(result: Generated, free: Pricers, deadline: Deadline) -> None:
    """Price the relaxation's columns back after a fixing: rounds pricing only the employees
    who gave a column in the round before (the others' best columns are mostly there
    already), then one pricing everyone to check, until that adds nothing, `DIVE_ROUNDS`
    rounds or the deadline."""
    active = free
    for _ in range(DIVE_ROUNDS):
        if deadline.expired:
            return
        gave: set[str] = set()
        if _round(result, active, deadline, bounding=False, quick=True, gave=gave):
            active = {e: free[e] for e in gave}
        elif len(active) < len(free) and not deadline.expired:
            active = free
        else:
            return


DRAW_SHARE = 0.5  # a drawn column has at least this share of the largest column's value


def _draw(picks: list[tuple[float, int]], rng: np.random.Generator | None) -> int:
    """Return the column of largest value (picks are (-value, column), largest first), or with
    `rng` one drawn among those near it, in proportion to their values."""
    if rng is None:
        return picks[0][1]
    near = [(-v, j) for v, j in picks if -v >= DRAW_SHARE * -picks[0][0]]
    weights = np.array([v for v, _ in near])
    return near[int(rng.choice(len(near), p=weights / weights.sum()))][1]
