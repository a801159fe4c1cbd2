"""One plan for the ordinary week that stays defensible under named emergencies.

Under each emergency scenario the plan is simulated with the same seed; in every interval from
the start of an event the base scenario does not have until `recovery_hours` after its end,
each queue must answer at least `floor` of its contacts within target (contacts pooled over
the replications). Outside those windows the base scenario's own targets are the judge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.simopt.service import INTERVAL_SHARE, pooled_service
from scenarios import Scenario


@dataclass(frozen=True)
class Emergency:
    """An emergency scenario a plan must weather, and the service it must keep through it."""

    scenario: Scenario
    floor: float = 0.6  # share answered within target in the event and its recovery
    recovery_hours: float = 2.0


def event_windows(emergency: Emergency, base: Scenario) -> np.ndarray:
    """Return, per interval, whether it lies in an event of the emergency (not of the base)
    or in the recovery time after one."""
    horizon = emergency.scenario.horizon
    starts = horizon.interval_starts()
    inside = np.zeros(len(starts), dtype=bool)
    recovery = pd.Timedelta(hours=emergency.recovery_hours)
    for event in emergency.scenario.events:
        if event in base.events:
            continue
        inside |= (starts >= pd.Timestamp(event.start)) & (
            starts < pd.Timestamp(event.end) + recovery
        )
    return inside


def emergency_service(emergency: Emergency, base: Scenario, kpis: pd.DataFrame) -> pd.DataFrame:
    """Return the pooled service per interval and queue of the event windows, judged against
    the floor (see `optimise.simopt.service.pooled_service` for the columns)."""
    pooled = pooled_service(emergency.scenario, kpis)
    inside = pd.Series(
        event_windows(emergency, base), index=emergency.scenario.horizon.interval_starts()
    )
    pooled = pooled[pooled["interval_start"].map(inside).to_numpy(dtype=bool)]
    level = pooled["service_level"]
    return pooled.assign(
        target=emergency.floor, meets=pooled["counted"] & (level >= emergency.floor - 1e-12)
    )


def floor_verdicts(emergency: Emergency, pooled: pd.DataFrame) -> pd.DataFrame:
    """Return per queue the share of its event intervals meeting the floor, and whether at
    least 90% did."""
    rows = []
    for name in emergency.scenario.queues:
        counted = pooled[(pooled["queue"] == name) & pooled["counted"]]
        share = float(counted["meets"].mean()) if len(counted) else 1.0
        rows.append({"queue": name, "floor_met": share, "holds": share >= INTERVAL_SHARE})
    return pd.DataFrame(rows)
