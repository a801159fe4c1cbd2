"""The pieces of the report's sections: a figure with its legend, a table, colours kept per
name, and figures read from summaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from report.charts import Series
from report.svg import colour, element, text


def figure(
    chart: str, labels: Sequence[str], caption: str, paints: Sequence[str] | None = None
) -> str:
    """Return a chart with its caption and a legend naming each series in its colour."""
    paints = paints or [colour(i) for i in range(len(labels))]
    legend = "".join(
        element(
            "li",
            {},
            element("span", {"class": "swatch", "style": f"background:{paint}"}, ""),
            text(name),
        )
        for name, paint in zip(labels, paints, strict=True)
    )
    return element(
        "figure",
        {},
        element("figcaption", {}, text(caption)),
        chart,
        element("ul", {"class": "legend"}, legend) if labels else "",
    )


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, flagged=()) -> str:
    """Return an HTML table of text cells; rows whose index is in `flagged` are marked."""
    head = element("tr", {}, *(element("th", {}, text(h)) for h in header))
    body = "".join(
        element(
            "tr",
            {"class": "miss" if i in flagged else None},
            *(element("td", {}, text(cell)) for cell in row),
        )
        for i, row in enumerate(rows)
    )
    return element("table", {}, element("thead", {}, head), element("tbody", {}, body))


def ci_text(value: object, percent: bool = True) -> str:
    """Return a summary figure {"mean", "ci95"} as "mean ± half the interval" text."""
    if not isinstance(value, dict) or value.get("mean") is None:
        return "-"
    low, high = (value.get("ci95") or [None, None])[:2]
    mean = value["mean"]
    if low is None or high is None:
        return f"{mean:.1%}" if percent else f"{mean:,.1f}"
    # the Student-t interval is symmetric: mean ± half its width reads shorter
    half = (high - low) / 2
    return f"{mean:.1%} ± {half:.1%}" if percent else f"{mean:,.1f} ± {half:,.1f}"


def painted(series: Sequence[Series], order: Sequence[str]) -> list[Series]:
    """Return series coloured by their label's place in `order`, so that a queue or group keeps
    its colour in every chart of the page."""
    return [
        Series(s.label, s.x, s.y, s.low, s.high, colour(list(order).index(s.label)))
        if s.label in order
        else s
        for s in series
    ]


def part(document: dict[str, Any], key: str) -> dict[str, Any]:
    """Return the mapping under a key of a document, or an empty one."""
    value = document.get(key)
    return value if isinstance(value, dict) else {}
