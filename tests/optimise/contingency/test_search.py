"""staffsim contingency end to end on one queue: the chosen levers lower P(breach) on the same
draws, within the budget, and the command writes its files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.app import app
from optimise.contingency import plan_contingency
from scenarios import Scenario, scenario_from_dict

SURGE = {
    "type": "surge",
    "queue": "general",
    "probability": 0.5,
    "when": {"days": "mon", "hours": "08:00-12:00"},
    "duration": {"hours": [2, 4]},
    "volume_multiplier": [1.3, 1.6],
}
RESERVE = {
    "group": "agents",
    "agents": 30,
    "lead_minutes": 0,
    "hours": 8,
    "callout_cost": 10,
    "cost_per_hour": 30,
    "trigger": {"emergency": True},
}


def centre() -> dict:
    """Return one voice queue for a day (50 Erlangs, 54 agents: service about 0.89 at 20 s)
    with a random surge and a reserve menu."""
    return {
        "name": "one-queue-levers",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 15},
        "channels": {"phone": {"kind": "voice"}},
        "queues": {
            "general": {
                "channel": "phone",
                "skill": "general",
                "volume": {"per_interval": 150},
                "handle_time": {"distribution": "exponential", "mean_seconds": 300},
                "patience": {"distribution": "exponential", "mean_seconds": 120},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {"agents": {"skills": {"general": 1.0}, "cost_per_hour": 20}},
        "staffing": {"agents": 54},
        "emergencies": {"surge": SURGE},
        "contingency": {"reserve": RESERVE},
    }


def scenario() -> Scenario:
    """Return the one-queue centre validated."""
    return scenario_from_dict(centre())


def test_chosen_levers_lower_p_breach_within_the_budget() -> None:
    plan = plan_contingency(scenario(), budget=2_000, runs=12, seed=3)
    row = plan.comparison().query("target == 'service_level'").iloc[0]
    assert row["p_breach_before"] > 0
    assert row["p_breach_after"] <= row["p_breach_before"] / 2
    assert 0 < plan.sizing.agents["reserve"] <= 30
    assert plan.sizing.expected_cost <= 2_000
    # the emergencies drawn are the same before and after (common random numbers)
    assert plan.before.happened == plan.after.happened


def test_the_command_writes_the_plan(tmp_path) -> None:
    path = tmp_path / "centre.yaml"  # JSON is YAML
    path.write_text(json.dumps(centre()))
    out = tmp_path / "plan"
    result = CliRunner().invoke(
        app, ["contingency", str(path), "--budget", "2000", "--runs", "6", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"levers.csv", "breach.csv", "summary.json"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["budget"] == 2000 and "reserve" in summary["levers"]
