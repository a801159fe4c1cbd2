"""Satisfaction goals judged on a simulated plan: which queues miss a CSAT, FCR, NPS or churn
goal, and where more agents would move it.

Staffing moves these measures only through waits: an answer later than its target or an
abandonment lowers a customer's satisfaction and raises the chance they leave
(`sim.satisfaction`). So a queue missing a goal is given more agents where its contacts are
served worst, and a goal that more agents did not move (resolution at first contact, say, is
the agents' skill, not their number) is reported rather than chased.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scenarios import Scenario
from sim.summary_journeys import summarise_journeys

MEASURES = ("csat", "fcr", "nps", "churn")
WORST_SHARE = 0.5  # of a queue's open intervals, those with most contacts served late, raised
MOVED = 1e-3  # a goal's measure moving less than this after a raise is beyond staffing
REACH_TOLERANCE = 1e-9  # a goal above the most staffing can give by more than this is beyond


def goal_verdicts(scenario: Scenario, journeys: pd.DataFrame | None) -> pd.DataFrame:
    """Return per queue and goal set (CSAT, FCR, NPS, churn): the goal, the simulated mean over
    replications, and whether it is met (at most, for churn)."""
    columns = ["queue", "measure", "goal", "value", "met"]
    if journeys is None or journeys.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for queue, block in summarise_journeys(journeys, scenario)["queues"].items():
        for measure, verdict in block["goals"].items():
            if measure not in MEASURES or verdict["met"] is None:
                continue
            value = block[measure]["mean"]
            rows.append([queue, measure, verdict["goal"], value, bool(verdict["met"])])
    return pd.DataFrame(rows, columns=columns)


def fcr_reach(scenario: Scenario, queue: str) -> float:
    """Return the most first-contact resolution staffing can give a queue's customers: the
    share resolved at first contact by its best-resolving skilled group (who answers a
    customer's first handled contact sets it, not how soon)."""
    resolution = scenario.queues[queue].resolution
    if resolution is None:
        return 1.0
    skill = scenario.queues[queue].skill
    skilled = [name for name, group in scenario.agent_groups.items() if skill in group.skills]
    return max((resolution.for_group(g) for g in skilled), default=resolution.first_contact)


def shortfall(measure: str, goal: float, value: float) -> float:
    """Return how far a measure falls short of its goal (0 when met; churn is at most)."""
    gap = value - goal if measure == "churn" else goal - value
    return max(gap, 0.0) if math.isfinite(gap) else 0.0


def worst_served(
    scenario: Scenario, pooled: pd.DataFrame, queues: set[str]
) -> set[tuple[pd.Timestamp, str]]:
    """Return the (interval, skill) pairs where each queue in `queues` has the most contacts
    not answered within target (late or abandoned), pooled over replications: half of its
    open intervals, those with any such contacts."""
    keys: set[tuple[pd.Timestamp, str]] = set()
    for name in queues:
        mine = pooled[(pooled["queue"] == name) & pooled["counted"]]
        late = (mine["offered"] - mine["answered_within_target"]).to_numpy(dtype=float)
        count = max(1, math.ceil(WORST_SHARE * len(mine)))
        order = np.argsort(-late, kind="stable")[:count]
        skill = scenario.queues[name].skill
        keys |= {(mine["interval_start"].iloc[k], skill) for k in order if late[k] > 0}
    return keys
