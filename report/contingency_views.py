"""The report's views of a contingency plan: the levers chosen with what they are expected to be
used and cost, and P(breach) before and after them on the same simulated weeks.

The levers table is drawn from whatever columns levers.csv holds, so a new kind of lever (or a
new figure per lever) shows without a change here.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from report.blocks import figure, table
from report.charts import Series
from report.grids import bar_chart, interval_chart
from report.runs import Run
from report.study_views import TARGET_NAMES

# summary.json's figures of the plan as a whole, as the report names them
PLAN_FIGURES = (
    ("budget", "budget per week"),
    ("model_expected_cost", "expected cost per week (the sizing model)"),
    ("simulated_lever_cost", "mean cost per week (simulated)"),
    ("model_runs_restored", "simulated weeks the model restores"),
    ("solver_status", "solver status"),
)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return "-" if value is None else str(value)


def contingency_levers(run: Run) -> str:
    """Return every chosen lever with the figures levers.csv gives it (agents, expected use,
    cost, ...), the plan's expected and simulated cost, and the numbers charted per lever."""
    levers = run.tables["levers.csv"]
    columns = list(levers.columns)
    rows = [[_cell(value) for value in row] for row in levers.itertuples(index=False)]
    parts = [table([c.replace("_", " ") for c in columns], rows)]
    figures = [
        [words, _cell(run.summary[key])]
        for key, words in PLAN_FIGURES
        if key in run.summary and run.summary[key] is not None
    ]
    if figures:
        parts.append(table(["the plan", ""], figures))
    names = levers["lever"].astype(str).tolist()
    drawn: list[list[float]] = []
    for column in columns[1:]:
        values = pd.to_numeric(levers[column], errors="coerce")
        if values.isna().any() or not (values > 0).any() or values.tolist() in drawn:
            continue  # a chart of text, of nothing chosen, or of the numbers shown already
        drawn.append(values.tolist())
        chart = bar_chart(
            "lever-" + column, names, [(column, values.tolist())], y_label=column.replace("_", " ")
        )
        parts.append(figure(chart, [], f"{column.replace('_', ' ')} per lever"))
    return "".join(parts)


def contingency_breach(run: Run) -> str:
    """Return per queue and target the chance of a breaching week without and with the levers,
    each with its 95% interval, as a chart and a table."""
    breach = run.tables["breach.csv"]
    keys = [
        (str(r.queue), TARGET_NAMES.get(str(r.target), str(r.target))) for r in breach.itertuples()
    ]
    series = []
    for when in ("before", "after"):
        low, high = f"ci95_low_{when}", f"ci95_high_{when}"
        series.append(
            Series(
                "without levers" if when == "before" else "with the chosen levers",
                list(range(len(breach))),
                breach[f"p_breach_{when}"].to_numpy(dtype=float),
                breach[low].to_numpy(dtype=float) if low in breach else None,
                breach[high].to_numpy(dtype=float) if high in breach else None,
            )
        )
    chart = interval_chart("contingency-breach", keys, series, y_label="P(breach)")
    rows = []
    for (queue, target), row in zip(keys, breach.to_dict(orient="records"), strict=True):
        cells = [queue, target]
        for when in ("before", "after"):
            p = row[f"p_breach_{when}"]
            low, high = row.get(f"ci95_low_{when}"), row.get(f"ci95_high_{when}")
            cells.append(
                f"{p:.0%}" if low is None or high is None else f"{p:.0%} ({low:.0%} to {high:.0%})"
            )
        rows.append(cells)
    # a row whose chance did not fall is worth a look
    worse = {
        i
        for i, row in enumerate(breach.itertuples())
        if row.p_breach_after > 0 and row.p_breach_after >= row.p_breach_before
    }
    return figure(
        chart,
        [line.label for line in series],
        "chance a week misses the target, with 95% intervals, on the same simulated weeks",
    ) + table(
        ["queue", "target", "without levers (95% interval)", "with levers (95% interval)"],
        rows,
        flagged=worse,
    )
