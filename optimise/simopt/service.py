"""Simulated service judged against the targets: per interval and queue, pooled over the
replications, and per queue over the horizon with a confidence interval."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scenarios import Scenario
from scenarios.grid import open_intervals

INTERVAL_SHARE = 0.9  # of a queue's open intervals that must meet the interval target
Z95 = 1.959963984540054


def wilson_interval(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval of a binomial share (95% by default)."""
    if trials <= 0:
        return (math.nan, math.nan)
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = (
        z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    )
    return (max(centre - half, 0.0), min(centre + half, 1.0))


def pooled_service(scenario: Scenario, kpis: pd.DataFrame) -> pd.DataFrame:
    """Return per interval and queue, contacts pooled over the replications: offered,
    answered within target, abandoned, lost in an outage (failed, neither retried nor
    diverted), service level, abandonment, whether the channel was open and whether the
    interval met its target (service level and abandonment)."""
    columns = ["offered", "answered_within_target", "abandoned"]
    outage = [c for c in ("failed", "retried", "diverted") if c in kpis.columns]
    sums = kpis.groupby(["interval_start", "queue"], sort=False)[columns + outage].sum()
    lost = (
        sums["failed"] - sums.get("retried", 0) - sums.get("diverted", 0)
        if "failed" in sums.columns
        else 0
    )
    sums = sums[columns].assign(lost=lost).reset_index()
    horizon = scenario.horizon
    position = {start: i for i, start in enumerate(horizon.interval_starts())}
    is_open = {
        name: open_intervals(scenario.channels[queue.channel], horizon)
        for name, queue in scenario.queues.items()
    }
    target = sums["queue"].map({n: q.sla.target for n, q in scenario.queues.items()})
    max_abandon = sums["queue"].map(
        {
            n: q.sla.max_abandon if q.sla.max_abandon is not None else 1.0
            for n, q in scenario.queues.items()
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        level = sums["answered_within_target"] / sums["offered"]
        abandon = sums["abandoned"] / sums["offered"]
    opened = np.array(
        [
            is_open[q][position[t]]
            for q, t in zip(sums["queue"], sums["interval_start"], strict=True)
        ],
        dtype=bool,
    )
    counted = (sums["offered"] > 0).to_numpy() & opened
    return sums.assign(
        service_level=level,
        abandon_rate=abandon,
        target=target,
        counted=counted,
        meets=counted & (level >= target - 1e-12) & (abandon <= max_abandon + 1e-12),
    )


def queue_verdicts(scenario: Scenario, pooled: pd.DataFrame) -> pd.DataFrame:
    """Return per queue: service level over the horizon with its Wilson 95% interval,
    abandonment, the share of open intervals meeting the target, and which rules held."""
    rows = []
    for name, queue in scenario.queues.items():
        mine = pooled[pooled["queue"] == name]
        offered = float(mine["offered"].sum())
        within = float(mine["answered_within_target"].sum())
        lost = float(mine["lost"].sum())
        abandoned = float(mine["abandoned"].sum())
        level = within / offered if offered else math.nan
        low, high = wilson_interval(within, offered)
        counted = mine[mine["counted"]]
        share = float(counted["meets"].mean()) if len(counted) else 1.0
        abandon = abandoned / offered if offered else 0.0
        max_abandon = queue.sla.max_abandon if queue.sla.max_abandon is not None else 1.0
        overall = bool(offered == 0 or (level >= queue.sla.target and abandon <= max_abandon))
        rows.append(
            {
                "queue": name,
                "offered": offered,
                "service_level": level,
                "service_level_low": low,
                "service_level_high": high,
                "target": queue.sla.target,
                "abandon_rate": abandon,
                # an outage must not look good: its lost contacts counted as offered, unanswered
                "service_level_with_lost": within / (offered + lost)
                if offered + lost
                else math.nan,
                "abandon_rate_with_lost": (abandoned + lost) / (offered + lost)
                if offered + lost
                else 0.0,
                "intervals_meeting": share,
                "meets_overall": overall,
                "meets_intervals": share >= INTERVAL_SHARE,
            }
        )
    verdicts = pd.DataFrame(rows)
    return verdicts.assign(holds=verdicts["meets_overall"] & verdicts["meets_intervals"])
