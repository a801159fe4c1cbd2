"""The example files under examples/ run as the README gives them: a centre to start from, a
staffing by interval for the baseline, and a small rostering instance in the benchmark format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from cli.app import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def test_my_centre_validates_and_simulates(tmp_path):
    centre = str(EXAMPLES / "my-centre.yaml")
    assert runner.invoke(app, ["validate", centre]).exit_code == 0
    out = tmp_path / "mine"
    result = runner.invoke(app, ["simulate", centre, "--replications", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    kpis = pd.read_csv(out / "kpis.csv")
    # phones open 08:00-18:00 on weekdays only: 5 days x 20 half hours open, per replication
    calls = kpis[kpis["queue"] == "calls"]
    assert int(calls["open"].sum()) == 2 * 5 * 20
    assert (calls.loc[~calls["open"], "offered"] == 0).all()


def test_roster_counts_staff_the_baseline_as_written(tmp_path):
    counts = EXAMPLES / "roster-counts.csv"
    out = tmp_path / "counts"
    result = runner.invoke(
        app,
        [
            "simulate",
            "baseline",
            "--staffing",
            str(counts),
            "--replications",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    wanted = pd.read_csv(counts).set_index(["interval_start", "group"])["agents"]
    occupancy = pd.read_csv(out / "occupancy.csv").set_index(["interval_start", "group"])
    # agents on duty per interval: the file's count where it lists one, none elsewhere (at
    # most the few finishing a contact in hand past the end of their hours)
    on_duty = occupancy["agents"]
    assert ((on_duty.reindex(wanted.index) - wanted).abs() < 1e-9).mean() > 0.95
    assert on_duty.drop(wanted.index).mean() < 1


def test_tiny_instance_rosters_with_no_penalty(tmp_path):
    # A roster of penalty 0 exists, so 0 is the least (penalties are never negative):
    #   A: E E E E E - -   (off Sat-Sun; day 0's early shift as requested)
    #   B: - - L L L L L   (off Mon-Tue, so not on the late shift of day 1 it asked to avoid)
    #   C: L L - - - E E   (off Wed-Fri; a late shift is never followed by an early one)
    # every day one early and one late, 4-5 shifts of 480 minutes each, blocks of 2 or more
    out = tmp_path / "tiny"
    result = runner.invoke(
        app, ["roster", "--instance", str(EXAMPLES / "tiny-instance.txt"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "objective 0 " in result.output
    roster = pd.read_csv(out / "roster.csv")
    assert roster.groupby(["day", "shift"]).size().to_dict() == {
        (day, shift): 1 for day in range(7) for shift in ("E", "L")
    }
    off = {"A": 6, "B": 0, "C": 3}  # each one's day off, as the instance gives it
    assert not any(((roster["employee"] == e) & (roster["day"] == d)).any() for e, d in off.items())
