"""The report's views of plans and requirements: headline figures, the plan by day and hour,
its cost, required against scheduled agents, and a verification's iterations."""

from __future__ import annotations

import pandas as pd

from report.blocks import figure, part, table
from report.charts import Series, week_chart
from report.facts import (
    horizon,
    on_duty_by_hour,
)
from report.grids import bar_chart, heat_map
from report.runs import Run
from report.svg import element


def _required_scheduled(run: Run, table_name: str, columns: tuple[tuple[str, str], ...]) -> str:
    frame = run.tables[table_name]
    span = horizon(run, frame["interval_start"])
    parts = []
    for skill, rows in frame.groupby(frame["skill"].astype(str), sort=False):
        x = span.hours(rows["interval_start"])
        series = [
            Series(label, x, rows[column].to_numpy(dtype=float))
            for column, label in columns
            if column in rows
        ]
        chart = week_chart(
            "required-scheduled", series, start=span.start, days=span.days, y_label="agents"
        )
        parts.append(figure(chart, [s.label for s in series], f"skill {skill}: agents by interval"))
    return "".join(parts)


def coverage(run: Run) -> str:
    """Return required against scheduled agents per interval and skill."""
    return _required_scheduled(
        run, "coverage.csv", (("scheduled", "scheduled"), ("required", "required"))
    )


def requirement(run: Run) -> str:
    """Return the agents each skill needs per interval, before and after shrinkage."""
    return _required_scheduled(
        run,
        "skill_requirements.csv",
        (("agents", "needed on the phones"), ("scheduled_agents", "to schedule (after shrinkage)")),
    )


def plan_overview(run: Run) -> str:
    """Return the plan's headline figures as summary.json holds them."""
    keys = (
        "status",
        "cost",
        "budget",
        "expected_service_level",
        "bound",
        "gap",
        "solver",
        "seconds",
        "agent_shifts",
    )
    # a frontier's plan.csv is its cheapest plan meeting every target
    figures = part(run.summary, "cheapest_meeting_targets") or run.summary
    rows = [[key.replace("_", " "), _figure(figures[key])] for key in keys if key in figures]
    if figures is not run.summary:
        rows.insert(0, ["the cheapest plan meeting every target", ""])
    return table(["", "plan"], rows)


def _figure(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"
    return str(value)


def plan_views(run: Run) -> str:
    """Return the plan as a day x hour heat map of agents on duty, and its cost by group and day."""
    plan = run.tables["plan.csv"]
    days = sorted(pd.to_datetime(plan["day"]).dt.date.unique())
    if not days:
        return element("p", {}, "the plan holds no shifts")
    given = horizon(run, pd.Series(pd.to_datetime(days)))
    on_duty = on_duty_by_hour(plan, given.start, given.days)
    labels = [(given.start + pd.Timedelta(days=d)).strftime("%a %d %b") for d in range(given.days)]
    heat = heat_map(
        "plan-heat-map", labels, [f"{h:02d}" for h in range(24)], on_duty, unit="agents on duty"
    )
    cost = plan.assign(
        day=pd.to_datetime(plan["day"]).dt.strftime("%a %d"),
        group=plan["group"].astype(str),
        cost=plan["cost"].astype(float),
    ).pivot_table(
        index="day", columns="group", values="cost", aggfunc="sum", sort=False, fill_value=0.0
    )
    bars = bar_chart(
        "plan-cost",
        list(cost.index),
        [(g, cost[g].to_numpy()) for g in cost.columns],
        y_label="cost",
    )
    rows = [[g, *(f"{v:,.2f}" for v in cost[g]), f"{cost[g].sum():,.2f}"] for g in cost.columns]
    rows.append(
        ["total", *(f"{v:,.2f}" for v in cost.sum(axis=1)), f"{cost.to_numpy().sum():,.2f}"]
    )
    return (
        figure(heat, [], "agents on duty (not on a break) by day and hour, hourly mean")
        + figure(bars, list(cost.columns), "cost by day and group")
        + table(["group", *cost.index, "week"], rows)
    )


def iterations(run: Run) -> str:
    """Return each plan a verification tried: cost, whether it held, simulated service."""
    steps = run.tables["iterations.csv"]
    shown = [c for c in steps.columns if c not in ("seconds", "status")]
    rows = [[_cell(value) for value in row] for row in steps[shown].itertuples(index=False)]
    header = [
        c.replace("service_level_", "service ")
        .replace("intervals_meeting_", "intervals ok ")
        .replace("_", " ")
        for c in shown
    ]
    return table(header, rows)


def _cell(value: object) -> str:
    if isinstance(value, float) and 0 <= value <= 1:
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
