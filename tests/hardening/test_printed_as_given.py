"""What users wrote is printed as they wrote it: rich markup in names is text, JSON holds no
NaN or infinity, and a roster reads every benchmark instance and each agent's dates."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from optimise.roster.from_plan import plan_instance
from optimise.roster.instance import read_instance
from optimise.roster.plan_files import Agent
from tests.hardening.cli_checks import TINY_CENTRE, Workspace, flat, run

BENCHMARK = Path("/work/shared/data/shift-scheduling-benchmark")


def centre_named(w: Workspace, name: str, queue: str, group: str) -> Path:
    """Return a one-day scenario of the given names."""
    document = json.loads(json.dumps(TINY_CENTRE))
    document["name"] = name
    document["horizon"]["days"] = 1
    document["queues"] = {queue: document["queues"]["a"]}
    document["agent_groups"] = {group: {"skills": {"a": 1}, "cost_per_hour": 10}}
    document["staffing"] = {group: 5}
    return w.file("centre.yaml", yaml.safe_dump(document))


def test_names_in_rich_markup_are_printed_as_written(w: Workspace):
    scenario = centre_named(w, "[/x]", "[bold]q[/bold]", "[/g]")  # names in rich markup
    result = run(["validate", scenario])
    assert result.exit_code == 0, result.output
    assert "ok: [/x]" in flat(result.output)

    out = w.root / "[/b]" / "[red]run"
    result = run(["simulate", scenario, "--replications", "2", "--out", out])  # progress shown
    assert result.exit_code == 0, result.output
    printed = flat(result.output)
    assert "[bold]q[/bold]" in printed and "[/g]" in printed and "[red]run" in printed


def test_names_holding_emoji_codes_are_printed_as_written(w: Workspace):
    # rich turns ":phone:" into a telephone sign unless told not to: a name is text
    scenario = centre_named(w, "centre:x:", "gen:phone:eral", ":smile:")
    result = run(["validate", scenario])
    assert result.exit_code == 0, result.output
    assert "ok: centre:x:" in flat(result.output)

    result = run(["simulate", scenario, "--replications", "2", "--out", w.root / "run:x:"])
    assert result.exit_code == 0, result.output
    printed = flat(result.output)
    assert "gen:phone:eral" in printed and ":smile:" in printed and "run:x:" in printed


def test_a_benchmark_file_named_in_markup_is_named_as_is(w: Workspace):
    folder = w.root / "[bold]"
    folder.mkdir()
    result = run(["roster", "--instance", folder / "[/i].txt", "--out", w.out()])
    assert result.exit_code == 2
    assert "[bold]/[/i].txt: instance file not found" in flat(result.output)


def test_erlang_json_holds_null_for_a_wait_that_never_ends():
    # no agents and impatient callers: everyone abandons, nobody is answered, ASA undefined
    line = "erlang --volume 100 --aht-seconds 180 --patience-seconds 60 --agents 0 --json"
    result = run(line.split())
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)  # strict JSON: no NaN or Infinity
    assert figures["asa_seconds"] is None
    assert figures["abandon_rate"] == 1.0


def test_erlang_c_sizes_a_stable_queue_even_for_a_target_of_0():
    # 100 calls of 180 s in 15 minutes are 20 Erlangs: 20 agents never catch up; 21 do
    result = run(["erlang", "--volume", "100", "--aht-seconds", "180", "--target", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["agents"] == 21


@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="the benchmark instances are not here")
def test_every_benchmark_instance_passes_the_checks():
    for number in range(1, 25):
        problem = read_instance(BENCHMARK / f"Instance{number}.txt")
        assert problem.staff and problem.shifts and problem.cover


def test_an_agents_date_is_that_one_day_in_any_week_of_the_roster():
    plan = pd.DataFrame(
        {
            "group": ["g"] * 7,
            "day": [f"2026-01-{d:02d}" for d in range(5, 12)],
            "shift_type": ["day"] * 7,
            "start": ["08:00"] * 7,
            "end": ["16:00"] * 7,
            "breaks": [""] * 7,
            "agents": [1] * 7,
        }
    )
    away = Agent("a", "g", 40, 0, ("2026-01-06", "2026-01-14", "2027-01-01", "sun"), ())
    problem, _ = plan_instance(plan, [away], pd.Timestamp("2026-01-05"), weeks=2)
    # Tuesday of week 1 and Wednesday of week 2 (dates, once each), both Sundays (a weekday);
    # a date beyond the roster does not concern it
    assert problem.days_off["a"] == {1, 9, 6, 13}
