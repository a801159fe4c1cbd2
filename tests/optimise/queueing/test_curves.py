"""The concave curves a budget plan maximises: the upper hull against brute force, and the
curve of a one-queue scenario against Erlang C worked out in the test."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings

from optimise.queueing.curves import skill_curves, upper_hull
from scenarios import scenario_from_dict
from tests.reference import erlang_c
from tests.strategies import answer_times, handle_times, interval_volumes, point_sets


def chord_at(x: list[int], y: list[int], a: int, b: int, k: int) -> Fraction:
    """Return the height at x[k] of the chord from point a to point b."""
    return y[a] + Fraction(y[b] - y[a], x[b] - x[a]) * (x[k] - x[a])


def hull_height(hx: list[int], hy: list[int], at: int) -> Fraction:
    """Return the height at `at` of the piecewise-linear curve through the vertices."""
    for (x0, y0), (x1, y1) in itertools.pairwise(zip(hx, hy, strict=True)):
        if x0 <= at <= x1:
            return y0 + Fraction(y1 - y0, x1 - x0) * (at - x0)
    assert len(hx) == 1 and at == hx[0]
    return Fraction(hy[0])


@settings(max_examples=300, deadline=None)
@given(points=point_sets())
@example(points=([0, 1, 2], [0, 1, 2]))  # collinear: the middle point is no vertex
@example(points=([0, 1, 2, 3], [0, 0, 0, 0]))
@example(points=([0, 1, 2, 3], [0, 5, 5, 0]))
@example(points=([4], [3]))
def test_upper_hull_vertices_are_the_points_above_every_chord(points):
    x, y = points
    hx, hy = upper_hull(np.array(x, dtype=float), np.array(y, dtype=float))
    hx, hy = [int(v) for v in hx], [int(v) for v in hy]
    # brute force: an inner point is a vertex when every chord from a point on its left to a
    # point on its right passes strictly below it (a point on a chord is no vertex: the
    # envelope runs straight through it); the first and last points are always vertices
    n = len(x)
    vertices = [
        k
        for k in range(n)
        if k in (0, n - 1)
        or all(chord_at(x, y, a, b, k) < y[k] for a in range(k) for b in range(k + 1, n))
    ]
    assert hx == [x[k] for k in vertices]
    assert hy == [y[k] for k in vertices]
    # through the first and last points
    assert (hx[0], hy[0]) == (x[0], y[0]) and (hx[-1], hy[-1]) == (x[-1], y[-1])
    # concave: the slopes fall strictly from one edge to the next
    slopes = [Fraction(hy[i + 1] - hy[i], hx[i + 1] - hx[i]) for i in range(len(hx) - 1)]
    assert all(s > t for s, t in itertools.pairwise(slopes))
    # on or above every point
    assert all(hull_height(hx, hy, x[k]) >= y[k] for k in range(n))


def one_queue(volume: int, aht: float, within: float) -> dict:
    """A voice queue without abandonment, open 08:00-10:00 (intervals 16-19 of 30 minutes)."""
    return {
        "name": "one-queue",
        "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 30},
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-10:00"}}},
        "queues": {
            "q": {
                "channel": "phone",
                "skill": "s",
                "volume": {"per_interval": volume},
                "handle_time": {"distribution": "exponential", "mean_seconds": aht},
                "sla": {"answer_within_seconds": within, "target": 0.8},
            }
        },
        "agent_groups": {"g": {"skills": {"s": 1.0}}},
        "staffing": {"g": 0},
    }


def answered_in_time(n: int, volume: int, aht: float, within: float) -> float:
    """Return the contacts of an interval answered within target by n agents (Erlang C)."""
    rate = volume / 1800  # contacts a second
    load = rate * aht  # erlangs
    if n <= load:
        return 0.0  # the queue grows without bound: in the long run nobody is answered in time
    # P(wait <= t) = 1 - C(n, a) exp(-(n mu - lambda) t)
    return volume * (1 - erlang_c(n, load) * math.exp(-(n / aht - rate) * within))


@settings(max_examples=30, deadline=None)
@given(volume=interval_volumes, aht=handle_times, within=answer_times)
@example(volume=40, aht=240.0, within=20.0)
def test_skill_curve_is_the_concave_envelope_of_erlang_c(volume, aht, within):
    curves = skill_curves(scenario_from_dict(one_queue(volume, aht, within)))
    assert set(curves) == {("s", i) for i in (16, 17, 18, 19)}  # the open intervals
    for curve in curves.values():
        agents, answered = curve.agents, curve.answered
        assert agents[0] == 0 and answered[0] == pytest.approx(0.0, abs=1e-9)
        assert (agents == np.round(agents)).all() and (np.diff(agents) > 0).all()
        exact = [answered_in_time(n, volume, aht, within) for n in range(int(agents[-1]) + 1)]
        tolerance = 1e-9 * volume
        # at the vertices the curve is Erlang C's answer
        for n, value in zip(agents.astype(int), answered, strict=True):
            assert value == pytest.approx(exact[n], rel=1e-9, abs=tolerance)
        # between them it lies on or above Erlang C at every whole number of agents
        between = np.interp(np.arange(len(exact)), agents, answered)
        assert (between >= np.array(exact) - tolerance).all()
        # nondecreasing and concave: slopes non-negative and falling
        slopes = np.diff(answered) / np.diff(agents)
        assert (slopes >= -tolerance).all()
        assert (np.diff(slopes) <= tolerance).all()
        # it runs far enough to answer at least 99% in time
        assert exact[-1] >= 0.99 * volume


def curve_points(curve) -> list[tuple[float, float]]:
    return list(zip(curve.agents.tolist(), curve.answered.tolist(), strict=True))


def same_curve(curve, other) -> bool:
    return np.array_equal(curve.agents, other.agents) and np.allclose(
        curve.answered, other.answered, rtol=1e-12, atol=0.0
    )


def test_a_handle_time_surge_is_a_longer_handle_time_in_its_window():
    # the surge doubles the handle time from 08:30 to 09:30 (intervals 17 and 18): there the
    # curve is that of the queue with twice the handle time, elsewhere the plain queue's
    surged = one_queue(40, 240.0, 20.0)
    surged["events"] = [
        {
            "type": "surge",
            "queue": "q",
            "start": "2026-01-05 08:30",
            "end": "2026-01-05 09:30",
            "handle_time_multiplier": 2.0,
        }
    ]
    curves = skill_curves(scenario_from_dict(surged))
    plain = skill_curves(scenario_from_dict(one_queue(40, 240.0, 20.0)))
    slow = skill_curves(scenario_from_dict(one_queue(40, 480.0, 20.0)))
    for i, expected in ((16, plain), (17, slow), (18, slow), (19, plain)):
        assert same_curve(curves["s", i], expected["s", i])
    # and Erlang C at twice the handle time, worked out here, at the surge's vertices
    for n, value in curve_points(curves["s", 17]):
        assert value == pytest.approx(answered_in_time(int(n), 40, 480.0, 20.0), abs=1e-9)


def test_escalated_contacts_put_their_load_on_the_tier_two_skill():
    # a second queue with no arrivals of its own gets a tenth of the first's contacts (every
    # contact is answered: no abandonment), escalated at once: 4 an interval, sized by Erlang C
    document = one_queue(40, 240.0, 20.0)
    document["queues"]["q"]["escalation"] = {"share": 0.1, "to": "tier2"}
    document["queues"]["tier2"] = {
        **document["queues"]["q"],
        "skill": "t",
        "volume": {"per_interval": 0},
        "handle_time": {"distribution": "exponential", "mean_seconds": 600},
    }
    del document["queues"]["tier2"]["escalation"]
    document["agent_groups"]["g"]["skills"]["t"] = 1.0
    curves = skill_curves(scenario_from_dict(document))
    assert {i for skill, i in curves if skill == "t"} == {16, 17, 18, 19}
    for i in (16, 17, 18, 19):
        for n, value in curve_points(curves["t", i]):
            assert value == pytest.approx(answered_in_time(int(n), 4, 600.0, 20.0), rel=1e-9)
