"""Confidence intervals for probabilities estimated from counts."""

from __future__ import annotations

import math


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
    from scipy import stats  # here: scipy.stats costs start-up to every command

    z = float(stats.norm.ppf(0.5 + level / 2))
    rate = successes / trials
    denominator = 1 + z * z / trials
    centre = (rate + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials)) / denominator
    # at 0 or `trials` successes one end is exactly 0 or 1; rounding must not move it
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)
