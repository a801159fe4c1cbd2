"""Erlang B, C and A against exact values worked out independently of the code under test."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimise.queueing.erlang import (
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    erlang_c_metrics,
    required_agents,
    scheduled_agents,
)
from tests.reference import erlang_a_chain as chain
from tests.strategies import answer_times, handle_times, patiences, rates, targets


def exact_b(n: int, a: int) -> Fraction:
    # Erlang B as the textbook ratio, in exact rational arithmetic
    terms = [Fraction(a**k, math.factorial(k)) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def exact_c(n: int, a: int) -> Fraction:
    # Erlang C closed form: (a^n/n! * n/(n-a)) / (sum_{k<n} a^k/k! + a^n/n! * n/(n-a))
    top = Fraction(a**n, math.factorial(n)) * Fraction(n, n - a)
    return top / (sum(Fraction(a**k, math.factorial(k)) for k in range(n)) + top)


@pytest.mark.parametrize("n, a", [(1, 0), (3, 2), (10, 7), (25, 20), (60, 50), (120, 111)])
def test_erlang_b_and_c_equal_the_textbook_closed_forms(n, a):
    assert erlang_b(n, a) == pytest.approx(float(exact_b(n, a)), rel=1e-11, abs=1e-300)
    if n > a:
        assert erlang_c(n, a) == pytest.approx(float(exact_c(n, a)), rel=1e-11, abs=1e-300)


def test_published_worked_example():
    # P. Prevos, "Call Centre Workforce Planning Using Erlang C in R", lucidmanager.org (2018):
    # 100 calls in 30 minutes, AHT 180 s, 80% answered within 20 s -> intensity 10 Erlangs,
    # 14 agents, P(wait) 0.174, service level 0.888, occupancy 0.714; with 30% shrinkage,
    # 14 / 0.7 = 20 agents to schedule.
    rate = 100 / 1800
    assert required_agents(rate, 180, 20, 0.8) == 14
    metrics = erlang_c_metrics(rate, 180, 14, 20)
    assert round(float(metrics.p_wait), 3) == 0.174
    assert round(float(metrics.service_level), 3) == 0.888
    assert round(float(metrics.occupancy), 3) == 0.714
    # ASA = C / (n mu - lambda) = 0.17413 / (14/180 - 100/1800) = 7.836 s
    assert float(metrics.asa_seconds) == pytest.approx(0.1741319 / (14 / 180 - 100 / 1800))
    assert scheduled_agents(14, 0.3) == 20


@pytest.mark.parametrize("n", [1, 2, 50, 1000])
@pytest.mark.parametrize("a", [2_000.0, 1e6, 1e12, 1e300])
def test_erlang_b_far_past_capacity_is_a_probability_and_right(n, a):
    # The recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1, never overflows: for a >> n
    # every step stays in [0, 1]. (Poisson logs underflow there: the bug was NaN or inf.)
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    assert float(erlang_b(n, a)) == pytest.approx(b, rel=1e-6)
    assert float(erlang_c(n, a)) == 1.0  # unstable: every contact waits


def test_large_centre_is_finite_and_exact():
    # 2,000 agents offered 1,950 Erlangs: B = a^n/n! / sum_{k<=n} a^k/k!, summed in logs here
    n, a = 2000, 1950.0
    logs = np.array([k * math.log(a) - math.lgamma(k + 1) for k in range(n + 1)])
    top = logs.max()
    b = math.exp(logs[-1] - top) / np.exp(logs - top).sum()
    c = b / (1 - (a / n) * (1 - b))
    assert float(erlang_b(n, a)) == pytest.approx(b, rel=1e-9)
    assert float(erlang_c(n, a)) == pytest.approx(c, rel=1e-9)
    metrics = erlang_a_metrics(a / 300, 300, 120, n, 20)
    for value in (
        metrics.p_wait,
        metrics.service_level,
        metrics.asa_seconds,
        metrics.abandon_rate,
        metrics.occupancy,
    ):
        assert np.isfinite(value)
    assert 0 < float(metrics.abandon_rate) < float(metrics.p_wait) < c


@pytest.mark.slow
@pytest.mark.parametrize(
    "volume, aht, patience, n",
    [(150, 300, 120, 55), (150, 300, 120, 40), (30, 240, 60, 6), (60, 600, 900, 30)],
)
def test_erlang_a_equals_the_birth_death_chain(volume, aht, patience, n):
    rate = volume / 900
    p_wait, service_level, asa, abandon = chain(rate, aht, patience, n, 20.0)
    metrics = erlang_a_metrics(rate, aht, patience, n, 20.0)
    assert float(metrics.p_wait) == pytest.approx(p_wait, abs=1e-9)
    assert float(metrics.abandon_rate) == pytest.approx(abandon, abs=1e-9)
    assert float(metrics.service_level) == pytest.approx(service_level, abs=1e-8)
    assert float(metrics.asa_seconds) == pytest.approx(asa, rel=1e-7)
    # occupancy: carried load / agents
    assert float(metrics.occupancy) == pytest.approx(rate * aht * (1 - abandon) / n, rel=1e-9)


def test_vectorised_over_intervals_equals_one_at_a_time():
    volume = np.array([0.0, 20, 80, 150, 400])
    agents = np.array([0, 6, 20, 55, 140])
    together = erlang_a_metrics(volume / 900, 300, 120, agents, 20)
    for i in range(len(volume)):
        alone = erlang_a_metrics(volume[i] / 900, 300, 120, agents[i], 20)
        assert together.service_level[i] == pytest.approx(float(alone.service_level))
        assert together.abandon_rate[i] == pytest.approx(float(alone.abandon_rate))


@settings(max_examples=60, deadline=None)
@given(
    rate=rates,
    aht=handle_times,
    patience=patiences,
    t=answer_times,
    extra=st.integers(min_value=0, max_value=30),
)
def test_more_agents_answer_more_and_lose_fewer(rate, aht, patience, t, extra):
    n = max(1, int(rate * aht) - 5 + extra)
    fewer = erlang_a_metrics(rate, aht, patience, n, t)
    more = erlang_a_metrics(rate, aht, patience, n + 1, t)
    assert more.service_level >= fewer.service_level - 1e-12
    assert more.abandon_rate <= fewer.abandon_rate + 1e-12
    assert more.asa_seconds <= fewer.asa_seconds + 1e-9


@settings(max_examples=60, deadline=None)
@given(rate=rates, aht=handle_times, extra=st.integers(min_value=1, max_value=40))
def test_erlang_c_is_at_least_erlang_b(rate, aht, extra):
    load = rate * aht
    n = int(load) + extra
    assert erlang_c(n, load) >= erlang_b(n, load) - 1e-15


@settings(max_examples=40, deadline=None)
@given(
    rate=rates,
    aht=handle_times,
    t=answer_times,
    target=targets,
    patience=st.one_of(st.none(), patiences),
)
def test_staffing_is_the_smallest_count_that_meets_the_target(rate, aht, t, target, patience):
    n = int(required_agents(rate, aht, t, target, patience=patience))
    metrics = (
        erlang_c_metrics(rate, aht, np.array([n - 1, n]), t)
        if patience is None
        else erlang_a_metrics(rate, aht, patience, np.array([n - 1, n]), t)
    )
    assert metrics.service_level[1] >= target - 1e-12
    assert metrics.service_level[0] < target
