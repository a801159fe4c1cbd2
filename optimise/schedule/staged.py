"""A cover plan near the relaxation's cost in seconds: tours first, then each day's shifts.

The cover's relaxation is tight (on the baseline week within 0.1% of the best plan), but
neither rounding it nor a solver started cold finds a plan near it in time: the relaxation
rounded and mended costs about 7% more, and in 30 seconds neither CBC nor HiGHS improves on
that. Weekly tours are what make it hard: each day's shifts must number exactly the tours
working that day, so shifts and tours must be chosen together.

Chosen apart, each part is easy. Measured on the baseline week at a load of 2 on 2 cores, the
steps below take about 8 s in all and the plan lands within 0.07% of the relaxation at a gap
of 0.1% (0.16% at a gap of 0.5%), where the best plan known is within 0.1% of it:

1. tours: the integer program over the shift patterns the relaxation uses (a few hundred of the
   week's thousands), tours whole and shift counts fractional;
2. the relaxation again, over every pattern, with those tours fixed: now each day's shifts
   sum to a whole number;
3. shifts: with the tours fixed the days no longer share a variable (unless a shift runs past
   midnight), nor do groups sharing no skill, so each such part is an integer program of its
   own, over the patterns either relaxation uses (every pattern of its days if that finds no
   plan).

Where a day's part finds no plan with the tours chosen (on the flu-wave week, where a shift
logging in during the wave covers 0.8 of an agent, Monday's billing and technical teams had
none, widened or not: the tours gave that day exactly as many shifts as the relaxation's
fractional cover needed), the tours are chosen again with at least one more working that day,
up to `ATTEMPTS` times. A step that finds nothing in its time leaves no plan: the rounded
relaxation then stands.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pulp

from optimise.schedule.model import ShiftModel, tours
from optimise.solver import Deadline, Solution, SolverName, solve

USED = 1e-6  # a relaxation's value above this puts a shift pattern (or a shortfall) in play
# Each step goes to the solver measured better at it, whatever solver the plan is for (both
# ship with the package). On the baseline week, at a load of 2-3 on 2 cores: choosing the tours,
# CBC 1.0 s, HiGHS 2.3-3.2 s; a day's shifts, HiGHS 0.1-2.5 s a part (each proven optimal), CBC
# up to 11 s for some; and from HiGHS's relaxation with the tours fixed the days' shifts came
# to 130,201 where from CBC's they came to 130,376 (the relaxation: 130,022).
TOURS_SOLVER = SolverName.cbc
RELAX_SOLVER = SolverName.highs
SHIFTS_SOLVER = SolverName.highs
TOURS_SHARE = 0.3  # of the time given, the most choosing the tours may take
RELAX_SHARE = 0.4  # of the time then left, the most the relaxation with tours fixed may take
WIDENED_SHARE = 0.25  # of the time left, the most a part widened to every pattern may take
ATTEMPTS = 4  # choices of tours: the first, then with one more on a day that found no plan

# Tours working a day, and how many of them at least: one more than a choice whose day's
# shifts found no plan.
AtLeast = tuple[list[pulp.LpVariable], int]


def staged_plan(
    model: ShiftModel,
    short: dict[tuple[str, int], pulp.LpVariable],
    values: dict[str, float],
    deadline: Deadline,
    gap: float,
) -> dict[str, float] | None:
    """Return an integer plan (every variable's value by name) built from the cover's solved
    relaxation (`values`, by name): tours first, then each day's shifts (see the module's
    notes); None if a step found no plan by the deadline. Only the shortfalls the relaxation
    has are allowed. Each step stops once within `gap` of its own bound."""
    more: list[AtLeast] = []
    for _ in range(ATTEMPTS):
        plan, stuck = _staged(model, short, values, deadline, gap, more)
        if plan is not None or stuck is None:
            return plan
        more.extend(stuck)
    return None


def _staged(
    model: ShiftModel,
    short: dict[tuple[str, int], pulp.LpVariable],
    values: dict[str, float],
    deadline: Deadline,
    gap: float,
    more: list[AtLeast],
) -> tuple[dict[str, float] | None, list[AtLeast] | None]:
    """Return the staged plan with at least `more` tours working their days, or None and, if
    a day's shifts found no plan with the tours chosen, one more tour for that day to ask."""
    tours = [var for group in model.y.values() for var in group]
    out = {var.name: 0.0 for var in short.values() if values.get(var.name, 0.0) <= USED}
    unused = {var.name: 0.0 for var in model.x.values() if values.get(var.name, 0.0) <= USED}
    fixed: dict[str, float] = {}
    if tours:
        with as_continuous(list(model.x.values())):  # tours whole, shifts fractional
            part = restricted(model.problem, {**unused, **out})
            for k, (working, least) in enumerate(more):
                part += pulp.lpSum(working) >= least, f"more_tours_{k}"
            quick = Deadline.after(TOURS_SHARE * deadline.remaining())
            if not _found(solve(part, TOURS_SOLVER, quick, gap)):
                # CBC now and then sits on even a small program until its limit with nothing
                # found (seen: 57 variables, 8 s): HiGHS tries it with a share of what is left
                quick = Deadline.after(TOURS_SHARE * deadline.remaining())
                if not _found(solve(part, SolverName.highs, quick, gap)):
                    return None, None
        fixed = {var.name: float(round(var.value() or 0.0)) for var in tours}
        with held(tours, fixed):  # the relaxation again with the tours fixed: shifts fit them
            quick = Deadline.after(RELAX_SHARE * deadline.remaining())
            if not _found(solve(model.problem, RELAX_SOLVER, quick, relax=True)):
                return None, None
        used = {var.name for var in model.x.values() if (var.value() or 0.0) > USED}
        unused = {name: 0.0 for name in unused if name not in used}
    plan = {**unused, **out, **fixed}
    parts = split(restricted(model.problem, plan))
    size = [sum(var.cat == pulp.LpInteger for var in part.variables()) for part in parts]
    order = sorted(range(len(parts)), key=lambda k: size[k])  # the small first: they are quick
    parts, size = [parts[k] for k in order], [size[k] for k in order]
    stuck: list[AtLeast] = []
    for k, part in enumerate(parts):  # each may take twice its share (by whole numbers) of
        share = min(2.0 * size[k] / max(sum(size[k:]), 1), 1.0)  # the time left: most finish early
        quick = Deadline.after(share * deadline.remaining())
        if not _found(solve(part, SHIFTS_SOLVER, quick, gap)):
            # none over the patterns either relaxation uses: every pattern of the part's days,
            # a larger program, given a share of the time left (measured on the flu-wave
            # week: 1.5-2.2 s for some parts, no plan in 28 s for another)
            part = _widened(model, part, plan)
            quick = Deadline.after(min(share, WIDENED_SHARE) * deadline.remaining())
            if not _found(solve(part, SHIFTS_SOLVER, quick, gap)):
                if not fixed:
                    return None, None
                stuck += _one_more(model, part, fixed)  # the other days are still tried, so
                continue  # that the tours are chosen again once for all that found no plan
        plan.update({var.name: var.value() or 0.0 for var in part.variables()})
    return (None, stuck) if stuck else (plan, None)


def _one_more(model: ShiftModel, part: pulp.LpProblem, fixed: dict[str, float]) -> list[AtLeast]:
    """Return, for each group and day of a part that found no plan, the group's tours working
    that day and one more than the tours `fixed` put there."""
    assert model.rules.week is not None  # fixed tours: the scenario has a week rule
    week = tours(model.rules.week)
    names = {var.name for var in part.variables()}
    asked = []
    for group, day in sorted({(g, d) for (g, d, _), var in model.x.items() if var.name in names}):
        working = [model.y[group][t] for t, on in enumerate(week) if model.weekday[day] in on]
        asked.append((working, round(sum(fixed[var.name] for var in working)) + 1))
    return asked


def _widened(model: ShiftModel, part: pulp.LpProblem, plan: dict[str, float]) -> pulp.LpProblem:
    """Return the part with every shift pattern of its groups' days in play, the rest of the
    model fixed as in `plan` (at zero where it has no value)."""
    free = {var.name for var in part.variables()}
    days = {(g, d) for (g, d, _), var in model.x.items() if var.name in free}
    free |= {var.name for (g, d, _), var in model.x.items() if (g, d) in days}
    rest = [var for var in model.problem.variables() if var.name not in free]
    return restricted(model.problem, {var.name: plan.get(var.name, 0.0) for var in rest})


def _found(answer: Solution) -> bool:
    return answer.objective is not None


def restricted(problem: pulp.LpProblem, fixed: dict[str, float]) -> pulp.LpProblem:
    """Return `problem` with the `fixed` variables (by name) replaced by their values: a
    smaller problem over the rest, sharing those variables with `problem` (a solve sets their
    values). A constraint left with no variable is dropped."""
    part = pulp.LpProblem(f"{problem.name}_part", problem.sense)
    part.setObjective(_substituted(problem.objective, fixed))
    for constraint in problem.constraints():
        expression = _substituted(constraint, fixed)
        if len(expression):
            part.addConstraint(pulp.LpConstraint(expression, constraint.sense, constraint.name))
    return part


def split(problem: pulp.LpProblem) -> list[pulp.LpProblem]:
    """Return the problem as independent problems, one per set of variables no constraint
    links to another (each with its constraints and its share of the objective)."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]  # halve the path as we go
            name = parent[name]
        return name

    for constraint in problem.constraints():
        names = [var.name for var, _ in constraint.items()]
        first = root(names[0])
        for name in names[1:]:
            parent[root(name)] = first
    parts: dict[str, pulp.LpProblem] = {}
    terms: dict[str, list[tuple[pulp.LpVariable, float]]] = {}
    for constraint in problem.constraints():
        key = root(next(iter(constraint.items()))[0].name)
        if key not in parts:
            parts[key] = pulp.LpProblem(f"{problem.name}_{len(parts)}", problem.sense)
            terms[key] = []
        parts[key].addConstraint(constraint)
    for var, coefficient in problem.objective.items():
        key = root(var.name)
        if key in terms:  # a variable in no constraint is left at zero
            terms[key].append((var, coefficient))
    for key, part in parts.items():
        part.setObjective(pulp.LpAffineExpression(terms[key]))
    return list(parts.values())


def _substituted(
    expression: pulp.LpAffineExpression, fixed: dict[str, float]
) -> pulp.LpAffineExpression:
    """Return the expression with the fixed variables folded into its constant."""
    constant = expression.constant
    terms = []
    for var, coefficient in expression.items():
        value = fixed.get(var.name)
        if value is None:
            terms.append((var, coefficient))
        else:
            constant += coefficient * value
    return pulp.LpAffineExpression(terms, constant=constant)


@contextlib.contextmanager
def as_continuous(variables: list[pulp.LpVariable]) -> Iterator[None]:
    """Solve the given integer variables as continuous for the duration."""
    for var in variables:
        var.cat = pulp.LpContinuous
    try:
        yield
    finally:
        for var in variables:
            var.cat = pulp.LpInteger


@contextlib.contextmanager
def held(variables: list[pulp.LpVariable], values: dict[str, float]) -> Iterator[None]:
    """Hold the variables at the given values (their bounds) for the duration."""
    saved = [(var.lowBound, var.upBound) for var in variables]
    for var in variables:
        var.lowBound = var.upBound = values[var.name]
    try:
        yield
    finally:
        for var, (low, high) in zip(variables, saved, strict=True):
            var.lowBound, var.upBound = low, high
