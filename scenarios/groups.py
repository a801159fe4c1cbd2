"""Agent groups: the skills they hold, how well, what they cost and how many there may be."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from scenarios.base import Frozen, NonNegativeFloat, PositiveFloat


class SkillLevel(Frozen):
    """How a group handles one skill: handle-time multiplier (1.0 = standard) and preference.

    `priority` ranks a group's skills: an agent takes work of its priority-1 skills before
    priority-2 ones, and a contact goes to agents for whom its skill ranks best.
    """

    handle_time_multiplier: PositiveFloat = 1.0
    priority: int = Field(default=1, ge=1)


class AgentGroup(Frozen):
    """Agents who share skills and pay; `concurrency` overrides a chat channel's for them."""

    skills: dict[str, SkillLevel] = Field(min_length=1)
    cost_per_hour: NonNegativeFloat = 0.0
    concurrency: dict[str, Annotated[int, Field(ge=1, le=20)]] = Field(default_factory=dict)
    shift_types: tuple[str, ...] | None = None  # None: every type of the scenario's shift rules
    min_agents: int | None = Field(default=None, ge=0)
    max_agents: int | None = Field(default=None, ge=0)

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
