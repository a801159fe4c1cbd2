"""Agents' busy time per interval, worked out from the contacts once a run is over.

A contact answered at `a` and ended (finished, or dropped with its site) at `e` keeps a share
`w` of one agent (1 for a call, 1/k for one of k chats) busy over [a, e). A group's busy
agent-seconds up to a time T are then the sum over its contacts of w x (min(e, T) - min(a, T)),
and each sum of w x min(t, T) over many contacts is two cumulative sums over the times sorted:
contacts ended by T add w x t, the others w x T. Counting this once at the end, rather than
keeping the books up to date as each contact is taken and finished, saves the engine a fifth
of its own work per contact.
"""

from __future__ import annotations

import numpy as np


def busy_seconds(
    start: np.ndarray,
    end: np.ndarray,
    load: np.ndarray,
    group: np.ndarray,
    groups: int,
    interval_seconds: float,
    intervals: int,
) -> np.ndarray:
    """Return each group's busy agent-seconds in each interval (groups x intervals), from
    every answered contact's start, end (inf: still in hand at the end), load and group."""
    ends = interval_seconds * np.arange(1, intervals + 1, dtype=float)
    cumulative = np.zeros((groups, intervals))
    for g in range(groups):
        mine = group == g
        if mine.any():
            weight = load[mine]
            cumulative[g] = _held_up_to(end[mine], weight, ends) - _held_up_to(
                start[mine], weight, ends
            )
    # sums of large products leave dust of a few microseconds where nobody was busy
    return np.maximum(np.diff(cumulative, axis=1, prepend=0.0), 0.0)


def _held_up_to(times: np.ndarray, weights: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Return the sum of weight x min(time, T) for each T of ends (sorted)."""
    order = np.argsort(times, kind="stable")
    t, w = times[order], weights[order]
    finite = np.isfinite(t)  # inf x w would turn the sums after it into inf or nan
    below_wt = np.concatenate(([0.0], np.cumsum(np.where(finite, w * np.where(finite, t, 0), 0))))
    below_w = np.concatenate(([0.0], np.cumsum(w)))
    k = np.searchsorted(t, ends, side="right")
    return below_wt[k] + ends * (below_w[-1] - below_w[k])
