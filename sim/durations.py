"""Drawing durations (handle times, patience) from the families a scenario may name."""

from __future__ import annotations

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
