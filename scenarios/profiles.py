"""Intraday volume profiles: step functions of the time of day, built in or written inline."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo

from scenarios.base import MAX_PROFILE_WEIGHT, quote
from scenarios.calendar import (
    DAY_NAMES,
    MINUTES_PER_DAY,
    expand_day_mapping,
    format_clock,
    is_day_spec,
    parse_clock,
    parse_days,
)
from scenarios.tables import read_rows, resolve_path

Steps = tuple[tuple[int, float], ...]


def builtin_profiles() -> list[str]:
    """Return the names of the intraday profiles shipped with staffsim."""
    folder = resources.files("scenarios") / "data" / "profiles"
    return sorted(p.name.removesuffix(".csv") for p in folder.iterdir() if p.name.endswith(".csv"))


@dataclass(frozen=True)
class IntradayProfile:
    """Relative volume by time of day, per weekday; a day without steps is flat."""

    days: tuple[Steps | None, ...]
    source: Any

    def interval_weights(self, weekday: int, step: int) -> list[float]:
        """Return the profile's weight summed over each `step`-minute interval of a weekday."""
        if (steps := self.days[weekday]) is None:
            return [float(step)] * (MINUTES_PER_DAY // step)
        weights = [0.0] * (MINUTES_PER_DAY // step)
        for (start, value), (end, _) in zip(
            steps, (*steps[1:], (MINUTES_PER_DAY, 0.0)), strict=True
        ):
            for slot in range(start // step, -(-end // step)):
                overlap = min(end, (slot + 1) * step) - max(start, slot * step)
                weights[slot] += value * overlap
        return weights


def _weight(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {str(value).lower()}")
    try:
        weight = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"must be a number, got {quote(value)}") from None
    if not 0 <= weight <= MAX_PROFILE_WEIGHT:  # NaN fails too
        raise ValueError(
            f"must be a finite number between 0 and {MAX_PROFILE_WEIGHT:g}, got {quote(value)}"
        )
    return weight


def _minute(key: Any) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        # YAML 1.1 reads an unquoted 10:00 as the number 600 (base 60)
        raise ValueError(
            f'time {key} is a number: write times in quotes, like "10:00" '
            "(YAML reads an unquoted 10:00 as 600)"
        )
    return parse_clock(str(key))


def _steps_from_entries(entries: list[tuple[str, Any, Any]]) -> Steps:
    """Return steps from (where, time, weight) entries; `where` prefixes a message."""
    steps: dict[int, float] = {}
    for where, key, value in entries:
        try:
            minute = _minute(key)
        except ValueError as exc:
            raise ValueError(f"{where}{exc}") from None
        try:
            weight = _weight(value)
        except ValueError as exc:
            raise ValueError(f"{where}profile weight at {quote(key)} {exc}") from None
        if minute in steps:
            raise ValueError(f"{where}the time {format_clock(minute)} is given twice")
        steps[minute] = weight
    if not steps:
        raise ValueError("a profile needs at least one 'HH:MM: weight' entry")
    if not any(w > 0 for w in steps.values()):
        raise ValueError("a profile needs at least one weight above 0")
    return tuple(sorted(steps.items()))


def _steps_from_mapping(mapping: dict[Any, Any]) -> Steps:
    return _steps_from_entries([("", key, value) for key, value in mapping.items()])


def _steps_from_name(name: str, info: ValidationInfo | None) -> tuple[Steps, str]:
    if name.endswith(".csv"):
        path = resolve_path(name, info)
        source = str(path)
    elif name in builtin_profiles():
        path = Path(str(resources.files("scenarios") / "data" / "profiles" / f"{name}.csv"))
        source = name
    else:
        raise ValueError(
            f"unknown intraday profile {quote(name)}; built-in profiles are "
            f"{', '.join(builtin_profiles())}, or give a .csv file with columns time, weight"
        )
    rows = [(row["time"], row["weight"]) for row in read_rows(path, ("time", "weight"))]
    try:
        steps = _steps_from_entries(
            [(f"row {number}: ", time, weight) for number, (time, weight) in enumerate(rows, 2)]
        )
    except ValueError as exc:
        raise ValueError(f"CSV {path}: {exc}") from None
    return steps, source


def _steps(spec: Any, info: ValidationInfo | None) -> tuple[Steps, Any]:
    if isinstance(spec, str):
        return _steps_from_name(spec, info)
    if isinstance(spec, dict):
        return _steps_from_mapping(spec), {str(k): float(v) for k, v in spec.items()}
    raise ValueError(
        f"a profile is a name, a .csv file or a mapping of HH:MM to weight, got {quote(spec)}"
    )


def parse_profile(spec: Any, info: ValidationInfo | None = None) -> IntradayProfile:
    """Return the intraday profile a scenario describes (name, CSV, mapping, or one per day)."""
    if isinstance(spec, IntradayProfile):
        return spec
    if isinstance(spec, dict) and spec and all(is_day_spec(str(k)) for k in spec):
        expand_day_mapping({str(k): v for k, v in spec.items()})  # rejects a day named twice
        days: list[Steps | None] = [None] * 7
        source = {}
        for key, value in spec.items():
            steps, source[str(key)] = _steps(value, info)
            for day in parse_days(str(key)):
                days[day] = steps
        missing = [DAY_NAMES[d] for d in range(7) if days[d] is None]
        if missing:
            raise ValueError(f"the profile gives no shape for {', '.join(missing)}")
        return IntradayProfile(days=tuple(days), source=source)
    steps, source = _steps(spec, info)
    return IntradayProfile(days=(steps,) * 7, source=source)


def _serialise(profile: IntradayProfile) -> Any:
    return profile.source


ProfileField = Annotated[
    IntradayProfile,
    PlainValidator(parse_profile),
    PlainSerializer(_serialise),
]

__all__ = ["IntradayProfile", "ProfileField", "builtin_profiles", "format_clock", "parse_profile"]
