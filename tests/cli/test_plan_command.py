"""`staffsim plan` from the command line: the files it writes, simulate reading plan.csv,
exit status 3 when no plan covers and 2 when the scenario has no shift rules."""

from __future__ import annotations

import json
import time

import pandas as pd
import yaml
from typer.testing import CliRunner

import cli
from cli.app import app
from tests.optimise.schedule.centres import centre

runner = CliRunner()


def test_plan_command_writes_files_simulate_reads_and_exit_3_when_impossible(tmp_path, write):
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    document = centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    path = write("tiny.yaml", yaml.safe_dump(document))
    out = tmp_path / "plan"
    result = runner.invoke(app, ["plan", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["bound"] <= summary["cost"] + 1e-6
    coverage = pd.read_csv(out / "coverage.csv")
    assert (coverage["scheduled"] >= coverage["required"] - 1e-6).all()
    simulated = runner.invoke(
        app,
        [
            "simulate",
            str(path),
            "--staffing",
            str(out / "plan.csv"),
            "--replications",
            "2",
            "--out",
            str(tmp_path / "sim"),
            "-q",
        ],
    )
    assert simulated.exit_code == 0, simulated.output
    capped = {
        **document,
        "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10, "max_agents": 1}},
    }
    impossible = runner.invoke(
        app,
        [
            "plan",
            str(write("capped.yaml", yaml.safe_dump(capped))),
            "--out",
            str(tmp_path / "none"),
            "--quiet",
        ],
    )
    assert impossible.exit_code == 3
    assert "short by" in impossible.output
    assert not (tmp_path / "none").exists()


def test_planning_a_scenario_without_shift_rules_is_bad_input(write):
    document = centre(
        {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}},
        {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
    )
    del document["shifts"]

    result = runner.invoke(app, ["plan", str(write("norules.yaml", yaml.safe_dump(document)))])
    assert result.exit_code == 2
    assert "shifts: the scenario has no shift rules" in result.output


def test_a_command_called_in_a_running_process_starts_its_own_clock(tmp_path, write, monkeypatch):
    # a process up for three hours (a notebook, a test session): --time-limit 30 still gives
    # the command 30 s from when it is called, so the tiny plan is proven optimal
    monkeypatch.setattr(cli, "STARTED", time.monotonic() - 3 * 3600)
    types = {"day": {"length_hours": 8, "start": ["08:00", "08:00"]}}
    document = centre(types, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    path = write("tiny.yaml", yaml.safe_dump(document))
    out = tmp_path / "plan"
    result = runner.invoke(app, ["plan", str(path), "--time-limit", "30", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["status"] == "optimal"
