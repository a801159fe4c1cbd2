"""The call-back lever against answers worked by hand and a binomial interval.

A micro-centre: one agent, fixed 100 s calls, a threshold of 150 s on the expected wait
(W + 1) x 100 / 1, where W counts the callers waiting ahead whose patience has not run out.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats

from scenarios import Scenario, scenario_from_dict
from scenarios.errors import ScenarioError
from sim import simulate
from sim.contacts import Contacts, Outcome
from sim.engine import run_replication
from sim.layout import Replication, centre_layout
from sim.levers import lever_table, run_levers
from sim.stress import stress

HANDLE = 100.0


def micro(callback: dict | None, agents: int = 1, **extra: object) -> Scenario:
    """Return one voice queue (and a chat queue), fixed 100 s calls, `agents` agents by count."""
    queue = {
        "skill": "general",
        "volume": {"per_interval": 0},
        "handle_time": {"distribution": "fixed", "mean_seconds": HANDLE},
        "sla": {"answer_within_seconds": 20, "target": 0.8},
    }
    spec: dict = {
        "name": "callback-micro",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 15},
        "channels": {"phone": {"kind": "voice"}, "web": {"kind": "chat"}},
        "queues": {
            "general": {"channel": "phone", **queue},
            "chat": {"channel": "web", **queue, "skill": "web"},
        },
        "agent_groups": {"agents": {"skills": {"general": 1.0, "web": 1.0}, "cost_per_hour": 20}},
        "staffing": {"agents": agents},
        **extra,
    }
    if callback is not None:
        spec["contingency"] = {"callback": callback}
    return scenario_from_dict(spec)


def run(scenario: Scenario, contacts: Contacts, seed: int = 1) -> tuple[Replication, dict]:
    """Return one replication of the given contacts and its call-back usage row."""
    layout = dataclasses.replace(centre_layout(scenario), levers=run_levers(scenario, seed, 0))
    result = run_replication(layout, contacts, trace=True)
    assert result.levers is not None
    table = lever_table(scenario, result.levers, 0).set_index("lever")
    return result, table.loc["callback:general"].to_dict()


# arrivals at 0, 10, 20, 30, 40 and 250 s, all 100 s long, patience 150 s
ARRIVALS = [0.0, 10.0, 20.0, 30.0, 40.0, 250.0]
HAND = Contacts.from_lists(ARRIVALS, [0] * 6, [HANDLE] * 6, [150.0] * 6)
RULE = {"queues": ["general"], "threshold_seconds": 150, "promise_minutes": 5, "cost": 2.5}


def test_every_caller_who_meets_the_rule_is_called_back_at_acceptance_one() -> None:
    # t=0   agent free: served 0-100, no offer
    # t=10  W=0: (0+1) x 100 = 100 <= 150, waits in the live queue
    # t=20  W=1 (contact 1): 200 > 150, offered, accepts, leaves the live queue
    # t=30  W=1 (contacts 2 left): 200 > 150, offered, accepts; t=40 likewise
    # t=100 agent frees: the live caller 1 first (100-200)
    # t=200 no live caller: call-back 2 (200-300), waited 180 s
    # t=250 W=0: 100 <= 150, waits live; at 300 it goes before the call-backs (300-400)
    # t=400 call-back 3 (waited 370 s), t=500 call-back 4 (460 s)
    result, row = run(micro({**RULE, "accept": 1.0}), HAND)
    answered = {c: t for t, event, c, _ in result.log if event == "answer"}
    assert answered == {0: 0.0, 1: 100.0, 2: 200.0, 5: 300.0, 3: 400.0, 4: 500.0}
    assert [c for _, event, c, _ in result.log if event == "callback"] == [2, 3, 4]
    # patience 150 s would have lost 2, 3 and 4: a call-back does not abandon
    assert (result.outcomes.outcome == Outcome.answered).all()
    # promise 5 minutes = 300 s: 180 kept, 370 and 460 not; cost 3 x 2.5
    assert (row["offered"], row["accepted"], row["within_promise"]) == (3, 3, 1)
    assert row["moved"] == 3 and row["cost"] == pytest.approx(7.5)


def test_no_caller_leaves_the_live_queue_at_acceptance_zero() -> None:
    # offers as above at 20 (W=1), 30 (W=2), 40 (W=3); none accepts. At 100 the agent takes 1;
    # at 200 callers 2, 3, 4 have given up (deadlines 170, 180, 190); 5 arrives at 250 to a
    # free agent, so it is offered nothing
    result, row = run(micro({**RULE, "accept": 0.0}), HAND)
    answered = {c: t for t, event, c, _ in result.log if event == "answer"}
    assert answered == {0: 0.0, 1: 100.0, 5: 250.0}
    assert result.outcomes.outcome[[2, 3, 4]].tolist() == [Outcome.abandoned] * 3
    assert (row["offered"], row["accepted"], row["within_promise"]) == (3, 0, 0)
    assert row["cost"] == 0.0


def test_callers_who_gave_up_do_not_count_in_the_expected_wait() -> None:
    # caller 1 (t=10) gives up at 15; at t=20 W=0 (it is still in the queue, lapsed): 100 <=
    # 150, no offer. Caller 3 at 30 finds caller 2 waiting: 200 > 150, offered and taken.
    patience = [150.0, 5.0, 150.0, 150.0]
    contacts = Contacts.from_lists(ARRIVALS[:4], [0] * 4, [HANDLE] * 4, patience)
    result, row = run(micro({**RULE, "accept": 1.0}), contacts)
    assert [c for _, event, c, _ in result.log if event == "callback"] == [3]
    assert (row["offered"], row["accepted"]) == (1, 1)


def test_a_window_trigger_offers_call_backs_only_inside_it() -> None:
    # the same callers, with the lever on from 00:00:25: only callers 3 and 4 (t=30, 40)
    window = {"window": {"start": "2026-01-05 00:00:25", "end": "2026-01-05 01:00"}}
    _, row = run(micro({**RULE, "accept": 1.0, "trigger": window}), HAND)
    assert (row["offered"], row["accepted"]) == (2, 2)


def test_the_accepted_share_is_binomial() -> None:
    # one agent busy for good: every later caller faces a wait far past 1 s and is offered
    n, share = 4000, 0.3
    arrival = np.arange(n, dtype=float)
    handle = np.full(n, 1e7)
    contacts = Contacts.from_lists(arrival.tolist(), [0] * n, handle.tolist())
    rule = {**RULE, "threshold_seconds": 1, "accept": share}
    for seed in (1, 2):
        _, row = run(micro(rule), contacts, seed=seed)
        assert row["offered"] == n - 1
        # 99.9% interval of Binomial(n - 1, 0.3)
        low, high = stats.binom.interval(0.999, n - 1, share)
        assert low <= row["accepted"] <= high


def test_the_same_seed_gives_the_same_choices_and_other_seeds_others() -> None:
    n = 400
    contacts = Contacts.from_lists(
        np.arange(n, dtype=float).tolist(), [0] * n, np.full(n, 1e7).tolist()
    )
    rule = {**RULE, "threshold_seconds": 1, "accept": 0.5}

    def chosen(seed: int) -> list[int]:
        result, _ = run(micro(rule), contacts, seed=seed)
        return [c for _, event, c, _ in result.log if event == "callback"]

    assert chosen(3) == chosen(3)
    assert chosen(3) != chosen(4)


def test_call_backs_appear_in_the_run_summary_and_give_the_same_numbers_with_workers() -> None:
    volume = {"volume": {"per_interval": 60}}
    scenario = micro({**RULE, "accept": 0.5}, agents=5)
    spec = scenario.model_dump(mode="json", exclude_none=True)
    spec["queues"]["general"].update(volume)
    spec["queues"]["general"]["patience"] = {"distribution": "exponential", "mean_seconds": 120}
    scenario = scenario_from_dict(spec)
    serial = simulate(scenario, replications=2, seed=7)
    pooled = simulate(scenario, replications=2, seed=7, workers=2)
    assert serial.levers is not None and pooled.levers is not None
    assert serial.levers.equals(pooled.levers)
    assert serial.kpis.equals(pooled.kpis)
    used = serial.summary()["levers"]["callback:general"]
    # 60 calls of 100 s a quarter hour is 6.7 Erlangs on 5 agents: waits are long
    assert used["mean_offered"] > 0
    assert used["mean_accepted"] <= used["mean_offered"]
    assert used["mean_cost"] == pytest.approx(2.5 * used["mean_accepted"])
    table = serial.levers
    assert used["within_promise_share"] == pytest.approx(
        table["within_promise"].sum() / table["accepted"].sum()
    )


@pytest.mark.parametrize(
    ("callback", "where", "what"),
    [
        ({"queues": ["nope"]}, r"contingency\.callback\.queues\[0\]", "unknown queue"),
        ({"queues": ["chat"]}, r"contingency\.callback\.queues\[0\]", "voice callers"),
        ({"queues": ["general", "general"]}, r"queues\[1\]", "listed twice"),
        (
            {"queues": ["general"], "trigger": {"service_below": 0.5, "queue": "nope"}},
            r"contingency\.callback\.trigger\.queue",
            "unknown queue",
        ),
        ({"queues": ["general"], "accept": 1.5}, r"accept", "less than or equal to 1"),
    ],
)
def test_call_back_levers_are_checked_with_located_messages(
    callback: dict, where: str, what: str
) -> None:
    rule = {**RULE, "accept": 0.5, **callback}
    with pytest.raises(ScenarioError, match=where) as error:
        micro(rule)
    assert what in str(error.value)


def test_stress_runs_count_their_call_backs() -> None:
    surge = {
        "type": "surge",
        "queue": "general",
        "probability": 0.5,
        "when": {"days": "mon", "hours": "08:00-12:00"},
        "duration": {"hours": [1, 2]},
        "volume_multiplier": [2.0, 3.0],
    }
    scenario = micro({**RULE, "accept": 0.5, "trigger": {"emergency": True}}, agents=5)
    spec = scenario.model_dump(mode="json", exclude_none=True)
    spec["queues"]["general"]["volume"] = {"per_interval": 40}
    spec["queues"]["general"]["patience"] = {"distribution": "exponential", "mean_seconds": 120}
    spec["emergencies"] = {"surge": surge}
    result = stress(scenario_from_dict(spec), runs=6, seed=3)
    runs = result.runs[result.runs["queue"] == "general"].set_index("run")
    hit = runs["event_start"].notna()
    assert hit.any() and (~hit).any()
    # offered only while an emergency holds: none in a run without one
    assert (runs.loc[~hit, "callbacks_offered"] == 0).all()
    assert (runs.loc[hit, "callbacks_offered"] > 0).all()
    assert (runs["callbacks_accepted"] <= runs["callbacks_offered"]).all()
    assert (runs["callbacks_within_promise"] <= runs["callbacks_accepted"]).all()
    assert runs["lever_cost"].tolist() == pytest.approx((2.5 * runs["callbacks_accepted"]).tolist())
