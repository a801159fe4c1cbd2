"""Shift patterns: every start, length and break placement the shift rules allow."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from scenarios.calendar import MINUTES_PER_DAY, format_clock
from scenarios.shift_rules import ShiftType


@dataclass(frozen=True)
class Pattern:
    """One way to work a shift: type, start, breaks (minutes after midnight) and paid time."""

    shift_type: str
    start: int
    length: int
    breaks: tuple[tuple[int, int], ...]  # (start, minutes); starts may pass midnight
    paid_minutes: int

    def cover(self, step: int) -> np.ndarray:
        """Return 1 for each interval from midnight in which the agent is on duty throughout,
        else 0.

        An interval a break touches counts as off duty, however short the break: counting it
        as on duty would promise cover the agent does not give (a 15-minute break in a
        30-minute interval leaves half an agent), so a plan errs on the side of its customers.
        """
        first, last = self.start // step, (self.start + self.length) // step
        on = np.zeros(last, dtype=np.int8)
        on[first:last] = 1
        for start, minutes in self.breaks:
            on[start // step : -(-(start + minutes) // step)] = 0  # break end rounded up
        return on

    @property
    def end(self) -> int:
        """Return the end in minutes after midnight (past 1,440 for a shift into the night)."""
        return self.start + self.length

    def describe_breaks(self) -> str:
        """Return the breaks as written in a shifts CSV: "12:00+30 15:00+15"."""
        return " ".join(f"{format_clock(s % MINUTES_PER_DAY)}+{m}" for s, m in self.breaks)


def _placements(kind: ShiftType, start: int, step: int) -> list[tuple[tuple[int, int], ...]]:
    options = [
        [
            (start + at, rule.minutes)
            for at in range(
                rule.start_after_minutes, rule.end_before_minutes - rule.minutes + 1, step
            )
        ]
        for rule in kind.breaks
    ]
    placements = []
    for combo in itertools.product(*options):
        ordered = sorted(combo)
        if all(a + m <= b for (a, m), (b, _) in itertools.pairwise(ordered)):
            placements.append(tuple(ordered))
    return placements


def shift_patterns(types: dict[str, ShiftType], step: int) -> list[Pattern]:
    """Return every pattern of the given shift types on a grid of `step` minutes."""
    patterns = []
    for name, kind in types.items():
        for start in kind.start_minutes():
            if start % step or kind.length_minutes % step:
                raise ValueError(
                    f"shift type {name}: starts and lengths must fall on the {step}-minute grid"
                )
            for breaks in _placements(kind, start, step):
                patterns.append(
                    Pattern(name, start, kind.length_minutes, breaks, kind.paid_minutes)
                )
    return patterns
