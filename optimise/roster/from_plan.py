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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.roster.explain import explain_shortfall
from optimise.roster.instance import Contract, Cover, Request, RosterInstance, ShiftKind
from optimise.roster.model import Roster, solve_roster
from optimise.roster.plan_files import Agent, read_agents, read_plan
from optimise.solver import Deadline, SolverName
from scenarios import InfeasiblePlan, InputError, Scenario, load_scenario
from scenarios.calendar import MINUTES_PER_DAY, parse_clock, parse_days

MIN_REST_MINUTES = 11 * 60
MAX_DAYS_IN_A_ROW = 6
SHORT_WEIGHT = 10_000


def shift_label(shift_type: str, start: str, end: str, breaks: object) -> str:
    """Return the name a plan's shift goes by in a roster: type, times and breaks."""
    placed = f" [{breaks}]" if isinstance(breaks, str) and breaks else ""
    return f"{shift_type} {start}-{end}{placed}"


def _label(row: Any) -> str:
    return shift_label(row.shift_type, row.start, row.end, row.breaks)


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


def plan_instance(
    plan: pd.DataFrame, agents: list[Agent], start: pd.Timestamp, weeks: int = 1
) -> tuple[RosterInstance, dict[str, pd.Series]]:
    """Return the rostering problem of covering a plan with agents, and each kind's details."""
    plan = plan.assign(kind=[_label(r) for r in plan.itertuples()])
    days_in_plan = int((pd.to_datetime(plan["day"]).max() - start).days) + 1
    period = max(7, -(-days_in_plan // 7) * 7)
    days = period * weeks
    details = {r.kind: r for r in plan.drop_duplicates("kind").itertuples()}
    kinds = {}
    for name, row in details.items():
        begin = parse_clock(row.start)
        end = parse_clock(row.end, allow_end_of_day=True)
        length = (end - begin) % MINUTES_PER_DAY or MINUTES_PER_DAY
        kinds[name] = (
            begin,
            begin + length,
            round(row.paid_hours * 60) if hasattr(row, "paid_hours") else length,
        )
    shifts = {}
    for name, (_, finish, paid) in kinds.items():
        blocked = frozenset(
            other
            for other, (b, _, _) in kinds.items()
            if b + MINUTES_PER_DAY - finish < MIN_REST_MINUTES
        )
        shifts[name] = ShiftKind(name, paid, blocked)
    wanted: dict[tuple[int, str, str], int] = defaultdict(int)  # rows of one shift add up
    for row in plan.itertuples():
        offset = int((pd.Timestamp(row.day) - start).days)
        for week in range(weeks):
            wanted[offset + week * period, row.kind, row.group] += int(row.agents)
    cover = [Cover(d, kind, n, SHORT_WEIGHT, 1, group) for (d, kind, group), n in wanted.items()]
    staff, days_off, off_requests, groups = {}, {}, [], {}
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
        )
        groups[agent.id] = agent.group
        days_off[agent.id] = _days_off(agent, start, days)
        if agent.preferred:
            for name, row in details.items():
                if row.shift_type not in agent.preferred and row.start not in agent.preferred:
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
    )
    return instance, details


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
    solver: SolverName = SolverName.cbc,
    time_limit: float | Deadline = 60.0,
) -> PlanRoster:
    """Return named agents put on the shifts of a plan folder (plan.csv and scenario.yaml)
    for `weeks` repeats of its week; `time_limit` is seconds from now or the command's Deadline.

    Raises InfeasiblePlan, saying which days and shifts fall short and what held each group
    back, when the agents cannot cover the plan.
    """
    folder = _plan_folder(Path(plan_dir).expanduser())
    scenario = load_scenario(folder / "scenario.yaml")
    plan = read_plan(folder / "plan.csv", scenario)
    start = pd.Timestamp(scenario.horizon.start)
    instance, _ = plan_instance(plan, read_agents(agents_csv, scenario), start, weeks)
    roster = solve_roster(instance, solver=solver, time_limit=time_limit)
    if len(roster.shortfall):
        raise InfeasiblePlan(
            explain_shortfall(roster.shortfall, instance, start, roster.assignments)
        )
    return PlanRoster(roster, instance, plan, start, scenario)
