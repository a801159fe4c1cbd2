"""Agents as the engine sees them: on duty or not, how loaded, what they are due to do next."""

from __future__ import annotations

from enum import IntEnum

GOLDEN = 0.6180339887498949


class State(IntEnum):
    """Where an agent is."""

    off = 0  # not logged in, or gone for the day
    ready = 1  # logged in and taking work
    away = 2  # on a break or unavailable (a lost site)


class Due(IntEnum):
    """What an agent does once the contacts in hand are finished."""

    nothing = 0
    away = 1
    leave = 2


class Agent:
    """One agent: group, state, load (1 = fully occupied) and the contacts in hand."""

    __slots__ = (
        "chats",
        "due",
        "group",
        "holds",
        "id",
        "idle_since",
        "in_hand",
        "load",
        "state",
        "waiters",
    )

    def __init__(self, agent_id: int, group: int) -> None:
        self.id = agent_id
        self.group = group
        self.state = State.off
        self.due = Due.nothing
        self.load = 0.0
        self.chats = 0
        self.idle_since = 0.0
        self.in_hand: dict[int, None] = {}  # contact -> None, in the order taken
        self.holds: set[str] = set()  # reasons it is kept away: "break", "loss"
        self.waiters: list = []  # SimPy events to succeed when it has stepped away or left

    def lost_to(self, share: float) -> bool:
        """Return whether a loss of `share` of a group takes this agent (spread evenly by id)."""
        return (self.id * GOLDEN) % 1.0 < share

    def __repr__(self) -> str:
        return f"Agent({self.id}, group={self.group}, {self.state.name}, load={self.load:g})"
