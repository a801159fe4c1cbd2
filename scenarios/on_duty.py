"""Agents on duty per interval and group, from the scenario or a staffing CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.calendar import MINUTES_PER_DAY
from scenarios.errors import ScenarioError
from scenarios.grid import interval_positions
from scenarios.horizon import Horizon
from scenarios.model import Scenario
from scenarios.shifts import ShiftList, parse_shifts
from scenarios.tables import CsvTable, parse_numbers, read_csv


def _csv_counts(table: CsvTable, horizon: Horizon, groups: list[str]) -> dict[str, np.ndarray]:
    frame = table.frame
    unknown = sorted(set(frame["group"].astype(str)) - set(groups))
    if unknown:
        raise ValueError(
            f"CSV {table.path}: unknown group(s) {', '.join(unknown)}; "
            f"the scenario's groups are {', '.join(groups)}"
        )
    position = interval_positions(frame["interval_start"], horizon, table.path)
    agents = parse_numbers(frame["agents"], table.path, "agents").to_numpy()
    fractional = agents != np.round(agents)
    if fractional.any():
        row = int(fractional.argmax())
        raise ValueError(f"CSV {table.path} row {row + 2}: agents must be a whole number")
    counts = {}
    for group in sorted(set(frame["group"].astype(str))):
        rows = (frame["group"].astype(str) == group).to_numpy()
        if pd.Series(position[rows]).duplicated().any():
            raise ValueError(f"CSV {table.path}: group {group} lists an interval twice")
        column = np.zeros(horizon.n_intervals, dtype=np.int64)
        column[position[rows]] = agents[rows].astype(np.int64)
        counts[group] = column
    return counts


def staffing_table(scenario: Scenario, override: CsvTable | None = None) -> pd.DataFrame:
    """Return agents on duty per interval (rows) and group (columns); absent groups have none.

    For staffing given as shifts, the mean number logged in and not on a break.
    """
    horizon = scenario.horizon
    groups = list(scenario.agent_groups)
    if override is None and scenario.shift_staffing is not None:
        return shift_counts(scenario)
    none = np.zeros(horizon.n_intervals, dtype=np.int64)
    if override is not None:
        counts = _csv_counts(override, horizon, groups)
    else:
        counts = {g: group_staffing(scenario, g, spec) for g, spec in scenario.staffing.items()}
    return pd.DataFrame({g: counts.get(g, none) for g in groups}, index=horizon.interval_starts())


def group_staffing(scenario: Scenario, group: str, spec: int | CsvTable) -> np.ndarray:
    """Return one group's agents on duty per interval from its scenario staffing entry."""
    horizon = scenario.horizon
    if isinstance(spec, CsvTable):
        counts = _csv_counts(spec, horizon, list(scenario.agent_groups))
        return counts.get(group, np.zeros(horizon.n_intervals, dtype=np.int64))
    return np.full(horizon.n_intervals, spec, dtype=np.int64)


def read_staffing(path: str, scenario: Scenario) -> pd.DataFrame | ShiftList:
    """Return the staffing in a CSV file: shifts (group, day, start, end, agents, breaks) or
    agents per interval (interval_start, group, agents), checked against the scenario."""
    file = Path(path).expanduser().resolve()
    try:
        frame = read_csv(file, ())
        if {"day", "start", "end"} <= set(frame.columns):
            shifts = parse_shifts(str(file))
            unknown = sorted({s.group for s in shifts.shifts} - set(scenario.agent_groups))
            if unknown:
                raise ValueError(
                    f"unknown group(s) {', '.join(unknown)}; the scenario's groups are "
                    f"{', '.join(scenario.agent_groups)}"
                )
            return shifts
        table = CsvTable(path=file, frame=read_csv(file, ("interval_start", "group", "agents")))
        return staffing_table(scenario, table)
    except ValueError as exc:
        raise ScenarioError(str(exc), file=str(path)) from None


def shift_counts(scenario: Scenario) -> pd.DataFrame:
    """Return the mean agents on duty per interval and group when staffing is given as shifts."""
    from scenarios.shifts import agent_shifts

    horizon = scenario.horizon
    minutes = horizon.days * MINUTES_PER_DAY
    groups = list(scenario.agent_groups)
    change = np.zeros((len(groups), minutes + 1))
    for agent in agent_shifts(scenario.shift_staffing.shifts, horizon.start, horizon.days):
        row = change[groups.index(agent.group)]
        spans = [(agent.login, agent.logout, 1.0)]
        spans += [(due, due + seconds, -1.0) for due, seconds in agent.breaks]
        for start, end, sign in spans:
            row[min(int(start // 60), minutes)] += sign
            row[min(int(end // 60), minutes)] -= sign
    on_duty = np.cumsum(change[:, :minutes], axis=1)
    per_interval = on_duty.reshape(len(groups), horizon.n_intervals, -1).mean(axis=2)
    return pd.DataFrame(per_interval.T, columns=groups, index=horizon.interval_starts())
