"""Contingency levers: what a centre may do when an emergency hits, with costs, limits and
triggers.

- `overtime`: per group, at most `agents` agents kept on for up to `hours` hours, paid at the
  group's cost per hour times `overtime_multiplier`;
- `reserve`: up to `agents` agents with a group's skills, called in `lead_minutes` after the
  trigger fires, for `hours` hours, at `callout_cost` each plus `cost_per_hour`;
- `diversions`: a share of a queue's arrivals sent to another queue, or spread over another
  channel's queues, or through a bot, while the trigger holds;
- `pause_deferred`: deferred queues (email) left unworked while the trigger holds, so that
  blended agents take live contacts;
- `callback`: a caller of a voice queue whose expected wait exceeds `threshold_seconds` is
  offered a call-back; a share `accept` takes it, leaves the live queue and is called back
  later, within `promise_minutes` (the share kept within the promise is judged against
  `target`), at `cost` each.

A trigger is a planned `window`, `emergency: true` (while any event of the run holds: a fixed
event or a drawn emergency), or `service_below` (the service level of `queue` over the last
`over_minutes`, checked at each interval boundary). Diversions and pauses act on the contacts
before the run, so they take a window or the emergency trigger only. A call-back is offered
while its trigger holds (always, without one); with `service_below` it holds in each interval
that starts with the watched service level below the threshold. The engine's half is in
`sim.levers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from scenarios.base import (
    MAX_ENTRIES,
    MAX_MULTIPLIER,
    Cost,
    Frozen,
    Headcount,
    Hours,
    Name,
    Seconds,
    Share,
    bounded_float,
    bounded_int,
    listing,
    quote,
)
from scenarios.channels import ChannelKind
from scenarios.errors import ScenarioError
from scenarios.events import Window

if TYPE_CHECKING:
    from scenarios.model import Scenario

OvertimeMultiplier = bounded_float(MAX_MULTIPLIER, positive=True)
LeadMinutes = bounded_int(0, 7 * 24 * 60)
WindowMinutes = bounded_int(1, 24 * 60)
PromiseMinutes = bounded_int(1, 7 * 24 * 60)


class Trigger(Frozen):
    """When a lever acts: a planned window, while an emergency holds, or when service drops."""

    window: Window | None = None
    emergency: bool = False
    service_below: Share | None = None
    queue: Name | None = None  # whose service is watched
    over_minutes: WindowMinutes = 30

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        kinds = [self.window is not None, self.emergency, self.service_below is not None]
        if sum(kinds) != 1:
            raise ValueError("give one of window, emergency: true or service_below")
        if self.service_below is not None and self.queue is None:
            raise ValueError("service_below watches a queue: give queue")
        return self

    @property
    def live(self) -> bool:
        """Return whether the trigger is decided during the run (a service level watched)."""
        return self.service_below is not None


class Overtime(Frozen):
    """Agents of a group kept on past their time when the trigger fires."""

    agents: Headcount = Field(gt=0)
    hours: Hours
    trigger: Trigger


class Reserve(Frozen):
    """A pool of agents with a group's skills, called in with a lead time."""

    group: Name  # whose skills and handle times the reserve agents have
    agents: Headcount = Field(gt=0)
    lead_minutes: LeadMinutes = 60
    hours: Hours = 4.0
    callout_cost: Cost = 0.0
    cost_per_hour: Cost = 0.0
    trigger: Trigger


class Diversion(Frozen):
    """A share of a queue's arrivals sent elsewhere while the trigger holds: to another queue
    (`to`), or to a channel (`to_channel`), spread over its queues with the diverted queue's
    skill (all its queues when none has it) in proportion to their expected volumes over the
    horizon (equal shares when none is expected). With `to_bot` every target must have a bot,
    and the diverted contacts meet it (its containment, handling time and hand-off) as that
    queue's own contacts do (as they do in any diversion to a queue with a bot)."""

    queue: Name
    to: Name | None = None
    to_channel: Name | None = None
    to_bot: bool = False
    share: Share
    cost: Cost = 0.0  # per contact diverted
    trigger: Trigger

    @model_validator(mode="after")
    def _one_target(self) -> Diversion:
        if (self.to is None) == (self.to_channel is None):
            raise ValueError("give one of to (a queue) or to_channel")
        return self


class PauseDeferred(Frozen):
    """Deferred queues left unworked while the trigger holds."""

    queues: tuple[Name, ...] = Field(min_length=1, max_length=MAX_ENTRIES)
    trigger: Trigger


class Callback(Frozen):
    """Call-backs offered to voice callers facing a long expected wait.

    The expected wait of an arriving caller who finds no agent free is (W + 1) x h / n: W
    callers of the queue waiting ahead whose patience has not run out, h the queue's mean handle
    time and n the agents on duty and not on a break in the groups with the queue's skill (no
    agent: an endless wait). With every agent busy and handle times exponential, it is the mean
    time until W + 1 agents free up. Above `threshold_seconds` the caller is offered a call-back.
    """

    queues: tuple[Name, ...] = Field(min_length=1, max_length=MAX_ENTRIES)
    threshold_seconds: Seconds
    accept: Share  # the share of callers offered a call-back who take it
    promise_minutes: PromiseMinutes  # the caller is called back within this
    target: Share = 0.9  # the share of call-backs to keep within the promise
    cost: Cost = 0.0  # per call-back accepted
    trigger: Trigger | None = None  # None: offered whenever the expected wait is long
    # the thresholds `staffsim contingency` may choose among (besides threshold_seconds and
    # no call-backs at all)
    choose_from_seconds: tuple[Seconds, ...] = Field(default=(), max_length=MAX_ENTRIES)


class Contingency(Frozen):
    """The levers a centre may pull in an emergency, their costs, limits and triggers."""

    overtime_multiplier: OvertimeMultiplier = 1.5
    overtime: dict[Name, Overtime] = Field(default_factory=dict, max_length=MAX_ENTRIES)
    reserve: Reserve | None = None
    diversions: tuple[Diversion, ...] = Field(default=(), max_length=MAX_ENTRIES)
    pause_deferred: PauseDeferred | None = None
    callback: Callback | None = None


def overtime_multiplier(scenario: Scenario) -> float:
    """Return the factor on a group's hourly cost for overtime hours (1.5 by default)."""
    return 1.5 if scenario.contingency is None else scenario.contingency.overtime_multiplier


def lever_targets(scenario: Scenario, diversion: Diversion) -> tuple[str, ...]:
    """Return the queues a diversion sends contacts to: its `to` queue, or those of its channel
    with the diverted queue's skill (all the channel's queues when none has it), the diverted
    queue left out."""
    if diversion.to is not None:
        return (diversion.to,)
    skill = scenario.queues[diversion.queue].skill
    in_channel = [
        name
        for name, queue in scenario.queues.items()
        if queue.channel == diversion.to_channel and name != diversion.queue
    ]
    same_skill = [name for name in in_channel if scenario.queues[name].skill == skill]
    return tuple(same_skill or in_channel)


def _known(name: str, names: object, what: str, path: str) -> None:
    if name not in names:  # type: ignore[operator]
        raise ScenarioError(
            f"unknown {what} {quote(name)}; {what}s are {listing(names)}", path=path
        )  # type: ignore[arg-type]


def _check_trigger(scenario: Scenario, trigger: Trigger, path: str, *, live: bool) -> None:
    if trigger.queue is not None:
        _known(trigger.queue, scenario.queues, "queue", f"{path}.queue")
    if trigger.live and not live:
        raise ScenarioError(
            "this lever acts on contacts before the run: give a window or emergency: true",
            path=f"{path}.service_below",
        )


def check_contingency(scenario: Scenario) -> None:
    """Raise ScenarioError at the first lever naming a group or queue the scenario lacks."""
    levers = scenario.contingency
    if levers is None:
        return
    for group, overtime in levers.overtime.items():
        _known(group, scenario.agent_groups, "group", f"contingency.overtime.{group}")
        _check_trigger(
            scenario, overtime.trigger, f"contingency.overtime.{group}.trigger", live=True
        )
    if levers.reserve is not None:
        path = "contingency.reserve"
        _known(levers.reserve.group, scenario.agent_groups, "group", f"{path}.group")
        _check_trigger(scenario, levers.reserve.trigger, f"{path}.trigger", live=True)
    for index, diversion in enumerate(levers.diversions):
        _check_diversion(scenario, diversion, f"contingency.diversions[{index}]")
    if levers.pause_deferred is not None:
        path = "contingency.pause_deferred"
        for index, queue in enumerate(levers.pause_deferred.queues):
            _known(queue, scenario.queues, "queue", f"{path}.queues[{index}]")
            channel = scenario.channels[scenario.queues[queue].channel]
            if channel.kind.live:
                raise ScenarioError(
                    f"{quote(queue)} is a live queue: only deferred work can be paused",
                    path=f"{path}.queues[{index}]",
                )
        _check_trigger(scenario, levers.pause_deferred.trigger, f"{path}.trigger", live=False)
    if levers.callback is not None:
        _check_callback(scenario, levers.callback)


def _check_diversion(scenario: Scenario, diversion: Diversion, path: str) -> None:
    _known(diversion.queue, scenario.queues, "queue", f"{path}.queue")
    if diversion.to is not None:
        _known(diversion.to, scenario.queues, "queue", f"{path}.to")
        if diversion.to == diversion.queue:
            raise ScenarioError("a diversion goes to another queue", path=f"{path}.to")
    else:
        assert diversion.to_channel is not None  # one of the two, validated
        _known(diversion.to_channel, scenario.channels, "channel", f"{path}.to_channel")
        if not lever_targets(scenario, diversion):
            raise ScenarioError(
                f"channel {quote(diversion.to_channel)} has no queue but "
                f"{quote(diversion.queue)} to divert to",
                path=f"{path}.to_channel",
            )
    if diversion.to_bot:
        for target in lever_targets(scenario, diversion):
            if scenario.queues[target].bot is None:
                raise ScenarioError(
                    f"queue {quote(target)} has no bot to divert to", path=f"{path}.to_bot"
                )
    _check_trigger(scenario, diversion.trigger, f"{path}.trigger", live=False)


def _check_callback(scenario: Scenario, callback: Callback) -> None:
    path = "contingency.callback"
    seen: set[str] = set()
    for index, queue in enumerate(callback.queues):
        where = f"{path}.queues[{index}]"
        _known(queue, scenario.queues, "queue", where)
        if queue in seen:
            raise ScenarioError(f"{quote(queue)} is listed twice", path=where)
        seen.add(queue)
        kind = scenario.channels[scenario.queues[queue].channel].kind
        if kind is not ChannelKind.voice:
            raise ScenarioError(
                f"{quote(queue)} is a {kind.value} queue: call-backs are offered to voice callers",
                path=where,
            )
    if callback.trigger is not None:
        _check_trigger(scenario, callback.trigger, f"{path}.trigger", live=True)
