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

from optimise.queueing.erlang import required_agents
from optimise.simopt.service import INTERVAL_SHARE, pooled_service
from scenarios import InputError, Scenario


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


def same_horizon(base: Scenario, emergency: Scenario) -> Scenario:
    """Return the emergency scenario, checked to cover the base scenario's horizon and queues:
    one plan is judged under both."""
    if emergency.horizon != base.horizon:
        raise InputError(
            f"covers {emergency.horizon.start} for {emergency.horizon.days} day(s) in "
            f"{emergency.horizon.interval_minutes}-minute intervals, the plan's scenario "
            f"{base.horizon.start} for {base.horizon.days}: give an emergency of the same week",
            path="horizon",
            file=emergency.name,
        )
    missing = sorted(set(base.queues) - set(emergency.queues))
    if missing:
        raise InputError(
            f"lacks the plan's queue(s) {', '.join(missing)}", path="queues", file=emergency.name
        )
    return emergency


def floor_requirement(
    emergency: Emergency,
    windows: pd.DataFrame,
    needs: pd.DataFrame,
    present: pd.Series,
    replications: int,
) -> tuple[pd.DataFrame, int]:
    """Return the requirement raised where an emergency's intervals fell below the floor, and
    how many were raised.

    An emergency can move service far from the plan (half the agents absent), so a step of an
    agent or two would take many iterations: each short interval is raised at once to the
    Erlang staffing for the floor at the simulated offered load, divided by the share of the
    plan's agents the emergency left on duty there (`present`, per interval and skill), and
    by at least one agent.
    """
    scenario = emergency.scenario
    seconds = scenario.horizon.interval_seconds
    short = windows[windows["counted"] & ~windows["meets"]]
    table = needs.set_index(["interval_start", "skill"])["agents"].astype(float).copy()
    wanted: dict[tuple[pd.Timestamp, str], float] = {}
    for row in windows[windows["counted"]].itertuples():
        queue = scenario.queues[str(row.queue)]
        channel = scenario.channels[queue.channel]
        if not channel.kind.live:
            continue
        patience = queue.patience.mean_seconds if queue.patience is not None else None
        servers = required_agents(
            row.offered / (replications * seconds),
            queue.handle_time.mean_seconds,
            queue.sla.within_seconds,
            emergency.floor,
            patience=patience,
        )
        key = (row.interval_start, queue.skill)
        wanted[key] = wanted.get(key, 0.0) + float(np.ceil(servers / channel.concurrency))
    raised = 0
    skill_of = {name: queue.skill for name, queue in scenario.queues.items()}
    pairs = zip(short["interval_start"], short["queue"], strict=True)
    for key in {(t, skill_of[str(q)]) for t, q in pairs}:
        current = float(table.get(key, 0.0))
        share = float(np.clip(present.get(key, 1.0), 0.05, 1.0))
        table.loc[key] = max(current + 1.0, float(np.ceil(wanted.get(key, 0.0) / share)))
        raised += 1
    return table.rename("agents").reset_index(), raised


def present_share(
    scenario: Scenario, base_occupancy: pd.DataFrame, hit_occupancy: pd.DataFrame
) -> pd.Series:
    """Return per interval and skill the share of the plan's agent time on duty under the
    emergency (its simulation's duty time over the base simulation's, groups with the skill)."""
    skills_of = {name: set(group.skills) for name, group in scenario.agent_groups.items()}
    base = base_occupancy.groupby(["interval_start", "group"])["duty_seconds"].sum()
    hit = hit_occupancy.groupby(["interval_start", "group"])["duty_seconds"].sum()
    shares = {}
    for skill in scenario.skills:
        groups = [g for g, skills in skills_of.items() if skill in skills]
        mine = base.index.get_level_values("group").isin(groups)
        planned = base[mine].groupby(level="interval_start").sum()
        kept = (
            hit[hit.index.get_level_values("group").isin(groups)]
            .groupby(level="interval_start")
            .sum()
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = (kept.reindex(planned.index).fillna(0.0) / planned).where(planned > 0, 1.0)
        for start, value in ratio.items():
            shares[(start, skill)] = float(value)
    return pd.Series(shares, dtype=float)
