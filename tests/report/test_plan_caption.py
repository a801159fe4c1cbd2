"""The plan table's caption: a cover plan's cost objective in money; a budget plan's budget,
spend and expected service first, and its score in contacts (it may fall below zero)."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console

from optimise.schedule.plan import Plan
from optimise.solver import Solution, Status
from report.tables import plan_table

SHIFTS = pd.DataFrame(
    {
        "group": ["team"],
        "day": ["2026-01-05"],
        "shift_type": ["full"],
        "start": ["08:00"],
        "end": ["16:00"],
        "breaks": [""],
        "agents": [3],
        "paid_hours": [7.5],
        "cost": [225.0],
    }
)


def caption(plan: Plan) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(plan_table(plan))
    return " ".join(console.export_text().split())


def test_a_cover_plans_objective_is_its_cost():
    solved = Solution(Status.optimal, 225.0, 225.0, 0.0, 1.25, "cbc")
    text = caption(Plan(SHIFTS, pd.DataFrame(), solved, 225.0, {}))
    assert "cbc: optimal in 1.2 s; objective 225.00, bound 225.00, gap 0.000%" in text
    assert "budget" not in text


def test_a_budget_plan_leads_with_its_budget_and_counts_its_score_in_contacts():
    # a budget too small for the floors: the score is the contacts answered in time less the
    # penalties, below zero, and its gap to the bound is large though the plan is what it is
    solved = Solution(Status.feasible, -49_542.54, 40_076.45, 1.80893, 39.3, "cbc", True)
    plan = Plan(SHIFTS, pd.DataFrame(), solved, 225.0, {}, 120_000.0, 0.806)
    text = caption(plan)
    assert text.index("budget 120,000.00, spent 225.00, expected service level 80.6%") < (
        text.index("cbc: feasible in 39.3 s")
    )
    assert "score -49,543 (contacts answered in time" in text
    assert "bound 40,076, gap 180.893%" in text
