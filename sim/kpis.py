"""KPIs per interval of arrival and queue, and occupancy per interval and group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios import Scenario
from sim.contacts import Contacts, Outcome
from sim.engine import Replication

KPI_COLUMNS = (
    "replication",
    "interval_start",
    "queue",
    "offered",
    "answered",
    "abandoned",
    "unserved",
    "answered_within_target",
    "service_level",
    "abandon_rate",
    "asa_seconds",
    "wait_p90_seconds",
)


def contact_kpis(
    scenario: Scenario, contacts: Contacts, result: Replication, replication: int
) -> pd.DataFrame:
    """Return one row per interval of arrival and queue: volumes, service level, waits.

    service_level = answered within target / offered; asa_seconds and wait_p90_seconds are
    taken over answered contacts; abandon_rate = abandoned / offered.
    """
    horizon = scenario.horizon
    names = list(scenario.queues)
    n_queues, n_intervals = len(names), horizon.n_intervals
    interval = np.minimum(contacts.arrival // horizon.interval_seconds, n_intervals - 1)
    key = interval.astype(np.int64) * n_queues + contacts.queue
    size = n_intervals * n_queues
    outcome, wait = result.outcomes.outcome, result.outcomes.wait_seconds
    answered = outcome == Outcome.answered
    targets = np.array([q.sla.answer_within_seconds for q in scenario.queues.values()])
    within = answered & (wait <= targets[contacts.queue])

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(key[mask], minlength=size)

    offered = np.bincount(key, minlength=size)
    n_answered = count(answered)
    wait_sum = np.bincount(key[answered], weights=wait[answered], minlength=size)
    p90 = pd.Series(wait[answered]).groupby(key[answered]).quantile(0.9)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "replication": replication,
                "interval_start": np.repeat(horizon.interval_starts(), n_queues),
                "queue": np.tile(names, n_intervals),
                "offered": offered,
                "answered": n_answered,
                "abandoned": count(outcome == Outcome.abandoned),
                "unserved": count(outcome == Outcome.unserved),
                "answered_within_target": count(within),
                "service_level": count(within) / offered,
                "abandon_rate": count(outcome == Outcome.abandoned) / offered,
                "asa_seconds": wait_sum / n_answered,
                "wait_p90_seconds": p90.reindex(np.arange(size)).to_numpy(),
            }
        )
    return frame


def group_occupancy(scenario: Scenario, result: Replication, replication: int) -> pd.DataFrame:
    """Return one row per interval and group: agents on duty, busy share of their time."""
    horizon = scenario.horizon
    names = list(scenario.agent_groups)
    busy, duty = result.busy_seconds.T.reshape(-1), result.duty_seconds.T.reshape(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "replication": replication,
                "interval_start": np.repeat(horizon.interval_starts(), len(names)),
                "group": np.tile(names, horizon.n_intervals),
                "agents": duty / horizon.interval_seconds,
                "busy_seconds": busy,
                "duty_seconds": duty,
                "occupancy": busy / duty,
            }
        )
