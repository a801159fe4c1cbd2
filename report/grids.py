"""Charts of categories: stacked bars, heat maps shaded white to dark blue, and shares with
their intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from report.axes import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, frame, y_axis
from report.charts import Numbers, Series
from report.svg import Scale, colour, element, label, nice_ceiling, number, ticks, tooltip

HEAT_LEFT = 104.0  # room for a day's name
MAX_BAR = 90.0  # a bar no wider, however few the bars


def bar_chart(
    name: str,
    categories: Sequence[str],
    stacks: Sequence[tuple[str, Numbers]],
    *,
    y_label: str,
) -> str:
    """Return stacked bars: one bar per category, one coloured stack per (label, values)."""
    totals = np.sum([np.asarray(v, dtype=float) for _, v in stacks], axis=0) if stacks else []
    top = nice_ceiling(float(np.max(totals, initial=0.0)))
    y = Scale(0.0, top, HEIGHT - BOTTOM, TOP)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    marks = [y_axis(y, ticks(0.0, top, 4), y_label, False)]
    for c, category in enumerate(categories):
        bar = min(slot * 0.7, MAX_BAR)
        left = LEFT + (c + 0.5) * slot - bar / 2
        base = 0.0
        for s, (stack, values) in enumerate(stacks):
            value = float(values[c])
            if value > 0:
                marks.append(
                    element(
                        "rect",
                        {
                            "class": "bar",
                            "fill": colour(s),
                            "x": number(left),
                            "y": number(y(base + value)),
                            "width": number(bar),
                            "height": number(y(base) - y(base + value)),
                        },
                        tooltip(f"{category}, {stack}: {value:,.2f}"),
                    )
                )
            base += value
        marks.append(
            label(
                {
                    "x": number(left + bar / 2),
                    "class": "tick",
                    "y": HEIGHT - BOTTOM + 16,
                    "text-anchor": "middle",
                },
                category,
            )
        )
    return frame(name, HEIGHT, *marks)


def heat_map(
    name: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: np.ndarray,
    *,
    unit: str,
) -> str:
    """Return a grid of cells shaded from white (0) to dark blue (the largest value)."""
    values = np.asarray(values, dtype=float)
    cell_height = 22.0
    height = TOP + cell_height * len(rows) + BOTTOM
    width = (WIDTH - HEAT_LEFT - RIGHT) / max(len(columns), 1)
    top = float(np.nanmax(values, initial=0.0)) or 1.0
    marks = []
    for r, row in enumerate(rows):
        y = TOP + r * cell_height
        marks.append(
            label(
                {
                    "x": HEAT_LEFT - 6,
                    "y": number(y + cell_height / 2),
                    "class": "tick",
                    "text-anchor": "end",
                    "dominant-baseline": "middle",
                },
                row,
            )
        )
        for c, column in enumerate(columns):
            value = float(values[r, c])
            marks.append(
                element(
                    "rect",
                    {
                        "class": "cell",
                        "x": number(HEAT_LEFT + c * width),
                        "y": number(y),
                        "width": number(width),
                        "height": cell_height,
                        "fill": shade(value / top),
                        "data-value": number(value),
                    },
                    tooltip(f"{row} {column}: {value:,.1f} {unit}"),
                )
            )
            if round(value) > 0:  # the figure in the cell, light on dark shades
                marks.append(
                    label(
                        {
                            "x": number(HEAT_LEFT + (c + 0.5) * width),
                            "y": number(y + cell_height / 2),
                            "class": "cell-figure dark" if value / top > 0.55 else "cell-figure",
                            "text-anchor": "middle",
                            "dominant-baseline": "middle",
                        },
                        f"{value:.0f}",
                    )
                )
    for c, column in enumerate(columns):
        marks.append(
            label(
                {
                    "x": number(HEAT_LEFT + (c + 0.5) * width),
                    "class": "tick",
                    "y": number(TOP + cell_height * len(rows) + 16),
                    "text-anchor": "middle",
                },
                column,
            )
        )
    return frame(name, height, *marks)


def shade(share: float) -> str:
    """Return the colour of a heat-map cell: white at 0, #08306B (dark blue) at 1."""
    share = min(max(share, 0.0), 1.0) if math.isfinite(share) else 0.0
    low, high = (255, 255, 255), (8, 48, 107)
    return "#" + "".join(
        f"{round(a + (b - a) * share):02X}" for a, b in zip(low, high, strict=True)
    )


def interval_chart(
    name: str,
    categories: Sequence[tuple[str, str]],
    series: Sequence[Series],
    *,
    y_label: str,
) -> str:
    """Return shares with 95% intervals as points and error bars: one slot per category
    (named on two lines), the series side by side within it; a series' x is its slot's index."""
    y = Scale(0.0, 1.0, HEIGHT - BOTTOM, TOP)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    # the series spread over the middle half of a slot, so neighbours stay apart
    step = slot / 2 / max(len(series), 1)
    marks = [y_axis(y, ticks(0.0, 1.0, 4), y_label, True)]
    for s, line in enumerate(series):
        paint = line.paint or colour(s)
        lows = line.low if line.low is not None else line.y
        highs = line.high if line.high is not None else line.y
        for slot_index, value, low, high in zip(line.x, line.y, lows, highs, strict=True):
            if not math.isfinite(float(value)):
                continue
            x = number(LEFT + slot * (float(slot_index) + 0.25) + step * (s + 0.5))
            first, second = categories[int(slot_index)]
            words = f"{first} {second}, {line.label}: {value:.0%} [{low:.0%}, {high:.0%}]"
            marks.append(
                element(
                    "line",
                    {
                        "class": "error",
                        "stroke": paint,
                        "x1": x,
                        "x2": x,
                        "y1": number(y(float(low))),
                        "y2": number(y(float(high))),
                    },
                )
            )
            marks.append(
                element(
                    "circle",
                    {
                        "class": "point",
                        "fill": paint,
                        "cx": x,
                        "cy": number(y(float(value))),
                        "r": 4,
                    },
                    tooltip(words),
                )
            )
    for c, (first, second) in enumerate(categories):
        middle = number(LEFT + slot * (c + 0.5))
        for words, down in ((first, 14), (second, 28)):
            marks.append(
                label(
                    {
                        "x": middle,
                        "class": "tick",
                        "y": HEIGHT - BOTTOM + down,
                        "text-anchor": "middle",
                    },
                    words,
                )
            )
    return frame(name, HEIGHT, *marks)
