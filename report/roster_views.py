"""The report's views of a roster: who works when (a Gantt chart of agents over the days), and
hours per agent with the fairness figures."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from report.blocks import figure, part, table
from report.gantt import Bar, gantt_chart
from report.grids import bar_chart
from report.runs import Run
from report.svg import colour, nice_ceiling

MAX_HOUR_BARS = 16  # distinct hours shown one bar each; more are put in bins


def _minutes(clock: str) -> int:
    hours, minutes = str(clock).split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _agents(run: Run, roster: pd.DataFrame) -> list[str]:
    """Return the agents in the chart's order: by group, then name; idle agents too."""
    team = run.tables.get("hours.csv", roster)
    if "group" in team:
        team = team.sort_values(["group", "employee"], kind="stable")
    return list(dict.fromkeys(team["employee"].astype(str)))


def roster_gantt(run: Run) -> str:
    """Return each agent's shifts over the roster's days, coloured by group (by shift for a
    benchmark instance, whose shifts have no clock times)."""
    roster = run.tables["roster.csv"].assign(employee=lambda f: f["employee"].astype(str))
    agents = _agents(run, roster)
    row_of = {agent: r for r, agent in enumerate(agents)}
    dated = {"start", "end"} <= set(roster.columns)
    if dated:
        days = pd.to_datetime(roster["day"], format="ISO8601")
        first = days.min().normalize()
        offset = ((days - first) / pd.Timedelta(days=1)).astype(int).to_numpy()
        n_days = int(offset.max()) + 1
        kinds = roster["group"].astype(str) if "group" in roster else roster["employee"]
        start_date = first.date()
    else:
        offset = pd.to_numeric(roster["day"]).astype(int).to_numpy()
        offset = offset - offset.min()
        n_days = int(offset.max()) + 1
        kinds = roster["shift"].astype(str) if "shift" in roster else roster["employee"]
        start_date = None
    names = list(dict.fromkeys(sorted(kinds)))
    bars = []
    for day, kind, row in zip(offset, kinds, roster.to_dict(orient="records"), strict=True):
        if dated:
            begin = _minutes(row["start"]) / 60
            end = _minutes(row["end"]) / 60
            end += 24 if end <= begin else 0  # a night shift ends the next day
            breaks = row.get("breaks")
            words = f"{row['employee']} {row['day']} {row['start']}-{row['end']}" + (
                f", breaks {breaks}" if isinstance(breaks, str) and breaks else ""
            )
        else:
            begin, end = 1.0, 23.0  # a whole day's bar: the instance gives no clock times
            words = f"{row['employee']} day {day + 1}: shift {kind}"
        bars.append(
            Bar(
                row_of[row["employee"]],
                24 * day + begin,
                24 * day + end,
                colour(names.index(kind)),
                words,
            )
        )
    chart = gantt_chart("roster-gantt", agents, bars, days=n_days, start=start_date)
    what = "group" if dated else "shift"
    return figure(
        chart,
        names,
        f"{len(agents)} agents, {len(roster)} shifts over {n_days} days; each bar a shift, "
        f"coloured by {what}",
    )


def _hour_bins(hours: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Return the hours' categories and each agent's: one per distinct value, or equal bins."""
    distinct = np.unique(hours)
    if len(distinct) <= MAX_HOUR_BARS:
        return [f"{h:g} h" for h in distinct], np.searchsorted(distinct, hours)
    width = nice_ceiling(float(distinct[-1] - distinct[0]) / MAX_HOUR_BARS)
    low = math.floor(float(distinct[0]) / width) * width
    index = np.floor((hours - low) / width).astype(int)
    labels = [f"{low + i * width:g}-{low + (i + 1) * width:g} h" for i in range(index.max() + 1)]
    return labels, index


def _fairness_rows(fair: dict[str, Any]) -> list[list[str]]:
    def row(name: str, figures: dict[str, Any]) -> list[str]:
        cells = [name, f"{figures.get('agents_working', '-')}"]
        for measure in ("hours", "weekends", "evenings"):
            spread = part(figures, measure)
            cells.append(
                f"{spread['least']:g} to {spread['most']:g} (spread {spread['spread']:g})"
                if {"least", "most", "spread"} <= set(spread)
                else "-"
            )
        return cells

    rows = [row("all agents", fair)]
    rows += [row(group, figures) for group, figures in part(fair, "groups").items()]
    return rows


def roster_hours(run: Run) -> str:
    """Return how many agents work how many hours, per group, and the fairness figures: the
    least, the most and their spread of hours, weekends and evenings among agents working."""
    hours = run.tables["hours.csv"]
    values = pd.to_numeric(hours["hours"], errors="coerce").fillna(0.0).to_numpy()
    labels, index = _hour_bins(values)
    groups = list(dict.fromkeys(sorted(hours["group"].astype(str))))
    stacks = [
        (
            group,
            np.bincount(
                index[(hours["group"].astype(str) == group).to_numpy()], minlength=len(labels)
            ).tolist(),
        )
        for group in groups
    ]
    chart = bar_chart("roster-hours", labels, stacks, y_label="agents")
    parts = [figure(chart, groups, "agents by hours worked over the roster, per group")]
    fair = part(run.summary, "fairness")
    if fair:
        parts.append(
            table(
                ["", "agents working", "hours", "weekends worked", "evenings worked"],
                _fairness_rows(fair),
            )
        )
    if "contract_hours" in hours:
        worked, contract = values.sum(), pd.to_numeric(hours["contract_hours"]).sum()
        parts.append(
            table(
                ["agents", "hours worked", "contract hours", "share of contract hours worked"],
                [
                    [
                        f"{len(hours)}",
                        f"{worked:,.1f}",
                        f"{contract:,.1f}",
                        f"{worked / contract:.0%}",
                    ]
                ],
            )
        )
    return "".join(parts)
