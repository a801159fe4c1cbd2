"""Rosters of plans made with a weekly tour rule: the plan's tours handed to agents, week by week.

A plan with a `week` rule bought, per group, a number of agents on each weekly tour (days on,
days off consecutive); plan.csv keeps only the shifts per day, whose counts are the tours
working each day. The tours are read back from those counts (a tiny integer program per group
and week), handed to agents for every week of the roster (a small integer program that spreads
weekends and days worked evenly, and never puts more than 6 days in a row across the change of
week), and each day's shifts are then matched to the agents whose tour works that day: the same
start as the day before where possible, 11 hours' rest always, weekly contract hours kept, and
evening shifts spread. No integer program here grows with the number of shifts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pulp
from scipy.optimize import linear_sum_assignment

from optimise.deadline import Deadline
from optimise.roster.milp import Schedules
from optimise.schedule.model import tours
from optimise.solver import SolverName, Status, solve
from scenarios.shift_rules import WeekRule

MAX_DAYS_IN_A_ROW = 6
IDLE = -1  # an agent without a tour in a week (more agents than the plan's tours)
BLOCKED = 1e6  # cost of a pairing a rule forbids: chosen only when nothing else is left
EVENING_START = 17 * 60  # a shift ending after this clock time (or past midnight) is an evening


@dataclass(frozen=True)
class Kind:
    """A shift of the plan as agents work it: start and end in minutes from its day's midnight
    (the end may pass midnight), paid minutes, and its start written HH:MM."""

    name: str
    shift_type: str
    begin: int
    finish: int
    paid: int
    start: str

    @property
    def evening(self) -> bool:
        """Return whether the shift runs into the evening."""
        return self.finish > EVENING_START + 60 * 3  # ends after 20:00


def weekly_tours(counts: Sequence[int], rule: WeekRule, solver: SolverName) -> list[int] | None:
    """Return agents per tour (in `tours(rule)` order) whose working days give exactly the
    counts per weekday (Monday first), fewest agents first; None when no tours do."""
    week = tours(rule)
    problem = pulp.LpProblem("tours", pulp.LpMinimize)
    y = [problem.add_variable(f"y_{t}", 0, cat="Integer") for t in range(len(week))]
    for day in range(7):
        working = [y[t] for t, on in enumerate(week) if day in on]
        problem += pulp.lpSum(working) == counts[day], f"day_{day}"
    problem += pulp.lpSum(y)
    solution = solve(problem, solver, 10.0, gap=0.0)
    if solution.status is not Status.optimal:
        return None
    return [round(v.value() or 0) for v in y]


def _run_ok(first: tuple[int, ...], second: tuple[int, ...], weekday: int = 0) -> bool:
    """Return whether one week's tour followed by another keeps at most 6 days in a row, the
    weeks starting on `weekday` (Monday = 0)."""
    order = [(weekday + d) % 7 for d in range(7)]
    worked = [d in first for d in order] + [d in second for d in order]
    run = longest = 0
    for on in worked:
        run = run + 1 if on else 0
        longest = max(longest, run)
    return longest <= MAX_DAYS_IN_A_ROW or (len(first) == 7 and len(second) == 7)


def hand_out(
    agents: Sequence[str],
    per_week: Sequence[Sequence[int]],
    rule: WeekRule,
    days_off: Mapping[str, frozenset[int]],
    weekday: int = 0,
) -> list[list[int]]:
    """Return, per agent, the tour (index into `tours(rule)`, or IDLE) worked in each week.

    Each week's tours are as the plan has them; week by week they are matched to agents at
    least cost: never a tour that works an agent's day off or makes more than 6 days in a row
    with the week before, weekend days and days worked going to whoever has had fewest. Weeks
    start on `weekday` (Monday = 0).
    """
    week = tours(rule)
    weekend_days = [sum(1 for d in on if d >= 5) for on in week] + [0]
    days_on = [len(on) for on in week] + [0]
    ok = {
        (t, u): _run_ok(week[t], week[u], weekday)
        for t in range(len(week))
        for u in range(len(week))
    }
    handed: list[list[int]] = [[] for _ in agents]
    weekends = np.zeros(len(agents))
    worked = np.zeros(len(agents))
    for w, counts in enumerate(per_week):
        slots = [t for t, n in enumerate(counts) for _ in range(n)]
        slots += [IDLE] * max(len(agents) - len(slots), 0)
        # priced per tour (IDLE last, free), then one column per slot: large teams stay quick
        by_tour = np.zeros((len(agents), len(week) + 1))
        for k, agent in enumerate(agents):
            away = {(weekday + d) % 7 for d in days_off.get(agent, ()) if d // 7 == w}
            before = handed[k][-1] if w else IDLE
            for t in range(len(week)):
                if away & set(week[t]) or (before != IDLE and not ok[before, t]):
                    by_tour[k, t] = BLOCKED
                else:
                    # days first (a week idle is a week's hours), then weekends
                    by_tour[k, t] = days_on[t] * worked[k] + weekend_days[t] * weekends[k]
        cost = by_tour[:, slots]  # IDLE (-1) reads the last column
        rows, columns = linear_sum_assignment(cost)
        for k, j in zip(rows, columns, strict=True):
            t = slots[j]
            handed[k].append(t)
            weekends[k] += weekend_days[t]
            worked[k] += days_on[t]
    return _even_out(handed, weekend_days, ok)


def _even_out(
    handed: list[list[int]], weekend_days: list[int], ok: Mapping[tuple[int, int], bool]
) -> list[list[int]]:
    """Return the tours with weekends evened out: an agent with the most weekend days swaps
    tours from some week on with one of the fewest, while a swap keeps every change of week
    within the rules and narrows the gap between them."""
    for _ in range(10 * len(handed)):
        loads = [sum(weekend_days[t] for t in h) for h in handed]
        order = sorted(range(len(handed)), key=loads.__getitem__)
        top = loads[order[-1]]
        pairs = (
            (hi, lo)
            for hi in order[::-1]
            if loads[hi] == top
            for lo in order
            if top - loads[lo] > 1
        )
        if not any(_swap(handed, hi, lo, weekend_days, ok) for hi, lo in pairs):
            break
    return handed


def _swap(
    handed: list[list[int]],
    hi: int,
    lo: int,
    weekend_days: list[int],
    ok: Mapping[tuple[int, int], bool],
) -> bool:
    """Swap two agents' tours from the first week where that narrows the gap between their
    weekend days and keeps both changes of week within the rules; return whether it did."""

    def load(tours_of: list[int]) -> int:
        return sum(weekend_days[t] for t in tours_of)

    def fits(before: int, after: int) -> bool:
        return before == IDLE or after == IDLE or ok[before, after]

    gap = load(handed[hi]) - load(handed[lo])
    idle = max(handed[hi].count(IDLE), handed[lo].count(IDLE))  # days worked stay as even
    for w in range(1, len(handed[hi])):
        a = handed[hi][:w] + handed[lo][w:]
        b = handed[lo][:w] + handed[hi][w:]
        if max(a.count(IDLE), b.count(IDLE)) > idle:
            continue
        if fits(a[w - 1], a[w]) and fits(b[w - 1], b[w]) and abs(load(a) - load(b)) < gap:
            handed[hi], handed[lo] = a, b
            return True
    return False


def match_days(
    working: Mapping[int, Sequence[str]],
    needs: Mapping[int, Mapping[str, int]],
    kinds: Mapping[str, Kind],
    week_minutes: Mapping[str, int],
    preferred: Mapping[str, frozenset[str]],
    days: int,
) -> Schedules:
    """Return each agent's shift per day: on each day the agents whose tour works it, matched
    to that day's shifts at least cost (same start as yesterday, evenings and hours spread,
    preferences kept); a pairing that breaks 11 hours' rest or the weekly hours is never made."""
    schedules: Schedules = defaultdict(dict)
    worked_minutes: dict[str, int] = defaultdict(int)
    evenings: dict[str, int] = defaultdict(int)
    week_used: dict[tuple[str, int], int] = defaultdict(int)
    for day in range(days):
        people = list(working.get(day, ()))
        names = sorted(n for n, count in needs.get(day, {}).items() if count > 0)
        slots = [k for k, name in enumerate(names) for _ in range(needs[day][name])]
        if not people or not slots:
            continue
        # priced per kind, then one column per slot: large teams stay quick
        by_kind = np.zeros((len(people), len(names)))
        for i, person in enumerate(people):
            before = schedules[person].get(day - 1)
            for k, name in enumerate(names):
                kind = kinds[name]
                by_kind[i, k] = _pair_cost(
                    kind,
                    None if before is None else kinds[before],
                    week_used[person, day // 7] + kind.paid > week_minutes[person],
                    evenings[person],
                    worked_minutes[person],
                    preferred.get(person, frozenset()),
                )
        cost = by_kind[:, slots]
        rows, columns = linear_sum_assignment(cost)
        for i, j in zip(rows, columns, strict=True):
            if cost[i, j] >= BLOCKED:
                continue  # left short: reported with the roster's shortfall
            person, kind = people[i], kinds[names[slots[j]]]
            schedules[person][day] = kind.name
            worked_minutes[person] += kind.paid
            week_used[person, day // 7] += kind.paid
            evenings[person] += kind.evening
    return dict(schedules)


def _pair_cost(
    kind: Kind,
    before: Kind | None,
    over_hours: bool,
    evenings: int,
    minutes: int,
    preferred: frozenset[str],
) -> float:
    """Return the cost of one agent working one shift today."""
    if over_hours:
        return BLOCKED
    if before is not None and kind.begin + 24 * 60 - before.finish < 11 * 60:
        return BLOCKED
    cost = 0.0
    if before is not None and before.begin != kind.begin:
        cost += 1.0  # a new start time after a day worked
    if kind.evening:
        cost += 0.3 * evenings  # the next evening to whoever has had fewest
    cost += 1e-4 * minutes * kind.paid / 60  # longer shifts to whoever has worked less
    if preferred and not preferred & {kind.shift_type, kind.start}:
        cost += 2.0
    return cost


def seconds_left(deadline: Deadline, share: float) -> Deadline:
    """Return a deadline `share` of the time left from now."""
    return Deadline(time.monotonic() + share * deadline.remaining())
