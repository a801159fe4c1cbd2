"""The frontier's terminal table, from a frontier written by hand: whole-unit costs, each
queue's service with its interval, a queue's name never cut, the cheapest plan named."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console

from optimise.frontier import Frontier
from report.frontier import frontier_table

QUEUES = ("billing", "technical-support", "chat", "email", "tier2")


def frontier() -> Frontier:
    rows = []
    for budget, cost, level in ((150_000, 142_971.5, 0.70), (170_000, 163_305.75, 0.90)):
        for queue in QUEUES:
            rows.append(
                {
                    "budget": budget,
                    "status": "optimal",
                    "cost": cost,
                    "queue": queue,
                    "service_level": level,
                    "ci_low": level - 0.011,
                    "ci_high": level + 0.012,
                    "meets_target": level >= 0.8,
                }
            )
    return Frontier(pd.DataFrame(rows), {}, 5, 1)


def shown(width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(frontier_table(frontier()))
    return console.export_text()


def test_every_queue_is_named_whole_in_a_narrow_terminal():
    text = shown(80)
    assert "…" not in text  # nothing cut short
    assert all(len(line) <= 80 for line in text.splitlines())  # nor beyond the terminal
    # a name too long for its column folds onto the next line of the header
    header = text.split("┡")[0]
    columns = [[cell.strip() for cell in line.split("┃")[1:-1]] for line in header.splitlines()]
    columns = [line for line in columns if line]
    names = ["".join(parts) for parts in zip(*columns, strict=True)]
    assert names == ["budget", "cost", *QUEUES]


def test_costs_in_whole_units_and_service_with_its_interval():
    text = " ".join(shown(200).split())
    assert "142,972" in text and "163,306" in text  # 142,971.50 and 163,305.75 rounded
    assert "70.0% [68.9, 71.2] *" in text  # below the 80% target: marked
    assert "90.0% [88.9, 91.2]" in text
    assert "budget 170,000" in text  # the cheapest plan meeting every target
