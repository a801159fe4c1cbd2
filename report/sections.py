"""The report's sections: each draws one view of a run from the tables it needs.

A section applies to every run folder holding its tables, so a new kind of run (stress,
contingency, a verified plan) gets its views by adding a function and one `SECTIONS` entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from report.charts import Series, bar_chart, heat_map, points_chart, week_chart
from report.facts import (
    Horizon,
    across_replications,
    horizon,
    on_duty_by_hour,
    queue_facts,
    windows,
)
from report.runs import Run
from report.svg import colour, element, text
from sim.summary import summarise


@dataclass(frozen=True)
class Section:
    """A titled view, drawn for each run that holds every table in `needs`."""

    title: str
    needs: tuple[str, ...]
    draw: Callable[[Run], str]
    note: str = ""


def figure(
    chart: str, labels: Sequence[str], caption: str, paints: Sequence[str] | None = None
) -> str:
    """Return a chart with its caption and a legend naming each series in its colour."""
    paints = paints or [colour(i) for i in range(len(labels))]
    legend = "".join(
        element(
            "li",
            {},
            element("span", {"class": "swatch", "style": f"background:{paint}"}, ""),
            text(name),
        )
        for name, paint in zip(labels, paints, strict=True)
    )
    return element(
        "figure",
        {},
        element("figcaption", {}, text(caption)),
        chart,
        element("ul", {"class": "legend"}, legend) if labels else "",
    )


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, flagged=()) -> str:
    """Return an HTML table of text cells; rows whose index is in `flagged` are marked."""
    head = element("tr", {}, *(element("th", {}, text(h)) for h in header))
    body = "".join(
        element(
            "tr",
            {"class": "miss" if i in flagged else None},
            *(element("td", {}, text(cell)) for cell in row),
        )
        for i, row in enumerate(rows)
    )
    return element("table", {}, element("thead", {}, head), element("tbody", {}, body))


def _ci(value: object, percent: bool = True) -> str:
    if not isinstance(value, dict) or value.get("mean") is None:
        return "-"
    low, high = (value.get("ci95") or [None, None])[:2]
    mean = value["mean"]
    if low is None or high is None:
        return f"{mean:.1%}" if percent else f"{mean:,.1f}"
    # the Student-t interval is symmetric: mean ± half its width reads shorter
    half = (high - low) / 2
    return f"{mean:.1%} ± {half:.1%}" if percent else f"{mean:,.1f} ± {half:,.1f}"


def painted(series: Sequence[Series], order: Sequence[str]) -> list[Series]:
    """Return series coloured by their label's place in `order`, so that a queue or group keeps
    its colour in every chart of the page."""
    return [
        Series(s.label, s.x, s.y, s.low, s.high, colour(list(order).index(s.label)))
        if s.label in order
        else s
        for s in series
    ]


def _part(document: dict[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key)
    return value if isinstance(value, dict) else {}


# --- simulation runs -----------------------------------------------------------------------


def simulation_overview(run: Run) -> str:
    """Return the run's queues (service level against target, abandonment, ASA) and groups."""
    # from the tables, not summary.json: a verified plan's summary is the plan's
    summary = summarise(run.tables["kpis.csv"], run.tables["occupancy.csv"])
    queues = _part(summary, "queues")
    rows: list[list[object]] = []
    misses: list[int] = []
    for name, figures in queues.items():
        facts = queue_facts(run, name)
        level = figures.get("service_level", {}) if isinstance(figures, dict) else {}
        mean = level.get("mean") if isinstance(level, dict) else None
        if facts.target is not None and mean is not None and mean < facts.target:
            misses.append(len(rows))
        rows.append(
            [
                name,
                f"{figures.get('offered', 0):,.0f}",
                _ci(level),
                f"{facts.target:.0%} in {facts.within}" if facts.target is not None else "-",
                _ci(figures.get("abandon_rate")),
                _ci(figures.get("asa_seconds"), percent=False),
            ]
        )
    groups = _part(summary, "groups")
    replications = summary.get("replications", "?")
    return (
        element(
            "p",
            {},
            text(
                f"mean ± half the 95% confidence interval, over {replications} "
                "replications; rows below target are marked"
            ),
        )
        + table(
            ["queue", "offered", "service level", "target", "abandoned", "ASA s"],
            rows,
            flagged=misses,
        )
        + table(
            ["group", "occupancy (busy / staffed time)"],
            [
                [g, _ci(f.get("occupancy") if isinstance(f, dict) else None)]
                for g, f in groups.items()
            ],
        )
    )


def _by_interval(run: Run, value: str, queues: Sequence[str]) -> tuple[list[Series], Horizon]:
    kpis = run.tables["kpis.csv"]
    span = horizon(run, kpis["interval_start"])
    stats = across_replications(
        kpis[kpis["queue"].isin(queues)], value, ["queue", "interval_start"]
    )
    series = []
    for queue in queues:
        rows = stats[stats["queue"] == queue]
        series.append(
            Series(
                str(queue),
                span.hours(rows["interval_start"]),
                rows["mean"].to_numpy(),
                rows["low"].to_numpy(),
                rows["high"].to_numpy(),
            )
        )
    return painted(series, _queues(run)), span


def _queues(run: Run, kinds: tuple[str, ...] | None = None) -> list[str]:
    names = list(dict.fromkeys(run.tables["kpis.csv"]["queue"].astype(str)))
    if kinds is None:
        return names
    return [q for q in names if queue_facts(run, q).kind in kinds]


def service_level(run: Run) -> str:
    """Return one chart per queue: service level by interval, its band, target and emergencies."""
    parts = []
    for queue in _queues(run):
        (line,), span = _by_interval(run, "service_level", [queue])
        facts = queue_facts(run, queue)
        chart = week_chart(
            "service-level",
            [line],
            start=span.start,
            days=span.days,
            y_label="service level",
            target=facts.target,
            windows=windows(run, span.start),
            percent=True,
            y_max=1.0,
        )
        within = f" answered within {facts.within}" if facts.within else ""
        parts.append(
            figure(
                chart,
                [],
                f"{queue}: share{within}, mean and 95% band; dashed: target; shaded: emergencies",
            )
        )
    return "".join(parts)


def _lines(
    run: Run,
    value: str,
    kinds,
    y_label: str,
    caption: str,
    *,
    percent=False,
    target=None,
    bands=False,
) -> str:
    queues = _queues(run, kinds)
    if not queues:
        return element("p", {}, "no such queue in this run")
    series, span = _by_interval(run, value, queues)
    if not bands:
        series = [Series(s.label, s.x, s.y, paint=s.paint) for s in series]
    chart = week_chart(
        value.replace("_", "-"),
        series,
        start=span.start,
        days=span.days,
        y_label=y_label,
        percent=percent,
        target=target,
        windows=windows(run, span.start),
    )
    return figure(chart, queues, caption, [s.paint or "" for s in series])


def abandonment(run: Run) -> str:
    """Return the share of contacts abandoned by interval, live queues."""
    limits = {queue_facts(run, q).max_abandon for q in _queues(run, ("voice", "chat", ""))}
    target = limits.pop() if len(limits) == 1 else None
    return _lines(
        run,
        "abandon_rate",
        ("voice", "chat", ""),
        "abandoned",
        "share abandoned by interval (mean over replications); dashed: the limit",
        percent=True,
        target=target,
    )


def asa(run: Run) -> str:
    """Return the average speed of answer by interval, live queues."""
    return _lines(
        run,
        "asa_seconds",
        ("voice", "chat", ""),
        "seconds",
        "average speed of answer by interval (mean over replications)",
    )


def backlog(run: Run) -> str:
    """Return the deferred work (email) waiting at each interval's end."""
    return _lines(
        run,
        "backlog",
        ("deferred",),
        "contacts waiting",
        "backlog at the interval's end, mean and 95% band",
        bands=True,
    )


def occupancy(run: Run) -> str:
    """Return agents on duty and occupancy by interval, per group."""
    frame = run.tables["occupancy.csv"]
    span = horizon(run, frame["interval_start"])
    groups = list(dict.fromkeys(frame["group"].astype(str)))
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = frame.assign(
            share=frame["busy_seconds"] / frame["duty_seconds"].where(frame["duty_seconds"] > 0)
        )
    charts = []
    for value, label, percent in (
        ("agents", "agents on duty", False),
        ("share", "occupancy", True),
    ):
        stats = across_replications(frame, value, ["group", "interval_start"])
        series = [
            Series(g, span.hours(rows["interval_start"]), rows["mean"].to_numpy())
            for g in groups
            for rows in [stats[stats["group"] == g]]
        ]
        charts.append(
            figure(
                week_chart(
                    f"group-{value}",
                    series,
                    start=span.start,
                    days=span.days,
                    y_label=label,
                    percent=percent,
                    y_max=1.0 if percent else None,
                    windows=windows(run, span.start),
                ),
                groups,
                "agents on duty by interval"
                if value == "agents"
                else "occupancy: busy time over staffed time, intervals with agents on duty only",
            )
        )
    return "".join(charts)


# --- plans and requirements -------------------------------------------------------------


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
    figures = _part(run.summary, "cheapest_meeting_targets") or run.summary
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


# --- frontiers -----------------------------------------------------------------------------


def frontier(run: Run) -> str:
    """Return simulated service level against plan cost per queue, the chosen plan marked."""
    points = run.tables["frontier.csv"].sort_values(["cost", "queue"])
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
    chosen = _part(run.summary, "cheapest_meeting_targets")
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


# --- stress tests --------------------------------------------------------------------------

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
        for name, figures in _part(run.summary, "queues").items()
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


SECTIONS: list[Section] = [
    Section("Cost and service", ("frontier.csv",), frontier),
    Section("Stress test: the chance of missing each target", ("breach.csv",), stress),
    Section("At a glance", ("kpis.csv", "occupancy.csv"), simulation_overview),
    Section("Service level by interval", ("kpis.csv",), service_level),
    Section("Abandonment", ("kpis.csv",), abandonment),
    Section("Average speed of answer", ("kpis.csv",), asa),
    Section("Email and other deferred work: backlog", ("kpis.csv",), backlog),
    Section("Agent groups: on duty and occupancy", ("occupancy.csv",), occupancy),
    Section("The plan", ("plan.csv",), plan_overview),
    Section("Verification: the plans tried", ("iterations.csv",), iterations),
    Section("The plan by day and hour; its cost", ("plan.csv",), plan_views),
    Section("Required and scheduled agents", ("coverage.csv",), coverage),
    Section("Agents needed", ("skill_requirements.csv",), requirement),
]
