"""`staffsim plan --verify` from the command line: the files it writes agree with each other,
and options it cannot honour are refused; Ctrl-C while a command starts."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import yaml
from typer.testing import CliRunner

from cli.app import app
from tests.optimise.simopt.test_verify import hourly_queue

runner = CliRunner()


def test_verify_writes_the_plan_its_iterations_and_its_simulation(tmp_path, write):
    path = write("hourly.yaml", yaml.safe_dump(hourly_queue()))
    out = tmp_path / "verified"
    args = ["plan", str(path), "--verify", "--replications", "3", "--iterations", "2"]
    result = runner.invoke(app, [*args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    shifts = pd.read_csv(out / "plan.csv")
    assert summary["cost"] == round(float(shifts["cost"].sum()), 2)
    iterations = pd.read_csv(out / "iterations.csv")
    verdict = summary["verify"]
    assert len(iterations) == verdict["iterations"] <= 2
    chosen = iterations.set_index("iteration").loc[verdict["iteration"]]
    assert chosen["cost"] == summary["cost"]
    kpis = pd.read_csv(out / "kpis.csv")
    assert sorted(kpis["replication"].unique()) == [0, 1, 2]
    # the verdict is the pooled service of the kpis written beside it
    level = kpis["answered_within_target"].sum() / kpis["offered"].sum()
    assert verdict["queues"]["calls"]["service_level"] == level
    assert "held" in result.output or "holds" in result.output


def test_verify_with_a_tight_budget_stays_within_it_and_says_which_queue_is_short(tmp_path, write):
    path = write("hourly.yaml", yaml.safe_dump(hourly_queue()))
    out = tmp_path / "budget"
    # 12 open hours x 10 agents x 10 an hour: about half the 19 agents an hour Erlang A asks
    args = ["plan", str(path), "--verify", "--budget", "1200", "--replications", "3"]
    result = runner.invoke(app, [*args, "--iterations", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    shifts = pd.read_csv(out / "plan.csv")
    assert float(shifts["cost"].sum()) <= 1200
    iterations = pd.read_csv(out / "iterations.csv")
    assert (iterations["cost"] <= 1200).all()
    verdict = summary["verify"]
    assert verdict["budget"] == 1200 and verdict["stopped_by"] == "budget"
    assert verdict["queues"]["calls"]["verdict"] == "short: the budget buys no more"
    assert "the budget buys no more" in " ".join(result.output.split())


def test_verify_with_a_requirement_file_is_refused(tmp_path, write):
    path = write("hourly.yaml", yaml.safe_dump(hourly_queue()))
    needs = write("needs.csv", "interval_start,skill,agents\n")
    result = runner.invoke(app, ["plan", str(path), "--verify", "--requirements", str(needs)])
    assert result.exit_code == 2
    assert "--requirements" in result.output


def test_ctrl_c_while_the_command_starts_exits_130_without_a_traceback(tmp_path):
    command = shutil.which("staffsim") or str(Path(sys.executable).parent / "staffsim")
    process = subprocess.Popen(
        [
            command,
            "simulate",
            "baseline",
            "--replications",
            "50",
            "--out",
            str(tmp_path / "r"),
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # not ignoring SIGINT as a background job would
    )
    time.sleep(0.3)  # while the libraries load (or, on a fast machine, just after)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert b"Traceback" not in err


def test_also_needs_verify_and_an_emergency_of_the_same_week(tmp_path, write):
    path = write("hourly.yaml", yaml.safe_dump(hourly_queue()))
    alone = runner.invoke(app, ["plan", str(path), "--also", "outage", "-q"])
    assert alone.exit_code == 2 and "--also" in alone.output
    other_week = runner.invoke(
        app,
        ["plan", str(path), "--verify", "--also", "outage", "--out", str(tmp_path / "o"), "-q"],
    )
    assert other_week.exit_code == 2
    assert "outage: horizon:" in other_week.output and "same week" in other_week.output
    assert not (tmp_path / "o" / "plan.csv").exists()
