"""A team for a plan: how many agents each group needs to work the plan's shifts, and who.

With a weekly tour rule each agent works one tour a week, so a group needs as many agents as
the plan's tours (read back from its shifts per day); without one, each agent works at most 5
days a week and a group needs at least its busiest day's shifts. A spare share on top leaves
room for days off, absences and spreading weekends. Contract hours: the group's longest week
of shifts (days on times its longest paid shift), rounded up to the hour.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from optimise.roster.from_plan import _plan_folder, plan_kinds
from optimise.roster.plan_files import read_plan
from optimise.roster.tours import weekly_tours
from optimise.solver import SolverName, highs_available
from scenarios import load_scenario

DAYS_A_WEEK = 5  # days each agent works a week when the scenario has no tour rule


def propose_team(plan_dir: Path, spare: float = 0.1) -> pd.DataFrame:
    """Return a proposed agents table (id, group, contract_hours) for a plan folder: enough
    agents in each group to work its shifts, plus `spare` of them more (rounded up)."""
    folder = _plan_folder(Path(plan_dir).expanduser())
    scenario = load_scenario(folder / "scenario.yaml")
    plan = read_plan(folder / "plan.csv", scenario)
    start = pd.Timestamp(scenario.horizon.start)
    rule = scenario.shifts.week if scenario.shifts is not None else None
    solver = SolverName.highs if highs_available() else SolverName.cbc
    kinds = plan_kinds(plan)
    rows = []
    for group, shifts in plan.groupby("group", sort=True):
        offsets = (pd.to_datetime(shifts["day"]) - start).dt.days
        per_day = shifts.groupby(offsets)["agents"].sum()
        needed = int(per_day.max())
        days_on = rule.days_on if rule is not None else DAYS_A_WEEK
        for week in range(int(offsets.max()) // 7 + 1):
            counts = [0] * 7
            for offset, n in per_day.items():
                if int(offset) // 7 == week:
                    counts[(start.weekday() + int(offset)) % 7] += int(n)
            tours = weekly_tours(counts, rule, solver) if rule is not None else None
            least = sum(tours) if tours is not None else math.ceil(sum(counts) / days_on)
            needed = max(needed, least)
        longest = max(kinds[f"{r.shift_type} {r.start}-{r.end}"].paid for r in shifts.itertuples())
        hours = math.ceil(days_on * longest / 60)
        count = math.ceil(needed * (1 + spare))
        width = len(str(count))
        rows += [(f"{group}-{k + 1:0{width}d}", group, hours) for k in range(count)]
    return pd.DataFrame(rows, columns=["id", "group", "contract_hours"])
