"""The report's views of studies over many runs: the cost-service frontier, stress tests."""

from __future__ import annotations

import pandas as pd

from report.blocks import figure, painted, part, table
from report.charts import Series, points_chart, week_chart
from report.facts import (
    horizon,
    queue_facts,
)
from report.grids import bar_chart
from report.runs import Run
from report.svg import element, text


def frontier(run: Run) -> str:
    """Return simulated service level against plan cost per queue, the chosen plan marked."""
    every = run.tables["frontier.csv"]
    # a budget that bought no plan (or ran out of time) has no cost or service to draw
    points = every.dropna(subset=["cost", "service_level"]).sort_values(["cost", "queue"])
    if points.empty:
        budgets = every.drop_duplicates("budget")
        statuses = budgets["status"] if "status" in budgets else ["no plan"] * len(budgets)
        return element(
            "p", {}, text("no budget gave a plan to simulate, so there is no frontier to draw")
        ) + table(
            ["budget", "status"],
            [[f"{b:,.0f}", str(s)] for b, s in zip(budgets["budget"], statuses, strict=True)],
        )
    queues = list(dict.fromkeys(points["queue"].astype(str)))
    series, targets = [], []
    for queue in queues:
        rows = points[points["queue"].astype(str) == queue]
        series.append(
            Series(
                queue,
                rows["cost"].to_numpy(dtype=float),
                rows["service_level"].to_numpy(dtype=float),
                # a share's interval drawn within 0-100%
                rows["ci_low"].to_numpy(dtype=float).clip(0, 1),
                rows["ci_high"].to_numpy(dtype=float).clip(0, 1),
            )
        )
        targets.append(queue_facts(run, queue).target)
    chosen = part(run.summary, "cheapest_meeting_targets")
    chosen_cost = chosen.get("cost")
    chart = points_chart(
        "frontier",
        series,
        x_label="plan cost",
        y_label="service level",
        targets=targets,
        chosen=chosen_cost,
    )
    note = (
        f"cheapest plan meeting every target: budget {chosen.get('budget', 0):,.0f}, cost "
        f"{chosen_cost:,.2f} (solid line)"
        if isinstance(chosen_cost, int | float)
        else "no budget tried meets every target"
    )
    return figure(
        chart,
        queues,
        "simulated service level (mean, 95% interval) against the "
        "plan's cost; dashed: targets. " + note,
    )


TARGET_NAMES = {"service_level": "service level", "abandonment": "abandonment"}


def stress(run: Run) -> str:
    """Return per queue and target the chance of a breach over the week and by day (95%
    intervals), and the mean recovery time after an emergency."""
    breach = run.tables["breach.csv"].assign(queue=lambda f: f["queue"].astype(str))
    week = breach[breach["period"].astype(str) == "week"]
    rows = [
        [
            row.queue,
            TARGET_NAMES.get(str(row.target), str(row.target)),
            f"{row.p_breach:.0%}",
            f"{row.ci95_low:.0%} to {row.ci95_high:.0%}",
            f"{int(row.runs)}",
        ]
        for row in week.itertuples()
    ]
    parts = [table(["queue", "target", "P(breach) over the week", "95% interval", "runs"], rows)]
    daily = breach[breach["period"].astype(str) != "week"]
    days = pd.to_datetime(daily["period"], errors="coerce", format="ISO8601")
    daily = daily.assign(day=days).dropna(subset=["day"])
    if not daily.empty:
        span = horizon(run, daily["day"])
        for target, rows_of in daily.groupby(daily["target"].astype(str), sort=False):
            queues = list(dict.fromkeys(rows_of["queue"]))
            series = []
            for queue in queues:
                mine = rows_of[rows_of["queue"] == queue]
                # each day's chance drawn at its midday
                x = (mine["day"] - pd.Timestamp(span.start)) / pd.Timedelta(hours=1) + 12
                series.append(
                    Series(
                        queue,
                        x.to_numpy(),
                        mine["p_breach"].to_numpy(dtype=float),
                        mine["ci95_low"].to_numpy(dtype=float),
                        mine["ci95_high"].to_numpy(dtype=float),
                    )
                )
            series = painted(series, list(dict.fromkeys(breach["queue"])))
            chart = week_chart(
                "p-breach",
                series,
                start=span.start,
                days=span.days,
                y_label="P(breach)",
                percent=True,
                y_max=1.0,
            )
            name = TARGET_NAMES.get(target, target)
            parts.append(
                figure(
                    chart,
                    queues,
                    f"chance the day's {name} misses its target, with 95% intervals",
                    [line.paint or "" for line in series],
                )
            )
    recovery: dict[str, float] = {
        name: float(figures["mean_recovery_minutes"])
        for name, figures in part(run.summary, "queues").items()
        if isinstance(figures, dict)
        and isinstance(figures.get("mean_recovery_minutes"), int | float)
    }
    if recovery:
        chart = bar_chart(
            "recovery", list(recovery), [("minutes", list(recovery.values()))], y_label="minutes"
        )
        parts.append(
            figure(
                chart,
                [],
                "mean minutes after an emergency until service is back on target, per queue",
            )
        )
    return "".join(parts)
