"""The `staffsim` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from optimise.outputs import default_run_dir, simulation_files, write_run
from scenarios import (
    ScenarioError,
    StaffsimError,
    builtin_scenarios,
    expected_volumes,
    load_scenario,
    read_staffing,
)
from sim import simulate as simulate_scenario

app = typer.Typer(
    name="staffsim",
    help="Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ScenarioArg = Annotated[
    str, typer.Argument(help="A built-in scenario name (see `staffsim scenarios`) or a YAML file.")
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for the results (default: runs/UTC-time-command-name)."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def fail(error: Exception, code: int = 2) -> typer.Exit:
    """Print one line saying what is wrong, and return the exit to raise."""
    err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


def _ci(stat: dict[str, Any], scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
    mean, (lo, hi) = stat["mean"], stat["ci95"]
    if mean is None:
        return "-"
    text = f"{mean * scale:.{digits}f}{unit}"
    if lo is not None:
        text += f" [{lo * scale:.{digits}f}, {hi * scale:.{digits}f}]"
    return text


def summary_tables(summary: dict[str, Any]) -> list[Table]:
    """Return the printed view of a simulation summary: one table of queues, one of groups."""
    queues = Table(title=f"Queues: mean [95% CI] over {summary['replications']} replications")
    for column in ("queue", "offered", "service level %", "abandoned %", "ASA s"):
        queues.add_column(column, justify="left" if column == "queue" else "right")
    for name, row in summary["queues"].items():
        queues.add_row(
            name,
            f"{row['offered']:,.0f}",
            _ci(row["service_level"], 100),
            _ci(row["abandon_rate"], 100),
            _ci(row["asa_seconds"]),
        )
    groups = Table(title="Agent groups")
    groups.add_column("group")
    groups.add_column("occupancy %", justify="right")
    for name, row in summary["groups"].items():
        groups.add_row(name, _ci(row["occupancy"], 100))
    return [queues, groups]


@app.command()
def simulate(
    scenario: ScenarioArg = "baseline",
    staffing: Annotated[
        Path | None,
        typer.Option(
            help="CSV of staffing replacing the scenario's: agents on duty (interval_start, "
            "group, agents) or shifts (group, day, start, end, agents, breaks as 12:00+30)."
        ),
    ] = None,
    replications: Annotated[int, typer.Option(min=1, help="Independent replications.")] = 10,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random stream.")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Processes running replications.")] = 1,
    out_dir: OutOption = None,
    quiet: QuietOption = False,
) -> None:
    """Simulate a scenario and write kpis.csv, occupancy.csv, summary.json and the scenario.

    Example: staffsim simulate baseline --replications 20 --workers 2 --out runs/base
    """
    try:
        centre = load_scenario(scenario)
        table = read_staffing(str(staffing), centre) if staffing is not None else None
    except StaffsimError as exc:
        raise fail(exc) from None
    folder = out_dir or default_run_dir("simulate", centre.name)
    if folder.exists() and not folder.is_dir():
        raise fail(ScenarioError("exists and is not a folder", file=str(folder)))
    with Progress(
        TextColumn("simulating {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    ) as bar:
        task = bar.add_task(centre.name, total=replications)
        result = simulate_scenario(
            centre,
            replications=replications,
            seed=seed,
            staffing=table,
            workers=workers,
            progress=lambda done: bar.update(task, completed=done),
        )
    write_run(folder, simulation_files(centre, result))
    for view in summary_tables(result.summary()):
        out.print(view)
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


@app.command()
def scenarios() -> None:
    """List the built-in scenarios.

    Example: staffsim scenarios
    """
    table = Table(title="Built-in scenarios")
    table.add_column("name")
    table.add_column("queues", justify="right")
    table.add_column("contacts / week", justify="right")
    table.add_column("description")
    for name in builtin_scenarios():
        centre = load_scenario(name)
        weekly = expected_volumes(centre).to_numpy().sum() * 7 / centre.horizon.days
        table.add_row(name, str(len(centre.queues)), f"{weekly:,.0f}", centre.description)
    out.print(table)


@app.command()
def validate(
    file: Annotated[str, typer.Argument(help="A scenario YAML file or built-in name.")],
) -> None:
    """Check a scenario file and say what it holds, or exactly what is wrong with it.

    Example: staffsim validate my-centre.yaml
    """
    try:
        centre = load_scenario(file)
    except StaffsimError as exc:
        raise fail(exc) from None
    volumes = expected_volumes(centre)
    horizon = centre.horizon
    out.print(
        f"ok: {centre.name}: {horizon.days} days of {horizon.interval_minutes}-minute intervals, "
        f"{len(centre.channels)} channel(s), {len(centre.queues)} queue(s), "
        f"{len(centre.agent_groups)} agent group(s), {volumes.to_numpy().sum():,.0f} contacts "
        "expected",
        highlight=False,
    )


def main() -> None:
    """Run the command line (the `staffsim` console script)."""
    app()


if __name__ == "__main__":
    sys.exit(main())
