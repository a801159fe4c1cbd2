"""What the command line prints: plain rich tables built from results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.columns import Columns
from rich.table import Table

if TYPE_CHECKING:  # importing the planner (PuLP) would cost start-up to every command
    from optimise.schedule.plan import Plan


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def plan_table(plan: Plan) -> Table:
    """Return the daily view of a shift plan, with how the solve went as its caption."""
    table = Table(title="Shift plan by day")
    for column in ("day", "agent shifts", "paid hours", "cost"):
        table.add_column(column, justify="left" if column == "day" else "right")
    shifts = plan.shifts.assign(hours=plan.shifts["agents"] * plan.shifts["paid_hours"])
    for day, rows in shifts.groupby("day", sort=True):
        table.add_row(
            str(day),
            f"{rows['agents'].sum():,}",
            f"{rows['hours'].sum():,.1f}",
            _money(rows["cost"].sum()),
        )
    table.add_row(
        "total",
        f"{shifts['agents'].sum():,}",
        f"{shifts['hours'].sum():,.1f}",
        _money(plan.cost),
        style="bold",
    )
    solution = plan.solution
    gap = "-" if solution.gap is None else f"{solution.gap:.3%}"
    solved = f"{solution.solver}: {solution.status.value} in {solution.seconds:.1f} s"
    if plan.budget is None:
        table.caption = (
            f"{solved}; objective {_money(solution.objective)}, bound "
            f"{_money(solution.bound)}, gap {gap}"
        )
        return table
    # a budget plan's objective counts contacts, not money: those answered in time, less a
    # weight on those short of the queues' floors (so it may be below zero)
    level = plan.expected_service_level
    table.caption = (
        f"budget {_money(plan.budget)}, spent {_money(plan.cost)}, expected service level "
        + ("-" if level is None else f"{level:.1%}")
        + f"; {solved}; score {_contacts(solution.objective)} (contacts answered in time, "
        f"less penalties for queues short of their floors), bound {_contacts(solution.bound)}, "
        f"gap {gap}"
    )
    return table


def _contacts(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _ci(stat: dict[str, Any], scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
    mean, (lo, hi) = stat["mean"], stat["ci95"]
    if mean is None:
        return "-"
    text = f"{mean * scale:.{digits}f}{unit}"
    if lo is not None:
        text += f" [{lo * scale:.{digits}f}, {hi * scale:.{digits}f}]"
    return text


def summary_tables(summary: dict[str, Any]) -> list[Table | Columns]:
    """Return the printed view of a simulation summary: one table of queues (with satisfaction
    beside it when the run has journeys), one of groups."""
    queues = Table(
        title=f"Queues: mean [95% CI] over {summary['replications']} replications; "
        "✓ target met, ✗ missed"
    )
    lost = any("lost" in row for row in summary["queues"].values())
    targets = any("target" in row for row in summary["queues"].values())
    columns = ["queue", "offered", "service level %", "abandoned %", "ASA s"]
    if lost:  # an outage lost contacts: they count against the queue too
        columns += ["lost", "service level % with lost"]
    if targets:
        columns += ["target"]
    for column in columns:
        if column == "queue":  # a name is printed whole, whatever the width
            queues.add_column(column, no_wrap=True)
        else:
            queues.add_column(column, justify="right")
    for name, row in summary["queues"].items():
        target = row.get("target", {})
        with_lost = row.get("service_level_with_lost")
        # the mark goes where the target is judged: with the lost contacts, where counted
        level_mark = _mark(target.get("service_level_met"))
        cells = [
            name,
            f"{row['offered']:,.0f}",
            _ci(row["service_level"], 100) + ("" if with_lost else level_mark),
            _ci(row["abandon_rate"], 100) + _mark(target.get("abandon_met")),
            _ci(row["asa_seconds"]),
        ]
        if lost:
            cells += [f"{row.get('lost', 0):,.0f}", _ci(with_lost, 100) if with_lost else "-"]
            cells[-1] += level_mark if with_lost else ""
        if targets:
            cells.append(_target(target) if target else "-")
        queues.add_row(*cells)
    groups = Table(title="Agent groups")
    groups.add_column("group")
    groups.add_column("occupancy %", justify="right")
    for name, row in summary["groups"].items():
        groups.add_row(name, _ci(row["occupancy"], 100))
    if "satisfaction" not in summary:
        return [queues, groups]
    return [Columns([queues, satisfaction_table(summary)]), groups]


def _target(target: dict[str, Any]) -> str:
    """Return a queue's service target as printed: "80% in 20 s" (over "≤ 5% aband." where
    abandonment is capped), "90% in 4 h"."""
    within = target["within_seconds"]
    time = f"{within / 3600:g} h" if within >= 3600 else f"{within:g} s"
    text = f"{target['service_level']:.0%} in {time}"
    if target["max_abandon"] is not None:
        text += f"\n≤ {target['max_abandon']:.0%} aband."
    return text


def _mark(met: bool | None) -> str:
    return "" if met is None else (" ✓" if met else " ✗")


# satisfaction measures as printed: (key, column, scale, digits)
_SATISFACTION = (
    ("csat", "CSAT %", 100, 1),
    ("fcr", "FCR %", 100, 1),
    ("nps", "NPS", 1, 0),
    ("churn", "churn %", 100, 1),
    ("resolved_within", "resolved in goal %", 100, 1),
)


def _goal_mark(stats: dict[str, Any], key: str) -> str:
    verdict = stats["goals"].get(key)
    return _mark(None if verdict is None else verdict["met"])


def satisfaction_table(summary: dict[str, Any]) -> Table:
    """Return the printed view of satisfaction per queue and for the centre: mean [95% CI],
    with ✓ or ✗ where a goal is met or missed."""
    block = summary["satisfaction"]
    table = Table(title="Satisfaction: mean [95% CI]; ✓ goal met, ✗ missed")
    table.add_column("queue")
    for _, column, _, _ in _SATISFACTION:
        table.add_column(column, justify="right")
    rows = [*block["queues"].items(), ("centre", block["centre"])]
    for name, stats in rows:
        cells = [
            _ci(stats[key], scale, digits) + _goal_mark(stats, key)
            for key, _, scale, digits in _SATISFACTION
        ]
        table.add_row(name, *cells, style="bold" if name == "centre" else None)
    return table


def erlang_table(result: dict[str, Any], answer_within: float, abandonment: bool) -> Table:
    """Return the view of one interval sized or evaluated with Erlang C or A."""
    table = Table(title="Erlang A" if abandonment else "Erlang C")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("agents on the phones", str(result["agents"]))
    table.add_row("agents to schedule", str(result["scheduled_agents"]))
    table.add_row(f"service level ({answer_within:g} s)", f"{result['service_level']:.1%}")
    table.add_row("probability of waiting", f"{result['p_wait']:.1%}")
    table.add_row("ASA", f"{result['asa_seconds']:.1f} s")
    table.add_row("abandoned", f"{result['abandon_rate']:.1%}")
    table.add_row("occupancy", f"{result['occupancy']:.1%}")
    return table


def requirements_table(summary: Any, name: str) -> Table:
    """Return the daily view of a scenario's requirements."""
    view = Table(title=f"Daily requirements: {name}")
    for column in ("day", "queue", "volume", "peak agents", "agent-hours", "scheduled hours"):
        view.add_column(column, justify="left" if column in ("day", "queue") else "right")
    for row in summary.itertuples():
        view.add_row(
            str(row.day),
            row.queue,
            f"{row.volume:,.0f}",
            str(row.peak_agents),
            f"{row.agent_hours:,.1f}",
            f"{row.scheduled_hours:,.1f}",
        )
    return view
