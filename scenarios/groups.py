"""Agent groups: the skills they hold, how well, what they cost and how many there may be."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from scenarios.base import (
    MAX_ENTRIES,
    Concurrency,
    Cost,
    Frozen,
    Headcount,
    Multiplier,
    Name,
    Priority,
)


class SkillLevel(Frozen):
    """How a group handles one skill: handle-time multiplier (1.0 = standard) and preference.

    `priority` ranks a group's skills: an agent takes work of its priority-1 skills before
    priority-2 ones, and a contact goes to agents for whom its skill ranks best.
    """

    handle_time_multiplier: Multiplier = 1.0
    priority: Priority = 1


class AgentGroup(Frozen):
    """Agents who share skills and pay; `concurrency` overrides a chat channel's for them."""

    skills: dict[Name, SkillLevel] = Field(min_length=1, max_length=MAX_ENTRIES)
    cost_per_hour: Cost = 0.0
    concurrency: dict[Name, Concurrency] = Field(default_factory=dict)
    # None: every type of the scenario's shift rules
    shift_types: tuple[Name, ...] | None = Field(default=None, max_length=MAX_ENTRIES)
    min_agents: Headcount | None = None
    max_agents: Headcount | None = None

    @model_validator(mode="after")
    def _headcount(self) -> AgentGroup:
        low, high = self.min_agents, self.max_agents
        if low is not None and high is not None and low > high:
            raise ValueError(f"min_agents {low} is above max_agents {high}")
        return self

    @field_validator("skills", mode="before")
    @classmethod
    def _number_is_multiplier(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: {"handle_time_multiplier": v} if isinstance(v, (int, float)) else v
                for k, v in value.items()
            }
        return value
