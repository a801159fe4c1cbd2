"""The scenario: a contact centre and its week, composed from one schema module per concern.

Cross-references between the parts (a queue's channel, a group's skills, an event's target)
are checked by `scenarios.checks`, which the loader runs once the parts are valid.
"""

from __future__ import annotations

from pydantic import Field

from scenarios.base import MAX_DESCRIPTION_LENGTH, MAX_ENTRIES, Frozen, Name
from scenarios.channels import Channel, ChannelKind
from scenarios.contingency import Contingency
from scenarios.durations import DistributionFamily, Duration
from scenarios.events import Events
from scenarios.goals import Goals
from scenarios.groups import AgentGroup, SkillLevel
from scenarios.horizon import Horizon
from scenarios.queues import CsvVolume, PerIntervalVolume, Queue, WeeklyVolume
from scenarios.satisfaction import Satisfaction
from scenarios.shift_rules import ShiftRules
from scenarios.shifts import ShiftList
from scenarios.sla import Sla
from scenarios.staffing import Staffing
from scenarios.stress import Emergencies


class Scenario(Frozen):
    """A contact centre over a horizon: channels, queues, agent groups and their staffing."""

    name: Name
    description: str = Field(default="", max_length=MAX_DESCRIPTION_LENGTH)
    horizon: Horizon
    channels: dict[Name, Channel] = Field(min_length=1, max_length=MAX_ENTRIES)
    queues: dict[Name, Queue] = Field(min_length=1, max_length=MAX_ENTRIES)
    agent_groups: dict[Name, AgentGroup] = Field(min_length=1, max_length=MAX_ENTRIES)
    staffing: Staffing = Field(default_factory=dict)
    shifts: ShiftRules | None = None  # the rules a plan's shifts follow (staffsim plan)
    events: Events = ()
    satisfaction: Satisfaction | None = None  # None: the documented defaults
    goals: Goals | None = None  # the centre's satisfaction goals
    emergencies: Emergencies = Field(default_factory=dict)  # drawn per run by staffsim stress
    contingency: Contingency | None = None  # levers pulled in an emergency (sim.levers)

    @property
    def shift_staffing(self) -> ShiftList | None:
        """Return the shifts agents work, when staffing is given as shifts."""
        entry = self.staffing.get("shifts")
        return entry if isinstance(entry, ShiftList) else None

    @property
    def skills(self) -> tuple[str, ...]:
        """Return every skill some queue needs, in queue order."""
        return tuple(dict.fromkeys(q.skill for q in self.queues.values()))


__all__ = [
    "AgentGroup",
    "Channel",
    "ChannelKind",
    "CsvVolume",
    "DistributionFamily",
    "Duration",
    "Horizon",
    "PerIntervalVolume",
    "Queue",
    "Scenario",
    "SkillLevel",
    "Sla",
    "WeeklyVolume",
]
