"""Agents each interval needs, per queue and per skill, from the Erlang formulas.

Approximations, stated once:
- Voice and chat use the queue's mean handle time and, where customers abandon, the mean of
  their patience as if exponential (Erlang A); without patience, Erlang C.
- Chat: an agent holding up to k chats counts as k servers (M/M/(n k)); with a slowdown s each
  chat is taken to last its handle time x (1 + s (k - 1)), as if agents always held k chats,
  which errs on the safe side.
- Deferred work (email): each interval's work (volume x handle time) is spread evenly over the
  open intervals in which it may still be answered within target; work arriving when fewer
  than that are open before its deadline waits for the next opening hours (the backlog carried
  over closed hours is worked from the opening, within the target time worth of open time).
  Agents = that work / (interval length x the occupancy cap), rounded up.
- Lagged SIPP and the offered-load method read live queues' rates within their opening hours:
  the load they carry past closing is sized in the opening's last interval, none after it
  (optimise.queueing.timevarying.fold_into_opening).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimise.queueing.erlang import queue_metrics, required_agents, scheduled_agents
from optimise.queueing.journeys import JourneyLoad, has_journeys, journey_load
from optimise.queueing.outages import reaching_volumes
from optimise.queueing.priority import tiered_agents
from optimise.queueing.timevarying import Method, staffing_rates
from scenarios import Scenario, ScenarioError
from scenarios.base import MAX_AGENTS
from scenarios.grid import interval_positions, open_intervals
from scenarios.queues import Queue
from scenarios.sla import Sla
from scenarios.tables import parse_numbers, read_csv
from scenarios.volumes import surged

DEFERRED_OCCUPANCY = 0.85  # default occupancy cap for deferred work

COLUMNS = (
    "interval_start",
    "queue",
    "channel",
    "skill",
    "volume",
    "aht_seconds",
    "agents",
    "scheduled_agents",
    "service_level",
    "asa_seconds",
    "abandon_rate",
    "occupancy",
)


def deferred_workload(work: np.ndarray, is_open: np.ndarray, deadline_intervals: int) -> np.ndarray:
    """Return the work (seconds) to do in each interval so that work is done by its deadline.

    Work arriving in interval i is spread evenly over the open intervals among the next
    `deadline_intervals` ones (counting i); if none of those is open, over the first open
    intervals from the next opening, as many as the deadline spans. The horizon is taken to
    repeat (a planned week follows the same week), so work arriving after the last opening is
    done from the first one.
    """
    n = len(work)
    load = np.zeros(n)
    open_at = np.flatnonzero(is_open)
    if len(open_at) == 0:
        return load
    ahead = np.concatenate([open_at, open_at + n])  # the next cycle's openings
    span = max(deadline_intervals, 1)
    for i in np.flatnonzero(work > 0):
        window = ahead[(ahead >= i) & (ahead < i + span)]
        if len(window) == 0:
            window = ahead[ahead >= i][:span]
        load[window % n] += work[i] / len(window)
    return load


def requirements(
    scenario: Scenario,
    *,
    shrinkage: float = 0.0,
    max_occupancy: float | None = None,
    method: Method = Method.sipp,
) -> pd.DataFrame:
    """Return per interval and queue: volume, AHT, agents needed (raw and scheduled) and the
    expected service level, ASA, abandonment and occupancy at that staffing.

    The volume is what reaches the queue's agents: surges in, outages' failed contacts out and
    their retries and diversions in, then the customer's journey (bot hand-offs, escalations,
    repeats, retries after abandoning; see optimise.queueing.journeys). A queue with customer
    tiers gets enough agents for each tier's own target (optimise.queueing.priority). `method`
    reads live queues' arrival rates for a load that changes within the day
    (optimise.queueing.timevarying).
    """
    sizing = _Sizing(scenario, shrinkage, max_occupancy, method)
    load = _reaching_load(scenario, sizing)
    return sizing.table(load.volumes, load.handle_factor)


def reaching_load(scenario: Scenario) -> JourneyLoad:
    """Return the contacts reaching each queue's agents per interval and the factor on their
    handle time: the requirement's volume (see `requirements`), with the journey taken at the
    abandonment of the staffing the requirement asks for (factor 1 without journeys)."""
    return _reaching_load(scenario, _Sizing(scenario, 0.0, None, Method.sipp))


def _reaching_load(scenario: Scenario, sizing: _Sizing) -> JourneyLoad:
    volumes = reaching_volumes(scenario)
    if not has_journeys(scenario):
        ones = pd.DataFrame(1.0, index=volumes.index, columns=volumes.columns)
        return JourneyLoad(volumes, ones)
    # the journey's load depends on abandonment, which depends on the staffing: size once
    # without abandonment, then again at the abandonment that staffing gives
    first = sizing.table(journey_load(scenario, volumes).volumes, None)
    abandon = first.pivot(index="interval_start", columns="queue", values="abandon_rate")
    return journey_load(scenario, volumes, abandon.reindex(volumes.index).fillna(0.0))


def handle_seconds(scenario: Scenario, name: str, factor: np.ndarray | None) -> np.ndarray:
    """Return per interval the mean handle time of queue `name`'s contacts: its own, times
    surges' multipliers and the journey's `factor` (None: 1)."""
    queue = scenario.queues[name]
    n = scenario.horizon.n_intervals
    own = np.full(n, queue.handle_time.mean_seconds)
    aht = surged(scenario, name, own, "handle_time_multiplier")
    return aht if factor is None else aht * factor


class _Sizing:
    """Agents per interval for each queue of a scenario, by the Erlang formulas."""

    def __init__(
        self, scenario: Scenario, shrinkage: float, max_occupancy: float | None, method: Method
    ) -> None:
        self.scenario, self.shrinkage = scenario, shrinkage
        self.max_occupancy, self.method = max_occupancy, method

    def table(self, volumes: pd.DataFrame, factor: pd.DataFrame | None) -> pd.DataFrame:
        """Return the requirement table (COLUMNS) for these volumes and handle-time factors."""
        horizon = self.scenario.horizon
        frames = []
        for name, queue in self.scenario.queues.items():
            volume = volumes[name].to_numpy()
            aht = handle_seconds(
                self.scenario, name, None if factor is None else factor[name].to_numpy()
            )
            if self.scenario.channels[queue.channel].kind.live:
                agents, columns = self._live(queue, volume, aht)
            else:
                agents, columns = self._deferred(queue, volume, aht)
            frames.append(
                pd.DataFrame(
                    {
                        "interval_start": horizon.interval_starts(),
                        "queue": name,
                        "channel": queue.channel,
                        "skill": queue.skill,
                        "volume": volume,
                        "aht_seconds": aht,
                        "agents": agents,
                        "scheduled_agents": scheduled_agents(agents, self.shrinkage),
                        **columns,
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)[list(COLUMNS)]

    def _live(
        self, queue: Queue, volume: np.ndarray, aht: np.ndarray
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        channel = self.scenario.channels[queue.channel]
        seconds = self.scenario.horizon.interval_seconds
        within = queue.sla.within_seconds
        slots = channel.concurrency
        aht_per_chat = aht * (1.0 + channel.concurrency_slowdown * (slots - 1))
        patience = queue.patience.mean_seconds if queue.patience is not None else None
        is_open = open_intervals(channel, self.scenario.horizon)
        rate = staffing_rates(volume / seconds, queue.handle_time, seconds, self.method, is_open)
        servers = required_agents(
            rate,
            aht_per_chat,
            within,
            queue.sla.target,
            patience=patience,
            max_abandon=queue.sla.max_abandon if queue.sla.max_abandon is not None else 1.0,
            max_occupancy=self.max_occupancy if self.max_occupancy is not None else 1.0,
        )
        servers = np.maximum(servers, _tier_servers(queue, rate, aht_per_chat, servers))
        agents = np.ceil(servers / slots).astype(np.int64)
        metrics = queue_metrics(rate, aht_per_chat, agents * slots, within, patience)
        return agents, {
            "service_level": metrics.service_level,
            "asa_seconds": metrics.asa_seconds,
            "abandon_rate": metrics.abandon_rate,
            "occupancy": metrics.occupancy,
        }

    def _deferred(
        self, queue: Queue, volume: np.ndarray, aht: np.ndarray
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        horizon = self.scenario.horizon
        seconds = horizon.interval_seconds
        cap = self.max_occupancy if self.max_occupancy is not None else DEFERRED_OCCUPANCY
        is_open = open_intervals(self.scenario.channels[queue.channel], horizon)
        work = np.zeros(len(volume))
        for share, sla in _tier_targets(queue):  # each ticket priority by its own deadline
            deadline = max(int(sla.within_seconds // seconds), 1)
            work += deferred_workload(volume * share * aht, is_open, deadline)
        agents = np.ceil(work / (seconds * cap) - 1e-9).astype(np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            occupancy = np.where(agents > 0, work / (seconds * np.maximum(agents, 1)), 0.0)
        nan = np.full(len(volume), np.nan)
        return agents, {
            "service_level": nan,
            "asa_seconds": nan,
            "abandon_rate": np.zeros(len(volume)),
            "occupancy": occupancy,
        }


def _tier_targets(queue: Queue) -> list[tuple[float, Sla]]:
    """Return (share, target) of each tier of a queue, best priority first; one tier without."""
    if not queue.tiers:
        return [(1.0, queue.sla)]
    tiers = sorted(queue.tiers.values(), key=lambda tier: tier.priority)
    return [(tier.share, tier.sla or queue.sla) for tier in tiers]


def _tier_servers(queue: Queue, rate: np.ndarray, aht: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Return per interval the servers with which every tier meets its own target (0 for a
    queue with one tier and no target of its own)."""
    tiers = _tier_targets(queue)
    if len(tiers) == 1 and not (queue.tiers and next(iter(queue.tiers.values())).sla):
        return np.zeros(len(rate))
    shares = np.array([share for share, _ in tiers])
    within = np.array([sla.within_seconds for _, sla in tiers])
    targets = np.array([sla.target for _, sla in tiers])
    return np.array(
        [
            tiered_agents(r * shares, float(a), within, targets, start=int(s)) if r > 0 else 0
            for r, a, s in zip(rate, aht, start, strict=True)
        ]
    )


def read_requirements(path: Path, scenario: Scenario) -> pd.DataFrame:
    """Return agents needed per interval and skill read from a CSV (interval_start, skill,
    agents), checked against the scenario's horizon and skills."""
    file = Path(path).expanduser().resolve()
    try:
        frame = read_csv(file, ("interval_start", "skill", "agents"))
        if frame.empty:
            raise ValueError(f"CSV {file} holds no rows: give the agents needed per interval")
        positions = interval_positions(frame["interval_start"], scenario.horizon, file)
        agents = parse_numbers(frame["agents"], file, "agents", at_most=MAX_AGENTS)
        unknown = sorted(set(frame["skill"].astype(str)) - set(scenario.skills))
        if unknown:
            raise ValueError(
                f"CSV {file}: unknown skill(s) {', '.join(unknown)}; the scenario's skills are "
                f"{', '.join(scenario.skills)}"
            )
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None  # the message names the file
    starts = scenario.horizon.interval_starts()
    return pd.DataFrame(
        {
            "interval_start": starts[positions],
            "skill": frame["skill"].astype(str),
            "agents": agents.to_numpy(),
        }
    )


def skill_requirements(table: pd.DataFrame) -> pd.DataFrame:
    """Return agents needed per interval and skill: the sum over the skill's queues.

    Summing queue by queue ignores the pooling of queues that share a skill, so it errs on the
    safe side; the scheduler reads this view.
    """
    return (
        table.groupby(["interval_start", "skill"], sort=False)[["agents", "scheduled_agents"]]
        .sum()
        .reset_index()
    )


def daily_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Return per day and queue: contacts expected, peak agents and agent-hours needed."""
    seconds = (
        table["interval_start"].drop_duplicates().sort_values().diff().dropna().min()
    ).total_seconds()
    day = table["interval_start"].dt.date.rename("day")
    grouped = table.groupby([day, "queue"], sort=False)
    return pd.DataFrame(
        {
            "volume": grouped["volume"].sum(),
            "peak_agents": grouped["agents"].max(),
            "agent_hours": grouped["agents"].sum() * seconds / 3600,
            "scheduled_hours": grouped["scheduled_agents"].sum() * seconds / 3600,
        }
    ).reset_index()


__all__ = ["daily_summary", "deferred_workload", "requirements", "skill_requirements"]
