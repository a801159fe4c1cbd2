"""Every command that writes a results folder writes report.html there, unless --no-report."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()


def test_simulate_and_requirements_write_a_report_unless_told_not_to(write, single_queue, tmp_path):
    scenario = str(write("s.yaml", single_queue.replace("days: 7", "days: 1")))
    runs = {
        "simulate": ["simulate", scenario, "--replications", "2", "-q"],
        "requirements": ["requirements", scenario],
    }
    for name, args in runs.items():
        with_report, without = tmp_path / f"{name}-1", tmp_path / f"{name}-2"
        assert runner.invoke(app, [*args, "--out", str(with_report)]).exit_code == 0
        page = (with_report / "report.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and 'class="chart"' in page
        result = runner.invoke(app, [*args, "--out", str(without), "--no-report"])
        assert result.exit_code == 0, result.output
        assert not (without / "report.html").exists()


def _written(args: list[str], folder) -> str:
    """Run a command writing into `folder`, then again into a second folder with --no-report;
    return the first folder's report page (the second must have none)."""
    result = runner.invoke(app, [*args, "--out", str(folder)])
    assert result.exit_code == 0, result.output
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="chart"' in page
    bare = folder.with_name(folder.name + "-bare")
    result = runner.invoke(app, [*args, "--out", str(bare), "--no-report"])
    assert result.exit_code == 0, result.output
    assert bare.is_dir() and not (bare / "report.html").exists()
    return page


def test_stress_and_contingency_write_a_report_unless_told_not_to(write, tmp_path):
    from tests.cli.test_stress_command import ONE_DAY
    from tests.optimise.contingency.test_search import centre

    stress = str(write("day.yaml", ONE_DAY))
    page = _written(["stress", stress, "--runs", "2", "-q"], tmp_path / "stress")
    assert 'data-chart="p-breach"' in page
    levers = str(write("levers.yaml", json.dumps(centre())))  # JSON is YAML
    page = _written(
        ["contingency", levers, "--budget", "2000", "--runs", "4", "-q"], tmp_path / "levers"
    )
    assert 'data-chart="contingency-breach"' in page and "<td>reserve</td>" in page


def test_roster_writes_a_report_unless_told_not_to(write, tmp_path):
    from tests.optimise.roster.test_roster_of_plan import two_shift_centre

    scenario = write("centre.yaml", yaml.safe_dump(two_shift_centre()))
    plan_dir = tmp_path / "plan"
    planned = runner.invoke(app, ["plan", str(scenario), "--out", str(plan_dir), "-q"])
    assert planned.exit_code == 0, planned.output
    team = runner.invoke(app, ["agents", str(plan_dir)])
    assert team.exit_code == 0, team.output
    args = ["roster", str(plan_dir), "--agents", str(plan_dir / "agents.csv"), "-q"]
    page = _written(args, tmp_path / "roster")
    assert 'data-chart="roster-gantt"' in page and 'data-chart="roster-hours"' in page
    assert "agents working" in page  # the fairness table
