"""`staffsim plan`: the cheapest shifts that cover the requirement, or the best a budget buys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import cli
from cli.cluster import DaskOption, dask_executor
from cli.common import (
    ForceOption,
    MethodOption,
    OutOption,
    QuietOption,
    ScenarioArg,
    ShrinkageOption,
    command_deadline,
    done,
    fail,
    number_between,
    out,
)
from cli.report import NoReportOption
from cli.solving import found_text, solve_line
from optimise.queueing.timevarying import Method
from optimise.schedule import plan_scenario
from optimise.simopt import Emergency, same_horizon, verify_plan
from optimise.solver import SolverName
from report.files import claim_run_dir, default_run_dir, plan_files, write_run
from report.html import attach_report
from report.tables import plan_table
from report.verify import floor_table, verdict_table, verified_plan_files
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
    floor: Annotated[
        float | None,
        typer.Option(
            help="With --budget: the share of every queue's contacts to answer within target "
            "before spending the rest (default: each queue's own target).",
            callback=number_between(0.0, 1.0),
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            help="Wall-clock seconds the whole command may take (default 60, with --verify 600).",
            callback=number_between(1.0, 7 * 24 * 3600.0),
        ),
    ] = None,
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
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Simulate the plan and correct it until every queue meets its target.",
        ),
    ] = False,
    replications: Annotated[
        int, typer.Option(min=1, max=1000, help="With --verify: replications per check.")
    ] = 5,
    seed: Annotated[int, typer.Option(min=0, help="With --verify: seed of every check.")] = 1,
    workers: Annotated[
        int, typer.Option(min=1, max=256, help="With --verify: processes simulating.")
    ] = 1,
    dask: DaskOption = None,
    also: Annotated[
        str | None,
        typer.Option(
            help="With --verify: emergency scenarios (comma-separated) the plan must weather "
            "at --emergency-floor.",
        ),
    ] = None,
    emergency_floor: Annotated[
        float,
        typer.Option(
            help="With --also: share answered within target each queue keeps from an event's "
            "start until 2 hours after its end.",
            callback=number_between(0.0, 1.0),
        ),
    ] = 0.6,
    iterations: Annotated[
        int, typer.Option(min=1, max=50, help="With --verify: most plans to try.")
    ] = 8,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Buy the cheapest shifts that cover every interval, or the best cover a budget buys.

    Writes plan.csv (simulate it with --staffing), coverage.csv and summary.json.
    Exit status 3 when no plan within the rules covers the requirement.

    With --verify, simulates each plan (the same seed every time), raises the requirement
    where service falls short, and re-plans until every queue meets its target over the week
    and in 90% of its open intervals; writes iterations.csv and the simulated kpis.csv too.
    With --budget as well, every plan stays within the budget and the loop stops when the
    budget buys no more; the verdict says which queues are short.

    Example: staffsim plan baseline --time-limit 60 --out runs/plan
    Example: staffsim plan flu-wave --verify --workers 2 --out runs/flu-plan
    Example: staffsim plan baseline --verify --also outage,flu-wave --emergency-floor 0.6
    Example: staffsim plan journey --budget 120000 --verify --workers 2
    """
    if also and not verify:
        raise typer.BadParameter("needs --verify", param_hint="--also")
    if dask is not None and not verify:
        raise typer.BadParameter("needs --verify", param_hint="--dask")
    if verify and required is not None:
        raise typer.BadParameter("--verify plans from the scenario, without --requirements")
    if also and budget is not None:
        raise typer.BadParameter("emergency floors are for cover plans, not --budget")
    limit = time_limit if time_limit is not None else (600.0 if verify else 60.0)
    try:
        centre = load_scenario(scenario)
        folder = claim_run_dir(out_dir or default_run_dir("plan", centre.name), force=force)
        with (
            dask_executor(dask, workers) as executor,
            solve_line(quiet, limit) as line,
        ):
            task = line.add_task(
                f"planning {centre.name}", total=None, since=cli.STARTED, found="no plan yet"
            )

            label = "cost" if budget is None else "objective"  # a budget plan's: contacts in time

            def solving(seconds: float, incumbent: float | None, gap: float | None) -> None:
                line.update(task, found=found_text(incumbent, gap, label=label))

            if verify:

                def show(text: str) -> None:
                    line.update(task, description=text)

                emergencies = [
                    Emergency(same_horizon(centre, load_scenario(name)), emergency_floor)
                    for name in (also or "").split(",")
                    if name.strip()
                ]
                verified = verify_plan(
                    centre,
                    shrinkage=shrinkage,
                    method=method,
                    replications=replications,
                    seed=seed,
                    max_iterations=iterations,
                    solver=solver,
                    gap=gap,
                    time_limit=command_deadline(limit),
                    workers=workers,
                    executor=executor,
                    progress=show,
                    also=emergencies,
                    budget=budget,
                    floor=floor,
                    solve_progress=solving,
                )
                result, files = verified.plan, verified_plan_files(centre, verified)
            else:
                result = plan_scenario(
                    centre,
                    budget=budget,
                    shrinkage=shrinkage,
                    requirements_csv=required,
                    solver=solver,
                    time_limit=command_deadline(limit),
                    gap=gap,
                    method=method,
                    floor=floor,
                    progress=solving,
                )
                files = plan_files(centre, result)
        write_run(folder, files)
        if not no_report:
            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    out.print(plan_table(result))
    if verify:
        out.print(verdict_table(verified))
        floors = floor_table(verified)
        if floors is not None:
            out.print(floors)
    done(folder)
