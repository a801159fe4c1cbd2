"""`staffsim scenarios` and `staffsim validate`: what scenarios there are, and checking one."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import fail, out
from scenarios import StaffsimError, builtin_scenarios, load_scenario
from scenarios.volumes import expected_total


def scenarios() -> None:
    """List the built-in scenarios.

    Example: staffsim scenarios
    """
    from rich.table import Table  # here, not at the top: validate prints no table

    table = Table(title="Built-in scenarios")
    table.add_column("name")
    table.add_column("queues", justify="right")
    table.add_column("contacts / week", justify="right")
    table.add_column("description")
    for name in builtin_scenarios():
        centre = load_scenario(name)
        weekly = expected_total(centre) * 7 / centre.horizon.days
        table.add_row(name, str(len(centre.queues)), f"{weekly:,.0f}", centre.description)
    out.print(table)


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
    horizon = centre.horizon
    out.print(
        f"ok: {centre.name}: {horizon.days} days of {horizon.interval_minutes}-minute intervals, "
        f"{len(centre.channels)} channel(s), {len(centre.queues)} queue(s), "
        f"{len(centre.agent_groups)} agent group(s), {expected_total(centre):,.0f} contacts "
        "expected",
        highlight=False,
    )
