"""`staffsim agents`: propose a team for a plan, as an agents file `staffsim roster` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import fail, number_between, out
from report.files import frame_csv, write_run
from scenarios import InputError, StaffsimError


def agents(
    plan_dir: Annotated[Path, typer.Argument(help="A folder written by `staffsim plan`.")],
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="The agents CSV to write (default: PLAN/agents.csv)."),
    ] = None,
    spare: Annotated[
        float,
        typer.Option(
            help="Agents beyond those the plan's shifts need, as a share (0.1: 10% more).",
            callback=number_between(0.0, 10.0),
        ),
    ] = 0.1,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Propose a team for a plan: agents per group and contract hours, written as agents.csv.

    Example: staffsim agents runs/plan && staffsim roster runs/plan --agents runs/plan/agents.csv
    """
    from optimise.roster.team import propose_team  # here: PuLP and scipy cost start-up

    target = out_file if out_file is not None else plan_dir / "agents.csv"
    try:
        if target.exists() and not force:
            raise InputError("already exists (give --force to replace it)", file=str(target))
        team = propose_team(plan_dir, spare)
        write_run(
            target.parent if str(target.parent) else Path("."), {target.name: frame_csv(team)}
        )
    except StaffsimError as exc:
        raise fail(exc) from None
    for group, members in team.groupby("group", sort=True):
        hours = members["contract_hours"].iloc[0]
        out.print(
            f"{group}: {len(members)} agents, {hours:g} contract hours a week", highlight=False
        )
    out.print(f"agents in {target}", highlight=False, soft_wrap=True)
