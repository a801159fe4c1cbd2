"""`staffsim roster`: named agents on a plan's shifts, or a benchmark rostering instance."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from cli.common import ForceOption, OutOption, QuietOption, TimeLimitOption, done, err, fail, out
from optimise.roster import read_instance, roster_plan, solve_roster
from optimise.solver import SolverName
from report.files import claim_run_dir, default_run_dir, roster_files, write_run
from report.roster import plan_roster_files
from scenarios import StaffsimError


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
        int, typer.Option(min=1, max=52, help="Repeat the plan's week this often.")
    ] = 1,
    time_limit: TimeLimitOption = 60.0,
    solver: Annotated[SolverName, typer.Option(help="MILP solver (highs needs highspy).")] = (
        SolverName.cbc
    ),
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Put named agents on a plan's shifts, or solve a benchmark rostering instance.

    Example: staffsim roster runs/plan --agents agents.csv --weeks 2 --out runs/roster
    Example: staffsim roster --instance Instance1.txt --time-limit 60
    """
    if (plan_dir is None) == (instance is None):
        raise typer.BadParameter("give a plan folder or --instance FILE (one of them)")
    if plan_dir is not None and agents is None:
        raise typer.BadParameter("rostering a plan needs --agents CSV", param_hint="--agents")
    try:
        if instance is not None:
            name = instance.stem
            problem = read_instance(instance)
        else:
            name = plan_dir.name
        folder = claim_run_dir(out_dir or default_run_dir("roster", name), force=force)
        with err.status(f"rostering {name}", spinner="dots") if not quiet else nullcontext():
            if instance is not None:
                result = solve_roster(problem, solver=solver, time_limit=time_limit)
                files = roster_files(result)
            else:
                planned = roster_plan(
                    plan_dir, agents, weeks=weeks, solver=solver, time_limit=time_limit
                )
                result = planned.roster
                files = plan_roster_files(planned)
        write_run(folder, files)
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
    done(folder)
