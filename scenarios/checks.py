"""Rules that span several parts of a scenario, checked once when it is loaded."""

from __future__ import annotations

from scenarios.base import MAX_CONTACTS_PER_INTERVAL, MAX_MULTIPLIER, listing, quote
from scenarios.contingency import check_contingency
from scenarios.errors import ScenarioError
from scenarios.grid import check_on_grid, window_slice
from scenarios.journeys import check_journeys
from scenarios.model import Scenario
from scenarios.stress import check_emergencies


def _check(path: str, check, *args) -> None:
    try:
        check(*args)
    except ValueError as exc:
        raise ScenarioError(str(exc), path=path) from None


def check_scenario(scenario: Scenario) -> None:
    """Raise ScenarioError at the first reference or table that does not fit the scenario."""
    for name, channel in scenario.channels.items():
        _check(f"channels.{name}.open", check_on_grid, channel, scenario.horizon)
    _check_queues(scenario)
    _check_groups(scenario)
    _check_shifts(scenario)
    _check_shift_rules(scenario)
    _check_events(scenario)
    _check_surges(scenario)
    check_journeys(scenario)
    check_emergencies(scenario)
    check_contingency(scenario)
    _check_staffing(scenario)


def _check_queues(scenario: Scenario) -> None:
    """Each queue's channel and skill exist, its volume fits, deferred work has no patience."""
    offered = {skill for group in scenario.agent_groups.values() for skill in group.skills}
    for name, queue in scenario.queues.items():
        if queue.channel not in scenario.channels:
            raise ScenarioError(
                f"unknown channel {quote(queue.channel)}; channels are "
                f"{listing(scenario.channels)}",
                path=f"queues.{name}.channel",
            )
        if queue.skill not in offered:
            raise ScenarioError(
                f"no agent group has skill {quote(queue.skill)}; "
                f"skills offered are {listing(sorted(offered))}",
                path=f"queues.{name}.skill",
            )
        channel = scenario.channels[queue.channel]
        _check(f"queues.{name}.volume", _check_volume, queue, channel, scenario.horizon)
        if not channel.kind.live and queue.patience is not None:
            raise ScenarioError(
                "deferred contacts wait in a backlog and do not abandon: remove patience",
                path=f"queues.{name}.patience",
            )


def _check_groups(scenario: Scenario) -> None:
    """Each group serves some queue, names known shift types and chat channels."""
    needed = set(scenario.skills)
    for name, group in scenario.agent_groups.items():
        if not needed & set(group.skills):
            raise ScenarioError(
                f"the group's skills ({listing(group.skills)}) serve no queue; "
                f"queues need {listing(sorted(needed))}",
                path=f"agent_groups.{name}.skills",
            )
    for name, group in scenario.agent_groups.items():
        unknown = [
            t for t in group.shift_types or () if scenario.shifts and t not in scenario.shifts.types
        ]
        if unknown:
            raise ScenarioError(
                f"unknown shift type {quote(unknown[0])}; shift types are "
                f"{listing(scenario.shifts.types)}",
                path=f"agent_groups.{name}.shift_types",
            )
        for channel in group.concurrency:
            if scenario.channels.get(channel) is None or scenario.channels[channel].kind != "chat":
                raise ScenarioError(
                    f"{quote(channel)} is not a chat channel of the scenario",
                    path=f"agent_groups.{name}.concurrency.{channel}",
                )


def _check_staffing(scenario: Scenario) -> None:
    """Each staffing entry names a group and fits the horizon."""
    from scenarios.on_duty import group_staffing

    for group, spec in scenario.staffing.items():
        if group == "shifts":
            continue
        if group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {quote(group)}; groups are {listing(scenario.agent_groups)}",
                path=f"staffing.{group}",
            )
        if not isinstance(spec, int):  # a count was checked as it was read: a table is read here
            _check(f"staffing.{group}", group_staffing, scenario, group, spec)


def _check_volume(queue, channel, horizon) -> None:
    from scenarios.volumes import peak_and_total, queue_volumes

    peak, _ = peak_and_total(queue, channel, horizon)
    if peak > MAX_CONTACTS_PER_INTERVAL:
        volumes = queue_volumes(queue, channel, horizon)  # to say where: rare, numpy is fine
        worst = int(volumes.argmax())
        raise ValueError(
            f"{volumes[worst]:,.0f} contacts expected in the interval at "
            f"{horizon.interval_starts()[worst]}, more than {MAX_CONTACTS_PER_INTERVAL:,}"
        )


def _check_shifts(scenario: Scenario) -> None:
    from scenarios.on_duty import check_shift_headcount

    shifts = scenario.shift_staffing
    if shifts is None:
        return
    for index, shift in enumerate(shifts.shifts):
        if shift.group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {quote(shift.group)}; groups are "
                f"{listing(scenario.agent_groups)}",
                path=f"staffing.shifts[{index}].group",
            )
    counted = [g for g in scenario.staffing if g != "shifts"]
    if counted:
        raise ScenarioError(
            f"give staffing either as shifts or as counts per group, not both ({counted[0]})",
            path="staffing",
        )
    _check("staffing.shifts", check_shift_headcount, scenario)


def _check_shift_rules(scenario: Scenario) -> None:
    """Shift types start and last whole intervals of the horizon's grid (a plan counts agents
    per interval)."""
    if scenario.shifts is None:
        return
    step = scenario.horizon.interval_minutes
    for name, kind in scenario.shifts.types.items():
        path = f"shifts.types.{name}"
        if kind.length_minutes % step:
            raise ScenarioError(
                f"lasts {kind.length_minutes} minutes, not a whole number of the horizon's "
                f"{step}-minute intervals",
                path=f"{path}.length_hours",
            )
        off = [start for start in kind.start_minutes() if start % step]
        if off:
            hours, minutes = divmod(off[0], 60)
            raise ScenarioError(
                f"a shift would start at {hours:02d}:{minutes:02d}, off the horizon's "
                f"{step}-minute grid: give start_step_minutes a multiple of {step} and starts "
                "on the grid",
                path=f"{path}.start_step_minutes",
            )


def _check_events(scenario: Scenario) -> None:
    from scenarios.events import Absenteeism, Outage, SiteLoss, Surge
    from scenarios.grid import check_window

    for index, event in enumerate(scenario.events):
        path = f"events[{index}]"
        _check(path, check_window, event.start, event.end, scenario.horizon)
        if isinstance(event, (Outage, Surge)):
            if event.channel is not None and event.channel not in scenario.channels:
                raise ScenarioError(
                    f"unknown channel {quote(event.channel)}", path=f"{path}.channel"
                )
            if event.queue is not None and event.queue not in scenario.queues:
                raise ScenarioError(f"unknown queue {quote(event.queue)}", path=f"{path}.queue")
        if isinstance(event, Outage) and event.divert is not None:
            _check(f"{path}.divert.to", diversion_targets, scenario, event)
        if isinstance(event, (Absenteeism, SiteLoss)) and event.group not in scenario.agent_groups:
            raise ScenarioError(f"unknown agent group {quote(event.group)}", path=f"{path}.group")


def _check_surges(scenario: Scenario) -> None:
    """Raise ScenarioError where overlapping surges multiply beyond MAX_MULTIPLIER, or lift a
    queue's volume beyond MAX_CONTACTS_PER_INTERVAL (each surge alone is within bounds)."""
    from scenarios.events import Surge
    from scenarios.volumes import queue_volumes, surged

    if not any(isinstance(event, Surge) for event in scenario.events):
        return
    import numpy as np  # here: a scenario without surges is checked without numpy

    horizon = scenario.horizon
    ones = np.ones(horizon.n_intervals)
    for name, queue in scenario.queues.items():
        for attribute in ("volume_multiplier", "handle_time_multiplier"):
            compound = surged(scenario, name, ones, attribute)
            worst = int(compound.argmax())
            if compound[worst] > MAX_MULTIPLIER:
                raise ScenarioError(
                    f"overlapping surges give queue {name} a {attribute} of "
                    f"{compound[worst]:g} in the interval at {_when(scenario, worst)}, more "
                    f"than {MAX_MULTIPLIER:g}",
                    path=_surge_at(scenario, name, worst),
                )
        base = queue_volumes(queue, scenario.channels[queue.channel], horizon)
        volume = surged(scenario, name, base, "volume_multiplier")
        worst = int(volume.argmax())
        if volume[worst] > MAX_CONTACTS_PER_INTERVAL:
            raise ScenarioError(
                f"with surges, queue {name} expects {volume[worst]:,.0f} contacts in the "
                f"interval at {_when(scenario, worst)}, more than {MAX_CONTACTS_PER_INTERVAL:,}",
                path=_surge_at(scenario, name, worst),
            )


def _when(scenario: Scenario, interval: int) -> str:
    return str(scenario.horizon.interval_starts()[interval])


def _surge_at(scenario: Scenario, queue: str, interval: int) -> str:
    """Return the field path of the last surge on a queue over an interval."""
    from scenarios.events import Surge

    channel = scenario.queues[queue].channel
    path = "events"
    for index, event in enumerate(scenario.events):
        hits = event.queue == queue or (event.queue is None and event.channel == channel)
        if not isinstance(event, Surge) or not hits:
            continue
        window = window_slice(event.start, event.end, scenario.horizon)
        if window.start <= interval < window.stop:
            path = f"events[{index}]"
    return path


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
            raise ValueError(f"{quote(to)} is neither a queue nor a channel of the scenario")
        same_skill = [
            other
            for other, queue in scenario.queues.items()
            if queue.channel == to and queue.skill == scenario.queues[name].skill
        ]
        in_channel = [other for other, queue in scenario.queues.items() if queue.channel == to]
        choice = same_skill or in_channel
        if not choice:
            raise ValueError(f"channel {quote(to)} has no queue to divert {name} contacts to")
        targets[name] = choice[0]
    return targets
