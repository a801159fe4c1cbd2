"""The lever-sizing MILP: how many agents each staffing lever keeps on call, and which
diversions are switched on.

Each stress run r (a draw of the emergency library) leaves a deficit D[r, s] of agents in
skill s: the most agents, over the run's intervals, that its emergencies need beyond the
normal week's requirements. A lever l brings up to `limit[l]` agents holding skills S(l), at a
cost c[l, r] per agent in run r (call-out plus hours, zero when nothing happens). A run is
restored when, for every skill it lacks, the levers holding that skill bring at least D[r, s],
each agent counted for the share a[l, r] of the emergency it is there for (a lever of 4 hours
covers a fifth of a 20-hour emergency):

    sum_{l: s in S(l)} a[l, r] x[l] >= D[r, s] * ok[r]          (cover[r, s])

A switch d (a diversion switched on, y[d] binary) changes skill s's deficit in run r by
relief[d, r, s]: positive where it takes work away, negative where it brings work (a skill with
no deficit that a switch loads must then be covered too, restored or not):

    sum_{l: s in S(l)} a[l, r] x[l] + sum_d relief[d, r, s] y[d] >= D[r, s] * ok[r]

Minimise   mean_r (sum_l c[l, r] x[l] + sum_d c[d, r] y[d]) + penalty * mean_r (1 - ok[r]),
or, given a budget B, the runs not restored subject to mean_r sum_l c[l, r] x[l] <= B (a
tiny cost weight picks the cheapest among equally good settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from optimise.solver import SolverName, Status, solve
from scenarios.errors import SolverError

COST_WEIGHT = 1e-6  # budget mode: cost only breaks ties between equally restoring settings


@dataclass(frozen=True)
class LeverOption:
    """A staffing lever the planner offers: its name, at most how many agents, their skills,
    and the cost per agent in each run."""

    name: str
    limit: int
    skills: frozenset[str]
    cost_per_agent: np.ndarray  # per run
    reach: np.ndarray  # per run: the share of its emergency the lever's agents are there for


@dataclass(frozen=True)
class Switch:
    """A lever the planner may switch on or off (a diversion): its name, how it changes each
    run's deficit per skill (columns as the deficits'; positive relieves), its cost per run."""

    name: str
    relief: np.ndarray  # per run and skill
    cost: np.ndarray  # per run
    moved: np.ndarray | None = None  # per run: the contacts it moves (for the plan's table)


@dataclass(frozen=True)
class Sizing:
    """The solver's choice: agents per lever, the runs it restores, expected cost, status."""

    agents: dict[str, int]
    restored: np.ndarray  # per run: bool
    expected_cost: float
    status: Status
    seconds: float
    switches: dict[str, bool] = field(default_factory=dict)  # per switch: on


def size_levers(
    options: list[LeverOption],
    deficits: pd.DataFrame,
    *,
    switches: list[Switch] | None = None,
    budget: float | None = None,
    penalty: float = 0.0,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 30.0,
) -> Sizing:
    """Return how many agents each lever keeps on call and which switches are on: the cheapest
    expected cost plus breach penalty, or (with a budget) the most runs restored within it."""
    switches = switches or []
    runs = len(deficits)
    if not options and not switches:  # nothing to choose: no run can be restored by choosing
        restored = ~(deficits.to_numpy(dtype=float) > 0).any(axis=1)
        return Sizing({}, restored, 0.0, Status.optimal, 0.0)
    problem = pulp.LpProblem("contingency", pulp.LpMinimize)
    add = problem.add_variable
    x = [add(f"agents_{i}", 0, o.limit, cat="Integer") for i, o in enumerate(options)]
    y = [add(f"switch_{i}", cat="Binary") for i in range(len(switches))]
    lacking = deficits.to_numpy(dtype=float)
    needy = np.flatnonzero((lacking > 0).any(axis=1)).tolist()
    ok = {int(r): add(f"ok_{r}", cat="Binary") for r in needy}
    for r in range(runs):
        for j, skill in enumerate(deficits.columns):
            moving = [(float(d.relief[r, j]), y[i]) for i, d in enumerate(switches)]
            moving = [(a, v) for a, v in moving if a != 0]
            if lacking[r, j] <= 0 and not any(a < 0 for a, _ in moving):
                continue
            covering = [
                float(o.reach[r]) * x[i] for i, o in enumerate(options) if skill in o.skills
            ] + [a * v for a, v in moving]
            need = lacking[r, j] * ok[r] if lacking[r, j] > 0 else 0.0
            problem += pulp.lpSum(covering) >= need, f"cover_{r}_{j}"
    cost = pulp.lpSum(float(o.cost_per_agent.mean()) * x[i] for i, o in enumerate(options))
    cost += pulp.lpSum(float(d.cost.mean()) * y[i] for i, d in enumerate(switches))
    missed = pulp.lpSum(1 - ok[r] for r in needy) * (1.0 / runs)
    if budget is None:
        problem += cost + penalty * missed
    else:
        problem += missed + COST_WEIGHT * cost
        problem += cost <= budget, "budget"
    result = solve(problem, solver, time_limit)
    if result.status not in (Status.optimal, Status.feasible):
        raise SolverError(f"the lever model was not solved: {result.status}")
    agents = {o.name: round(x[i].value() or 0) for i, o in enumerate(options)}
    restored = np.ones(runs, dtype=bool)
    for r in needy:
        restored[r] = (ok[r].value() or 0) > 0.5
    on = {d.name: (y[i].value() or 0) > 0.5 for i, d in enumerate(switches)}
    expected = sum(float(o.cost_per_agent.mean()) * agents[o.name] for o in options)
    expected += sum(float(d.cost.mean()) for d in switches if on[d.name])
    return Sizing(agents, restored, expected, result.status, result.seconds, on)
