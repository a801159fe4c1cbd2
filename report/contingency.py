"""What `staffsim contingency` writes and prints: the chosen levers, P(breach) before and
after, and what the levers cost."""

from __future__ import annotations

from typing import Any

from report.files import frame_csv, json_text, scenario_yaml
from scenarios import Scenario


def contingency_files(scenario: Scenario, plan: Any) -> dict[str, str]:
    """Return the files of a contingency plan: levers.csv, breach.csv (before and after),
    summary.json and the scenario carrying the chosen levers.

    levers.csv has one row per lever of the menu (`ContingencyPlan.levers_table`): lever,
    agents, kind (overtime, reserve, diversion, callback), setting (agents kept on call; on or
    off; the call-back threshold in seconds or off), expected_cost and expected_moved (means
    per simulated week: contacts a diversion moves, call-backs accepted) and within_promise
    (call-backs: the share made within the promise). summary.json adds the diversions switched
    on, the call-back threshold chosen and each threshold tried."""
    return {
        "levers.csv": frame_csv(plan.levers_table()),
        "breach.csv": frame_csv(plan.comparison()),
        "summary.json": json_text({"scenario": scenario.name, **plan.summary()}),
        "scenario.yaml": scenario_yaml(plan.scenario),
    }


def contingency_lines(plan: Any, target: str = "service_level") -> list[str]:
    """Return the terminal's lines: the levers chosen, then per queue P(breach) of a target
    over the week before and after, with 95% intervals, and the cost."""
    lines = ["levers: " + ", ".join(f"{k} {v}" for k, v in plan.sizing.agents.items())]
    if plan.sizing.switches:
        on = [name for name, chosen in plan.sizing.switches.items() if chosen]
        lines.append("diversions on: " + (", ".join(on) if on else "none"))
    if plan.callback_trials:
        threshold = plan.callback_threshold()
        lines.append(
            "call-backs: "
            + (f"offered past {threshold:g} s of expected wait" if threshold else "none")
        )
    table = plan.comparison()
    for row in table[table["target"] == target].itertuples(index=False):
        lines.append(
            f"{row.queue:<12} P(breach {target}) "
            f"{row.p_breach_before:.2f} [{row.ci95_low_before:.2f}, {row.ci95_high_before:.2f}]"
            f" -> {row.p_breach_after:.2f} [{row.ci95_low_after:.2f}, {row.ci95_high_after:.2f}]"
        )
    lines.append(
        f"lever cost per week: {plan.lever_cost():,.0f} simulated "
        f"({plan.sizing.expected_cost:,.0f} by the model)"
        + (f", budget {plan.budget:,.0f}" if plan.budget is not None else "")
    )
    return lines
