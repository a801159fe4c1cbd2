"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

import cli
from cli.lazy import CommandEntry, LazyGroup

if TYPE_CHECKING:  # Typer bundles its own click
    from typer import _click as click

# Each command's module is imported only when it runs: `staffsim --help` lists the commands
# from this table. tests/cli/test_startup.py holds each summary to its function's docstring.
COMMANDS = (
    CommandEntry(
        "simulate",
        "cli.simulate",
        "simulate",
        "Simulate a scenario and write kpis.csv, occupancy.csv, summary.json and the scenario.",
    ),
    CommandEntry("scenarios", "cli.catalogue", "scenarios", "List the built-in scenarios."),
    CommandEntry(
        "validate",
        "cli.catalogue",
        "validate",
        "Check a scenario file and say what it holds, or exactly what is wrong with it.",
    ),
    CommandEntry(
        "erlang",
        "cli.erlang",
        "erlang",
        "Size one interval with Erlang C (or Erlang A with --patience-seconds), or evaluate it.",
    ),
    CommandEntry(
        "requirements",
        "cli.requirements",
        "requirements_command",
        "Work out the agents each interval needs and write requirements.csv.",
    ),
    CommandEntry(
        "plan",
        "cli.plan",
        "plan",
        "Buy the cheapest shifts that cover every interval, or the best cover a budget buys.",
    ),
    CommandEntry(
        "roster",
        "cli.roster",
        "roster",
        "Put named agents on a plan's shifts, or solve a benchmark rostering instance.",
    ),
    CommandEntry(
        "agents",
        "cli.agents",
        "agents",
        "Propose a team for a plan: agents per group and contract hours, written as agents.csv.",
    ),
    CommandEntry(
        "frontier",
        "cli.frontier",
        "frontier",
        "Plan each budget's best cover, simulate it, and mark the cheapest plan meeting every "
        "target.",
    ),
    CommandEntry(
        "report",
        "cli.report",
        "report",
        "Draw the charts of run folders into one self-contained HTML page (opens offline).",
    ),
    CommandEntry(
        "stress",
        "cli.stress",
        "stress",
        "Stress-test a staffing against the scenario's random emergencies: P(breach) of each "
        "target.",
    ),
    CommandEntry(
        "contingency",
        "cli.contingency",
        "contingency",
        "Choose the agents each overtime and reserve lever keeps on call, and stress-test the "
        "choice.",
    ),
)


class _Commands(LazyGroup):
    entries = COMMANDS

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return the command of a name (see LazyGroup), Ctrl-C as usual once it is loaded."""
        command = super().get_command(ctx, cmd_name)
        if cli.CONSOLE:  # its libraries are loaded: cli/__init__ no longer needs to stop quietly
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return command


app = typer.Typer(
    name="staffsim",
    cls=_Commands,
    help="Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(shown: bool) -> None:
    if shown:
        from importlib.metadata import version  # read the installed metadata only when asked

        typer.echo(f"staffsim {version('staffsim')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster."""
    if not cli.CONSOLE:  # a command called in a running process starts its clock now
        cli.STARTED = time.monotonic()


def main() -> None:
    """Run the command line (the `staffsim` console script)."""
    # staffsim's numpy work is elementwise or small products, which OpenBLAS threads do not
    # speed up; yet each thread numpy starts spins before it sleeps, ~0.06 s of CPU in every
    # process (`validate` has 0.4 s in all) and in every worker. Set before any command
    # imports numpy; the workers inherit it, and a user's own setting stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    # Every file is written whole and every child process ended by now: skip the interpreter's
    # teardown, which spends a second or more freeing a large model object by object.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
