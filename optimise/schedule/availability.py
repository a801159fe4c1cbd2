"""The share of a shift's agents present in each interval it covers, events included.

The engine's rules, taken in expectation: absenteeism keeps away that share of the agents who
log in within its window, for their whole shift; a site loss takes that share of a group off
duty in each interval of its window. Overlapping events compound. A plan that knows this buys
more agents for a flu wave instead of finding out in simulation.
"""

from __future__ import annotations

import numpy as np

from scenarios import Scenario
from scenarios.events import Absenteeism, SiteLoss
from scenarios.grid import window_slice


class Presence:
    """Who of a group shows up, by login time (absenteeism) and by interval (site loss)."""

    def __init__(self, scenario: Scenario) -> None:
        horizon = scenario.horizon
        self._absences: dict[str, list[tuple[float, float, float]]] = {}
        self._on_site = {g: np.ones(horizon.n_intervals) for g in scenario.agent_groups}
        for event in scenario.events:
            if isinstance(event, Absenteeism):
                window = (
                    horizon.seconds_from_start(event.start) / 60.0,
                    horizon.seconds_from_start(event.end) / 60.0,
                    1.0 - event.share,
                )
                self._absences.setdefault(event.group, []).append(window)
            elif isinstance(event, SiteLoss):
                on_site = self._on_site[event.group]
                on_site[window_slice(event.start, event.end, horizon)] *= 1.0 - event.share

    @property
    def any_event(self) -> bool:
        """Return whether any event keeps agents away."""
        return bool(self._absences) or any((f < 1).any() for f in self._on_site.values())

    def shares(self, group: str, login_minute: float, span: np.ndarray) -> np.ndarray:
        """Return the share of a shift's agents present in each interval of `span`, the shift
        logging in `login_minute` minutes after the horizon's start."""
        shown_up = 1.0
        for start, end, present in self._absences.get(group, []):
            if start <= login_minute < end:
                shown_up *= present
        return shown_up * self._on_site[group][span]
