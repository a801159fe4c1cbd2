"""Deterministic micro-scenarios: fixed arrivals and durations, event logs worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from sim.contacts import Contacts, Outcome
from sim.engine import run_replication
from sim.layout import CentreLayout

INF = float("inf")


def layout(staffing, multiplier, priority, skill_rank=None, interval=900.0) -> CentreLayout:
    multiplier = np.array(multiplier, dtype=float)
    if skill_rank is None:
        skill_rank = np.where(np.isnan(multiplier), 0, 1)
    return CentreLayout(
        interval_seconds=interval,
        staffing=np.array(staffing, dtype=np.int64),
        multiplier=multiplier,
        skill_rank=np.array(skill_rank, dtype=np.int64),
        priority=tuple(priority),
    )


def test_priority_fcfs_and_abandonment_follow_the_hand_worked_log():
    # One agent skilled for gold (queue 0, priority 1) and silver (queue 1, priority 2).
    #   c0 silver arrives 10, agent idle: answered at 10, busy until 10 + 100 = 110.
    #   c1 silver arrives 20, c2 gold arrives 30, c3 silver arrives 40 with 50 s patience.
    #   c3 hangs up at 40 + 50 = 90, before the agent is free.
    #   110: agent frees; gold outranks silver, so c2 (waited 80) is answered, until 150.
    #   150: c1 (waited 130) is answered, until 150 + 50 = 200.
    contacts = Contacts.from_lists(
        arrival=[10, 20, 30, 40],
        queue=[1, 1, 0, 1],
        handle_seconds=[100, 50, 40, 30],
        patience_seconds=[INF, INF, INF, 50],
    )
    result = run_replication(layout([[1, 1]], [[1.0, 1.0]], priority=[1, 2]), contacts, trace=True)
    assert result.log == [
        (0.0, "login", -1, 0),
        (10.0, "arrive", 0, -1),
        (10.0, "answer", 0, 0),
        (20.0, "arrive", 1, -1),
        (30.0, "arrive", 2, -1),
        (40.0, "arrive", 3, -1),
        (90.0, "abandon", 3, -1),
        (110.0, "finish", 0, 0),
        (110.0, "answer", 2, 0),
        (150.0, "finish", 2, 0),
        (150.0, "answer", 1, 0),
        (200.0, "finish", 1, 0),
    ]
    outcomes = result.outcomes
    assert outcomes.outcome.tolist() == [
        Outcome.answered,
        Outcome.answered,
        Outcome.answered,
        Outcome.abandoned,
    ]
    assert outcomes.wait_seconds.tolist() == [0.0, 130.0, 80.0, 50.0]


def test_staffing_changes_at_boundaries_and_leavers_finish_the_contact_in_hand():
    # One group, 15-minute intervals, staffing 2, 1, 0, 0 agents.
    #   0: agents 0 and 1 log in (agent 0 first, so it has been idle longest).
    #   800: c0 (300 s) -> agent 0 until 1100.  850: c1 (20 s) -> agent 1 until 870.
    #   900: staffing drops to 1; agent 1 is idle and logs out.
    #   950: c2 (100 s) waits; 1100: agent 0 frees and takes it (waited 150) until 1200.
    #   1750: c3 (100 s) -> agent 0 until 1850.
    #   1800: staffing drops to 0 while agent 0 is busy: it finishes c3, logs out at 1850.
    #   1900: c4 finds nobody and is never answered (no patience: it is left unserved).
    contacts = Contacts.from_lists(
        arrival=[800, 850, 950, 1750, 1900],
        queue=[0, 0, 0, 0, 0],
        handle_seconds=[300, 20, 100, 100, 10],
    )
    result = run_replication(layout([[2, 1, 0, 0]], [[1.0]], [1]), contacts, trace=True)
    assert result.log == [
        (0.0, "login", -1, 0),
        (0.0, "login", -1, 1),
        (800.0, "arrive", 0, -1),
        (800.0, "answer", 0, 0),
        (850.0, "arrive", 1, -1),
        (850.0, "answer", 1, 1),
        (870.0, "finish", 1, 1),
        (900.0, "logout", -1, 1),
        (950.0, "arrive", 2, -1),
        (1100.0, "finish", 0, 0),
        (1100.0, "answer", 2, 0),
        (1200.0, "finish", 2, 0),
        (1750.0, "arrive", 3, -1),
        (1750.0, "answer", 3, 0),
        (1850.0, "finish", 3, 0),
        (1850.0, "logout", -1, 0),
        (1900.0, "arrive", 4, -1),
    ]
    assert result.outcomes.outcome[4] == Outcome.unserved
    # Busy agent-seconds per interval: [800-900] 100 + [850-870] 20; then 900-1200 (300)
    # and 1750-1800 (50); then 1800-1850.  On duty: 2 x 900; 900; agent 0 until 1850.
    assert result.busy_seconds[0].tolist() == [120.0, 350.0, 50.0, 0.0]
    assert result.duty_seconds[0].tolist() == [1800.0, 900.0, 50.0, 0.0]


def test_longest_idle_agent_of_the_best_skill_rank_answers_and_proficiency_scales_work():
    # Queue 0 (skill A); group 0 ranks A first, group 1 has A as its second skill and
    # handles it 1.5 times slower.  Each group has one agent.
    #   10: c0 -> group 0's agent (rank 1 beats rank 2 even though both are idle): until 110.
    #   20: c1 -> only group 1's agent (agent 1) is idle: 100 x 1.5 = 150 s, until 170.
    #   30: c2 waits.  110: agent 0 frees and takes c2 until 210.
    contacts = Contacts.from_lists(
        arrival=[10, 20, 30], queue=[0, 0, 0], handle_seconds=[100, 100, 100]
    )
    centre = layout([[1], [1]], [[1.0], [1.5]], [1], skill_rank=[[1], [2]])
    result = run_replication(centre, contacts, trace=True)
    answers = [(t, c, a) for t, event, c, a in result.log if event == "answer"]
    finishes = [(t, c, a) for t, event, c, a in result.log if event == "finish"]
    assert answers == [(10.0, 0, 0), (20.0, 1, 1), (110.0, 2, 0)]
    assert finishes == [(110.0, 0, 0), (170.0, 1, 1), (210.0, 2, 0)]
    assert result.outcomes.group.tolist() == [0, 1, 0]


@pytest.mark.parametrize("free_at, answered", [(89.0, True), (91.0, False)])
def test_a_contact_is_answered_only_before_its_patience_runs_out(free_at, answered):
    # c0 occupies the only agent until free_at; c1 arrives at 30 with 60 s patience (until 90).
    contacts = Contacts.from_lists(
        arrival=[0.5, 30],
        queue=[0, 0],
        handle_seconds=[free_at - 0.5, 10],
        patience_seconds=[INF, 60],
    )
    result = run_replication(layout([[1]], [[1.0]], [1]), contacts)
    expected = Outcome.answered if answered else Outcome.abandoned
    assert result.outcomes.outcome[1] == expected
    assert result.outcomes.wait_seconds[1] == pytest.approx(free_at - 30 if answered else 60)


def test_interval_boundaries_do_not_reset_how_long_agents_have_been_idle():
    # Groups 0 and 1, one agent each, both logged in at 0.  c0 at 10 goes to group 0's agent
    # (a tie at 0; the first group wins) until 110.  At 1000, group 1's agent has been idle
    # since 0 and group 0's since 110, so c1 goes to group 1 -- the boundary at 900, where idle
    # agents look for deferred work, changes nothing.
    contacts = Contacts.from_lists([10.0, 1000.0], [0, 0], [100.0, 100.0])
    centre = CentreLayout(
        interval_seconds=900.0,
        staffing=np.array([[1, 1], [1, 1]]),
        multiplier=np.array([[1.0], [2.0]]),
        skill_rank=np.array([[1], [1]]),
        priority=(1,),
        worked=np.ones((1, 2), dtype=bool),
    )
    assert run_replication(centre, contacts).outcomes.group.tolist() == [0, 1]


def test_idle_agents_take_contacts_in_turn_longest_idle_first():
    # Five agents log in at 0 in the order 0..4. A contact arrives every 10 s from 10 and takes
    # 5 s, so each agent is free again long before the next arrival: the longest idle is the
    # one that answered five contacts ago, and the agents answer in turn 0, 1, 2, 3, 4, 0, ...
    # Two hundred turns take every agent out of the front of the idle list and back in at its
    # end many times over.
    n = 200
    contacts = Contacts.from_lists(
        arrival=[10.0 * (k + 1) for k in range(n)], queue=[0] * n, handle_seconds=[5.0] * n
    )
    result = run_replication(layout([[5] * 3], [[1.0]], [1]), contacts, trace=True)
    answers = [agent for _, event, _, agent in result.log if event == "answer"]
    assert answers == [k % 5 for k in range(n)]
    assert result.busy_seconds[0].tolist() == [5.0 * 89, 5.0 * 90, 5.0 * 21]
