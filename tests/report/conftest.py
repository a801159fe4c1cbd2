"""Run folders written by hand for the report's tests: every figure a test expects follows from
the numbers below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EVIL = "<script>alert(1)</script>"  # a queue and a group may be named anything

# One day of four 6-hour intervals, one voice queue, two replications.
# Service level per replication and interval: rep 0 = 0.5, 1.0, 0.8, (closed);
# rep 1 = 0.7, 1.0, 0.6, (closed).
KPIS = f"""\
replication,interval_start,queue,offered,answered,abandoned,answered_within_target,service_level,abandon_rate,asa_seconds,backlog
0,2026-01-05 00:00:00,{EVIL},10,9,1,5,0.5,0.1,30,0
0,2026-01-05 06:00:00,{EVIL},10,10,0,10,1.0,0.0,2,0
0,2026-01-05 12:00:00,{EVIL},10,9,1,8,0.8,0.1,10,0
0,2026-01-05 18:00:00,{EVIL},0,0,0,0,,,,0
1,2026-01-05 00:00:00,{EVIL},10,8,2,7,0.7,0.2,20,0
1,2026-01-05 06:00:00,{EVIL},10,10,0,10,1.0,0.0,1,0
1,2026-01-05 12:00:00,{EVIL},10,10,0,6,0.6,0.0,12,0
1,2026-01-05 18:00:00,{EVIL},0,0,0,0,,,,0
"""

OCCUPANCY = """\
replication,interval_start,group,agents,busy_seconds,duty_seconds,occupancy
0,2026-01-05 00:00:00,team,2,10800,21600,0.5
0,2026-01-05 06:00:00,team,2,21600,43200,0.5
0,2026-01-05 12:00:00,team,2,21600,43200,0.5
0,2026-01-05 18:00:00,team,0,0,0,
1,2026-01-05 00:00:00,team,2,10800,21600,0.5
1,2026-01-05 06:00:00,team,2,21600,43200,0.5
1,2026-01-05 12:00:00,team,2,21600,43200,0.5
1,2026-01-05 18:00:00,team,0,0,0,
"""

SCENARIO = f"""\
name: tiny
horizon: {{start: '2026-01-05', days: 1, interval_minutes: 360}}
channels:
  phone: {{kind: voice}}
queues:
  '{EVIL}':
    channel: phone
    sla: {{answer_within_seconds: 20, target: 0.8, max_abandon: 0.05}}
events:
- {{type: outage, channel: phone, start: '2026-01-05T06:00:00', end: '2026-01-05T12:00:00'}}
"""

SUMMARY = {
    "scenario": "tiny",
    "replications": 2,
    "queues": {
        EVIL: {
            "offered": 30.0,
            "service_level": {"mean": 0.8, "ci95": [0.7, 0.9]},
            "abandon_rate": {"mean": 0.07, "ci95": [0.0, 0.2]},
            "asa_seconds": {"mean": 12.0, "ci95": [5.0, 19.0]},
        }
    },
    "groups": {"team": {"occupancy": {"mean": 0.5, "ci95": [0.5, 0.5]}}},
}

# Two days: a day shift with a half-hour break, and a night shift running into day two.
PLAN = f"""\
group,day,shift_type,start,end,breaks,agents,paid_hours,cost
team,2026-01-05,day,08:00,12:00,10:00+30,2,4,160
{EVIL},2026-01-05,night,22:00,02:00,,3,4,240
team,2026-01-06,day,08:00,12:00,,1,4,80
"""

COVERAGE = """\
interval_start,skill,required,scheduled
2026-01-05 08:00:00,general,1,2
2026-01-05 14:00:00,general,0,0
2026-01-06 08:00:00,general,1,1
2026-01-06 14:00:00,general,0,0
"""


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    """Write a run folder of the given files and return it."""
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def simulation_run(tmp_path: Path) -> Path:
    """A simulation run folder: kpis, occupancy, summary and scenario."""
    return write_folder(
        tmp_path / "sim",
        {
            "kpis.csv": KPIS,
            "occupancy.csv": OCCUPANCY,
            "summary.json": json.dumps(SUMMARY),
            "scenario.yaml": SCENARIO,
        },
    )


@pytest.fixture
def plan_run(tmp_path: Path) -> Path:
    """A plan run folder: plan, coverage and summary."""
    summary = {"scenario": "tiny", "status": "optimal", "cost": 480.0, "gap": 0.0}
    return write_folder(
        tmp_path / "plan",
        {"plan.csv": PLAN, "coverage.csv": COVERAGE, "summary.json": json.dumps(summary)},
    )


FRONTIER = f"""\
budget,status,cost,queue,offered,service_level,ci_low,ci_high,abandon_rate,target,max_abandon,meets_target
100,optimal,90,{EVIL},30,0.6,0.5,0.7,0.1,0.8,,False
200,optimal,180,{EVIL},30,0.9,0.85,0.95,0.01,0.8,,True
"""

BREACH = f"""\
queue,target,target_value,period,runs,breaches,p_breach,ci95_low,ci95_high
{EVIL},service_level,0.8,2026-01-05,20,5,0.25,0.1,0.5
{EVIL},service_level,0.8,2026-01-06,20,10,0.5,0.3,0.7
{EVIL},service_level,0.8,week,20,12,0.6,0.4,0.8
"""


@pytest.fixture
def study_runs(tmp_path: Path) -> list[Path]:
    """A frontier folder and a stress-test folder."""
    frontier = write_folder(
        tmp_path / "frontier",
        {
            "frontier.csv": FRONTIER,
            "summary.json": json.dumps(
                {"scenario": "tiny", "cheapest_meeting_targets": {"budget": 200, "cost": 180}}
            ),
            "scenario.yaml": SCENARIO,
        },
    )
    summary = {"scenario": "s", "runs": 20, "queues": {EVIL: {"mean_recovery_minutes": 45.0}}}
    stress = write_folder(
        tmp_path / "stress", {"breach.csv": BREACH, "summary.json": json.dumps(summary)}
    )
    return [frontier, stress]


# Two days, three agents: a day shift, a night shift running into day two, and an idle agent.
ROSTER = f"""\
employee,group,day,shift_type,start,end,breaks,hours
a1,team,2026-01-05,day,08:00,12:00,10:00+30,3.5
a1,team,2026-01-06,day,08:00,12:00,,4
{EVIL},night,2026-01-05,night,22:00,02:00,,4
"""
HOURS = f"""\
employee,group,hours,contract_hours,days,weekends,evenings
a1,team,7.5,10,2,0,0
a2,team,0,10,0,0,0
{EVIL},night,4,8,1,0,1
"""
FAIRNESS = {
    "agents_working": 2,
    "hours": {"least": 4.0, "most": 7.5, "spread": 3.5},
    "weekends": {"least": 0.0, "most": 0.0, "spread": 0.0},
    "evenings": {"least": 0.0, "most": 1.0, "spread": 1.0},
    "groups": {},
}


@pytest.fixture
def roster_run(tmp_path: Path) -> Path:
    """A plan's roster folder: roster.csv, hours.csv and summary.json with fairness figures."""
    summary = {"objective": 0, "status": "optimal", "fairness": FAIRNESS}
    return write_folder(
        tmp_path / "roster",
        {"roster.csv": ROSTER, "hours.csv": HOURS, "summary.json": json.dumps(summary)},
    )


# A contingency plan: two levers (one of a kind whose columns the report does not know), and
# P(breach) before and after for one queue's two targets.
LEVERS = f"""\
lever,agents,expected_use,expected_cost
overtime:team,3,0.25,450
{EVIL},0,0,0
"""
CONTINGENCY_BREACH = f"""\
queue,target,target_value,p_breach_before,ci95_low_before,ci95_high_before,p_breach_after,ci95_low_after,ci95_high_after
{EVIL},service_level,0.8,0.5,0.3,0.7,0.25,0.1,0.5
{EVIL},abandonment,0.05,0.0,0.0,0.2,0.0,0.0,0.2
"""


@pytest.fixture
def contingency_run(tmp_path: Path) -> Path:
    """A contingency folder: levers.csv, breach.csv before and after, summary.json."""
    summary = {"scenario": "tiny", "budget": 500.0, "model_expected_cost": 450.0}
    return write_folder(
        tmp_path / "contingency",
        {
            "levers.csv": LEVERS,
            "breach.csv": CONTINGENCY_BREACH,
            "summary.json": json.dumps(summary),
        },
    )
