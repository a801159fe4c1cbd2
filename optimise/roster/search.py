"""A roster built one employee at a time, then improved a few employees at a time.

Construction: each employee in turn gets the schedule that best serves the cover the ones
before them left open, as a small integer program of their own (days x shifts binaries), so a
roster exists within seconds whenever each contract can be kept at all. Improvement (a
large-neighbourhood search): a few employees are freed, everyone else held fixed, and the
integer program of the freed ones is solved from their current schedules; a better roster is
kept. The neighbourhood grows while its problems solve to optimality quickly and shrinks when
they do not; once it holds every employee and solves to optimality, the roster is proven
optimal.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from optimise.deadline import Deadline
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import Built, CoverIndex, OutOfTime, Schedules, build
from optimise.roster.progress import Tracker
from optimise.solver import SolverName, Status, solve
from scenarios import InfeasiblePlan, NoAnswerInTime

STEP_SECONDS = 4.0  # longest solve of one neighbourhood: many small steps beat a few long ones
CONSTRUCT_GAP = 0.02  # an employee's first schedule: within 2% of their best is good enough
QUICK_SECONDS = 1.0  # a neighbourhood proven optimal within this grows for the next step


def cost(instance: RosterInstance, schedules: Mapping[str, Mapping[int, str]]) -> int:
    """Return a roster's penalty: requests unmet, then cover short and over at its weights."""
    total = 0
    for request in instance.on_requests:
        total += request.weight * (schedules[request.employee].get(request.day) != request.shift)
    for request in instance.off_requests:
        total += request.weight * (schedules[request.employee].get(request.day) == request.shift)
    counts = CoverIndex.of(instance).counts(instance, schedules)  # type: ignore[arg-type]
    for k, c in enumerate(instance.cover):
        total += c.under_weight * max(0, c.required - counts[k])
        total += c.over_weight * max(0, counts[k] - c.required)
    return total


def _within(deadline: Deadline, seconds: float) -> Deadline:
    """Return the earlier of the deadline and `seconds` from now."""
    return Deadline(min(deadline.at, time.monotonic() + seconds))


def construct(instance: RosterInstance, solver: SolverName, deadline: Deadline) -> Schedules:
    """Return a roster that keeps every hard rule, built one employee at a time.

    Raises InfeasiblePlan naming an employee whose contract no schedule can keep, and
    NoAnswerInTime when the deadline comes first.
    """
    index = CoverIndex.of(instance)
    schedules: Schedules = {}
    counts: Counter[int] = Counter()
    staff = list(instance.staff)
    for done, employee in enumerate(staff):
        try:
            built = build(instance, [employee], counts, deadline)
        except OutOfTime:
            raise _late() from None
        # each employee gets a fair share of the time left; good is enough (2%), and only an
        # employee with no schedule found in that share gets the rest
        share = _within(deadline, max(0.5, 0.5 * deadline.remaining() / (len(staff) - done)))
        solution = solve(built.problem, solver, share, gap=CONSTRUCT_GAP)
        if solution.status is Status.not_solved:
            solution = solve(built.problem, solver, deadline, gap=CONSTRUCT_GAP)
        if solution.status is Status.infeasible:
            raise InfeasiblePlan(
                f"no schedule keeps the contract of employee {employee}: check its minimum "
                "minutes, runs of days, weekends and days off against the horizon"
            )
        if solution.status not in (Status.optimal, Status.feasible):
            raise _late()
        schedule = built.schedules().get(employee, {})
        schedules[employee] = schedule
        for day, shift in schedule.items():
            counts.update(index.counted(instance, employee, day, shift))
    return schedules


def _late() -> NoAnswerInTime:
    return NoAnswerInTime(
        "no roster built within the time limit (none proven impossible either): give a longer "
        "--time-limit"
    )


@dataclass
class Search:
    """The state of an improvement: the best roster, its cost and whether it is proven."""

    schedules: Schedules
    cost: int
    proven: bool = False
    steps: int = 0
    improved: int = 0


def improve(
    instance: RosterInstance,
    schedules: Schedules,
    solver: SolverName,
    deadline: Deadline,
    *,
    bound: float | None = None,
    seed: int = 0,
    tracker: Tracker | None = None,
) -> Search:
    """Return the roster improved by re-solving a few employees at a time until the deadline
    (or until it meets `bound`, or is proven optimal); each better roster is told to `tracker`."""
    staff = list(instance.staff)
    index = CoverIndex.of(instance)
    state = Search(dict(schedules), cost(instance, schedules))
    rng = np.random.default_rng(seed)
    size = min(3, len(staff))
    while deadline.remaining() > 0.5 and not state.proven:
        if bound is not None and state.cost <= bound + 1e-6:
            state.proven = True
            break
        chosen = [staff[k] for k in sorted(rng.choice(len(staff), size, replace=False))]
        fixed = index.counts(
            instance, {e: s for e, s in state.schedules.items() if e not in chosen}
        )
        try:
            built = build(instance, chosen, fixed, deadline)
        except OutOfTime:
            break
        built.start_from(state.schedules, fixed)
        started = time.monotonic()
        solution = solve(
            built.problem, solver, _within(deadline, STEP_SECONDS), gap=0.0, warm_start=True
        )
        state.steps += 1
        if solution.status in (Status.optimal, Status.feasible):
            trial = {**state.schedules, **built.schedules()}
            value = cost(instance, trial)
            if value < state.cost:
                state.schedules, state.cost = trial, value
                state.improved += 1
                if tracker is not None:
                    tracker.note(value)
        quick = solution.status is Status.optimal and time.monotonic() - started < QUICK_SECONDS
        if solution.status is Status.optimal and size == len(staff):
            state.proven = True
        elif quick:
            size = min(size + 1, len(staff))
        elif solution.status is not Status.optimal:
            size = max(size - 1, 2 if len(staff) > 1 else 1)
    return state


@dataclass
class _Size:
    """A neighbourhood's size, grown after quick proofs and shrunk after time-outs."""

    value: int
    least: int
    most: int

    def after(self, optimal: bool, quick: bool) -> None:
        """Adapt the size to how the last neighbourhood of this kind solved."""
        if optimal and quick:
            self.value = min(self.value + 1, self.most)
        elif not optimal:
            self.value = max(self.value - 1, self.least)


def improve_whole(
    instance: RosterInstance,
    built: Built,
    schedules: Schedules,
    solver: SolverName,
    deadline: Deadline,
    *,
    bound: float | None = None,
    seed: int = 0,
    tracker: Tracker | None = None,
) -> Search:
    """Return the roster improved by re-solving the whole problem with most of it held fixed:
    by turns all employees over a window of days, or a few employees over every day; each
    better roster is told to `tracker`."""
    staff = list(instance.staff)
    state = Search(dict(schedules), cost(instance, schedules))
    rng = np.random.default_rng(seed)
    window = _Size(min(7, instance.days), 2, instance.days)
    people = _Size(min(4, len(staff)), 1, len(staff))
    while deadline.remaining() > 0.5 and not state.proven:
        if bound is not None and state.cost <= bound + 1e-6:
            state.proven = True
            break
        by_days = rng.random() < 0.5
        if by_days:
            first = int(rng.integers(0, instance.days - window.value + 1))
            free_days = set(range(first, first + window.value))
            picked: set[str] = set()
        else:
            free_days = set()
            picked = {staff[k] for k in rng.choice(len(staff), people.value, replace=False)}
        for (e, d, s), var in built.x.items():
            if d in free_days or e in picked:
                var.lowBound, var.upBound = 0, 1
            else:
                var.lowBound = var.upBound = 1 if state.schedules[e].get(d) == s else 0
        built.start_from(state.schedules, {})
        started = time.monotonic()
        solution = solve(
            built.problem, solver, _within(deadline, STEP_SECONDS), gap=0.0, warm_start=True
        )
        state.steps += 1
        if solution.objective is not None:
            trial = {**state.schedules, **built.schedules()}
            value = cost(instance, trial)
            if value <= state.cost:  # an equal roster too: moving on a plateau finds exits
                state.improved += value < state.cost
                state.schedules, state.cost = trial, value
                if tracker is not None:
                    tracker.note(value)
        optimal = solution.status is Status.optimal
        quick = time.monotonic() - started < QUICK_SECONDS
        (window if by_days else people).after(optimal, quick)
        if optimal and (window.value if by_days else people.value) >= (
            instance.days if by_days else len(staff)
        ):
            state.proven = True
    for var in built.x.values():
        var.lowBound, var.upBound = 0, 1
    return state
