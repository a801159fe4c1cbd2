"""Every command that writes a results folder writes report.html there, unless --no-report."""

from __future__ import annotations

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
