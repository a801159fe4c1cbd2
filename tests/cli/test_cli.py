"""The command line: what `staffsim simulate` writes, reproducibility, the listing commands."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from scenarios import load_scenario

runner = CliRunner()


def small(single_queue: str) -> str:
    """The one-queue centre cut to one day, to keep the test quick."""
    return single_queue.replace("days: 7", "days: 1")


def test_simulate_writes_kpis_summary_and_resolved_scenario(write, single_queue, tmp_path):
    scenario = write("s.yaml", small(single_queue))
    out = tmp_path / "run"
    result = runner.invoke(
        app, ["simulate", str(scenario), "--replications", "3", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    # the queues' table (its headers wrap at the runner's 80 columns) with the target
    assert "general" in result.output and "level %" in result.output
    assert "target" in result.output and ("✓" in result.output or "✗" in result.output)
    kpis = pd.read_csv(out / "kpis.csv")
    for column in (
        "replication",
        "interval_start",
        "queue",
        "offered",
        "answered",
        "abandoned",
        "answered_within_target",
        "service_level",
        "asa_seconds",
        "wait_p90_seconds",
    ):
        assert column in kpis.columns
    assert len(kpis) == 3 * 96  # replications x intervals x queues
    # service level is answered within target over offered, row by row
    rows = kpis[kpis["offered"] > 0]
    assert (
        rows["service_level"] - rows["answered_within_target"] / rows["offered"]
    ).abs().max() < 1e-9
    assert (kpis["answered"] + kpis["abandoned"] + kpis["unserved"] == kpis["offered"]).all()

    summary = json.loads((out / "summary.json").read_text())
    general = summary["queues"]["general"]
    assert general["offered"] == kpis.groupby("replication")["offered"].sum().mean()
    for key in ("service_level", "abandon_rate", "asa_seconds"):
        low, high = general[key]["ci95"]
        assert low <= general[key]["mean"] <= high
    assert 0 < summary["groups"]["agents"]["occupancy"]["mean"] < 1

    # the resolved scenario loads back into the same scenario
    resolved = yaml.safe_load((out / "scenario.yaml").read_text())
    assert resolved["queues"]["general"]["volume"] == {"per_interval": 150.0}
    assert load_scenario(out / "scenario.yaml") == load_scenario(scenario)


@pytest.mark.slow
def test_same_seed_same_kpis_serially_and_with_two_workers(write, single_queue, tmp_path):
    scenario = str(write("s.yaml", small(single_queue)))
    texts = []
    for name, workers in (("serial", "1"), ("pool", "2"), ("again", "1")):
        out = tmp_path / name
        result = runner.invoke(
            app,
            [
                "simulate",
                scenario,
                "--replications",
                "4",
                "--seed",
                "7",
                "--workers",
                workers,
                "--out",
                str(out),
                "-q",
            ],
        )
        assert result.exit_code == 0, result.output
        texts.append((out / "kpis.csv").read_text())
    assert texts[0] == texts[1] == texts[2]
    other = tmp_path / "other-seed"
    runner.invoke(
        app, ["simulate", scenario, "--replications", "4", "--seed", "8", "--out", str(other), "-q"]
    )
    assert (other / "kpis.csv").read_text() != texts[0]


def test_scenarios_lists_the_builtins():
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0
    assert "baseline" in result.output and "single-queue" in result.output


def test_validate_says_what_a_good_file_holds():
    result = runner.invoke(app, ["validate", "baseline"])
    assert result.exit_code == 0
    assert "ok: baseline" in result.output and "4 queue(s)" in result.output


def test_every_command_has_help_with_an_example():
    for command in ("simulate", "scenarios", "validate", "erlang", "requirements"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: staffsim " + command in result.output
