"""Emergencies laid over the normal week: outages, surges, absenteeism, site loss."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, field_validator, model_validator

from scenarios.base import MAX_EVENTS, Factor, Frozen, Multiplier, Name, Share, quote
from scenarios.durations import Duration
from scenarios.horizon import check_year


class Window(Frozen):
    """A span of time; events act on contacts arriving, or agents working, within it."""

    start: dt.datetime
    end: dt.datetime

    @field_validator("start", "end", mode="before")
    @classmethod
    def _written_out(cls, value: Any) -> Any:
        if not isinstance(value, (str, dt.date)):
            # pydantic would read a number as seconds since 1970
            raise ValueError(f"expected a date-time written YYYY-MM-DD HH:MM, got {quote(value)}")
        return value

    @field_validator("start", "end")
    @classmethod
    def _local(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is not None:
            raise ValueError(
                "give the local date-time of the centre, without a time zone "
                f"(got {value.isoformat()})"
            )
        return check_year(value)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end <= self.start:
            raise ValueError(f"the window ends ({self.end}) before it starts ({self.start})")
        return self


class Retry(Frozen):
    """Failed contacts that try again: which share, and after how long."""

    share: Share
    delay: Duration


class Divert(Frozen):
    """Failed contacts that turn to another queue or channel instead."""

    share: Share
    to: Name


class Outage(Window):
    """A channel or queue is down: contacts arriving then fail; some retry, some divert."""

    type: Literal["outage"]
    channel: Name | None = None
    queue: Name | None = None
    retry: Retry | None = None
    divert: Divert | None = None

    @model_validator(mode="after")
    def _target(self) -> Outage:
        if (self.channel is None) == (self.queue is None):
            raise ValueError("an outage names one channel or one queue")
        shares = (self.retry.share if self.retry else 0) + (self.divert.share if self.divert else 0)
        if shares > 1:
            raise ValueError(f"retry and divert shares add up to {shares:g}, more than 1")
        return self


class Surge(Window):
    """More contacts, or longer ones, for a queue or every queue of a channel."""

    type: Literal["surge"]
    channel: Name | None = None
    queue: Name | None = None
    volume_multiplier: Factor = 1.0
    handle_time_multiplier: Multiplier = 1.0

    @model_validator(mode="after")
    def _target(self) -> Surge:
        if (self.channel is None) == (self.queue is None):
            raise ValueError("a surge names one channel or one queue")
        return self


class Absenteeism(Window):
    """A share of a group's agents scheduled within the window does not show up."""

    type: Literal["absenteeism"]
    group: Name
    share: Share


class InHand(StrEnum):
    """What happens to contacts in hand when agents are lost."""

    finish = "finish"
    drop = "drop"


class SiteLoss(Window):
    """A share of a group becomes unavailable over the window."""

    type: Literal["site_loss"]
    group: Name
    share: Share = 1.0
    in_hand: InHand = InHand.finish


Event = Annotated[Outage | Surge | Absenteeism | SiteLoss, Discriminator("type")]
Events = Annotated[tuple[Event, ...], Field(default=(), max_length=MAX_EVENTS)]
