"""The satisfaction model: the practice figures for churn reproduced exactly with full
follow-through, the documented defaults, and monotone in every part of the journey."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenarios.satisfaction import Churn, Satisfaction
from sim.satisfaction import Journey, churn, detractor, promoter, satisfied, stated_leaving


def journey(**values) -> Journey:
    fields = {
        "resolved": True,
        "contacts": 1,
        "late": 0,
        "abandoned": 0,
        "escalated": 0,
        "contained": False,
        "handed_off": False,
    }
    fields.update(values)
    return Journey(**{k: np.asarray(v) for k, v in fields.items()})


FULL = Satisfaction(churn=Churn(follow_through=1.0))


def test_with_full_follow_through_churn_is_the_stated_share_of_the_practice_figures():
    # 94% would leave after a bad service experience, 89% when the problem stays
    # unresolved, and 75% stay (25% leave) when it is resolved well
    assert churn(journey(late=1), FULL) == 0.94
    assert churn(journey(abandoned=1, resolved=False), FULL) == 0.94
    assert churn(journey(resolved=False), FULL) == 0.89
    assert churn(journey(), FULL) == 0.25


def test_default_follow_through_scales_stated_intentions():
    model = Satisfaction()
    assert model.churn.follow_through == 0.10
    assert churn(journey(late=1), model) == pytest.approx(0.094)
    assert churn(journey(resolved=False), model) == pytest.approx(0.089)
    assert churn(journey(), model) == pytest.approx(0.025)
    # a centre resolving 80% of journeys well and leaving 20% unresolved loses
    # 0.1 x (0.8 x 0.25 + 0.2 x 0.89) = 3.8% of its customers
    mixed = journey(resolved=np.array([True] * 8 + [False] * 2))
    assert churn(mixed, model).mean() == pytest.approx(0.1 * (0.8 * 0.25 + 0.2 * 0.89))


def test_satisfaction_is_the_product_of_the_documented_factors():
    model = Satisfaction()
    assert satisfied(journey(), model) == pytest.approx(0.92)
    assert satisfied(journey(resolved=False), model) == pytest.approx(0.30)
    # 3 contacts, 1 late answer, 1 abandonment, 1 escalation, handed off by a bot
    worse = journey(contacts=3, late=1, abandoned=1, escalated=1, handed_off=True)
    assert satisfied(worse, model) == pytest.approx(0.92 * 0.9**2 * 0.85 * 0.75 * 0.95 * 0.95)
    assert satisfied(journey(contained=True), model) == pytest.approx(0.92 * 0.95)
    p = satisfied(journey(), model)
    assert promoter(p, model) == pytest.approx(0.6 * 0.92)
    assert detractor(p, model) == pytest.approx(0.7 * 0.08)


def test_a_worse_journey_never_satisfies_more_nor_keeps_more_customers():
    model = Satisfaction()
    grid = list(itertools.product([True, False], [1, 2, 4], [0, 1, 3], [0, 1, 2], [0, 1]))
    for resolved, contacts, late, abandoned, escalated in grid:
        here = journey(
            resolved=resolved,
            contacts=contacts,
            late=late,
            abandoned=abandoned,
            escalated=escalated,
        )
        p, leave = satisfied(here, model), churn(here, model)
        for worse in (
            journey(
                resolved=False,
                contacts=contacts,
                late=late,
                abandoned=abandoned,
                escalated=escalated,
            ),
            journey(
                resolved=resolved,
                contacts=contacts + 1,
                late=late,
                abandoned=abandoned,
                escalated=escalated,
            ),
            journey(
                resolved=resolved,
                contacts=contacts,
                late=late + 1,
                abandoned=abandoned,
                escalated=escalated,
            ),
            journey(
                resolved=resolved,
                contacts=contacts,
                late=late,
                abandoned=abandoned + 1,
                escalated=escalated,
            ),
            journey(
                resolved=resolved,
                contacts=contacts,
                late=late,
                abandoned=abandoned,
                escalated=escalated + 1,
            ),
        ):
            assert satisfied(worse, model) <= p
            assert churn(worse, model) >= leave
            assert stated_leaving(worse, model) >= stated_leaving(here, model)


def test_satisfaction_of_many_journeys_is_each_journeys_product_of_factors():
    # the factors of every customer at once (read from tables of powers) against the product
    # worked out one customer at a time in Python floats
    rng = np.random.default_rng(3)
    n = 500
    many = Journey(
        resolved=rng.random(n) < 0.7,
        contacts=rng.integers(1, 7, n),
        late=rng.integers(0, 3, n),
        abandoned=rng.integers(0, 3, n),
        escalated=rng.integers(0, 2, n),
        contained=np.zeros(n, bool),
        handed_off=rng.random(n) < 0.2,
    )
    model = Satisfaction()
    got = satisfied(many, model)
    for i in range(n):
        expected = (
            (model.resolved if many.resolved[i] else model.unresolved)
            * model.per_extra_contact ** int(many.contacts[i] - 1)
            * model.per_late_answer ** int(many.late[i])
            * model.per_abandonment ** int(many.abandoned[i])
            * model.per_escalation ** int(many.escalated[i])
            * (model.bot_handoff if many.handed_off[i] else 1.0)
        )
        assert got[i] == pytest.approx(expected, rel=1e-13)
