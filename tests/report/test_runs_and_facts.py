"""Run folders read back, and the figures the report takes from them, against hand-worked
values from the folders in conftest.py."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from report.facts import across_replications, horizon, on_duty_by_hour, queue_facts, windows
from report.runs import read_run
from scenarios.errors import InputError
from tests.report.conftest import EVIL, PLAN, write_folder

T_975_1 = 12.706204736  # Student t, 97.5% quantile, one degree of freedom (printed tables)


def test_a_simulation_folder_reads_with_times_parsed(simulation_run):
    run = read_run(simulation_run)
    assert run.kind == "simulation"
    kpis = run.tables["kpis.csv"]
    assert pd.api.types.is_datetime64_any_dtype(kpis["interval_start"])
    assert run.summary["replications"] == 2 and run.scenario["name"] == "tiny"


def test_service_level_across_replications(simulation_run):
    kpis = read_run(simulation_run).tables["kpis.csv"]
    stats = across_replications(kpis, "service_level", ["interval_start"])
    first = stats.iloc[0]
    # 0.5 and 0.7: mean 0.6, sd 0.1414..., half-width t * sd / sqrt(2) = t * 0.1
    assert first["mean"] == pytest.approx(0.6)
    assert (first["low"], first["high"]) == pytest.approx(
        (0.6 - T_975_1 * 0.1, 0.6 + T_975_1 * 0.1)
    )
    # the closed interval has no number in either replication: no mean, no band
    last = stats.iloc[3]
    assert np.isnan(last["mean"]) and np.isnan(last["low"])


def test_targets_windows_and_horizon_from_the_scenario(simulation_run):
    run = read_run(simulation_run)
    facts = queue_facts(run, EVIL)
    assert (facts.kind, facts.target, facts.max_abandon, facts.within) == (
        "voice",
        0.8,
        0.05,
        "20 s",
    )
    (window,) = windows(run, dt.date(2026, 1, 5))
    assert (window.start, window.end) == (6.0, 12.0)
    span = horizon(run, run.tables["kpis.csv"]["interval_start"])
    assert (span.start, span.days, span.interval_minutes) == (dt.date(2026, 1, 5), 1, 360)
    # interval middles: 3 h, 9 h, ...
    assert list(span.hours(run.tables["kpis.csv"]["interval_start"][:2])) == [3.0, 9.0]


def test_agents_on_duty_by_day_and_hour():
    plan = pd.read_csv(__import__("io").StringIO(PLAN))
    hours = on_duty_by_hour(plan, dt.date(2026, 1, 5), 2)
    expected = np.zeros((2, 24))
    expected[0, [8, 9, 11]] = 2
    expected[0, 10] = 1  # two agents, each away for 30 of the 60 minutes
    expected[0, [22, 23]] = 3  # the night shift: 22:00 to 02:00 the next day
    expected[1, [0, 1]] = 3
    expected[1, 8:12] = 1
    np.testing.assert_allclose(hours, expected)


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({}, "not a staffsim run folder"),
        ({"kpis.csv": "a,b\n1,2\n"}, "missing column(s) replication"),
        ({"plan.csv": ""}, "it is empty"),
        ({"plan.csv": "\x00\xff garbage"}, "missing column"),
        ({"plan.csv": PLAN.replace("2026-01-05", "someday", 1)}, "times"),
        ({"plan.csv": PLAN, "summary.json": "{not json"}, "garbled"),
        ({"plan.csv": PLAN, "summary.json": json.dumps([1, 2])}, "mapping"),
    ],
)
def test_garbled_folders_are_bad_input(tmp_path, files, words):
    folder = write_folder(tmp_path / "run", files)
    with pytest.raises(InputError, match=None) as caught:
        read_run(folder)
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_missing_folder_or_a_file_is_bad_input(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        read_run(tmp_path / "nowhere")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        read_run(tmp_path / "file")
