"""The report page: every section a run's tables allow, users' text escaped, runs side by side,
and `staffsim report` writing it whole or refusing a bad folder with exit status 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from cli.app import app
from report.html import report_html, write_report
from report.runs import read_run
from tests.report.conftest import EVIL

runner = CliRunner()


def test_users_text_is_escaped_everywhere(simulation_run, plan_run):
    page = report_html([read_run(simulation_run), read_run(plan_run)])
    assert EVIL not in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_chart_is_well_formed_svg(simulation_run, plan_run):
    page = report_html([read_run(simulation_run), read_run(plan_run)])
    charts = page.split("<svg")[1:]
    assert len(charts) >= 6
    for chunk in charts:
        ET.fromstring("<svg" + chunk[: chunk.index("</svg>") + len("</svg>")])


def test_sections_follow_the_tables_held(simulation_run, plan_run):
    simulation = report_html([read_run(simulation_run)])
    plan = report_html([read_run(plan_run)])
    for name in ("service-level", "abandon-rate", "asa-seconds", "group-agents", "group-share"):
        assert f'data-chart="{name}"' in simulation and f'data-chart="{name}"' not in plan
    for name in ("plan-heat-map", "plan-cost", "required-scheduled"):
        assert f'data-chart="{name}"' in plan and f'data-chart="{name}"' not in simulation
    # the queue misses its target (0.8 mean is not below 0.8: no mark); the outage is shaded
    assert 'class="event"' in simulation


def test_two_runs_side_by_side(simulation_run, tmp_path):
    other = tmp_path / "again"
    other.mkdir()
    for file in simulation_run.iterdir():
        (other / file.name).write_bytes(file.read_bytes())
    page = report_html([read_run(simulation_run), read_run(other)])
    assert page.count('style="--runs:2"') >= 5
    assert page.count('data-chart="service-level"') == 2


def test_write_report_into_a_folder_or_a_file(simulation_run, tmp_path):
    assert write_report([simulation_run], tmp_path) == tmp_path / "report.html"
    written = write_report([simulation_run], tmp_path / "deeper" / "r.html")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command(simulation_run, plan_run, tmp_path):
    out = tmp_path / "both.html"
    result = runner.invoke(
        app, ["report", str(simulation_run), str(plan_run), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and "both.html" in result.output
    alone = runner.invoke(app, ["report", str(plan_run), "--quiet"])
    assert alone.exit_code == 0 and (plan_run / "report.html").is_file()


def test_report_command_refuses_a_bad_folder_and_writes_nothing(tmp_path, plan_run):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "r.html"
    for folder in (tmp_path / "missing", tmp_path / "empty"):
        result = runner.invoke(app, ["report", str(plan_run), str(folder), "--out", str(out)])
        assert result.exit_code == 2
        assert result.output.count("error:") == 1
        assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_version_and_short_help():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"staffsim {version('staffsim')}"
    short = runner.invoke(app, ["report", "-h"])
    assert short.exit_code == 0 and "Example: staffsim report" in short.output


def test_the_overview_is_worked_out_from_the_tables(simulation_run):
    # each replication answers 5 + 10 + 8 = 23 and 7 + 10 + 6 = 23 of 30 within target:
    # 76.7% in both, so no spread; below the 80% target, the row is marked
    page = report_html([read_run(simulation_run)])
    assert "76.7% ± 0.0%" in page and "over 2 replications" in page
    assert '<tr class="miss">' in page
    # busy 54,000 of 108,000 staffed seconds in each replication (the closed interval, with
    # nobody on duty, does not count)
    assert "<td>team</td><td>50.0% ± 0.0%</td>" in page


def test_satisfaction_against_goals(simulation_run):
    import json

    (simulation_run / "journeys.csv").write_text(
        "replication,interval_start,queue\n0,2026-01-05 00:00:00,q\n", encoding="utf-8"
    )
    summary = json.loads((simulation_run / "summary.json").read_text())
    summary["satisfaction"] = {
        "queues": {
            EVIL: {
                "csat": {"mean": 0.8, "ci95": [0.78, 0.82]},
                "goals": {"csat": {"goal": 0.85, "met": False}},
            }
        },
        "centre": {
            "csat": {"mean": 0.9, "ci95": [0.9, 0.9]},
            "goals": {"csat": {"goal": 0.85, "met": True}},
        },
    }
    (simulation_run / "summary.json").write_text(json.dumps(summary))
    page = report_html([read_run(simulation_run)])
    assert "goals: CSAT at least 85%" in page
    assert (
        f"<td>{EVIL.replace('<', '&lt;').replace('>', '&gt;')}</td><td>80.0% ± 2.0% ✗</td>" in page
    )
    assert "<td>centre</td><td>90.0% ± 0.0% ✓</td>" in page
