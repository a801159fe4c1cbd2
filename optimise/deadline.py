"""The moment by which a command must be done: one clock for model building, solving and writing.

Kept apart from the solver (and PuLP) so that a command can start its clock before it imports
anything heavy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

_READ_BACK = 1.0  # a solver's own limit ends this long (or 10% of the time) before the deadline


@dataclass(frozen=True)
class Deadline:
    """A moment on the monotonic clock by which a whole command must be done."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """Return the deadline `seconds` from now; make it when the command starts."""
        return cls(time.monotonic() + max(seconds, 0.0))

    def remaining(self) -> float:
        """Return the seconds left, never negative."""
        return max(self.at - time.monotonic(), 0.0)

    @property
    def expired(self) -> bool:
        """Return whether no time is left."""
        return self.remaining() <= 0.0

    def solver_seconds(self) -> float:
        """Return the limit to give a solver now: the time left less time to read a plan back."""
        left = self.remaining()
        return max(left - min(_READ_BACK, 0.1 * left), 0.0)
