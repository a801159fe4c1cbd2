"""Requirements of a scenario: the formula's answer interval by interval, and staffing to them
meets the targets when simulated."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optimise.queueing.requirements import deferred_workload, requirements, skill_requirements
from scenarios import load_scenario, scenario_from_dict
from sim import simulate
from tests.reference import erlang_c


def erlang_c_agents(rate: float, aht: float, t: float, target: float) -> int:
    # smallest n with 1 - C(n, a) exp(-(n mu - lambda) t) >= target
    a = rate * aht
    n = math.floor(a) + 1
    while True:
        if 1 - erlang_c(n, a) * math.exp(-(n / aht - rate) * t) >= target:
            return n
        n += 1


def test_single_queue_requirements_equal_the_formula_in_every_interval(write, single_queue):
    text = single_queue.replace(
        "    patience: {distribution: exponential, mean_seconds: 120}\n", ""
    )
    table = requirements(load_scenario(write("s.yaml", text)), shrinkage=0.25)
    expected = erlang_c_agents(150 / 900, 300, 20, 0.80)
    assert len(table) == 672
    assert (table["agents"] == expected).all()
    assert (table["scheduled_agents"] == math.ceil(expected / 0.75)).all()
    assert (table["service_level"] >= 0.80).all()


def test_deferred_work_is_spread_over_its_deadline_and_waits_for_opening():
    # Six intervals, open in 2..5; deadline 2 intervals.  Work 8 arriving in interval 0 has no
    # open interval in 0..1, so it goes to the first two open ones (2, 3): 4 each.  Work 6 in
    # interval 3 spreads over 3 and 4: 3 each.  Work 2 in 5 may go to 5 or 6, and 6 (the next
    # cycle's 0) is closed: all 2 in 5.  Work 5 in 4 with a deadline past the end wraps to the
    # next cycle's opening: see the second case.
    work = np.array([8.0, 0, 0, 6, 0, 2])
    is_open = np.array([False, False, True, True, True, True])
    assert deferred_workload(work, is_open, 2).tolist() == [0, 0, 4, 7, 3, 2]
    # open only in 1; work 3 arriving in 2 waits for the next cycle's interval 1
    assert deferred_workload(np.array([0, 0, 3.0]), np.array([False, True, False]), 1).tolist() == [
        0,
        3,
        0,
    ]


def small_centre(channel: dict, queue: dict, days: int = 2) -> dict:
    return {
        "name": "small",
        "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 15},
        "channels": {"c": channel},
        "queues": {"q": {"channel": "c", "skill": "s", **queue}},
        "agent_groups": {"g": {"skills": {"s": 1.0}}},
        "staffing": {"g": 0},
    }


@pytest.mark.slow
def test_chat_requirement_as_n_times_k_servers_matches_the_simulated_chat_queue():
    # 60 chats per 15 minutes, 10-minute chats, 2-minute mean patience, 3 chats per agent
    document = small_centre(
        {"kind": "chat", "concurrency": 3},
        {
            "volume": {"per_interval": 60},
            "handle_time": {"distribution": "exponential", "mean_seconds": 600},
            "patience": {"distribution": "exponential", "mean_seconds": 120},
            "sla": {"answer_within_seconds": 30, "target": 0.8},
        },
    )
    table = requirements(scenario_from_dict(document))
    agents = int(table["agents"].iloc[0])
    predicted = float(table["service_level"].iloc[0])
    result = simulate(
        scenario_from_dict({**document, "staffing": {"g": agents}}), replications=8, seed=3
    )
    kpis = result.kpis[result.kpis["interval_start"] >= "2026-01-05 04:00"]
    per_rep = kpis.groupby("replication")[["answered_within_target", "offered"]].sum()
    levels = per_rep["answered_within_target"] / per_rep["offered"]
    half = 3.5 * levels.std(ddof=1) / math.sqrt(len(levels))  # t(7) 99.5% is about 3.5
    assert abs(levels.mean() - predicted) <= max(half, 0.005)
    assert half < 0.03
    assert levels.mean() >= 0.8 - half


@pytest.mark.slow
def test_email_staffed_to_its_requirement_meets_the_target_when_simulated():
    # email arriving 08:00-18:00 and worked 08:00-20:00; 90% to be answered within 4 hours
    document = small_centre(
        {"kind": "deferred", "open": {"mon-sun": "08:00-20:00"}},
        {
            "volume": {
                "weekly_total": 7 * 400,
                "intraday_profile": {"08:00": 1, "18:00": 0},
            },
            "handle_time": {"distribution": "lognormal", "mean_seconds": 420, "cv": 0.6},
            "sla": {"answer_within_hours": 4, "target": 0.9},
        },
        days=7,
    )
    scenario = scenario_from_dict(document)
    table = requirements(scenario)
    staffing = table.pivot(index="interval_start", columns="queue", values="agents")
    staffing = staffing.rename(columns={"q": "g"})
    result = simulate(scenario, replications=4, seed=5, staffing=staffing)
    per_rep = result.kpis.groupby("replication")[["answered_within_target", "offered"]].sum()
    assert (per_rep["answered_within_target"] / per_rep["offered"] >= 0.9).all()


def test_skill_view_sums_the_queues_of_each_skill():
    table = requirements(load_scenario("baseline"))
    skills = skill_requirements(table)
    assert set(skills["skill"]) == {"billing", "technical", "chat", "email"}
    merged = skills.merge(
        table.groupby(["interval_start", "skill"])["agents"].sum().rename("sum").reset_index()
    )
    assert (merged["agents"] == merged["sum"]).all()


@pytest.mark.parametrize("name", ["baseline", "complaint-surge"])
def test_builtin_requirements_are_whole_and_zero_when_closed(name):
    table = requirements(load_scenario(name))
    live = table[table["channel"] != "email"]
    assert (live.loc[live["volume"] == 0, "agents"] == 0).all()
    assert (table["agents"] >= 0).all()
