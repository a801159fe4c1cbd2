"""Rules that span several parts of a scenario, checked once when it is loaded."""

from __future__ import annotations

from scenarios.errors import ScenarioError
from scenarios.grid import check_on_grid
from scenarios.model import Scenario


def _check(path: str, check, *args) -> None:
    try:
        check(*args)
    except ValueError as exc:
        raise ScenarioError(str(exc), path=path) from None


def check_scenario(scenario: Scenario) -> None:
    """Raise ScenarioError at the first reference or table that does not fit the scenario."""
    from scenarios.on_duty import group_staffing
    from scenarios.volumes import queue_volumes

    horizon = scenario.horizon
    for name, channel in scenario.channels.items():
        _check(f"channels.{name}.open", check_on_grid, channel, horizon)

    offered = {skill for group in scenario.agent_groups.values() for skill in group.skills}
    for name, queue in scenario.queues.items():
        if queue.channel not in scenario.channels:
            raise ScenarioError(
                f"unknown channel {queue.channel!r}; channels are {', '.join(scenario.channels)}",
                path=f"queues.{name}.channel",
            )
        if queue.skill not in offered:
            raise ScenarioError(
                f"no agent group has skill {queue.skill!r}; "
                f"skills offered are {', '.join(sorted(offered))}",
                path=f"queues.{name}.skill",
            )
        channel = scenario.channels[queue.channel]
        _check(f"queues.{name}.volume", queue_volumes, queue, channel, horizon)

    needed = set(scenario.skills)
    for name, group in scenario.agent_groups.items():
        if not needed & set(group.skills):
            raise ScenarioError(
                f"the group's skills ({', '.join(group.skills)}) serve no queue; "
                f"queues need {', '.join(sorted(needed))}",
                path=f"agent_groups.{name}.skills",
            )

    for name, group in scenario.agent_groups.items():
        for channel in group.concurrency:
            if scenario.channels.get(channel) is None or scenario.channels[channel].kind != "chat":
                raise ScenarioError(
                    f"{channel!r} is not a chat channel of the scenario",
                    path=f"agent_groups.{name}.concurrency.{channel}",
                )
    for name, queue in scenario.queues.items():
        if not scenario.channels[queue.channel].kind.live and queue.patience is not None:
            raise ScenarioError(
                "deferred contacts wait in a backlog and do not abandon: remove patience",
                path=f"queues.{name}.patience",
            )
    _check_shifts(scenario)
    _check_events(scenario)

    for group, spec in scenario.staffing.items():
        if group == "shifts":
            continue
        if group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {group!r}; groups are {', '.join(scenario.agent_groups)}",
                path=f"staffing.{group}",
            )
        _check(f"staffing.{group}", group_staffing, scenario, group, spec)


def _check_shifts(scenario: Scenario) -> None:
    shifts = scenario.shift_staffing
    if shifts is None:
        return
    for index, shift in enumerate(shifts.shifts):
        if shift.group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {shift.group!r}; groups are "
                f"{', '.join(scenario.agent_groups)}",
                path=f"staffing.shifts[{index}].group",
            )
    counted = [g for g in scenario.staffing if g != "shifts"]
    if counted:
        raise ScenarioError(
            f"give staffing either as shifts or as counts per group, not both ({counted[0]})",
            path="staffing",
        )


def _check_events(scenario: Scenario) -> None:
    from scenarios.events import Absenteeism, Outage, SiteLoss, Surge
    from scenarios.grid import check_window

    for index, event in enumerate(scenario.events):
        path = f"events[{index}]"
        _check(path, check_window, event.start, event.end, scenario.horizon)
        if isinstance(event, (Outage, Surge)):
            if event.channel is not None and event.channel not in scenario.channels:
                raise ScenarioError(f"unknown channel {event.channel!r}", path=f"{path}.channel")
            if event.queue is not None and event.queue not in scenario.queues:
                raise ScenarioError(f"unknown queue {event.queue!r}", path=f"{path}.queue")
        if isinstance(event, Outage) and event.divert is not None:
            _check(f"{path}.divert.to", diversion_targets, scenario, event)
        if isinstance(event, (Absenteeism, SiteLoss)) and event.group not in scenario.agent_groups:
            raise ScenarioError(f"unknown agent group {event.group!r}", path=f"{path}.group")


def diversion_targets(scenario: Scenario, outage) -> dict[str, str]:
    """Return, for each queue an outage hits, the queue its diverted contacts go to."""
    hit = [
        name
        for name, queue in scenario.queues.items()
        if outage.queue == name or outage.channel == queue.channel
    ]
    to = outage.divert.to
    targets = {}
    for name in hit:
        if to in scenario.queues:
            targets[name] = to
            continue
        if to not in scenario.channels:
            raise ValueError(f"{to!r} is neither a queue nor a channel of the scenario")
        same_skill = [
            other
            for other, queue in scenario.queues.items()
            if queue.channel == to and queue.skill == scenario.queues[name].skill
        ]
        in_channel = [other for other, queue in scenario.queues.items() if queue.channel == to]
        choice = same_skill or in_channel
        if not choice:
            raise ValueError(f"channel {to!r} has no queue to divert {name} contacts to")
        targets[name] = choice[0]
    return targets
