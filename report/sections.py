"""The report's sections: each draws one view of a run from the tables it needs.

A section applies to every run folder holding its tables, so a new kind of run (stress,
contingency) gets its views by adding a function (in a *_views module) and one `SECTIONS` entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from report.plan_views import (
    coverage,
    iterations,
    plan_overview,
    plan_views,
    requirement,
)
from report.runs import Run
from report.simulation_views import (
    abandonment,
    asa,
    backlog,
    occupancy,
    satisfaction,
    service_level,
    simulation_overview,
)
from report.study_views import frontier, stress


@dataclass(frozen=True)
class Section:
    """A titled view, drawn for each run that holds every table in `needs`."""

    title: str
    needs: tuple[str, ...]
    draw: Callable[[Run], str]


SECTIONS: list[Section] = [
    Section("Cost and service", ("frontier.csv",), frontier),
    Section("Stress test: the chance of missing each target", ("breach.csv",), stress),
    Section("At a glance", ("kpis.csv", "occupancy.csv"), simulation_overview),
    Section("Service level by interval", ("kpis.csv",), service_level),
    Section("Abandonment", ("kpis.csv",), abandonment),
    Section("Average speed of answer", ("kpis.csv",), asa),
    Section("Email and other deferred work: backlog", ("kpis.csv",), backlog),
    Section("Agent groups: on duty and occupancy", ("occupancy.csv",), occupancy),
    Section("Customers: satisfaction against goals", ("journeys.csv",), satisfaction),
    Section("The plan", ("plan.csv",), plan_overview),
    Section("Verification: the plans tried", ("iterations.csv",), iterations),
    Section("The plan by day and hour; its cost", ("plan.csv",), plan_views),
    Section("Required and scheduled agents", ("coverage.csv",), coverage),
    Section("Agents needed", ("skill_requirements.csv",), requirement),
]
