"""Rosters of named agents: the problem, its labour rules, the model, plans to rosters."""

from optimise.roster.from_plan import PlanRoster, read_agents, read_plan, roster_plan
from optimise.roster.instance import RosterInstance, read_instance
from optimise.roster.model import Roster, penalty, solve_roster

__all__ = [
    "PlanRoster",
    "Roster",
    "RosterInstance",
    "penalty",
    "read_agents",
    "read_instance",
    "read_plan",
    "roster_plan",
    "solve_roster",
]
