"""Charts of categories: stacked bars, and heat maps shaded white to dark blue."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from report.axes import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, frame, y_axis
from report.charts import Numbers
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
