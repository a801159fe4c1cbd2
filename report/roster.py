"""Views of a plan's roster: dates and times per assignment, agent by day, hours per agent."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from optimise.roster.from_plan import PlanRoster, plan_kinds
from optimise.roster.instance import RosterInstance
from optimise.roster.model import Roster
from optimise.roster.toured import plan_period
from report.files import frame_csv, roster_files
from report.workbook import workbook_bytes
from scenarios.calendar import MINUTES_PER_DAY, format_clock


def roster_views(
    roster: Roster, instance: RosterInstance, plan: pd.DataFrame, start: pd.Timestamp
) -> tuple[Roster, dict[str, str | bytes], dict[str, Any]]:
    """Return the roster with dates and shift times, its wide and hours views as files, and
    the fairness figures (hours, weekends and evenings worked: least, most, spread)."""
    kinds = plan_kinds(plan)
    assignments = roster.assignments
    if "breaks" not in assignments:
        assignments = assignments.assign(breaks="")
    rows = assignments.assign(
        date=lambda f: [(start + pd.Timedelta(days=int(d))).date().isoformat() for d in f["day"]],
        group=lambda f: [instance.groups[e] for e in f["employee"]],
        shift_type=lambda f: [kinds[s].shift_type for s in f["shift"]],
        start=lambda f: [kinds[s].start for s in f["shift"]],
        end=lambda f: [format_clock(kinds[s].finish % MINUTES_PER_DAY) for s in f["shift"]],
        hours=lambda f: [instance.shifts[s].minutes / 60 for s in f["shift"]],
        weekend=lambda f: [(start.weekday() + int(d)) % 7 >= 5 for d in f["day"]],
        evening=lambda f: [kinds[s].evening for s in f["shift"]],
        week=lambda f: [int(d) // 7 for d in f["day"]],
    )
    table = rows[["employee", "group", "date", "shift_type", "start", "end", "breaks", "hours"]]
    table = table.rename(columns={"date": "day"})
    dates = [(start + pd.Timedelta(days=d)).date().isoformat() for d in range(instance.days)]
    wide = (
        rows.assign(cell=rows["start"] + "-" + rows["end"])
        .pivot(index="employee", columns="date", values="cell")
        # every day shown, and every agent, off or not
        .reindex(index=sorted(instance.staff), columns=dates)
        .astype(object)  # a day nobody works is a column of NaN, of float dtype
        .fillna("off")
        .reset_index()
    )
    wide.columns.name = None
    staff = sorted(instance.staff)
    by_agent = rows.groupby("employee")
    weekends = rows[rows["weekend"]].groupby("employee")["week"].nunique()
    hours = pd.DataFrame(
        {
            "employee": staff,
            "group": [instance.groups[e] for e in staff],
            "hours": by_agent["hours"].sum().reindex(staff, fill_value=0.0).to_numpy(),
            "contract_hours": [instance.staff[e].max_minutes / 60 for e in staff],
            "days": by_agent.size().reindex(staff, fill_value=0).to_numpy(),
            "weekends": weekends.reindex(staff, fill_value=0).to_numpy(),
            "evenings": by_agent["evening"].sum().reindex(staff, fill_value=0).to_numpy(),
        }
    )
    files: dict[str, str | bytes] = {
        "roster_wide.csv": frame_csv(wide),
        "hours.csv": frame_csv(hours),
    }
    files["roster_wide.xlsx"] = workbook_bytes(
        {
            "roster": wide.assign(group=[instance.groups[e] for e in wide["employee"]])[
                ["employee", "group", *dates]
            ],
            "plan by day": plan_by_day(plan, start, instance.days),
            "hours": hours,
        },
        frozen_columns=2,
    )
    return replace(roster, assignments=table), files, fairness(hours)


def plan_by_day(plan: pd.DataFrame, start: pd.Timestamp, days: int) -> pd.DataFrame:
    """Return the plan's agents per group and shift (type, start, end) on each day, one column
    per day of the roster (a plan's week repeated over the roster's weeks shows each week)."""
    period = plan_period(plan, start)
    offsets = (pd.to_datetime(plan["day"]) - start).dt.days
    keys = ["group", "shift_type", "start", "end"]
    rows = []
    for day in range(days):
        # the plan's days repeat every `period` days over a roster of several weeks
        mine = plan[offsets.to_numpy() == day % period]
        counts = (
            mine.groupby(keys)["agents"]
            .sum()
            .rename((start + pd.Timedelta(days=day)).date().isoformat())
        )
        rows.append(counts)
    return pd.concat(rows, axis=1).fillna(0).astype(int).sort_index().reset_index()


def fairness(hours: pd.DataFrame) -> dict[str, Any]:
    """Return the least, the most and the spread (most less least) of hours, weekends and
    evenings worked, over the agents who work at all, and per group."""

    def spread(frame: pd.DataFrame) -> dict[str, Any]:
        working = frame[frame["days"] > 0]
        figures: dict[str, Any] = {"agents_working": len(working)}
        for column in ("hours", "weekends", "evenings"):
            least = float(working[column].min()) if len(working) else 0.0
            most = float(working[column].max()) if len(working) else 0.0
            figures[column] = {"least": least, "most": most, "spread": most - least}
        return figures

    return {
        **spread(hours),
        "groups": {str(g): spread(frame) for g, frame in hours.groupby("group")},
    }


def plan_roster_files(result: PlanRoster) -> dict[str, str | bytes]:
    """Return the files of a plan's roster: roster.csv (dated), the wide and hours views,
    and summary.json (with the fairness figures)."""
    return plan_roster_outputs(result)[0]


def plan_roster_outputs(result: PlanRoster) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """Return the files of a plan's roster and its fairness figures."""
    roster, views, fair = roster_views(result.roster, result.instance, result.plan, result.start)
    return roster_files(roster, views, {"fairness": fair}), fair


def fairness_line(fair: dict[str, Any]) -> str:
    """Return the fairness figures as one line for the terminal."""
    parts = []
    for name in ("hours", "weekends", "evenings"):
        figures = fair[name]
        parts.append(
            f"{name} {figures['least']:g}-{figures['most']:g} (spread {figures['spread']:g})"
        )
    return f"per agent working ({fair['agents_working']}): " + ", ".join(parts)
