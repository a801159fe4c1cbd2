"""How a drawn contact's finish is settled before the run, against the follow-up rules asked
group by group (`FollowUps.on_finish`, which the engine calls when it cannot settle)."""

from __future__ import annotations

import numpy as np

from scenarios import load_scenario
from sim.followups import BY_GROUP, RESOLVED, SETTLED, FollowUps


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
