"""How contacts flow on from a queue: a bot in front, resolution, escalation and repeats.

Every share is of a queue's contacts at one step of the customer's journey:

- `bot`: of the contacts arriving, `containment` are resolved by the bot and never reach an
  agent; the rest reach `handoff_to` (default: the same queue) after the bot's handling time,
  which counts in the customer's time, and the agent's work is scaled by
  `handle_time_multiplier` (the conversation so far comes along).
- `resolution`: of the contacts an agent finishes, `first_contact` are resolved then
  (`by_group` overrides it for a group).
- `escalation`: of the contacts an agent finishes, `share` go on to queue `to` (a tier-2
  queue with its own skill, handle time and target), after `delay` if given. Resolved and
  escalated are exclusive: their shares add up to at most 1.
- `repeat`: of the customers left unresolved (neither resolved nor escalated), `share` contact
  the centre again after `delay`, on queue `to` (default: the same queue).

Customers who abandon and try again are a queue's `retry` (`scenarios.events.Retry`).
"""

from __future__ import annotations

from pydantic import Field

from scenarios.base import MAX_ENTRIES, Frozen, Multiplier, Name, Share
from scenarios.durations import Duration


class Bot(Frozen):
    """A bot answering a queue's contacts first: what it contains and where it hands off."""

    containment: Share
    handling_time: Duration
    handoff_to: Name | None = None  # None: the same queue
    handle_time_multiplier: Multiplier = 1.0


class Resolution(Frozen):
    """The share of contacts an agent resolves at that contact, overall and per agent group."""

    first_contact: Share
    by_group: dict[Name, Share] = Field(default_factory=dict, max_length=MAX_ENTRIES)

    def for_group(self, group: str) -> float:
        """Return the share of contacts a group's agents resolve at first contact."""
        return self.by_group.get(group, self.first_contact)


class Escalation(Frozen):
    """The share of finished contacts sent on to another queue, and after how long."""

    share: Share
    to: Name
    delay: Duration | None = None  # None: at once (a warm transfer)


class Repeat(Frozen):
    """The share of unresolved customers who contact again, after how long, and where."""

    share: Share
    delay: Duration
    to: Name | None = None  # None: the same queue
