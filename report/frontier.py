"""The files and the terminal table of a cost-service frontier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from rich.table import Table

from report.files import frame_csv, json_text, scenario_yaml
from scenarios import Scenario

if TYPE_CHECKING:  # importing the planner (PuLP) would cost start-up to every command
    from optimise.frontier import Frontier


def frontier_files(scenario: Scenario, frontier: Frontier) -> dict[str, str]:
    """Return the files of a frontier run: frontier.csv, plans.csv (every budget's plan),
    plan.csv and coverage.csv (the cheapest plan meeting every target), summary.json and the
    scenario."""
    plans = [plan.shifts.assign(budget=budget) for budget, plan in frontier.plans.items()]
    files: dict[str, str] = {
        "frontier.csv": frame_csv(frontier.table),
        "summary.json": json_text({"scenario": scenario.name, **frontier.summary()}),
        "scenario.yaml": scenario_yaml(scenario),
    }
    if plans:
        table = pd.concat(plans, ignore_index=True)
        files["plans.csv"] = frame_csv(table[["budget", *table.columns.drop("budget")]])
    chosen = frontier.cheapest()
    if chosen is not None:
        files["plan.csv"] = frame_csv(frontier.plans[chosen].shifts)
        files["coverage.csv"] = frame_csv(frontier.plans[chosen].coverage)
    return files


def frontier_table(frontier: Frontier) -> Table:
    """Return the frontier as a table: per budget the plan's cost and each queue's simulated
    service level, the cheapest plan meeting every target in bold."""
    table = Table(
        title=f"Cost and service: mean [95% CI] over {frontier.replications} replications"
    )
    queues = list(dict.fromkeys(frontier.table["queue"]))
    for column in ("budget", "cost"):
        table.add_column(column, justify="right", no_wrap=True)
    for queue in queues:  # a long name folds onto a second line rather than lose its end
        table.add_column(str(queue), justify="right", overflow="fold")
    chosen = frontier.cheapest()
    for budget, rows in frontier.table.groupby("budget", sort=True):
        cells: list[Any] = [f"{budget:,.0f}"]
        cost = rows["cost"].iloc[0]
        # whole units here; frontier.csv and summary.json keep the cents
        cells.append(str(rows["status"].iloc[0]) if pd.isna(cost) else f"{cost:,.0f}")
        for queue in queues:
            row = rows[rows["queue"] == queue].iloc[0]
            level = row["service_level"]
            if pd.isna(level):
                cells.append("-")
                continue
            band = (
                ""
                if pd.isna(row["ci_low"])
                else f" [{100 * max(row['ci_low'], 0):.1f}, {100 * min(row['ci_high'], 1):.1f}]"
            )
            cells.append(f"{level:.1%}{band}" + ("" if row["meets_target"] else " *"))
        table.add_row(*cells, style="bold" if budget == chosen else None)
    # a terminal's bold is lost in a log or a pipe: the caption names the plan too
    table.caption = (
        f"* below a target or over its abandonment limit; the cheapest plan meeting every "
        f"target (bold): budget {chosen:,.0f}"
        if chosen is not None
        else "* below a target or over its abandonment limit; no budget tried meets every target"
    )
    return table
