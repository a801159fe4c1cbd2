"""Random streams: one seed -> independent generators per replication, purpose and queue."""

from __future__ import annotations

import zlib
from enum import IntEnum

import numpy as np


class Purpose(IntEnum):
    """What a stream's draws are used for; part of every stream's identity."""

    arrivals = 0
    handle_time = 1
    patience = 2
    events = 3
    emergencies = 4  # which random emergencies a stress-test run draws
    deflection = 5  # tiers and bots, applied to the drawn contacts before the run
    followups = 6  # what finished and abandoned contacts lead to during the run
    levers = 7  # which contacts a contingency diversion moves


def stream(seed: int, replication: int, purpose: Purpose, name: str) -> np.random.Generator:
    """Return the generator for one replication, purpose and named queue (or group).

    The stream's identity is a spawn key built from the replication number, the purpose and a
    checksum of the name, so adding a queue leaves every other queue's draws unchanged and two
    plans simulated with one seed see the same contacts (common random numbers).
    """
    key = (replication, int(purpose), zlib.crc32(name.encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))
