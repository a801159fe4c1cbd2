"""Rosters of named staff: always one fast, then the best found by the deadline, with its bound.

x[e, d, s] = 1 when employee e works shift s on day d (see `optimise.roster.milp`). Hard rules
are constraints, one builder each in `optimise.roster.rules`: one shift a day, days off,
shifts that may not follow each other, shifts per type, total and weekly minutes, longest and
shortest runs of working days and of days off, worked weekends. The objective adds request
violations and cover deviations, each at its weight. The method: a roster built one employee
at a time, the whole program solved from it for a share of the time (for its bound, and the
proof on small problems), then a large-neighbourhood search (`optimise.roster.search`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from optimise.names import RosterMethod
from optimise.roster.columns import dive, generate, pricing_work
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import CoverIndex, OutOfTime, Schedules, build, in_symmetry_order
from optimise.roster.progress import Tracker
from optimise.roster.redive import improve_by_columns
from optimise.roster.search import construct, cost, improve, improve_whole
from optimise.solver import (
    Deadline,
    Progress,
    Solution,
    SolverName,
    Status,
    highs_available,
    solve,
)


@dataclass(frozen=True)
class Roster:
    """Who works what: one row per employee and worked day, and how the solve went."""

    assignments: pd.DataFrame  # employee, day, shift
    solution: Solution
    penalty: int  # the benchmark's objective, recomputed from the roster
    shortfall: pd.DataFrame  # day, shift, group, short_by: cover left unmet


def penalty(instance: RosterInstance, assignments: pd.DataFrame) -> int:
    """Return a roster's objective exactly as the benchmark defines it."""
    worked = {(r.employee, int(r.day)): r.shift for r in assignments.itertuples()}
    total = 0
    for request in instance.on_requests:
        total += request.weight * (worked.get((request.employee, request.day)) != request.shift)
    for request in instance.off_requests:
        total += request.weight * (worked.get((request.employee, request.day)) == request.shift)
    counts: dict[tuple, int] = defaultdict(int)
    for (employee, day), shift in worked.items():
        counts[day, shift, instance.groups.get(employee)] += 1
        counts[day, shift, None] += 1 if instance.groups else 0
    for cover in instance.cover:
        key = (cover.day, cover.shift, cover.group)
        n = (
            counts[key]
            if instance.groups
            else sum(1 for (_, d), s in worked.items() if d == cover.day and s == cover.shift)
        )
        total += cover.under_weight * max(0, cover.required - n)
        total += cover.over_weight * max(0, n - cover.required)
    return int(total)


def solve_roster(
    instance: RosterInstance,
    *,
    solver: SolverName | None = None,
    time_limit: float | Deadline = 60.0,
    gap: float = 0.0,
    seed: int = 0,
    method: RosterMethod | str = "auto",
    progress: Progress | None = None,
) -> Roster:
    """Return the roster of least penalty that keeps every hard rule (or the best found by the
    deadline), with the best bound proven on the penalty.

    By columns (`auto`'s choice where HiGHS is installed, no contract has a weekly minute
    limit and pricing is quick, as on Instances 1-8 of the public benchmark; plans' rosters and
    larger instances measured better by the whole program so far): column generation over each
    employee's whole schedules (`optimise.roster.columns`) for part of the time gives the
    bound reported and a first roster made of the columns by diving, then dives again for a
    third of the employees or more at a time from the best roster (`optimise.roster.redive`)
    until the deadline. By the whole program: a roster built one employee at a time,
    the whole integer program solved from it for part of the time (its bound is the one
    reported), then the neighbourhood search. Raises InfeasiblePlan when an employee's
    contract cannot be kept, NoAnswerInTime when not even the first roster is built in time.
    `progress` is called with the seconds since the start, the best penalty and the gap each
    time the best roster or the bound improves, last with the roster returned.
    """
    solver = default_solver() if solver is None else SolverName(solver)
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    started = time.monotonic()
    tracker = Tracker(progress, started)
    if _method(instance, Method(method)) is Method.columns:
        schedules, best, bound, proven = _by_columns(instance, solver, deadline, seed, tracker)
    else:
        schedules, best, bound, proven = _by_whole_program(
            instance, solver, deadline, gap, seed, tracker
        )
    if proven:
        bound = float(best)
    if bound is not None:
        bound = min(bound, float(best))
    tracker.final(float(best), bound)
    solution = Solution(
        Status.optimal if proven else Status.feasible,
        float(best),
        bound,
        None if bound is None else abs(best - bound) / max(abs(best), 1e-9),
        time.monotonic() - started,
        solver.value,
        not proven,
    )
    return roster_of(instance, schedules, solution)


def default_solver() -> SolverName:
    """Return the solver rosters use by default: HiGHS when installed (faster on these
    models, see benchmarks/roster.py), else CBC."""
    return SolverName.highs if highs_available() else SolverName.cbc


WHOLE_SHARE = 0.5  # of the time left, given to the whole problem before the neighbourhoods
COLUMN_SHARE = 0.4  # of the time, given to column generation
# Measured on the benchmark (benchmarks/roster.py, 60 s on a 2-core machine at load 5):
# columns better on Instances 1-8 (work 0.05-2.1 million; Instance8 2,336 against 3,359), far
# worse on 9 (work 6.8 million: 1,452 against 453), about even on 10 (8.9 million: 5,948
# against 6,085)
COLUMN_WORK = 4_000_000
DIVE_SHARE = 0.6  # of the time left after it, to diving for a roster made of columns
# of the time left after the first dive, to diving again from the best roster (which ends
# sooner when it meets the bound or stalls); the rest to the neighbourhoods of the whole
# program, which can prove a roster optimal (Instance1: 607 proven). Measured on Instance8
# (60 s, load about 2, with a third of the employees freed at first): 0.9 ended at 1,302-1,322
# (5 of 6 runs at most 1,307), 0.7 with half freed at 1,310-1,320 (1,310, 1,314, 1,320)
REDIVE_SHARE = 0.9


Method = RosterMethod  # the name this module has always used


def _method(instance: RosterInstance, method: Method) -> Method:
    """Return the method to use: columns need HiGHS; auto picks them where every contract is
    priced by the dynamic program (no weekly minute limit) and a pricing round is small
    enough for column generation to converge within a minute."""
    if method is Method.whole or not highs_available():
        return Method.whole
    if method is Method.auto and (
        any(c.week_minutes is not None for c in instance.staff.values())
        or pricing_work(instance) > COLUMN_WORK
    ):
        return Method.whole
    return Method.columns


Found = tuple[Schedules, int, float | None, bool]  # roster, its penalty, bound, proven


def _by_columns(
    instance: RosterInstance, solver: SolverName, deadline: Deadline, seed: int, tracker: Tracker
) -> Found:
    """Return a roster by column generation, then neighbourhood search, with its bound."""
    share = Deadline(time.monotonic() + COLUMN_SHARE * deadline.remaining())
    generated = generate(instance, share, tracker=tracker)
    bound = None if generated.bound is None else max(0.0, math.ceil(generated.bound - 1e-6))
    by_columns = len(generated.master.columns) >= len(instance.staff)  # one for everyone
    if by_columns:
        diving = Deadline(time.monotonic() + DIVE_SHARE * deadline.remaining())
        dived = dive(generated, diving, deadline)
        assert dived is not None  # no ceiling
        schedules = dived
    else:
        schedules = construct(instance, solver, deadline)
    best = cost(instance, schedules)
    tracker.note(best)
    proven = bound is not None and best <= bound
    if not proven and deadline.remaining() > 1.0 and by_columns:
        rediving = Deadline(time.monotonic() + REDIVE_SHARE * deadline.remaining())
        search = improve_by_columns(
            instance, generated, schedules, rediving, bound=bound, seed=seed, tracker=tracker
        )
        schedules, best, proven = search.schedules, search.cost, search.proven
    if not proven and deadline.remaining() > 1.0:
        try:
            built = build(instance, list(instance.staff), {}, deadline, symmetry=True)
        except OutOfTime:
            built = None
        if built is not None:
            schedules = in_symmetry_order(instance, schedules)
            search = improve_whole(
                instance, built, schedules, solver, deadline, bound=bound, seed=seed,
                tracker=tracker,
            )  # fmt: skip
        else:
            search = improve(
                instance, schedules, solver, deadline, bound=bound, seed=seed, tracker=tracker
            )
        schedules, best, proven = search.schedules, search.cost, search.proven
    return schedules, best, bound, proven


def _by_whole_program(
    instance: RosterInstance,
    solver: SolverName,
    deadline: Deadline,
    gap: float,
    seed: int,
    tracker: Tracker,
) -> Found:
    """Return a roster built one employee at a time, the whole program solved from it for a
    share of the time, then neighbourhood search, with the whole program's bound."""
    schedules = construct(instance, solver, deadline)
    best = cost(instance, schedules)
    tracker.note(best)
    bound: float | None = 0.0 if best == 0 else None  # no penalty is negative
    proven = best == 0
    built = None
    if not proven and deadline.remaining() > 1.0:
        try:
            built = build(instance, list(instance.staff), {}, deadline, symmetry=True)
        except OutOfTime:
            built = None
    if built is not None and deadline.remaining() > 1.0:
        schedules = in_symmetry_order(instance, schedules)
        share = Deadline(time.monotonic() + WHOLE_SHARE * deadline.remaining())
        # Not warm-started: measured, HiGHS stays near a constructed start (Instance5: 1,651
        # after 58 s from the start, 1,355 after 40 s without it); the roster is kept anyway.
        solution = solve(built.problem, solver, share, gap=gap, progress=tracker.solver_progress())
        bound, proven = solution.bound, solution.status is Status.optimal
        tracker.note(bound=bound)
        if solution.objective is not None:
            found = {**schedules, **built.schedules()}
            if cost(instance, found) <= best:
                schedules, best = found, cost(instance, found)
    if not proven and deadline.remaining() > 1.0:
        if built is not None:
            search = improve_whole(
                instance, built, schedules, solver, deadline, bound=bound, seed=seed,
                tracker=tracker,
            )  # fmt: skip
        else:
            search = improve(
                instance, schedules, solver, deadline, bound=bound, seed=seed, tracker=tracker
            )
        schedules, best, proven = search.schedules, search.cost, search.proven
    return schedules, best, bound, proven


def roster_of(instance: RosterInstance, schedules: Schedules, solution: Solution) -> Roster:
    """Return the Roster of some schedules: assignments, penalty and cover left short."""
    rows = [(e, d, s) for e, schedule in schedules.items() for d, s in schedule.items()]
    assignments = pd.DataFrame(rows, columns=["employee", "day", "shift"]).sort_values(
        ["employee", "day"], ignore_index=True
    )
    counts = CoverIndex.of(instance).counts(instance, schedules)
    shortfall = pd.DataFrame(
        [
            (c.day, c.shift, c.group, c.required - counts[k])
            for k, c in enumerate(instance.cover)
            if counts[k] < c.required
        ],
        columns=["day", "shift", "group", "short_by"],
    )
    return Roster(assignments, solution, penalty(instance, assignments), shortfall)
