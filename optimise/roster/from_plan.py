"""Rostering a plan: the shifts of `staffsim plan` as cover, named agents as staff.

Each distinct shift of the plan (type, start, end, breaks) becomes a shift kind; the plan's
agents per group, day and shift become the cover to meet (a shortfall is priced far above any
wish, so it happens only when the agents cannot do otherwise, and is then reported). Labour
rules: one shift a day, at least 11 hours' rest between shifts, at most 6 days in a row,
contract hours as a weekly maximum (and optional minimum), unavailable days; shifts an agent
does not prefer cost 1 each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.names import RosterMethod
from optimise.roster.explain import explain_shortfall
from optimise.roster.instance import Contract, Cover, Request, RosterInstance, ShiftKind
from optimise.roster.model import Roster, default_solver, solve_roster
from optimise.roster.plan_files import (
    Agent,
    agents_from_frame,
    plan_from_frame,
    read_agents,
    read_plan,
)
from optimise.roster.toured import plan_period, tour_roster
from optimise.roster.tours import Kind
from optimise.solver import Deadline, Progress, SolverName
from scenarios import InfeasiblePlan, InputError, Scenario, load_scenario
from scenarios.calendar import MINUTES_PER_DAY, parse_clock, parse_days

MIN_REST_MINUTES = 11 * 60
MAX_DAYS_IN_A_ROW = 6
SHORT_WEIGHT = 10_000


def shift_label(shift_type: str, start: str, end: str, breaks: object) -> str:
    """Return the name a plan's shift goes by in a roster: type, times and breaks."""
    placed = f" [{breaks}]" if isinstance(breaks, str) and breaks else ""
    return f"{shift_type} {start}-{end}{placed}"


def _days_off(agent: Agent, start: pd.Timestamp, days: int) -> frozenset[int]:
    """Return the days of the roster an agent cannot work: each date given (dates outside
    the roster do not concern it) and every day of each weekday given."""
    off = set()
    for item in agent.unavailable:
        if item[:1].isdigit():
            off.add((dt.date.fromisoformat(item) - start.date()).days)
        else:
            weekdays = set(parse_days(item))
            off.update(d for d in range(days) if (start.weekday() + d) % 7 in weekdays)
    return frozenset(d for d in off if 0 <= d < days)


def plan_kinds(plan: pd.DataFrame) -> dict[str, Kind]:
    """Return the plan's shifts as agents work them, by label (type and times): break
    placements of one shift are one kind, placed after the roster is made."""
    kinds: dict[str, Kind] = {}
    for row in plan.itertuples():
        name = shift_label(row.shift_type, row.start, row.end, "")
        if name in kinds:
            continue
        begin = parse_clock(row.start)
        end = parse_clock(row.end, allow_end_of_day=True)
        length = (end - begin) % MINUTES_PER_DAY or MINUTES_PER_DAY
        paid = round(row.paid_hours * 60) if hasattr(row, "paid_hours") else length
        kinds[name] = Kind(name, row.shift_type, begin, begin + length, paid, row.start)
    return kinds


def plan_instance(
    plan: pd.DataFrame, agents: list[Agent], start: pd.Timestamp, weeks: int = 1
) -> tuple[RosterInstance, dict[str, Kind]]:
    """Return the rostering problem of covering a plan with agents, and each kind's details.

    Agents may work only their group's kinds; every day and kind of a group has a cover row
    (none wanted where the plan has none), so a shift beyond the plan costs its over-cover.
    """
    kinds = plan_kinds(plan)
    plan = plan.assign(
        kind=[shift_label(r.shift_type, r.start, r.end, "") for r in plan.itertuples()]
    )
    period = plan_period(plan, start)
    days = period * weeks
    shifts = {}
    for name, kind in kinds.items():
        blocked = frozenset(
            other.name
            for other in kinds.values()
            if other.begin + MINUTES_PER_DAY - kind.finish < MIN_REST_MINUTES
        )
        shifts[name] = ShiftKind(name, kind.paid, blocked)
    wanted: dict[tuple[int, str, str], int] = defaultdict(int)  # rows of one shift add up
    group_kinds: dict[str, set[str]] = defaultdict(set)
    for row in plan.itertuples():
        offset = int((pd.Timestamp(row.day) - start).days)
        group_kinds[row.group].add(row.kind)
        for week in range(weeks):
            wanted[offset + week * period, row.kind, row.group] += int(row.agents)
    cover = [
        Cover(d, kind, wanted.get((d, kind, group), 0), SHORT_WEIGHT, 1, group)
        for group, names in sorted(group_kinds.items())
        for d in range(days)
        for kind in sorted(names)
    ]
    staff: dict[str, Contract] = {}
    days_off: dict[str, frozenset[int]] = {}
    off_requests: list[Request] = []
    groups: dict[str, str] = {}
    for agent in agents:
        scale = days / 7
        staff[agent.id] = Contract(
            max_shifts={name: days for name in shifts},
            max_minutes=int(agent.max_hours * 60 * scale),
            min_minutes=int(agent.min_hours * 60 * scale),
            max_consecutive=MAX_DAYS_IN_A_ROW,
            min_consecutive=1,
            min_days_off=1,
            max_weekends=days,
            week_minutes=int(agent.max_hours * 60),
        )
        groups[agent.id] = agent.group
        days_off[agent.id] = _days_off(agent, start, days)
        if agent.preferred:
            for name in sorted(group_kinds.get(agent.group, ())):
                kind = kinds[name]
                if kind.shift_type not in agent.preferred and kind.start not in agent.preferred:
                    off_requests.extend(Request(agent.id, d, name, 1) for d in range(days))
    instance = RosterInstance(
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=days_off,
        on_requests=(),
        off_requests=tuple(off_requests),
        cover=tuple(cover),
        groups=groups,
        group_shifts={a.group: tuple(sorted(group_kinds.get(a.group, ()))) for a in agents},
    )
    return instance, kinds


@dataclass(frozen=True)
class PlanRoster:
    """A plan's roster: the solve's result, the problem it solved, the plan and its first day."""

    roster: Roster
    instance: RosterInstance
    plan: pd.DataFrame
    start: pd.Timestamp
    scenario: Scenario


def _plan_folder(folder: Path) -> Path:
    """Return a plan folder, checked to hold what `staffsim plan` writes."""
    wanted = "give the folder `staffsim plan` wrote (it holds plan.csv and scenario.yaml)"
    if not folder.exists():
        raise InputError(f"no such folder: {wanted}", file=str(folder))
    if not folder.is_dir():
        raise InputError(f"is a file, not a plan folder: {wanted}", file=str(folder))
    for name in ("plan.csv", "scenario.yaml"):
        if not (folder / name).is_file():
            raise InputError(f"holds no {name}: {wanted}", file=str(folder))
    return folder


def roster_plan(
    plan_dir: Path,
    agents_csv: Path,
    *,
    weeks: int = 1,
    solver: SolverName | None = None,
    time_limit: float | Deadline = 60.0,
    method: RosterMethod | str = RosterMethod.auto,
    progress: Progress | None = None,
) -> PlanRoster:
    """Return named agents put on the shifts of a plan folder (plan.csv and scenario.yaml)
    for `weeks` repeats of its week; `time_limit` is seconds from now or the command's Deadline.

    With a weekly tour rule each agent works one of the plan's tours each week (see
    `optimise.roster.tours`); without one, or when the agents cannot take the plan's tours,
    the roster is searched for as a benchmark instance is (by `method`); `progress` as
    `solve_roster` takes it. Raises InfeasiblePlan, saying which days and shifts fall short
    and what held each group back, when the agents cannot cover the plan.
    """
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    folder = _plan_folder(Path(plan_dir).expanduser())
    scenario = load_scenario(folder / "scenario.yaml")
    plan = read_plan(folder / "plan.csv", scenario)
    agents = read_agents(agents_csv, scenario)
    return roster_of_plan(
        scenario,
        plan,
        agents,
        weeks=weeks,
        solver=solver,
        time_limit=deadline,
        method=method,
        progress=progress,
    )


def roster_of_plan(
    scenario: Scenario,
    plan: Any,
    agents: pd.DataFrame | Sequence[Agent],
    *,
    weeks: int = 1,
    solver: SolverName | None = None,
    time_limit: float | Deadline = 60.0,
    method: RosterMethod | str = RosterMethod.auto,
    progress: Progress | None = None,
) -> PlanRoster:
    """Return named agents put on the shifts of a plan in memory (a Plan, or a table with
    plan.csv's columns) for `weeks` repeats of its week, as `roster_plan` does for a plan
    folder; `agents` is a table with the agents file's columns, or Agents already read."""
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    shifts = plan.shifts if hasattr(plan, "shifts") else plan
    plan = plan_from_frame(shifts, scenario)
    if isinstance(agents, pd.DataFrame):
        agents = agents_from_frame(agents, scenario)
    agents = list(agents)
    start = pd.Timestamp(scenario.horizon.start)
    instance, kinds = plan_instance(plan, agents, start, weeks)
    solver = default_solver() if solver is None else SolverName(solver)
    rule = scenario.shifts.week if scenario.shifts is not None else None
    toured = None
    if rule is not None:
        toured = tour_roster(plan, agents, instance, kinds, start, rule, solver, deadline, progress)
    if toured is not None:
        instance, roster = toured
    else:
        roster = solve_roster(
            instance, solver=solver, time_limit=deadline, method=method, progress=progress
        )
    if len(roster.shortfall):
        raise InfeasiblePlan(
            explain_shortfall(roster.shortfall, instance, start, roster.assignments)
        )
    roster = replace(roster, assignments=place_breaks(roster.assignments, plan, start, instance))
    return PlanRoster(roster, instance, plan, start, scenario)


def place_breaks(
    assignments: pd.DataFrame, plan: pd.DataFrame, start: pd.Timestamp, instance: RosterInstance
) -> pd.DataFrame:
    """Return the assignments with each shift's breaks: the plan's placements of that day,
    kind and group handed to its agents in order (a shift beyond the plan takes the first
    placement the plan gives that kind)."""
    period = plan_period(plan, start)
    placements: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    first: dict[tuple[str, str], str] = {}
    for row in plan.sort_values(["day", "breaks"]).itertuples():
        kind = shift_label(row.shift_type, row.start, row.end, "")
        offset = int((pd.Timestamp(row.day) - start).days)
        written = row.breaks if isinstance(row.breaks, str) else ""
        placements[offset, kind, row.group].extend([written] * int(row.agents))
        first.setdefault((kind, row.group), written)
    taken: dict[tuple[int, str, str], int] = defaultdict(int)
    placed: dict[Any, str] = {}
    for row in assignments.sort_values(["day", "shift", "employee"]).itertuples():
        group = instance.groups[row.employee]
        key = (int(row.day) % period, row.shift, group)
        k = taken[int(row.day), row.shift, group]
        taken[int(row.day), row.shift, group] += 1
        given = placements.get(key, [])
        placed[row.Index] = given[k] if k < len(given) else first.get((row.shift, group), "")
    column = pd.Series(placed, dtype=object).reindex(assignments.index).fillna("")
    return assignments.assign(breaks=column)
