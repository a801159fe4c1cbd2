"""The load the customer's journey puts on each queue, for the formulas.

The engine's journey (sim/deflection.py, sim/followups.py), taken in expectation:

- a bot in front of a queue keeps `containment` of its arrivals; the rest reach the hand-off
  queue after the bot's handling time, with the agent's handle time scaled by the hand-off's
  multiplier;
- of the contacts an agent finishes, the escalation share goes on to its tier-2 queue (after
  its delay), and of those neither resolved nor escalated the repeat share comes back after
  its delay; customers who abandon retry with the queue's retry share and delay.

Contacts begetting contacts are summed to their fixed point, V = V0 + P(V): the loops die out
(the scenario loader refuses any that would not), so the sum converges. Contacts an agent
finishes are those offered less the abandoned, at the abandonment the formulas expect;
resolution by agent group is read at the queue's own first-contact share. Contacts that would
come back after the horizon are left out, as in the engine.

A live channel takes no contacts while closed. As in the engine, an escalation, repeat or
retry that would arrive then comes at the next opening instead (left out when none is left
in the horizon); a bot's hand-off that would reach a closed queue is left out of the load:
nobody is there to answer it, and no plan could staff it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimise.queueing.durations import landing_shares
from scenarios import Scenario
from scenarios.durations import Duration
from scenarios.grid import arrival_intervals

_ROUNDS = 500
_NEGLIGIBLE = 1e-9  # contacts


@dataclass(frozen=True)
class JourneyLoad:
    """Contacts reaching agents per interval and queue, and the mean handle-time multiplier
    of those contacts (1: the queue's own handle time)."""

    volumes: pd.DataFrame
    handle_factor: pd.DataFrame


def has_journeys(scenario: Scenario) -> bool:
    """Return whether any queue has a bot, escalation, repeat or retry."""
    return any(
        q.bot is not None or q.escalation is not None or q.repeat is not None or q.retry is not None
        for q in scenario.queues.values()
    )


def journey_load(
    scenario: Scenario, arriving: pd.DataFrame, abandon: pd.DataFrame | None = None
) -> JourneyLoad:
    """Return the contacts reaching agents once bots, escalations, repeats and retries have
    acted on the contacts `arriving` (intervals x queues), at the `abandon` rates given."""
    names = list(scenario.queues)
    index = {name: k for k, name in enumerate(names)}
    n = len(arriving)
    seconds = scenario.horizon.interval_seconds
    arrived = arriving[names].to_numpy(dtype=float)
    lost = np.zeros_like(arrived) if abandon is None else abandon[names].to_numpy(dtype=float)
    reachable = np.column_stack(
        [
            arrival_intervals(scenario.channels[queue.channel], scenario.horizon)
            for queue in scenario.queues.values()
        ]
    )
    landing = [next_opening(reachable[:, q]) for q in range(len(names))]
    direct = arrived.copy()
    handed = np.zeros_like(arrived)  # reaching a queue from a bot, at its multiplier
    scaled = np.zeros_like(arrived)  # the same, times the multiplier
    for name, queue in scenario.queues.items():
        if queue.bot is None:
            continue
        q, to = index[name], index[queue.bot.handoff_to or name]
        direct[:, q] -= arrived[:, q]
        passed = _later(
            arrived[:, q] * (1.0 - queue.bot.containment), queue.bot.handling_time, seconds, n
        )
        passed = np.where(reachable[:, to], passed, 0.0)
        handed[:, to] += passed
        scaled[:, to] += passed * queue.bot.handle_time_multiplier
    first = direct + handed
    total = first.copy()
    wave = first
    for _ in range(_ROUNDS):
        wave = _next_contacts(scenario, index, wave, lost, landing, seconds)
        total += wave
        if wave.sum() < _NEGLIGIBLE:
            break
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(total > 0, (total - handed + scaled) / total, 1.0)
    frame = dict(index=arriving.index, columns=names)
    return JourneyLoad(pd.DataFrame(total, **frame), pd.DataFrame(factor, **frame))


def _next_contacts(
    scenario: Scenario,
    index: dict[str, int],
    reached: np.ndarray,
    lost: np.ndarray,
    landing: list[np.ndarray],
    seconds: float,
) -> np.ndarray:
    """Return the contacts that the contacts `reached` create: escalations, repeats, retries,
    each in the interval it arrives in (`landing`: per queue, see `next_opening`)."""
    created = np.zeros_like(reached)
    n = len(reached)

    def send(volume: np.ndarray, delay: Duration | None, to: int) -> None:
        later = _later(volume, delay, seconds, n)
        created[:, to] += np.bincount(landing[to], weights=later, minlength=n + 1)[:n]

    for name, queue in scenario.queues.items():
        q = index[name]
        finished = reached[:, q] * (1.0 - lost[:, q])
        escalated = queue.escalation.share if queue.escalation is not None else 0.0
        if queue.escalation is not None:
            send(finished * escalated, queue.escalation.delay, index[queue.escalation.to])
        if queue.repeat is not None:
            resolved = queue.resolution.first_contact if queue.resolution is not None else 1.0
            unresolved = max(1.0 - resolved - escalated, 0.0)
            send(
                finished * unresolved * queue.repeat.share,
                queue.repeat.delay,
                index[queue.repeat.to or name],
            )
        if queue.retry is not None:
            send(reached[:, q] * lost[:, q] * queue.retry.share, queue.retry.delay, q)
    return created


def next_opening(reachable: np.ndarray) -> np.ndarray:
    """Return per interval the interval a contact arriving in it comes in: itself where the
    queue takes contacts, else the next that does (len(reachable): none is left)."""
    n = len(reachable)
    opens = np.flatnonzero(reachable)
    following = np.searchsorted(opens, np.arange(n))  # the first opening at or after each
    return np.append(opens, n)[following]


def _later(volume: np.ndarray, delay: Duration | None, seconds: float, n: int) -> np.ndarray:
    """Return contacts moved on by a random delay (None: at once), those past the end left out."""
    if delay is None or not volume.any():
        return volume
    return np.convolve(volume, landing_shares(delay, seconds, n))[:n]
