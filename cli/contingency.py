"""`staffsim contingency`: size a scenario's levers against its emergencies and show P(breach)
before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import ForceOption, OutOption, QuietOption, ScenarioArg, done, err, fail, out
from cli.report import NoReportOption
from cli.stress import MAX_RUNS, MAX_WORKERS, _staffing
from report.contingency import contingency_files, contingency_lines
from report.files import claim_run_dir, default_run_dir, write_run
from scenarios import StaffsimError, load_scenario


def contingency(
    scenario: ScenarioArg = "contingency",
    plan_dir: Annotated[
        Path | None,
        typer.Option("--plan", help="A folder written by `staffsim plan`: its shifts are kept."),
    ] = None,
    staffing: Annotated[
        Path | None, typer.Option(help="CSV of staffing replacing the scenario's.")
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option(min=0, help="Most the levers may cost per week on average."),
    ] = None,
    penalty: Annotated[
        float, typer.Option(min=0, help="Cost of a week that breaches (without --budget).")
    ] = 10_000.0,
    runs: Annotated[int, typer.Option(min=1, max=MAX_RUNS, help="Simulated weeks.")] = 40,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random stream.")] = 1,
    workers: Annotated[int, typer.Option(min=1, max=MAX_WORKERS, help="Processes running.")] = 1,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Choose the agents each overtime and reserve lever keeps on call, and stress-test the choice.

    The levers cost least in expectation plus a penalty per breaching week, or breach fewest
    weeks within --budget; no levers and the chosen ones are then stress-tested on the same
    draws. Writes levers.csv, breach.csv, summary.json, the scenario with the chosen levers and
    report.html.

    Example: staffsim contingency contingency --budget 20000 --runs 40 --workers 2
    """
    from optimise.contingency import plan_contingency  # here: PuLP costs start-up

    try:
        centre = load_scenario(scenario)
        table = _staffing(centre, staffing, plan_dir)
        folder = claim_run_dir(out_dir or default_run_dir("contingency", centre.name), force=force)
        plan = plan_contingency(
            centre,
            budget=budget,
            penalty=penalty,
            runs=runs,
            seed=seed,
            staffing=table,
            workers=workers,
            progress=None if quiet else lambda text: err.print(text),
        )
        write_run(folder, contingency_files(centre, plan))
        if not no_report:
            from report.html import attach_report  # here: the charts cost start-up

            attach_report(folder)
    except StaffsimError as error:
        raise fail(error) from None
    for line in contingency_lines(plan):
        out.print(line)
    done(folder)
