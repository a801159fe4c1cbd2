"""Contingency plans: the lever settings that keep a plan's targets under random emergencies."""

from optimise.contingency.search import ContingencyPlan, plan_contingency

__all__ = ["ContingencyPlan", "plan_contingency"]
