"""The cost-service frontier: the best plan each budget buys, each simulated on the same
customers (common random numbers), and the cheapest plan that meets every target."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import pandas as pd

from optimise.schedule import Plan, plan_scenario
from optimise.solver import Progress, SolverName
from scenarios import Scenario
from scenarios.errors import InfeasiblePlan, NoAnswerInTime
from scenarios.shifts import shifts_from_table
from sim import simulate
from sim.summary import mean_ci, queue_totals

COLUMNS = [
    "budget",
    "status",
    "cost",
    "queue",
    "offered",
    "service_level",
    "ci_low",
    "ci_high",
    "abandon_rate",
    "target",
    "max_abandon",
    "meets_target",
    "csat",
    "churn",
]


def budget_range(text: str) -> list[float]:
    """Return the budgets of "LOW:HIGH:STEP" (HIGH included) or "A,B,C"; ValueError if absurd."""
    try:
        if ":" in text:
            low, high, step = (float(part) for part in text.split(":"))
            if not step > 0 or not high >= low or (high - low) / step > 1000:
                raise ValueError
            count = math.floor((high - low) / step + 1e-9) + 1
            budgets = [low + k * step for k in range(count)]
        else:
            budgets = sorted({float(part) for part in text.split(",")})
    except ValueError:
        raise ValueError(
            f"write budgets as LOW:HIGH:STEP (at most 1001 of them) or A,B,C, got {text!r}"
        ) from None
    if not budgets or not all(math.isfinite(b) and b > 0 for b in budgets):
        raise ValueError(f"budgets must be positive numbers, got {text!r}")
    return budgets


@dataclass(frozen=True)
class Frontier:
    """Per budget and queue: the plan's cost and its simulated service (`table`, COLUMNS), the
    plans by budget, and how the run was made."""

    table: pd.DataFrame
    plans: dict[float, Plan]
    replications: int
    seed: int

    def cheapest(self) -> float | None:
        """Return the budget of the cheapest plan meeting every queue's targets, or None."""
        planned = self.table.dropna(subset=["cost"])
        meets = planned.groupby("budget")["meets_target"].all()
        costs = planned.groupby("budget")["cost"].first()[meets[meets].index]
        return None if costs.empty else float(costs.idxmin())

    def summary(self) -> dict[str, Any]:
        """Return the run's headline figures, as written to summary.json."""
        chosen = self.cheapest()
        points = []
        for budget, rows in self.table.groupby("budget", sort=True):
            plan = self.plans.get(float(budget))
            points.append(
                {
                    "budget": float(budget),
                    "status": str(rows["status"].iloc[0]),
                    "cost": None if plan is None else round(plan.cost, 2),
                    "gap": None if plan is None else plan.solution.gap,
                    "meets_every_target": bool(rows["meets_target"].all()),
                }
            )
        return {
            "replications": self.replications,
            "seed": self.seed,
            "points": points,
            "cheapest_meeting_targets": None
            if chosen is None
            else {"budget": chosen, "cost": round(self.plans[chosen].cost, 2)},
        }


def _targets(scenario: Scenario) -> dict[str, tuple[float, float | None]]:
    return {
        name: (queue.sla.target, queue.sla.max_abandon) for name, queue in scenario.queues.items()
    }


def _satisfaction(summary: dict[str, Any], queue: str, measure: str) -> float | None:
    """Return a queue's mean CSAT or churn from a run's summary (None without journeys)."""
    queues = summary.get("satisfaction", {}).get("queues", {})
    value = queues.get(queue, {}).get(measure, {})
    return value.get("mean") if isinstance(value, dict) else None


def _rows(budget: float, plan: Plan, result: Any, scenario: Scenario) -> list[dict]:
    totals = queue_totals(result.kpis)
    summary = result.summary()
    rows = []
    for queue, (target, max_abandon) in _targets(scenario).items():
        per_replication = totals.xs(queue, level="queue")
        level = mean_ci(per_replication["service_level"])
        abandon = mean_ci(per_replication["abandon_rate"])["mean"]
        # a target is met when the mean over replications meets it (see the README)
        meets = level["mean"] is not None and level["mean"] >= target
        if max_abandon is not None and abandon is not None:
            meets = meets and abandon <= max_abandon
        rows.append(
            {
                "budget": budget,
                "status": plan.solution.status.value,
                "cost": round(plan.cost, 2),
                "queue": queue,
                "offered": float(per_replication["offered"].mean()),
                "service_level": level["mean"],
                "ci_low": level["ci95"][0],
                "ci_high": level["ci95"][1],
                "abandon_rate": abandon,
                "target": target,
                "max_abandon": max_abandon,
                "meets_target": bool(meets),
                "csat": _satisfaction(summary, queue, "csat"),
                "churn": _satisfaction(summary, queue, "churn"),
            }
        )
    return rows


def _unplanned(budget: float, status: str, scenario: Scenario) -> list[dict]:
    return [
        {
            "budget": budget,
            "status": status,
            "cost": None,
            "queue": queue,
            "target": target,
            "max_abandon": max_abandon,
            "meets_target": False,
        }
        for queue, (target, max_abandon) in _targets(scenario).items()
    ]


def cost_service_frontier(
    scenario: Scenario,
    budgets: Sequence[float],
    *,
    replications: int = 5,
    seed: int = 1,
    workers: int = 1,
    executor: Executor | None = None,
    shrinkage: float = 0.0,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 60.0,
    gap: float = 1e-3,
    progress: Callable[[str], None] | None = None,
    solve_progress: Progress | None = None,
) -> Frontier:
    """Return the frontier: for each budget (cheapest first) the best plan it buys, simulated
    with the same seed, so every plan meets the same customers.

    Each budget's solve starts from the plan the budget before bought (it is within the larger
    budget too), so a plan never earns less than a cheaper budget's.
    `time_limit` is seconds per plan; replications run on `workers` processes or `executor`.
    A budget that buys no plan (or none in time) is kept with its status and no figures.
    `progress` hears a line as each budget is planned and simulated; `solve_progress` each
    budget's solve (seconds since it began, best objective, gap).
    """
    rows: list[dict] = []
    plans: dict[float, Plan] = {}
    previous: Plan | None = None  # what the last budget bought, every larger budget buys too
    ordered = sorted(budgets)
    for number, budget in enumerate(ordered, start=1):
        if progress is not None:
            progress(f"budget {budget:,.0f} ({number} of {len(ordered)}): planning")
        try:
            plan = plan_scenario(
                scenario,
                budget=budget,
                shrinkage=shrinkage,
                solver=solver,
                time_limit=time_limit,
                gap=gap,
                start=previous,
                progress=solve_progress,
            )
        except (InfeasiblePlan, NoAnswerInTime) as exc:
            status = "out of time" if isinstance(exc, NoAnswerInTime) else "no plan"
            rows += _unplanned(budget, status, scenario)
            continue
        if progress is not None:
            progress(f"budget {budget:,.0f} ({number} of {len(ordered)}): simulating")
        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            staffing=shifts_from_table(plan.shifts),
            workers=workers,
            executor=executor,
        )
        plans[budget] = previous = plan
        rows += _rows(budget, plan, result, scenario)
    table = pd.DataFrame(rows, columns=COLUMNS)
    return Frontier(table, plans, replications, seed)
