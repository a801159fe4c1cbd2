"""Customers, tiers and bots, applied to the drawn contacts before the run (like outages).

Each contact that reaches the centre is a new customer, of a tier drawn by its queue's
shares. A bot in front of a queue then contains a share of them (resolved by the bot; they
never reach an agent) and hands the rest on after its handling time: they arrive at the
hand-off queue that much later, with the agent's work scaled by the hand-off's multiplier
(a hand-off to another queue brings that queue's handle time and patience). The customer's
journey starts when the contact first arrived, so the bot's time counts in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from scenarios import Scenario
from sim.contacts import Contacts
from sim.durations import draw
from sim.streams import Purpose, stream


class Bot(IntEnum):
    """What a bot did with a customer's first contact."""

    none = 0
    contained = 1
    handed_off = 2


@dataclass(frozen=True)
class Customers:
    """Every customer of a replication: where and when the journey began, tier, bot's part."""

    queue: np.ndarray  # the queue first contacted (the bot's queue, for the bot's customers)
    tier: np.ndarray  # index of the tier within that queue
    start: np.ndarray  # seconds from the horizon's start
    bot: np.ndarray  # Bot codes
    bot_seconds: np.ndarray  # the bot's handling time (0 without a bot)

    def __len__(self) -> int:
        return len(self.queue)


def deflect(
    scenario: Scenario, contacts: Contacts, seed: int, replication: int
) -> tuple[Contacts, Customers]:
    """Return the contacts that reach a queue (with tier and customer), and every customer."""
    names = list(scenario.queues)
    n = len(contacts)
    tier = np.zeros(n, np.int64)
    bot = np.zeros(n, np.int8)
    bot_seconds = np.zeros(n)
    arrival = contacts.arrival.copy()
    queue = contacts.queue.copy()
    handle = contacts.handle_seconds.copy()
    patience = contacts.patience_seconds.copy()
    for index, (name, spec) in enumerate(scenario.queues.items()):
        rows = np.flatnonzero(contacts.queue == index)
        if spec.tiers is None and spec.bot is None:
            continue
        rng = stream(seed, replication, Purpose.deflection, name)
        if spec.tiers is not None:
            bounds = np.cumsum([t.share for t in spec.tiers.values()])
            u = rng.uniform(size=len(rows))
            tier[rows] = np.minimum(np.searchsorted(bounds, u, side="right"), len(bounds) - 1)
        if spec.bot is None:
            continue
        contained = rng.uniform(size=len(rows)) < spec.bot.containment
        seconds = draw(spec.bot.handling_time, rng, len(rows))
        bot[rows] = np.where(contained, Bot.contained, Bot.handed_off)
        bot_seconds[rows] = seconds
        handed = rows[~contained]
        arrival[handed] += seconds[~contained]
        target = names.index(spec.bot.handoff_to or name)
        if target != index:
            # the agent handles the hand-off as a contact of its new queue
            queue[handed] = target
            other = scenario.queues[names[target]]
            handle[handed] = draw(other.handle_time, rng, len(handed))
            patience[handed] = (
                np.inf if other.patience is None else draw(other.patience, rng, len(handed))
            )
        handle[handed] *= spec.bot.handle_time_multiplier
    customers = Customers(contacts.queue.copy(), tier, contacts.arrival.copy(), bot, bot_seconds)
    tier_at = tier.copy()
    moved = np.flatnonzero(queue != contacts.queue)
    if len(moved):
        translate = tier_translation(scenario)
        tier_at[moved] = [translate[contacts.queue[i]][tier[i]][queue[i]] for i in moved.tolist()]
    reaching = bot != Bot.contained
    order = np.argsort(arrival[reaching], kind="stable")
    ids = np.flatnonzero(reaching)[order]
    origin = contacts.origin if contacts.origin is not None else np.zeros(n, np.int8)
    return (
        Contacts(
            arrival[ids],
            queue[ids],
            handle[ids],
            patience[ids],
            origin[ids],
            tier=tier_at[ids],
            customer=ids,
        ),
        customers,
    )


def tier_translation(scenario: Scenario) -> list[list[list[int]]]:
    """Return, per queue, tier and other queue, the tier index a customer has at the other queue.

    Tiers are matched by name (a vip customer stays vip where the other queue has a vip tier);
    a customer whose tier the other queue lacks is served there in its last-served tier.
    """
    queues = list(scenario.queues.values())
    names = [list(q.tiers) if q.tiers is not None else [""] for q in queues]
    last = [
        max(range(len(q.tiers)), key=lambda i, q=q: list(q.tiers.values())[i].priority)
        if q.tiers is not None
        else 0
        for q in queues
    ]
    return [
        [
            [other.index(tier) if tier in other else last[j] for j, other in enumerate(names)]
            for tier in own
        ]
        for own in names
    ]
