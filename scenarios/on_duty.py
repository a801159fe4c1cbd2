"""Agents on duty per interval and group, from the scenario or a staffing CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.base import MAX_AGENTS, listing, quote
from scenarios.calendar import MINUTES_PER_DAY, format_clock
from scenarios.errors import ScenarioError
from scenarios.grid import interval_positions
from scenarios.horizon import Horizon
from scenarios.model import Scenario
from scenarios.shifts import Shift, ShiftList, parse_shifts, working_days
from scenarios.tables import CsvTable, parse_numbers, read_csv

if TYPE_CHECKING:  # numpy and pandas are imported where used: `staffsim validate` needs neither
    import numpy as np
    import pandas as pd


def _csv_counts(table: CsvTable, horizon: Horizon, groups: list[str]) -> dict[str, np.ndarray]:
    import numpy as np
    import pandas as pd

    frame = table.frame
    names = frame["group"].astype(str).str.strip()
    unknown = ~names.isin(groups).to_numpy()
    if unknown.any():
        row = int(unknown.argmax())
        raise ValueError(
            f"CSV {table.path} row {row + 2}: unknown group {quote(frame['group'].iloc[row])}; "
            f"the scenario's groups are {listing(groups)}"
        )
    position = interval_positions(frame["interval_start"], horizon, table.path)
    agents = parse_numbers(frame["agents"], table.path, "agents", at_most=MAX_AGENTS).to_numpy()
    fractional = agents != np.round(agents)
    if fractional.any():
        row = int(fractional.argmax())
        raise ValueError(f"CSV {table.path} row {row + 2}: agents must be a whole number")
    twice = pd.DataFrame({"group": names, "at": position}).duplicated().to_numpy()
    if twice.any():
        row = int(twice.argmax())
        raise ValueError(
            f"CSV {table.path} row {row + 2}: group {names.iloc[row]} lists this interval twice"
        )
    counts = {}
    for group in sorted(set(names)):
        rows = (names == group).to_numpy()
        column = np.zeros(horizon.n_intervals, dtype=np.int64)
        column[position[rows]] = agents[rows].astype(np.int64)
        counts[group] = column
    return counts


def staffing_table(scenario: Scenario, override: CsvTable | None = None) -> pd.DataFrame:
    """Return agents on duty per interval (rows) and group (columns); absent groups have none.

    For staffing given as shifts, the mean number logged in and not on a break.
    """
    import pandas as pd

    if override is None and scenario.shift_staffing is not None:
        return shift_counts(scenario)
    return pd.DataFrame(
        count_matrix(scenario, override),
        columns=list(scenario.agent_groups),
        index=scenario.horizon.interval_starts(),
    )


def count_matrix(scenario: Scenario, override: CsvTable | None = None) -> np.ndarray:
    """Return the agents on duty per interval (rows) and group (columns) of count staffing (the
    scenario's counts, or `override`'s); absent groups have none."""
    import numpy as np

    horizon = scenario.horizon
    groups = list(scenario.agent_groups)
    if override is not None:
        counts = _csv_counts(override, horizon, groups)
    else:
        counts = {g: group_staffing(scenario, g, spec) for g, spec in scenario.staffing.items()}
    none = np.zeros(horizon.n_intervals, dtype=np.int64)
    return np.column_stack([counts.get(g, none) for g in groups]).astype(np.int64)


def group_staffing(scenario: Scenario, group: str, spec: int | CsvTable) -> np.ndarray:
    """Return one group's agents on duty per interval from its scenario staffing entry."""
    import numpy as np

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


def _by_minute(shifts: list[Shift], horizon: Horizon, *, breaks: bool) -> np.ndarray:
    """Return the agents of some shifts logged in (and, with breaks, not on one) each minute."""
    import numpy as np

    minutes = horizon.days * MINUTES_PER_DAY
    change = np.zeros(minutes + 1)
    for shift in shifts:
        for login, logout, pauses in working_days(shift, horizon.start, horizon.days):
            spans = [(login, logout, shift.agents)]
            if breaks:
                spans += [(due, due + seconds, -shift.agents) for due, seconds in pauses]
            for start, end, agents in spans:
                change[min(int(start // 60), minutes)] += agents
                change[min(int(end // 60), minutes)] -= agents
    return np.cumsum(change[:minutes])


def _by_group(scenario: Scenario) -> dict[str, list[Shift]]:
    shifts: dict[str, list[Shift]] = {}
    for shift in scenario.shift_staffing.shifts:
        shifts.setdefault(shift.group, []).append(shift)
    return shifts


def shift_counts(scenario: Scenario) -> pd.DataFrame:
    """Return the mean agents on duty per interval and group when staffing is given as shifts."""
    import pandas as pd

    horizon = scenario.horizon
    by_group = _by_group(scenario)
    columns = {}
    for group in scenario.agent_groups:  # one group at a time: a year of minutes is large
        on_duty = _by_minute(by_group.get(group, []), horizon, breaks=True)
        columns[group] = on_duty.reshape(horizon.n_intervals, -1).mean(axis=1)
    return pd.DataFrame(columns, index=horizon.interval_starts())


def check_shift_headcount(scenario: Scenario) -> None:
    """Raise ValueError when shifts log in more than MAX_AGENTS agents of a group at once."""
    horizon = scenario.horizon
    minutes = horizon.days * MINUTES_PER_DAY
    for group, shifts in _by_group(scenario).items():
        # a sweep over the minutes where logins change: no per-minute array, so no numpy
        change: dict[int, int] = {}
        for shift in shifts:
            for login, logout, _ in working_days(shift, horizon.start, horizon.days):
                for moment, agents in ((login, shift.agents), (logout, -shift.agents)):
                    minute = min(int(moment // 60), minutes)
                    change[minute] = change.get(minute, 0) + agents
        logged_in = 0
        for minute in sorted(m for m in change if m < minutes):
            logged_in += change[minute]
            if logged_in > MAX_AGENTS:
                day, clock = divmod(minute, MINUTES_PER_DAY)
                raise ValueError(
                    f"group {group} has {logged_in:,.0f} agents logged in on "
                    f"{horizon.start + dt.timedelta(days=day)} at {format_clock(clock)}, "
                    f"more than {MAX_AGENTS:,}"
                )
