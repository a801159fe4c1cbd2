"""Random durations as a scenario states them: handle times, patience, retry delays."""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from scenarios.base import Cv, Frozen, Seconds


class DistributionFamily(StrEnum):
    """The families a duration (handle time, patience) may be drawn from."""

    exponential = "exponential"
    lognormal = "lognormal"
    gamma = "gamma"
    fixed = "fixed"


class Duration(Frozen):
    """A random duration given by family, mean and coefficient of variation."""

    distribution: DistributionFamily = DistributionFamily.lognormal
    mean_seconds: Seconds
    cv: Cv | None = None

    @model_validator(mode="after")
    def _cv_fits_family(self) -> Duration:
        family = self.distribution
        if family in (DistributionFamily.lognormal, DistributionFamily.gamma):
            if self.cv is None or self.cv <= 0:
                raise ValueError(f"a {family.value} duration needs cv > 0 (e.g. cv: 0.8)")
        elif family is DistributionFamily.exponential and self.cv not in (None, 1.0):
            raise ValueError(f"an exponential duration has cv 1, got cv {self.cv}")
        elif family is DistributionFamily.fixed and self.cv not in (None, 0.0):
            raise ValueError(f"a fixed duration has cv 0, got cv {self.cv}")
        return self
