"""Shift plans: patterns, the shift integer program, cover and budget modes."""

from optimise.schedule.budget import plan_budget
from optimise.schedule.cover import plan_cover
from optimise.schedule.model import ShiftModel, tours
from optimise.schedule.patterns import Pattern, shift_patterns
from optimise.schedule.plan import Plan, plan_requirements
from optimise.schedule.planner import plan_scenario

__all__ = [
    "Pattern",
    "Plan",
    "ShiftModel",
    "plan_budget",
    "plan_cover",
    "plan_requirements",
    "plan_scenario",
    "shift_patterns",
    "tours",
]
