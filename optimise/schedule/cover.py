"""Cover mode: the cheapest shift plan that covers every interval's requirement per skill.

A shortfall variable per interval and skill, priced far above any agent, turns an impossible
cover into a report of what cannot be covered instead of a bare "infeasible". Before the
integer solve, a greedy full cover is built without a solver, then the relaxation is solved and
a plan built from it in stages (`optimise.schedule.staged`): the best of them is the answer if
the solver finds nothing better within the time limit, and the solve is skipped when that plan
is already proven within the gap by the relaxation's bound.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pulp

from optimise.schedule.model import ShiftModel
from optimise.schedule.plan import Plan
from optimise.schedule.progress import PlanTracker
from optimise.schedule.staged import RELAX_SOLVER, staged_plan
from optimise.schedule.start import (
    adopt,
    extended,
    greedy,
    keeps_rules,
    lp_values,
    rounded_relaxation,
    set_start,
    shift_counts,
)
from optimise.solver import Deadline, Progress, Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan, NoAnswerInTime, Scenario

# Below this many seconds left, a solver spends them reading the model and finds nothing: the
# greedy cover stands without one (measured: CBC takes about a second to read the baseline week).
MIN_SOLVE_SECONDS = 2.0
LP_SHARE = 0.25  # of the time left, the most the relaxation may take
# Of the time left after the relaxation, the most the staged plan may take: on the baseline week
# it lands within 0.1-0.4% of the relaxation, which a cold integer solve does not reach within
# minutes, so it may take nearly all of it; what it leaves goes to the integer solve.
STAGED_SHARE = 0.85
WARM_START = True  # the integer solve starts from the plan built before it


def plan_cover(
    scenario: Scenario,
    required: pd.DataFrame,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
    gap: float = 1e-4,
    start: Plan | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Return the cheapest shift plan covering every interval's requirement per skill.

    `required` has columns interval_start, skill, agents; `time_limit` is seconds from now or
    the command's Deadline. Raises InfeasiblePlan, with the intervals and skills short and by
    how much, when no plan within the rules can cover them; a time-out returns the best plan
    found (status feasible, with its gap). With `start` (the plan for a requirement since
    raised here and there, say), the answer costs no more than that plan's shifts with what the
    requirement now asks beyond them bought greedily. `progress` hears (seconds since the call,
    best cost, gap) as they improve, and last the plan's own.
    """
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    tracker = PlanTracker(progress)
    model, short = cover_model(scenario, required)
    built = time.monotonic()

    fallback, uncoverable, relaxed = _start_plan(model, short, solver, gap, deadline, tracker)
    standing = uncoverable is None and keeps_rules(model, fallback)  # a plan, not just a cover
    plan = fallback if standing else None
    solution = _solved(model, plan, relaxed, solver, deadline, gap, built, tracker)
    solution = _settled(model, short, solution, fallback, standing, uncoverable, relaxed)
    if start is not None and solution.status is not Status.optimal:
        solution = _no_worse_than(model, short, start, solution)
    cost = float(pulp.value(model.cost) or 0.0)
    priced = _priced(solution, cost)
    tracker.final(priced)
    return Plan(model.shift_table(), model.coverage_table(), priced, cost, model.size())


def cover_model(
    scenario: Scenario, required: pd.DataFrame
) -> tuple[ShiftModel, dict[tuple[str, int], pulp.LpVariable]]:
    """Return the cover's integer program and its shortfall variables by (skill, interval)."""
    model = ShiftModel(scenario, required, pulp.LpMinimize)
    short = {}
    penalty = 1000.0 * max([c for c, _ in model.cost_terms] + [1.0])
    for s, skill in enumerate(model.skills):
        for i in np.flatnonzero(model.required[s] > 0):
            short[skill, int(i)] = model.problem.add_variable(f"short_{s}_{i}", 0)
            need = float(model.required[s, i])
            model.problem += (
                model.covered(skill, int(i)) + short[skill, int(i)] >= need,
                f"cover_{s}_{i}",
            )
    model.problem += model.cost + penalty * pulp.lpSum(short.values())
    return model, short


def _solved(
    model: ShiftModel,
    plan: dict[str, float] | None,
    relaxed: Solution | None,
    solver: SolverName,
    deadline: Deadline,
    gap: float,
    built: float,
    tracker: PlanTracker,
) -> Solution:
    """Return the integer solve's outcome, started from `plan` (a plan keeping every rule, or
    None); no solve when the relaxation's bound proves `plan` within the gap already (the plan
    adopted, status optimal, its seconds those since the model was `built`) or too little time
    is left to read the model."""
    proven = None if plan is None else _proven(model, plan, relaxed, gap, built)
    if proven is not None:  # within the gap of the relaxation's bound: no solve can do better
        adopt(model, plan or {})
        return proven
    if deadline.remaining() < MIN_SOLVE_SECONDS:  # a solver could not even read the model in
        return Solution(Status.not_solved, None, None, None, 0.0, solver.value, True)
    warm = WARM_START and plan is not None
    if warm:
        set_start(model, plan or {})
    told = tracker.solver_progress()
    return solve(model.problem, solver, deadline, gap, warm_start=warm, progress=told)


def _settled(
    model: ShiftModel,
    short: dict,
    solution: Solution,
    fallback: dict[str, float],
    standing: bool,
    uncoverable: pd.DataFrame | None,
    relaxed: Solution | None,
) -> Solution:
    """Return the answer: the solver's plan, or the plan built before the solve where the
    solver found none, none that covers, or a dearer one (adopted, status feasible); raise if
    there is none, saying whether no plan can cover or time ran out."""
    worse = standing and solution.objective is not None
    worse = worse and (solution.objective or 0.0) > _cost(model, fallback) + 1e-6
    if solution.status is Status.optimal and not worse:
        frame = _shortfall(model, short)
        if frame is not None:
            raise InfeasiblePlan(_shortfall_text(frame), shortfall=frame)
        return solution
    if worse or solution.objective is None or _shortfall(model, short) is not None:
        if uncoverable is not None:  # intervals no shift of any group can be on duty in
            raise InfeasiblePlan(_shortfall_text(uncoverable), shortfall=uncoverable)
        if not standing:
            raise NoAnswerInTime(
                "no plan covering every interval within the headcount limits was found within "
                "the time limit (none proven impossible either): give a longer --time-limit"
            )
        adopt(model, fallback)  # out of time: the plan built before the solve stands
        bound = solution.bound if relaxed is None else _best_bound(solution.bound, relaxed)
        return Solution(Status.feasible, None, bound, None, solution.seconds, solution.solver, True)
    if relaxed is None:
        return solution
    # the relaxation's optimum may bound better than a solver cut short
    bound = _best_bound(solution.bound, relaxed)
    return Solution(
        solution.status, solution.objective, bound, None, solution.seconds, solution.solver,
        solution.timed_out,
    )  # fmt: skip


def _tell_start(tracker: PlanTracker, model: ShiftModel, start: dict[str, float]) -> None:
    """Tell the tracker of a full cover built before the solve, if it is a plan (it keeps the
    headcount limits: the greedy cover may not)."""
    if tracker.progress is not None and keeps_rules(model, start):
        tracker.note(incumbent=_cost(model, start))


def _no_worse_than(model: ShiftModel, short: dict, plan: Plan, solution: Solution) -> Solution:
    """Return the solution, or `plan` extended to the requirement (adopted as the model's
    answer, status feasible) where that costs less: a timed-out solve may be far from the best
    while a plan corrected by a few agents is near its last one."""
    answer = lp_values(model)
    paid = _cost(model, answer)
    counts = shift_counts(model, plan.shifts)
    if counts is None:
        return solution
    grown = extended(model, short, counts)
    if _cost(model, grown) >= paid - 1e-6 or not keeps_rules(model, grown):
        adopt(model, answer)
        return solution
    if _shortfall_of(model, short, grown) is not None:
        adopt(model, answer)
        return solution
    adopt(model, grown)
    return Solution(
        Status.feasible, None, solution.bound, None, solution.seconds, solution.solver, True
    )


def _start_plan(
    model: ShiftModel,
    short: dict,
    solver: SolverName,
    gap: float,
    deadline: Deadline,
    tracker: PlanTracker,
) -> tuple[dict[str, float], pd.DataFrame | None, Solution | None]:
    """Return the plan that stands if the solver finds nothing better in time, what no plan
    can cover (None: all of it can be), and the relaxation's solution (None: not solved).

    First a greedy full cover, at once; then, if time allows, the relaxation rounded, a far
    cheaper full cover where it keeps the rules; then a plan built from the relaxation in
    stages (tours, then each day's shifts), cheaper still. Each is told to the tracker as it
    is found.
    """
    start = greedy(model, short)
    uncoverable = _shortfall_of(model, short, start)
    if uncoverable is None:
        _tell_start(tracker, model, start)
    if uncoverable is not None or deadline.remaining() < 2 * MIN_SOLVE_SECONDS:
        return start, uncoverable, None
    # HiGHS's relaxation whatever the solver: the staged plan is built from the patterns it
    # uses, and measured on the baseline week from HiGHS's it came to 130,104 (within 0.07%
    # of the bound), from CBC's to 130,202 (the same steps after it)
    quick = Deadline.after(LP_SHARE * deadline.remaining())
    relaxed = solve(model.problem, RELAX_SOLVER, quick, relax=True)
    tracker.note_relaxation(relaxed)
    if relaxed.status is not Status.optimal:
        return start, uncoverable, relaxed
    values = lp_values(model)
    candidates = [rounded_relaxation(model, values)]
    if deadline.remaining() >= 2 * MIN_SOLVE_SECONDS:
        quick = Deadline.after(STAGED_SHARE * deadline.remaining())
        staged = staged_plan(model, short, values, quick, gap)
        if staged is not None:
            candidates.append(staged)
    for plan in candidates:
        cheaper = _cost(model, plan) < _cost(model, start)
        full = cheaper and keeps_rules(model, plan)  # tours and headcounts kept
        if full and _shortfall_of(model, short, plan) is None:
            start = plan
            tracker.note(incumbent=_cost(model, plan))
    return start, uncoverable, relaxed


def _proven(
    model: ShiftModel,
    plan: dict[str, float],
    relaxed: Solution | None,
    gap: float,
    built: float,
) -> Solution | None:
    """Return the plan's solution, status optimal, if the relaxation's bound proves it within
    `gap` of the best plan (as a solver asked for that gap would); else None. Its seconds are
    those since `built` (a monotonic time): the plan's making stands for the solve."""
    if relaxed is None or relaxed.objective is None:
        return None
    cost = _cost(model, plan)
    bound = min(relaxed.objective, cost)
    within = (cost - bound) / max(abs(cost), 1e-9)
    if within > gap:
        return None
    seconds = time.monotonic() - built
    return Solution(Status.optimal, cost, bound, within, seconds, relaxed.solver, False)


def _cost(model: ShiftModel, plan: dict[str, float]) -> float:
    """Return the paid cost of a plan given as values by variable name."""
    return sum(cost * plan.get(var.name, 0.0) for cost, var in model.cost_terms)


def _shortfall_of(model: ShiftModel, short: dict, plan: dict[str, float]) -> pd.DataFrame | None:
    """Return the intervals and skills a plan (values by name) leaves short, or None."""
    adopt(model, plan)
    return _shortfall(model, short)


def _shortfall(model: ShiftModel, short: dict) -> pd.DataFrame | None:
    """Return the intervals and skills the model's answer leaves short, or None."""
    gaps = [
        (model.starts[i], skill, var.value())
        for (skill, i), var in short.items()
        if (var.value() or 0) > 1e-6
    ]
    if not gaps:
        return None
    return pd.DataFrame(gaps, columns=["interval_start", "skill", "short_by"])


def _priced(solution: Solution, cost: float) -> Solution:
    """Return the solution with objective the plan's cost (no shortfall was left)."""
    bound = None if solution.bound is None else min(solution.bound, cost)
    gap = None if bound is None else abs(cost - bound) / max(abs(cost), 1e-9)
    return Solution(
        solution.status, cost, bound, gap, solution.seconds, solution.solver, solution.timed_out
    )


def _shortfall_text(frame: pd.DataFrame) -> str:
    worst = frame.sort_values("short_by", ascending=False)
    lines = [
        f"no plan within the shift rules and headcount limits covers {len(frame)} interval(s):"
    ]
    for row in worst.head(10).itertuples():
        lines.append(
            f"  {row.interval_start:%a %Y-%m-%d %H:%M} {row.skill}: short by "
            f"{row.short_by:.1f} agent(s)"
        )
    if len(frame) > 10:
        lines.append(f"  ... and {len(frame) - 10} more (see the shortfall table)")
    return "\n".join(lines)


def _best_bound(bound: float | None, relaxed: Solution) -> float | None:
    """Return the better (higher) of the solver's bound and the relaxation's optimum."""
    options = [b for b in (bound, relaxed.objective) if b is not None]
    return max(options) if options else None
