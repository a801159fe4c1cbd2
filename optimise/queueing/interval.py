"""One interval sized (the fewest agents that meet the targets) or evaluated (given agents)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from optimise.queueing.erlang import queue_metrics, required_agents, scheduled_agents
from scenarios.errors import InputError

MAX_VOLUME = 1_000_000  # contacts in one interval: far beyond any centre
MAX_SECONDS = 7 * 24 * 3600.0  # a week: longer handle, answer or patience times are typos
MAX_AGENTS = 1_000_000
# Erlang A solves a birth-death chain with a state per contact that may be waiting; with
# thousands of contacts a second and a patience of days, agents far below the load would need
# billions of states (memory exhausted, no answer). Two million take a few seconds.
MAX_CHAIN_STATES = 2_000_000


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


def _plain(bound: float) -> str:
    return f"{bound:,.0f}" if float(bound).is_integer() else f"{bound:g}"


def _check(name: str, value: float, low: float, high: float, *, open_low: bool = False) -> None:
    below = value <= low if open_low else value < low
    if not math.isfinite(value) or below or value > high:
        low_text, high_text = _plain(low), _plain(high)
        rule = (
            f"above {low_text} and at most {high_text}"
            if open_low
            else f"between {low_text} and {high_text}"
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
        _check_reachable(load, target, answer_within_seconds, patience_seconds)
        _check_chain(rate, aht_seconds, patience_seconds, max(math.ceil(target * load) - 1, 0))
        needed = _size(
            rate,
            aht_seconds,
            answer_within_seconds,
            target,
            patience_seconds,
            1.0 if max_abandon is None else max_abandon,
            1.0 if max_occupancy is None else max_occupancy,
        )
    else:
        _check_stable(load, agents, patience_seconds)
        _check_chain(rate, aht_seconds, patience_seconds, agents)
        needed = agents
    metrics = queue_metrics(rate, aht_seconds, needed, answer_within_seconds, patience_seconds)
    figures = {
        name: float(getattr(metrics, name))
        for name in ("service_level", "asa_seconds", "p_wait", "occupancy", "abandon_rate")
    }
    if any(math.isnan(v) for v in figures.values()):
        raise InputError(
            f"the Erlang formulas lose their precision for {_agents(needed)} against "
            f"{load:,.2f} Erlangs: give a number of agents nearer the load",
            path="--agents" if agents is not None else "",
        )
    return IntervalService(
        agents=int(needed), scheduled_agents=int(scheduled_agents(needed, shrinkage)), **figures
    )


def _check_stable(load: float, agents: int, patience: float | None) -> None:
    """Refuse agents who cannot carry the load when nobody abandons."""
    if patience is None and load > 0 and agents <= load:
        raise InputError(
            f"{_agents(agents)} cannot carry {load:,.2f} Erlangs without abandonment: the queue "
            "grows without bound (give more agents, or --patience-seconds for Erlang A)",
            path="--agents",
        )


def _agents(count: int) -> str:
    return f"{count:,} agent" + ("" if count == 1 else "s")


def _check_reachable(
    load: float, target: float, answer_within: float, patience: float | None
) -> None:
    """Refuse targets no number of agents (up to MAX_AGENTS) can meet, before any search."""
    if target >= 1.0 and load > 0 and answer_within < math.inf:
        raise InputError(
            "a target of 1 cannot be met by any number of agents: every queue has some "
            "chance of a long wait (give a target below 1)",
            path="--target",
        )
    # without abandonment no fewer agents than the load keep the queue stable; with it, no
    # fewer than target x load answer that share (each agent carries at most one Erlang)
    fewest = load if patience is None else target * load
    if fewest >= MAX_AGENTS:
        raise InputError(
            f"{load:,.0f} Erlangs need more than {MAX_AGENTS:,} agents: check --volume, "
            "--aht-seconds and --interval-minutes",
            path="--volume",
        )


def _check_chain(rate: float, aht: float, patience: float | None, agents: float) -> None:
    """Refuse an Erlang A queue whose birth-death chain would be too long to evaluate with
    `agents`, the fewest the formulas will be evaluated with."""
    if patience is None or rate <= 0:
        return
    # contacts waiting when agents fall short: the overload over the abandonment rate, plus
    # the chain's tail (as optimise.queueing.erlang truncates it)
    overload = max(rate - agents / aht, 0.0) * patience
    states = overload + 10.0 * math.sqrt(rate * patience + 1.0) + 30.0
    if states > MAX_CHAIN_STATES:
        raise InputError(
            f"with {rate * patience:,.0f} contacts arriving within one mean patience, Erlang A "
            f"needs a birth-death chain of {states:,.0f} states (at most "
            f"{MAX_CHAIN_STATES:,} are evaluated): give a shorter --patience-seconds, or none "
            "for Erlang C",
            path="--patience-seconds",
        )


def _size(
    rate: float,
    aht: float,
    answer_within: float,
    target: float,
    patience: float | None,
    max_abandon: float,
    max_occupancy: float,
) -> int:
    """Return the fewest agents meeting every target."""
    try:
        needed = int(
            required_agents(
                rate,
                aht,
                answer_within,
                target,
                patience=patience,
                max_abandon=max_abandon,
                max_occupancy=max_occupancy,
            )
        )
    except ValueError:
        needed = MAX_AGENTS + 1
    load = rate * aht
    if patience is None and load > 0:
        # a target of 0 is met by any count, but fewer agents than the load never catch up
        needed = max(needed, math.floor(load) + 1)
    if needed > MAX_AGENTS:
        raise InputError(
            f"no number of agents up to {MAX_AGENTS:,} meets these targets: loosen a target"
        )
    return needed
