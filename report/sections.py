"""The report's sections: each draws one view of a run from the tables it needs.

A section applies to every run folder holding its tables, so a new kind of run (stress,
contingency) gets its views by adding a function (in a *_views module) and one `SECTIONS` entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from report.contingency_views import contingency_breach, contingency_levers
from report.plan_views import (
    coverage,
    iterations,
    plan_overview,
    plan_views,
    requirement,
)
from report.roster_views import roster_gantt, roster_hours
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
    """A titled view, drawn for each run that holds every table in `needs` (and, in the first of
    them, every column in `columns`: two kinds of run may write a table of the same name)."""

    title: str
    needs: tuple[str, ...]
    draw: Callable[[Run], str]
    columns: tuple[str, ...] = ()

    def applies(self, run: Run) -> bool:
        """Return whether the run holds what the section draws."""
        return run.has(*self.needs) and run.has_columns(self.needs[0], *self.columns)


SECTIONS: list[Section] = [
    Section("Cost and service", ("frontier.csv",), frontier),
    Section(
        "Contingency: the levers chosen, their use and cost",
        ("levers.csv", "breach.csv"),
        contingency_levers,
    ),
    Section(
        "Contingency: the chance of missing each target, before and after the levers",
        ("breach.csv",),
        contingency_breach,
        ("p_breach_before", "p_breach_after"),
    ),
    Section(
        "Stress test: the chance of missing each target",
        ("breach.csv",),
        stress,
        ("period", "p_breach", "ci95_low", "ci95_high"),
    ),
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
    Section("The roster: who works when", ("roster.csv",), roster_gantt),
    Section("Hours per agent and fairness", ("hours.csv",), roster_hours),
]
