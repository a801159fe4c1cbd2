"""The contingency optimiser's discrete levers: diversions switched on or off by the model on
the deficits a diversion changes (the rule of `optimise.contingency.needs`, checked against the
requirements it reads), and the call-back threshold chosen among candidates by stress runs on
the same draws."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from cli.app import app
from optimise.contingency import plan_contingency
from optimise.contingency.needs import diversion_switches, run_deficits_of, run_needs
from optimise.queueing.requirements import requirements
from scenarios import scenario_from_dict
from tests.optimise.contingency.test_search import centre

WINDOW = {"window": {"start": "2026-01-05 09:00", "end": "2026-01-05 10:00"}}


def two_queues(diversion: dict) -> dict:
    """Return the one-queue centre with a second voice queue of another skill and handle time
    (360 s against 300 s), and a diversion from the first to it."""
    spec = centre()
    spec["queues"]["other"] = {
        **spec["queues"]["general"],
        "skill": "other",
        "volume": {"per_interval": 20},
        "handle_time": {"distribution": "exponential", "mean_seconds": 360},
    }
    spec["agent_groups"]["others"] = {"skills": {"other": 1.0}, "cost_per_hour": 20}
    spec["staffing"] = {"agents": 54, "others": 10}
    spec["contingency"] = {"diversions": [diversion]}
    return spec


def test_a_diversion_relieves_its_queue_and_loads_the_target_by_the_linear_rule() -> None:
    diversion = {"queue": "general", "to": "other", "share": 0.5, "cost": 2, "trigger": WINDOW}
    scenario = scenario_from_dict(two_queues(diversion))
    needs = run_needs(scenario, 1, 4)
    deficits = run_deficits_of(scenario, needs)
    (switch,) = diversion_switches(scenario, needs, deficits)
    assert switch.name == "divert:general>other"
    # the normal week's agents (the requirements, read not computed here) over 09:00-10:00
    plain = scenario.model_copy(update={"contingency": None, "emergencies": {}})
    table = requirements(plain)
    hour = table[
        (table["interval_start"] >= pd.Timestamp("2026-01-05 09:00"))
        & (table["interval_start"] < pd.Timestamp("2026-01-05 10:00"))
    ]
    general = hour[hour["queue"] == "general"]
    columns = list(deficits.columns)
    for run in range(4):
        if needs.drawn[run]:
            continue  # with a surge the general queue's deficit changes too: not by hand
        # no emergency: no deficit; half of general's need moves to other at 360/300 of it
        added = 0.5 * general["agents"].to_numpy() * 360 / 300
        assert switch.relief[run, columns.index("other")] == -math.ceil(added.max())
        assert switch.relief[run, columns.index("general")] == 0  # it had no deficit to relieve
        # it moves half the hour's expected contacts, at 2 each
        assert switch.moved[run] == np.float64(0.5 * general["volume"].sum())
        assert switch.cost[run] == 2 * switch.moved[run]
    assert not all(needs.drawn[run] for run in range(4))


def test_the_call_back_threshold_is_the_best_of_the_candidates_on_the_same_draws(
    tmp_path,
) -> None:
    spec = centre()
    spec["contingency"]["callback"] = {
        "queues": ["general"],
        "threshold_seconds": 60,
        "choose_from_seconds": [20, 600],
        "accept": 0.6,
        "promise_minutes": 60,
        "cost": 1.5,
        "trigger": {"emergency": True},
    }
    scenario = scenario_from_dict(spec)
    penalty = 10_000.0
    plan = plan_contingency(scenario, penalty=penalty, runs=8, seed=3)
    trials = plan.summary()["callback_trials"]
    assert [t["threshold_seconds"] for t in trials] == [None, 20, 60, 600]
    # the choice minimises the expected cost plus the penalty per breaching week
    scores = [t["lever_cost"] + penalty * t["breaching_share"] for t in trials]
    chosen = trials[int(np.argmin(scores))]["threshold_seconds"]
    assert plan.callback_threshold() == chosen
    assert plan.before.happened == plan.after.happened  # the same emergencies throughout
    table = plan.levers_table().set_index("lever")
    assert table.loc["callback", "kind"] == "callback"
    assert table.loc["callback", "setting"] == ("off" if chosen is None else f"{chosen:g}")
    if chosen is not None:
        accepted = plan.after.runs.drop_duplicates("run")["callbacks_accepted"].mean()
        assert table.loc["callback", "expected_moved"] == accepted
        assert table.loc["callback", "expected_cost"] == 1.5 * accepted

    # the command writes the same choice into levers.csv and summary.json
    path = tmp_path / "centre.yaml"
    path.write_text(json.dumps(spec))
    out = tmp_path / "plan"
    args = ["contingency", str(path), "--runs", "8", "--seed", "3", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--no-report"])
    assert result.exit_code == 0, result.output
    levers = pd.read_csv(out / "levers.csv")
    assert list(levers.columns) == [
        "lever",
        "agents",
        "kind",
        "setting",
        "expected_cost",
        "expected_moved",
        "within_promise",
    ]
    assert set(levers["kind"]) == {"reserve", "callback"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["callback_threshold_seconds"] == chosen
