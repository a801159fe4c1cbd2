"""Distribution functions of the scenario's random durations (handle times, delays), for the
formulas: the engine draws the same families in sim/durations.py."""

from __future__ import annotations

import numpy as np

from scenarios.durations import DistributionFamily, Duration


def duration_cdf(duration: Duration, seconds: np.ndarray) -> np.ndarray:
    """Return P(duration <= s) for each s in `seconds`."""
    s = np.asarray(seconds, dtype=float)
    mean = duration.mean_seconds
    family = duration.distribution
    if family is DistributionFamily.fixed:
        return (s >= mean).astype(float)
    from scipy import stats  # here: scipy.stats costs start-up to every command

    if family is DistributionFamily.exponential:
        return stats.expon.cdf(s, scale=mean)
    cv = float(duration.cv or 0.0)
    if family is DistributionFamily.gamma:
        shape = 1.0 / cv**2
        return stats.gamma.cdf(s, shape, scale=mean / shape)
    sigma = np.sqrt(np.log1p(cv**2))  # lognormal with this mean and cv
    return stats.lognorm.cdf(s, sigma, scale=mean / np.sqrt(1.0 + cv**2))


def landing_shares(duration: Duration, interval_seconds: float, n: int) -> np.ndarray:
    """Return, for k = 0..n-1, the share of delays from the middle of an interval that end
    k intervals later."""
    edges = (np.arange(n + 1) - 0.5) * interval_seconds
    cdf = duration_cdf(duration, np.clip(edges, 0.0, None))
    cdf[0] = 0.0
    return np.diff(cdf)


def load_kernel(duration: Duration, interval_seconds: float, n: int) -> np.ndarray:
    """Return, for k = 0..n-1, the mean number in service over an interval per contact per
    interval arriving (spread evenly) k intervals earlier, with unlimited servers.

    With u the time from an arrival to a moment of the later interval, u - k s has the
    triangular density (s - |v|) / s^2 on [-s, s]; the kernel is the mean of P(duration > u)
    over it (midpoint rule on a fine grid). The kernels sum to E[duration] / s.
    """
    points = 128
    s = interval_seconds
    v = (np.arange(2 * points) + 0.5) * (s / points) - s  # midpoints over [-s, s]
    weight = (s - np.abs(v)) / s**2 * (s / points)  # triangular density x step
    u = np.arange(n)[:, None] * s + v[None, :]
    survival = np.where(u > 0, 1.0 - duration_cdf(duration, np.clip(u, 0.0, None)), 0.0)
    return survival @ weight
