"""`staffsim frontier`: the best plan each budget buys, simulated on the same customers."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from cli.cluster import DaskOption, dask_executor
from cli.common import (
    ForceOption,
    OutOption,
    QuietOption,
    ScenarioArg,
    ShrinkageOption,
    TimeLimitOption,
    done,
    fail,
    out,
)
from cli.report import NoReportOption
from cli.solving import found_text, solve_line
from optimise.solver import SolverName
from report.files import claim_run_dir, default_run_dir, write_run
from report.frontier import frontier_files, frontier_table
from report.html import attach_report
from scenarios import StaffsimError, load_scenario


def _budgets(text: str) -> str:
    from optimise.frontier import budget_range  # here: the planner (PuLP) costs start-up

    try:
        budget_range(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return text


def frontier(
    budgets: Annotated[
        str,
        typer.Option(
            help="Budgets to plan for: LOW:HIGH:STEP (HIGH included) or a list A,B,C.",
            callback=_budgets,
            show_default=False,
        ),
    ],
    scenario: ScenarioArg = "baseline",
    replications: Annotated[
        int, typer.Option(min=1, max=1000, help="Replications simulated per plan.")
    ] = 5,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed: every plan meets the same customers.")
    ] = 1,
    workers: Annotated[
        int, typer.Option(min=1, max=256, help="Processes running replications.")
    ] = 1,
    dask: DaskOption = None,
    time_limit: TimeLimitOption = 60.0,
    solver: Annotated[SolverName, typer.Option(help="MILP solver (highs needs highspy).")] = (
        SolverName.cbc
    ),
    shrinkage: ShrinkageOption = 0.0,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Plan each budget's best cover, simulate it, and mark the cheapest plan meeting every target.

    Each plan is simulated with the same seed; --time-limit is per budget.

    Writes frontier.csv, plans.csv, plan.csv (the cheapest plan meeting every target),
    summary.json and report.html.

    Example: staffsim frontier baseline --budgets 90000:150000:10000 --workers 2
    """
    from optimise.frontier import budget_range, cost_service_frontier  # here: PuLP

    try:
        centre = load_scenario(scenario)
        folder = claim_run_dir(out_dir or default_run_dir("frontier", centre.name), force=force)
        with (
            dask_executor(dask, workers) as executor,
            solve_line(quiet, time_limit) as line,
        ):
            task = line.add_task(
                f"planning {centre.name}", total=None, since=time.monotonic(), found=""
            )

            def show(text: str) -> None:
                line.update(task, description=text)
                # the time limit is per budget's plan: its clock starts as each is planned, and
                # is hidden while the plan is simulated (no limit applies there)
                if text.endswith("planning"):
                    line.update(task, since=time.monotonic(), found="no plan yet")
                else:
                    line.update(task, since=None)

            def solving(seconds: float, incumbent: float | None, gap: float | None) -> None:
                line.update(task, found=found_text(incumbent, gap, label="objective"))

            result = cost_service_frontier(
                centre,
                budget_range(budgets),
                replications=replications,
                seed=seed,
                workers=workers,
                executor=executor,
                shrinkage=shrinkage,
                solver=solver,
                time_limit=time_limit,
                progress=show,
                solve_progress=solving,
            )
        write_run(folder, frontier_files(centre, result))
        if not no_report:
            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    out.print(frontier_table(result))
    done(folder)
