"""Budget plans: the shift plan within a budget that answers the most contacts in time."""

from __future__ import annotations

import itertools

import pandas as pd
import pulp

from optimise.queueing.curves import skill_curves
from optimise.queueing.outages import reaching_volumes
from optimise.schedule.model import ShiftModel
from optimise.schedule.plan import Plan
from optimise.schedule.progress import PlanTracker
from optimise.schedule.staged import USED, as_continuous, restricted
from optimise.schedule.start import adopt, lp_values, rounded_down, set_start, shift_counts
from optimise.solver import Deadline, Progress, Solution, SolverName, Status, solve
from scenarios import InfeasiblePlan, NoAnswerInTime, Scenario

# Of the time left, the most the relaxation may take: the plan that stands is its rounding, and
# on the baseline week the integer solve rarely improves on it within a minute, so the
# relaxation must finish even on a busy machine.
LP_SHARE = 0.6
# A contact short of a skill's floor costs this many contacts answered in time elsewhere: the
# floors are met first wherever the budget allows, and only then is the rest spent where it
# buys most. When the budget cannot meet every floor, the largest share by which a skill falls
# short of its floor is priced too, so the shortfall is shared rather than heaped on the skill
# whose contacts cost most to answer.
FLOOR_WEIGHT = 100.0
FIXED_SHARE = 0.5  # of the time left, the most completing a plan with its shifts fixed may take
GIVEN_SHARE = 0.3  # the same for the plan given to start from, completed before the relaxation
RESERVE = 0.1  # of the time left after it, kept to complete the start plan if need be
# The start plan's completion is an LP with every shift fixed: it must finish even when a busy
# machine has eaten the reserve, since it is the feasible answer the time limit falls back on.
COMPLETION_FLOOR = 10.0
# Choosing whole tours within a budget, measured on the baseline week at 100,000 on 2 busy
# cores: HiGHS a plan within 5.8% of the relaxation in 9.4 s, CBC none in 22 s.
TOURS_SOLVER = SolverName.highs
TOURS_SHARE = 0.3  # of the time left, the most choosing whole tours may take
# An agent short of an interval's minimum (raised by a simulation that found it short) costs
# this many times what an agent can earn anywhere: minimums come before spending elsewhere.
MINIMUM_WEIGHT = 10.0 * FLOOR_WEIGHT


def plan_budget(
    scenario: Scenario,
    required: pd.DataFrame,
    budget: float,
    *,
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
    gap: float = 1e-4,
    floor: float | None = None,
    minimum: pd.DataFrame | None = None,
    start: Plan | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Return the plan costing at most `budget` that answers the most contacts within target.

    Each skill and interval earns the contacts answered within target that its agents buy, read
    off the concave curve of `optimise.queueing.curves`; shifts are bought where they earn most,
    once each skill is given its floor: the share of its contacts answered within target that
    its queues' targets ask (or `floor` for every queue), over the horizon, as far as the budget
    reaches. `minimum` (interval_start, skill, agents) puts at least those agents on a skill in
    an interval before anything else, as far as the budget reaches. `start` is a plan to start
    from (the previous budget's, say): the answer is never worse than it. `progress` hears
    (seconds since the call, best objective, gap) as they improve, and last the plan's own.
    """
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    tracker = PlanTracker(progress, maximise=True)
    model = ShiftModel(scenario, required, pulp.LpMaximize)
    earned: list[pulp.LpVariable] = []
    most_per_agent = 1e-9  # contacts in time an agent adds, at most, anywhere
    by_skill: dict[str, list[pulp.LpVariable]] = {}
    volume: dict[str, float] = {}
    for (skill, i), curve in skill_curves(scenario).items():
        if skill not in model.skills:
            continue
        s = model.skills.index(skill)  # names from indexes: user names never reach the solver
        volume[skill] = volume.get(skill, 0.0) + float(curve.answered[-1])
        u = model.problem.add_variable(f"u_{s}_{i}", 0, float(curve.answered[-1]))
        cover = model.covered(skill, i)
        for (x0, y0), (x1, y1) in itertools.pairwise(
            zip(curve.agents, curve.answered, strict=True)
        ):
            slope = (y1 - y0) / (x1 - x0)
            most_per_agent = max(most_per_agent, slope)
            model.problem += u <= y0 + slope * (cover - x0), f"curve_{s}_{i}_{int(x0)}"
        if len(curve.agents) == 1:
            model.problem += u <= 0, f"curve_{s}_{i}"
        earned.append(u)
        by_skill.setdefault(skill, []).append(u)
    short = []
    worst = model.problem.add_variable("floor_worst", 0, 1)  # largest share of a floor missed
    wanted = 0.0
    for skill, share in skill_floors(scenario, floor).items():
        if skill in by_skill and share * volume[skill] > 0:
            s = model.skills.index(skill)
            floor_contacts = share * volume[skill]
            below = model.problem.add_variable(f"floor_short_{s}", 0)
            model.problem += pulp.lpSum(by_skill[skill]) + below >= floor_contacts, f"floor_{s}"
            model.problem += below <= worst * floor_contacts, f"floor_worst_{s}"
            short.append(below)
            wanted += floor_contacts
    cheapest = min((c for c, _ in model.cost_terms), default=0.0)
    model.problem += model.cost <= budget, "budget"
    missed = pulp.lpSum(short) + wanted * worst
    below = _minimums(model, minimum)
    model.problem += (
        pulp.lpSum(earned)
        - FLOOR_WEIGHT * missed
        - MINIMUM_WEIGHT * most_per_agent * pulp.lpSum(below)
        - 1e-6 * model.cost
    )
    given = _completed(model, start, solver, deadline) if start is not None else None
    if given is not None:  # a plan, but its solve's bound is the fixed shifts' only
        tracker.note(incumbent=given[0].objective)
    relaxed = solve(
        model.problem, solver, Deadline.after(LP_SHARE * deadline.remaining()), relax=True
    )
    tracker.note_relaxation(relaxed)
    first, best = _first_plan(model, relaxed, budget, given, solver, deadline)
    if best is not None:
        tracker.note(incumbent=best[0].objective)
    set_start(model, first, integers_only=True)
    reserve = Deadline.after(max(deadline.remaining() * (1 - RESERVE), 0.0))
    told = tracker.solver_progress()
    solution = solve(model.problem, solver, reserve, gap, warm_start=True, progress=told)
    if solution.status is Status.infeasible:
        raise InfeasiblePlan(
            f"no plan within a budget of {budget:,.2f} keeps the shift rules and headcount limits"
        )
    if best is not None and _worse(solution, best[0]):
        adopt(model, best[1])  # the solver found nothing better than the plan it started from
        solution = _standing(best[0], relaxed.objective, solution)
    if solution.objective is None:
        # out of time with no plan: complete the start's split and earnings, and stand by it
        solution = _complete(model, first, solver, deadline, relaxed.objective, solution)
    shifts = _useful_shifts(model, budget, cheapest, timed_out=relaxed.objective is None)
    cost = float(pulp.value(model.cost) or 0.0)
    answered = float(sum(u.value() or 0.0 for u in earned))
    by_level = {
        skill: float(sum(u.value() or 0.0 for u in us)) / volume[skill]
        for skill, us in by_skill.items()
        if volume[skill] > 0
    }
    total = sum(volume.values())
    tracker.final(solution)
    return Plan(
        shifts,
        model.coverage_table(),
        solution,
        cost,
        model.size(),
        budget=budget,
        expected_service_level=answered / total if total else None,
        expected_by_skill=by_level,
    )


def _useful_shifts(
    model: ShiftModel, budget: float, cheapest: float, timed_out: bool
) -> pd.DataFrame:
    """Return the plan's shifts; raise if there are none, saying whether time or money ran out."""
    shifts = model.shift_table()
    if shifts.empty and timed_out:
        raise NoAnswerInTime(
            "no budget plan was found within the time limit: give a longer --time-limit"
        )
    if shifts.empty:
        raise InfeasiblePlan(
            f"a budget of {budget:,.2f} buys no useful shift: the cheapest costs {cheapest:,.2f}"
        )
    return shifts


def _worse(solution: Solution, than: Solution) -> bool:
    """Return whether a solve found no plan or one earning less than `than`'s."""
    if solution.objective is None:
        return True
    return than.objective is not None and solution.objective < than.objective - 1e-6


def _minimums(model: ShiftModel, minimum: pd.DataFrame | None) -> list[pulp.LpVariable]:
    """Return the agents short of each interval's minimum (variables added to the model)."""
    if minimum is None or minimum.empty:
        return []
    position = {start: i for i, start in enumerate(model.starts)}
    below = []
    for row in minimum.itertuples():
        agents = float(row.agents)
        i = position.get(pd.Timestamp(row.interval_start))
        if agents <= 0 or i is None or row.skill not in model.skills:
            continue
        s = model.skills.index(str(row.skill))
        var = model.problem.add_variable(f"min_short_{s}_{i}", 0, agents)
        model.problem += model.covered(str(row.skill), i) + var >= agents, f"minimum_{s}_{i}"
        below.append(var)
    return below


def _first_plan(
    model: ShiftModel,
    relaxed: Solution,
    budget: float,
    given: tuple[Solution, dict[str, float]] | None,
    solver: SolverName,
    deadline: Deadline,
) -> tuple[dict[str, float], tuple[Solution, dict[str, float]] | None]:
    """Return the plan to start the solver from (integer values by name) and, if it was
    completed in time, its solution and values: the plan that stands if nothing better is found.

    The empty plan is always within budget; the relaxation rounded down is better, and with
    weekly tours the plan whose tours are chosen whole (`_tours_chosen`) often better still:
    the one earning more is completed now. A plan given to start from (the last budget's, say)
    stands instead where it earns more.
    """
    first: dict[str, float] = {}
    best = None
    if relaxed.objective is not None:
        values = lp_values(model)
        candidates = [rounded_down(model, values, budget)]
        chosen = _tours_chosen(model, values, budget, deadline)
        candidates += [chosen] if chosen is not None else []
        first = candidates[0]
        for plan in candidates:
            if not any(plan.values()):
                continue
            quick = Deadline.after(FIXED_SHARE * deadline.remaining())
            done = _fixed(model, plan, solver, quick)
            if done is not None and (best is None or _worse(best[0], done[0])):
                best, first = done, plan
    if given is not None and (best is None or _worse(best[0], given[0])):
        best = given
    return (best[1] if best is not None else first), best


def _tours_chosen(
    model: ShiftModel, values: dict[str, float], budget: float, deadline: Deadline
) -> dict[str, float] | None:
    """Return a plan within budget built from the relaxation (`values`, by name) with its
    tours whole: an integer program over the tours, shifts fractional among the patterns the
    relaxation uses, each day's shifts then rounded to their tours' count (`rounded_down`).
    None without weekly tours, or when the program found nothing in time.

    Rounding the tours down leaves part of the budget unspent and whole days short: on the
    baseline week at 100,000 it spent 96,840 for a score of -520,493 against the relaxation's
    -294,633; with the tours chosen whole, 99,960 for -317,654.
    """
    tours = [var for group in model.y.values() for var in group]
    if not tours:
        return None
    unused = {var.name: 0.0 for var in model.x.values() if values.get(var.name, 0.0) <= USED}
    with as_continuous(list(model.x.values())):  # tours whole, shifts fractional
        part = restricted(model.problem, unused)
        quick = Deadline.after(TOURS_SHARE * deadline.remaining())
        if solve(part, TOURS_SOLVER, quick, 1e-3).objective is None:
            return None
    whole = {var.name: float(round(var.value() or 0.0)) for var in tours}
    return rounded_down(model, {**lp_values(model), **unused, **whole}, budget)


def _fixed(
    model: ShiftModel, plan: dict[str, float], solver: SolverName, deadline: Deadline
) -> tuple[Solution, dict[str, float]] | None:
    """Return a plan given by its integer variables completed in this model (split and
    earnings solved with them fixed) and its values by name; None if not solved by `deadline`."""
    integers = [v for v in model.problem.variables() if v.cat == pulp.LpInteger]
    return _solved_with(model, integers, plan, solver, deadline, relax=True)


def _solved_with(
    model: ShiftModel,
    fixed: list[pulp.LpVariable],
    values: dict[str, float],
    solver: SolverName,
    deadline: Deadline,
    relax: bool,
) -> tuple[Solution, dict[str, float]] | None:
    """Return the model solved with the `fixed` variables at their values (0 where none is
    given) and every variable's value by name; None if not solved by `deadline`."""
    saved = [(v.lowBound, v.upBound) for v in fixed]
    for var in fixed:
        var.lowBound = var.upBound = values.get(var.name, 0)
    try:
        answer = solve(model.problem, solver, deadline, relax=relax)
    finally:
        for var, (low, high) in zip(fixed, saved, strict=True):
            var.lowBound, var.upBound = low, high
    if answer.objective is None:
        return None
    return answer, lp_values(model)


def _standing(plan: Solution, bound: float | None, timed: Solution) -> Solution:
    """Return a plan found before the solve as the answer, with the relaxation's bound."""
    objective = plan.objective
    assert objective is not None  # a completed plan has its objective
    gap = None if bound is None else abs(bound - objective) / max(abs(objective), 1e-9)
    return Solution(Status.feasible, objective, bound, gap, timed.seconds, timed.solver, True)


def _completed(
    model: ShiftModel, plan: Plan, solver: SolverName, deadline: Deadline
) -> tuple[Solution, dict[str, float]] | None:
    """Return a plan's shifts completed in this model (tours, split and earnings solved with
    the shifts fixed) and its values by variable name; None if it does not fit the model."""
    counts = shift_counts(model, plan.shifts)
    if counts is None:
        return None
    quick = Deadline.after(GIVEN_SHARE * deadline.remaining())
    return _solved_with(model, list(model.x.values()), counts, solver, quick, relax=False)


def _complete(
    model: ShiftModel,
    start: dict[str, float],
    solver: SolverName,
    deadline: Deadline,
    bound: float | None,
    timed_out: Solution,
) -> Solution:
    """Return the start plan as the answer: its shifts fixed, the rest solved as an LP."""
    completed = _fixed(
        model, start, solver, Deadline.after(max(deadline.remaining(), COMPLETION_FLOOR))
    )
    if completed is None:
        raise NoAnswerInTime(
            "no budget plan was completed within the time limit: give a longer --time-limit"
        )
    return _standing(completed[0], bound, timed_out)


def skill_floors(scenario: Scenario, floor: float | None = None) -> dict[str, float]:
    """Return per skill the share of its contacts to answer within target before anything
    else: its queues' targets (or `floor`) weighted by their expected contacts."""
    volumes = reaching_volumes(scenario).sum()
    totals: dict[str, float] = {}
    wanted: dict[str, float] = {}
    for name, queue in scenario.queues.items():
        share = queue.sla.target if floor is None else floor
        totals[queue.skill] = totals.get(queue.skill, 0.0) + float(volumes[name])
        wanted[queue.skill] = wanted.get(queue.skill, 0.0) + share * float(volumes[name])
    return {skill: wanted[skill] / totals[skill] for skill in totals if totals[skill] > 0}
