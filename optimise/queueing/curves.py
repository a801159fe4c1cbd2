"""Contacts answered within target against agents, per skill and interval, made concave.

A budget plan needs to know what one more agent buys in each interval. For each skill the
queues needing it are pooled into one (volumes added, handle time, patience and target time
averaged by volume; chat agents count `concurrency` servers) and the Erlang formula gives the
expected contacts answered within target at 0, 1, 2, ... agents. Deferred work counts as done
in time up to the work the agents can clear. The upper concave envelope of those points is
what the integer program maximises: it over-states service only where the true curve is
convex (the few agents far below the load), where a planner never wants to be.

The volumes and handle times are the requirement's: surges, outages and the customer's journey
(bot hand-offs, escalations, repeats, retries) included
(`optimise.queueing.requirements.reaching_load`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.queueing.erlang import queue_metrics, required_agents
from optimise.queueing.requirements import (
    DEFERRED_OCCUPANCY,
    deferred_workload,
    handle_seconds,
    reaching_load,
)
from scenarios import Scenario
from scenarios.grid import open_intervals
from scenarios.queues import Queue


@dataclass(frozen=True)
class Curve:
    """Vertices (agents, answered within target) of a concave piecewise-linear curve."""

    agents: np.ndarray
    answered: np.ndarray


def upper_hull(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the vertices of the upper concave envelope of points sorted by x."""
    hull: list[int] = []
    for k in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # drop b when it lies on or below the chord from a to k
            if (y[b] - y[a]) * (x[k] - x[a]) <= (y[k] - y[a]) * (x[b] - x[a]):
                hull.pop()
            else:
                break
        hull.append(k)
    return x[hull], y[hull]


def skill_curves(scenario: Scenario) -> dict[tuple[str, int], Curve]:
    """Return the concave curve of each skill and interval with work to do."""
    horizon = scenario.horizon
    seconds = horizon.interval_seconds
    load = reaching_load(scenario)
    volumes = load.volumes
    aht = {n: handle_seconds(scenario, n, load.handle_factor[n].to_numpy()) for n in volumes}
    curves: dict[tuple[str, int], Curve] = {}
    for skill in scenario.skills:
        queues = {n: q for n, q in scenario.queues.items() if q.skill == skill}
        live = {n: q for n, q in queues.items() if scenario.channels[q.channel].kind.live}
        deferred = {n: q for n, q in queues.items() if n not in live}
        if live:
            curves.update(_live_curves(scenario, skill, live, volumes, aht, seconds))
        for name, queue in deferred.items():
            channel = scenario.channels[queue.channel]
            work = deferred_workload(
                volumes[name].to_numpy() * aht[name],
                open_intervals(channel, horizon),
                max(int(queue.sla.within_seconds // seconds), 1),
            )
            per_agent = seconds * DEFERRED_OCCUPANCY / queue.handle_time.mean_seconds
            for i in np.flatnonzero(work > 0):
                done = work[i] / queue.handle_time.mean_seconds  # contacts' worth of work
                top = done / per_agent
                curves[skill, int(i)] = _merge(
                    curves.get((skill, int(i))), Curve(np.array([0.0, top]), np.array([0, done]))
                )
    return curves


def _merge(first: Curve | None, second: Curve) -> Curve:
    """Return the sum of two concave curves that stay flat past their last vertex."""
    if first is None:
        return second
    agents = np.union1d(first.agents, second.agents)
    answered = np.interp(agents, first.agents, first.answered) + np.interp(
        agents, second.agents, second.answered
    )
    return Curve(agents, answered)


def _live_curves(
    scenario: Scenario,
    skill: str,
    live: dict[str, Queue],
    volumes: pd.DataFrame,
    handle: dict[str, np.ndarray],
    seconds: float,
) -> dict[tuple[str, int], Curve]:
    names = list(live)
    volume = volumes[names].to_numpy()  # intervals x queues
    total = volume.sum(axis=1)
    weights = np.divide(volume, total[:, None], out=np.zeros_like(volume), where=total[:, None] > 0)

    def average(values: list[float]) -> np.ndarray:
        return weights @ np.array(values)

    aht = (weights * np.column_stack([handle[n] for n in names])).sum(axis=1)
    within = average([q.sla.within_seconds for q in live.values()])
    target = float(max(q.sla.target for q in live.values()))
    with_patience = [q.patience.mean_seconds if q.patience else np.inf for q in live.values()]
    patience = (
        None
        if all(np.isinf(with_patience))
        else average([p if np.isfinite(p) else 3600.0 * 24 for p in with_patience])
    )
    slots = max(scenario.channels[q.channel].concurrency for q in live.values())
    busy = np.flatnonzero(total > 0)
    rate = total[busy] / seconds
    enough = required_agents(
        rate,
        aht[busy],
        within[busy],
        max(target, 0.99),
        patience=None if patience is None else patience[busy],
    )
    top = np.ceil(enough / slots).astype(int) + 1
    curves = {}
    for k, i in enumerate(busy):
        agents = np.arange(top[k] + 1, dtype=float)
        metrics = queue_metrics(
            rate[k],
            aht[i],
            agents * slots,
            within[i],
            None if patience is None else patience[i],
        )
        answered = total[i] * np.nan_to_num(metrics.service_level)
        hull_x, hull_y = upper_hull(agents, answered)
        curves[skill, int(i)] = Curve(hull_x, hull_y)
    return curves
