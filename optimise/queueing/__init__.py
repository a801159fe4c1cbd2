"""Queueing formulas and what they imply: Erlang B, C and A, requirements, service curves."""

from optimise.queueing.erlang import erlang_b, erlang_c, queue_metrics, required_agents
from optimise.queueing.interval import IntervalService, size_interval
from optimise.queueing.outages import reaching_volumes
from optimise.queueing.requirements import daily_summary, requirements, skill_requirements
from optimise.queueing.timevarying import Method, staffing_rates

__all__ = [
    "IntervalService",
    "Method",
    "daily_summary",
    "erlang_b",
    "erlang_c",
    "queue_metrics",
    "reaching_volumes",
    "required_agents",
    "requirements",
    "size_interval",
    "skill_requirements",
    "staffing_rates",
]
