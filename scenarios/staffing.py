"""The scenario's staffing field: agents per group (a count or a CSV), or shifts."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo

from scenarios.base import MAX_AGENTS, MAX_ENTRIES, check_name, path_part, quote
from scenarios.errors import ScenarioError
from scenarios.shifts import ShiftList, parse_shifts
from scenarios.tables import CsvTable, load_csv


def _staffing_entry(key: str, value: Any, info: ValidationInfo) -> int | CsvTable | ShiftList:
    if key == "shifts":
        return parse_shifts(value, info)
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"staffing is a whole number of agents or a CSV file, got {quote(value)}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"agents must be 0 or more, got {value:g}")
        if value > MAX_AGENTS:
            raise ValueError(f"agents must be at most {MAX_AGENTS:,}, got {value:g}")
        return int(value)
    if isinstance(value, CsvTable) or (isinstance(value, str) and value.endswith(".csv")):
        return load_csv(value, info, ("interval_start", "group", "agents"))
    raise ValueError(
        "staffing is a whole number of agents or a .csv file "
        f"(interval_start, group, agents), got {quote(value)}"
    )


def _staffing(value: Any, info: ValidationInfo) -> dict[str, int | CsvTable | ShiftList]:
    if not isinstance(value, dict):
        raise ValueError("staffing maps each group to agents (a number or a CSV), or gives shifts")
    if len(value) > MAX_ENTRIES + 1:  # the groups, and shifts
        raise ValueError(f"staffing names {len(value)} groups, more than {MAX_ENTRIES}")
    parsed = {}
    for key, entry in value.items():
        try:
            check_name(key if isinstance(key, str) else str(key))
            parsed[str(key)] = _staffing_entry(str(key), entry, info)
        except ValueError as exc:
            raise ScenarioError(
                str(exc).removeprefix("Value error, "), path=f"staffing.{path_part(key)}"
            ) from None
    return parsed


def _staffing_document(value: dict[str, Any]) -> dict[str, Any]:
    return {
        key: entry.source
        if isinstance(entry, ShiftList)
        else str(entry.path)
        if isinstance(entry, CsvTable)
        else entry
        for key, entry in value.items()
    }


Staffing = Annotated[
    dict[str, int | CsvTable | ShiftList],
    PlainValidator(_staffing),
    PlainSerializer(_staffing_document),
]
