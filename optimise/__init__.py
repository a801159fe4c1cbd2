"""The optimiser: requirements from queueing formulas, shift plans, rosters of named agents.

The notebook API, one import away: `from optimise import requirements, plan_scenario, ...`.
"""

from optimise.queueing import requirements, size_interval, skill_requirements
from optimise.roster import read_instance, roster_plan, solve_roster
from optimise.schedule import Plan, plan_budget, plan_cover, plan_requirements, plan_scenario
from optimise.solver import SolverName

__all__ = [
    "Plan",
    "SolverName",
    "plan_budget",
    "plan_cover",
    "plan_requirements",
    "plan_scenario",
    "read_instance",
    "requirements",
    "roster_plan",
    "size_interval",
    "skill_requirements",
    "solve_roster",
]
