"""Agents' busy time per interval, worked out from the contacts once a run is over.

A contact answered at `a` and ended (finished, or dropped with its site) at `e` keeps a share
`w` of one agent (1 for a call, 1/k for one of k chats) busy over [a, e). A group's busy
agent-seconds up to the end T of an interval are then the sum over its contacts of
w x (min(e, T) - min(a, T)), and a sum of w x min(t, T) over many contacts needs only, per
interval, the sums of w x t and of w over the contacts whose t falls in it: contacts with t
in an earlier interval (or this one) add w x t, the others w x T. Counting this once at the
end, rather than keeping the books up to date as each contact is taken and finished, took the
M/M/n+M week from 634 to 578 bytecodes a contact; binning rather than sorting, a part of the
contacts at a time, keeps the memory it needs to a few small arrays.
"""

from __future__ import annotations

import numpy as np


def busy_up_to(
    start: np.ndarray,
    end: np.ndarray,
    load: np.ndarray,
    group: np.ndarray,
    groups: int,
    interval_seconds: float,
    intervals: int,
) -> np.ndarray:
    """Return each group's busy agent-seconds from the start of the run to the end of each
    interval (groups x intervals), from answered contacts' start, end (inf: still in hand at
    the end), load and group. Sums over contacts: the figures of parts of them add up."""
    held = _held_up_to(end, load, group, groups, interval_seconds, intervals)
    held -= _held_up_to(start, load, group, groups, interval_seconds, intervals)
    return held


def per_interval(up_to: np.ndarray) -> np.ndarray:
    """Return busy agent-seconds in each interval from the running totals at their ends."""
    # differences of sums of products leave dust of a few microseconds where nobody was busy
    return np.maximum(np.diff(up_to, axis=1, prepend=0.0), 0.0)


def _held_up_to(
    times: np.ndarray,
    weights: np.ndarray,
    group: np.ndarray,
    groups: int,
    width: float,
    intervals: int,
) -> np.ndarray:
    """Return per group the sum of weight x min(time, T) at the end T of each interval."""
    bins = intervals + 1  # the last: at or after the end of the horizon, or never
    finite = np.isfinite(times)
    at = np.where(finite, times, 0.0)  # inf x weight would make the sums inf or nan
    key = np.minimum(at // width, intervals).astype(np.int64)
    key[~finite] = intervals
    key += group * bins
    size = groups * bins
    at *= weights
    weighted_times = np.bincount(key, weights=at, minlength=size).reshape(groups, bins)
    del at
    total_weights = np.bincount(key, weights=weights, minlength=size).reshape(groups, bins)
    ends = width * np.arange(1, intervals + 1, dtype=float)
    below = np.cumsum(total_weights, axis=1)[:, :intervals]
    return np.cumsum(weighted_times, axis=1)[:, :intervals] + ends * (
        total_weights.sum(axis=1, keepdims=True) - below
    )
