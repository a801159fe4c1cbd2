"""The contacts of one replication, held column-wise, and what became of them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Outcome(IntEnum):
    """How a contact's wait ended."""

    unserved = 0  # still waiting when the simulation ran out of agents and time
    answered = 1
    abandoned = 2


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
