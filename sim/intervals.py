"""Confidence intervals for probabilities estimated from counts."""

from __future__ import annotations

import math
from statistics import NormalDist


def wilson_interval(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval for a probability seen `successes` times in `trials`.

    Wilson rather than the bare rate +- a normal half-width: it stays inside [0, 1], is not
    empty at 0 or `trials` successes (P(breach) of a rare or a certain event) and covers close
    to its nominal level for the few hundred runs a stress test makes.
    """
    if trials < 1:
        return (math.nan, math.nan)
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and {trials}, got {successes}")
    z = normal_quantile(0.5 + level / 2)
    rate = successes / trials
    denominator = 1 + z * z / trials
    centre = (rate + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials)) / denominator
    # at 0 or `trials` successes one end is exactly 0 or 1; rounding must not move it
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def normal_quantile(p: float) -> float:
    """Return the standard normal distribution's p-quantile."""
    return NormalDist().inv_cdf(p)


def t_quantile(p: float, df: int) -> float:
    """Return the p-quantile of Student's t distribution with `df` (whole) degrees of freedom.

    The distribution function of a whole number of degrees of freedom is a finite series in
    theta = atan(t / sqrt(df)) (Abramowitz and Stegun 26.7.3-4); it is solved for t by Newton's
    method from the normal quantile, kept within a bracket that halves when a step leaves it.
    """
    if df < 1 or df != int(df):
        raise ValueError(f"degrees of freedom must be a whole number from 1, got {df}")
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    if df == 1:
        return math.tan(math.pi * (p - 0.5))  # Cauchy: in closed form
    target = 2.0 * p - 1.0  # P(|T| <= t)
    log_density = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    low, high = 0.0, math.inf
    t = normal_quantile(p)
    for _ in range(200):
        error = _two_sided(t, df) - target
        if error == 0.0:
            return t
        if error > 0:
            high = t
        else:
            low = t
        density = 2.0 * math.exp(log_density - (df + 1) / 2 * math.log1p(t * t / df))
        step = t - error / density
        step = step if low < step < high else (low + high) / 2 if high < math.inf else 2 * t
        if abs(step - t) <= 1e-15 * t:
            return step
        t = step
    return t


def _two_sided(t: float, df: int) -> float:
    """Return P(|T| <= t) for Student's t with whole `df` >= 2 (Abramowitz and Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2 == 0:  # sin(theta) (1 + 1/2 cos^2 + 1.3/(2.4) cos^4 + ... up to cos^(df-2))
        term = total = 1.0
        for k in range(2, df - 1, 2):
            term *= (k - 1) / k * cos2
            total += term
        return math.sin(theta) * total
    # odd: 2/pi (theta + sin(theta) (cos + 2/3 cos^3 + ... up to cos^(df-2)))
    term = total = math.cos(theta)
    for k in range(3, df - 1, 2):
        term *= (k - 1) / k * cos2
        total += term
    return 2.0 / math.pi * (theta + math.sin(theta) * total)
