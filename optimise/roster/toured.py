"""A plan's roster along its weekly tours: tours read back, handed out, days matched, improved.

See `optimise.roster.tours` for the steps. Each agent's days outside their tours become days
off of the rostering problem, so the improvement that follows (when the matching leaves any
cost: a preference unmet, a shift short) keeps the tours too.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

import pandas as pd

from optimise.deadline import Deadline
from optimise.roster.instance import RosterInstance
from optimise.roster.model import Roster, roster_of
from optimise.roster.plan_files import Agent
from optimise.roster.progress import Tracker
from optimise.roster.search import cost, improve
from optimise.roster.tours import IDLE, Kind, hand_out, match_days, weekly_tours
from optimise.schedule.model import tours
from optimise.solver import Progress, Solution, SolverName, Status
from scenarios.shift_rules import WeekRule


def plan_period(plan: pd.DataFrame, start: pd.Timestamp) -> int:
    """Return the days of the plan's period: its days rounded up to whole weeks."""
    days_in_plan = int((pd.to_datetime(plan["day"]).max() - start).days) + 1
    return max(7, -(-days_in_plan // 7) * 7)


def _weekday_counts(
    instance: RosterInstance, start: pd.Timestamp, period: int
) -> dict[str, list[list[int]]]:
    """Return, per group and week of the plan's period, the shifts wanted per weekday."""
    counts: dict[str, list[list[int]]] = defaultdict(lambda: [[0] * 7 for _ in range(period // 7)])
    for c in instance.cover:
        if c.day < period and c.group is not None:
            counts[c.group][c.day // 7][(start.weekday() + c.day) % 7] += c.required
    return dict(counts)


def tour_roster(
    plan: pd.DataFrame,
    agents: list[Agent],
    instance: RosterInstance,
    kinds: dict[str, Kind],
    start: pd.Timestamp,
    rule: WeekRule,
    solver: SolverName,
    deadline: Deadline,
    progress: Progress | None = None,
) -> tuple[RosterInstance, Roster] | None:
    """Return the problem with tours as days off and its roster (short where a group has
    fewer agents than tours); None when the plan's shifts are not made of tours. `progress`
    hears of each better roster, as `solve_roster` tells it."""
    started = time.monotonic()
    tracker = Tracker(progress, started)
    period = plan_period(plan, start)
    week = tours(rule)
    members: dict[str, list[str]] = defaultdict(list)
    for agent in agents:
        members[agent.group].append(agent.id)
    handed: dict[str, list[int]] = {}  # agent -> tour per roster week
    too_few = False
    for group, blocks in _weekday_counts(instance, start, period).items():
        per_block = []
        for counts in blocks:
            found = weekly_tours(counts, rule, solver)
            if found is None:
                return None
            per_block.append(found)
        # fewer agents than tours: the week's shifts exceed what the agents may work under
        # the week rule, whatever tours they take; the tours left over stay short (exit 3)
        too_few = too_few or max(sum(y) for y in per_block) > len(members[group])
        per_week = [per_block[w % len(per_block)] for w in range(instance.days // 7)]
        off = {e: instance.days_off.get(e, frozenset()) for e in members[group]}
        plans = hand_out(members[group], per_week, rule, off, start.weekday())
        handed.update(zip(members[group], plans, strict=True))
    working: dict[int, list[str]] = defaultdict(list)
    everyday = frozenset(range(instance.days))
    days_off = {e: everyday for e in instance.staff}  # an agent of no planned group: all off
    for employee, weekly in handed.items():
        on = {
            d
            for d in range(instance.days)
            if weekly[d // 7] != IDLE and (start.weekday() + d) % 7 in week[weekly[d // 7]]
        }
        days_off[employee] = (everyday - on) | instance.days_off.get(employee, frozenset())
        for d in sorted(on - instance.days_off.get(employee, frozenset())):
            working[d].append(employee)
    schedules = _match(instance, kinds, agents, working)
    toured = replace(instance, days_off=days_off)
    value = cost(toured, schedules)
    tracker.note(value)
    proven = value == 0  # no penalty is negative
    if not proven and not too_few and deadline.remaining() > 1.0:
        search = improve(toured, schedules, solver, deadline, tracker=tracker)
        schedules, value, proven = search.schedules, search.cost, search.proven
    tracker.final(float(value), float(value) if proven else 0.0)
    solution = Solution(
        Status.optimal if proven else Status.feasible,
        float(value),
        0.0 if not proven else float(value),
        0.0 if proven else 1.0,
        time.monotonic() - started,
        solver.value,
        not proven,
    )
    return toured, roster_of(toured, schedules, solution)


def _match(
    instance: RosterInstance,
    kinds: dict[str, Kind],
    agents: list[Agent],
    working: dict[int, list[str]],
) -> dict[str, dict[int, str]]:
    """Return each agent's shift per day, matched group by group."""
    needs: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for c in instance.cover:
        if c.required and c.group is not None:
            needs[c.group][c.day][c.shift] = c.required
    schedules: dict[str, dict[int, str]] = {a.id: {} for a in agents}
    week_minutes = {
        a.id: instance.staff[a.id].week_minutes or instance.staff[a.id].max_minutes for a in agents
    }
    preferred = {a.id: frozenset(a.preferred) for a in agents}
    for group, by_day in needs.items():
        mine = {
            d: [e for e in people if instance.groups[e] == group] for d, people in working.items()
        }
        found = match_days(mine, by_day, kinds, week_minutes, preferred, instance.days)
        schedules.update(found)
    return schedules
