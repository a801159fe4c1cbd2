"""What every command shares: the consoles, common options, and turning errors into exits."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

import cli
from optimise.deadline import Deadline
from optimise.names import Method
from scenarios.errors import StaffsimError

if TYPE_CHECKING:
    from rich.progress import Progress

# Names, paths and messages come from users' files: "[/x]" and "gen:phone:eral" are fine queue
# names, so nothing printed is read as rich markup (it would vanish, or raise a MarkupError
# mid-command) or as an emoji code (it would print a telephone sign).
out = Console(markup=False, emoji=False)
err = Console(stderr=True, markup=False, emoji=False)

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


# Left of a command's time limit for writing its files and exiting, after the work is done.
FINISH_SECONDS = 1.5  # measured: a solver stops ~0.5 s after its signal, tables and exit ~0.6 s
FINISH_SHARE = 0.04  # and a share for a loaded machine, where all of that stretches


def command_deadline(time_limit: float) -> Deadline:
    """Return the moment by which a command's work must end to keep `--time-limit` seconds of
    wall time, counted from the command's start (imports included), files written and all."""
    finish = FINISH_SECONDS + FINISH_SHARE * time_limit
    return Deadline(at=cli.STARTED + max(time_limit - finish, 0.0))


def fail(error: StaffsimError) -> typer.Exit:
    """Print one line saying what is wrong, and return the exit (status 2, 3 or 4) to raise."""
    err.print(Text.assemble(("error:", "bold red"), " ", str(error)), soft_wrap=True)
    return typer.Exit(code=error.exit_code)


def status(text: str, quiet: bool) -> AbstractContextManager:
    """Return a spinner showing `text` on stderr while work runs (nothing when quiet)."""
    # a spinner reads its text as markup whatever the console says: escape the names in it
    return nullcontext() if quiet else err.status(escape(text), spinner="dots")


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
MethodOption = Annotated[
    Method,
    typer.Option(
        help="How live queues' arrival rates are read: sipp (each interval on its own), lagged "
        "(one handle time earlier) or offered-load (the infinite-server load).",
    ),
]


def progress_bar(verb: str, quiet: bool) -> Progress:
    """Return a progress bar on stderr reading "<verb> <name>  n/N  elapsed" (hidden when
    quiet); names are printed as given, never read as markup."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"{verb} {{task.description}}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
