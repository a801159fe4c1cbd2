"""What `staffsim contingency` writes and prints: the chosen levers, P(breach) before and
after, and what the levers cost."""

from __future__ import annotations

from typing import Any

import pandas as pd

from report.files import frame_csv, json_text, scenario_yaml
from scenarios import Scenario


def contingency_files(scenario: Scenario, plan: Any) -> dict[str, str]:
    """Return the files of a contingency plan: levers.csv, breach.csv (before and after),
    summary.json and the scenario carrying the chosen levers."""
    levers = pd.DataFrame(
        [{"lever": name, "agents": agents} for name, agents in plan.sizing.agents.items()]
    )
    return {
        "levers.csv": frame_csv(levers),
        "breach.csv": frame_csv(plan.comparison()),
        "summary.json": json_text({"scenario": scenario.name, **plan.summary()}),
        "scenario.yaml": scenario_yaml(plan.scenario),
    }


def contingency_lines(plan: Any, target: str = "service_level") -> list[str]:
    """Return the terminal's lines: the levers chosen, then per queue P(breach) of a target
    over the week before and after, with 95% intervals, and the cost."""
    lines = ["levers: " + ", ".join(f"{k} {v}" for k, v in plan.sizing.agents.items())]
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
