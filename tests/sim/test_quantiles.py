"""Quantiles the journeys read: follow-up durations at a uniform against scipy's inverse CDFs,
and resolution-time percentiles per key against pandas' groupby quantile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scenarios.durations import DistributionFamily, Duration
from sim.durations import quantile, quantile_function
from sim.journeys import quantiles_by_key
from sim.kpis import _quantile_by_key

UNIFORMS = [0.0, 1e-12, 0.01, 0.25, 0.5, 0.8, 0.999, 1.0 - 1e-16]


@pytest.mark.parametrize(
    ("duration", "oracle"),
    [
        (Duration(distribution="exponential", mean_seconds=600), stats.expon(scale=600)),
        # lognormal with mean m and cv c: sigma^2 = ln(1 + c^2), mu = ln(m) - sigma^2 / 2
        (
            Duration(distribution="lognormal", mean_seconds=900, cv=1.0),
            stats.lognorm(s=np.sqrt(np.log(2.0)), scale=900 * np.exp(-np.log(2.0) / 2)),
        ),
        # gamma with cv c: shape 1 / c^2, scale m c^2
        (Duration(distribution="gamma", mean_seconds=300, cv=0.5), stats.gamma(4.0, scale=75)),
    ],
)
def test_a_duration_at_a_uniform_is_its_inverse_cdf(duration, oracle):
    at = quantile_function(duration)
    for u in UNIFORMS[1:-1]:
        assert at(u) == pytest.approx(oracle.ppf(u), rel=1e-9)
    for u in UNIFORMS:
        assert at(u) == quantile(duration, u)  # the same arithmetic: the same bits


def test_a_fixed_duration_is_its_mean_at_every_uniform():
    at = quantile_function(Duration(distribution=DistributionFamily.fixed, mean_seconds=200))
    assert [at(u) for u in UNIFORMS] == [200.0] * len(UNIFORMS)


def pandas_quantiles(values, key, mask, size, qs):
    """The oracle: pandas' groupby quantile (linear interpolation) per key, nan where none."""
    grouped = pd.Series(values[mask]).groupby(key[mask])
    return [grouped.quantile(q).reindex(np.arange(size)).to_numpy() for q in qs]


@pytest.mark.parametrize(("seed", "size"), [(seed, 300) for seed in range(4)] + [(4, 70_000)])
def test_quantiles_per_key_are_pandas_groupby_quantiles_to_the_last_bit(seed, size):
    rng = np.random.default_rng(seed)
    n = 2_000  # 300 keys: some with none, many with one or two values; 70,000: beyond 16 bits
    values = rng.lognormal(0.0, 2.0, n)
    values[rng.random(n) < 0.05] = np.nan  # left out, as pandas leaves them
    values[:50] = values[50:100]  # ties
    key = rng.integers(0, size, n)
    mask = rng.random(n) < 0.7
    qs = (0.5, 0.9, 0.0, 1.0, 0.37)
    got = quantiles_by_key(values, key, mask, size, qs)
    for ours, theirs in zip(got, pandas_quantiles(values, key, mask, size, qs), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_quantiles_per_key_of_nothing_are_nan():
    values, key = np.array([1.0, 2.0]), np.array([0, 1])
    p50, p90 = quantiles_by_key(values, key, np.zeros(2, bool), 3, (0.5, 0.9))
    assert np.isnan(p50).all() and np.isnan(p90).all()
    # one key of two values 1 and 3: median 2, 90th percentile 1 + 0.9 x 2 = 2.8
    values, key = np.array([3.0, 1.0, 7.0]), np.array([2, 2, 0])
    p50, p90 = quantiles_by_key(values, key, np.array([True, True, False]), 3, (0.5, 0.9))
    np.testing.assert_array_equal(p50, [np.nan, np.nan, 2.0])
    np.testing.assert_array_equal(p90, [np.nan, np.nan, 1.0 + 0.9 * 2.0])


@pytest.mark.parametrize("size", [300, 70_000])
def test_wait_percentiles_of_contacts_out_of_key_order_are_pandas_groupby_quantiles(size):
    # contacts made during a run come after the drawn ones: their keys are out of order
    rng = np.random.default_rng(size)
    waits, key = rng.exponential(30.0, 3_000), rng.integers(0, size, 3_000)
    everyone = np.ones(len(key), bool)
    (theirs,) = pandas_quantiles(waits, key, everyone, size, (0.9,))
    np.testing.assert_array_equal(_quantile_by_key(waits, key, 0.9, size), theirs)
