"""`staffsim plan`: the cheapest shifts that cover the requirement, or the best a budget buys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    ForceOption,
    MethodOption,
    OutOption,
    QuietOption,
    ScenarioArg,
    ShrinkageOption,
    TimeLimitOption,
    command_deadline,
    done,
    fail,
    number_between,
    out,
    status,
)
from optimise.queueing.timevarying import Method
from optimise.schedule import plan_scenario
from optimise.solver import SolverName
from report.files import claim_run_dir, default_run_dir, plan_files, write_run
from report.tables import plan_table
from scenarios import StaffsimError, load_scenario


def plan(
    scenario: ScenarioArg = "baseline",
    budget: Annotated[
        float | None,
        typer.Option(
            help="Spend at most this and answer the most contacts in time.",
            callback=number_between(0.0, 1e12),
        ),
    ] = None,
    time_limit: TimeLimitOption = 60.0,
    solver: Annotated[SolverName, typer.Option(help="MILP solver (highs needs highspy).")] = (
        SolverName.cbc
    ),
    gap: Annotated[
        float,
        typer.Option(
            help="Stop once proven within this relative gap.", callback=number_between(0.0, 1.0)
        ),
    ] = 0.001,
    shrinkage: ShrinkageOption = 0.0,
    method: MethodOption = Method.sipp,
    required: Annotated[
        Path | None,
        typer.Option(
            "--requirements",
            help="CSV of agents needed: interval_start, skill, "
            "agents (default: worked out from the scenario).",
        ),
    ] = None,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Buy the cheapest shifts that cover every interval, or the best cover a budget buys.

    Writes plan.csv (simulate it with --staffing), coverage.csv and summary.json.
    Exit status 3 when no plan within the rules covers the requirement.

    Example: staffsim plan baseline --time-limit 60 --out runs/plan
    """
    try:
        centre = load_scenario(scenario)
        folder = claim_run_dir(out_dir or default_run_dir("plan", centre.name), force=force)
        with status(f"solving the shift plan for {centre.name}", quiet):
            result = plan_scenario(
                centre,
                budget=budget,
                shrinkage=shrinkage,
                requirements_csv=required,
                solver=solver,
                time_limit=command_deadline(time_limit),
                gap=gap,
                method=method,
            )
        write_run(folder, plan_files(centre, result))
    except StaffsimError as exc:
        raise fail(exc) from None
    out.print(plan_table(result))
    done(folder)
