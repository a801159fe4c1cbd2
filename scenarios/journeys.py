"""Cross-reference rules of the customer journey, checked once when a scenario is loaded.

Where a journey goes must exist (a bot's hand-off, an escalation's or a repeat's queue, a
resolution's agent groups), resolved and escalated shares must fit in one contact, retries
need customers who can abandon, and contacts begetting contacts must die out: along every
loop of escalations, repeats and retries the expected number of contacts that come back
per contact stays below 1, or the load would grow without end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scenarios.base import listing, quote
from scenarios.errors import ScenarioError
from scenarios.model import Scenario
from scenarios.queues import Queue

if TYPE_CHECKING:  # numpy is imported where used: `staffsim validate` needs none
    import numpy as np

# a loop returning this share of its contacts or more never dies out in practice
MAX_RETURN = 1.0 - 1e-9


def check_journeys(scenario: Scenario) -> None:
    """Raise ScenarioError at the first journey field that does not fit the rest of the scenario."""
    for name, queue in scenario.queues.items():
        path = f"queues.{name}"
        if queue.bot is not None and queue.bot.handoff_to is not None:
            _known_queue(scenario, queue.bot.handoff_to, f"{path}.bot.handoff_to")
        if queue.escalation is not None:
            _known_queue(scenario, queue.escalation.to, f"{path}.escalation.to")
            if queue.escalation.to == name:
                raise ScenarioError(
                    "a queue escalates to another queue (a tier-2 one), not to itself",
                    path=f"{path}.escalation.to",
                )
        if queue.repeat is not None and queue.repeat.to is not None:
            _known_queue(scenario, queue.repeat.to, f"{path}.repeat.to")
        if queue.retry is not None and not scenario.channels[queue.channel].kind.live:
            raise ScenarioError(
                "deferred contacts wait in a backlog and do not abandon: remove retry",
                path=f"{path}.retry",
            )
        if queue.resolution is not None:
            _check_resolution(scenario, name, queue, path)
    _check_loops(scenario)


def _known_queue(scenario: Scenario, target: str, path: str) -> None:
    if target not in scenario.queues:
        raise ScenarioError(
            f"unknown queue {quote(target)}; queues are {listing(scenario.queues)}", path=path
        )


def _check_resolution(scenario: Scenario, name: str, queue: Queue, path: str) -> None:
    resolution = queue.resolution
    assert resolution is not None  # the caller checked
    escalated = queue.escalation.share if queue.escalation is not None else 0.0
    for group in resolution.by_group:
        where = f"{path}.resolution.by_group.{group}"
        if group not in scenario.agent_groups:
            raise ScenarioError(
                f"unknown agent group {quote(group)}; groups are {listing(scenario.agent_groups)}",
                path=where,
            )
        if queue.skill not in scenario.agent_groups[group].skills:
            raise ScenarioError(
                f"group {group} lacks skill {quote(queue.skill)} and never handles this queue",
                path=where,
            )
    shares = {"first_contact": resolution.first_contact} | {
        f"by_group.{g}": s for g, s in resolution.by_group.items()
    }
    for field, share in shares.items():
        if share + escalated > 1 + 1e-9:
            raise ScenarioError(
                f"{share:g} resolved and {escalated:g} escalated add up to "
                f"{share + escalated:g}, more than 1 (a finished contact is one or the other)",
                path=f"{path}.resolution.{field}",
            )


def return_matrix(scenario: Scenario) -> np.ndarray:
    """Return, per pair of queues, the most contacts one contact of the first can bring to the
    second (escalation, repeat of the unresolved, retry after abandoning; worst agent group)."""
    import numpy as np

    names = list(scenario.queues)
    index = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for name, queue in scenario.queues.items():
        handled = np.zeros(len(names))
        escalated = 0.0
        if queue.escalation is not None:
            escalated = queue.escalation.share
            handled[index[queue.escalation.to]] += escalated
        if queue.repeat is not None:
            resolution = queue.resolution
            resolved = (
                min((resolution.first_contact, *resolution.by_group.values()))
                if resolution is not None
                else 1.0
            )
            unresolved = max(1.0 - resolved - escalated, 0.0)
            handled[index[queue.repeat.to or name]] += unresolved * queue.repeat.share
        abandoned = np.zeros(len(names))
        if queue.retry is not None:
            abandoned[index[name]] = queue.retry.share
        # a contact is either handled or abandoned: the worse of the two bounds its children
        matrix[index[name]] = np.maximum(handled, abandoned)
    return matrix


def _check_loops(scenario: Scenario) -> None:
    queues = scenario.queues.values()
    if not any(q.escalation or q.repeat or q.retry for q in queues):
        return  # nothing comes back (and a plain scenario is checked without numpy)
    import numpy as np

    matrix = return_matrix(scenario)
    if not matrix.any():
        return
    names = list(scenario.queues)
    # children per contact of each generation shrink geometrically iff the spectral radius < 1
    if max(abs(np.linalg.eigvals(matrix))) < MAX_RETURN:
        return
    loop = _heaviest_loop(matrix)
    route = " -> ".join(names[i] for i in (*loop, loop[0]))
    raise ScenarioError(
        f"contacts come back along {route} without dying out (escalation, repeat and retry "
        "shares along the loop multiply to 1 or more): the load would grow without end",
        path=f"queues.{names[loop[0]]}",
    )


def _heaviest_loop(matrix: np.ndarray) -> tuple[int, ...]:
    """Return a loop of queues whose shares multiply to 1 or more (the shortest first)."""
    import numpy as np

    n = len(matrix)
    best: tuple[int, ...] = (int(np.argmax(np.diag(matrix))),)
    frontier: list[tuple[tuple[int, ...], float]] = [((i,), 1.0) for i in range(n)]
    for _ in range(n):
        grown = []
        for path, weight in frontier:
            for j in range(n):
                w = weight * matrix[path[-1], j]
                if w <= 0:
                    continue
                if j == path[0] and w >= MAX_RETURN:
                    return path
                if j not in path:
                    grown.append(((*path, j), w))
        frontier = grown
    return best
