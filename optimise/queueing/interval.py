"""One interval sized (the fewest agents that meet the targets) or evaluated (given agents)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from optimise.queueing.erlang import queue_metrics, required_agents, scheduled_agents
from scenarios.errors import InputError

MAX_VOLUME = 1_000_000  # contacts in one interval: far beyond any centre
MAX_SECONDS = 7 * 24 * 3600.0  # a week: longer handle, answer or patience times are typos
MAX_AGENTS = 1_000_000


@dataclass(frozen=True)
class IntervalService:
    """Agents for one interval and the service they give, as `staffsim erlang` reports it."""

    agents: int
    service_level: float
    asa_seconds: float
    p_wait: float
    occupancy: float
    abandon_rate: float
    scheduled_agents: int

    def as_dict(self) -> dict[str, float | int]:
        """Return the figures as a plain mapping (the JSON `staffsim erlang --json` prints)."""
        return asdict(self)


def _check(name: str, value: float, low: float, high: float, *, open_low: bool = False) -> None:
    below = value <= low if open_low else value < low
    if not math.isfinite(value) or below or value > high:
        rule = (
            f"above {low:g} and at most {high:g}" if open_low else f"between {low:g} and {high:g}"
        )
        raise InputError(f"must be {rule}, got {value:g}", path=name)


def size_interval(
    *,
    volume: float,
    aht_seconds: float,
    interval_minutes: float = 15.0,
    answer_within_seconds: float = 20.0,
    target: float = 0.8,
    patience_seconds: float | None = None,
    max_abandon: float | None = None,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    agents: int | None = None,
) -> IntervalService:
    """Return the fewest agents meeting the targets in one interval (or `agents`, evaluated),
    with the service level, ASA, chance of waiting, occupancy and abandonment they give.

    Erlang A when callers have a mean patience, else Erlang C. Raises InputError naming the
    option for a value out of range, and for agents that cannot carry the load without
    abandonment (the queue would grow without bound).
    """
    _check("--volume", volume, 0, MAX_VOLUME)
    _check("--aht-seconds", aht_seconds, 0, MAX_SECONDS, open_low=True)
    _check("--interval-minutes", interval_minutes, 1, 24 * 60)
    _check("--answer-within-seconds", answer_within_seconds, 0, MAX_SECONDS)
    _check("--target", target, 0, 1)
    if not (math.isfinite(shrinkage) and 0.0 <= shrinkage < 1.0):
        raise InputError(f"must be at least 0 and below 1, got {shrinkage:g}", path="--shrinkage")
    if patience_seconds is not None:
        _check("--patience-seconds", patience_seconds, 0, MAX_SECONDS, open_low=True)
    if max_abandon is not None:
        _check("--max-abandon", max_abandon, 0, 1, open_low=True)
    if max_occupancy is not None:
        _check("--max-occupancy", max_occupancy, 0, 1, open_low=True)
    if agents is not None:
        _check("--agents", agents, 0, MAX_AGENTS)
    rate = volume / (interval_minutes * 60.0)
    load = rate * aht_seconds
    if agents is None:
        if target >= 1.0 and load > 0 and answer_within_seconds < math.inf:
            raise InputError(
                "a target of 1 cannot be met by any number of agents: every queue has some "
                "chance of a long wait (give a target below 1)",
                path="--target",
            )
        try:
            needed = int(
                required_agents(
                    rate,
                    aht_seconds,
                    answer_within_seconds,
                    target,
                    patience=patience_seconds,
                    max_abandon=1.0 if max_abandon is None else max_abandon,
                    max_occupancy=1.0 if max_occupancy is None else max_occupancy,
                )
            )
        except ValueError:
            needed = MAX_AGENTS + 1
        if needed > MAX_AGENTS:
            raise InputError(
                f"no number of agents up to {MAX_AGENTS:,} meets these targets: loosen a target"
            )
    else:
        if patience_seconds is None and load > 0 and agents <= load:
            raise InputError(
                f"{agents} agents cannot carry {load:.2f} Erlangs without abandonment: the queue "
                "grows without bound (give more agents, or --patience-seconds for Erlang A)",
                path="--agents",
            )
        needed = agents
    metrics = queue_metrics(rate, aht_seconds, needed, answer_within_seconds, patience_seconds)
    return IntervalService(
        agents=needed,
        service_level=float(metrics.service_level),
        asa_seconds=float(metrics.asa_seconds),
        p_wait=float(metrics.p_wait),
        occupancy=float(metrics.occupancy),
        abandon_rate=float(metrics.abandon_rate),
        scheduled_agents=int(scheduled_agents(needed, shrinkage)),
    )
