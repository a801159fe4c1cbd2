"""Drawing durations (handle times, patience) from the families a scenario may name."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np

from scenarios.durations import DistributionFamily, Duration


def draw(duration: Duration, rng: np.random.Generator, size: int) -> np.ndarray:
    """Return `size` independent durations in seconds with the given mean and cv."""
    mean, family = duration.mean_seconds, duration.distribution
    if family is DistributionFamily.exponential:
        return rng.exponential(mean, size)
    if family is DistributionFamily.fixed:
        return np.full(size, mean)
    cv = float(duration.cv or 0.0)
    if family is DistributionFamily.lognormal:
        sigma2 = np.log1p(cv * cv)
        return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size)
    shape = 1.0 / (cv * cv)  # gamma: cv^2 = 1 / shape
    return rng.gamma(shape, mean / shape, size)


def quantile(duration: Duration, u: float) -> float:
    """Return the duration in seconds at probability u of its distribution (inverse CDF).

    Used where one uniform per contact must give the same duration whatever else was drawn
    before it (follow-ups: common random numbers between two staffings). Scalar `math` on
    purpose: it is called once per follow-up, where numpy's per-call cost would dominate.
    """
    mean, family = duration.mean_seconds, duration.distribution
    if family is DistributionFamily.fixed:
        return float(mean)
    if family is DistributionFamily.exponential:
        return -mean * math.log1p(-u)
    cv = float(duration.cv or 0.0)
    if family is DistributionFamily.lognormal:
        sigma2 = math.log1p(cv * cv)
        z = _normal.inv_cdf(min(max(u, 1e-300), 1.0 - 1e-16))  # u = 0 has no finite quantile
        return math.exp(math.log(mean) - sigma2 / 2 + math.sqrt(sigma2) * z)
    shape = 1.0 / (cv * cv)
    from scipy import special  # here: scipy costs start-up to every command

    return float(special.gammaincinv(shape, u)) * mean / shape


def quantile_function(duration: Duration) -> Callable[[float], float]:
    """Return u -> `quantile(duration, u)`, with the distribution's constants worked out once.

    For the follow-ups of a run, which read the same few distributions thousands of times: the
    same arithmetic in the same order as `quantile`, so the same durations to the last bit.
    """
    mean, family = duration.mean_seconds, duration.distribution
    if family is DistributionFamily.fixed:
        value = float(mean)
        return lambda u: value
    if family is DistributionFamily.exponential:
        log1p = math.log1p
        return lambda u: -mean * log1p(-u)
    cv = float(duration.cv or 0.0)
    if family is DistributionFamily.lognormal:
        sigma2 = math.log1p(cv * cv)
        mu, sigma = math.log(mean) - sigma2 / 2, math.sqrt(sigma2)
        exp, inv_cdf = math.exp, _normal.inv_cdf
        return lambda u: exp(mu + sigma * inv_cdf(min(max(u, 1e-300), 1.0 - 1e-16)))
    return lambda u: quantile(duration, u)  # gamma: scipy's work outweighs the constants


_normal = NormalDist()
