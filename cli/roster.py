"""`staffsim roster`: named agents on a plan's shifts, or a benchmark rostering instance."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import cli
from cli.common import (
    ForceOption,
    OutOption,
    QuietOption,
    TimeLimitOption,
    command_deadline,
    done,
    fail,
    out,
)
from cli.report import NoReportOption
from cli.solving import found_text, solve_line
from optimise.names import RosterMethod
from optimise.solver import SolverName
from report.files import claim_run_dir, default_run_dir, roster_files, write_run
from scenarios import StaffsimError


def _found_text(incumbent: float | None, gap: float | None) -> str:
    """Return the status line's account of the best roster so far."""
    return found_text(incumbent, gap, label="penalty", decimals=0, nothing="no roster yet")


def _check_sources(
    plan_dir: Path | None, instance: Path | None, agents: Path | None, weeks: int | None
) -> None:
    """Refuse options that do not go together, rather than ignore one of them."""
    if (plan_dir is None) == (instance is None):
        raise typer.BadParameter("give a plan folder or --instance FILE (one of them)")
    if plan_dir is not None and agents is None:
        raise typer.BadParameter("rostering a plan needs --agents CSV", param_hint="--agents")
    for given, option in ((agents, "--agents"), (weeks, "--weeks")):
        if instance is not None and given is not None:
            raise typer.BadParameter(
                "is for rostering a plan folder; a benchmark instance holds its own staff and "
                "horizon",
                param_hint=option,
            )


def _plan_source(plan_dir: Path | None, agents: Path | None) -> tuple[Path, Path]:
    """Return the plan folder and agents file of a plan's roster (both given, as checked)."""
    if plan_dir is None or agents is None:
        raise typer.BadParameter("rostering a plan needs a plan folder and --agents CSV")
    return plan_dir, agents


def roster(
    plan_dir: Annotated[
        Path | None, typer.Argument(help="A folder written by `staffsim plan` (plan.csv).")
    ] = None,
    instance: Annotated[
        Path | None, typer.Option(help="A shift-scheduling benchmark instance file instead.")
    ] = None,
    agents: Annotated[
        Path | None,
        typer.Option(
            help="CSV of agents: id, group, contract_hours[, min_hours, unavailable, preferred]."
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(min=1, max=52, help="Repeat the plan's week this often (default 1)."),
    ] = None,
    time_limit: TimeLimitOption = 60.0,
    solver: Annotated[
        SolverName | None,
        typer.Option(help="MILP solver (default: highs when highspy is installed, else cbc)."),
    ] = None,
    method: Annotated[
        RosterMethod,
        typer.Option(
            help="auto (columns where pricing is quick, else whole), columns (column "
            "generation, then dives for a roster made of columns) or whole (the whole program "
            "from a roster built one employee at a time, then neighbourhood search)."
        ),
    ] = RosterMethod.auto,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Put named agents on a plan's shifts, or solve a benchmark rostering instance.

    Writes roster.csv, summary.json and report.html (a plan's roster also roster_wide.csv,
    hours.csv and roster_wide.xlsx).

    Example: staffsim roster runs/plan --agents agents.csv --weeks 2 --out runs/roster
    Example: staffsim roster --instance Instance1.txt --time-limit 60
    """
    # here: PuLP and scipy cost start-up to every command
    from optimise.roster import read_instance, roster_plan, solve_roster
    from report.roster import fairness_line, plan_roster_outputs

    _check_sources(plan_dir, instance, agents, weeks)
    deadline = command_deadline(time_limit)
    source = None  # the plan folder and agents file, when rostering a plan
    fair = None  # a plan's roster: its fairness figures
    try:
        if instance is not None:
            name = instance.stem
            problem = read_instance(instance)
        else:
            source = _plan_source(plan_dir, agents)
            name = source[0].name
        folder = claim_run_dir(out_dir or default_run_dir("roster", name), force=force)
        with solve_line(quiet, time_limit) as clock:
            found = _found_text(None, None)
            task = clock.add_task(f"rostering {name}", total=None, since=cli.STARTED, found=found)

            def show(seconds: float, incumbent: float | None, gap: float | None) -> None:
                clock.update(task, found=_found_text(incumbent, gap))

            if source is None:
                result = solve_roster(
                    problem, solver=solver, time_limit=deadline, method=method, progress=show
                )
                files = roster_files(result)
            else:
                planned = roster_plan(
                    *source,
                    weeks=weeks or 1,
                    solver=solver,
                    time_limit=deadline,
                    method=method,
                    progress=show,
                )
                result = planned.roster
                files, fair = plan_roster_outputs(planned)
        write_run(folder, files)
        if not no_report:
            from report.html import attach_report  # here: the charts cost start-up

            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    solution = result.solution
    gap = "-" if solution.gap is None else f"{solution.gap:.2%}"
    bound = "-" if solution.bound is None else f"{solution.bound:,.2f}"
    out.print(
        f"{name}: objective {result.penalty} (the benchmark's penalty), bound {bound}, gap {gap}, "
        f"{solution.status.value} in {solution.seconds:.1f} s",
        highlight=False,
    )
    if fair is not None:
        out.print(fairness_line(fair), highlight=False)
    done(folder)
