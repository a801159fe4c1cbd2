"""What a verified plan shows: the files beside the plan, and the verdict per queue."""

from __future__ import annotations

from rich.table import Table

from optimise.simopt import VerifiedPlan
from report.files import frame_csv, json_text, plan_files
from scenarios import Scenario


def verified_plan_files(scenario: Scenario, verified: VerifiedPlan) -> dict[str, str]:
    """Return the files of a verified plan: the plan's own, iterations.csv, the chosen plan's
    simulated kpis.csv and occupancy.csv, and summary.json with the verdict."""
    files = plan_files(scenario, verified.plan)
    summary = {
        "scenario": scenario.name,
        **verified.plan.summary(),
        "verify": verified.summary(),
    }
    return {
        **files,
        "summary.json": json_text(summary),
        "iterations.csv": frame_csv(verified.iteration_table()),
        "kpis.csv": frame_csv(verified.chosen.kpis),
        "occupancy.csv": frame_csv(verified.chosen.occupancy),
    }


def verdict_table(verified: VerifiedPlan) -> Table:
    """Return per queue the simulated service of the chosen plan against its target."""
    summary = verified.summary()
    held = "holds" if verified.holds else "does not hold"
    table = Table(
        title=f"Plan simulated ({summary['replications']} replications, seed {summary['seed']}): "
        f"{held}",
    )
    for column in ("queue", "service level", "95% CI", "target", "intervals meeting", "held"):
        table.add_column(column, justify="left" if column == "queue" else "right")
    for queue, figures in summary["queues"].items():
        low, high = figures["ci95"]
        table.add_row(
            queue,
            f"{figures['service_level']:.1%}",
            f"{low:.1%}-{high:.1%}",
            f"{figures['target']:.0%}",
            f"{figures['intervals_meeting']:.0%}",
            "yes"
            if figures["verdict"] == "holds"
            else figures["verdict"].replace("short: ", "no: "),
        )
    first = summary["first_cost"]
    cost = verified.plan.cost
    within = "" if verified.budget is None else f"within a budget of {verified.budget:,.2f}; "
    table.caption = (
        f"iteration {summary['iteration']} of {summary['iterations']} ({summary['stopped_by']}); "
        f"cost {cost:,.2f}, {cost / first - 1:+.1%} on the first plan ({first:,.2f}); {within}"
        "a queue holds when it meets its target over the week and in at least 90% of its "
        "open intervals, contacts pooled over the replications"
    )
    reasons = _shortfalls(summary)
    if reasons:
        table.caption += "\n" + "\n".join(reasons)
    return table


def _shortfalls(summary: dict) -> list[str]:
    """Return one line per queue short of its target or goal missed, saying why."""
    lines = [
        f"{queue}: {figures['verdict']}"
        for queue, figures in summary["queues"].items()
        if figures["verdict"] != "holds"
    ]
    for queue, goals in summary.get("goals", {}).items():
        for measure, goal in goals.items():
            if not goal["met"]:
                lines.append(
                    f"{queue} {measure.upper()} {goal['value']:.3f} against a goal of "
                    f"{goal['goal']:.3f}: {goal['verdict']}"
                )
    return lines


def floor_table(verified: VerifiedPlan) -> Table | None:
    """Return per emergency and queue the share of event intervals keeping the floor (None
    when the plan was checked under no emergency)."""
    emergencies = verified.summary()["emergencies"]
    if not emergencies:
        return None
    table = Table(title="Through the emergencies: event intervals keeping the floor")
    for column in ("emergency", "queue", "intervals keeping the floor", "held"):
        table.add_column(column, justify="left" if column in ("emergency", "queue") else "right")
    for name, queues in emergencies.items():
        for queue, figures in queues.items():
            table.add_row(
                name, queue, f"{figures['floor_met']:.0%}", "yes" if figures["holds"] else "no"
            )
    table.caption = "from each event's start until 2 hours after its end, pooled replications"
    return table
