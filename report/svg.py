"""SVG written by hand: escaped elements, linear scales, number formatting, colours.

The report draws static SVG rather than shipping a chart library: the page needs no script,
opens offline, prints, and every mark sits at a position a test can work out from the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

# Okabe-Ito: told apart by people with the common colour-vision deficiencies
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#000000",
    "#F0E442",
)


def colour(index: int) -> str:
    """Return the palette colour of the index-th series (the palette repeats)."""
    return PALETTE[index % len(PALETTE)]


def number(value: float) -> str:
    """Return a coordinate as short text: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text(value: object) -> str:
    """Return any value as text safe inside an element or a quoted attribute."""
    return escape(str(value), quote=True)


EMPTY = frozenset({"rect", "line", "path", "circle", "polygon", "polyline"})  # SVG marks


def element(tag: str, attributes: Mapping[str, object] | None = None, *children: str) -> str:
    """Return one SVG or HTML element; attribute values are escaped, children are markup."""
    attrs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{text(value)}"'
        for name, value in (attributes or {}).items()
        if value is not None
    )
    if not children and tag in EMPTY:
        return f"<{tag}{attrs}/>"
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


def label(attributes: Mapping[str, object], words: object) -> str:
    """Return an SVG <text> element showing any value, escaped."""
    return element("text", attributes, text(words))


def tooltip(words: object) -> str:
    """Return an SVG <title>: the text a browser shows on hovering a mark."""
    return f"<title>{text(words)}</title>"


@dataclass(frozen=True)
class Scale:
    """A linear map from data values [low, high] to positions [start, end]."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        """Return the position of a data value."""
        span = self.high - self.low
        share = 0.5 if span == 0 else (value - self.low) / span
        return self.start + share * (self.end - self.start)


def nice_ceiling(value: float) -> float:
    """Return the smallest of 1, 2, 2.5, 5 times a power of ten at or above a positive value."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10 * power


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values from low to high, about `count` of them."""
    if high <= low:
        return [low]
    step = nice_ceiling((high - low) / count)
    first = math.ceil(low / step - 1e-9) * step
    values = []
    value = first
    while value <= high + step * 1e-9:
        values.append(round(value, 10))
        value += step
    return values


def points_path(points: Iterable[tuple[float, float]]) -> str:
    """Return path data joining points with straight lines ("M x,y L x,y ...")."""
    parts = [f"{number(x)},{number(y)}" for x, y in points]
    return ("M" + " L".join(parts)) if parts else ""
