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

Both read a queue that opens and closes: at opening it starts empty, so the first intervals
see less load than their own arrivals offer (lagged by a handle time of a whole interval or
more, the first intervals read none: lagged SIPP as published, which the offered-load method
refines); after closing the contacts still in hand offer load to closed intervals, which is
folded back into the opening's last interval (see `fold_into_opening`). The horizon is taken
to repeat (a planned week follows the same week), as for deferred work.
"""

from __future__ import annotations

import numpy as np

from optimise.names import Method  # re-exported: callers may import it from here
from optimise.queueing.durations import load_kernel
from scenarios.durations import Duration

_TAIL = 1e-6  # the load an arrival still offers this many intervals later is left out


def staffing_rates(
    rate: np.ndarray,
    handle: Duration,
    interval_seconds: float,
    method: Method,
    is_open: np.ndarray | None = None,
) -> np.ndarray:
    """Return the stationary arrival rate (per second) to size each interval with.

    `is_open` marks the intervals in which the queue is open (all of them when None): the
    time-varying methods put no rate in the others. SIPP reads the rate as given.
    """
    method = Method(method)
    rate = np.asarray(rate, dtype=float)
    if method is Method.sipp or len(rate) == 0:
        return rate
    if method is Method.lagged:
        moved = _lagged(rate, handle.mean_seconds / interval_seconds)
    else:
        moved = _offered_load(rate, handle, interval_seconds)
    return moved if is_open is None else fold_into_opening(moved, is_open)


def fold_into_opening(rate: np.ndarray, is_open: np.ndarray) -> np.ndarray:
    """Return the rates with each closed interval's rate added to the last open interval
    before it (the horizon repeating), and none left in closed intervals."""
    # Why fold: the lag of Green, Kolesar and Soares (2001) and the infinite-server load of
    # Feldman et al. (2008) carry load past closing - contacts answered before closing still
    # in service, and with few agents some still waiting. No customer arrives then, so that
    # load sets no one's service level: the agents on duty at closing finish it, and no shift
    # can be planned for it (SIPP, sizing each interval from its own arrivals, asks for no one
    # after closing). Dropping it is the other choice, but lagged by p < 1 interval the
    # closing interval then reads (1 - p) of its own arrivals plus p of the one before: below
    # its own arrivals wherever the rate rises into closing. Folded, it reads its own arrivals
    # plus p of the one before, on the safe side, and the whole offered load (rate x handle
    # time over the week) stays SIPP's, so the methods are compared on the same work.
    # One interval rather than several: the load left after closing is mostly the last
    # interval's arrivals, and the earlier intervals were sized for their own.
    rate = np.asarray(rate, dtype=float)
    is_open = np.asarray(is_open, dtype=bool)
    if len(rate) != len(is_open):
        raise ValueError(f"{len(rate)} rates for {len(is_open)} opening flags")
    if is_open.all():
        return rate
    if not is_open.any():
        return np.zeros(len(rate))  # never open: no one to size, and nothing arrives
    positions = np.arange(len(rate))
    last_open = np.maximum.accumulate(np.where(is_open, positions, -1))
    # closed intervals before the first opening belong to the horizon's last opening (the
    # week before, the horizon repeating)
    last_open[last_open < 0] = positions[is_open][-1]
    return np.bincount(last_open, weights=rate, minlength=len(rate))


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
