"""The `staffsim` command line: one module per command, each parsing, calling the library and
printing."""

from __future__ import annotations

import typer

from cli.catalogue import scenarios, validate
from cli.erlang import erlang
from cli.plan import plan
from cli.requirements import requirements_command
from cli.roster import roster
from cli.simulate import simulate

app = typer.Typer(
    name="staffsim",
    help="Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(simulate)
app.command()(scenarios)
app.command()(validate)
app.command()(erlang)
app.command("requirements")(requirements_command)
app.command()(plan)
app.command()(roster)


def main() -> None:
    """Run the command line (the `staffsim` console script)."""
    app()
