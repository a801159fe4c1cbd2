"""Drawing durations (handle times, patience) from the families a scenario may name."""

from __future__ import annotations

import math
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


_normal = NormalDist()
