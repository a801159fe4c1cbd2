"""Non-homogeneous Poisson arrivals, drawn in bulk, and the contacts they bring."""

from __future__ import annotations

import numpy as np

from scenarios import Scenario
from scenarios.volumes import surged, volume_matrix
from sim.contacts import Contacts
from sim.durations import draw
from sim.streams import Purpose, stream


def arrival_times(
    expected: np.ndarray, interval_seconds: float, rng: np.random.Generator
) -> np.ndarray:
    """Return sorted arrival times of a Poisson process whose rate is constant in each interval.

    Given the count in an interval, Poisson arrivals are independent and uniform over it.
    """
    counts = rng.poisson(expected)
    starts = np.repeat(np.arange(len(expected)) * interval_seconds, counts)
    return np.sort(starts + rng.uniform(0.0, interval_seconds, counts.sum()))


def draw_contacts(
    scenario: Scenario, seed: int, replication: int, volumes: np.ndarray | None = None
) -> Contacts:
    """Return one replication's contacts for every queue of the scenario, in arrival order."""
    if volumes is None:
        volumes = volume_matrix(scenario)
    interval = scenario.horizon.interval_seconds
    parts = []
    for index, (name, queue) in enumerate(scenario.queues.items()):
        times = arrival_times(
            volumes[:, index],
            scenario.horizon.interval_seconds,
            stream(seed, replication, Purpose.arrivals, name),
        )
        n = len(times)
        handle = draw(queue.handle_time, stream(seed, replication, Purpose.handle_time, name), n)
        stretch = surged(scenario, name, np.ones(len(volumes)), "handle_time_multiplier")
        handle = handle * stretch[np.minimum(times // interval, len(volumes) - 1).astype(int)]
        if queue.patience is None:
            patience = np.full(n, np.inf)
        else:
            patience = draw(queue.patience, stream(seed, replication, Purpose.patience, name), n)
        parts.append([times, np.full(n, index), handle, patience])
    if len(parts) == 1:  # one queue: its times are sorted already
        return Contacts(*parts[0])
    # column by column, each part's column let go once copied: a long horizon's contacts
    # are never held three times over
    columns = []
    order = None
    for c in range(4):
        column = np.concatenate([part[c] for part in parts])
        for part in parts:
            part[c] = None
        if order is None:
            order = np.argsort(column, kind="stable")
        columns.append(column[order])
        del column
    return Contacts(*columns)
