"""Requirements that see the customer's journey and tiers, against answers worked out here:
a Markov chain solved in the test for priority classes, geometric sums for contacts that
come back, and hand calculations for the bot."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.sparse import linalg as sparse_linalg

from optimise.queueing.journeys import journey_load
from optimise.queueing.priority import class_service_levels, class_waits, tiered_agents
from optimise.queueing.requirements import requirements
from scenarios import scenario_from_dict
from tests.reference import erlang_c

# -- priority classes ------------------------------------------------------------------------


def two_class_moves(rates: tuple[float, float], mu: float, c: int, cap: int):
    """Yield (from, to, rate) of the chain: below c agents busy, ("b", busy); all busy, the
    queue lengths of the two classes ("q", q1, q2)."""
    for busy in range(c):
        yield ("b", busy), ("b", busy + 1) if busy + 1 < c else ("q", 0, 0), sum(rates)
        if busy:
            yield ("b", busy), ("b", busy - 1), busy * mu
    for q1 in range(cap + 1):
        for q2 in range(cap + 1):
            here = ("q", q1, q2)
            if q1 < cap:
                yield here, ("q", q1 + 1, q2), rates[0]
            if q2 < cap:
                yield here, ("q", q1, q2 + 1), rates[1]
            # a freed agent takes the first class first, then the second, else goes idle
            after = ("q", q1 - 1, q2) if q1 else ("q", 0, q2 - 1) if q2 else ("b", c - 1)
            yield here, after, c * mu


def two_class_chain_waits(rates: tuple[float, float], mu: float, c: int) -> tuple[float, float]:
    """Return the mean waits of two non-preemptive priority classes in M/M/c, equal service
    rates, from the chain's stationary queue lengths, by Little's law."""
    cap = 80
    states = [("b", busy) for busy in range(c)]
    states += [("q", q1, q2) for q1 in range(cap + 1) for q2 in range(cap + 1)]
    index = {state: k for k, state in enumerate(states)}
    moves = list(two_class_moves(rates, mu, c, cap))
    rows = [index[a] for a, _, _ in moves]
    cols = [index[b] for _, b, _ in moves]
    size = len(states)
    q = sparse.csr_matrix(([r for _, _, r in moves], (rows, cols)), shape=(size, size))
    q = q - sparse.diags(np.asarray(q.sum(axis=1)).ravel())
    system = sparse.vstack([q.T[:-1], sparse.csr_matrix(np.ones((1, size)))]).tocsc()
    pi = sparse_linalg.spsolve(system, np.r_[np.zeros(size - 1), 1.0])
    queued = [
        sum(pi[k] * state[1 + m] for state, k in index.items() if state[0] == "q") for m in (0, 1)
    ]
    return queued[0] / rates[0], queued[1] / rates[1]


@pytest.mark.parametrize(("c", "rates"), [(1, (0.2, 0.5)), (3, (0.5, 1.8)), (5, (1.0, 3.2))])
def test_class_waits_equal_the_two_class_chain(c, rates):
    mu = 1.0  # one agent finishes one contact a second
    exact = two_class_chain_waits(rates, mu, c)
    np.testing.assert_allclose(class_waits(np.array(rates), 1.0 / mu, c), exact, rtol=1e-4)


def test_one_class_answers_as_erlang_c_says():
    # one class: SL = 1 - C(c, a) e^{-(c mu - lambda) t} (the textbook Erlang C service level)
    rate, aht, c, t = 8 / 60, 180.0, 30, 20.0
    a = rate * aht
    expected = 1 - erlang_c(c, a) * math.exp(-(c / aht - rate) * t)
    assert class_service_levels(np.array([rate]), aht, c, np.array([t]))[0] == pytest.approx(
        expected, rel=1e-12
    )


def test_the_tiered_staffing_is_the_fewest_agents_meeting_every_tier():
    rates, aht = np.array([0.01, 0.19]), 240.0
    within, targets = np.array([10.0, 20.0]), np.array([0.95, 0.8])
    n = tiered_agents(rates, aht, within, targets)
    assert (class_service_levels(rates, aht, n, within) >= targets).all()
    assert (class_service_levels(rates, aht, n - 1, within) < targets).any()


# -- the journey's load ----------------------------------------------------------------------


def day(queues: dict) -> dict:
    """A day of hourly intervals, open all day, with these queues (skill = queue name)."""
    groups = {f"g_{n}": {"skills": {n: 1}, "cost_per_hour": 10} for n in queues}
    base = {
        "channel": "phone",
        "handle_time": {"distribution": "exponential", "mean_seconds": 300},
        "patience": {"distribution": "exponential", "mean_seconds": 120},
        "sla": {"answer_within_seconds": 20, "target": 0.8},
    }
    return {
        "name": "journeys",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "00:00-24:00"}}},
        "queues": {n: {**base, "skill": n, **q} for n, q in queues.items()},
        "agent_groups": groups,
        "staffing": {g: 10 for g in groups},
    }


HOUR = {"distribution": "fixed", "mean_seconds": 3600}


def arriving(scenario, **volumes) -> pd.DataFrame:
    index = scenario.horizon.interval_starts()
    return pd.DataFrame({n: np.full(len(index), float(v)) for n, v in volumes.items()}, index=index)


def test_a_bot_keeps_its_share_and_hands_the_rest_on_with_shorter_handling():
    # A minute with the bot: of an hour's chats, those of its last minute reach an agent in the
    # next hour; with the same volume every hour, what spills out and in cancels (after hour 0)
    scenario = scenario_from_dict(
        day(
            {
                "chat": {
                    "volume": {"per_interval": 100},
                    "bot": {
                        "containment": 0.6,
                        "handling_time": {"distribution": "fixed", "mean_seconds": 60},
                        "handoff_to": "agents",
                        "handle_time_multiplier": 0.8,
                    },
                },
                "agents": {"volume": {"per_interval": 10}},
            }
        )
    )
    load = journey_load(scenario, arriving(scenario, chat=100, agents=10))
    assert (load.volumes["chat"] == 0).all()  # every chat meets the bot first
    np.testing.assert_allclose(load.volumes["agents"].iloc[1:], 10 + 0.4 * 100)
    # 40 handed off at 0.8 of the handle time, 10 at 1: (40 x 0.8 + 10) / 50
    np.testing.assert_allclose(load.handle_factor["agents"].iloc[1:], (40 * 0.8 + 10) / 50)


def test_escalations_and_repeats_add_up_to_the_geometric_sum():
    # a: 100 an hour; 10% escalated to b at once; of the unresolved (1 - 0.7 - 0.1 = 0.2)
    # half come back to a an hour later. Hour k of a: 100 (1 + q + ... + q^k), q = 0.1.
    scenario = scenario_from_dict(
        day(
            {
                "a": {
                    "volume": {"per_interval": 100},
                    "resolution": {"first_contact": 0.7},
                    "escalation": {"share": 0.1, "to": "b"},
                    "repeat": {"share": 0.5, "delay": HOUR},
                },
                "b": {"volume": {"per_interval": 0}},
            }
        )
    )
    load = journey_load(scenario, arriving(scenario, a=100, b=0))
    q = 0.5 * 0.2
    for k in range(24):
        a = 100 * sum(q**j for j in range(k + 1))
        assert load.volumes["a"].iloc[k] == pytest.approx(a, rel=1e-9)
        assert load.volumes["b"].iloc[k] == pytest.approx(0.1 * a, rel=1e-9)


def test_customers_who_abandon_come_back_at_the_retry_share():
    scenario = scenario_from_dict(
        day({"a": {"volume": {"per_interval": 50}, "retry": {"share": 0.4, "delay": HOUR}}})
    )
    abandon = arriving(scenario, a=0.25)  # a quarter abandon in every hour
    load = journey_load(scenario, arriving(scenario, a=50), abandon)
    q = 0.4 * 0.25
    expected = [50 * sum(q**j for j in range(k + 1)) for k in range(24)]
    np.testing.assert_allclose(load.volumes["a"], expected, rtol=1e-9)


def opening_hours(queues: dict) -> dict:
    """Two days of hourly intervals, the phone line open 08:00-22:00, with these queues."""
    document = day(queues)
    document["horizon"]["days"] = 2
    document["channels"]["phone"]["open"] = {"mon-sun": "08:00-22:00"}
    return document


def open_hours_volume(scenario, per_hour: float) -> pd.DataFrame:
    """Return `per_hour` contacts in every open hour (08:00-22:00) of each queue, none else."""
    index = scenario.horizon.interval_starts()
    hours = np.asarray(index.hour)
    volume = np.where((hours >= 8) & (hours < 22), per_hour, 0.0)
    return pd.DataFrame({n: volume for n in scenario.queues}, index=index)


def test_repeats_due_while_closed_come_at_the_next_opening():
    # Half of a's contacts are unresolved and all of those call again four hours later; one
    # due in a closed hour calls when the line opens, at 08:00 (the engine's rule), and one
    # due after the last opening of the horizon never calls. Worked out hour by hour:
    scenario = scenario_from_dict(
        opening_hours(
            {
                "a": {
                    "volume": {"per_interval": 100},
                    "resolution": {"first_contact": 0.5},
                    "repeat": {"share": 1.0, "delay": {**HOUR, "mean_seconds": 4 * 3600}},
                }
            }
        )
    )
    load = journey_load(scenario, open_hours_volume(scenario, 100))
    expected = np.zeros(48)
    for hour in range(48):  # in time order, so every repeat's source is known before it lands
        if 8 <= hour % 24 < 22:
            expected[hour] += 100
        due = hour + 4
        while due < 48 and not 8 <= due % 24 < 22:  # closed: wait for the next opening
            due += 1
        if due < 48:
            expected[due] += 0.5 * expected[hour]
    np.testing.assert_allclose(load.volumes["a"], expected, rtol=1e-9)
    # by hand: day 1 has 100 an hour at 08-11, 150 at 12-15 (100 + 0.5 x 100), 175 at 16-19
    # (100 + 0.5 x 150) and 187.5 at 20-21; the repeats of 18:00-21:00 come on day 2 at 08:00
    assert load.volumes["a"].iloc[32] == pytest.approx(100 + 0.5 * (175 + 175 + 187.5 + 187.5))
    opened = np.asarray(load.volumes.index.hour)
    assert (load.volumes["a"][(opened < 8) | (opened >= 22)] == 0).all()


def test_a_bots_hand_off_to_a_closed_queue_puts_no_load_on_it():
    # An hour with the bot: the chats of 21:00 would reach an agent at 22:00, when the line is
    # closed and no shift can be bought to answer them
    scenario = scenario_from_dict(
        opening_hours(
            {
                "chat": {
                    "volume": {"per_interval": 100},
                    "bot": {"containment": 0.6, "handling_time": HOUR, "handoff_to": "agents"},
                },
                "agents": {"volume": {"per_interval": 0}},
            }
        )
    )
    arrivals = open_hours_volume(scenario, 100).assign(agents=0.0)
    load = journey_load(scenario, arrivals)
    hours = np.asarray(load.volumes.index.hour)
    handed = np.where((hours >= 9) & (hours < 22), 0.4 * 100, 0.0)  # from 08:00-20:00's chats
    np.testing.assert_allclose(load.volumes["agents"], handed, rtol=1e-9)


def test_tiers_raise_the_requirement_to_the_first_tiers_own_target():
    plain = {"volume": {"per_interval": 300}}
    tiers = {
        **plain,
        "tiers": {
            "vip": {
                "share": 0.05,
                "priority": 1,
                "sla": {"answer_within_seconds": 5, "target": 0.99},
            },
            "standard": {"share": 0.95, "priority": 2},
        },
    }
    without = requirements(scenario_from_dict(day({"a": plain})))
    with_tiers = requirements(scenario_from_dict(day({"a": tiers})))
    rate, aht = 300 / 3600, 300.0
    shares = np.array([0.05, 0.95])
    expected = tiered_agents(rate * shares, aht, np.array([5.0, 20.0]), np.array([0.99, 0.8]))
    assert (with_tiers["agents"] >= without["agents"]).all()
    assert with_tiers["agents"].iloc[0] == max(expected, without["agents"].iloc[0])
