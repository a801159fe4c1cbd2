"""Expected contacts per interval for each queue, from the scenario's volume description."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from scenarios.base import MAX_CONTACTS_PER_INTERVAL
from scenarios.calendar import DAY_NAMES
from scenarios.channels import Channel
from scenarios.events import Surge
from scenarios.grid import arrival_intervals, interval_positions, weekly_arrivals, window_slice
from scenarios.horizon import Horizon
from scenarios.model import Scenario
from scenarios.queues import CsvVolume, PerIntervalVolume, Queue, WeeklyVolume
from scenarios.tables import parse_numbers

if TYPE_CHECKING:  # numpy and pandas are imported where used: `staffsim validate` needs neither
    import numpy as np
    import pandas as pd


def _weekly_days(volume: WeeklyVolume, channel: Channel, horizon: Horizon) -> list[list[float]]:
    """Return expected contacts in each interval of each day of the horizon: plain lists, so
    that checking a scenario needs no numpy."""
    step, per_day = horizon.interval_minutes, horizon.intervals_per_day
    arrivals = weekly_arrivals(channel, step)
    if volume.day_profile is None:
        day_weights = [1.0 if hours else 0.0 for hours in channel.weekly_hours]
    else:
        day_weights = list(volume.day_weights())
    week_weight = sum(day_weights)
    if week_weight <= 0:
        raise ValueError("the channel is closed on every day the day profile gives volume")
    days = []
    for day in range(horizon.days):
        weekday = (horizon.start.weekday() + day) % 7
        day_total = volume.weekly_total * day_weights[weekday] / week_weight
        if day_total == 0:
            days.append([0.0] * per_day)
            continue
        profile = volume.intraday_profile
        shape = [1.0] * per_day if profile is None else profile.interval_weights(weekday, step)
        opening = zip(shape, arrivals[weekday], strict=True)
        shape = [weight if open_ else 0.0 for weight, open_ in opening]
        day_weight = sum(shape)
        if day_weight <= 0:
            raise ValueError(
                f"{DAY_NAMES[weekday]} has volume but no open interval with profile weight: "
                f"the channel is closed or the intraday profile is 0 throughout its opening hours"
            )
        days.append([day_total * weight / day_weight for weight in shape])
    return days


def _from_csv(volume: CsvVolume, channel: Channel, horizon: Horizon) -> np.ndarray:
    import numpy as np
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
    import numpy as np

    volume = queue.volume
    if isinstance(volume, PerIntervalVolume):
        return volume.per_interval * arrival_intervals(channel, horizon)
    if isinstance(volume, WeeklyVolume):
        return np.array(_weekly_days(volume, channel, horizon)).reshape(-1)
    return _from_csv(volume, channel, horizon)


def peak_and_total(queue: Queue, channel: Channel, horizon: Horizon) -> tuple[float, float]:
    """Return a queue's expected contacts in its busiest interval and over the whole horizon,
    before surges (without numpy, but for a CSV volume)."""
    volume = queue.volume
    if isinstance(volume, PerIntervalVolume):
        arrivals = weekly_arrivals(channel, horizon.interval_minutes)
        weekdays = ((horizon.start.weekday() + day) % 7 for day in range(horizon.days))
        count = sum(sum(arrivals[weekday]) for weekday in weekdays)
        return (volume.per_interval if count else 0.0), volume.per_interval * count
    if isinstance(volume, WeeklyVolume):
        days = _weekly_days(volume, channel, horizon)
        return max(max(day) for day in days), math.fsum(v for day in days for v in day)
    values = _from_csv(volume, channel, horizon)
    return float(values.max()), float(values.sum())


def surged(scenario: Scenario, queue: str, values: np.ndarray, attribute: str) -> np.ndarray:
    """Return per-interval values of a queue multiplied by the surges over them."""
    import numpy as np

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
    horizon = scenario.horizon
    if not any(isinstance(event, Surge) for event in scenario.events):
        return float(
            sum(
                peak_and_total(queue, scenario.channels[queue.channel], horizon)[1]
                for queue in scenario.queues.values()
            )
        )
    return float(
        sum(
            surged(
                scenario,
                name,
                queue_volumes(queue, scenario.channels[queue.channel], horizon),
                "volume_multiplier",
            ).sum()
            for name, queue in scenario.queues.items()
        )
    )


def expected_volumes(scenario: Scenario) -> pd.DataFrame:
    """Return expected contacts per interval (rows) and queue (columns), surges included."""
    import pandas as pd

    return pd.DataFrame(
        volume_matrix(scenario),
        columns=list(scenario.queues),
        index=scenario.horizon.interval_starts(),
    )


def volume_matrix(scenario: Scenario) -> np.ndarray:
    """Return expected contacts per interval (rows) and queue (columns), surges included, as
    one array (what `expected_volumes` labels)."""
    import numpy as np

    horizon = scenario.horizon
    return np.column_stack(
        [
            surged(
                scenario,
                name,
                queue_volumes(queue, scenario.channels[queue.channel], horizon),
                "volume_multiplier",
            )
            for name, queue in scenario.queues.items()
        ]
    ).astype(float)
