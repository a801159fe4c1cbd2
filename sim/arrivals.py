"""Non-homogeneous Poisson arrivals, drawn in bulk, and the contacts they bring."""

from __future__ import annotations

import numpy as np

from scenarios import Scenario, expected_volumes
from scenarios.volumes import surged
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
        volumes = expected_volumes(scenario).to_numpy()
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
        parts.append((times, np.full(n, index), handle, patience))
    arrival, queue_index, handle, patience = (
        np.concatenate(column) for column in zip(*parts, strict=False)
    )
    order = np.argsort(arrival, kind="stable")
    return Contacts(arrival[order], queue_index[order], handle[order], patience[order])
