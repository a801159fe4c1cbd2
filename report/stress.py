"""What a stress test shows and writes: the terminal table and the run folder's files."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from report.files import frame_csv, json_text, scenario_yaml, table_file
from report.formats import TableFormat
from scenarios import Scenario
from sim.stress import StressResult


def _clean(value: Any) -> Any:
    """Return a JSON-safe value: NaN (no contacts, never recovered) becomes null."""
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def stress_files(
    scenario: Scenario,
    result: StressResult,
    seconds: float | None = None,
    table_format: TableFormat = TableFormat.csv,
) -> dict[str, str | bytes]:
    """Return the files of a stress test: breach.csv, runs (CSV or Parquet), summary.json
    (with the seconds it took, when given) and the scenario."""
    took = {} if seconds is None else {"seconds": round(seconds, 1)}
    summary = {"scenario": scenario.name, **took, **result.summary()}
    return {
        "breach.csv": frame_csv(result.breach),
        **table_file("runs", result.runs, table_format),
        "summary.json": json_text(_clean(summary)),
        "scenario.yaml": scenario_yaml(scenario),
    }


GOAL_NAMES = ("csat", "fcr", "nps", "churn", "resolved_within")


def _probability(row: dict[str, Any]) -> str:
    low, high = row["ci95"]
    if low is None or np.isnan(low):  # no run had a customer (a queue no journey starts at)
        return "-"
    return f"{row['p_breach']:.0%} [{100 * low:.0f}-{100 * high:.0f}]"


def stress_tables(summary: dict[str, Any]) -> list[Table]:
    """Return the week's P(breach) per queue and target with 95% intervals, and recovery; with
    satisfaction goals, a second table of P(missing each goal) per queue."""
    tables = [stress_table(summary)]
    names = [g for g in GOAL_NAMES if any(g in row for row in summary["queues"].values())]
    if names:
        goals = Table(title="P(missing a goal) over the week [95% CI]")
        goals.add_column("queue", no_wrap=True)
        for goal in names:
            goals.add_column(goal.replace("_", " "), justify="right", no_wrap=True)
        for name, row in summary["queues"].items():
            goals.add_row(name, *(_probability(row[g]) if g in row else "-" for g in names))
        tables.append(goals)
    return tables


def stress_table(summary: dict[str, Any]) -> Table:
    """Return the week's P(breach) per queue and target with 95% intervals, and recovery."""
    table = Table(title=f"P(breach) over the week [95% Wilson CI], {summary['runs']} runs")
    table.add_column("queue", no_wrap=True)
    for column in ("service level", "abandonment"):
        table.add_column(column, justify="right", no_wrap=True)  # a figure and its interval
    for column in ("runs hit", "recovery min", "lost a run"):
        table.add_column(column, justify="right")
    for name, row in summary["queues"].items():
        service, abandon = row.get("service_level"), row.get("abandonment")
        recovery = row.get("mean_recovery_minutes")
        table.add_row(
            name,
            _probability(service) if service else "-",
            _probability(abandon) if abandon else "-",
            str(row.get("runs_hit", 0)),
            "-" if recovery is None else f"{recovery:,.0f}",
            f"{row.get('mean_lost', 0):,.0f}",
        )
    happened = ", ".join(
        f"{name} {entry['runs']}/{summary['runs']}"
        for name, entry in summary.get("emergencies", {}).items()
    )
    table.caption = (
        f"runs hit: runs in which an emergency acted on the queue; recovery: mean minutes "
        f"from the event's end to service at target for an hour; emergencies drawn: "
        f"{happened or 'none'}; mean cost {summary['mean_cost']:,.0f}"
    )
    return table
