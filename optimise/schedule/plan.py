"""A shift plan (shifts per group and day, the cover it gives, how the solve went) and the
requirement it is bought for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.queueing.requirements import read_requirements, requirements, skill_requirements
from optimise.queueing.timevarying import Method
from optimise.solver import Solution
from scenarios import Scenario


@dataclass(frozen=True)
class Plan:
    """A shift plan: shifts per group and day, the cover it gives, and how the solve went."""

    shifts: pd.DataFrame  # group, day, shift_type, start, end, breaks, agents, paid_hours, cost
    coverage: pd.DataFrame  # interval_start, skill, required, scheduled
    solution: Solution
    cost: float
    size: dict[str, int]
    budget: float | None = None
    expected_service_level: float | None = None
    expected_by_skill: dict[str, float] | None = None  # budget plans: per skill

    def summary(self) -> dict[str, Any]:
        """Return the plan's headline figures, as written to summary.json."""
        result: dict[str, Any] = {
            "status": self.solution.status.value,
            "cost": round(self.cost, 2),
            "objective": self.solution.objective,
            "bound": self.solution.bound,
            "gap": self.solution.gap,
            "solver": self.solution.solver,
            "seconds": round(self.solution.seconds, 3),
            "agent_shifts": int(self.shifts["agents"].sum()) if len(self.shifts) else 0,
            **self.size,
        }
        if self.budget is not None:
            result["budget"] = self.budget
            result["expected_service_level"] = self.expected_service_level
            result["expected_by_skill"] = self.expected_by_skill
        return result


def plan_requirements(
    scenario: Scenario,
    *,
    shrinkage: float = 0.0,
    csv: Path | None = None,
    method: Method = Method.sipp,
) -> pd.DataFrame:
    """Return the agents to schedule per interval and skill (interval_start, skill, agents).

    From the scenario's Erlang requirements after shrinkage (`method` reading the arrival
    rates), or read from a CSV when given.
    """
    if csv is not None:
        return read_requirements(csv, scenario)
    needs = skill_requirements(requirements(scenario, shrinkage=shrinkage, method=method))
    return needs.drop(columns="agents").rename(columns={"scheduled_agents": "agents"})
