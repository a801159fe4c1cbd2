"""What every command shares: the consoles, common options, and turning errors into exits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scenarios.errors import StaffsimError

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
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Write into an --out folder that already holds files."),
]


def fail(error: StaffsimError) -> typer.Exit:
    """Print one line saying what is wrong, and return the exit (status 2 or 3) to raise."""
    err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True, markup=True)
    return typer.Exit(code=error.exit_code)


def done(folder: Path) -> None:
    """Print where the results are."""
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


def number_between(low: float, high: float, *, below_high: bool = False):
    """Return an option callback refusing values outside [low, high] (or [low, high)), NaN
    and infinity; the message names the option."""

    def check(value: float | None) -> float | None:
        if value is None:
            return value
        inside = low <= value < high if below_high else low <= value <= high
        if value != value or not inside:  # NaN compares false to everything
            upper = f"below {high:g}" if below_high else f"at most {high:g}"
            raise typer.BadParameter(f"must be at least {low:g} and {upper}, got {value:g}")
        return value

    return check


ShrinkageOption = Annotated[
    float,
    typer.Option(
        help="Share of paid time off the phones (0 to below 1).",
        callback=number_between(0.0, 1.0, below_high=True),
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        help="Wall-clock seconds the whole command may take (the solver stops in time).",
        callback=number_between(1.0, 7 * 24 * 3600.0),
    ),
]
