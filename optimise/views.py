"""What the command line prints: plain rich tables built from results."""

from __future__ import annotations

from rich.table import Table

from optimise.scheduling import Plan


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
    caption = (
        f"{solution.solver}: {solution.status.value} in {solution.seconds:.1f} s; objective "
        f"{_money(solution.objective)}, bound {_money(solution.bound)}, gap {gap}"
    )
    if plan.budget is not None:
        level = plan.expected_service_level
        caption += f"; budget {_money(plan.budget)}, expected service level " + (
            "-" if level is None else f"{level:.1%}"
        )
    table.caption = caption
    return table
