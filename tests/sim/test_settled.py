"""Follow-up rules worked out before the run: how a drawn contact's finish is settled, against
the rules asked group by group (`FollowUps.on_finish`, which the engine calls when it cannot
settle), and when a follow-up may arrive from a closed interval, against a walk forward."""

from __future__ import annotations

import numpy as np

from scenarios import load_scenario
from sim.contacts import Contacts
from sim.followups import BY_GROUP, RESOLVED, SETTLED, FollowUps, _opens_at
from tests.sim.test_journeys import MICRO, run_micro


def test_a_contact_is_settled_at_once_exactly_when_every_group_would_resolve_it():
    scenario = load_scenario("journey")  # billing resolves less when technical_team answers
    customers = 4_000
    rules = FollowUps(scenario, 5, 0, customers)
    groups = range(len(scenario.agent_groups))
    customer = np.arange(customers)
    queue = np.random.default_rng(5).integers(0, len(scenario.queues), customers)
    codes = rules.first_settled(queue, rules.first_outcomes(customer))
    seen = set()
    for c, q, code in zip(customer.tolist(), queue.tolist(), codes, strict=True):
        resolved = [rules.on_finish(q, g, c, 0, 0.0)[0] == RESOLVED for g in groups]
        expected = SETTLED if all(resolved) else BY_GROUP if any(resolved) else 0
        assert code == expected, (c, q, resolved)
        seen.add(code)
    assert seen == {0, SETTLED, BY_GROUP}  # every case met


def test_a_follow_up_from_a_closed_interval_waits_for_the_next_open_one():
    # brute force: from each interval, walk forward to the first open one
    rng = np.random.default_rng(8)
    for interval in (900, 1800.0):
        for reachable in (rng.random(300) < 0.4, np.zeros(5, bool), np.ones(5, bool)):
            expected = []
            for k in range(len(reachable)):
                ahead = [j for j in range(k, len(reachable)) if reachable[j]]
                wait = 0.0 if ahead and ahead[0] == k else ahead[0] * interval if ahead else np.inf
                expected.append(wait)
            np.testing.assert_array_equal(_opens_at(reachable, interval), expected)


def test_a_run_with_journeys_and_no_contacts_at_all_counts_nothing():
    # nothing drawn: no customers, no block of uniforms to read, every count 0
    _, result, table = run_micro(MICRO, Contacts.from_lists([], [], [], []))
    assert len(result.outcomes.outcome) == 0
    assert table["customers"].sum() == table["contacts"].sum() == 0
    assert table["resolution_p50_hours"].isna().all()
