"""`staffsim erlang` and `staffsim requirements` from the command line."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()
EXAMPLE = [
    "erlang",
    "--volume",
    "100",
    "--interval-minutes",
    "30",
    "--aht-seconds",
    "180",
    "--answer-within-seconds",
    "20",
    "--target",
    "0.8",
]


def test_erlang_sizes_the_published_example_as_json():
    # Prevos (lucidmanager.org, 2018): 14 agents, P(wait) 0.174, SL 0.888, occupancy 0.714;
    # 30% shrinkage -> 20 to schedule
    result = runner.invoke(app, [*EXAMPLE, "--shrinkage", "0.3", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer) == {
        "agents",
        "service_level",
        "asa_seconds",
        "p_wait",
        "occupancy",
        "abandon_rate",
        "scheduled_agents",
    }
    assert answer["agents"] == 14 and answer["scheduled_agents"] == 20
    assert round(answer["p_wait"], 3) == 0.174
    assert round(answer["service_level"], 3) == 0.888
    assert answer["abandon_rate"] == 0


def test_erlang_evaluates_given_agents_and_prints_a_table():
    result = runner.invoke(app, [*EXAMPLE, "--agents", "13"])
    assert result.exit_code == 0
    assert "Erlang C" in result.output and "service level" in result.output


def test_erlang_a_with_patience_reports_abandonment():
    result = runner.invoke(
        app,
        [
            "erlang",
            "--volume",
            "150",
            "--aht-seconds",
            "300",
            "--patience-seconds",
            "120",
            "--agents",
            "40",
            "--json",
        ],
    )
    answer = json.loads(result.output)
    assert 0.15 < answer["abandon_rate"] < 0.3  # overloaded: 50 Erlangs on 40 agents


@pytest.mark.parametrize(
    "arguments, words",
    [
        (["--volume", "-5", "--aht-seconds", "300"], "--volume"),
        (["--volume", "5", "--aht-seconds", "300", "--target", "1.5"], "between 0 and 1"),
        (["--volume", "150", "--aht-seconds", "300", "--agents", "50"], "grows without bound"),
        (["--volume", "15", "--aht-seconds", "300", "--shrinkage", "1"], "below 1"),
    ],
)
def test_erlang_nonsense_gets_a_message_and_status_2(arguments, words):
    result = runner.invoke(app, ["erlang", *arguments])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_requirements_writes_the_table_and_prints_a_daily_summary(tmp_path):
    out = tmp_path / "needs"
    result = runner.invoke(
        app, ["requirements", "baseline", "--shrinkage", "0.3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Daily requirements" in result.output
    table = pd.read_csv(out / "requirements.csv")
    for column in (
        "interval_start",
        "queue",
        "skill",
        "volume",
        "aht_seconds",
        "agents",
        "scheduled_agents",
        "service_level",
        "asa_seconds",
        "abandon_rate",
        "occupancy",
    ):
        assert column in table.columns
    assert len(table) == 4 * 672
    assert (table["scheduled_agents"] >= table["agents"]).all()
    assert (out / "skill_requirements.csv").exists()
