"""Rostering a plan: the shifts of `staffsim plan` as cover, named agents as staff.

Each distinct shift of the plan (type, start, end, breaks) becomes a shift kind; the plan's
agents per group, day and shift become the cover to meet (a shortfall is priced far above any
wish, so it happens only when the agents cannot do otherwise, and is then reported). Labour
rules: one shift a day, at least 11 hours' rest between shifts, at most 6 days in a row,
contract hours as a weekly maximum (and optional minimum), unavailable days; shifts an agent
does not prefer cost 1 each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimise.roster.explain import explain_shortfall
from optimise.roster.instance import Contract, Cover, Request, RosterInstance, ShiftKind
from optimise.roster.model import Roster, solve_roster
from optimise.solver import SolverName
from scenarios import InfeasiblePlan, Scenario, ScenarioError, load_scenario
from scenarios.calendar import MINUTES_PER_DAY, parse_clock, parse_days
from scenarios.tables import read_csv

MIN_REST_MINUTES = 11 * 60
MAX_DAYS_IN_A_ROW = 6
SHORT_WEIGHT = 10_000


@dataclass(frozen=True)
class Agent:
    """A named agent: group, weekly contract hours, days they cannot work, preferred shifts."""

    id: str
    group: str
    max_hours: float
    min_hours: float
    unavailable: tuple[str, ...]
    preferred: tuple[str, ...]


def read_agents(path: str | Path, scenario: Scenario) -> list[Agent]:
    """Return the agents of a CSV (id, group, contract_hours[, skills, min_hours, unavailable,
    preferred]) after checking them against the scenario's groups and skills."""
    file = Path(path).expanduser().resolve()
    try:
        frame = read_csv(file, ("id", "group", "contract_hours")).astype(object).fillna("")
        agents = []
        seen = set()
        for number, row in enumerate(frame.to_dict("records"), start=2):
            where = f"CSV {file} row {number}"
            agent_id = str(row["id"]).strip()
            if not agent_id or agent_id in seen:
                raise ValueError(f"{where}: id {agent_id!r} is empty or given twice")
            seen.add(agent_id)
            group = str(row["group"]).strip()
            if group not in scenario.agent_groups:
                raise ValueError(
                    f"{where}: unknown group {group!r}; groups are "
                    f"{', '.join(scenario.agent_groups)}"
                )
            hours = []
            for column in ("contract_hours", "min_hours"):
                text = str(row.get(column, "") or "0")
                try:
                    value = float(text)
                except ValueError:
                    raise ValueError(f"{where}: {column} must be a number, got {text!r}") from None
                if not 0 <= value <= 168:
                    raise ValueError(f"{where}: {column} must be between 0 and 168, got {text}")
                hours.append(value)
            if hours[1] > hours[0]:
                raise ValueError(f"{where}: min_hours {hours[1]:g} above contract_hours")
            skills = str(row.get("skills", "")).replace(";", " ").split()
            unknown = sorted(set(skills) - set(scenario.skills))
            if unknown:
                raise ValueError(
                    f"{where}: unknown skill(s) {', '.join(unknown)}; the scenario's skills are "
                    f"{', '.join(scenario.skills)}"
                )
            unavailable = tuple(
                p for p in str(row.get("unavailable", "")).replace(";", " ").split()
            )
            for item in unavailable:
                try:
                    pd.Timestamp(item) if item[:1].isdigit() else parse_days(item)
                except ValueError:
                    raise ValueError(
                        f"{where}: unavailable {item!r} is neither a date nor a weekday"
                    ) from None
            preferred = tuple(str(row.get("preferred", "")).replace(";", " ").split())
            agents.append(Agent(agent_id, group, hours[0], hours[1], unavailable, preferred))
    except ValueError as exc:
        raise ScenarioError(str(exc), file=str(path)) from None
    return agents


def read_plan(path: Path) -> pd.DataFrame:
    """Return the shifts of a plan.csv written by `staffsim plan`."""
    try:
        return read_csv(Path(path), ("group", "day", "shift_type", "start", "end", "agents"))
    except ValueError as exc:
        raise ScenarioError(str(exc), file=str(path)) from None


def shift_label(shift_type: str, start: str, end: str, breaks: object) -> str:
    """Return the name a plan's shift goes by in a roster: type, times and breaks."""
    placed = f" [{breaks}]" if isinstance(breaks, str) and breaks else ""
    return f"{shift_type} {start}-{end}{placed}"


def _label(row: Any) -> str:
    return shift_label(row.shift_type, row.start, row.end, row.breaks)


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
    cover = []
    for row in plan.itertuples():
        offset = int((pd.Timestamp(row.day) - start).days)
        for week in range(weeks):
            cover.append(
                Cover(offset + week * period, row.kind, int(row.agents), SHORT_WEIGHT, 1, row.group)
            )
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
        off = set()
        for item in agent.unavailable:
            if item[:1].isdigit():
                day = int((pd.Timestamp(item) - start).days)
                off.update(day + week * period for week in range(weeks) if 0 <= day < period)
            else:
                weekdays = set(parse_days(item))
                off.update(d for d in range(days) if (start.weekday() + d) % 7 in weekdays)
        days_off[agent.id] = frozenset(off)
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


def roster_plan(
    plan_dir: Path,
    agents_csv: Path,
    *,
    weeks: int = 1,
    solver: SolverName = SolverName.cbc,
    time_limit: float = 60.0,
) -> PlanRoster:
    """Return named agents put on the shifts of a plan folder (plan.csv and scenario.yaml)
    for `weeks` repeats of its week.

    Raises InfeasiblePlan, saying which days and shifts fall short and what held each group
    back, when the agents cannot cover the plan.
    """
    folder = Path(plan_dir)
    scenario = load_scenario(folder / "scenario.yaml")
    plan = read_plan(folder / "plan.csv")
    start = pd.Timestamp(scenario.horizon.start)
    instance, _ = plan_instance(plan, read_agents(agents_csv, scenario), start, weeks)
    roster = solve_roster(instance, solver=solver, time_limit=time_limit)
    if len(roster.shortfall):
        raise InfeasiblePlan(
            explain_shortfall(roster.shortfall, instance, start, roster.assignments)
        )
    return PlanRoster(roster, instance, plan, start, scenario)
