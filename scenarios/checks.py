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
    from scenarios.staffing import group_staffing
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

    for group, spec in scenario.staffing.items():
        if group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {group!r}; groups are {', '.join(scenario.agent_groups)}",
                path=f"staffing.{group}",
            )
        _check(f"staffing.{group}", group_staffing, scenario, group, spec)
