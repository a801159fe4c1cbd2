"""A Gantt chart of a roster: one row per agent, one bar per shift worked, over the days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from report.axes import BOTTOM, RIGHT, TOP, WIDTH, frame
from report.svg import Scale, element, label, number, tooltip

GANTT_LEFT = 150.0  # room for an agent's name (a group and a number: "technical_team-005")
MAX_ROW, MIN_ROW = 16.0, 3.0  # row heights: a big team gets thin rows, not an endless page
ROWS_TALL = 640.0  # the height the rows share before they reach MIN_ROW
MIN_LABELLED_ROW = 10.0  # thinner rows are named every few rows, not each
MIN_DAY_LABEL = 64.0  # pixels a day's name needs


@dataclass(frozen=True)
class Bar:
    """One shift: its row, from `start` to `end` in hours from the first day's midnight."""

    row: int
    start: float
    end: float
    paint: str
    words: str  # its tooltip


def gantt_chart(
    name: str, rows: Sequence[str], bars: Sequence[Bar], *, days: int, start: dt.date | None
) -> str:
    """Return one row per name with its bars over `days` days, each day's midnight marked and
    named by date (or by number without a start date)."""
    row_height = min(MAX_ROW, max(MIN_ROW, ROWS_TALL / max(len(rows), 1)))
    bottom = TOP + row_height * len(rows)
    height = bottom + BOTTOM
    x = Scale(0.0, 24.0 * max(days, 1), GANTT_LEFT, WIDTH - RIGHT)
    marks = []
    every = 1 if row_height >= MIN_LABELLED_ROW else int(MIN_LABELLED_ROW * 1.5 // row_height)
    for r, row in enumerate(rows):
        if r % every == 0:
            marks.append(
                label(
                    {
                        "x": GANTT_LEFT - 6,
                        "y": number(TOP + (r + 0.5) * row_height),
                        "class": "tick",
                        "text-anchor": "end",
                        "dominant-baseline": "middle",
                    },
                    row,
                )
            )
    day_width = (WIDTH - RIGHT - GANTT_LEFT) / max(days, 1)
    named = max(1, int(-(-MIN_DAY_LABEL // day_width)))  # name every n-th day when crowded
    for day in range(days + 1):
        at = number(x(24.0 * day))
        marks.append(
            element("line", {"class": "day", "x1": at, "x2": at, "y1": TOP, "y2": number(bottom)})
        )
        if day < days and day % named == 0:
            words = (
                (start + dt.timedelta(days=day)).strftime("%a %d %b")
                if start is not None
                else f"day {day + 1}"
            )
            marks.append(
                label(
                    {
                        "x": number(x(24.0 * day + 12)),
                        "y": number(bottom + 16),
                        "class": "tick",
                        "text-anchor": "middle",
                    },
                    words,
                )
            )
    for bar in bars:
        left, right = x(max(bar.start, 0.0)), x(min(bar.end, 24.0 * days))
        marks.append(
            element(
                "rect",
                {
                    "class": "bar",
                    "fill": bar.paint,
                    "x": number(left),
                    "y": number(TOP + bar.row * row_height + row_height * 0.1),
                    "width": number(max(right - left, 0.5)),
                    "height": number(row_height * 0.8),
                },
                tooltip(bar.words),
            )
        )
    return frame(name, height, *marks)
