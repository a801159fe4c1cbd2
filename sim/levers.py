"""Contingency levers in a replication: extra agents (overtime, a reserve called in) as thin
SimPy processes of the centre, and diversions and paused deferred work applied before the run.

A staffing lever fires once per run: at the start of its planned window, at the start of the
run's first event (`emergency: true`), or at the first interval boundary where the watched
queue's service level over the last `over_minutes` is below `service_below` (contacts that
arrived at least the target time ago: answered within it, or not). Its agents arrive after the
lead time and stay for `hours` (a window or an emergency: until its end, at most `hours`).
With count staffing they are added to the group's count (`Centre.extra`); with shifts they log in as
agents of their own. Diversions draw one uniform per contact of the queue from their own
stream (`Purpose.levers`), so two lever settings see the same customers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from scenarios import Scenario, expected_volumes
from scenarios.contingency import Diversion, Trigger, lever_targets, overtime_multiplier
from sim.callbacks import CallbackRule, callback_rules
from sim.contacts import Contacts, Origin
from sim.layout import DEFERRED, CentreLayout
from sim.streams import Purpose, stream
from sim.watch import Watch, watched_service

if TYPE_CHECKING:
    import pandas as pd

    from sim.engine import Centre

Process = Generator[simpy.Event, Any, None]
LEVER_COLUMNS = [
    "lever",
    "group",
    "fired_at",
    "start",
    "end",
    "agents",
    "agent_hours",
    "moved",
    "cost",
    "offered",
    "accepted",
    "within_promise",
]
COUNTS = ["offered", "accepted", "within_promise"]  # call-backs; 0 for the other levers


@dataclass(frozen=True)
class Call:
    """A staffing lever laid out for the engine: which agents, when, for how long, at what cost."""

    lever: str
    group: int
    agents: int
    lead_seconds: float
    stay_seconds: float
    fire_at: float | None  # known before the run (window, emergency); None: watched
    until: float | None  # a planned window's end
    watch: Watch | None
    hourly: float
    callout: float


def _windows(scenario: Scenario, trigger: Trigger) -> list[tuple[float, float]]:
    """Return the spans (seconds from the start) a pre-run trigger holds over."""
    horizon = scenario.horizon
    if trigger.window is not None:
        spans = [(trigger.window.start, trigger.window.end)]
    elif trigger.emergency:
        spans = [(event.start, event.end) for event in scenario.events]
    else:
        return []
    return sorted((horizon.seconds_from_start(a), horizon.seconds_from_start(b)) for a, b in spans)


def _call(
    scenario: Scenario,
    lever: str,
    group: str,
    agents: int,
    trigger: Trigger,
    lead: float,
    hours: float,
    hourly: float,
    callout: float,
) -> Call | None:
    """Return a staffing lever laid out, or None when its trigger never holds in this run."""
    windows = _windows(scenario, trigger)
    watch = _watch(scenario, trigger)
    if watch is None and not windows:
        return None
    return Call(
        lever=lever,
        group=list(scenario.agent_groups).index(group),
        agents=agents,
        lead_seconds=lead,
        stay_seconds=3600.0 * hours,
        fire_at=windows[0][0] if windows else None,
        until=windows[0][1] if windows else None,  # planned or emergency: its span's end
        watch=watch,
        hourly=hourly,
        callout=callout,
    )


def _watch(scenario: Scenario, trigger: Trigger) -> Watch | None:
    """Return the service level a live trigger watches (None for a planned trigger)."""
    if not trigger.live:
        return None
    assert trigger.queue is not None and trigger.service_below is not None  # validated
    return Watch(
        list(scenario.queues).index(trigger.queue),
        trigger.service_below,
        60.0 * trigger.over_minutes,
        scenario.queues[trigger.queue].sla.within_seconds,
    )


def run_levers(scenario: Scenario, seed: int, replication: int) -> tuple:
    """Return the levers that act during the run: staffing calls, then call-back rules."""
    levers = scenario.contingency
    if levers is None:
        return ()
    rules: tuple[CallbackRule, ...] = ()
    if levers.callback is not None:
        trigger = levers.callback.trigger
        spans = tuple(_windows(scenario, trigger)) if trigger is not None else ()
        watch = _watch(scenario, trigger) if trigger is not None else None
        if trigger is None or watch is not None or spans:
            rules = callback_rules(scenario, seed, replication, spans, watch)
    return staffing_calls(scenario) + rules


def staffing_calls(scenario: Scenario) -> tuple[Call, ...]:
    """Return the scenario's overtime and reserve levers as the engine runs them."""
    levers = scenario.contingency
    if levers is None:
        return ()
    multiplier = overtime_multiplier(scenario)
    calls = [
        _call(
            scenario,
            f"overtime:{group}",
            group,
            ot.agents,
            ot.trigger,
            0.0,
            ot.hours,
            scenario.agent_groups[group].cost_per_hour * multiplier,
            0.0,
        )
        for group, ot in levers.overtime.items()
    ]
    if levers.reserve is not None:
        r = levers.reserve
        calls.append(
            _call(
                scenario,
                "reserve",
                r.group,
                r.agents,
                r.trigger,
                60.0 * r.lead_minutes,
                r.hours,
                r.cost_per_hour,
                r.callout_cost,
            )
        )
    return tuple(call for call in calls if call is not None)


def with_levers(
    scenario: Scenario, contacts: Contacts, layout: CentreLayout, seed: int, replication: int
) -> tuple[Contacts, CentreLayout, list[dict]]:
    """Return the contacts after diversions, the layout with paused deferred work and the
    staffing levers, and one usage row per diversion and pause."""
    levers = scenario.contingency
    assert levers is not None
    rows: list[dict] = []
    queues = list(scenario.queues)
    for index, diversion in enumerate(levers.diversions):
        source = queues.index(diversion.queue)
        spans = _windows(scenario, diversion.trigger)
        mine = np.flatnonzero(contacts.queue == source)
        # one draw per contact of the queue, in or out of the window: the same customers
        # are diverted whatever the window
        u = stream(seed, replication, Purpose.levers, f"divert:{index}").random(len(mine))
        arrival = contacts.arrival[mine]
        inside = np.zeros(len(mine), dtype=bool)
        for start, end in spans:
            inside |= (arrival >= start) & (arrival < end)
        moved = mine[inside & (u < diversion.share)]
        targets = lever_targets(scenario, diversion)
        chosen = _spread(scenario, targets, len(moved), seed, replication, index)
        for t, target in enumerate(targets):
            contacts = _divert(scenario, contacts, moved[chosen == t], source, queues.index(target))
        row = _row(diversion_name(diversion), "", spans, moved=len(moved))
        rows.append({**row, "cost": len(moved) * diversion.cost})
    if levers.pause_deferred is not None and layout.worked is not None:
        spans = _windows(scenario, levers.pause_deferred.trigger)
        worked = layout.worked.copy()
        step = layout.interval_seconds
        for start, end in spans:
            first, last = int(start // step), int(np.ceil(end / step))
            for name in levers.pause_deferred.queues:
                if layout.kind[queues.index(name)] == DEFERRED:
                    worked[queues.index(name), first:last] = False
        layout = dataclasses.replace(layout, worked=worked)
        rows.append(_row("pause_deferred", "", spans))
    layout = dataclasses.replace(layout, levers=run_levers(scenario, seed, replication))
    return contacts, layout, rows


def diversion_name(diversion: Diversion) -> str:
    """Return a diversion's name in the usage table: divert:QUEUE>TO (a queue or channel), with
    bot: before it when the contacts go through the target's bot."""
    to = diversion.to if diversion.to is not None else diversion.to_channel
    return f"divert:{diversion.queue}>{'bot:' if diversion.to_bot else ''}{to}"


def _spread(
    scenario: Scenario, targets: tuple[str, ...], n: int, seed: int, replication: int, index: int
) -> np.ndarray:
    """Return, per moved contact, the index of the target queue it goes to: in proportion to
    the targets' expected volumes over the horizon (equal shares when none is expected)."""
    if len(targets) == 1:
        return np.zeros(n, dtype=np.int64)
    volumes = expected_volumes(scenario)[list(targets)].sum().to_numpy(dtype=float)
    weights = volumes if volumes.sum() > 0 else np.ones(len(targets))
    bounds = np.cumsum(weights) / weights.sum()
    u = stream(seed, replication, Purpose.levers, f"divert:{index}:to").random(n)
    return np.minimum(np.searchsorted(bounds, u, side="right"), len(targets) - 1)


def _row(lever: str, group: str, spans: list[tuple[float, float]], moved: int = 0) -> dict:
    start = spans[0][0] if spans else np.nan
    return dict(
        lever=lever,
        group=group,
        fired_at=start,
        start=start,
        end=spans[-1][1] if spans else np.nan,
        agents=0,
        agent_hours=0.0,
        moved=moved,
        cost=0.0,
    )


def _divert(
    scenario: Scenario, contacts: Contacts, moved: np.ndarray, source: int, target: int
) -> Contacts:
    """Return the contacts with `moved` sent to queue `target`: work scaled to its mean handle
    time, patience kept on a live queue and none on deferred work."""
    if not len(moved):
        return contacts
    specs = list(scenario.queues.values())
    queue = contacts.queue.copy()
    queue[moved] = target
    handle = contacts.handle_seconds.copy()
    scale = specs[target].handle_time.mean_seconds / specs[source].handle_time.mean_seconds
    handle[moved] *= scale
    patience = contacts.patience_seconds.copy()
    if not scenario.channels[specs[target].channel].kind.live:
        patience[moved] = np.inf
    origin = (
        contacts.origin.copy()
        if contacts.origin is not None
        else np.full(len(contacts), Origin.fresh, dtype=np.int8)
    )
    origin[moved] = Origin.diverted
    return dataclasses.replace(
        contacts, queue=queue, handle_seconds=handle, patience_seconds=patience, origin=origin
    )


# --- the engine's half ---------------------------------------------------------------------


def start_levers(env: simpy.Environment, centre: Centre, calls: tuple[Call, ...]) -> list[dict]:
    """Start one process per staffing lever; return the usage rows they fill in as they act."""
    rows: list[dict] = []
    for call in calls:
        if isinstance(call, Call):
            env.process(_run_call(centre, call, rows))
    return rows


def _fires(centre: Centre, call: Call) -> Process:
    """Process: wait until the lever's trigger fires."""
    env = centre.env
    if call.watch is None:
        assert call.fire_at is not None
        yield env.timeout(max(call.fire_at - env.now, 0.0))
        return
    step = centre.layout.interval_seconds
    end = centre.layout.intervals * step
    while env.now + step <= end:
        yield env.timeout(step - env.now % step)
        if watched_service(centre, call.watch) < call.watch.level:
            return
    yield env.timeout(end - env.now + 1.0)  # never fired: past the horizon


def _target(centre: Centre, group: int) -> int:
    layout = centre.layout
    assert layout.staffing is not None
    k = min(int(centre.env.now // layout.interval_seconds), layout.intervals - 1)
    return int(layout.staffing[group, k]) + centre.extra[group]


def _run_call(centre: Centre, call: Call, rows: list[dict]) -> Process:
    """Process: when the trigger fires, bring the lever's agents after the lead time, keep them
    for their stay (cut at the horizon's end), then let them go; record what it cost."""
    env, layout = centre.env, centre.layout
    horizon_end = layout.intervals * layout.interval_seconds
    yield from _fires(centre, call)
    fired = env.now
    if fired >= horizon_end:
        return
    start = fired + call.lead_seconds
    stay = call.stay_seconds
    if call.until is not None:
        stay = min(stay, call.until - start)
    end = min(start + stay, horizon_end)
    if end <= start:
        return
    yield env.timeout(start - env.now)
    counted = layout.staffing is not None
    agents = []
    if counted:
        centre.extra[call.group] += call.agents
        centre._staff(call.group, _target(centre, call.group))
    else:
        agents = [centre._login(call.group) for _ in range(call.agents)]
    yield env.timeout(end - env.now)
    if counted:
        centre.extra[call.group] -= call.agents
        centre._staff(call.group, _target(centre, call.group))
    else:
        for agent in agents:
            centre._log_out(agent)
    hours = call.agents * (end - start) / 3600.0
    rows.append(
        dict(
            lever=call.lever,
            group=call.group,
            fired_at=fired,
            start=start,
            end=end,
            agents=call.agents,
            agent_hours=hours,
            moved=0,
            cost=call.agents * call.callout + hours * call.hourly,
        )
    )


def lever_table(scenario: Scenario, rows: list[dict], replication: int) -> pd.DataFrame:
    """Return the usage rows of one replication as a table: times as UTC-free timestamps."""
    import pandas as pd  # here: only scenarios with contingency levers build this table

    table = pd.DataFrame(rows, columns=LEVER_COLUMNS)
    table[COUNTS] = table[COUNTS].fillna(0).astype(np.int64)
    groups = list(scenario.agent_groups)
    table["group"] = [groups[g] if isinstance(g, (int, np.integer)) else g for g in table["group"]]
    start = pd.Timestamp(scenario.horizon.start)
    for column in ("fired_at", "start", "end"):
        table[column] = start + pd.to_timedelta(table[column].astype(float), unit="s")
    table.insert(0, "replication", replication)
    return table


def lever_summary(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Return per lever the mean over replications of the share of runs it acted in, agent
    hours, contacts moved and cost, and (call-backs) of the call-backs offered, accepted and
    made within the promise, with the share made within it over all replications."""
    runs = max(int(table["replication"].nunique()), 1)
    summary = {}
    for lever, rows in table.groupby("lever", sort=False):
        summary[str(lever)] = {
            "used_share": float(((rows["agent_hours"] > 0) | (rows["moved"] > 0)).sum() / runs),
            "mean_agent_hours": float(rows["agent_hours"].sum() / runs),
            "mean_moved": float(rows["moved"].sum() / runs),
            "mean_cost": float(rows["cost"].sum() / runs),
        }
        if str(lever).startswith("callback:"):
            for column in COUNTS:
                summary[str(lever)][f"mean_{column}"] = float(rows[column].sum() / runs)
            accepted = int(rows["accepted"].sum())
            # pooled over the replications, to be read against the call-back's target
            summary[str(lever)]["within_promise_share"] = (
                float(rows["within_promise"].sum() / accepted) if accepted else float("nan")
            )
    return summary
