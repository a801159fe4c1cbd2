"""Plan, then simulate the plan: the agents on duty in the simulation are the plan's shifts,
and the plan covers its requirement, both read from the files the commands write.

The agents a plan puts on duty are worked out here from plan.csv alone (tests/plan_csv.py):
each row's agents from start to end, less its breaks, averaged over each interval's minutes.
The simulation logs agents in on time but lets them finish the contact in hand before a break
or going home; with a fixed handle time of H seconds, each such change of an agent comes at
most H seconds late, which bounds the difference in any interval.
"""

from __future__ import annotations

import pandas as pd
import yaml
from typer.testing import CliRunner

from cli.app import app
from tests.plan_csv import on_duty, planned_shifts

runner = CliRunner()
START = pd.Timestamp("2026-01-05")
DAYS = 2
STEP = 30  # minutes
HANDLE_SECONDS = 10


def round_trip_centre(breaks: list[dict], volume: float = 30000) -> dict:
    """A voice queue open 08:00-14:00 on 30-minute intervals, busier 10:00-12:00, with fixed
    10-second contacts; a cheap group on long shifts with a break (at most 3 a day) and a
    dearer one on short shifts without."""
    return {
        "name": "round-trip",
        "horizon": {"start": START.date().isoformat(), "days": DAYS, "interval_minutes": STEP},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-14:00"}}},
        "queues": {
            "a": {
                "channel": "phone",
                "skill": "a",
                "volume": {
                    "weekly_total": volume,
                    "intraday_profile": {"08:00": 1, "10:00": 2, "12:00": 1},
                },
                "handle_time": {"distribution": "fixed", "mean_seconds": HANDLE_SECONDS},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {
            "g": {
                "skills": {"a": 1},
                "cost_per_hour": 10,
                "max_agents": 3,
                "shift_types": ["long"],
            },
            "h": {"skills": {"a": 1}, "cost_per_hour": 12, "shift_types": ["short"]},
        },
        "shifts": {
            "types": {
                "long": {
                    "length_hours": 5,
                    "start": ["08:00", "09:00"],
                    "start_step_minutes": 30,
                    "breaks": breaks,
                },
                "short": {"length_hours": 2, "start": ["08:00", "12:00"], "start_step_minutes": 60},
            }
        },
    }


def plan(tmp_path, write, document: dict) -> tuple:
    """Return the scenario file and the folder `staffsim plan` writes for it."""
    scenario = write("centre.yaml", yaml.safe_dump(document))
    plan_dir = tmp_path / "plan"
    planned = runner.invoke(app, ["plan", str(scenario), "--out", str(plan_dir), "-q"])
    assert planned.exit_code == 0, planned.output
    return scenario, plan_dir


def simulate(tmp_path, scenario, plan_dir):
    """Return the folder `staffsim simulate` writes for one replication of the plan."""
    sim_dir = tmp_path / "sim"
    simulated = runner.invoke(
        app,
        [
            "simulate",
            str(scenario),
            "--staffing",
            str(plan_dir / "plan.csv"),
            "--replications",
            "1",
            "--out",
            str(sim_dir),
            "-q",
        ],
    )
    assert simulated.exit_code == 0, simulated.output
    return sim_dir


def late_changes(shifts: pd.DataFrame, starts: pd.DatetimeIndex) -> pd.DataFrame:
    """Return, per interval and group, the most agent-seconds of duty that agents finishing a
    contact can shift into or out of the interval, over the interval's seconds.

    A break's start and end and a logout planned at e happen in [e, e + H]: they touch the
    intervals [t0, t1) with t0 - H < e < t1.
    """
    window = pd.Timedelta(seconds=HANDLE_SECONDS)
    bound = pd.DataFrame(0.0, index=starts, columns=sorted(set(shifts["group"])))
    for shift in planned_shifts(shifts):
        changes = [shift.end, *(moment for pause in shift.breaks for moment in pause)]
        for moment in changes:
            touched = (starts - window < moment) & (moment < starts + pd.Timedelta(minutes=STEP))
            bound.loc[touched, shift.group] += shift.agents * HANDLE_SECONDS / (STEP * 60)
    return bound


def test_simulated_agents_on_duty_are_the_plans_shifts_and_the_plan_covers(tmp_path, write):
    breaks = [{"minutes": 30, "start_after_minutes": 90, "end_before_minutes": 240}]
    scenario, plan_dir = plan(tmp_path, write, round_trip_centre(breaks))
    sim_dir = simulate(tmp_path, scenario, plan_dir)
    shifts = pd.read_csv(plan_dir / "plan.csv")
    # the case is worth checking: breaks, two groups, both days
    assert shifts["breaks"].notna().any()
    assert set(shifts["group"]) == {"g", "h"} and shifts["day"].nunique() == DAYS

    intervals = DAYS * 24 * 60 // STEP
    expected = on_duty(shifts, START, intervals, STEP)
    occupancy = pd.read_csv(sim_dir / "occupancy.csv", parse_dates=["interval_start"])
    assert set(occupancy["replication"]) == {0}
    simulated = occupancy.pivot(index="interval_start", columns="group", values="agents")
    simulated = simulated.reindex(index=expected.index, columns=expected.columns)
    assert simulated.notna().all().all()
    slack = late_changes(shifts, expected.index)
    assert slack.to_numpy().max() < 0.1  # small beside one agent: the comparison bites
    difference = (simulated - expected).abs()
    assert (difference <= slack + 1e-9).all().all(), difference[difference > slack].stack()
    # contacts were handled, so agents did finish contacts before breaks and going home
    kpis = pd.read_csv(sim_dir / "kpis.csv")
    assert kpis["answered"].sum() > 0

    # the plan covers its requirement: as coverage.csv says, and by plan.csv's own shifts
    coverage = pd.read_csv(plan_dir / "coverage.csv", parse_dates=["interval_start"])
    assert set(coverage["skill"]) == {"a"}
    assert (coverage["scheduled"] >= coverage["required"] - 1e-6).all()
    required = coverage.set_index("interval_start")["required"].reindex(expected.index)
    assert (expected.sum(axis=1) >= required - 1e-9).all()
    assert required.max() > 0


def test_a_plan_covers_its_requirement_with_breaks_shorter_than_an_interval(tmp_path, write):
    # A 15-minute break inside a 30-minute interval leaves the agent on duty for half of it;
    # the planner counts the whole interval, and here puts all three long shifts' breaks at
    # 10:30: 3 x 0.5 + 1 short shift = 2.5 agents on duty at 10:30 against the 4 required.
    breaks = [{"minutes": 15, "start_after_minutes": 90, "end_before_minutes": 240}]
    _, plan_dir = plan(tmp_path, write, round_trip_centre(breaks))
    shifts = pd.read_csv(plan_dir / "plan.csv")
    assert shifts["breaks"].str.endswith("+15").any()
    expected = on_duty(shifts, START, DAYS * 24 * 60 // STEP, STEP)
    coverage = pd.read_csv(plan_dir / "coverage.csv", parse_dates=["interval_start"])
    required = coverage.set_index("interval_start")["required"].reindex(expected.index)
    short = required - expected.sum(axis=1)
    assert (short <= 1e-9).all(), short[short > 1e-9]
