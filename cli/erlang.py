"""`staffsim erlang`: size or evaluate one interval with Erlang C or A."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from cli.common import fail, out
from optimise.queueing.interval import size_interval
from report.tables import erlang_table
from scenarios import StaffsimError


def erlang(
    volume: Annotated[float, typer.Option(help="Contacts offered in the interval.")],
    aht_seconds: Annotated[float, typer.Option(help="Mean handle time, seconds.")],
    answer_within_seconds: Annotated[float, typer.Option(help="Target answer time, seconds.")] = (
        20.0
    ),
    target: Annotated[float, typer.Option(help="Share to answer within that time.")] = 0.8,
    interval_minutes: Annotated[float, typer.Option(help="Interval length.")] = 15.0,
    patience_seconds: Annotated[
        float | None, typer.Option(help="Mean patience (Erlang A); none: Erlang C.")
    ] = None,
    max_abandon: Annotated[float | None, typer.Option(help="Largest share abandoning.")] = None,
    max_occupancy: Annotated[float | None, typer.Option(help="Largest occupancy.")] = None,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones.")] = 0.0,
    agents: Annotated[
        int | None, typer.Option(help="Evaluate this many agents instead of sizing.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Size one interval with Erlang C (or Erlang A with --patience-seconds), or evaluate it.

    Example: staffsim erlang --volume 100 --interval-minutes 30 --aht-seconds 180 --target 0.8
    """
    try:
        result = size_interval(
            volume=volume,
            aht_seconds=aht_seconds,
            interval_minutes=interval_minutes,
            answer_within_seconds=answer_within_seconds,
            target=target,
            patience_seconds=patience_seconds,
            max_abandon=max_abandon,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
            agents=agents,
        )
    except StaffsimError as exc:
        raise fail(exc) from None
    if as_json:
        # JSON has no NaN or infinity: the ASA of a queue nobody is answered from is null
        figures = {k: v if math.isfinite(v) else None for k, v in result.as_dict().items()}
        out.print_json(data=figures)
        return
    out.print(erlang_table(result.as_dict(), answer_within_seconds, patience_seconds is not None))
