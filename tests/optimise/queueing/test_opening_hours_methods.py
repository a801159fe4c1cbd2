"""Time-varying requirement methods within a queue's opening hours: nothing asked for while
closed, the load carried past closing sized at closing, each against a hand calculation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optimise.queueing.requirements import requirements
from optimise.queueing.timevarying import Method, fold_into_opening, staffing_rates
from scenarios import load_scenario, scenario_from_dict
from scenarios.durations import Duration
from scenarios.grid import open_intervals

HOUR = 3600.0


def opening_day(open_hours: str, handle: dict) -> dict:
    """A day of hourly intervals, one phone queue open `open_hours`, 40 calls an open hour."""
    return {
        "name": "opening",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": open_hours}}},
        "queues": {
            "calls": {
                "channel": "phone",
                "skill": "a",
                "volume": {"per_interval": 40},
                "handle_time": handle,
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
        "staffing": {"g": 10},
    }


def hours(*pairs: tuple[int, int]) -> np.ndarray:
    """Opening flags of a day of hourly intervals, open over each [start, end) hour pair."""
    flags = np.zeros(24, dtype=bool)
    for start, end in pairs:
        flags[start:end] = True
    return flags


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize(
    "handle",
    [
        {"distribution": "exponential", "mean_seconds": 600},
        {"distribution": "fixed", "mean_seconds": 5400},  # a lag of one and a half hours
        {"distribution": "lognormal", "mean_seconds": 2400, "cv": 1.5},  # a long tail
    ],
)
def test_a_closed_interval_gets_no_requirement_under_any_method(method, handle):
    # open 08:00-12:00 and 14:00-18:00: the lunch gap and the night are closed
    scenario = scenario_from_dict(opening_day("08:00-12:00,14:00-18:00", handle))
    table = requirements(scenario, method=method)
    is_open = hours((8, 12), (14, 18))
    assert (table["agents"].to_numpy()[~is_open] == 0).all()
    assert (table["scheduled_agents"].to_numpy()[~is_open] == 0).all()
    assert (table["agents"].to_numpy()[[9, 10, 11, 15, 16, 17]] > 0).all()


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("name", ["baseline", "outage", "flu-wave", "complaint-surge"])
def test_built_in_scenarios_ask_for_no_one_while_a_live_queue_is_closed(name, method):
    scenario = load_scenario(name)
    table = requirements(scenario, method=method)
    for queue_name, queue in scenario.queues.items():
        channel = scenario.channels[queue.channel]
        if not channel.kind.live:
            continue
        closed = ~open_intervals(channel, scenario.horizon)
        agents = table.loc[table["queue"] == queue_name, "agents"].to_numpy()
        assert closed.any() and (agents[closed] == 0).all(), queue_name


def test_lagged_rate_at_opening_and_closing_by_hand():
    # Open 08:00-12:00, calls per hour 20, 40, 60, 30; fixed handle 5400 s on hourly
    # intervals, so the lag is 1.5 intervals: lagged(i) = 0.5 r(i - 1) + 0.5 r(i - 2).
    #   08:00  0.5 x 0  + 0.5 x 0  =  0   (the queue opens empty: no earlier arrivals)
    #   09:00  0.5 x 20 + 0.5 x 0  = 10
    #   10:00  0.5 x 40 + 0.5 x 20 = 30
    #   11:00  0.5 x 60 + 0.5 x 40 = 50
    #   12:00  0.5 x 30 + 0.5 x 60 = 45   closed: folded into 11:00
    #   13:00  0.5 x 0  + 0.5 x 30 = 15   closed: folded into 11:00
    # so 11:00 reads 50 + 45 + 15 = 110, and 0 + 10 + 30 + 110 = 150 = 20 + 40 + 60 + 30.
    calls = np.zeros(24)
    calls[8:12] = [20, 40, 60, 30]
    handle = Duration(distribution="fixed", mean_seconds=5400)
    rates = staffing_rates(calls / HOUR, handle, HOUR, Method.lagged, hours((8, 12)))
    expected = np.zeros(24)
    expected[8:12] = [0, 10, 30, 110]
    np.testing.assert_allclose(rates * HOUR, expected, atol=1e-12)


def test_lagged_rate_within_an_interval_by_hand():
    # 15-minute intervals, AHT 600 s: lag 2/3 of an interval, rate(i) = 1/3 r(i) + 2/3 r(i - 1).
    # Open intervals 32..39 (08:00-10:00) at 0.3 per second, then 0.6 in 40..43 (to 11:00):
    #   32 (opening)  1/3 x 0.3                  = 0.1
    #   33..39        0.3
    #   40            1/3 x 0.6 + 2/3 x 0.3      = 0.4
    #   41..43        0.6
    #   44 (closed)   2/3 x 0.6                  = 0.4, folded into 43: 0.6 + 0.4 = 1.0
    # total 0.1 + 7 x 0.3 + 0.4 + 2 x 0.6 + 1.0 = 4.8 = 8 x 0.3 + 4 x 0.6
    rate = np.zeros(96)
    rate[32:40], rate[40:44] = 0.3, 0.6
    is_open = np.zeros(96, dtype=bool)
    is_open[32:44] = True
    handle = Duration(distribution="exponential", mean_seconds=600)
    rates = staffing_rates(rate, handle, 900, Method.lagged, is_open)
    expected = np.zeros(96)
    expected[32], expected[33:40], expected[40], expected[41:43], expected[43] = (
        0.1,
        0.3,
        0.4,
        0.6,
        1.0,
    )
    np.testing.assert_allclose(rates, expected, atol=1e-12)
    assert rates.sum() == pytest.approx(4.8)


@pytest.mark.parametrize("method", [Method.lagged, Method.offered_load])
@pytest.mark.parametrize(
    "handle",
    [
        Duration(distribution="fixed", mean_seconds=5400),
        Duration(distribution="exponential", mean_seconds=2400),
        Duration(distribution="lognormal", mean_seconds=1800, cv=1.2),
    ],
)
def test_the_load_folded_at_closing_is_conserved(method, handle):
    # open 08:00-12:00 and 14:00-18:00 at 40 calls an open hour: 8 x 40 = 320 calls a day,
    # each offering its handle time once, whether sized in its own hour or folded at closing
    calls = np.where(hours((8, 12), (14, 18)), 40.0, 0.0)
    is_open = hours((8, 12), (14, 18))
    rates = staffing_rates(calls / HOUR, handle, HOUR, method, is_open)
    assert (rates[~is_open] == 0).all()
    assert rates.sum() * HOUR == pytest.approx(320.0, rel=5e-3)  # the kernel's midpoint rule


def test_offered_load_at_closing_by_the_infinite_server_closed_form():
    # M_t/M/inf, rate lambda over [0, T), none after: m(t) = lambda E[S] (1 - e^{-t/E[S]}) up
    # to T, then m(T) e^{-(t - T)/E[S]}. Per interval of length s the method reads the mean of
    # m / E[S]; after T those sum to (1 / (s E[S])) * integral of m = m(T) / s, all folded into
    # the last open interval j = T/s - 1, which reads
    #   lambda (1 - (E[S]/s) e^{-j s/E[S]} (1 - e^{-s/E[S]})) + lambda (E[S]/s) (1 - e^{-T/E[S]}).
    mean, s, lam = 600.0, 900.0, 0.2
    rate = np.zeros(96)
    rate[40:48] = lam  # open 10:00-12:00
    is_open = rate > 0
    handle = Duration(distribution="exponential", mean_seconds=mean)
    rates = staffing_rates(rate, handle, s, Method.offered_load, is_open)
    j, big_t = 7, 8 * s
    own = lam * (1 - (mean / s) * math.exp(-j * s / mean) * (1 - math.exp(-s / mean)))
    after = lam * (mean / s) * (1 - math.exp(-big_t / mean))
    assert rates[47] == pytest.approx(own + after, rel=1e-4)
    assert rates[40] == pytest.approx(lam * (1 - (mean / s) * (1 - math.exp(-s / mean))), rel=1e-4)
    assert (rates[~is_open] == 0).all()


def test_closed_intervals_before_the_first_opening_fold_into_the_last_one():
    # the horizon repeats: 00:00-07:00 follows the previous day's 22:00 closing
    rate = np.arange(24, dtype=float)
    folded = fold_into_opening(rate, hours((7, 22)))
    expected = np.zeros(24)
    expected[7:22] = np.arange(7, 22)
    expected[21] = 21 + (0 + 1 + 2 + 3 + 4 + 5 + 6) + (22 + 23)  # its own, then the night's
    np.testing.assert_allclose(folded, expected)
    assert folded.sum() == pytest.approx(sum(range(24)))


def test_sipp_ignores_opening_hours():
    rate = np.linspace(0.0, 1.0, 24)
    handle = Duration(distribution="exponential", mean_seconds=600)
    np.testing.assert_array_equal(
        staffing_rates(rate, handle, HOUR, Method.sipp, hours((8, 12))), rate
    )
