"""Why a roster falls short of a plan: per day and shift, what held each group back."""

from __future__ import annotations

import pandas as pd

from optimise.roster.instance import RosterInstance
from scenarios.calendar import DAY_NAMES


def explain_shortfall(
    shortfall: pd.DataFrame,
    instance: RosterInstance,
    start: pd.Timestamp,
    assignments: pd.DataFrame,
) -> str:
    """Return which days and shifts fall short, by how much, and what held each group back."""
    minutes = {e: 0 for e in instance.staff}
    for row in assignments.itertuples():
        minutes[row.employee] += instance.shifts[row.shift].minutes
    needed: dict[tuple[int, str | None], int] = {}
    for cover in instance.cover:
        needed[cover.day, cover.group] = needed.get((cover.day, cover.group), 0) + cover.required
    lines = ["the agents cannot cover the plan:"]
    for row in shortfall.sort_values(["day", "shift"]).head(12).itertuples():
        members = [e for e, g in instance.groups.items() if g == row.group]
        away = sum(1 for e in members if row.day in instance.days_off[e])
        full = sum(
            1
            for e in members
            if minutes[e] + instance.shifts[row.shift].minutes > instance.staff[e].max_minutes
        )
        date = start + pd.Timedelta(days=int(row.day))
        lines.append(
            f"  {DAY_NAMES[date.weekday()]} {date:%Y-%m-%d} {row.shift} ({row.group}): short by "
            f"{row.short_by}; the plan needs {needed.get((row.day, row.group), 0)} shift(s) of "
            f"{row.group} that day, it has {len(members)} agent(s) (one shift a day each), "
            f"{away} unavailable that day, {full} without contract hours left"
        )
    if len(shortfall) > 12:
        lines.append(f"  ... and {len(shortfall) - 12} more")
    return "\n".join(lines)
