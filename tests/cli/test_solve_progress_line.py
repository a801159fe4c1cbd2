"""`staffsim plan` and `staffsim frontier` show the solve's progress on a live status line on a
terminal (the seconds of the time limit, the best plan's cost or objective, its gap), and never
with --quiet or off a terminal.

The runner's stderr is no terminal; TTY_COMPATIBLE=1 makes rich treat it as one, as it would a
terminal's. The tiny cover's cost, 160, is worked out in test_plan_progress.py by brute force
and by hand.
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from cli.common import err
from tests.optimise.schedule.centres import centre, need
from tests.optimise.schedule.test_plan_progress import REQUIRED, TYPES

runner = CliRunner()
TERMINAL = {"TTY_COMPATIBLE": "1"}
NOT_TERMINAL = {"TTY_COMPATIBLE": "0"}


@pytest.fixture(autouse=True)
def interactive(monkeypatch):
    """Let each test say again whether its console is a terminal's: rich decides it when the
    console is made, at the first command this process runs."""

    monkeypatch.setattr(err, "is_interactive", err.is_interactive)  # restored after the test

    def as_given(env: dict[str, str]) -> None:
        err.is_interactive = env is TERMINAL

    return as_given


@pytest.fixture
def tiny(write):
    """Return the tiny centre's file and a requirement file for it."""
    document = centre(TYPES, {"g": {"skills": {"a": 1}, "cost_per_hour": 10}})
    path = write("tiny.yaml", yaml.safe_dump(document))
    required = write("required.csv", need({"a": REQUIRED}).to_csv(index=False))
    return path, required


def plan(tmp_path, tiny, env: dict[str, str], *options: str):
    path, required = tiny
    err.is_interactive = env is TERMINAL  # put back after each test by `interactive`
    out = tmp_path / "out"
    arguments = ["plan", str(path), "--requirements", str(required), "--time-limit", "30"]
    result = runner.invoke(app, [*arguments, "--out", str(out), *options], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["cost"] == 160
    return result


def test_plan_shows_the_solve_on_a_terminal(tmp_path, tiny):
    result = plan(tmp_path, tiny, TERMINAL)
    assert "planning tiny" in result.stderr
    assert "of 30 s" in result.stderr
    assert "cost 160.00  gap 0.00%" in result.stderr  # the last report: the plan returned


def test_plan_is_silent_with_quiet(tmp_path, tiny):
    result = plan(tmp_path, tiny, TERMINAL, "--quiet")
    assert "gap 0.00%" not in result.output and "of 30 s" not in result.output


def test_plan_is_silent_off_a_terminal(tmp_path, tiny):
    result = plan(tmp_path, tiny, NOT_TERMINAL)
    assert "gap 0.00%" not in result.output and "of 30 s" not in result.output


@pytest.mark.parametrize("env", [TERMINAL, NOT_TERMINAL])
def test_frontier_shows_each_budgets_solve_on_a_terminal_only(tmp_path, tiny, env, interactive):
    interactive(env)
    path, _ = tiny
    out = tmp_path / "frontier"
    arguments = ["frontier", str(path), "--budgets", "80,160", "--replications", "2"]
    result = runner.invoke(
        app, [*arguments, "--time-limit", "30", "--out", str(out), "--no-report"], env=env
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert [point["budget"] for point in summary["points"]] == [80, 160]
    shown = "objective " in result.stderr and "of 30 s" in result.stderr
    assert shown == (env is TERMINAL)
