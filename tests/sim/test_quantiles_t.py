"""Student's t and normal quantiles, worked out without scipy (the summary's confidence
intervals would otherwise cost every command scipy's import): checked against scipy's
distribution functions and against quantiles known in closed form."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from sim.intervals import normal_quantile, t_quantile

DEGREES = [*range(1, 41), 49, 99, 100, 199, 999, 1000, 9999]
LEVELS = [0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.999999, 0.025, 0.1]


@pytest.mark.parametrize("df", DEGREES)
def test_the_t_quantile_is_scipys(df):
    for p in LEVELS:
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("df", [2, 3, 4, 7, 30, 999])
def test_near_the_median_the_t_quantile_inverts_scipys_distribution_function(df):
    # scipy's own ppf is only good to about 1e-4 here for some df; its cdf is exact
    for p in [0.5000001, 0.5001, 0.51]:
        assert stats.t.cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-13)
    assert t_quantile(0.5, df) == 0.0


def test_quantiles_known_in_closed_form():
    # df 1 is Cauchy: tan(pi (p - 1/2)); df 2: (2p - 1) sqrt(2 / (4p (1 - p)));
    # df 4: with a = 4p(1-p), q = cos(acos(sqrt(a)) / 3) / sqrt(a), t = 2 sqrt(q - 1)
    for p in [0.6, 0.8, 0.9, 0.975, 0.999]:
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-12)
        assert t_quantile(p, 2) == pytest.approx(
            (2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p))), rel=1e-12
        )
        a = 4 * p * (1 - p)
        q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
        assert t_quantile(p, 4) == pytest.approx(2 * math.sqrt(q - 1), rel=1e-10)


def test_the_t_quantile_tends_to_the_normal_and_the_normal_is_scipys():
    for p in LEVELS:
        assert normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-12)
    assert t_quantile(0.975, 9999) == pytest.approx(normal_quantile(0.975), rel=1e-3)
    assert normal_quantile(0.975) == pytest.approx(1.959963984540054, rel=1e-14)


@pytest.mark.parametrize("df, p", [(0, 0.9), (2.5, 0.9), (3, 0.0), (3, 1.0), (3, 1.5)])
def test_nonsense_arguments_are_refused(df, p):
    with pytest.raises(ValueError):
        t_quantile(p, df)
