"""Expected contacts per interval for each queue, from the scenario's volume description."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scenarios.base import MAX_CONTACTS_PER_INTERVAL
from scenarios.calendar import DAY_NAMES
from scenarios.channels import Channel
from scenarios.events import Surge
from scenarios.grid import arrival_intervals, interval_positions, window_slice
from scenarios.horizon import Horizon
from scenarios.model import Scenario
from scenarios.queues import CsvVolume, PerIntervalVolume, Queue, WeeklyVolume
from scenarios.tables import parse_numbers

if TYPE_CHECKING:  # pandas is imported where a table is used: `staffsim validate` needs none
    import pandas as pd


def _weekly(volume: WeeklyVolume, channel: Channel, horizon: Horizon) -> np.ndarray:
    is_open = arrival_intervals(channel, horizon).reshape(horizon.days, -1)
    if volume.day_profile is None:
        day_weights = np.array([1.0 if hours else 0.0 for hours in channel.weekly_hours])
    else:
        day_weights = np.array(volume.day_weights())
    if day_weights.sum() <= 0:
        raise ValueError("the channel is closed on every day the day profile gives volume")
    step = horizon.interval_minutes
    volumes = np.zeros((horizon.days, horizon.intervals_per_day))
    for row, weekday in enumerate(horizon.weekdays()):
        day_total = volume.weekly_total * day_weights[weekday] / day_weights.sum()
        if day_total == 0:
            continue
        if volume.intraday_profile is None:
            shape = np.ones(horizon.intervals_per_day)
        else:
            minutes = volume.intraday_profile.minute_weights(int(weekday))
            shape = minutes.reshape(-1, step).sum(axis=1)
        shape = shape * is_open[row]
        if shape.sum() <= 0:
            raise ValueError(
                f"{DAY_NAMES[weekday]} has volume but no open interval with profile weight: "
                f"the channel is closed or the intraday profile is 0 throughout its opening hours"
            )
        volumes[row] = day_total * shape / shape.sum()
    return volumes.reshape(-1)


def _from_csv(volume: CsvVolume, channel: Channel, horizon: Horizon) -> np.ndarray:
    import pandas as pd

    table = volume.csv
    position = interval_positions(table.frame["interval_start"], horizon, table.path)
    values = parse_numbers(
        table.frame[volume.column], table.path, volume.column, at_most=MAX_CONTACTS_PER_INTERVAL
    ).to_numpy()
    if len(np.unique(position)) < len(position):
        row = int(np.flatnonzero(pd.Series(position).duplicated().to_numpy())[0])
        raise ValueError(f"CSV {table.path} row {row + 2}: the interval is listed twice")
    closed = ~arrival_intervals(channel, horizon)[position] & (values > 0)
    if closed.any():
        row = int(closed.argmax())
        raise ValueError(
            f"CSV {table.path} row {row + 2}: volume {values[row]:g} while the channel is closed"
        )
    volumes = np.zeros(horizon.n_intervals)
    volumes[position] = values
    return volumes


def queue_volumes(queue: Queue, channel: Channel, horizon: Horizon) -> np.ndarray:
    """Return a queue's expected contacts in each interval of the horizon."""
    volume = queue.volume
    if isinstance(volume, PerIntervalVolume):
        return volume.per_interval * arrival_intervals(channel, horizon)
    if isinstance(volume, WeeklyVolume):
        return _weekly(volume, channel, horizon)
    return _from_csv(volume, channel, horizon)


def surged(scenario: Scenario, queue: str, values: np.ndarray, attribute: str) -> np.ndarray:
    """Return per-interval values of a queue multiplied by the surges over them."""
    channel = scenario.queues[queue].channel
    for event in scenario.events:
        if not isinstance(event, Surge):
            continue
        if event.queue == queue or (event.queue is None and event.channel == channel):
            values = np.array(values, dtype=float)
            values[window_slice(event.start, event.end, scenario.horizon)] *= getattr(
                event, attribute
            )
    return values


def expected_total(scenario: Scenario) -> float:
    """Return the contacts a scenario expects over its whole horizon, surges included."""
    return float(
        sum(
            surged(
                scenario,
                name,
                queue_volumes(queue, scenario.channels[queue.channel], scenario.horizon),
                "volume_multiplier",
            ).sum()
            for name, queue in scenario.queues.items()
        )
    )


def expected_volumes(scenario: Scenario) -> pd.DataFrame:
    """Return expected contacts per interval (rows) and queue (columns), surges included."""
    import pandas as pd

    horizon = scenario.horizon
    return pd.DataFrame(
        {
            name: surged(
                scenario,
                name,
                queue_volumes(queue, scenario.channels[queue.channel], horizon),
                "volume_multiplier",
            )
            for name, queue in scenario.queues.items()
        },
        index=horizon.interval_starts(),
    )
