"""KPIs per interval of arrival and queue, and occupancy per interval and group."""

from __future__ import annotations

import numpy as np

from scenarios import Scenario
from scenarios.grid import open_intervals
from sim.columns import Columns, full_columns
from sim.contacts import Contacts, Origin, Outcome
from sim.events import Failures, Fate
from sim.layout import Replication


def contact_kpis(
    scenario: Scenario,
    contacts: Contacts,
    result: Replication,
    replication: int,
    failures: Failures | None = None,
) -> Columns:
    """Return one row per interval of arrival and queue: volumes, service level, waits.

    service_level = answered within target / offered. A live contact is answered within target
    when its wait is at most the target; deferred work when it is finished within the target.
    asa_seconds and wait_p90_seconds are over answered contacts; abandon_rate = abandoned /
    offered. failed, retried and diverted count outage failures at the queue in the interval;
    arrived_retrying and arrived_diverted count offered contacts that were such second tries.
    backlog and oldest_wait_seconds describe the contacts waiting at the interval's end.
    open says whether the queue's channel is open in the interval: a closed interval of a live
    channel offers nothing, so its ratios are empty (NaN) and `open` tells it from a quiet hour.
    """
    horizon = scenario.horizon
    names = list(scenario.queues)
    n_queues, n_intervals = len(names), horizon.n_intervals
    size = n_intervals * n_queues
    seconds = horizon.interval_seconds

    def keys(times: np.ndarray, queues: np.ndarray) -> np.ndarray:
        # in place where it can be: a long horizon has millions of contacts
        interval = times // seconds
        np.minimum(interval, n_intervals - 1, out=interval)
        key = interval.astype(np.int64)
        del interval
        key *= n_queues
        key += queues
        return key

    key = keys(contacts.arrival, contacts.queue)
    outcome, wait = result.outcomes.outcome, result.outcomes.wait_seconds
    answered = (outcome == Outcome.answered) | (outcome == Outcome.dropped)
    targets = np.array([q.sla.within_seconds for q in scenario.queues.values()])
    deferred = np.array(
        [not scenario.channels[q.channel].kind.live for q in scenario.queues.values()]
    )
    measured = np.where(deferred[contacts.queue], result.outcomes.response_seconds, wait)
    within = answered & (measured <= targets[contacts.queue])
    origin = contacts.origin if contacts.origin is not None else np.zeros(len(contacts), np.int8)

    def count(mask: np.ndarray, at: np.ndarray = key) -> np.ndarray:
        return np.bincount(at[mask], minlength=size)

    offered = np.bincount(key, minlength=size)
    n_answered = count(answered)
    wait_sum = np.bincount(key[answered], weights=wait[answered], minlength=size)
    p90 = _quantile_by_key(wait[answered], key[answered], 0.9, size)
    failures = failures or Failures.none()
    failed_key = keys(failures.time, failures.queue)
    backlog, oldest = _waiting_at_ends(contacts, result, n_intervals, n_queues, seconds)
    is_open = np.column_stack(
        [open_intervals(scenario.channels[q.channel], horizon) for q in scenario.queues.values()]
    ).reshape(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return full_columns(
            {
                "replication": replication,
                "interval_start": np.repeat(horizon.interval_start_times(), n_queues),
                "queue": np.tile(names, n_intervals),
                "open": is_open,
                "offered": offered,
                "answered": n_answered,
                "abandoned": count(outcome == Outcome.abandoned),
                "unserved": count(outcome == Outcome.unserved),
                "dropped": count(outcome == Outcome.dropped),
                "answered_within_target": count(within),
                "service_level": count(within) / offered,
                "abandon_rate": count(outcome == Outcome.abandoned) / offered,
                "asa_seconds": wait_sum / n_answered,
                "wait_p90_seconds": p90,
                "failed": np.bincount(failed_key, minlength=size),
                "retried": count(failures.fate == Fate.retried, failed_key),
                "diverted": count(failures.fate == Fate.diverted, failed_key),
                "arrived_retrying": count(origin == Origin.retry),
                "arrived_diverted": count(origin == Origin.diverted),
                "backlog": backlog,
                "oldest_wait_seconds": oldest,
            },
            size,
        )


def _quantile_by_key(values: np.ndarray, key: np.ndarray, q: float, size: int) -> np.ndarray:
    """Return the q-quantile of the values of each key 0..size-1 (nan for a key with none).

    Linear interpolation between the two nearest order statistics, the arithmetic of pandas'
    groupby quantile, without its per-row temporaries (a long horizon has millions of rows).
    """
    out = np.full(size, np.nan)
    if not len(values):
        return out
    if np.any(key[1:] < key[:-1]):  # contacts made during the run come after the drawn ones
        # a radix sort when the keys fit 16 bits (a week's keys do): the same order, faster
        order = np.argsort(key.astype(np.uint16) if size <= 1 << 16 else key, kind="stable")
        values, key = values[order], key[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    ends = np.append(starts[1:], len(key))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        group = np.sort(values[start:end])
        position = q * (len(group) - 1)
        low = int(position)
        frac = position % 1
        value = group[low]
        if frac != 0.0:
            value = value + (group[low + 1] - value) * frac
        out[key[start]] = value
    return out


def _waiting_at_ends(
    contacts: Contacts, result: Replication, n_intervals: int, n_queues: int, seconds: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return, per interval and queue, how many wait at the interval's end and the oldest age."""
    size = n_intervals * n_queues
    backlog = np.zeros(size, np.int64)
    earliest = np.full(size, np.inf)
    # in blocks of contacts, so that the temporaries of a long horizon stay small
    for start in range(0, len(contacts), _BLOCK):
        block = slice(start, start + _BLOCK)
        arrival = contacts.arrival[block]
        stop = arrival + np.nan_to_num(result.outcomes.wait_seconds[block], nan=np.inf)
        # waiting at the end T_k = (k + 1) * seconds when arrival <= T_k < stop
        first = np.ceil(arrival / seconds).astype(np.int64) - 1
        last = np.minimum(np.ceil(np.minimum(stop, 1e15) / seconds) - 2, n_intervals - 1)
        last = last.astype(np.int64)
        spans = np.maximum(last - first + 1, 0)
        rows = np.repeat(np.arange(len(arrival)), spans)
        k = first[rows] + (np.arange(len(rows)) - np.repeat(np.cumsum(spans) - spans, spans))
        cell = k * n_queues + contacts.queue[block][rows]
        backlog += np.bincount(cell, minlength=size)
        np.minimum.at(earliest, cell, arrival[rows])
    ends = (np.arange(size) // n_queues + 1) * seconds
    oldest = np.where(np.isinf(earliest), 0.0, ends - earliest)
    return backlog, oldest


_BLOCK = 1 << 18  # contacts per block in `_waiting_at_ends`


def group_occupancy(scenario: Scenario, result: Replication, replication: int) -> Columns:
    """Return one row per interval and group: agents on duty, busy share of their time.

    occupancy is busy over on-duty time, so an interval nobody works (staffed False) has none.
    """
    horizon = scenario.horizon
    names = list(scenario.agent_groups)
    busy, duty = result.busy_seconds.T.reshape(-1), result.duty_seconds.T.reshape(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return full_columns(
            {
                "replication": replication,
                "interval_start": np.repeat(horizon.interval_start_times(), len(names)),
                "group": np.tile(names, horizon.n_intervals),
                "agents": duty / horizon.interval_seconds,
                "busy_seconds": busy,
                "duty_seconds": duty,
                "staffed": duty > 0,
                "occupancy": np.where(duty > 0, busy / duty, np.nan),
            },
            len(busy),
        )
