"""`staffsim stress`: the files it writes, the table it prints, and bad input refused with one
message and exit status 2 before any work."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()

# one queue open around the clock for one day; the outage takes the phones down all day
ONE_DAY = """\
name: one-day
horizon: {start: 2026-01-05, days: 1, interval_minutes: 30}
channels:
  phone: {kind: voice}
queues:
  general:
    channel: phone
    skill: general
    volume: {per_interval: 20}
    handle_time: {distribution: exponential, mean_seconds: 300}
    patience: {distribution: exponential, mean_seconds: 600}
    sla: {answer_within_seconds: 20, target: 0.80, max_abandon: 0.05}
agent_groups:
  agents: {skills: {general: 1.0}, cost_per_hour: 20}
staffing:
  agents: 8
emergencies:
  down:
    type: outage
    channel: phone
    probability: 1
    when: {hours: "00:00-00:30"}
    duration: {hours: 24}
"""

PLAN = """\
group,day,shift_type,start,end,breaks,agents
agents,2026-01-05,day,00:00,24:00,,8
"""


def stress(*args: str):
    return runner.invoke(app, ["stress", *args, "--quiet"])


def test_writes_breach_runs_summary_scenario_and_report(write, tmp_path):
    out = tmp_path / "out"
    result = stress(
        str(write("day.yaml", ONE_DAY)), "--runs", "3", "--seed", "4", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "breach.csv",
        "report.html",
        "runs.csv",
        "scenario.yaml",
        "summary.json",
    ]
    breach = pd.read_csv(out / "breach.csv")
    week = breach.query("period == 'week' and target == 'service_level'").iloc[0]
    # down all day in every run: every run breaches; Wilson's upper end at 3 of 3 is 1
    assert (week["runs"], week["breaches"], week["p_breach"], week["ci95_high"]) == (3, 3, 1, 1)
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["run"]) == [0, 1, 2] and (runs["offered"] == 0).all()
    assert (runs["lost"] > 0).all() and runs["emergencies"].str.startswith("down ").all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["queues"]["general"]["service_level"]["p_breach"] == 1.0
    assert summary["runs"] == 3 and summary["emergencies"]["down"]["runs"] == 3
    assert "P(breach)" in result.output and "general" in result.output


def test_a_plan_folder_is_simulated_as_the_staffing(write, tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.csv").write_text(PLAN, encoding="utf-8")
    calm = ONE_DAY.replace("probability: 1", "probability: 0")
    out = tmp_path / "out"
    result = stress(
        str(write("day.yaml", calm)), "--plan", str(plan), "--runs", "2", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    runs = pd.read_csv(out / "runs.csv")
    # eight agents for 24 hours at 20 an hour, each run
    assert runs["cost"].tolist() == [8 * 24 * 20.0] * 2


def test_bad_input_exits_2_with_one_message(write, tmp_path):
    scenario = str(write("day.yaml", ONE_DAY))
    plan = tmp_path / "empty"
    plan.mkdir()
    staffing = write("staff.csv", "interval_start,group,agents\n2026-01-05 00:00,nurses,3\n")
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    cases = [
        (["--staffing", str(staffing), "--plan", str(plan)], "not both"),
        (["--plan", str(tmp_path / "nowhere")], "no such folder"),
        (["--plan", str(plan)], "holds no plan.csv"),
        (["--staffing", str(staffing)], "nurses"),
        (["--runs", "0"], "--runs"),
        (["--out", str(full)], "already holds files"),
    ]
    for options, words in cases:
        result = stress(scenario, *options)
        assert result.exit_code == 2, (options, result.output)
        assert "Traceback" not in result.output
        assert words in " ".join(result.output.split()), (options, result.output)
    assert list(full.iterdir()) == [full / "x"]  # nothing written
    bad = write(
        "bad.yaml",
        ONE_DAY.replace("channel: phone\n    probability", "channel: fone\n    probability"),
    )
    result = stress(str(bad))
    assert result.exit_code == 2 and "emergencies.down.channel" in result.output


def test_help_shows_an_example():
    result = runner.invoke(app, ["stress", "--help"])
    assert result.exit_code == 0
    assert "Example: staffsim stress" in " ".join(result.output.split())
