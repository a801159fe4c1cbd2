"""A plan's roster as one workbook for planners: the roster (agent by day, with the group),
the plan by day and the hours, each sheet with a frozen header, filters and every day shown."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from optimise import plan_scenario
from optimise.roster.from_plan import roster_of_plan
from report.roster import plan_roster_files
from scenarios import scenario_from_dict
from tests.optimise.roster.test_roster_of_plan import WEEKLY_HOURS, two_shift_centre


def test_roster_workbook_holds_roster_plan_and_hours_for_people():
    scenario = scenario_from_dict(two_shift_centre())
    plan = plan_scenario(scenario, time_limit=20)
    needed = -(-int(plan.shifts["agents"].sum()) // 6) + 1
    team = pd.DataFrame(
        {"id": [f"a{k}" for k in range(needed)], "group": "g", "contract_hours": WEEKLY_HOURS}
    )
    files = plan_roster_files(roster_of_plan(scenario, plan, team, weeks=2, time_limit=30))
    book = load_workbook(io.BytesIO(files["roster_wide.xlsx"]))
    assert book.sheetnames == ["roster", "plan by day", "hours"]
    # two weeks from Monday 5 January 2026: all fourteen days, as columns, worked or not
    days = [
        (pd.Timestamp("2026-01-05") + pd.Timedelta(days=d)).date().isoformat() for d in range(14)
    ]
    roster = book["roster"]
    header = [c.value for c in roster[1]]
    assert header == ["employee", "group", *days]
    assert roster.freeze_panes == "C2" and roster.auto_filter.ref == roster.dimensions
    assert sorted(c.value for c in roster["A"][1:]) == sorted(team["id"])
    assert {c.value for c in roster["B"][1:]} == {"g"}

    # the plan's agents on each day, the plan's week repeated in the second week
    planned = plan.shifts.groupby("day")["agents"].sum()
    sheet = book["plan by day"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:4]) == ["group", "shift_type", "start", "end"]
    totals = {day: sum(r[i] for r in rows[1:]) for i, day in enumerate(rows[0]) if i >= 4}
    assert list(totals) == days
    assert [totals[d] for d in days] == [int(planned[d]) for d in days[:7]] * 2

    hours = book["hours"]
    assert [c.value for c in hours[1]][:3] == ["employee", "group", "hours"]
    assert hours.max_row == needed + 1 and hours.freeze_panes == "C2"
