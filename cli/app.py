"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

from __future__ import annotations

import os
import signal
import sys
import time
from importlib.metadata import version as package_version
from typing import Annotated

import typer

import cli
from cli.agents import agents
from cli.catalogue import scenarios, validate
from cli.contingency import contingency
from cli.erlang import erlang
from cli.frontier import frontier
from cli.plan import plan
from cli.report import report
from cli.requirements import requirements_command
from cli.roster import roster
from cli.simulate import simulate
from cli.stress import stress

app = typer.Typer(
    name="staffsim",
    help="Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"staffsim {package_version('staffsim')}")
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


app.command()(simulate)
app.command()(scenarios)
app.command()(validate)
app.command()(erlang)
app.command("requirements")(requirements_command)
app.command()(plan)
app.command()(roster)
app.command()(agents)
app.command()(frontier)
app.command()(report)
app.command()(stress)
app.command()(contingency)


def main() -> None:
    """Run the command line (the `staffsim` console script)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # loaded: Ctrl-C as usual again
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
