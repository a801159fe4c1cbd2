"""Each employee's best schedule against prices on cover rows: column generation's pricing.

An employee's schedule over the whole horizon (one column of the master problem, see
`optimise.roster.columns`) costs their own requests left unmet; each cover row it counts toward
earns that row's price (the master's dual value). The pricing problem is the employee's own
integer program (`optimise.roster.milp.build` with them alone free, every labour rule of
`optimise.roster.rules`), copied once into HiGHS; only its objective changes between rounds,
so a round re-solves a small, already-built model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pulp

from optimise.deadline import Deadline
from optimise.roster.instance import RosterInstance
from optimise.roster.milp import CoverIndex, Schedule, build
from optimise.solver import quiet_highs

TOLERANCE = 1e-6  # a reduced cost this close to zero adds nothing


def highs_of(problem: pulp.LpProblem) -> tuple[Any, list[pulp.LpVariable]]:
    """Return a HiGHS model of a PuLP problem's rows and columns (objective left at zero) and
    its variables in column order."""
    import highspy

    highs = quiet_highs()
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    variables = problem.variables()
    column = {v.name: j for j, v in enumerate(variables)}
    n = len(variables)
    lower = np.array([-math.inf if v.lowBound is None else v.lowBound for v in variables], float)
    upper = np.array([math.inf if v.upBound is None else v.upBound for v in variables], float)
    highs.addVars(n, lower, upper)
    integer = [j for j, v in enumerate(variables) if v.cat == pulp.LpInteger]
    if integer:
        highs.changeColsIntegrality(
            len(integer),
            np.array(integer, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * len(integer)),
        )
    for constraint in problem.constraints():
        items = list(constraint.items())
        if not items:
            continue
        rhs = -constraint.constant
        low = rhs if constraint.sense in (pulp.LpConstraintGE, pulp.LpConstraintEQ) else -math.inf
        high = rhs if constraint.sense in (pulp.LpConstraintLE, pulp.LpConstraintEQ) else math.inf
        index = np.array([column[v.name] for v, _ in items], dtype=np.int32)
        values = np.array([a for _, a in items], dtype=float)
        highs.addRow(low, high, len(items), index, values)
    return highs, variables


def limit_time(highs: Any, deadline: Deadline) -> None:
    """Let a HiGHS model's next run stop at the deadline: HiGHS holds its time limit against
    the model's run time summed over every run so far, not the next run's alone (a model
    re-solved many times otherwise stops at once, out of time, once that sum passes it)."""
    highs.setOptionValue("time_limit", highs.getRunTime() + max(0.05, deadline.remaining()))


@dataclass(frozen=True)
class Priced:
    """An employee's best schedule at some prices: its value (own cost less the prices it
    earns), its own cost, whether it is proven the best, and a value no schedule beats (the
    schedule's own when proven; -inf when nothing is known)."""

    value: float
    own_cost: float
    schedule: Schedule
    proven: bool
    lower: float = -math.inf

    def __post_init__(self) -> None:
        if self.proven:
            object.__setattr__(self, "lower", self.value)


class Pricer:
    """One employee's pricing problem, built once and re-solved at new prices."""

    def __init__(self, instance: RosterInstance, employee: str, index: CoverIndex) -> None:
        self.employee = employee
        built = build(instance, [employee], {})
        self._highs, variables = highs_of(built.problem)
        by_name = {var.name: key for key, var in built.x.items()}
        self._columns = [(j, by_name[v.name]) for j, v in enumerate(variables) if v.name in by_name]
        # own cost: an on request costs its weight unless worked, an off request if worked
        self.constant = float(sum(r.weight for r in instance.on_requests if r.employee == employee))
        own = dict.fromkeys(((d, s) for _, (_, d, s) in self._columns), 0.0)
        for r in instance.on_requests:
            if r.employee == employee and (r.day, r.shift) in own:
                own[r.day, r.shift] -= r.weight
        for r in instance.off_requests:
            if r.employee == employee and (r.day, r.shift) in own:
                own[r.day, r.shift] += r.weight
        self._own = np.array([own[d, s] for _, (_, d, s) in self._columns])
        self._rows = [index.counted(instance, employee, d, s) for _, (_, d, s) in self._columns]
        self._index = np.array([j for j, _ in self._columns], dtype=np.int32)

    def own_cost(self, schedule: Schedule) -> float:
        """Return the cost of the employee's own requests that a schedule leaves unmet."""
        worked = {(d, s) for d, s in schedule.items()}
        return self.constant + float(
            sum(
                c
                for (_, (_, d, s)), c in zip(self._columns, self._own, strict=True)
                if (d, s) in worked
            )
        )

    def price(
        self, prices: np.ndarray, deadline: Deadline, quick: bool = False, enough: float = math.inf
    ) -> Priced | None:
        """Return the employee's schedule of least own cost less the prices of the cover rows
        it counts toward (None when the deadline leaves no schedule found; `quick` and
        `enough` change nothing here: the deadline given says how long to try)."""
        earned = np.array([sum(prices[k] for k in rows) for rows in self._rows])
        costs = self._own - earned
        highs = self._highs
        highs.changeColsCost(len(self._index), self._index, costs)
        limit_time(highs, deadline)
        highs.run()
        import highspy

        status = highs.getModelStatus()
        if highs.getInfo().primal_solution_status != 2:  # no feasible point
            if status == highspy.HighsModelStatus.kInfeasible:
                raise ValueError(f"no schedule keeps the contract of employee {self.employee}")
            return None
        values = highs.getSolution().col_value
        schedule: Schedule = {}
        own = self.constant
        value = self.constant
        for (j, (_, d, s)), c, e in zip(self._columns, self._own, earned, strict=True):
            if values[j] > 0.5:
                schedule[d] = s
                own += c
                value += c - e
        if status == highspy.HighsModelStatus.kOptimal:
            return Priced(value, own, schedule, True)
        # stopped early: HiGHS's dual bound is still a bound on every schedule
        lower = self.constant + highs.getInfo().mip_dual_bound
        return Priced(value, own, schedule, False, lower if math.isfinite(lower) else -math.inf)
