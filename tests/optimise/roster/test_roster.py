"""Rosters: small instances with the optimum worked out by hand, and plans put on agents."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from optimise.roster.instance import read_instance
from optimise.roster.model import solve_roster

runner = CliRunner()


def instance(days, shifts, staff, cover, on=(), off=(), days_off=()) -> str:
    """Text of a benchmark-format instance."""
    lines = [
        "SECTION_HORIZON",
        str(days),
        "",
        "SECTION_SHIFTS",
        *shifts,
        "",
        "SECTION_STAFF",
        *staff,
        "",
        "SECTION_DAYS_OFF",
        *days_off,
        "",
        "SECTION_SHIFT_ON_REQUESTS",
        *on,
        "",
        "SECTION_SHIFT_OFF_REQUESTS",
        *off,
        "",
        "SECTION_COVER",
        *cover,
        "",
    ]
    return "\n".join(lines)


CASES = {
    # One employee may work at most 2 days in a row, so one of 3 covered days goes short (10);
    # the on-request for day 1 (3) makes day 0 or day 2 the one: optimum 10.
    "max consecutive": (
        instance(
            3,
            ["D,480,"],
            ["A,D=3,1440,0,2,1,1,1"],
            ["0,D,1,10,1", "1,D,1,10,1", "2,D,1,10,1"],
            on=["A,1,D,3"],
        ),
        10,
    ),
    # A late shift may not be followed by an early one: cover L on day 0 (under 5) or E on day 1
    # (under 7), not both; skipping day 0's L is cheaper: optimum 5.
    "rotation": (
        instance(2, ["E,480,", "L,480,E"], ["A,E=2|L=2,960,0,2,1,1,1"], ["0,L,1,5,1", "1,E,1,7,1"]),
        5,
    ),
    # The employee must work at least 960 minutes (two shifts) but only day 0 needs anyone:
    # one day over-covered at 2: optimum 2.
    "minimum minutes": (
        instance(
            3, ["D,480,"], ["A,D=3,1440,960,3,1,1,1"], ["0,D,1,10,2", "1,D,0,10,2", "2,D,0,10,2"]
        ),
        2,
    ),
    # At most one worked weekend but both Saturdays (days 5 and 12) want someone: one short, 4.
    "weekends": (
        instance(14, ["D,480,"], ["A,D=14,6720,0,5,1,1,1"], ["5,D,1,4,1", "12,D,1,4,1"]),
        4,
    ),
    # Working only day 2 would be a 1-day block inside the horizon (minimum 2), so a second day
    # is worked and over-covers at 1; leaving day 2 short costs 10: optimum 1.
    "minimum block": (
        instance(
            5, ["D,480,"], ["A,D=5,2400,0,5,2,1,1"], [f"{d},D,{int(d == 2)},10,1" for d in range(5)]
        ),
        1,
    ),
    # Day 1 is a pre-assigned day off: it stays short (under 6): optimum 6.
    "day off": (
        instance(
            2, ["D,480,"], ["A,D=2,960,0,2,1,1,1"], ["0,D,1,6,1", "1,D,1,6,1"], days_off=["A,1"]
        ),
        6,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_small_instances_reach_the_hand_worked_optimum(tmp_path, case):
    text, optimum = CASES[case]
    path = tmp_path / "instance.txt"
    path.write_text(text)
    roster = solve_roster(read_instance(path), time_limit=30)
    assert roster.penalty == optimum
    assert roster.solution.objective == pytest.approx(optimum)
    assert roster.solution.bound == pytest.approx(optimum)


def tiny_plan(tmp_path, write, agents_rows: list[str]) -> tuple:
    document = {
        "name": "tiny",
        "horizon": {"start": "2026-01-05", "days": 7, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-16:00"}}},
        "queues": {
            "a": {
                "channel": "phone",
                "skill": "a",
                "volume": {"per_interval": 30},
                "handle_time": {"distribution": "exponential", "mean_seconds": 300},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
        "shifts": {
            "types": {
                "day": {"length_hours": 8, "start": ["08:00", "08:00"]},
                "half": {"length_hours": 4, "start": ["08:00", "12:00"], "start_step_minutes": 240},
            }
        },
    }
    scenario = write("tiny.yaml", yaml.safe_dump(document))
    plan = tmp_path / "plan"
    assert runner.invoke(app, ["plan", str(scenario), "--out", str(plan), "-q"]).exit_code == 0
    agents = write(
        "agents.csv", "\n".join(["id,group,contract_hours,unavailable,skills", *agents_rows]) + "\n"
    )
    return plan, agents


def test_roster_covers_every_shift_of_the_plan(tmp_path, write):
    plan, agents = tiny_plan(tmp_path, write, [f"a{k},g,40," for k in range(14)])
    out = tmp_path / "roster"
    result = runner.invoke(
        app, ["roster", str(plan), "--agents", str(agents), "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(out / "roster.csv")
    wanted = pd.read_csv(plan / "plan.csv").groupby(["day", "start", "end"])["agents"].sum()
    got = roster.groupby(["day", "start", "end"]).size()
    assert got.reindex(wanted.index, fill_value=0).tolist() == wanted.tolist()
    assert roster.groupby(["employee", "day"]).size().max() == 1  # one shift a day
    hours = pd.read_csv(out / "hours.csv")
    assert (hours["hours"] <= hours["contract_hours"]).all()
    assert {"roster_wide.csv", "summary.json"} <= {p.name for p in out.iterdir()}


def test_too_few_agents_are_reported_with_exit_status_3(tmp_path, write):
    plan, agents = tiny_plan(tmp_path, write, [f"a{k},g,40," for k in range(3)])
    result = runner.invoke(
        app, ["roster", str(plan), "--agents", str(agents), "--out", str(tmp_path / "none"), "-q"]
    )
    assert result.exit_code == 3
    assert "cannot cover the plan" in result.output and "short by" in result.output
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    "rows, words",
    [
        (["a1,nobody,40,"], "unknown group 'nobody'"),
        (["a1,g,-5,"], "contract_hours must be between 0 and 168"),
        (["a1,g,40,", "a1,g,30,"], "given twice"),
        (["a1,g,40,someday"], "neither a date nor a weekday"),
        (["a1,g,40,,juggling"], "unknown skill(s) juggling"),
    ],
)
def test_bad_agents_files_get_a_message_and_status_2(tmp_path, write, rows, words):
    plan, agents = tiny_plan(tmp_path, write, rows)
    result = runner.invoke(app, ["roster", str(plan), "--agents", str(agents), "-q"])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
