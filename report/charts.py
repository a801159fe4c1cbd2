"""Charts as static SVG: lines over the week with bands and shaded windows, and points with
error bars (bars and heat maps: report.grids). Pure functions of numbers and labels, returning
markup.

Every chart is an <svg class="chart" data-chart=NAME> whose marks carry a class (`series`,
`band`, `target`, `event`, `bar`, `cell`, `point`, `chosen`) and a <title> tooltip; all text
from users' files is escaped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from report.axes import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, day_axis, frame, y_axis
from report.svg import (
    Scale,
    colour,
    element,
    label,
    nice_ceiling,
    number,
    points_path,
    ticks,
    tooltip,
)

Numbers = Sequence[float] | np.ndarray  # a chart's values, NaN where there is none


@dataclass(frozen=True)
class Series:
    """One line: values at x positions, optionally a band from `low` to `high`; NaN is a gap."""

    label: str
    x: Numbers
    y: Numbers
    low: Numbers | None = None
    high: Numbers | None = None
    paint: str | None = None  # its colour; by default the palette's, in the order drawn


@dataclass(frozen=True)
class Window:
    """A shaded stretch of the x axis (an emergency, say), from `start` to `end`."""

    start: float
    end: float
    label: str


def _runs(*columns: Numbers) -> list[np.ndarray]:
    """Return the index runs where every column is a number: a line breaks at a gap."""
    finite = np.all([np.isfinite(np.asarray(c, dtype=float)) for c in columns], axis=0)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(int), [0]])))
    return [np.arange(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _top(series: Sequence[Series], target: float | None) -> float:
    highest = [
        np.nanmax(np.asarray(s.high if s.high is not None else s.y, dtype=float), initial=0.0)
        for s in series
    ]
    return nice_ceiling(max([*highest, target or 0.0, 0.0]) or 1.0)


def week_chart(
    name: str,
    series: Sequence[Series],
    *,
    start: dt.date,
    days: int,
    y_label: str,
    target: float | None = None,
    windows: Sequence[Window] = (),
    percent: bool = False,
    y_max: float | None = None,
) -> str:
    """Return lines over a horizon (x in hours from its start), bands, a target, shaded windows."""
    x = Scale(0.0, 24.0 * days, LEFT, WIDTH - RIGHT)
    top = y_max if y_max is not None else _top(series, target)
    y = Scale(0.0, top, HEIGHT - BOTTOM, TOP)
    marks = [y_axis(y, ticks(0.0, top, 4), y_label, percent), day_axis(start, days, x)]
    for window in windows:
        left, right = x(max(window.start, 0.0)), x(min(window.end, 24.0 * days))
        marks.append(
            element(
                "rect",
                {
                    "class": "event",
                    "x": number(left),
                    "y": TOP,
                    "width": number(right - left),
                    "height": number(HEIGHT - TOP - BOTTOM),
                },
                tooltip(window.label),
            )
        )
    if y_max is not None:  # a fixed axis (a share's 0-100%) holds its bands too
        series = [_clipped(line, 0.0, y_max) for line in series]
    marks += _lines(series, x, y)
    if target is not None:
        level = number(y(target))
        words = f"target {target:.0%}" if percent else f"target {target:,.10g}"
        marks.append(
            element(
                "line",
                {"class": "target", "x1": LEFT, "x2": WIDTH - RIGHT, "y1": level, "y2": level},
                tooltip(words),
            )
        )
    return frame(name, HEIGHT, *marks)


def _clipped(line: Series, low: float, high: float) -> Series:
    """Return a series with its values and band held within [low, high] (NaN stays NaN)."""

    def clip(values: Numbers | None) -> np.ndarray | None:
        return None if values is None else np.clip(np.asarray(values, dtype=float), low, high)

    return Series(
        line.label,
        line.x,
        np.clip(np.asarray(line.y, dtype=float), low, high),
        clip(line.low),
        clip(line.high),
        line.paint,
    )


def _lines(series: Sequence[Series], x: Scale, y: Scale, *, dots: bool = False) -> list[str]:
    marks = []
    for index, line in enumerate(series):
        paint = line.paint or colour(index)
        xs, ys = np.asarray(line.x, dtype=float), np.asarray(line.y, dtype=float)
        if line.low is not None and line.high is not None:
            lows, highs = np.asarray(line.low, dtype=float), np.asarray(line.high, dtype=float)
            for run in _runs(xs, lows, highs):
                outline = [(x(xs[i]), y(highs[i])) for i in run]
                outline += [(x(xs[i]), y(lows[i])) for i in run[::-1]]
                marks.append(
                    element(
                        "path",
                        {"class": "band", "fill": paint, "d": points_path(outline) + " Z"},
                        tooltip(f"{line.label}: 95% confidence band"),
                    )
                )
        for run in _runs(xs, ys):
            marks.append(
                element(
                    "path",
                    {
                        "class": "series",
                        "stroke": paint,
                        "data-label": line.label,
                        "d": points_path((x(xs[i]), y(ys[i])) for i in run),
                    },
                    tooltip(line.label),
                )
            )
        if dots:
            marks += _dots(line, paint, x, y)
    return marks


def _dots(line: Series, paint: str, x: Scale, y: Scale) -> list[str]:
    marks = []
    for i, (px, py) in enumerate(zip(line.x, line.y, strict=True)):
        if not (math.isfinite(px) and math.isfinite(py)):
            continue
        words = f"{line.label}: {py:.1%} at {px:,.0f}"
        if line.low is not None and line.high is not None and math.isfinite(line.low[i]):
            words += f" [{line.low[i]:.1%}, {line.high[i]:.1%}]"
            marks.append(
                element(
                    "line",
                    {
                        "class": "error",
                        "stroke": paint,
                        "x1": number(x(px)),
                        "x2": number(x(px)),
                        "y1": number(y(line.low[i])),
                        "y2": number(y(line.high[i])),
                    },
                )
            )
        marks.append(
            element(
                "circle",
                {"class": "point", "fill": paint, "cx": number(x(px)), "cy": number(y(py)), "r": 4},
                tooltip(words),
            )
        )
    return marks


def points_chart(
    name: str,
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    targets: Sequence[float | None] = (),
    chosen: float | None = None,
) -> str:
    """Return points joined by lines with error bars (one series per line), each series' target
    dashed in its colour, and a vertical mark at `chosen` on the x axis."""
    xs = np.concatenate([np.asarray(s.x, dtype=float) for s in series] or [np.zeros(0)])
    xs = xs[np.isfinite(xs)]
    low, high = (float(xs.min()), float(xs.max())) if len(xs) else (0.0, 1.0)
    pad = (high - low) * 0.05 or 1.0
    x = Scale(low - pad, high + pad, LEFT, WIDTH - RIGHT)
    y = Scale(0.0, 1.0, HEIGHT - BOTTOM, TOP)
    marks = [y_axis(y, ticks(0.0, 1.0, 4), y_label, True)]
    for value in ticks(low - pad, high + pad, 6):
        marks.append(
            label(
                {
                    "x": number(x(value)),
                    "y": HEIGHT - BOTTOM + 16,
                    "class": "tick",
                    "text-anchor": "middle",
                },
                f"{value:,.0f}",
            )
        )
    marks.append(
        label(
            {
                "x": number((LEFT + WIDTH - RIGHT) / 2),
                "y": HEIGHT - 4,
                "class": "axis-label",
                "text-anchor": "middle",
            },
            x_label,
        )
    )
    for index, target in enumerate(targets):
        if target is not None:
            level = number(y(target))
            marks.append(
                element(
                    "line",
                    {
                        "class": "target",
                        "stroke": colour(index),
                        "x1": LEFT,
                        "x2": WIDTH - RIGHT,
                        "y1": level,
                        "y2": level,
                    },
                    tooltip(f"{series[index].label} target {target:.0%}"),
                )
            )
    if chosen is not None:
        at = number(x(chosen))
        marks.append(
            element(
                "line",
                {"class": "chosen", "x1": at, "x2": at, "y1": TOP, "y2": HEIGHT - BOTTOM},
                tooltip(f"cheapest plan meeting every target: {chosen:,.2f}"),
            )
        )
    marks += _lines(series, x, y, dots=True)
    return frame(name, HEIGHT, *marks)
