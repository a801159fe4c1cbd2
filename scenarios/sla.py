"""A service target: a share of contacts answered within a time, at most a share abandoned."""

from __future__ import annotations

from pydantic import model_validator

from scenarios.base import Frozen, Hours, Share, TargetSeconds


class Sla(Frozen):
    """A service target: a share of contacts answered within a time, at most a share abandoned.

    Give the time in seconds (live channels) or hours (deferred work), not both.
    """

    answer_within_seconds: TargetSeconds | None = None
    answer_within_hours: Hours | None = None
    target: Share
    max_abandon: Share | None = None

    @model_validator(mode="after")
    def _one_time(self) -> Sla:
        if (self.answer_within_seconds is None) == (self.answer_within_hours is None):
            raise ValueError("give one of answer_within_seconds or answer_within_hours")
        return self

    @property
    def within_seconds(self) -> float:
        """Return the target time in seconds."""
        if self.answer_within_hours is not None:
            return 3600.0 * self.answer_within_hours
        return float(self.answer_within_seconds or 0.0)  # one of the two is given
