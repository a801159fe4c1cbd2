"""The report's views of a simulation: service, abandonment, speed of answer, backlog, groups."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from report.blocks import ci_text, figure, painted, part, table
from report.charts import Series, week_chart
from report.facts import (
    Horizon,
    across_replications,
    horizon,
    queue_facts,
    windows,
)
from report.runs import Run
from report.svg import element, text
from sim.summary import summarise


def simulation_overview(run: Run) -> str:
    """Return the run's queues (service level against target, abandonment, ASA) and groups."""
    # from the tables, not summary.json: a verified plan's summary is the plan's
    summary = summarise(run.tables["kpis.csv"], run.tables["occupancy.csv"])
    queues = part(summary, "queues")
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
                ci_text(level),
                f"{facts.target:.0%} in {facts.within}" if facts.target is not None else "-",
                ci_text(figures.get("abandon_rate")),
                ci_text(figures.get("asa_seconds"), percent=False),
            ]
        )
    groups = part(summary, "groups")
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
                [g, ci_text(f.get("occupancy") if isinstance(f, dict) else None)]
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


# What the satisfaction table shows, in order: (summary key, column heading, a share?)
MEASURES = (
    ("csat", "CSAT", True),
    ("fcr", "first-contact resolution", True),
    ("nps", "NPS", False),
    ("churn", "churn", True),
    ("resolved_within", "resolved within goal time", True),
    ("containment", "contained by bots", True),
)


def satisfaction(run: Run) -> str:
    """Return per queue and for the centre CSAT, FCR, NPS, churn and resolution against their
    goals (a goal missed marked ✗, met ✓), as summary.json holds them."""
    figures = part(run.summary, "satisfaction")
    if not figures:
        return element("p", {}, "no satisfaction figures in this run's summary")
    places = {**part(figures, "queues"), "centre": part(figures, "centre")}
    rows: list[list[object]] = []
    misses: list[int] = []
    for name, place in places.items():
        goals = part(place, "goals")
        cells: list[object] = [name]
        missed = False
        for key, _, share in MEASURES:
            goal = part(goals, key)
            met = goal.get("met")
            mark = " ✓" if met is True else " ✗" if met is False else ""
            missed = missed or met is False
            cells.append(ci_text(place.get(key), percent=share) + mark)
        if missed:
            misses.append(len(rows))
        rows.append(cells)
    goals = part(part(figures, "centre"), "goals")
    stated = ", ".join(
        f"{heading} {'at most' if key == 'churn' else 'at least'} {part(goals, key)['goal']:.0%}"
        for key, heading, _ in MEASURES
        if isinstance(part(goals, key).get("goal"), int | float)
    )
    note = "mean ± half the 95% confidence interval; rows missing a goal are marked"
    return element("p", {}, text(note + (f"; goals: {stated}" if stated else ""))) + table(
        ["", *(heading for _, heading, _ in MEASURES)], rows, flagged=misses
    )
