"""The frame every chart shares: its size and margins, the <svg> element, the value axis and
the axis of a week's days."""

from __future__ import annotations

import datetime as dt

from report.svg import Scale, element, label, number

WIDTH, HEIGHT = 960.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 12.0, 12.0, 34.0  # room for the axes' labels


def frame(name: str, height: float, *marks: str) -> str:
    """Return the <svg class="chart" data-chart=NAME> holding the marks, scaled to its box."""
    return element(
        "svg",
        {
            "class": "chart",
            "data-chart": name,
            "viewBox": f"0 0 {number(WIDTH)} {number(height)}",
            "role": "img",
            "xmlns": "http://www.w3.org/2000/svg",
        },
        *marks,
    )


def y_axis(scale: Scale, values: list[float], title: str, percent: bool) -> str:
    """Return the value axis: a grid line and a label at each value, and the axis title."""
    marks = []
    for value in values:
        y = number(scale(value))
        words = f"{value:.0%}" if percent else f"{value:,.10g}"
        marks.append(
            element("line", {"class": "grid", "x1": LEFT, "x2": WIDTH - RIGHT, "y1": y, "y2": y})
        )
        marks.append(
            label(
                {
                    "x": LEFT - 6,
                    "y": y,
                    "class": "tick",
                    "text-anchor": "end",
                    "dominant-baseline": "middle",
                },
                words,
            )
        )
    marks.append(
        label(
            {
                "x": 12,
                "y": TOP + (HEIGHT - TOP - BOTTOM) / 2,
                "class": "axis-label",
                "text-anchor": "middle",
                "transform": f"rotate(-90 12 {number(TOP + (HEIGHT - TOP - BOTTOM) / 2)})",
            },
            title,
        )
    )
    return "".join(marks)


def day_axis(start: dt.date, days: int, x: Scale) -> str:
    """Return the x axis of a week: a tick at each midnight, each day named under its middle."""
    marks = []
    bottom = HEIGHT - BOTTOM
    for day in range(days + 1):
        position = number(x(24.0 * day))
        marks.append(
            element(
                "line", {"class": "day", "x1": position, "x2": position, "y1": TOP, "y2": bottom}
            )
        )
        if day < days:
            date = start + dt.timedelta(days=day)
            marks.append(
                label(
                    {
                        "x": number(x(24.0 * day + 12)),
                        "y": bottom + 16,
                        "class": "tick",
                        "text-anchor": "middle",
                    },
                    date.strftime("%a %d %b"),
                )
            )
    return "".join(marks)
