"""The shift-plan integer program that cover and budget modes share.

Variables: x[g, d, p] agents of group g working pattern p on day d (integer); z[g, s, i] of
those on duty in interval i put on skill s (continuous: a group may split its agents between
skills within an interval); with a weekly tour rule, y[g, t] agents of g on tour t (integer),
each working its tour's days. Cover mode minimises paid cost subject to covering every
interval's requirement per skill; a shortfall variable, priced far above any agent, turns an
impossible cover into a report of what cannot be covered instead of a bare "infeasible".
Budget mode maximises the contacts answered within target, using each skill's concave curve of
answered-within-target against agents (see `optimise.queueing.curves`), subject to the budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pulp

from optimise.schedule.availability import Presence
from optimise.schedule.patterns import Pattern, shift_patterns
from scenarios import Scenario, ScenarioError
from scenarios.calendar import MINUTES_PER_DAY, format_clock
from scenarios.groups import AgentGroup
from scenarios.shift_rules import WeekRule


def tours(rule: WeekRule) -> list[tuple[int, ...]]:
    """Return every weekly tour (weekdays worked, Monday = 0) the rule allows."""
    result: list[tuple[int, ...]] = []
    for days in itertools.combinations(range(7), rule.days_on):
        off = [d for d in range(7) if d not in days]
        if rule.consecutive_days_off and not _has_run(off, rule.consecutive_days_off):
            continue
        result.append(days)
    return result


def _has_run(days_off: list[int], length: int) -> bool:
    """Return whether the days off hold a run of `length` consecutive days (the week wraps)."""
    off = set(days_off)
    return any(all((start + k) % 7 in off for k in range(length)) for start in range(7))


class ShiftModel:
    """The integer program for one scenario and requirement, before and after solving."""

    def __init__(self, scenario: Scenario, required: pd.DataFrame, sense: int) -> None:
        if scenario.shifts is None:
            raise ScenarioError(
                "the scenario has no shift rules: add a `shifts:` section (types, breaks, "
                "week) to plan shifts",
                path="shifts",
            )
        self.scenario = scenario
        self.rules = scenario.shifts
        horizon = scenario.horizon
        self.step = horizon.interval_minutes
        self.starts = horizon.interval_starts()
        self.n = horizon.n_intervals
        self.per_day = horizon.intervals_per_day
        self.skills = list(dict.fromkeys(required["skill"]))
        table = required.pivot_table(
            index="interval_start", columns="skill", values="agents", aggfunc="sum"
        )
        table = table.reindex(index=self.starts, columns=self.skills).fillna(0.0)
        self.required = table.to_numpy().T  # skills x intervals
        self.problem = pulp.LpProblem("shift_plan", sense)
        self.groups = list(scenario.agent_groups)
        self.x: dict[tuple[str, int, int], pulp.LpVariable] = {}
        self.y: dict[str, list[pulp.LpVariable]] = {}  # per group, one per weekly tour
        self.integer_rules: list[pulp.LpConstraint] = []  # tours and headcounts
        self.span: dict[tuple[str, int, int], np.ndarray] = {}  # intervals each x is on duty
        self.present: dict[tuple[str, int, int], np.ndarray] = {}  # share of x there, per span
        self.z: dict[tuple[str, str, int], pulp.LpVariable] = {}
        self._by_group: dict[tuple[str, int], list[pulp.LpVariable]] = {}
        self._by_skill: dict[tuple[str, int], list[pulp.LpVariable]] = {}
        self.patterns: list[Pattern] = shift_patterns(self.rules.types, self.step)
        self.cost_terms: list[tuple[float, pulp.LpVariable]] = []
        self.weekday = horizon.weekdays().tolist()
        self._build_shifts()

    # -- variables and the constraints every mode shares -------------------------------------

    def _useful_shifts(
        self, need: np.ndarray, allowed: tuple[str, ...], covers: list[np.ndarray]
    ) -> Iterator[tuple[int, int, np.ndarray]]:
        """Yield (day, pattern index, intervals on duty) of each allowed shift that covers some
        requirement: a shift that covers none is never worth buying."""
        for day in range(self.scenario.horizon.days):
            offset = day * self.per_day
            for index, (pattern, cover) in enumerate(zip(self.patterns, covers, strict=True)):
                if pattern.shift_type not in allowed:
                    continue
                span = np.flatnonzero(cover) + offset
                span = span[span < self.n]
                if len(span) and need[span].sum() > 0:
                    yield day, index, span

    def _build_shifts(self) -> None:
        scenario, step = self.scenario, self.step
        covers = [p.cover(step) for p in self.patterns]
        on_duty: dict[tuple[str, int], list[tuple[pulp.LpVariable, float]]] = {}
        presence = Presence(scenario)
        # names are built from indexes only: user-given names never reach the solver
        for g, (group, spec) in enumerate(scenario.agent_groups.items()):
            allowed = spec.shift_types or tuple(self.rules.types)
            skills = [self.skills.index(s) for s in spec.skills if s in self.skills]
            if not skills:
                continue
            need = self.required[skills].max(axis=0)
            for day, index, span in self._useful_shifts(need, allowed, covers):
                var = self.problem.add_variable(f"x_{g}_{day}_{index}", lowBound=0, cat="Integer")
                self.x[group, day, index] = var
                self.span[group, day, index] = span
                login = day * MINUTES_PER_DAY + self.patterns[index].start
                self.present[group, day, index] = shares = presence.shares(group, login, span)
                cost = spec.cost_per_hour * self.patterns[index].paid_minutes / 60.0
                self.cost_terms.append((cost, var))
                for k, share in zip(span.tolist(), shares.tolist(), strict=True):
                    if share > 0:
                        on_duty.setdefault((group, k), []).append((var, share))
            for skill in skills:
                for needed in np.flatnonzero(self.required[skill] > 0):
                    i = int(needed)
                    if (group, i) in on_duty:
                        var = self.problem.add_variable(f"z_{g}_{skill}_{i}", 0)
                        self.z[group, self.skills[skill], i] = var
                        self._by_group.setdefault((group, i), []).append(var)
                        self._by_skill.setdefault((self.skills[skill], i), []).append(var)
        for (group, i), duty in on_duty.items():
            split = self._by_group.get((group, i))
            if split:
                label = f"duty_{self.groups.index(group)}_{i}"
                # split - present <= 0, built as one expression: PuLP's `<=` copies both sides
                terms = [(var, 1.0) for var in split] + [(var, -share) for var, share in duty]
                expression = pulp.LpAffineExpression(terms)
                self.problem += pulp.LpConstraint(expression, pulp.LpConstraintLE, label, 0.0)
        self._build_week()

    def _build_week(self) -> None:
        scenario = self.scenario
        days = scenario.horizon.days
        by_day: dict[tuple[str, int], list[pulp.LpVariable]] = {}
        for (group, day, _), var in self.x.items():
            by_day.setdefault((group, day), []).append(var)
        for g, (group, spec) in enumerate(scenario.agent_groups.items()):
            per_day = [pulp.lpSum(by_day.get((group, day), [])) for day in range(days)]
            if self.rules.week is not None:
                week = tours(self.rules.week)
                y = [
                    self.problem.add_variable(f"y_{g}_{t}", 0, cat="Integer")
                    for t in range(len(week))
                ]
                self.y[group] = y
                for day in range(days):
                    working = [y[t] for t, on in enumerate(week) if self.weekday[day] in on]
                    self._rule(per_day[day] == pulp.lpSum(working), f"tour_{g}_{day}")
                headcount = pulp.lpSum(y)
                self._headcount(g, spec, [headcount])
            else:
                self._headcount(g, spec, per_day)

    def _headcount(self, g: int, spec: AgentGroup, counts: list) -> None:
        for k, count in enumerate(counts):
            if spec.max_agents is not None:
                self._rule(count <= spec.max_agents, f"max_agents_{g}_{k}")
            if spec.min_agents is not None:
                self._rule(count >= spec.min_agents, f"min_agents_{g}_{k}")

    def _rule(self, constraint: pulp.LpConstraint, name: str) -> None:
        self.problem += constraint, name
        self.integer_rules.append(constraint)

    def covered(self, skill: str, i: int) -> pulp.LpAffineExpression:
        """Return the agents put on a skill in an interval."""
        return pulp.lpSum(self._by_skill.get((skill, i), []))

    @property
    def cost(self) -> pulp.LpAffineExpression:
        """Return the plan's paid cost."""
        return pulp.LpAffineExpression([(var, cost) for cost, var in self.cost_terms])

    # -- after the solve ---------------------------------------------------------------------

    def shift_table(self) -> pd.DataFrame:
        """Return the chosen shifts, one row per group, day and pattern."""
        rows = []
        start = pd.Timestamp(self.scenario.horizon.start)
        for (group, day, index), var in self.x.items():
            agents = round(var.value() or 0)
            if not agents:
                continue
            pattern = self.patterns[index]
            end = pattern.end % MINUTES_PER_DAY
            rows.append(
                {
                    "group": group,
                    "day": (start + pd.Timedelta(days=day)).date().isoformat(),
                    "shift_type": pattern.shift_type,
                    "start": format_clock(pattern.start),
                    "end": "24:00" if end == 0 and pattern.end else format_clock(end),
                    "breaks": pattern.describe_breaks(),
                    "agents": agents,
                    "paid_hours": pattern.paid_minutes / 60.0,
                    "cost": agents
                    * self.scenario.agent_groups[group].cost_per_hour
                    * pattern.paid_minutes
                    / 60.0,
                }
            )
        columns = [
            "group",
            "day",
            "shift_type",
            "start",
            "end",
            "breaks",
            "agents",
            "paid_hours",
            "cost",
        ]
        return pd.DataFrame(rows, columns=columns).sort_values(
            ["day", "group", "start"], ignore_index=True
        )

    def coverage_table(self) -> pd.DataFrame:
        """Return required and scheduled agents per interval and skill."""
        scheduled = np.zeros_like(self.required)
        for (_, skill, i), var in self.z.items():
            scheduled[self.skills.index(skill), i] += var.value() or 0.0
        return pd.DataFrame(
            {
                "interval_start": np.tile(self.starts, len(self.skills)),
                "skill": np.repeat(self.skills, self.n),
                "required": self.required.reshape(-1),
                "scheduled": np.round(scheduled.reshape(-1), 6),
            }
        )

    def size(self) -> dict[str, int]:
        """Return the model's size: patterns, variables, constraints."""
        return {
            "patterns": len(self.patterns),
            "variables": len(self.problem.variables()),
            "constraints": self.problem.numConstraints(),
        }
