"""Charts: marks where the data puts them, worked out by hand from the chart's geometry.

Geometry (report.charts): a 960 x 260 view, plot area x from LEFT 56 to 960 - 12 = 948 (892
wide), y from 260 - 34 = 226 (zero) up to 12 (the top value): 214 high.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from report.charts import Series, Window, points_chart, week_chart
from report.grids import bar_chart, heat_map, shade

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = dt.date(2026, 1, 5)


def marks(svg: str, kind: str, cls: str) -> list[ET.Element]:
    """The chart's elements of one tag and class (the SVG parses as XML)."""
    root = ET.fromstring(svg)
    return [e for e in root.iter(SVG + kind) if e.get("class") == cls]


def path_points(d: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p.strip(" MLZ").split(","))) for p in d.split("L") if p.strip(" Z")]


def test_a_line_over_one_day_sits_at_its_hours_and_values():
    # x: 6 h of 24 -> 56 + 892 / 4 = 279; 18 h -> 56 + 892 * 3/4 = 725
    # y (0 to 1): 0.5 -> 226 - 107 = 119; 1.0 -> 12
    line = Series("q", [6.0, 18.0], [0.5, 1.0])
    svg = week_chart("sl", [line], start=MONDAY, days=1, y_label="sl", percent=True, y_max=1.0)
    (path,) = marks(svg, "path", "series")
    assert path_points(path.get("d")) == [(279.0, 119.0), (725.0, 12.0)]


def test_a_gap_in_the_data_breaks_the_line_and_its_band():
    line = Series(
        "q",
        [3.0, 9.0, 15.0, 21.0],
        [0.5, 0.6, math.nan, 0.8],
        low=[0.4, 0.5, math.nan, 0.7],
        high=[0.6, 0.7, math.nan, 0.9],
    )
    svg = week_chart("sl", [line], start=MONDAY, days=1, y_label="sl", y_max=1.0)
    assert len(marks(svg, "path", "series")) == 2
    bands = marks(svg, "path", "band")
    assert len(bands) == 2
    # the first band's outline: upper edge forward, lower edge back: 0.6, 0.7, then 0.5, 0.4
    # y = 226 - 214 * value
    ys = [y for _, y in path_points(bands[0].get("d"))]
    assert ys == pytest.approx([226 - 214 * v for v in (0.6, 0.7, 0.5, 0.4)])


def test_target_and_emergency_window():
    svg = week_chart(
        "sl",
        [Series("q", [1.0], [0.5])],
        start=MONDAY,
        days=1,
        y_label="sl",
        target=0.8,
        windows=[Window(6.0, 12.0, "outage phone")],
        y_max=1.0,
    )
    (target,) = marks(svg, "line", "target")
    assert float(target.get("y1")) == pytest.approx(226 - 214 * 0.8)
    (window,) = marks(svg, "rect", "event")
    # 6 h -> 279, 12 h -> 56 + 446 = 502
    assert (float(window.get("x")), float(window.get("width"))) == (279.0, 223.0)
    assert window.find(SVG + "title").text == "outage phone"


def test_a_week_axis_names_each_day():
    svg = week_chart("sl", [Series("q", [1.0], [0.5])], start=MONDAY, days=7, y_label="sl")
    names = [t.text for t in ET.fromstring(svg).iter(SVG + "text")]
    assert "Mon 05 Jan" in names and "Sun 11 Jan" in names


def test_stacked_bars_heights():
    # totals 20 and 30: the axis runs to 50 (the next of 1, 2, 2.5, 5 x 10^k), 214 px / 50
    svg = bar_chart("cost", ["mon", "tue"], [("a", [10, 30]), ("b", [10, 0])], y_label="cost")
    bars = marks(svg, "rect", "bar")
    assert len(bars) == 3  # an empty stack draws nothing
    heights = sorted(float(b.get("height")) for b in bars)
    assert heights == pytest.approx(sorted([42.8, 128.4, 42.8]))
    # tue's bar: slot (948 - 56) / 2 = 446, 90 wide (70% of a slot, at most 90), centred
    # in its slot: 56 + 1.5 * 446 - 45
    tue = [b for b in bars if "tue" in b.find(SVG + "title").text]
    assert float(tue[0].get("x")) == pytest.approx(680.0)
    assert float(tue[0].get("width")) == pytest.approx(90.0)
    assert float(tue[0].get("y")) == pytest.approx(226 - 128.4)
    # mon's second stack sits on the first: its top at 20 of 50
    mon_b = [b for b in bars if b.find(SVG + "title").text.startswith("mon, b")]
    assert float(mon_b[0].get("y")) == pytest.approx(226 - 214 * 20 / 50)


def test_heat_map_cells_shaded_by_value():
    values = np.array([[0.0, 2.0], [4.0, 1.0]])
    svg = heat_map("h", ["d1", "d2"], ["08", "09"], values, unit="agents")
    cells = marks(svg, "rect", "cell")
    assert [float(c.get("data-value")) for c in cells] == [0.0, 2.0, 4.0, 1.0]
    assert [c.get("fill") for c in cells] == ["#FFFFFF", shade(0.5), "#08306B", shade(0.25)]


def test_shade_runs_white_to_dark_blue():
    # halfway: (255 + 8) / 2 = 131.5 -> 132 (0x84), (255 + 48) / 2 = 151.5 -> 152 (0x98),
    # (255 + 107) / 2 = 181 (0xB5)
    assert shade(0.5) == "#8498B5"
    assert shade(-1) == "#FFFFFF" and shade(2) == "#08306B" and shade(math.nan) == "#FFFFFF"


def test_points_chart_marks_the_chosen_cost():
    # x from 100 to 200 padded by 5 each side: 95 -> 56, 205 -> 948; 150 -> 502
    line = Series("q", [100.0, 200.0], [0.7, 0.9], low=[0.6, 0.85], high=[0.8, 0.95])
    svg = points_chart("f", [line], x_label="cost", y_label="sl", targets=[0.8], chosen=150.0)
    (chosen,) = marks(svg, "line", "chosen")
    assert float(chosen.get("x1")) == pytest.approx(502.0)
    points = marks(svg, "circle", "point")
    centres = [v for p in points for v in (float(p.get("cx")), float(p.get("cy")))]
    # coordinates are written to two decimals
    expected = [56 + 892 * 5 / 110, 226 - 214 * 0.7, 56 + 892 * 105 / 110, 226 - 214 * 0.9]
    assert centres == pytest.approx(expected, abs=0.006)
    assert len(marks(svg, "line", "error")) == 2


def test_a_band_past_the_fixed_axis_is_held_within_it():
    # a 95% interval of a share can run past 100% with few replications: drawn up to the top
    line = Series("q", [6.0, 18.0], [0.9, 0.95], low=[-0.2, 0.8], high=[1.3, 1.1])
    svg = week_chart("sl", [line], start=MONDAY, days=1, y_label="sl", y_max=1.0)
    (band,) = marks(svg, "path", "band")
    ys = [y for _, y in path_points(band.get("d"))]
    assert ys == pytest.approx([12.0, 12.0, 226 - 214 * 0.8, 226.0])
