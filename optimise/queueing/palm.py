"""Erlang A (M/M/n+M, Palm's model) service level and abandonment in closed form, for sizing.

With x = n mu / theta and y = lambda / theta (theta = 1 / mean patience), the chain's waiting
states weigh, relative to all n agents busy with nobody waiting,
A = sum_j y^j / ((x+1) ... (x+j)) = x e^y y^-x gamma(x, y) (gamma: the lower incomplete gamma
function; Garnett, Mandelbaum and Reiman 2002). A contact finding j waiting is answered within
t with probability E[B; B >= exp(-theta t)], B ~ Beta(x, j+1) (its offered wait is a sum of
exponential stages of rates n mu + i theta, i = 0..j); summed over j against those weights this
is x e^y y^-(x+1) (gamma(x+1, y) - gamma(x+1, y exp(-theta t))). Both are a handful of
special-function calls per interval instead of a sum over the chain's states, so a search for
the fewest agents can afford one evaluation per candidate.

Where the incomplete gamma underflows (far more agents than the load, with a long patience)
the closed form returns NaN, and callers fall back to the chain of optimise.queueing.erlang.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_SMALLEST = 1e-250  # a regularised incomplete gamma below this has lost its relative precision


@dataclass(frozen=True)
class PalmService:
    """Service level, abandonment and occupancy of an M/M/n+M queue, per interval."""

    service_level: np.ndarray  # share of offered contacts answered within the target time
    abandon_rate: np.ndarray  # share of offered contacts that abandon
    occupancy: np.ndarray  # share of agent time spent handling contacts


def palm_service(
    rate: np.ndarray,
    aht: np.ndarray,
    patience: np.ndarray,
    agents: np.ndarray,
    answer_within: np.ndarray,
) -> PalmService:
    """Return the Erlang A service of each interval (1-D arrays, rate > 0, agents >= 1), NaN
    where the closed form cannot be trusted."""
    from scipy.special import gammainc, gammaincc, gammaln  # here: importing scipy is slow

    theta = 1.0 / patience
    x = agents / aht / theta  # service capacity in units of the abandonment rate
    y = rate / theta
    load = rate * aht
    shrink = np.exp(-theta * answer_within)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        # gamma(x+1, y) - gamma(x+1, y s) from the smaller tail, so that neither loses its
        # digits to the difference of two numbers near 1
        p_next = gammainc(x + 1.0, y)
        upper = p_next >= 0.5
        window = np.empty_like(p_next)
        low = ~upper
        window[low] = p_next[low] - gammainc(x[low] + 1.0, (y * shrink)[low])
        q_next = gammaincc(x[upper] + 1.0, y[upper])
        window[upper] = gammaincc(x[upper] + 1.0, (y * shrink)[upper]) - q_next
        p_next[upper] = 1.0 - q_next
        # log of y^x e^-y / Gamma(x+1); P(x, y) = P(x+1, y) + that, a sum exact to rounding
        log_density = x * np.log(y) - y - gammaln(x + 1.0)
        p_x = p_next + np.exp(log_density)
        log_a = np.log(p_x) - log_density
        # below n agents busy: sum_{k<n} pi_k / pi_n = 1/B - 1 = e^a Q(n, a) n! / a^n
        log_below = load + np.log(gammaincc(agents, load)) + gammaln(agents + 1.0)
        log_below -= agents * np.log(load)
        log_total = np.logaddexp(log_below, log_a)
        below = np.exp(log_below - log_total)
        waiting = np.exp(log_a - log_total)
        # per contact that waits: answered x P(x+1, y) / (y P(x, y)), within t the same with
        # the window in place of P(x+1, y)
        service_level = below + waiting * x * window / (y * p_x)
        abandon = waiting * np.maximum(1.0 - x * p_next / (y * p_x), 0.0)
        # busy agents: k pi_k = a pi_{k-1} below n, all n from there on. Not load x (1 -
        # abandonment) / n, which multiplies abandonment's rounding by the overload and can
        # put an overloaded queue's occupancy a hair above 1
        occupancy = load / agents * below - np.exp(-log_total) + waiting
    lost = (p_x < _SMALLEST) | ~np.isfinite(log_a) | ~np.isfinite(service_level)
    lost |= ~np.isfinite(abandon) | (agents < 1)
    return PalmService(
        service_level=np.where(lost, np.nan, service_level),
        abandon_rate=np.where(lost, np.nan, abandon),
        occupancy=np.where(lost, np.nan, occupancy),
    )
