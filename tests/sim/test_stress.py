"""Stress tests: emergencies drawn per run, P(breach) with its interval, same numbers serially
and in parallel, and common random numbers across staffings."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from report.files import frame_csv
from scenarios import load_scenario, scenario_from_dict
from scenarios.stress import start_intervals
from sim.breaches import measure_run, recovery_intervals
from sim.emergencies import draw_emergencies, draw_emergency
from sim.intervals import wilson_interval
from sim.streams import Purpose, stream
from sim.stress import stress

# One queue open around the clock for one day: 20 calls every 15 minutes (80 an hour), 5-minute
# calls, so an offered load of 80 * 300 / 3600 = 6.67 Erlangs; 14 agents answer well above 80%
# within 20 seconds (see test_the_staffing_meets_the_target_without_emergencies).
ONE_DAY = {
    "name": "one-day",
    "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 15},
    "channels": {"phone": {"kind": "voice"}, "chat": {"kind": "chat", "concurrency": 2}},
    "queues": {
        "general": {
            "channel": "phone",
            "skill": "general",
            "volume": {"per_interval": 20},
            "handle_time": {"distribution": "exponential", "mean_seconds": 300},
            "patience": {"distribution": "exponential", "mean_seconds": 600},
            "sla": {"answer_within_seconds": 20, "target": 0.8, "max_abandon": 0.05},
        },
        "web": {
            "channel": "chat",
            "skill": "general",
            "volume": {"per_interval": 2},
            "handle_time": {"distribution": "exponential", "mean_seconds": 300},
            "sla": {"answer_within_seconds": 60, "target": 0.8},
        },
    },
    "agent_groups": {"agents": {"skills": {"general": 1.0}, "cost_per_hour": 20}},
    "staffing": {"agents": 16},
}

WHOLE_DAY_OUTAGE = {
    "type": "outage",
    "channel": "phone",
    "when": {"earliest": "2026-01-05 00:00", "latest": "2026-01-05 00:00"},
    "duration": {"hours": 24},
}


def centre(emergencies: dict, staffing: int = 16):
    return scenario_from_dict(
        {**ONE_DAY, "staffing": {"agents": staffing}, "emergencies": emergencies}
    )


def erlang_c_service(load: float, agents: int, mu: float, t: float) -> float:
    """Return the M/M/n service level P(wait <= t) from the Erlang C formula."""
    terms = [load**k / math.factorial(k) for k in range(agents)]
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    p_wait = top / (sum(terms) + top)
    return 1 - p_wait * math.exp(-(agents - load) * mu * t)


def test_the_staffing_meets_the_target_without_emergencies():
    # the phone queue alone on 15 of the 16 agents (the chat takes < 1 agent's time): the
    # M/M/n service level, ignoring patience (which only helps), is far above the 0.8 target
    assert erlang_c_service(80 * 300 / 3600, 15, 1 / 300, 20) > 0.95


def test_an_emergency_that_always_breaks_service_breaches_with_probability_1():
    # the phone platform down all day in every run: no call can be answered
    result = stress(centre({"down": {**WHOLE_DAY_OUTAGE, "probability": 1}}), runs=6, seed=3)
    row = result.breach.query("queue == 'general' and target == 'service_level'")
    assert list(row["period"]) == ["2026-01-05", "week"]
    assert (row["p_breach"] == 1.0).all() and (row["breaches"] == 6).all()
    # Wilson with 6 of 6: the upper end is exactly 1, the lower n / (n + z^2)
    z = stats.norm.ppf(0.975)
    assert row["ci95_high"].tolist() == [1.0, 1.0]
    assert row["ci95_low"].iloc[-1] == pytest.approx(6 / (6 + z * z))
    assert (result.runs.query("queue == 'general'")["hit_by"] == "down").all()


def test_an_emergency_that_never_happens_never_breaches():
    result = stress(centre({"down": {**WHOLE_DAY_OUTAGE, "probability": 0}}), runs=6, seed=3)
    assert (result.breach["p_breach"] == 0.0).all()
    # Wilson with 0 of 6: the lower end exactly 0, the upper z^2 / (n + z^2)
    z = stats.norm.ppf(0.975)
    assert (result.breach["ci95_low"] == 0.0).all()
    assert result.breach["ci95_high"].iloc[0] == pytest.approx(z * z / (6 + z * z))
    assert (result.runs["emergencies"].fillna("") == "").all()
    assert result.runs["event_start"].isna().all()


@pytest.mark.parametrize(("n", "p"), [(40, 0.3), (60, 0.5)])
def test_the_wilson_interval_covers_its_nominal_level_in_coin_flips(n, p):
    rng = np.random.default_rng(20260105)
    heads = rng.binomial(n, p, size=2000)
    covered = np.mean([lo <= p <= hi for lo, hi in (wilson_interval(int(k), n) for k in heads)])
    # Wilson's exact coverage at these n and p is 0.944 and 0.948 (it oscillates within about
    # 0.015 of 95% for p away from 0 and 1: Brown, Cai & DasGupta 2001, Statist. Sci. 16); the
    # simulation adds a standard error of sqrt(0.95 * 0.05 / 2000) = 0.005, three of which make
    # 0.015: together 0.03
    assert abs(covered - 0.95) < 0.03


def test_wilson_interval_known_values():
    # 8 of 20 at 95%: centre (0.4 + 1.92/20) / (1 + 3.84/20), worked with z = 1.959964
    z2 = 1.959964**2
    centre_ = (0.4 + z2 / 40) / (1 + z2 / 20)
    half = 1.959964 * math.sqrt(0.4 * 0.6 / 20 + z2 / 1600) / (1 + z2 / 20)
    assert wilson_interval(8, 20) == pytest.approx((centre_ - half, centre_ + half), abs=1e-6)
    assert math.isnan(wilson_interval(0, 0)[0])


MIXED = {
    "outage": {
        "type": "outage",
        "channel": "phone",
        "probability": 0.5,
        "when": {"hours": "08:00-18:00"},
        "duration": {"hours": [1, 3]},
        "retry": {
            "share": [0.3, 0.6],
            "delay": {"distribution": "exponential", "mean_seconds": 600},
        },
        "divert": {"share": 0.2, "to": "chat"},
    },
    "surge": {
        "type": "surge",
        "queue": "general",
        "probability": 0.5,
        "when": {"hours": "06:00-12:00"},
        "duration": {"distribution": "lognormal", "mean_hours": 3, "cv": 0.5, "max_hours": 8},
        "volume_multiplier": [1.5, 2.5],
    },
    "sick": {
        "type": "absenteeism",
        "group": "agents",
        "probability": 0.5,
        "duration": {"minutes": [60, 300]},
        "share": [0.1, 0.3],
    },
}


def test_same_seed_same_runs_serially_and_with_two_workers():
    scenario = centre(MIXED)
    serial = stress(scenario, runs=4, seed=11)
    parallel = stress(scenario, runs=4, seed=11, workers=2)
    assert frame_csv(serial.runs) == frame_csv(parallel.runs)
    assert frame_csv(serial.breach) == frame_csv(parallel.breach)
    with ThreadPoolExecutor(2) as executor:  # any concurrent.futures executor, a cluster's too
        given = stress(scenario, runs=4, seed=11, executor=executor)
    assert frame_csv(given.runs) == frame_csv(serial.runs)
    assert serial.runs["emergencies"].str.len().gt(0).any()  # something was drawn
    assert frame_csv(stress(scenario, runs=4, seed=12).runs) != frame_csv(serial.runs)


def test_two_staffings_see_the_same_emergencies_and_customers():
    lean, rich = (
        stress(centre(MIXED, 10), runs=5, seed=5),
        stress(centre(MIXED, 20), runs=5, seed=5),
    )
    columns = ["run", "queue", "emergencies", "hit_by", "event_start", "event_end"]
    pd.testing.assert_frame_equal(lean.runs[columns], rich.runs[columns])
    # the same customers: offered contacts depend on arrivals and the outage, never on agents
    assert lean.runs["offered"].tolist() == rich.runs["offered"].tolist()
    assert lean.runs["service_level"].mean() < rich.runs["service_level"].mean()
    for run in range(5):
        assert draw_emergencies(centre(MIXED, 10), 5, run) == draw_emergencies(
            centre(MIXED, 20), 5, run
        )


def test_draws_keep_to_the_window_range_and_probability():
    scenario = centre(MIXED)
    horizon = scenario.horizon
    surge = scenario.emergencies["surge"]
    allowed = set(start_intervals(surge.when, horizon))
    assert allowed == set(range(24, 48))  # 06:00 to 11:45 in 15-minute intervals
    happened = 0
    for run in range(1000):
        drawn = draw_emergency("surge", surge, horizon, stream(1, run, Purpose.emergencies, "x"))
        if drawn is None:
            continue
        happened += 1
        event = drawn.events[0]
        first = horizon.seconds_from_start(event.start) / 900
        last = horizon.seconds_from_start(event.end) / 900
        assert first in allowed and last == int(last)  # on the grid
        assert 1.5 <= event.volume_multiplier <= 2.5
        assert 1 <= last - first <= 8 * 4 and last <= horizon.n_intervals
    # binomial(1000, 0.5): standard deviation 15.8; four of them either side
    assert abs(happened - 500) < 64


def test_a_group_list_draws_one_event_per_group_at_one_time():
    scenario = load_scenario("emergencies")
    flu = scenario.emergencies["flu-wave"]
    drawn = draw_emergency(
        "flu-wave",
        flu.model_copy(update={"probability": 1.0}),
        scenario.horizon,
        np.random.default_rng(3),
    )
    assert [e.group for e in drawn.events] == list(flu.groups)
    assert len({(e.start, e.end, e.share) for e in drawn.events}) == 1
    assert 0.10 <= drawn.events[0].share <= 0.25


def test_recovery_is_the_first_stretch_of_an_hour_at_target():
    # worked by hand, target 0.8, stretches of two intervals; intervals without contacts
    # (closed) break no stretch but start none
    service = np.array([0.5, 0.9, 0.7, 0.85, np.nan, 0.9, 0.2])
    offered = np.array([10, 10, 10, 10, 0, 10, 10])
    assert recovery_intervals(service, offered, 0.8, 2) == 3  # 0.85, then closed
    assert recovery_intervals(service[:3], offered[:3], 0.8, 2) == -1
    assert recovery_intervals(service, offered, 0.8, 1) == 1


def test_event_window_after_and_recovery_measured_from_a_hand_made_run():
    hourly = {
        **ONE_DAY,
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 60},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-20:00"}}},
        "queues": {"general": ONE_DAY["queues"]["general"]},
        "emergencies": {
            "down": {
                "type": "outage",
                "channel": "phone",
                "when": {"earliest": "2026-01-05 10:00", "latest": "2026-01-05 10:00"},
                "duration": {"hours": 2},
            }
        },
    }
    scenario = scenario_from_dict(hourly)
    drawn = draw_emergencies(scenario, 1, 0)
    hours = np.arange(24)
    open_ = (hours >= 8) & (hours < 20)
    down = (hours >= 10) & (hours < 12)
    offered = np.where(open_ & ~down, 10, 0)
    within = offered.copy()
    within[12], within[13] = 5, 9  # 0.5 at noon, 0.9 at one o'clock
    kpis = pd.DataFrame(
        {
            "interval_start": scenario.horizon.interval_starts(),
            "queue": "general",
            "offered": offered,
            "answered": offered,
            "abandoned": 0,
            "answered_within_target": within,
            "failed": np.where(down, 10, 0),
            "retried": 0,
            "diverted": 0,
            "dropped": 0,
            "backlog": 0,
        }
    )
    occupancy = pd.DataFrame({"group": ["agents"] * 24, "duty_seconds": 3600.0 * 16})
    periods, rows = measure_run(scenario, drawn, kpis, occupancy, 0)
    row = rows.iloc[0]
    assert row["event_start"] == pd.Timestamp("2026-01-05 10:00")
    assert row["service_level_event"] == 0.0  # 20 calls failed, none answered
    assert row["service_level_after"] == pytest.approx((5 + 9 + 10 + 10) / 40)  # 12:00-16:00
    assert row["recovery_minutes"] == 60  # 13:00 is the first hour at target
    assert row["lost"] == 20 and row["cost"] == 24 * 16 * 20
    week = periods.query("period == 'week'").iloc[0]
    # 100 offered + 20 lost; 94 answered within target: 0.783, a breach of 0.8
    assert (week["due"], week["answered_within_target"]) == (120, 94)


def test_satisfaction_goals_get_a_breach_probability_too():
    # The satisfaction model's P(satisfied) is at most `resolved`, 0.92 by default (every other
    # factor is <= 1; scenarios/satisfaction.py), so CSAT can never reach a goal of 0.95; a
    # churn share can never exceed 1
    goals = {**ONE_DAY, "goals": {"csat": 0.95, "churn": 1.0}}
    result = stress(scenario_from_dict({**goals, "emergencies": {}}), runs=3, seed=2)
    week = result.breach.query("period == 'week' and queue == 'general'").set_index("target")
    assert week.loc["csat", "p_breach"] == 1.0 and week.loc["csat", "runs"] == 3
    assert week.loc["churn", "p_breach"] == 0.0
    assert list(week.index) == ["service_level", "abandonment", "csat", "churn"]
    assert result.summary()["queues"]["general"]["csat"]["target"] == 0.95
