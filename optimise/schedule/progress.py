"""A plan solve's progress: the best plan's objective and the best bound, told as they improve.

A plan is more than one solve: a plan built before the integer program (cover mode's greedy or
rounded cover, a budget's start plan completed), the relaxation's bound, the integer program's
incumbents and bounds. They all tell one `PlanTracker`, which calls the caller's `Progress`
(seconds since the plan began, incumbent objective, relative gap) only when the incumbent or
the bound improves, and last with the plan returned, so a caller sees the figures in time
order and ends on the plan's own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from optimise.solver import Progress, Solution, Status


@dataclass
class PlanTracker:
    """The best objective and bound seen so far in one plan's solves (minimised or maximised),
    and the callback to tell of improvements."""

    progress: Progress | None
    maximise: bool = False
    started: float = field(default_factory=time.monotonic)
    incumbent: float | None = None
    bound: float | None = None

    def note(self, incumbent: float | None = None, bound: float | None = None) -> None:
        """Record a plan's objective and/or a proven bound; report when either improves."""
        better = incumbent is not None and (
            self.incumbent is None or self._beyond(incumbent, self.incumbent)
        )
        if better:
            self.incumbent = incumbent
        tighter = bound is not None and (self.bound is None or self._beyond(self.bound, bound))
        if tighter:
            self.bound = bound
        if better or tighter:
            self._tell(self.incumbent, self.gap())

    def note_relaxation(self, relaxed: Solution) -> None:
        """Record the optimum of a relaxation as a bound (a relaxation cut short proves none)."""
        if relaxed.status is Status.optimal:
            self.note(bound=relaxed.objective)

    def final(self, solution: Solution) -> None:
        """Report the plan returned: the last report is always its objective and gap."""
        self.incumbent, self.bound = solution.objective, solution.bound
        self._tell(solution.objective, solution.gap)

    def gap(self) -> float | None:
        """Return the relative gap between the incumbent and the bound (None until both)."""
        if self.incumbent is None or self.bound is None:
            return None
        return max(0.0, abs(self.incumbent - self.bound)) / max(abs(self.incumbent), 1e-9)

    def solver_progress(self) -> Progress | None:
        """Return a `Progress` for the solve of the plan's own integer program (its incumbents
        are plans, its bound bounds the plan), or None when nobody listens."""
        if self.progress is None:
            return None

        def tell(seconds: float, best: float | None, gap: float | None) -> None:
            bound = None
            if best is not None and gap is not None:  # the solver's bound, read back from its gap
                step = gap * max(abs(best), 1e-9)
                bound = best + step if self.maximise else best - step
            self.note(best, bound)

        return tell

    def _beyond(self, value: float, than: float) -> bool:
        """Return whether `value` is a better objective than `than` (higher when maximising)."""
        return value > than if self.maximise else value < than

    def _tell(self, incumbent: float | None, gap: float | None) -> None:
        if self.progress is not None:
            self.progress(time.monotonic() - self.started, incumbent, gap)
