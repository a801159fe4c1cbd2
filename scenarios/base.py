"""Building blocks of the scenario model: the frozen base class and common number types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1)]


class Frozen(BaseModel):
    """Base of scenario objects: unknown fields rejected, nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)
