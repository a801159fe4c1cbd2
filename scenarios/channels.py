"""Channels: how customers reach the centre (voice, chat, deferred work) and when."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import Field, field_validator, model_validator

from scenarios.base import Concurrency, Factor, Frozen
from scenarios.calendar import expand_day_mapping, parse_ranges


class ChannelKind(StrEnum):
    """How contacts of a channel are handled.

    voice: one at a time, callers abandon. chat: an agent holds up to `concurrency` at once,
    customers abandon. deferred (email, tickets): no abandonment, a backlog that carries over
    intervals and closed hours, worked when no live contact waits.
    """

    voice = "voice"
    chat = "chat"
    deferred = "deferred"

    @property
    def live(self) -> bool:
        """Return whether customers wait on the line (voice, chat) rather than in a backlog."""
        return self is not ChannelKind.deferred


class Channel(Frozen):
    """A way customers reach the centre, with its opening hours.

    A live channel receives contacts only while open; a deferred channel receives them at any
    time and its opening hours say when agents work the backlog.
    """

    kind: ChannelKind
    open: dict[str, str] = Field(default_factory=lambda: {"mon-sun": "00:00-24:00"})
    concurrency: Concurrency = 1
    concurrency_slowdown: Factor = 0.0

    @model_validator(mode="after")
    def _concurrency_is_for_chat(self) -> Channel:
        if self.kind is not ChannelKind.chat and (
            self.concurrency != 1 or self.concurrency_slowdown
        ):
            raise ValueError(
                f"concurrency applies to chat channels only; a {self.kind.value} agent holds "
                "one contact at a time"
            )
        return self

    @field_validator("open")
    @classmethod
    def _hours_parse(cls, value: dict[str, str]) -> dict[str, str]:
        expand_day_mapping(value)
        for text in value.values():
            parse_ranges(text)
        return value

    @cached_property
    def weekly_hours(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Return the opening (start, end) minutes for each weekday, Monday first."""
        by_day = expand_day_mapping(self.open)
        return tuple(parse_ranges(by_day.get(day, "closed")) for day in range(7))
