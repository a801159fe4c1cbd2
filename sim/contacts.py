"""The contacts of one replication, held column-wise, and what became of them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Origin(IntEnum):
    """Why a contact arrived: a fresh one, a retry after an outage, a diversion, or a step of
    a customer's journey (an escalation, a repeat of the unresolved, a retry after abandoning)."""

    fresh = 0
    retry = 1
    diverted = 2
    escalated = 3
    repeated = 4
    recalled = 5


class Outcome(IntEnum):
    """How a contact's wait ended."""

    unserved = 0  # still waiting when the simulation ran out of agents and time
    answered = 1
    abandoned = 2
    dropped = 3  # answered, then cut off when the agent's site was lost


@dataclass(frozen=True)
class Contacts:
    """Every contact of a replication in arrival order: when, which queue, how long, how patient.

    `handle_seconds` is the work at standard proficiency (an agent's multiplier applies);
    `patience_seconds` is infinite for queues whose customers never abandon.
    """

    arrival: np.ndarray
    queue: np.ndarray
    handle_seconds: np.ndarray
    patience_seconds: np.ndarray
    origin: np.ndarray | None = None  # Origin codes; None: all fresh
    tier: np.ndarray | None = None  # index of the tier within its queue; None: all tier 0
    customer: np.ndarray | None = None  # the customer each contact belongs to; None: its own

    def __len__(self) -> int:
        return len(self.arrival)

    @classmethod
    def from_lists(
        cls,
        arrival: list[float],
        queue: list[int],
        handle_seconds: list[float],
        patience_seconds: list[float] | None = None,
    ) -> Contacts:
        """Return contacts given explicitly (sorted by arrival), e.g. for a worked example."""
        order = np.argsort(np.asarray(arrival, dtype=float), kind="stable")
        patience = np.full(len(arrival), np.inf) if patience_seconds is None else patience_seconds
        return cls(
            arrival=np.asarray(arrival, dtype=float)[order],
            queue=np.asarray(queue, dtype=np.int64)[order],
            handle_seconds=np.asarray(handle_seconds, dtype=float)[order],
            patience_seconds=np.asarray(patience, dtype=float)[order],
        )


@dataclass(frozen=True)
class Outcomes:
    """What happened to each contact (same order as Contacts)."""

    outcome: np.ndarray  # Outcome codes
    wait_seconds: np.ndarray  # until answered, or until abandoning
    group: np.ndarray  # index of the answering group, -1 if none
    response_seconds: np.ndarray  # from arrival until the work was finished (nan if never)


def merge(*parts: Contacts) -> Contacts:
    """Return the contacts of several parts as one, in arrival order."""
    columns = {
        "arrival": np.concatenate([p.arrival for p in parts]),
        "queue": np.concatenate([p.queue for p in parts]),
        "handle_seconds": np.concatenate([p.handle_seconds for p in parts]),
        "patience_seconds": np.concatenate([p.patience_seconds for p in parts]),
        "origin": np.concatenate(
            [p.origin if p.origin is not None else np.zeros(len(p), np.int8) for p in parts]
        ).astype(np.int8),
    }
    order = np.argsort(columns["arrival"], kind="stable")
    return Contacts(**{name: column[order] for name, column in columns.items()})


def select(contacts: Contacts, mask: np.ndarray) -> Contacts:
    """Return the contacts where mask holds."""
    origin = contacts.origin if contacts.origin is not None else np.zeros(len(contacts), np.int8)
    return Contacts(
        contacts.arrival[mask],
        contacts.queue[mask],
        contacts.handle_seconds[mask],
        contacts.patience_seconds[mask],
        origin[mask],
    )
