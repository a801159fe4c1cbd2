"""Emergencies applied to one replication: failed and re-routed contacts, absent agents, losses.

Outages act on the drawn contacts before the run: a contact arriving at a channel or queue
that is down fails; with the outage's probabilities it retries after a random delay (and may
fail again if the outage still holds), diverts to another queue (with that queue's handle time
and patience), or is lost. A retry or diversion that would arrive while its channel is closed,
or after the horizon, never gets through (it stays counted once, as failed). Absenteeism
removes agents from the staffing before the run: in each interval of the window, the share of
the count (rounded to nearest, halves up); for shifts, that share of the agents logging in
within the window (rounded down, spread evenly over the window). Site
losses act during the run (see `sim.engine.Centre.site_loss`). Overlapping events compose:
outages in turn, surges multiply, absences compound.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from scenarios import Scenario
from scenarios.checks import diversion_targets
from scenarios.events import Absenteeism, Outage
from scenarios.grid import arrival_intervals, window_intervals
from sim.contacts import Contacts, Origin, merge, select
from sim.durations import draw
from sim.streams import Purpose, stream


class Fate(IntEnum):
    """What became of a contact that failed in an outage."""

    lost = 0
    retried = 1
    diverted = 2


@dataclass(frozen=True)
class Failures:
    """Contacts that failed in an outage: when, at which queue, and what they did next."""

    time: np.ndarray
    queue: np.ndarray
    fate: np.ndarray

    @classmethod
    def none(cls) -> Failures:
        """Return an empty record."""
        return cls(np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int8))


def apply_outages(
    scenario: Scenario, contacts: Contacts, seed: int, replication: int
) -> tuple[Contacts, Failures]:
    """Return the contacts that reach a queue, and the record of those that failed."""
    names = list(scenario.queues)
    horizon = scenario.horizon
    reachable = np.array(
        [arrival_intervals(scenario.channels[q.channel], horizon) for q in scenario.queues.values()]
    )
    records: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for number, event in enumerate(scenario.events):
        if not isinstance(event, Outage):
            continue
        start, end = horizon.seconds_from_start(event.start), horizon.seconds_from_start(event.end)
        hit = np.array(
            [
                event.queue == name or (event.queue is None and event.channel == queue.channel)
                for name, queue in scenario.queues.items()
            ]
        )
        targets = diversion_targets(scenario, event) if event.divert else {}
        rng = stream(seed, replication, Purpose.events, f"outage-{number}")
        retry = event.retry.share if event.retry else 0.0
        divert = event.divert.share if event.divert else 0.0
        fresh = contacts
        kept: list[Contacts] = []
        while len(fresh):
            failing = hit[fresh.queue] & (fresh.arrival >= start) & (fresh.arrival < end)
            kept.append(select(fresh, ~failing))
            failed = select(fresh, failing)
            if not len(failed):
                break
            u = rng.uniform(size=len(failed))
            fate = np.where(
                u < retry, Fate.retried, np.where(u < retry + divert, Fate.diverted, Fate.lost)
            )
            records.append((failed.arrival, failed.queue, fate.astype(np.int8)))
            again = select(failed, fate == Fate.retried)
            if len(again):
                delay = draw(event.retry.delay, rng, len(again))
                again = Contacts(
                    again.arrival + delay,
                    again.queue,
                    again.handle_seconds,
                    again.patience_seconds,
                    np.full(len(again), Origin.retry, np.int8),
                )
            moved = _divert(scenario, select(failed, fate == Fate.diverted), targets, rng, names)
            fresh = merge(again, moved)
            # a contact cannot reach a live channel that has closed, or the horizon's end
            k = (fresh.arrival // horizon.interval_seconds).astype(np.int64)
            inside = k < horizon.n_intervals
            inside[inside] = reachable[fresh.queue[inside], k[inside]]
            fresh = select(fresh, inside)  # those never get through: already counted as failed
        contacts = merge(*kept) if kept else contacts
    if not records:
        return contacts, Failures.none()
    time, queue, fate = (np.concatenate(column) for column in zip(*records, strict=True))
    return contacts, Failures(time, queue, fate)


def _divert(
    scenario: Scenario,
    moved: Contacts,
    targets: dict[str, str],
    rng: np.random.Generator,
    names: list[str],
) -> Contacts:
    """Return diverted contacts re-drawn as contacts of their new queue."""
    if not len(moved):
        return moved
    queue = np.array([names.index(targets[names[q]]) for q in moved.queue])
    handle = np.empty(len(moved))
    patience = np.full(len(moved), np.inf)
    for q in np.unique(queue):
        rows = queue == q
        spec = scenario.queues[names[q]]
        handle[rows] = draw(spec.handle_time, rng, int(rows.sum()))
        if spec.patience is not None:
            patience[rows] = draw(spec.patience, rng, int(rows.sum()))
    return Contacts(
        moved.arrival, queue, handle, patience, np.full(len(moved), Origin.diverted, np.int8)
    )


def absent_counts(scenario: Scenario, counts: np.ndarray) -> np.ndarray:
    """Return count staffing (intervals x groups, in the scenario's order of groups) less the
    agents absent in each absenteeism window."""
    counts = np.array(counts, dtype=np.int64)
    groups = list(scenario.agent_groups)
    for event in scenario.events:
        if isinstance(event, Absenteeism):
            inside = window_intervals(event.start, event.end, scenario.horizon)
            group = counts[inside, groups.index(event.group)]
            away = np.floor(group * event.share + 0.5).astype(np.int64)
            counts[inside, groups.index(event.group)] = group - away
    return counts


def present_shifts(scenario: Scenario, shifts: list) -> list:
    """Return the agent shifts less those absent: a share of logins within each window."""
    horizon = scenario.horizon
    for event in scenario.events:
        if not isinstance(event, Absenteeism):
            continue
        start, end = horizon.seconds_from_start(event.start), horizon.seconds_from_start(event.end)
        count = 0
        kept = []
        for shift in shifts:
            if shift.group == event.group and start <= shift.login < end:
                count += 1
                # the i-th login in the window is absent when the running share steps up
                if np.floor(count * event.share + 1e-9) > np.floor(
                    (count - 1) * event.share + 1e-9
                ):
                    continue
            kept.append(shift)
        shifts = kept
    return shifts
