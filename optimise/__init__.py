"""The optimiser: requirements from queueing formulas, shift plans, rosters of named agents.

The notebook API, one import away: `from optimise import requirements, plan_scenario, ...`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from optimise.queueing import requirements, size_interval, skill_requirements
    from optimise.roster import read_instance, roster_plan, solve_roster
    from optimise.schedule import Plan, plan_budget, plan_cover, plan_requirements, plan_scenario
    from optimise.solver import SolverName

# each public name and its module, imported when first asked for: the command line
# starts without the solvers and formulas a command does not use
_WHERE = {
    "requirements": "optimise.queueing",
    "size_interval": "optimise.queueing",
    "skill_requirements": "optimise.queueing",
    "read_instance": "optimise.roster",
    "roster_plan": "optimise.roster",
    "solve_roster": "optimise.roster",
    "Plan": "optimise.schedule",
    "plan_budget": "optimise.schedule",
    "plan_cover": "optimise.schedule",
    "plan_requirements": "optimise.schedule",
    "plan_scenario": "optimise.schedule",
    "SolverName": "optimise.solver",
}

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


def __getattr__(name: str) -> Any:
    """Return a public name, importing its module on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
