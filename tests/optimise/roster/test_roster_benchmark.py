"""Benchmark instances: the roster keeps every hard rule and its objective is the checker's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.optimise.roster.roster_checker import objective, read_instance, read_roster, violations

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "shift-scheduling-benchmark"
runner = CliRunner()


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason=f"the benchmark instances are not at {DATA}")
@pytest.mark.parametrize("number", [1, 2])
def test_roster_is_feasible_and_scored_as_the_independent_checker_scores_it(tmp_path, number):
    path = DATA / f"Instance{number}.txt"
    out = tmp_path / "roster"
    result = runner.invoke(
        app, ["roster", "--instance", str(path), "--time-limit", "60", "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    instance = read_instance(path)
    roster = read_roster(out / "roster.csv")
    assert violations(instance, roster) == []
    summary = json.loads((out / "summary.json").read_text())
    assert summary["objective"] == objective(instance, roster)
    assert f"objective {summary['objective']}" in result.output
    if summary["status"] == "optimal":
        assert summary["bound"] == pytest.approx(summary["objective"])


def test_missing_instance_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["roster", "--instance", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "instance file not found" in result.output
