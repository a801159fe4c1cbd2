"""Arrival rates for staffing a queue whose load changes within the day.

SIPP (stationary independent period by period) sizes each interval from its own arrival rate
as if the queue were in steady state. When the rate climbs or falls within a service time the
queue lags it: the work in the system at a moment comes from arrivals up to a handle time
earlier. Two standard corrections (Green, Kolesar and Soares, "Improving the SIPP approach for
staffing service systems that have cyclic demands", Operations Research 49(4), 2001; Feldman,
Mandelbaum, Massey and Whitt, "Staffing of time-varying queues to achieve time-stable
performance", Management Science 54(2), 2008):

- lagged SIPP sizes each interval from the arrival rate one mean handle time earlier;
- the offered load (infinite-server) method sizes it from the mean number of contacts that
  would be in service with unlimited agents, m(t) = E[lambda(t - S_e)] E[S], turned back into
  the stationary arrival rate m(t) / E[S] that offers the same load.

The horizon is taken to repeat (a planned week follows the same week), as for deferred work.
"""

from __future__ import annotations

import numpy as np

from optimise.names import Method  # re-exported: callers may import it from here
from optimise.queueing.durations import load_kernel
from scenarios.durations import Duration

_TAIL = 1e-6  # the load an arrival still offers this many intervals later is left out


def staffing_rates(
    rate: np.ndarray, handle: Duration, interval_seconds: float, method: Method
) -> np.ndarray:
    """Return the stationary arrival rate (per second) to size each interval with."""
    method = Method(method)
    rate = np.asarray(rate, dtype=float)
    if method is Method.sipp or len(rate) == 0:
        return rate
    if method is Method.lagged:
        return _lagged(rate, handle.mean_seconds / interval_seconds)
    return _offered_load(rate, handle, interval_seconds)


def _lagged(rate: np.ndarray, lag: float) -> np.ndarray:
    """Return the rate averaged over each interval moved `lag` intervals earlier."""
    whole, part = int(np.floor(lag)), lag - np.floor(lag)
    return (1.0 - part) * np.roll(rate, whole) + part * np.roll(rate, whole + 1)


def _offered_load(rate: np.ndarray, handle: Duration, interval_seconds: float) -> np.ndarray:
    """Return m(t) / E[S], m the infinite-server load, averaged over each interval."""
    n = len(rate)
    shares = load_kernel(handle, interval_seconds, n)
    kept = np.flatnonzero(shares > _TAIL)
    shares = shares[: (kept[-1] + 1 if len(kept) else 1)]
    repeated = np.concatenate([rate] * (len(shares) // n + 2))  # the weeks before, then this
    load = np.convolve(repeated, shares)[len(repeated) - n : len(repeated)] * interval_seconds
    return load / handle.mean_seconds
