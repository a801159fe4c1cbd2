"""Contingency levers in the engine, against outside answers.

- A reserve of k agents added at a known time to one M/M/n+M queue: the simulated service
  level before the call agrees with exact Erlang A at n agents, and after the lead time (and a
  settling hour) with Erlang A at n + k (the chain solved in tests/reference.py).
- A diversion moves exactly the contacts its rule picks: every contact of the queue arriving in
  the window at share 1, none at share 0, and none outside the window.
- A lever that always restores service lowers P(breach) on the same emergencies and customers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios import Scenario, expected_volumes, scenario_from_dict
from scenarios.errors import ScenarioError
from sim import simulate
from sim.arrivals import draw_contacts
from sim.layout import centre_layout
from sim.levers import with_levers
from sim.replications import replicate
from sim.stress import stress
from tests.reference import erlang_a_chain

RATE = 150 / 900  # arrivals per second
AHT, PATIENCE, WITHIN = 300.0, 120.0, 20
N, K = 50, 6


def single_queue(contingency: dict | None = None, **extra: object) -> Scenario:
    """Return one voice queue (M/M/n+M), open around the clock, with N agents by count."""
    spec: dict = {
        "name": "lever-queue",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 15},
        "channels": {"phone": {"kind": "voice"}, "mail": {"kind": "deferred"}},
        "queues": {
            "general": {
                "channel": "phone",
                "skill": "general",
                "volume": {"per_interval": 150},
                "handle_time": {"distribution": "exponential", "mean_seconds": AHT},
                "patience": {"distribution": "exponential", "mean_seconds": PATIENCE},
                "sla": {"answer_within_seconds": WITHIN, "target": 0.8},
            },
            "email": {
                "channel": "mail",
                "skill": "mail",
                "volume": {"per_interval": 0},
                "handle_time": {"distribution": "exponential", "mean_seconds": AHT},
                "sla": {"answer_within_hours": 24, "target": 0.9},
            },
        },
        "agent_groups": {"agents": {"skills": {"general": 1.0, "mail": 1.0}, "cost_per_hour": 20}},
        "staffing": {"agents": N},
        **extra,
    }
    if contingency is not None:
        spec["contingency"] = contingency
    return scenario_from_dict(spec)


def _service(kpis: pd.DataFrame, start: str, end: str) -> pd.Series:
    """Return per replication the service level of the general queue between two times."""
    rows = kpis[
        (kpis["queue"] == "general")
        & (kpis["interval_start"] >= pd.Timestamp(start))
        & (kpis["interval_start"] < pd.Timestamp(end))
    ]
    sums = rows.groupby("replication")[["answered_within_target", "offered"]].sum()
    return sums["answered_within_target"] / sums["offered"]


def _covers(values: pd.Series, expected: float) -> None:
    # 99% Student-t interval of per-replication estimates; capped so it cannot pass by width
    half = stats.t.ppf(0.995, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    assert half < 0.04, f"interval too wide: +-{half:.3g}"
    assert abs(values.mean() - expected) <= half, (
        f"theory {expected:.4f} outside simulated {values.mean():.4f} +- {half:.4f}"
    )


def test_reserve_after_its_lead_time_agrees_with_erlang_a_at_n_plus_k() -> None:
    reserve = {
        "group": "agents",
        "agents": K,
        "lead_minutes": 60,
        "hours": 24,
        "callout_cost": 50,
        "cost_per_hour": 30,
        "trigger": {"window": {"start": "2026-01-05 08:00", "end": "2026-01-06 00:00"}},
    }
    result = simulate(single_queue({"reserve": reserve}), replications=16, seed=2026)
    # before the call: N agents (an hour of warm-up from the empty start); from 09:00 (the
    # lead time) N + K, judged after a settling hour
    _covers(
        _service(result.kpis, "2026-01-05 01:00", "2026-01-05 08:00"),
        erlang_a_chain(RATE, AHT, PATIENCE, N, WITHIN)[1],
    )
    _covers(
        _service(result.kpis, "2026-01-05 10:00", "2026-01-06 00:00"),
        erlang_a_chain(RATE, AHT, PATIENCE, N + K, WITHIN)[1],
    )


def test_reserve_use_and_cost_are_reported() -> None:
    reserve = {
        "group": "agents",
        "agents": 4,
        "lead_minutes": 30,
        "hours": 2,
        "callout_cost": 50,
        "cost_per_hour": 30,
        "trigger": {"window": {"start": "2026-01-05 08:00", "end": "2026-01-05 20:00"}},
    }
    done = replicate(single_queue({"reserve": reserve}), 1, 0)
    row = done.levers.set_index("lever").loc["reserve"]
    # called at 08:00, on from 08:30 for 2 hours: 4 x 2 = 8 agent-hours, 4 x 50 + 8 x 30 = 440
    assert row["start"] == pd.Timestamp("2026-01-05 08:30")
    assert row["end"] == pd.Timestamp("2026-01-05 10:30")
    assert row["agent_hours"] == pytest.approx(8.0)
    assert row["cost"] == pytest.approx(440.0)


def test_service_trigger_fires_only_when_service_drops() -> None:
    watch = {"service_below": 0.5, "queue": "general"}
    overtime = {"agents": {"agents": 5, "hours": 1, "trigger": watch}}
    # 35 agents for 50 Erlangs (Erlang A service about 20%): it fires at an interval boundary
    short = single_queue({"overtime": overtime}, staffing={"agents": 35})
    low = replicate(short, 1, 0).levers
    assert len(low) == 1 and low["fired_at"].iloc[0] < pd.Timestamp("2026-01-05 02:00")
    assert low["fired_at"].iloc[0].minute % 15 == 0
    # 5 agents for an hour at 1.5 x 20 per hour
    assert low["cost"].iloc[0] == pytest.approx(5 * 30.0)
    ample = single_queue({"overtime": overtime}, staffing={"agents": 80})
    assert replicate(ample, 1, 0).levers.empty


@pytest.mark.parametrize(("share", "moved"), [(1.0, "all"), (0.0, "none")])
def test_diversion_moves_exactly_the_contacts_its_rule_picks(share: float, moved: str) -> None:
    diversion = {
        "queue": "general",
        "to": "email",
        "share": share,
        "trigger": {"window": {"start": "2026-01-05 10:00", "end": "2026-01-05 11:00"}},
    }
    scenario = single_queue({"diversions": [diversion]})
    contacts = draw_contacts(scenario, 3, 0, expected_volumes(scenario).to_numpy())
    after, _, rows = with_levers(scenario, contacts, centre_layout(scenario), 3, 0)
    window = (contacts.arrival >= 10 * 3600) & (contacts.arrival < 11 * 3600)
    expected = window & (contacts.queue == 0) if moved == "all" else np.zeros_like(window)
    assert np.array_equal(after.queue == 1, expected)
    assert rows[0]["moved"] == int(expected.sum())
    # moved contacts keep their arrival and take the email queue's (here equal) handle time
    assert np.array_equal(after.arrival, contacts.arrival)
    assert np.all(np.isinf(after.patience_seconds[expected]))


def test_pause_leaves_deferred_work_unworked_in_its_window() -> None:
    pause = {
        "queues": ["email"],
        "trigger": {"window": {"start": "2026-01-05 10:00", "end": "2026-01-05 11:00"}},
    }
    scenario = single_queue({"pause_deferred": pause})
    contacts = draw_contacts(scenario, 3, 0, expected_volumes(scenario).to_numpy())
    _, layout, _ = with_levers(scenario, contacts, centre_layout(scenario), 3, 0)
    # intervals 40-43 (10:00-11:00) of the email queue, and nothing else
    assert np.flatnonzero(~layout.worked[1]).tolist() == [40, 41, 42, 43]
    assert layout.worked[0].all()


def test_a_lever_that_restores_service_lowers_p_breach_on_the_same_draws() -> None:
    surge = {
        "type": "surge",
        "queue": "general",
        "probability": 0.5,
        "when": {"days": "mon", "hours": "08:00-12:00"},
        "duration": {"hours": [2, 4]},
        "volume_multiplier": [1.3, 1.6],
    }
    base = {"staffing": {"agents": 54}, "emergencies": {"surge": surge}}
    reserve = {
        "group": "agents",
        "agents": 40,
        "lead_minutes": 0,
        "hours": 24,
        "trigger": {"emergency": True},
    }
    without = stress(single_queue(None, **base), runs=16, seed=5)
    with_lever = stress(single_queue({"reserve": reserve}, **base), runs=16, seed=5)

    def day_breach(result) -> pd.Series:
        rows = result.breach
        rows = rows[(rows["queue"] == "general") & (rows["target"] == "service_level")]
        return rows.set_index("period")["p_breach"]

    # the same emergencies drawn in both (common random numbers)
    assert without.happened == with_lever.happened
    assert 0 < without.happened["surge"] < 16
    before, after = day_breach(without)["week"], day_breach(with_lever)["week"]
    assert after < before


def test_levers_are_checked_with_located_messages() -> None:
    with pytest.raises(ScenarioError, match=r"contingency\.reserve\.group"):
        single_queue({"reserve": {"group": "nobody", "agents": 1, "trigger": {"emergency": True}}})
    bad = {
        "queue": "general",
        "to": "email",
        "share": 0.5,
        "trigger": {"service_below": 0.5, "queue": "general"},
    }
    with pytest.raises(ScenarioError, match=r"diversions\[0\].trigger"):
        single_queue({"diversions": [bad]})
    with pytest.raises(ScenarioError, match="live queue"):
        single_queue({"pause_deferred": {"queues": ["general"], "trigger": {"emergency": True}}})


def test_levers_give_the_same_numbers_serially_and_with_workers() -> None:
    watch = {"service_below": 0.8, "queue": "general"}
    reserve = {"group": "agents", "agents": 6, "lead_minutes": 60, "hours": 4, "trigger": watch}
    diversion = {"queue": "general", "to": "email", "share": 0.2, "trigger": {"emergency": True}}
    events = [
        {
            "type": "surge",
            "queue": "general",
            "start": "2026-01-05 09:00",
            "end": "2026-01-05 11:00",
            "volume_multiplier": 1.5,
        }
    ]
    scenario = single_queue({"reserve": reserve, "diversions": [diversion]}, events=events)
    serial = simulate(scenario, replications=2, seed=9)
    pooled = simulate(scenario, replications=2, seed=9, workers=2)
    pd.testing.assert_frame_equal(serial.kpis, pooled.kpis)
    pd.testing.assert_frame_equal(serial.levers, pooled.levers)
    assert set(serial.levers["lever"]) == {"reserve", "divert:general>email"}
    assert serial.summary()["levers"]["divert:general>email"]["mean_moved"] > 0


def test_an_empty_contingency_changes_no_number() -> None:
    # the levers' hooks draw nothing and start nothing when no lever is given
    plain = simulate(single_queue(None), replications=2, seed=4)
    empty = simulate(single_queue({}), replications=2, seed=4)
    pd.testing.assert_frame_equal(plain.kpis, empty.kpis)
    pd.testing.assert_frame_equal(plain.occupancy, empty.occupancy)
    assert empty.levers is not None and empty.levers.empty
