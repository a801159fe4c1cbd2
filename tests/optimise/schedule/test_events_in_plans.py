"""Plans that know who will be missing: absenteeism and site loss priced into the cover,
checked against a hand-worked cover of one-hour shifts."""

from __future__ import annotations

import math

import pytest

from optimise.schedule import plan_cover
from scenarios import InfeasiblePlan, scenario_from_dict
from tests.optimise.schedule.centres import centre, need

HOURLY = {"hour": {"length_hours": 1, "start": ["08:00", "15:00"], "start_step_minutes": 60}}
GROUP = {"g": {"skills": {"a": 1}, "cost_per_hour": 10}}
REQUIRED = [1, 2, 3, 3, 2, 2, 1, 1]  # 08:00-16:00, each day


def plan_with(events: list[dict]):
    document = centre(HOURLY, GROUP, days=2)
    document["events"] = events
    plan = plan_cover(scenario_from_dict(document), need({"a": REQUIRED}, days=2))
    return plan.shifts.groupby("day")["cost"].sum()


def test_absent_agents_are_replaced_on_the_days_of_the_wave_only():
    # 40% of the agents logging in on Tuesday stay away: each hour needs ceil(r / 0.6) shifts
    wave = {"type": "absenteeism", "group": "g", "share": 0.4}
    cost = plan_with([{**wave, "start": "2026-01-06 00:00", "end": "2026-01-07 00:00"}])
    assert cost["2026-01-05"] == pytest.approx(10 * sum(REQUIRED))
    assert cost["2026-01-06"] == pytest.approx(10 * sum(math.ceil(r / 0.6) for r in REQUIRED))


def test_a_site_loss_doubles_the_agents_bought_for_its_hours():
    # half the group off site Monday 10:00-12:00: those two hours need 2 r shifts
    loss = {"type": "site_loss", "group": "g", "share": 0.5}
    cost = plan_with([{**loss, "start": "2026-01-05 10:00", "end": "2026-01-05 12:00"}])
    monday = [2 * r if 2 <= hour < 4 else r for hour, r in enumerate(REQUIRED)]
    assert cost["2026-01-05"] == pytest.approx(10 * sum(monday))
    assert cost["2026-01-06"] == pytest.approx(10 * sum(REQUIRED))


def test_a_group_lost_altogether_cannot_cover_and_says_where():

    loss = {"type": "site_loss", "group": "g", "share": 1.0}
    with pytest.raises(InfeasiblePlan, match="2026-01-05 10:00"):
        plan_with([{**loss, "start": "2026-01-05 10:00", "end": "2026-01-05 11:00"}])
