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
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimise.queueing.erlang import queue_metrics, required_agents, scheduled_agents
from optimise.queueing.outages import reaching_volumes
from optimise.queueing.timevarying import Method, staffing_rates
from scenarios import Scenario, ScenarioError
from scenarios.base import MAX_AGENTS
from scenarios.grid import interval_positions, open_intervals
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

    The volume is what reaches the queue (surges in, outages' failed contacts out, their
    retries and diversions in); `method` reads live queues' arrival rates for a load that
    changes within the day (see optimise.queueing.timevarying).
    """
    horizon = scenario.horizon
    seconds = horizon.interval_seconds
    volumes = reaching_volumes(scenario)
    frames = []
    for name, queue in scenario.queues.items():
        channel = scenario.channels[queue.channel]
        volume = volumes[name].to_numpy()
        aht = surged(
            scenario,
            name,
            np.full(len(volume), queue.handle_time.mean_seconds),
            "handle_time_multiplier",
        )
        within = queue.sla.within_seconds
        columns: dict[str, np.ndarray] = {}
        if channel.kind.live:
            slots = channel.concurrency
            aht_per_chat = aht * (1.0 + channel.concurrency_slowdown * (slots - 1))
            patience = None
            if queue.patience is not None:
                patience = queue.patience.mean_seconds
            rate = staffing_rates(volume / seconds, queue.handle_time, seconds, method)
            servers = required_agents(
                rate,
                aht_per_chat,
                within,
                queue.sla.target,
                patience=patience,
                max_abandon=queue.sla.max_abandon if queue.sla.max_abandon is not None else 1.0,
                max_occupancy=max_occupancy if max_occupancy is not None else 1.0,
            )
            agents = np.ceil(servers / slots).astype(np.int64)
            metrics = queue_metrics(rate, aht_per_chat, agents * slots, within, patience)
            columns = {
                "service_level": metrics.service_level,
                "asa_seconds": metrics.asa_seconds,
                "abandon_rate": metrics.abandon_rate,
                "occupancy": metrics.occupancy,
            }
        else:
            cap = max_occupancy if max_occupancy is not None else DEFERRED_OCCUPANCY
            is_open = open_intervals(channel, horizon)
            deadline = max(int(within // seconds), 1)
            work = deferred_workload(volume * aht, is_open, deadline)
            agents = np.ceil(work / (seconds * cap) - 1e-9).astype(np.int64)
            with np.errstate(invalid="ignore", divide="ignore"):
                occupancy = np.where(agents > 0, work / (seconds * np.maximum(agents, 1)), 0.0)
            nan = np.full(len(volume), np.nan)
            columns = {
                "service_level": nan,
                "asa_seconds": nan,
                "abandon_rate": np.zeros(len(volume)),
                "occupancy": occupancy,
            }
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
                    "scheduled_agents": scheduled_agents(agents, shrinkage),
                    **columns,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


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
