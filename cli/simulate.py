"""`staffsim simulate`: simulate a scenario's week and write its KPIs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
from report.formats import TableFormat
from scenarios import StaffsimError, load_scenario, read_staffing

# Each replication keeps its KPIs in memory until the files are written: 10,000 weeks of the
# baseline are ~27 million rows. Processes beyond the replications would sit idle, and
# thousands of them would exhaust the machine before the first replication ran.
MAX_REPLICATIONS = 10_000
MAX_WORKERS = 256


def simulate(
    scenario: ScenarioArg = "baseline",
    staffing: Annotated[
        Path | None,
        typer.Option(
            help="CSV of staffing replacing the scenario's: agents on duty (interval_start, "
            "group, agents) or shifts (group, day, start, end, agents, breaks as 12:00+30)."
        ),
    ] = None,
    replications: Annotated[
        int, typer.Option(min=1, max=MAX_REPLICATIONS, help="Independent replications.")
    ] = 10,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random stream.")] = 1,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="Processes running replications.")
    ] = 1,
    dask: DaskOption = None,
    out_dir: OutOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_report: NoReportOption = False,
    table_format: FormatOption = TableFormat.csv,
) -> None:
    """Simulate a scenario and write kpis.csv, occupancy.csv, summary.json and the scenario.

    Example: staffsim simulate baseline --replications 20 --workers 2 --out runs/base
    Example: staffsim simulate baseline --replications 200 --dask tcp://scheduler:8786
    """
    # here: pandas, the engine and the charts cost start-up to every command
    from report.files import (
        check_format,
        claim_run_dir,
        default_run_dir,
        simulation_files,
        write_run,
    )
    from report.tables import summary_tables
    from sim import simulate as simulate_scenario

    try:
        check_format(table_format)  # before any work
        centre = load_scenario(scenario)
        table = read_staffing(str(staffing), centre) if staffing is not None else None
        folder = claim_run_dir(out_dir or default_run_dir("simulate", centre.name), force=force)
        with (
            dask_executor(dask, workers) as executor,
            progress_bar("simulating", quiet) as bar,
        ):
            task = bar.add_task(centre.name, total=replications)
            result = simulate_scenario(
                centre,
                replications=replications,
                seed=seed,
                staffing=table,
                workers=min(workers, replications),  # the same numbers with any workers
                executor=executor,
                progress=lambda finished: bar.update(task, completed=finished),
            )
        write_run(folder, simulation_files(centre, result, table_format))
        if not no_report:
            from report.html import attach_report  # here: the charts' code only when drawn

            attach_report(folder)
    except StaffsimError as exc:
        raise fail(exc) from None
    for view in summary_tables(result.summary()):
        out.print(view)
    done(folder)
