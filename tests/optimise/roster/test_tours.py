"""A plan made with a weekly tour rule, rostered over 4 weeks with the team `staffsim agents`
proposes: every tour rule checked from roster.csv alone (dates and clock times)."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import yaml
from typer.testing import CliRunner

from cli.app import app
from tests.plan_csv import DAY, at_clock

runner = CliRunner()
START = pd.Timestamp("2026-01-05")  # a Monday
DAYS_ON, DAYS_OFF_IN_A_ROW = 5, 2


def toured_centre() -> dict:
    """An hourly voice queue open 08:00-22:00, busier on weekdays, early and late shifts, five
    days a week with two consecutive days off."""
    return {
        "name": "toured",
        "horizon": {"start": START.date().isoformat(), "days": 7, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-22:00"}}},
        "queues": {
            "a": {
                "channel": "phone",
                "skill": "a",
                "volume": {
                    "weekly_total": 900,
                    "day_profile": {"mon-fri": 1.0, "sat-sun": 0.5},
                },
                "handle_time": {"distribution": "exponential", "mean_seconds": 300},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
        "shifts": {
            "types": {
                "early": {"length_hours": 8, "start": ["08:00", "09:00"], "start_step_minutes": 60},
                "late": {"length_hours": 8, "start": ["13:00", "14:00"], "start_step_minutes": 60},
            },
            "week": {"days_on": DAYS_ON, "consecutive_days_off": DAYS_OFF_IN_A_ROW},
        },
    }


def has_days_off_in_a_row(off: set[int], length: int) -> bool:
    """Return whether the weekdays off hold `length` in a row (the week wraps, Sunday to
    Monday, as the week rule reads)."""
    return any(all((s + k) % 7 in off for k in range(length)) for s in range(7))


def test_four_week_roster_keeps_every_tour_rule(tmp_path, write):
    scenario = write("centre.yaml", yaml.safe_dump(toured_centre()))
    plan_dir, out = tmp_path / "plan", tmp_path / "roster"
    planned = runner.invoke(app, ["plan", str(scenario), "--out", str(plan_dir), "-q"])
    assert planned.exit_code == 0, planned.output
    team = runner.invoke(app, ["agents", str(plan_dir)])
    assert team.exit_code == 0, team.output
    agents = pd.read_csv(plan_dir / "agents.csv")
    team_file = str(plan_dir / "agents.csv")
    command = ["roster", str(plan_dir), "--agents", team_file, "--weeks", "4", "--out", str(out)]
    result = runner.invoke(app, [*command, "-q"])
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(out / "roster.csv")
    plan = pd.read_csv(plan_dir / "plan.csv")
    dates = pd.to_datetime(roster["day"])
    week = (dates - START) // (7 * DAY)
    assert set(week) == {0, 1, 2, 3}

    # every week works every shift of the plan, as many times as the plan asks
    wanted = plan.groupby([plan["day"], "start", "end"])["agents"].sum()
    for w in range(4):
        rows = roster[week == w]
        day = (pd.to_datetime(rows["day"]) - w * 7 * DAY).dt.date.astype(str)
        got = rows.groupby([day, rows["start"], rows["end"]]).size()
        assert got.reindex(wanted.index, fill_value=0).tolist() == wanted.tolist(), w
        assert len(got) == len(wanted), w  # and no shift the plan does not have

    for employee, shifts in roster.assign(week=week).groupby("employee"):
        # a week worked is a tour: DAYS_ON days, DAYS_OFF_IN_A_ROW of the others in a row
        for w, days in shifts.groupby("week"):
            worked = {pd.Timestamp(d).weekday() for d in days["day"]}
            assert len(worked) == len(days) == DAYS_ON, (employee, w)
            assert has_days_off_in_a_row(set(range(7)) - worked, DAYS_OFF_IN_A_ROW), (employee, w)
        # never more than 6 days in a row, across the change of week too
        ordered = sorted(pd.Timestamp(d) for d in shifts["day"])
        run = longest = 1
        for before, after in itertools.pairwise(ordered):
            run = run + 1 if after - before == DAY else 1
            longest = max(longest, run)
        assert longest <= 6, employee
        # 11 hours' rest between shifts; weekly hours within the contract
        begin = [at_clock(pd.Timestamp(r.day), r.start) for r in shifts.itertuples()]
        end = [at_clock(pd.Timestamp(r.day), r.end) for r in shifts.itertuples()]
        order = sorted(zip(begin, end, strict=True))
        for (_, finish), (start, _) in itertools.pairwise(order):
            assert start - finish >= pd.Timedelta(hours=11), employee
        contract = agents.set_index("id").loc[employee, "contract_hours"]
        assert (shifts.groupby("week")["hours"].sum() <= contract).all(), employee

    # hours.csv and summary.json carry each agent's figures and the spread between agents
    hours = pd.read_csv(out / "hours.csv").set_index("employee")
    assert (
        hours["hours"].to_dict()
        == roster.groupby("employee")["hours"].sum().reindex(hours.index, fill_value=0).to_dict()
    )
    working = hours[hours["days"] > 0]
    fairness = json.loads((out / "summary.json").read_text())["fairness"]
    assert fairness["hours"]["spread"] == working["hours"].max() - working["hours"].min()
    assert fairness["weekends"]["spread"] == working["weekends"].max() - working["weekends"].min()
