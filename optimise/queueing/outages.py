"""The contacts expected to reach each queue once outages have acted, for the formulas.

The engine's rules (sim/events.py), taken in expectation: contacts arriving at a queue that is
down fail; the outage's retry share tries again after its delay and fails again if the outage
still holds; the divert share arrives at the same time at its target queue; the rest is lost.
A retry or diversion that lands while its channel is closed, or after the horizon, is lost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimise.queueing.durations import landing_shares
from scenarios import Scenario, expected_volumes
from scenarios.checks import diversion_targets
from scenarios.events import Outage
from scenarios.grid import arrival_intervals, window_intervals

_ROUNDS = 100  # of retries failing again; each round leaves at most the retry share
_NEGLIGIBLE = 1e-9  # contacts


def reaching_volumes(scenario: Scenario) -> pd.DataFrame:
    """Return expected contacts per interval (rows) and queue (columns) that reach the queue:
    surges included, contacts failing in an outage taken out, and their retries and
    diversions added where they land."""
    volumes = expected_volumes(scenario)
    outages = [event for event in scenario.events if isinstance(event, Outage)]
    if not outages:
        return volumes
    names = list(scenario.queues)
    horizon = scenario.horizon
    reachable = np.array(
        [arrival_intervals(scenario.channels[q.channel], horizon) for q in scenario.queues.values()]
    ).T  # intervals x queues
    reached = volumes.to_numpy(dtype=float).copy()
    for outage in outages:
        hit = np.array(
            [
                outage.queue == name or outage.channel == q.channel
                for name, q in scenario.queues.items()
            ]
        )
        down = window_intervals(outage.start, outage.end, horizon)[:, None] & hit[None, :]
        failing = np.where(down, reached, 0.0)
        reached = np.where(down, 0.0, reached)
        for _ in range(_ROUNDS):
            if failing.sum() < _NEGLIGIBLE:
                break
            landed = _next_tries(scenario, outage, failing, names) * reachable
            failing = np.where(down, landed, 0.0)
            reached += np.where(down, 0.0, landed)
    return pd.DataFrame(reached, index=volumes.index, columns=volumes.columns)


def _next_tries(
    scenario: Scenario, outage: Outage, failed: np.ndarray, names: list[str]
) -> np.ndarray:
    """Return where the contacts that failed try next: retries after the delay at their own
    queue, diversions at once at the target queue (intervals x queues)."""
    n = failed.shape[0]
    tries = np.zeros_like(failed)
    if outage.retry is not None and outage.retry.share > 0:
        shares = landing_shares(outage.retry.delay, scenario.horizon.interval_seconds, n)
        for q in np.flatnonzero(failed.sum(axis=0) > 0):
            tries[:, q] += outage.retry.share * np.convolve(failed[:, q], shares)[:n]
    if outage.divert is not None and outage.divert.share > 0:
        for source, target in diversion_targets(scenario, outage).items():
            column = failed[:, names.index(source)]
            tries[:, names.index(target)] += outage.divert.share * column
    return tries
