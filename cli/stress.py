"""`staffsim stress`: the chance of breaching each target under a scenario's random
emergencies, over many simulated weeks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from cli.cluster import DaskOption, dask_executor
from cli.common import (
    ForceOption,
    OutOption,
    QuietOption,
    ScenarioArg,
    done,
    fail,
    out,
    progress_bar,
)
from cli.report import FormatOption, NoReportOption
from report.files import check_format, claim_run_dir, default_run_dir, write_run
from report.formats import TableFormat
from report.stress import stress_files, stress_tables
from scenarios import InputError, Scenario, StaffsimError, load_scenario, read_staffing
from scenarios.shifts import ShiftList, shifts_from_table
from sim.layout import StaffingInput
from sim.stress import stress as stress_scenario

# Each run keeps a few rows per queue and day; the bound keeps a typo (1e6) from running for
# days. Processes beyond the cores or the runs would sit idle.
MAX_RUNS = 100_000
MAX_WORKERS = 256


def _plan_staffing(folder: Path, scenario: Scenario) -> ShiftList:
    """Return the shifts of a folder written by `staffsim plan`, checked against the scenario."""
    from optimise.roster import read_plan  # here: PuLP and scipy cost start-up

    plan_csv = folder.expanduser() / "plan.csv"
    if not folder.expanduser().is_dir():
        raise InputError("no such folder: give the folder `staffsim plan` wrote", file=str(folder))
    if not plan_csv.is_file():
        raise InputError(
            "holds no plan.csv: give the folder `staffsim plan` wrote", file=str(folder)
        )
    frame = read_plan(plan_csv, scenario)
    try:
        return shifts_from_table(frame)
    except (ValueError, ValidationError) as exc:
        raise InputError(f"a shift cannot be simulated: {exc}", file=str(plan_csv)) from None


def _staffing(scenario: Scenario, staffing: Path | None, plan_dir: Path | None) -> StaffingInput:
    if staffing is not None and plan_dir is not None:
        raise typer.BadParameter("give --staffing or --plan, not both", param_hint="--plan")
    if staffing is not None:
        return read_staffing(str(staffing), scenario)
    if plan_dir is not None:
        return _plan_staffing(plan_dir, scenario)
    return None


def stress(
    scenario: ScenarioArg = "emergencies",
    staffing: Annotated[
        Path | None,
        typer.Option(
            help="CSV of staffing replacing the scenario's: agents on duty (interval_start, "
            "group, agents) or shifts (group, day, start, end, agents, breaks as 12:00+30)."
        ),
    ] = None,
    plan_dir: Annotated[
        Path | None,
        typer.Option("--plan", help="A folder written by `staffsim plan`: simulate its shifts."),
    ] = None,
    runs: Annotated[
        int, typer.Option(min=1, max=MAX_RUNS, help="Simulated weeks, each drawing afresh.")
    ] = 100,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random stream.")] = 1,
    workers: Annotated[int, typer.Option(min=1, max=MAX_WORKERS, help="Processes running.")] = 1,
    dask: DaskOption = None,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
    table_format: FormatOption = TableFormat.csv,
) -> None:
    """Stress-test a staffing against the scenario's random emergencies: P(breach) of each target.

    P(breach) of every queue's targets by day and over the week, with 95% intervals. Writes
    breach.csv, runs.csv (what each run drew, service in and after it, recovery, losses, cost),
    summary.json and report.html.

    Example: staffsim stress emergencies --plan runs/plan --runs 200 --workers 2 --out runs/st
    """
    started = time.monotonic()
    try:
        check_format(table_format)  # before any work
        centre = load_scenario(scenario)
        table = _staffing(centre, staffing, plan_dir)
        folder = claim_run_dir(out_dir or default_run_dir("stress", centre.name), force=force)
        with (
            dask_executor(dask, workers) as executor,
            progress_bar("stress-testing", quiet) as bar,
        ):
            task = bar.add_task(centre.name, total=runs)
            result = stress_scenario(
                centre,
                runs=runs,
                seed=seed,
                staffing=table,
                workers=workers,
                executor=executor,
                progress=lambda finished: bar.update(task, completed=finished),
            )
        seconds = time.monotonic() - started
        files = stress_files(centre, result, seconds, table_format)
        write_run(folder, files)
        if not no_report:
            from report.html import attach_report  # here: the charts cost start-up

            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    for view in stress_tables(result.summary()):
        out.print(view)
    out.print(f"{runs} runs in {seconds:.1f} s", highlight=False)
    done(folder)
