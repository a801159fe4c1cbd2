"""Chat, email and opening hours against closed forms and hand-worked logs.

Every expected value is computed here, never taken from a simulation run: Erlang C for chat
with concurrency (an agent holding k chats without slowdown is k independent servers), and
hand-worked timelines, written beside the asserts, for chat slowdown, the email backlog, the
email service level and live-before-deferred routing. The statistical check uses the 99%
Student-t interval of per-replication estimates, with a fixed seed (so it is deterministic)
and a cap on the interval's half-width (about 1.5 times the width seen), so that it cannot
pass merely by being vague.

Times in the hand-worked cases are seconds from the horizon's start, Monday 2026-01-05 00:00.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios import Scenario, scenario_from_dict
from sim import centre_layout, simulate
from sim.columns import frame
from sim.contacts import Contacts, Outcome
from sim.engine import run_replication
from sim.kpis import contact_kpis
from sim.layout import CHAT, DEFERRED, VOICE, CentreLayout
from tests.reference import erlang_c

LEVEL = 0.99  # confidence level of the intervals
SEED = 2026
INTERVAL = 900.0  # 15-minute intervals, in seconds
HOUR = 3600.0


def clock(hours: int, minutes: int = 0, day: int = 0) -> float:
    """Return the seconds from the horizon's start to a time of day on day 0, 1, ..."""
    return day * 24 * HOUR + hours * HOUR + minutes * 60.0


def confidence_interval(values: pd.Series) -> tuple[float, float]:
    """Return the mean of per-replication values and the half-width of its t interval."""
    # half-width: t quantile with R - 1 degrees of freedom * standard error of the mean
    quantile = stats.t.ppf(0.5 + LEVEL / 2, len(values) - 1)
    return float(values.mean()), float(quantile * values.std(ddof=1) / math.sqrt(len(values)))


def assert_covers(values: pd.Series, expected: float, max_half_width: float) -> None:
    """Assert the confidence interval of per-replication values contains the expected value
    and is narrow enough (half-width at most max_half_width) for the check to mean something."""
    mean, half = confidence_interval(values)
    assert half <= max_half_width, f"{values.name}: interval too wide, +-{half:.4g}"
    assert mean - half <= expected <= mean + half, (
        f"{values.name}: theory {expected:.5g} outside simulated {mean:.5g} +- {half:.4g}"
    )


def hand_layout(
    kind: tuple[int, ...],
    *,
    concurrency: int = 1,
    slowdown: float = 0.0,
    skill_rank: tuple[int, ...] | None = None,
    priority: tuple[int, ...] | None = None,
) -> CentreLayout:
    """Return one agent, on duty for one 15-minute interval, skilled for every queue."""
    queues = len(kind)
    return CentreLayout(
        interval_seconds=INTERVAL,
        staffing=np.ones((1, 1), dtype=np.int64),
        multiplier=np.ones((1, queues)),
        skill_rank=np.array([skill_rank or (1,) * queues], dtype=np.int64),
        priority=priority or (1,) * queues,
        kind=kind,
        concurrency=np.full((1, queues), concurrency, dtype=np.int64),
        slowdown=(slowdown,) * queues,
        worked=np.ones((queues, 1), dtype=bool),
    )


# --- 1. chat with concurrency k and no slowdown is M/M/(n k) ----------------------------------


def test_chat_with_concurrency_and_no_slowdown_is_erlang_c_on_agents_times_concurrency():
    # 8 agents holding 3 chats each: 24 identical slots, each finishing its chat at rate 1/AHT
    # independently of the others (no slowdown), fed first come, first served: M/M/24.
    # Twin chat queues, answered within 0 s and within 60 s, each take half the arrivals; they
    # share skill and priority, so together they are one FCFS queue and by PASTA each sees the
    # same waits: one run measures P(W <= 0) = 1 - C and P(W <= 60 s). No patience: nobody
    # abandons.
    agents, concurrency, aht, rho = 8, 3, 300.0, 0.875
    days, replications, warmup_hours = 6, 16, 4
    slots, mu = agents * concurrency, 1.0 / aht
    lam = rho * slots * mu  # arrivals per second: 0.07, 63 per 15 minutes
    # Relaxation time of the empty start 1 / (c mu (1 - sqrt(rho))^2) = 0.83 h: the 4 h
    # warm-up spans almost 5 of them.

    def queue(target: int) -> dict:
        return {
            "channel": "chat",
            "skill": "chat",
            "volume": {"per_interval": lam * INTERVAL / 2},
            "handle_time": {"distribution": "exponential", "mean_seconds": aht},
            "sla": {"answer_within_seconds": target, "target": 0.8},
        }

    scenario = scenario_from_dict(
        {
            "name": "chat-erlang-c",
            "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 15},
            "channels": {
                "chat": {"kind": "chat", "concurrency": concurrency, "concurrency_slowdown": 0}
            },
            "queues": {"within_0s": queue(0), "within_60s": queue(60)},
            "agent_groups": {"agents": {"skills": {"chat": 1.0}}},
            "staffing": {"agents": agents},
        }
    )

    wait = erlang_c(slots, lam / mu)  # P(W > 0) = 0.4249 for 21 erlangs on 24 slots
    gap = slots * mu - lam  # W | W > 0 ~ Exp(c mu - lam), c mu - lam = 0.01 per second
    expected = {
        "within_0s": 1.0 - wait,  # 0.5751
        "within_60s": 1.0 - wait * math.exp(-gap * 60.0),  # 0.7668
    }
    asa = wait / gap  # E[W] = P(W > 0) E[W | W > 0] = 42.49 s

    result = simulate(scenario, replications=replications, seed=SEED)
    start = pd.Timestamp("2026-01-05") + pd.Timedelta(hours=warmup_hours)
    kpis = result.kpis[result.kpis["interval_start"] >= start]
    occupancy = result.occupancy[result.occupancy["interval_start"] >= start]
    kpis = kpis.assign(wait_total=kpis["asa_seconds"].fillna(0.0) * kpis["answered"])
    by_queue = kpis.groupby(["replication", "queue"])[
        ["offered", "answered", "abandoned", "answered_within_target", "wait_total"]
    ].sum()
    for name, level in expected.items():
        mine = by_queue.xs(name, level="queue")
        estimate = (mine["answered_within_target"] / mine["offered"]).rename(name)
        assert_covers(estimate, level, 0.035)
    total = by_queue.groupby(level="replication").sum()
    assert_covers((total["wait_total"] / total["answered"]).rename("asa"), asa, 0.25 * asa)
    busy = occupancy.groupby("replication")[["busy_seconds", "duty_seconds"]].sum()
    # a chat occupies 1/3 of an agent, so occupancy is the busy share of the slots: rho
    assert_covers((busy["busy_seconds"] / busy["duty_seconds"]).rename("occupancy"), rho, 0.01)
    assert (total["abandoned"] == 0).all()


# --- 2. chat slowdown: a hand-worked log ------------------------------------------------------


def test_each_further_chat_held_is_slowed_by_the_slowdown_times_the_chats_already_held():
    # One agent, concurrency 3, slowdown 0.5, every chat 100 s of work. A chat taken while the
    # agent holds j others takes 100 (1 + 0.5 j); the stretch is fixed when it is taken.
    #   10: c0, the agent holds none:        100 s, finishes 110.
    #   20: c1, joins c0 (1 held):           150 s, finishes 170.
    #   30: c2, joins c0 and c1 (2 held):    200 s, finishes 230.
    #   40: c3, the agent is full: c3 waits.
    #  110: c0 finishes; c1 and c2 held: c3 is taken as the third chat: 200 s, finishes 310.
    #  170: c1 finishes.  230: c2 finishes.
    #  250: c4, joins c3 alone (1 held):      150 s, finishes 400.
    contacts = Contacts.from_lists(
        arrival=[10, 20, 30, 40, 250], queue=[0] * 5, handle_seconds=[100] * 5
    )
    centre = hand_layout((CHAT,), concurrency=3, slowdown=0.5)
    result = run_replication(centre, contacts, trace=True)
    assert result.log == [
        (0.0, "login", -1, 0),
        (10.0, "arrive", 0, -1),
        (10.0, "answer", 0, 0),
        (20.0, "arrive", 1, -1),
        (20.0, "answer", 1, 0),
        (30.0, "arrive", 2, -1),
        (30.0, "answer", 2, 0),
        (40.0, "arrive", 3, -1),
        (110.0, "finish", 0, 0),
        (110.0, "answer", 3, 0),
        (170.0, "finish", 1, 0),
        (230.0, "finish", 2, 0),
        (250.0, "arrive", 4, -1),
        (250.0, "answer", 4, 0),
        (310.0, "finish", 3, 0),
        (400.0, "finish", 4, 0),
    ]
    assert result.outcomes.wait_seconds.tolist() == [0.0, 0.0, 0.0, 70.0, 0.0]
    # finished minus arrival: 100, 170 - 20, 230 - 30, 310 - 40, 400 - 250
    assert result.outcomes.response_seconds.tolist() == [100.0, 150.0, 200.0, 270.0, 150.0]
    # A chat occupies a third of the agent however long it lasts: busy = (100 + 150 + 200 +
    # 200 + 150) / 3 agent-seconds.
    assert result.busy_seconds[0, 0] == pytest.approx(800.0 / 3)


# --- 3 and 4. email: the backlog of a closed night, the share finished within 4 hours ---------


def email_scenario(days: int, agents: int) -> Scenario:
    """Return an email channel worked 08:00-18:00 every day, with agents on duty around the
    clock (so only the opening hours keep them from the email at night)."""
    return scenario_from_dict(
        {
            "name": "email-hours",
            "horizon": {"start": "2026-01-05", "days": days, "interval_minutes": 15},
            "channels": {"email": {"kind": "deferred", "open": {"mon-sun": "08:00-18:00"}}},
            "queues": {
                "email": {
                    "channel": "email",
                    "skill": "email",
                    "volume": {"per_interval": 0},  # contacts are given by hand below
                    "handle_time": {"distribution": "fixed", "mean_seconds": 600},
                    "sla": {"answer_within_hours": 4, "target": 0.9},
                }
            },
            "agent_groups": {"agents": {"skills": {"email": 1.0}}},
            "staffing": {"agents": agents},
        }
    )


def run_by_hand(scenario: Scenario, contacts: Contacts):
    """Return the trace and the KPIs of given contacts through the scenario's own layout."""
    result = run_replication(centre_layout(scenario), contacts, trace=True)
    kpis = frame(contact_kpis(scenario, contacts, result, 0)).set_index("interval_start")
    return result, kpis


def test_a_closed_night_backlog_is_worked_off_from_opening_in_the_hand_worked_time():
    # 50 emails of 420 s arrive during the closed night, at 600 + 540 i s (00:10 to 07:31).
    # 4 agents are on duty all day but may work email only from 08:00 = 28800 s. FCFS, they take
    # them in rounds of 4: round r (r = 0..12) is taken at 28800 + 420 r and finished 420 s
    # later; round 12 holds the last 2. The backlog is cleared at
    # 08:00 + ceil(50 / 4) * 420 s = 28800 + 5460 = 34260 s (09:31).
    n, agents, handle = 50, 4, 420.0
    arrival = [600.0 + 540.0 * i for i in range(n)]
    contacts = Contacts.from_lists(arrival, [0] * n, [handle] * n)
    result, kpis = run_by_hand(email_scenario(1, agents), contacts)

    answers = sorted(t for t, event, _, _ in result.log if event == "answer")
    finishes = sorted(t for t, event, _, _ in result.log if event == "finish")
    opening = clock(8)
    assert answers[0] == opening  # nothing is answered before 08:00
    rounds = [r for r in range(math.ceil(n / agents)) for _ in range(agents)][:n]
    assert answers == [opening + handle * r for r in rounds]
    assert finishes == [opening + handle * (r + 1) for r in rounds]
    assert finishes[-1] == opening + math.ceil(n / agents) * handle == 34260.0
    assert (result.outcomes.outcome == Outcome.answered).all()

    # Backlog at each interval's end T (contacts arrived by T and not yet taken; a contact
    # taken at T itself is no longer waiting). Before 08:00 every arrival waits:
    # floor((T - 600) / 540) + 1 of them, the oldest since 600 s.
    backlog = kpis["backlog"]
    oldest = kpis["oldest_wait_seconds"]
    assert backlog.loc["2026-01-05 00:00"] == 1  # at 00:15 = 900: arrived 600
    assert oldest.loc["2026-01-05 00:00"] == 900.0 - 600.0
    assert backlog.loc["2026-01-05 00:15"] == 3  # at 00:30 = 1800: arrived 600, 1140, 1680
    assert oldest.loc["2026-01-05 00:15"] == 1800.0 - 600.0
    assert backlog.loc["2026-01-05 07:30"] == 50  # at 07:45 = 27900: all 50 (last at 27060)
    assert oldest.loc["2026-01-05 07:30"] == 27900.0 - 600.0
    # From 08:00 on, taken by T: 4 per round r with 420 r <= T - 28800.
    #   end    T - 28800   rounds taken   taken   backlog
    #   08:00        0      r = 0            4      46
    #   08:15      900      r <= 2          12      38
    #   08:30     1800      r <= 4          20      30
    #   08:45     2700      r <= 6          28      22
    #   09:00     3600      r <= 8          36      14
    #   09:15     4500      r <= 10         44       6
    #   09:30     5400      r <= 12         50       0
    ends = ["07:45", "08:00", "08:15", "08:30", "08:45", "09:00", "09:15"]  # interval starts
    assert [backlog.loc[f"2026-01-05 {t}"] for t in ends] == [46, 38, 30, 22, 14, 6, 0]
    # At 08:00 the four oldest (arrived 600, 1140, 1680, 2220) have just been taken: the oldest
    # still waiting arrived at 600 + 4 * 540 = 2760, so it has waited 28800 - 2760 = 26040 s.
    assert oldest.loc["2026-01-05 07:45"] == 26040.0
    # At 09:15 (33300) the last six still wait, the oldest arrived at 600 + 44 * 540 = 24360.
    assert oldest.loc["2026-01-05 09:00"] == 33300.0 - 24360.0
    assert oldest.loc["2026-01-05 09:15"] == 0.0  # nothing waits
    assert kpis["answered"].sum() == n
    assert kpis["offered"].sum() == n


def test_the_share_of_email_finished_within_four_hours_is_the_hand_worked_share():
    # One agent, email worked 08:00-18:00, every email one hour of work (3600 s). Day 0:
    #   email  arrives     taken        finished     finished after   within 4 h?
    #   a      06:00       08:00        09:00        3 h              yes
    #   b      07:00       09:00        10:00        3 h              yes
    #   c      07:30       10:00        11:00        3 h 30           yes
    #   h      07:40       11:00        12:00        4 h 20           no (taken after 3 h 20)
    #   d      09:30       12:00        13:00        3 h 30           yes
    #   e      10:00       13:00        14:00        4 h exactly      yes (within = at most)
    #   f      17:30       17:30        18:30        1 h              yes (in hand past closing)
    #   g      17:50       day 1 08:00  day 1 09:00  15 h 10          no (closed at 18:30)
    #   n      20:00       day 1 09:00  day 1 10:00  14 h             no
    #   i      day 1 10:30 day 1 10:30  day 1 11:30  1 h              yes
    # 7 of the 10 are finished within 4 hours: service level 0.7.
    arrival = [
        clock(6),
        clock(7),
        clock(7, 30),
        clock(7, 40),
        clock(9, 30),
        clock(10),
        clock(17, 30),
        clock(17, 50),
        clock(20),
        clock(10, 30, day=1),
    ]
    finished = [
        clock(9),
        clock(10),
        clock(11),
        clock(12),
        clock(13),
        clock(14),
        clock(18, 30),
        clock(9, day=1),
        clock(10, day=1),
        clock(11, 30, day=1),
    ]
    within = [True, True, True, False, True, True, True, False, False, True]
    contacts = Contacts.from_lists(arrival, [0] * len(arrival), [HOUR] * len(arrival))
    scenario = email_scenario(2, 1)
    result, kpis = run_by_hand(scenario, contacts)
    assert scenario.queues["email"].sla.within_seconds == 4 * HOUR
    response = result.outcomes.response_seconds
    assert response.tolist() == [f - a for a, f in zip(arrival, finished, strict=True)]
    assert kpis["offered"].sum() == 10
    assert kpis["answered"].sum() == 10
    assert kpis["answered_within_target"].sum() == sum(within) == 7
    # Per interval of arrival: 07:30-07:45 holds c (within) and h (not): 1 of 2.
    assert kpis.loc["2026-01-05 07:30", "service_level"] == 0.5
    assert kpis.loc["2026-01-05 10:00", "service_level"] == 1.0  # e, exactly 4 h
    assert kpis.loc["2026-01-05 17:45", "service_level"] == 0.0  # g
    assert kpis.loc["2026-01-05 20:00", "service_level"] == 0.0  # n


# --- 5. live work before deferred work, and no interruption of work in hand ------------------


@pytest.mark.parametrize(
    ("skill_rank", "priority"),
    [((1, 1), (1, 1)), ((2, 1), (2, 1))],
    ids=["equal-ranks", "email-ranked-better"],
)
def test_waiting_calls_go_before_older_emails_and_never_interrupt_an_email_in_hand(
    skill_rank, priority
):
    # One agent for voice (queue 0) and email (queue 1, worked throughout). Live work comes
    # before deferred work whatever the skill and queue priorities (see the README), so the
    # second case, where email is the agent's better skill and the better queue, runs the same.
    #   10: call c0 (100 s) is answered at once, until 110.
    #   20: email e1 (200 s) waits.  30: call c2 (50 s) waits.
    #  110: c0 finishes; e1 is older, but the call c2 goes first, until 160.
    #  160: e1 is taken, until 360.
    #  210: email e3 (100 s) waits.  250: call c4 (50 s) arrives while e1 is in hand: it waits.
    #  360: e1 finishes; the call c4 goes before the older e3, until 410.
    #  410: e3 is taken, until 510.
    contacts = Contacts.from_lists(
        arrival=[10, 20, 30, 210, 250],
        queue=[0, 1, 0, 1, 0],
        handle_seconds=[100, 200, 50, 100, 50],
    )
    centre = hand_layout((VOICE, DEFERRED), skill_rank=skill_rank, priority=priority)
    result = run_replication(centre, contacts, trace=True)
    assert result.log == [
        (0.0, "login", -1, 0),
        (10.0, "arrive", 0, -1),
        (10.0, "answer", 0, 0),
        (20.0, "arrive", 1, -1),
        (30.0, "arrive", 2, -1),
        (110.0, "finish", 0, 0),
        (110.0, "answer", 2, 0),
        (160.0, "finish", 2, 0),
        (160.0, "answer", 1, 0),
        (210.0, "arrive", 3, -1),
        (250.0, "arrive", 4, -1),
        (360.0, "finish", 1, 0),
        (360.0, "answer", 4, 0),
        (410.0, "finish", 4, 0),
        (410.0, "answer", 3, 0),
        (510.0, "finish", 3, 0),
    ]


# --- 6. opening hours: live contacts only while open, deferred contacts at any hour ----------


def test_live_contacts_arrive_only_while_open_and_deferred_contacts_at_any_hour():
    # Voice and email both open 09:00-17:00 on a Monday and Tuesday, both per_interval volume.
    # Calls: 20 expected in each open interval, none in a closed one. Emails: 4 expected in every
    # interval, open or closed; while closed nobody takes them, so the backlog at each closed
    # interval's end is the previous one plus the emails that arrived in it.
    replications, calls, emails = 4, 20.0, 4.0
    hours = {"mon-sun": "09:00-17:00"}
    scenario = scenario_from_dict(
        {
            "name": "opening-hours",
            "horizon": {"start": "2026-01-05", "days": 2, "interval_minutes": 15},
            "channels": {
                "phone": {"kind": "voice", "open": hours},
                "email": {"kind": "deferred", "open": hours},
            },
            "queues": {
                "calls": {
                    "channel": "phone",
                    "skill": "calls",
                    "volume": {"per_interval": calls},
                    "handle_time": {"distribution": "exponential", "mean_seconds": 180},
                    "sla": {"answer_within_seconds": 20, "target": 0.8},
                },
                "emails": {
                    "channel": "email",
                    "skill": "emails",
                    "volume": {"per_interval": emails},
                    "handle_time": {"distribution": "exponential", "mean_seconds": 300},
                    "sla": {"answer_within_hours": 4, "target": 0.9},
                },
            },
            "agent_groups": {"agents": {"skills": {"calls": 1.0, "emails": 1.0}}},
            "staffing": {"agents": 12},
        }
    )
    kpis = simulate(scenario, replications=replications, seed=SEED).kpis
    minutes = kpis["interval_start"].dt.hour * 60 + kpis["interval_start"].dt.minute
    kpis = kpis.assign(is_open=(minutes >= 9 * 60) & (minutes < 17 * 60))
    voice = kpis[kpis["queue"] == "calls"]
    assert (voice.loc[~voice["is_open"], "offered"] == 0).all()
    assert (voice.loc[voice["is_open"], "offered"] > 0).all()  # P(Poisson(20) = 0) = 2e-9

    email = kpis[kpis["queue"] == "emails"]
    closed_email = email[~email["is_open"]]
    # 2 days x 64 closed intervals x 4 replications, Poisson(4) each: 2048 expected, sd 45.3
    expected = replications * 2 * 64 * emails
    assert abs(closed_email["offered"].sum() - expected) <= 3.3 * math.sqrt(expected)
    assert (closed_email.groupby("replication")["offered"].sum() > 0).all()
    # Nobody works email while closed: over the closed intervals 17:00-08:30 (not 08:45, whose
    # end is the 09:00 opening), the backlog grows by exactly the emails that arrive.
    for _, rows in email.groupby("replication"):
        rows = rows.set_index("interval_start")
        backlog, offered = rows["backlog"], rows["offered"]
        starts = rows.index
        minutes = starts.hour * 60 + starts.minute
        for k in np.flatnonzero((minutes >= 17 * 60) | (minutes < 8 * 60 + 45)):
            before = backlog.iloc[k - 1] if k else 0
            assert backlog.iloc[k] == before + offered.iloc[k], starts[k]
