"""Drawing one stress-test run's emergencies: which happen, when, for how long, how badly.

Each emergency draws from its own stream (`Purpose.emergencies`, keyed by the run and the
emergency's name), so run r of seed s draws the same events whatever the staffing, and adding
an emergency to the library leaves the others' draws unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from scenarios import Scenario
from scenarios.events import Event
from scenarios.horizon import Horizon
from scenarios.stress import (
    Span,
    UncertainAbsenteeism,
    UncertainOutage,
    UncertainSiteLoss,
    UncertainSurge,
    start_intervals,
)
from sim.durations import draw
from sim.streams import Purpose, stream

_EVENT = TypeAdapter(Event)


@dataclass(frozen=True)
class Drawn:
    """An emergency that happened in a run: its name and the fixed events it became."""

    name: str
    events: tuple[Any, ...]  # scenarios.events models: one per group hit, else one

    @property
    def start(self) -> pd.Timestamp:
        """Return when the emergency started."""
        return pd.Timestamp(self.events[0].start)

    @property
    def end(self) -> pd.Timestamp:
        """Return when the emergency ended."""
        return pd.Timestamp(self.events[0].end)

    def describe(self) -> str:
        """Return the emergency in a few words: name, window and size."""
        event = self.events[0]
        window = f"{self.start:%a %Y-%m-%d %H:%M}-{self.end:%a %H:%M}"
        return f"{self.name} {window}{_size_text(event)}"


def _size_text(event: Any) -> str:
    """Return how big a drawn event is, in a few words (empty for a plain outage)."""
    if event.type == "outage":
        parts = [f"retry {event.retry.share:.0%}"] if event.retry else []
        parts += [f"divert {event.divert.share:.0%}"] if event.divert else []
        return "".join(f" {part}" for part in parts)
    if event.type == "surge":
        volume, handle = event.volume_multiplier, event.handle_time_multiplier
        return f" volume x{volume:.2f} handle time x{handle:.2f}"
    return f" {event.share:.0%} {'absent' if event.type == 'absenteeism' else 'lost'}"


def _uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(bounds[0], bounds[1]))


def _seconds(span: Span, rng: np.random.Generator) -> float:
    if span.distribution is not None:
        return min(float(draw(span.family(), rng, 1)[0]), float(span.max_hours or 0) * 3600)
    return _uniform(rng, span.seconds_range())


def _size(emergency: Any, rng: np.random.Generator) -> dict[str, Any]:
    """Return the drawn magnitudes of an emergency, as a fixed event's fields."""
    if isinstance(emergency, UncertainOutage):
        fields: dict[str, Any] = {}
        if emergency.retry is not None:
            share = _uniform(rng, emergency.retry.share)
            fields["retry"] = {"share": share, "delay": emergency.retry.delay}
        if emergency.divert is not None:
            share = _uniform(rng, emergency.divert.share)
            fields["divert"] = {"share": share, "to": emergency.divert.to}
        return fields
    if isinstance(emergency, UncertainSurge):
        return {
            "volume_multiplier": _uniform(rng, emergency.volume_multiplier),
            "handle_time_multiplier": _uniform(rng, emergency.handle_time_multiplier),
        }
    fields = {"share": _uniform(rng, emergency.share)}
    if isinstance(emergency, UncertainSiteLoss):
        fields["in_hand"] = emergency.in_hand
    return fields


def draw_emergency(
    name: str, emergency: Any, horizon: Horizon, rng: np.random.Generator
) -> Drawn | None:
    """Return the events one emergency becomes in a run, or None when it does not happen.

    Every draw is made whether or not it happens, in one order, so a run's start, length and
    size do not depend on the probability given.
    """
    happens = rng.random() < emergency.probability
    starts = start_intervals(emergency.when, horizon)
    first = int(starts[rng.integers(len(starts))])
    intervals = max(1, round(_seconds(emergency.duration, rng) / horizon.interval_seconds))
    last = min(first + intervals, horizon.n_intervals)
    size = _size(emergency, rng)
    if not happens:
        return None
    origin = pd.Timestamp(horizon.start)
    step = pd.Timedelta(minutes=horizon.interval_minutes)
    window = {"start": origin + first * step, "end": origin + last * step}
    window = {k: v.to_pydatetime() for k, v in window.items()}
    if isinstance(emergency, (UncertainAbsenteeism, UncertainSiteLoss)):
        targets = [{"group": group} for group in emergency.hit_groups]
    else:
        targets = [{"channel": emergency.channel, "queue": emergency.queue}]
    events = tuple(
        _EVENT.validate_python({"type": emergency.type, **window, **target, **size})
        for target in targets
    )
    return Drawn(name, events)


def draw_emergencies(scenario: Scenario, seed: int, run: int) -> tuple[Drawn, ...]:
    """Return the emergencies that happen in run `run` of seed `seed`, in library order."""
    drawn = (
        draw_emergency(
            name,
            emergency,
            scenario.horizon,
            stream(seed, run, Purpose.emergencies, name),
        )
        for name, emergency in scenario.emergencies.items()
    )
    return tuple(d for d in drawn if d is not None)


def with_emergencies(scenario: Scenario, drawn: tuple[Drawn, ...]) -> Scenario:
    """Return the scenario with the drawn emergencies added to its fixed events (and no
    library left to draw from)."""
    events = tuple(event for d in drawn for event in d.events)
    return scenario.model_copy(update={"events": (*scenario.events, *events), "emergencies": {}})
