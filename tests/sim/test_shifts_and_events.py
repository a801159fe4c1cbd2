"""Shifts, breaks and emergencies: hand-worked logs and layouts, and outages within binomial bounds.

Seconds are counted from the horizon start, Monday 2026-01-05 00:00 (one day = 86,400 s).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from scenarios import expected_volumes, scenario_from_dict
from sim import simulate
from sim.arrivals import draw_contacts
from sim.contacts import Contacts, Origin, Outcome
from sim.engine import run_replication
from sim.events import apply_outages
from sim.layout import CentreLayout, Loss, centre_layout

DAY = 86_400.0
HOUR = 3_600.0
SEED = 20260105


def one_group_layout(intervals: int, **fields: Any) -> CentreLayout:
    """One group of voice agents skilled for one queue, 15-minute intervals."""
    return CentreLayout(
        interval_seconds=900.0,
        staffing=fields.pop("staffing", None),
        multiplier=np.array([[1.0]]),
        skill_rank=np.array([[1]]),
        priority=(1,),
        worked=np.ones((1, intervals), dtype=bool),
        **fields,
    )


def queue(channel: str, per_interval: float, **more: Any) -> dict[str, Any]:
    return {
        "channel": channel,
        "skill": "service",
        "volume": {"per_interval": per_interval},
        "handle_time": {"distribution": "lognormal", "mean_seconds": 180, "cv": 0.8},
        "sla": {"answer_within_seconds": 20, "target": 0.8},
        **more,
    }


def scenario(
    *,
    days: int = 1,
    interval_minutes: int = 15,
    queues: dict[str, Any] | None = None,
    channels: dict[str, Any] | None = None,
    groups: tuple[str, ...] = ("agents",),
    staffing: dict[str, Any] | None = None,
    events: Sequence[dict[str, Any]] = (),
):
    return scenario_from_dict(
        {
            "name": "micro",
            "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": interval_minutes},
            "channels": channels or {"phone": {"kind": "voice"}},
            "queues": queues or {"calls": queue("phone", 10)},
            "agent_groups": {g: {"skills": {"service": 1.0}} for g in groups},
            "staffing": staffing or {g: 10 for g in groups},
            "events": list(events),
        }
    )


# --- 1. shifts and breaks, worked by hand ----------------------------------------------------


def test_breaks_and_logouts_wait_for_the_contact_in_hand_and_follow_the_hand_worked_log():
    # Agent 0: shift 0-2700 with a 300 s break due at 600.  Agent 1: shift 300-1200, no break.
    #   500: c0 (200 s): both idle, agent 0 idle longest (since 0, agent 1 since 300) -> 0..700.
    #   600: agent 0's break is due while it is busy: it finishes c0 first.
    #   650: c1 (700 s) -> agent 1 until 1350.
    #   700: agent 0 finishes c0 and goes on its break, back 300 s after it began: 1000.
    #   800: c2 (400 s) waits: agent 0 on its break, agent 1 busy.
    #   1000: agent 0 is back and answers c2 (waited 200) until 1400.
    #   1200: agent 1 is due to log out but is busy with c1 until 1350.
    #   1320: c3 (100 s) waits.  1350: agent 1 finishes c1 and leaves without taking c3.
    #   1400: agent 0 finishes c2, answers c3 (waited 80) until 1500.  2700: agent 0 logs out.
    contacts = Contacts.from_lists(
        arrival=[500, 650, 800, 1320], queue=[0, 0, 0, 0], handle_seconds=[200, 700, 400, 100]
    )
    shifts = ((0, 0.0, 2700.0, ((600.0, 300.0),)), (0, 300.0, 1200.0, ()))
    result = run_replication(one_group_layout(4, shifts=shifts), contacts, trace=True)
    assert result.log == [
        (0.0, "login", -1, 0),
        (300.0, "login", -1, 1),
        (500.0, "arrive", 0, -1),
        (500.0, "answer", 0, 0),
        (650.0, "arrive", 1, -1),
        (650.0, "answer", 1, 1),
        (700.0, "finish", 0, 0),
        (700.0, "away", -1, 0),
        (800.0, "arrive", 2, -1),
        (1000.0, "back", -1, 0),
        (1000.0, "answer", 2, 0),
        (1320.0, "arrive", 3, -1),
        (1350.0, "finish", 1, 1),
        (1350.0, "logout", -1, 1),
        (1400.0, "finish", 2, 0),
        (1400.0, "answer", 3, 0),
        (1500.0, "finish", 3, 0),
        (2700.0, "logout", -1, 0),
    ]
    assert result.outcomes.outcome.tolist() == [Outcome.answered] * 4
    assert result.outcomes.wait_seconds.tolist() == [0.0, 0.0, 200.0, 80.0]
    # Busy, per 900 s interval:
    #   [0, 900):     c0 500-700 (200) + c1 650-900 (250)                      = 450
    #   [900, 1800):  c1 900-1350 (450) + c2 1000-1400 (400) + c3 1400-1500 (100) = 950
    # On duty (logged in and not on a break; a busy agent due away still counts):
    #   [0, 900):     agent 0 0-700 (700) + agent 1 300-900 (600)               = 1300
    #   [900, 1800):  agent 0 1000-1800 (800) + agent 1 900-1350 (450)          = 1250
    #   [1800, 2700): agent 0 (900); [2700, 3600): nobody
    assert result.busy_seconds[0].tolist() == [450.0, 950.0, 0.0, 0.0]
    assert result.duty_seconds[0].tolist() == [1300.0, 1250.0, 900.0, 0.0]


# --- 2. scenario shifts expand as written ----------------------------------------------------


def test_scenario_shifts_expand_to_the_hand_computed_login_logout_and_break_seconds():
    shifts = [
        {
            "group": "day",
            "days": "mon-fri",
            "start": "08:00",
            "end": "16:00",
            "agents": 2,
            "breaks": [{"start": "12:00", "minutes": 30}],
        },
        # Wednesday night into Thursday, a break after midnight
        {
            "group": "night",
            "days": "2026-01-07",
            "start": "22:00",
            "end": "06:00",
            "breaks": [{"start": "02:00", "minutes": 15}],
        },
        {"group": "day", "days": "sat", "start": "16:00", "end": "24:00"},
        # Sunday night, breaks listed out of order, ending after the horizon
        {
            "group": "night",
            "days": "sun",
            "start": "20:00",
            "end": "02:00",
            "breaks": [{"start": "01:00", "minutes": 15}, {"start": "22:00", "minutes": 30}],
        },
    ]
    layout = centre_layout(scenario(days=7, groups=("day", "night"), staffing={"shifts": shifts}))
    day, night = 0, 1
    weekdays = [
        # day d: login d*86400 + 8h, logout + 16h, break due + 12h for 1800 s; two agents each
        (day, d * DAY + 8 * HOUR, d * DAY + 16 * HOUR, ((d * DAY + 12 * HOUR, 1800.0),))
        for d in range(5)
        for _ in range(2)
    ]
    wednesday_night = (
        night,
        2 * DAY + 22 * HOUR,  # 252,000
        3 * DAY + 6 * HOUR,  # 280,800: Thursday 06:00
        ((3 * DAY + 2 * HOUR, 900.0),),  # Thursday 02:00 = 266,400
    )
    saturday = (day, 5 * DAY + 16 * HOUR, 6 * DAY, ())  # 489,600 to 518,400 (midnight)
    sunday_night = (
        night,
        6 * DAY + 20 * HOUR,  # 590,400
        7 * DAY + 2 * HOUR,  # 612,000: past the horizon's end at 604,800
        ((6 * DAY + 22 * HOUR, 1800.0), (7 * DAY + 1 * HOUR, 900.0)),  # 597,600 then 608,400
    )
    # in order of login: Mon, Tue, Wed (08:00 before 22:00), Wed night, Thu, Fri, Sat, Sun
    assert layout.shifts == (*weekdays[:6], wednesday_night, *weekdays[6:], saturday, sunday_night)
    assert layout.staffing is None


# --- 3. outages ------------------------------------------------------------------------------

OUTAGE_START, OUTAGE_END = 10 * HOUR, 11 * HOUR  # Monday 10:00-11:00
OPEN = {"mon-sun": "08:00-14:00"}


def outage_scenario(retry_delay: dict[str, Any], divert_to: str = "chat"):
    # calls: 200 expected per 15 minutes, open 08:00-14:00; about 800 arrive in the outage.
    return scenario(
        channels={"phone": {"kind": "voice", "open": OPEN}, "chat": {"kind": "chat", "open": OPEN}},
        queues={
            "calls": queue(
                "phone", 200, patience={"distribution": "exponential", "mean_seconds": 120}
            ),
            "webchat": queue("chat", 20),
        },
        staffing={"agents": 25},
        events=[
            {
                "type": "outage",
                "queue": "calls",
                "start": "2026-01-05 10:00",
                "end": "2026-01-05 11:00",
                "retry": {"share": 0.5, "delay": retry_delay},
                "divert": {"share": 0.2, "to": divert_to},
            }
        ],
    )


def per_interval(frame: pd.DataFrame, queue_name: str, column: str) -> np.ndarray:
    return frame.loc[frame["queue"] == queue_name, column].to_numpy()


def customers(contacts: Contacts, mask: np.ndarray, shift: float = 0.0) -> set[tuple]:
    """Return (arrival + shift, handle, patience) of the masked contacts, to 1e-6 s."""
    columns = (contacts.arrival[mask] + shift, contacts.handle_seconds[mask])
    return set(zip(*np.round(columns, 6).tolist(), contacts.patience_seconds[mask], strict=True))


@pytest.mark.parametrize("divert_to", ["chat", "webchat"])  # a channel, or a queue by name
def test_an_outage_fails_exactly_the_calls_arriving_in_it_and_retries_and_diverts_them(
    divert_to,
):
    # A fixed retry delay of one hour takes every retry out of the 10:00-11:00 window.
    centre = outage_scenario({"distribution": "fixed", "mean_seconds": 3600}, divert_to)
    drawn = draw_contacts(centre, SEED, 0)
    calls = drawn.queue == 0
    in_window = calls & (drawn.arrival >= OUTAGE_START) & (drawn.arrival < OUTAGE_END)
    # 96 quarter-hours; the outage covers quarters 40-43, their retries arrive in 44-47
    drawn_calls = np.bincount((drawn.arrival[calls] // 900).astype(int), minlength=96)
    window = np.zeros(96, dtype=bool)
    window[40:44] = True

    kpis = simulate(centre, replications=1, seed=SEED).kpis
    failed = per_interval(kpis, "calls", "failed")
    retried = per_interval(kpis, "calls", "retried")
    diverted = per_interval(kpis, "calls", "diverted")
    arrived_retrying = per_interval(kpis, "calls", "arrived_retrying")
    offered = per_interval(kpis, "calls", "offered")

    # exactly the calls drawn in the window fail, each once; none outside
    n_failed = int(in_window.sum())
    assert 700 < n_failed < 900  # Poisson(800)
    assert failed.tolist() == np.where(window, drawn_calls, 0).tolist()
    assert failed.sum() == n_failed
    assert per_interval(kpis, "webchat", "failed").sum() == 0

    # retry share 0.5, divert share 0.2: binomial(failed, share), 99.9% bounds
    low, high = binom.interval(0.999, n_failed, 0.5)
    assert low <= retried.sum() <= high
    low, high = binom.interval(0.999, n_failed, 0.2)
    assert low <= diverted.sum() <= high

    # a failure at t retries at t + 3600: four quarter-hours later, as arrived_retrying
    assert arrived_retrying[44:48].tolist() == retried[40:44].tolist()
    assert arrived_retrying.sum() == retried.sum()
    # nothing arrives at the queue in the outage; elsewhere the drawn calls plus the retries
    assert offered.tolist() == np.where(window, 0, drawn_calls + arrived_retrying).tolist()
    # the diverted arrive at the chat queue at once, as arrived_diverted
    assert per_interval(kpis, "webchat", "arrived_diverted").tolist() == diverted.tolist()
    assert per_interval(kpis, "calls", "arrived_diverted").sum() == 0

    # the contacts themselves: each retry is a failed call one hour later, same customer
    reached, _ = apply_outages(centre, drawn, SEED, 0)
    retry = reached.origin == Origin.retry
    assert retry.sum() == retried.sum()
    again = customers(reached, retry, shift=-3600.0)
    assert len(again) == retry.sum()
    assert again <= customers(drawn, in_window)
    assert (reached.arrival[retry] >= OUTAGE_END).all()
    moved = reached.origin == Origin.diverted
    assert (reached.queue[moved] == 1).all()
    assert set(reached.arrival[moved]) <= set(drawn.arrival[in_window])
    fresh = reached.origin == Origin.fresh
    assert fresh.sum() == len(drawn) - n_failed


def test_retries_landing_inside_the_outage_fail_again_as_often_as_the_closed_form_says():
    # Retry share p = 0.5 after an exponential delay with mean m = 600 s.  A failure with r
    # seconds of outage left retries into it with probability p(1 - exp(-r/m)); the expected
    # further failures F(r) solve F' = p/m - (1 - p)/m F, F(0) = 0:
    #   F(r) = p/(1 - p) (1 - exp(-(1 - p) r / m)) = 1 - exp(-r / 1200).
    # Fresh calls arrive uniformly over the hour (r uniform on [0, 3600]):
    #   E F = 1 - (1200 / 3600)(1 - exp(-3)) = 0.683262...
    # The further failures of one call are at most geometric (P(X >= k) <= p^k), so
    # Var X <= E X^2 <= sum (2k - 1) p^k = 3: the total lies within 4 sqrt(3 n) of n E F.
    expected_share = 1 - (1200 / 3600) * (1 - math.exp(-3))
    centre = outage_scenario({"distribution": "exponential", "mean_seconds": 600})
    drawn = draw_contacts(centre, SEED, 0)
    n_fresh = int(
        ((drawn.queue == 0) & (drawn.arrival >= OUTAGE_START) & (drawn.arrival < OUTAGE_END)).sum()
    )
    reached, failures = apply_outages(centre, drawn, SEED, 0)
    again = len(failures.time) - n_fresh
    assert abs(again - n_fresh * expected_share) <= 4 * math.sqrt(3 * n_fresh)
    # every failure is inside the window, and every retry that reached the queue is outside it
    assert ((failures.time >= OUTAGE_START) & (failures.time < OUTAGE_END)).all()
    retry = reached.arrival[reached.origin == Origin.retry]
    assert ((retry < OUTAGE_START) | (retry >= OUTAGE_END)).all()


# --- 4. surges -------------------------------------------------------------------------------

SURGE_START, SURGE_END = 10 * HOUR, 12 * HOUR  # Monday 10:00-12:00


def surge_scenario(*surges: tuple[str, str, float, float]):
    # calls: 40 expected per 15 minutes around the clock; other: 10, on another channel.
    return scenario(
        channels={"phone": {"kind": "voice"}, "web": {"kind": "voice"}},
        queues={"calls": queue("phone", 40), "other": queue("web", 10)},
        events=tuple(
            {
                "type": "surge",
                "channel": "phone",
                "start": f"2026-01-05 {start}",
                "end": f"2026-01-05 {end}",
                "volume_multiplier": volume,
                "handle_time_multiplier": handle,
            }
            for start, end, volume, handle in surges
        ),
    )


def test_a_volume_surge_triples_expected_volumes_in_its_window_only():
    volumes = expected_volumes(surge_scenario(("10:00", "12:00", 3.0, 1.4)))
    # quarters 40-47 are 10:00-12:00: 3 x 40 = 120 there, 40 elsewhere; other untouched (10)
    assert volumes["calls"].tolist() == [120.0 if 40 <= k < 48 else 40.0 for k in range(96)]
    assert volumes["other"].tolist() == [10.0] * 96


def test_a_handle_time_surge_stretches_the_handle_times_of_contacts_arriving_in_its_window():
    # Volume multiplier 1 leaves the expected volumes, hence the arrival draws, unchanged.
    plain = draw_contacts(surge_scenario(), SEED, 0)
    surged = draw_contacts(surge_scenario(("10:00", "12:00", 1.0, 1.4)), SEED, 0)
    np.testing.assert_array_equal(surged.arrival, plain.arrival)
    np.testing.assert_array_equal(surged.queue, plain.queue)
    np.testing.assert_array_equal(surged.patience_seconds, plain.patience_seconds)
    inside = (plain.queue == 0) & (plain.arrival >= SURGE_START) & (plain.arrival < SURGE_END)
    assert inside.sum() > 250  # Poisson(320)
    stretch = np.where(inside, 1.4, 1.0)
    np.testing.assert_allclose(surged.handle_seconds, plain.handle_seconds * stretch, rtol=1e-12)


# --- 5. absenteeism --------------------------------------------------------------------------


def test_absenteeism_removes_the_rounded_share_of_count_staffing_in_its_window():
    # hourly intervals; a: 7 agents, 30% absent 10:00-12:00: round(2.1) = 2 -> 5.
    # b: 12 agents, 20% absent 09:00-10:00: round(2.4) = 2 -> 10.
    centre = scenario(
        interval_minutes=60,
        groups=("a", "b"),
        staffing={"a": 7, "b": 12},
        events=[
            {
                "type": "absenteeism",
                "group": "a",
                "share": 0.3,
                "start": "2026-01-05 10:00",
                "end": "2026-01-05 12:00",
            },
            {
                "type": "absenteeism",
                "group": "b",
                "share": 0.2,
                "start": "2026-01-05 09:00",
                "end": "2026-01-05 10:00",
            },
        ],
    )
    staffing = centre_layout(centre).staffing
    assert staffing[0].tolist() == [5 if h in (10, 11) else 7 for h in range(24)]
    assert staffing[1].tolist() == [10 if h == 9 else 12 for h in range(24)]


def test_absenteeism_on_shifts_removes_floor_share_of_the_logins_in_its_window():
    # a: 5 agents 08:00-16:00 and 3 agents 09:00-17:00 on weekdays; b: 4 agents 08:00-16:00.
    # 30% of a absent Tue 08:00 to Wed 08:00: 8 logins (Tue 08:00 x 5, 09:00 x 3; Wed 08:00 is
    # the window's end, outside) -> floor(8 x 0.3) = 2 absent.  The i-th login is absent when
    # floor(0.3 i) steps up: i = 4 (the 4th 08:00 agent) and i = 7 (the 2nd 09:00 agent).
    shifts = [
        {"group": "a", "days": "mon-fri", "start": "08:00", "end": "16:00", "agents": 5},
        {"group": "a", "days": "mon-fri", "start": "09:00", "end": "17:00", "agents": 3},
        {"group": "b", "days": "mon-fri", "start": "08:00", "end": "16:00", "agents": 4},
    ]
    centre = scenario(
        days=7,
        groups=("a", "b"),
        staffing={"shifts": shifts},
        events=[
            {
                "type": "absenteeism",
                "group": "a",
                "share": 0.3,
                "start": "2026-01-06 08:00",
                "end": "2026-01-07 08:00",
            }
        ],
    )
    logins = pd.Series([(g, login) for g, login, _, _ in centre_layout(centre).shifts])
    counts = logins.value_counts().to_dict()
    expected = {}
    for d in range(5):
        expected[(0, d * DAY + 8 * HOUR)] = 4 if d == 1 else 5
        expected[(0, d * DAY + 9 * HOUR)] = 2 if d == 1 else 3
        expected[(1, d * DAY + 8 * HOUR)] = 4
    assert counts == expected


# --- 6. site loss ----------------------------------------------------------------------------


@pytest.mark.parametrize("drop", [False, True])
def test_a_site_loss_takes_the_agent_after_or_through_its_contact_and_returns_it_at_the_end(
    drop,
):
    # One agent on count staffing; its whole site is lost 1000-1500.
    #   900: c0 (300 s) answered, due to end at 1200.  1100: c1 (100 s) waits.
    #   finish: at 1000 the agent is due away; it finishes c0 at 1200 and goes then.
    #   drop:   at 1000 c0 is cut off and the agent goes at once.
    #   1500: the agent is back and answers c1 (waited 400) until 1600.
    contacts = Contacts.from_lists(arrival=[900, 1100], queue=[0, 0], handle_seconds=[300, 100])
    layout = one_group_layout(
        4,
        staffing=np.ones((1, 4), dtype=np.int64),
        losses=(Loss(group=0, start=1000.0, end=1500.0, share=1.0, drop=drop),),
    )
    result = run_replication(layout, contacts, trace=True)
    if drop:
        middle = [(1000.0, "drop", 0, 0), (1000.0, "away", -1, 0), (1100.0, "arrive", 1, -1)]
    else:
        middle = [(1100.0, "arrive", 1, -1), (1200.0, "finish", 0, 0), (1200.0, "away", -1, 0)]
    assert result.log == [
        (0.0, "login", -1, 0),
        (900.0, "arrive", 0, -1),
        (900.0, "answer", 0, 0),
        *middle,
        (1500.0, "back", -1, 0),
        (1500.0, "answer", 1, 0),
        (1600.0, "finish", 1, 0),
    ]
    first = Outcome.dropped if drop else Outcome.answered
    assert result.outcomes.outcome.tolist() == [first, Outcome.answered]
    assert result.outcomes.wait_seconds.tolist() == [0.0, 400.0]
    # [900, 1800): busy c0 900-1200 (300) or 900-1000 (100), plus c1 1500-1600 (100);
    # on duty 900 until it goes (1200 or 1000) and again 1500-1800 (300).
    assert result.busy_seconds[0].tolist() == [0.0, 200.0 if drop else 400.0, 0.0, 0.0]
    assert result.duty_seconds[0].tolist() == [900.0, 400.0 if drop else 600.0, 900.0, 900.0]


# --- 7. overlapping events -------------------------------------------------------------------


def test_overlapping_surges_multiply():
    # x2 volume, x1.1 handle 10:00-12:00 and x3 volume, x1.5 handle 11:00-13:00:
    #   10-11: 40 x 2 = 80, handle x 1.1;  11-12: 40 x 6 = 240, x 1.65;  12-13: 120, x 1.5.
    both = (("10:00", "12:00", 2.0, 1.1), ("11:00", "13:00", 3.0, 1.5))
    volumes = expected_volumes(surge_scenario(*both))["calls"].to_numpy()
    factor = np.ones(96)
    factor[40:44], factor[44:48], factor[48:52] = 2.0, 6.0, 3.0
    np.testing.assert_allclose(volumes, 40.0 * factor, rtol=1e-12)

    # handle times (volume multipliers 1, so the arrivals stay the same)
    plain = draw_contacts(surge_scenario(), SEED, 0)
    handle_only = tuple((start, end, 1.0, handle) for start, end, _, handle in both)
    surged = draw_contacts(surge_scenario(*handle_only), SEED, 0)
    np.testing.assert_array_equal(surged.arrival, plain.arrival)
    hour = plain.arrival // HOUR
    stretch = np.select([hour == 10, hour == 11, hour == 12], [1.1, 1.65, 1.5], 1.0)
    stretch = np.where(plain.queue == 0, stretch, 1.0)
    np.testing.assert_allclose(surged.handle_seconds, plain.handle_seconds * stretch, rtol=1e-12)


def absence(share: float, start: str, end: str) -> dict[str, Any]:
    return {
        "type": "absenteeism",
        "group": "agents",
        "share": share,
        "start": f"2026-01-05 {start}",
        "end": f"2026-01-05 {end}",
    }


def test_overlapping_absences_compound_on_counts_and_on_shifts():
    events = [absence(0.2, "10:00", "12:00"), absence(0.5, "11:00", "13:00")]
    # counts, 10 agents, hourly: 10-11: 10 - round(2) = 8;  11-12: 8 - round(4) = 4
    # (= 10 x 0.8 x 0.5);  12-13: 10 - round(5) = 5.
    counts = centre_layout(scenario(interval_minutes=60, events=events)).staffing[0]
    assert counts.tolist() == [{10: 8, 11: 4, 12: 5}.get(h, 10) for h in range(24)]
    # shifts: 10 agents log in at 11:00, inside both windows: floor(10 x 0.2) = 2 absent,
    # then floor(8 x 0.5) = 4 of the other 8: 4 = 10 x 0.8 x 0.5 remain.  10 agents at 09:00
    # are in neither window.
    shifts = [
        {"group": "agents", "days": "mon", "start": start, "end": "17:00", "agents": 10}
        for start in ("09:00", "11:00")
    ]
    layout = centre_layout(scenario(staffing={"shifts": shifts}, events=events))
    logins = [login for _, login, _, _ in layout.shifts]
    assert logins == [9 * HOUR] * 10 + [11 * HOUR] * 4


def test_an_agent_back_from_a_lost_site_leaves_if_count_staffing_fell_meanwhile():
    # 1 agent in interval 0, none after; the site is lost 500-1200.  Back at 1200 it finds the
    # staffing at 0 and logs out at once: the call at 1300 is never answered.
    layout = CentreLayout(
        interval_seconds=900.0,
        staffing=np.array([[1, 0, 0, 0]]),
        multiplier=np.array([[1.0]]),
        skill_rank=np.array([[1]]),
        priority=(1,),
        losses=(Loss(group=0, start=500.0, end=1200.0, share=1.0, drop=False),),
    )
    result = run_replication(layout, Contacts.from_lists([1300.0], [0], [100.0]), trace=True)
    assert result.outcomes.outcome.tolist() == [Outcome.unserved]
    assert result.duty_seconds[0].tolist() == [500.0, 0.0, 0.0, 0.0]
