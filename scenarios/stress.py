"""Random emergencies: uncertain versions of the events, drawn afresh for each stress-test run.

An emergency says whether it happens (`probability`), when it may start (`when`), how long
it lasts (`duration`) and how big it is (a number, or a range `[low, high]` drawn uniformly,
for each multiplier and share). `scenarios.stress` holds the schema and the checks against
the rest of the scenario; the drawing itself is in `sim.emergencies`.

Starts fall on the interval grid (a window or clock times off the grid are refused, as for
fixed events); a drawn duration is rounded to whole intervals (at least one) and an event
running past the horizon's end is cut there.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, model_validator

from scenarios.base import (
    MAX_CONTACTS_PER_INTERVAL,
    MAX_DURATION_SECONDS,
    MAX_ENTRIES,
    MAX_EVENTS,
    MAX_HORIZON_DAYS,
    MAX_MULTIPLIER,
    Cv,
    Frozen,
    Name,
    Share,
    bounded_float,
    listing,
    quote,
)
from scenarios.calendar import DAY_NAMES, parse_days, parse_ranges
from scenarios.durations import DistributionFamily, Duration
from scenarios.errors import ScenarioError
from scenarios.events import InHand
from scenarios.horizon import check_year

if TYPE_CHECKING:  # numpy is imported where used: `staffsim validate` needs none
    import numpy as np

    from scenarios.horizon import Horizon
    from scenarios.model import Scenario


def _pair(value: Any) -> Any:
    # a single number is a range of one value; YAML gives a range as a two-item list
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError(f"a range is [low, high], got {quote(list(value))}")
        return tuple(value)
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return (value, value)
    raise ValueError(f"expected a number or a range [low, high], got {quote(value)}")


def _ordered(value: tuple[float, float]) -> tuple[float, float]:
    if value[1] < value[0]:
        raise ValueError(f"a range [low, high] runs upwards, got [{value[0]:g}, {value[1]:g}]")
    return value


def ranged(kind: Any) -> Any:
    """Return a type for a number of `kind`, or a range [low, high] of them, as (low, high)."""
    return Annotated[tuple[kind, kind], BeforeValidator(_pair), AfterValidator(_ordered)]


ShareRange = ranged(Share)
FactorRange = ranged(bounded_float(MAX_MULTIPLIER))
MultiplierRange = ranged(bounded_float(MAX_MULTIPLIER, positive=True))
MinutesRange = ranged(bounded_float(MAX_HORIZON_DAYS * 24 * 60, positive=True))
HoursRange = ranged(bounded_float(MAX_HORIZON_DAYS * 24, positive=True))
DaysRange = ranged(bounded_float(MAX_HORIZON_DAYS, positive=True))
LongHours = bounded_float(MAX_HORIZON_DAYS * 24, positive=True)


def _written_out(value: Any) -> Any:
    if not isinstance(value, (str, dt.date)):
        # pydantic would read a number as seconds since 1970
        raise ValueError(f"expected a date-time written YYYY-MM-DD HH:MM, got {quote(value)}")
    return value


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        raise ValueError(f"give the centre's local date-time, without a time zone ({value})")
    return check_year(value)


Moment = Annotated[dt.datetime, BeforeValidator(_written_out), AfterValidator(_local)]


class When(Frozen):
    """When an emergency may start: between two date-times (`earliest`, `latest`, both
    included), or on some weekdays (`days`) at some clock times (`hours`, start times within
    "08:00-18:00"); each grid time allowed is equally likely. Absent: any time of the horizon."""

    earliest: Moment | None = None
    latest: Moment | None = None
    days: str | None = None
    hours: str | None = None

    @model_validator(mode="after")
    def _one_way(self) -> When:
        dated = (self.earliest, self.latest) != (None, None)
        if dated and (self.days is not None or self.hours is not None):
            raise ValueError("give earliest and latest, or days and hours, not both")
        if dated:
            if self.earliest is None or self.latest is None:
                raise ValueError("give both earliest and latest")
            if self.latest < self.earliest:
                raise ValueError(f"latest ({self.latest}) is before earliest ({self.earliest})")
        if self.days is not None:
            parse_days(self.days)
        if self.hours is not None and not parse_ranges(self.hours):
            raise ValueError("hours names no time: give start times like 08:00-18:00")
        return self


class Span(Frozen):
    """How long an emergency lasts: `minutes`, `hours` or `days` (a number or a range drawn
    uniformly), or a `distribution` with `mean_hours` and `cv`, cut at `max_hours`."""

    minutes: MinutesRange | None = None
    hours: HoursRange | None = None
    days: DaysRange | None = None
    distribution: DistributionFamily | None = None
    mean_hours: LongHours | None = None
    cv: Cv | None = None
    max_hours: LongHours | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Span:
        given = [k for k in ("minutes", "hours", "days") if getattr(self, k) is not None]
        drawn = self.distribution is not None or self.mean_hours is not None
        if len(given) + drawn != 1:
            raise ValueError(
                "give one of minutes, hours or days (a number or [low, high]), or a "
                "distribution with mean_hours"
            )
        if drawn:
            if self.distribution is None or self.mean_hours is None or self.max_hours is None:
                raise ValueError("a drawn duration needs distribution, mean_hours and max_hours")
            self.family()  # a cv that fits the family
        return self

    def family(self) -> Duration:
        """Return the duration distribution (mean in seconds) when one is given."""
        mean = min(float(self.mean_hours or 1.0) * 3600, MAX_DURATION_SECONDS)
        return Duration(distribution=self.distribution, mean_seconds=mean, cv=self.cv)

    def seconds_range(self) -> tuple[float, float]:
        """Return the shortest and longest duration in seconds this span can give."""
        for unit, seconds in (("minutes", 60.0), ("hours", 3600.0), ("days", 86_400.0)):
            value = getattr(self, unit)
            if value is not None:
                return value[0] * seconds, value[1] * seconds
        return 0.0, float(self.max_hours or 0.0) * 3600


class _Uncertain(Frozen):
    """What every emergency states: its chance of happening in a run, its start and length."""

    probability: Share = 1.0
    when: When = When()
    duration: Span


class RetryRange(Frozen):
    """Failed contacts that try again: a share (or range of shares), and the delay."""

    share: ShareRange
    delay: Duration


class DivertRange(Frozen):
    """Failed contacts that turn to another queue or channel: a share or range of shares."""

    share: ShareRange
    to: Name


class UncertainOutage(_Uncertain):
    """An outage that may happen: a channel or queue down; some failed contacts retry, divert."""

    type: Literal["outage"]
    channel: Name | None = None
    queue: Name | None = None
    retry: RetryRange | None = None
    divert: DivertRange | None = None

    @model_validator(mode="after")
    def _target(self) -> UncertainOutage:
        if (self.channel is None) == (self.queue is None):
            raise ValueError("an outage names one channel or one queue")
        most = (self.retry.share[1] if self.retry else 0) + (
            self.divert.share[1] if self.divert else 0
        )
        if most > 1:
            raise ValueError(f"the largest retry and divert shares add up to {most:g}, more than 1")
        return self


class UncertainSurge(_Uncertain):
    """A surge that may happen: volume and handle-time multipliers for a queue or channel."""

    type: Literal["surge"]
    channel: Name | None = None
    queue: Name | None = None
    volume_multiplier: FactorRange = (1.0, 1.0)
    handle_time_multiplier: MultiplierRange = (1.0, 1.0)

    @model_validator(mode="after")
    def _target(self) -> UncertainSurge:
        if (self.channel is None) == (self.queue is None):
            raise ValueError("a surge names one channel or one queue")
        return self


class _Agents(_Uncertain):
    """An emergency on agents: one `group`, or several `groups` hit together (one draw)."""

    group: Name | None = None
    groups: tuple[Name, ...] = Field(default=(), max_length=MAX_ENTRIES)

    @model_validator(mode="after")
    def _target(self) -> _Agents:
        if (self.group is None) == (not self.groups):
            raise ValueError("name one group, or several as groups: [a, b]")
        return self

    @property
    def hit_groups(self) -> tuple[str, ...]:
        """Return the groups the emergency acts on."""
        return (self.group,) if self.group is not None else self.groups


class UncertainAbsenteeism(_Agents):
    """Absenteeism that may happen: a share (or range of shares) of the groups' agents away."""

    type: Literal["absenteeism"]
    share: ShareRange


class UncertainSiteLoss(_Agents):
    """A site loss that may happen: a share (or range) of the groups unavailable."""

    type: Literal["site_loss"]
    share: ShareRange = (1.0, 1.0)
    in_hand: InHand = InHand.finish


Emergency = Annotated[
    UncertainOutage | UncertainSurge | UncertainAbsenteeism | UncertainSiteLoss,
    Discriminator("type"),
]
Emergencies = Annotated[dict[Name, Emergency], Field(max_length=MAX_EVENTS)]


# -- what the fields imply on a horizon ---------------------------------------------------------


def start_intervals(when: When, horizon: Horizon) -> np.ndarray:
    """Return the intervals of the horizon an emergency may start in, in order."""
    import numpy as np
    import pandas as pd

    starts = horizon.interval_starts()
    if when.earliest is not None and when.latest is not None:
        inside = (starts >= pd.Timestamp(when.earliest)) & (starts <= pd.Timestamp(when.latest))
        return np.flatnonzero(inside)
    step = horizon.interval_minutes
    per_day = horizon.intervals_per_day
    days = set(parse_days(when.days)) if when.days is not None else set(range(7))
    clock = np.zeros(per_day, dtype=bool)
    for low, high in parse_ranges(when.hours) if when.hours is not None else ((0, 24 * 60),):
        clock[-(-low // step) : -(-high // step)] = True
    day_ok = np.isin(horizon.weekdays(), sorted(days))
    return np.flatnonzero(np.outer(day_ok, clock).reshape(-1))


def hit_queues(scenario: Scenario, emergency: Any) -> list[str]:
    """Return the queues an emergency (or event) acts on: those of its queue or channel, or
    those its group's skills serve."""
    groups = getattr(emergency, "hit_groups", None)
    if groups is None and getattr(emergency, "group", None) is not None:
        groups = (emergency.group,)
    if groups is not None:
        skills = {s for g in groups for s in scenario.agent_groups[g].skills}
        return [name for name, queue in scenario.queues.items() if queue.skill in skills]
    if emergency.queue is not None:
        return [emergency.queue]
    return [name for name, queue in scenario.queues.items() if queue.channel == emergency.channel]


# -- checks against the rest of the scenario (run by the loader) --------------------------------


def check_emergencies(scenario: Scenario) -> None:
    """Raise ScenarioError at the first emergency naming what the scenario lacks, starting off
    the grid or outside the horizon, or able to surge a queue beyond the bounds."""
    total = len(scenario.events) + len(scenario.emergencies)
    if scenario.emergencies and total > MAX_EVENTS:
        raise ScenarioError(
            f"events and emergencies number {total}, more than {MAX_EVENTS}", path="emergencies"
        )
    for name, emergency in scenario.emergencies.items():
        path = f"emergencies.{name}"
        _check_names(scenario, emergency, path)
        try:
            _check_when(emergency.when, scenario.horizon)
        except ValueError as exc:
            raise ScenarioError(str(exc), path=f"{path}.when") from None
    _check_surge_bounds(scenario)


def _check_names(scenario: Scenario, emergency: Any, path: str) -> None:
    from scenarios.checks import diversion_targets

    if isinstance(emergency, (UncertainOutage, UncertainSurge)):
        if emergency.channel is not None and emergency.channel not in scenario.channels:
            raise ScenarioError(
                f"unknown channel {quote(emergency.channel)}; channels are "
                f"{listing(scenario.channels)}",
                path=f"{path}.channel",
            )
        if emergency.queue is not None and emergency.queue not in scenario.queues:
            raise ScenarioError(
                f"unknown queue {quote(emergency.queue)}; queues are {listing(scenario.queues)}",
                path=f"{path}.queue",
            )
    if isinstance(emergency, UncertainOutage) and emergency.divert is not None:
        try:
            diversion_targets(scenario, emergency)
        except ValueError as exc:
            raise ScenarioError(str(exc), path=f"{path}.divert.to") from None
    if isinstance(emergency, _Agents):
        for index, group in enumerate(emergency.hit_groups):
            if group not in scenario.agent_groups:
                raise ScenarioError(
                    f"unknown agent group {quote(group)}; groups are "
                    f"{listing(scenario.agent_groups)}",
                    path=f"{path}.group" if emergency.group else f"{path}.groups[{index}]",
                )


def _check_when(when: When, horizon: Horizon) -> None:
    import pandas as pd

    step = horizon.interval_minutes
    first = pd.Timestamp(horizon.start)
    last = first + pd.Timedelta(days=horizon.days)
    for label in ("earliest", "latest"):
        moment = getattr(when, label)
        if moment is None:
            continue
        stamp = pd.Timestamp(moment)
        if not first <= stamp < last:
            raise ValueError(f"{label} {stamp} is outside the horizon ({first} to {last})")
        if (stamp - first) % pd.Timedelta(minutes=step):
            raise ValueError(f"{label} {stamp} is not on the {step}-minute interval grid")
    for low, high in parse_ranges(when.hours) if when.hours is not None else ():
        for minute in (low, high):
            if minute % step:
                raise ValueError(
                    f"hours {quote(when.hours)}: {minute // 60:02d}:{minute % 60:02d} is not on "
                    f"the {step}-minute interval grid"
                )
    if not len(start_intervals(when, horizon)):
        days = ", ".join(DAY_NAMES[d] for d in sorted(set(horizon.weekdays())))
        raise ValueError(f"no start time falls within the horizon (its days are {days})")


def _check_surge_bounds(scenario: Scenario) -> None:
    """Refuse surges that, all at their largest and overlapping (fixed events too), would lift
    a queue's multipliers beyond MAX_MULTIPLIER or its volume beyond the per-interval bound."""
    from scenarios.events import Surge
    from scenarios.volumes import peak_and_total

    surges = [(n, e) for n, e in scenario.emergencies.items() if isinstance(e, UncertainSurge)]
    if not surges:
        return
    fixed = [e for e in scenario.events if isinstance(e, Surge)]
    for queue_name, queue in scenario.queues.items():
        hits = [(n, e) for n, e in surges if queue_name in hit_queues(scenario, e)]
        if not hits:
            continue
        before = [e for e in fixed if queue_name in hit_queues(scenario, e)]
        peak, _ = peak_and_total(queue, scenario.channels[queue.channel], scenario.horizon)
        for attribute in ("volume_multiplier", "handle_time_multiplier"):
            compound = math.prod(getattr(e, attribute) for e in before)
            for name, emergency in hits:
                compound *= getattr(emergency, attribute)[1]
                path = f"emergencies.{name}.{attribute}"
                if compound > MAX_MULTIPLIER:
                    raise ScenarioError(
                        f"at their largest, the surges on queue {queue_name} overlap to a "
                        f"{attribute} of {compound:g}, more than {MAX_MULTIPLIER:g}",
                        path=path,
                    )
                if attribute == "volume_multiplier" and peak * compound > MAX_CONTACTS_PER_INTERVAL:
                    raise ScenarioError(
                        f"at their largest, the surges give queue {queue_name} "
                        f"{peak * compound:,.0f} contacts in an interval, more than "
                        f"{MAX_CONTACTS_PER_INTERVAL:,}",
                        path=path,
                    )
