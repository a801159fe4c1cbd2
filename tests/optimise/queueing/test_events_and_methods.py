"""Requirements that see the scenario's events and a load that changes within the day, each
against a hand calculation or closed form worked out here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from optimise.queueing.durations import load_kernel
from optimise.queueing.outages import reaching_volumes
from optimise.queueing.requirements import requirements
from optimise.queueing.timevarying import Method, staffing_rates
from scenarios import load_scenario, scenario_from_dict
from scenarios.durations import Duration

VOLUME = 40.0


def one_queue(events: list[dict], *, open_hours: str = "00:00-24:00", chat: bool = False) -> dict:
    """A day of hourly intervals, one phone queue of 40 calls an hour (and a chat queue)."""
    queues = {
        "calls": {
            "channel": "phone",
            "skill": "a",
            "volume": {"per_interval": VOLUME},
            "handle_time": {"distribution": "exponential", "mean_seconds": 300},
            "sla": {"answer_within_seconds": 20, "target": 0.8},
        }
    }
    channels = {"phone": {"kind": "voice", "open": {"mon-sun": open_hours}}}
    if chat:
        channels["web"] = {"kind": "chat", "open": {"mon-sun": "00:00-24:00"}}
        queues["chats"] = {**queues["calls"], "channel": "web", "volume": {"per_interval": 10}}
    return {
        "name": "events",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 60},
        "channels": channels,
        "queues": queues,
        "agent_groups": {"g": {"skills": {"a": 1}, "cost_per_hour": 10}},
        "staffing": {"g": 10},
        "events": events,
    }


def outage(start: str, end: str, **fates) -> dict:
    return {"type": "outage", "channel": "phone", "start": start, "end": end, **fates}


ONE_HOUR_RETRY = {"distribution": "fixed", "mean_seconds": 3600}


@pytest.mark.parametrize("r", [0.0, 0.5, 1.0])
def test_retries_after_a_fixed_delay_fail_again_while_the_outage_holds(r):
    # Down 10:00-12:00; a call failing at 10:xx retries at 11:xx (fails again), then 12:xx.
    # Reaching: 10:00 and 11:00 nothing; 12:00 the 12:00 calls, r of 11:00's (fresh and
    # retried: V + r V) = V (1 + r + r^2); every other hour V.
    events = [
        outage("2026-01-05 10:00", "2026-01-05 12:00", retry={"share": r, "delay": ONE_HOUR_RETRY})
    ]
    reached = reaching_volumes(scenario_from_dict(one_queue(events)))["calls"].to_numpy()
    expected = np.full(24, VOLUME)
    expected[10:12] = 0.0
    expected[12] = VOLUME * (1 + r + r**2)
    np.testing.assert_allclose(reached, expected, atol=1e-9)


def test_diverted_calls_arrive_at_once_at_the_target_and_the_rest_is_lost():
    events = [outage("2026-01-05 10:00", "2026-01-05 11:00", divert={"share": 0.25, "to": "chats"})]
    reached = reaching_volumes(scenario_from_dict(one_queue(events, chat=True)))
    assert reached["calls"].iloc[10] == 0.0
    assert reached["chats"].iloc[10] == pytest.approx(10 + 0.25 * VOLUME)
    assert reached["calls"].sum() == pytest.approx(23 * VOLUME)  # the 75% not diverted: lost
    assert reached["chats"].sum() == pytest.approx(24 * 10 + 0.25 * VOLUME)


def test_retries_landing_when_the_channel_is_closed_are_lost():
    # Open 08:00-12:00, down 11:00-12:00, retry after an hour: at 12:00 the phones are closed.
    events = [
        outage(
            "2026-01-05 11:00", "2026-01-05 12:00", retry={"share": 1.0, "delay": ONE_HOUR_RETRY}
        )
    ]
    reached = reaching_volumes(scenario_from_dict(one_queue(events, open_hours="08:00-12:00")))
    assert reached["calls"].sum() == pytest.approx(3 * VOLUME)


def test_exponential_retry_delays_land_as_the_distribution_says():
    # Failures spread evenly over 10:00-11:00, delay exponential with mean 1 h: the share of
    # retries landing in hour 11 + k is the triangular-averaged CDF difference; for k >= 1
    # it is  e^{-k} (1 - e^{-1})^2 ... taken from the middle of the hour here:
    # F((k + 0.5) h) - F((k - 0.5) h), F(t) = 1 - e^{-t}, and F(0.5) for the same hour.
    delay = {"distribution": "exponential", "mean_seconds": 3600}
    events = [outage("2026-01-05 10:00", "2026-01-05 11:00", retry={"share": 1.0, "delay": delay})]
    reached = reaching_volumes(scenario_from_dict(one_queue(events)))["calls"].to_numpy()
    retry = reached - VOLUME
    retry[10] += VOLUME  # the failed hour itself: its fresh calls failed
    failed_again = 1 - math.exp(-0.5)  # landing back in 10:00-11:00, which is down
    assert reached[10] == 0.0
    for k in range(1, 13):
        landed = math.exp(-(k - 0.5)) - math.exp(-(k + 0.5))
        assert retry[10 + k] == pytest.approx(
            VOLUME * landed * sum(failed_again**j for j in range(200)), rel=1e-6
        )


def test_outage_requirements_drop_in_the_window_and_rise_after_it():
    events = [
        outage(
            "2026-01-05 10:00", "2026-01-05 12:00", retry={"share": 1.0, "delay": ONE_HOUR_RETRY}
        )
    ]
    plain = requirements(scenario_from_dict(one_queue([])))
    hit = requirements(scenario_from_dict(one_queue(events)))
    assert (hit["agents"].iloc[10:12] == 0).all()
    assert hit["agents"].iloc[12] > plain["agents"].iloc[12]
    assert (hit["agents"].iloc[:10] == plain["agents"].iloc[:10]).all()


# -- arrival rates for a load that changes within the day -----------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_a_steady_rate_is_read_as_itself_by_every_method(method):
    handle = Duration(distribution="lognormal", mean_seconds=480, cv=1.1)
    rates = staffing_rates(np.full(96, 0.05), handle, 900, method)
    np.testing.assert_allclose(rates, 0.05, rtol=1e-4)


def test_lagged_sipp_reads_the_rate_one_handle_time_earlier():
    # 15-minute intervals, AHT 600 s = 2/3 of an interval: rate(i) = 1/3 r(i) + 2/3 r(i - 1)
    handle = Duration(distribution="exponential", mean_seconds=600)
    rate = np.zeros(96)
    rate[40:48] = 0.2
    lagged = staffing_rates(rate, handle, 900, Method.lagged)
    assert lagged[40] == pytest.approx(0.2 / 3)
    assert lagged[41] == pytest.approx(0.2)
    assert lagged[48] == pytest.approx(0.2 * 2 / 3)
    assert lagged[49] == 0.0


def test_offered_load_after_a_step_follows_the_infinite_server_closed_form():
    # M_t/M/inf from empty, rate lambda from t = 0: m(t) = lambda E[S] (1 - e^{-t/E[S]}).
    # Averaged over the j-th interval [j s, (j + 1) s] and divided by E[S]:
    # lambda (1 - (E[S]/s) e^{-j s/E[S]} (1 - e^{-s/E[S]})).
    mean, s, lam = 600.0, 900.0, 0.2
    handle = Duration(distribution="exponential", mean_seconds=mean)
    rate = np.zeros(96)
    rate[40:] = lam
    rates = staffing_rates(rate, handle, s, Method.offered_load)
    for j in range(6):
        expected = lam * (1 - (mean / s) * math.exp(-j * s / mean) * (1 - math.exp(-s / mean)))
        assert rates[40 + j] == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize(
    "handle",
    [
        Duration(distribution="lognormal", mean_seconds=270, cv=0.9),
        Duration(distribution="gamma", mean_seconds=480, cv=1.5),
        Duration(distribution="fixed", mean_seconds=1200),
    ],
)
def test_the_load_kernel_adds_up_to_the_mean_handle_time(handle):
    # sum_k kernel_k = E[S] / s: every second of service is counted once (to the midpoint
    # rule's error on a jump of the fixed duration's survival)
    kernel = load_kernel(handle, 900, 200)
    assert kernel.sum() == pytest.approx(handle.mean_seconds / 900, rel=5e-3)


def test_the_built_in_outage_changes_the_requirement_only_where_its_contacts_go():
    # phones down Monday 10:00-12:00; half retry after ~10 minutes, a fifth divert to chat
    base = requirements(load_scenario("baseline")).set_index(["interval_start", "queue"])
    hit = requirements(load_scenario("outage")).set_index(["interval_start", "queue"])
    changed = (
        (base["agents"] != hit["agents"])
        .groupby(level="queue")
        .apply(lambda c: sorted({t for (t, _), v in c.items() if v}))
    )
    monday = pd.Timestamp("2026-01-05")
    for queue in ("billing", "technical"):
        times = changed[queue]
        assert times[0] == monday + pd.Timedelta(hours=10)
        assert all(t < monday + pd.Timedelta(hours=14) for t in times)  # the retry wave's tail
        window = hit.xs(queue, level="queue")["agents"]
        assert (
            window[monday + pd.Timedelta(hours=10) : monday + pd.Timedelta(hours=11.75)] == 0
        ).all()
    assert all(
        monday + pd.Timedelta(hours=10) <= t < monday + pd.Timedelta(hours=12)
        for t in changed["chat"]
    )
    assert changed["email"] == []
