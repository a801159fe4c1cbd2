"""A roster solve's progress: the best roster's penalty and the best bound, told as they improve.

Each method finds rosters and bounds in several places (column generation, diving, the whole
program, the neighbourhood search); they all tell one `Tracker`, which calls the caller's
`Progress` (seconds since the solve began, incumbent penalty, relative gap) only when the
incumbent falls or the bound rises, so a caller sees each improvement once, in time order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from optimise.solver import Progress


@dataclass
class Tracker:
    """The best penalty and bound seen so far, and the callback to tell of improvements."""

    progress: Progress | None = None
    started: float = field(default_factory=time.monotonic)
    incumbent: float | None = None
    bound: float | None = None

    def note(self, incumbent: float | None = None, bound: float | None = None) -> None:
        """Record a roster's penalty and/or a proven bound; report when either improves."""
        better = incumbent is not None and (self.incumbent is None or incumbent < self.incumbent)
        if better:
            self.incumbent = incumbent
        raised = bound is not None and (self.bound is None or bound > self.bound)
        if raised:
            self.bound = bound
        if better or raised:
            self._tell()

    def final(self, incumbent: float, bound: float | None) -> None:
        """Record the roster returned and its bound, reported unless just reported: the last
        report is always the roster the solve returns."""
        if incumbent != self.incumbent or bound != self.bound:
            self.incumbent, self.bound = incumbent, bound
            self._tell()

    def seconds(self) -> float:
        """Return the seconds since the solve began."""
        return time.monotonic() - self.started

    def gap(self) -> float | None:
        """Return the relative gap between the incumbent and the bound (None until both)."""
        if self.incumbent is None or self.bound is None:
            return None
        return max(0.0, self.incumbent - self.bound) / max(abs(self.incumbent), 1e-9)

    def solver_progress(self) -> Progress:
        """Return a `Progress` for a solve of the whole program, whose objective is the
        penalty: its incumbents are noted (its bound too, read back from its gap)."""

        def tell(seconds: float, best: float | None, gap: float | None) -> None:
            bound = None
            if best is not None and gap is not None:
                bound = best - gap * max(abs(best), 1e-9)
            self.note(best, bound)

        return tell

    def _tell(self) -> None:
        if self.progress is not None:
            self.progress(self.seconds(), self.incumbent, self.gap())
