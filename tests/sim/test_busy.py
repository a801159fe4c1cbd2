"""Busy agent-seconds per interval, against the overlap of each contact with each interval."""

from __future__ import annotations

import numpy as np
import pytest

from sim.busy import busy_up_to, per_interval


def busy_seconds(start, end, load, group, groups, interval_seconds, intervals) -> np.ndarray:
    return per_interval(busy_up_to(start, end, load, group, groups, interval_seconds, intervals))


def _by_overlap(start, end, load, group, groups, width, intervals) -> np.ndarray:
    """Sum, contact by contact and interval by interval, load x the overlap of the two."""
    out = np.zeros((groups, intervals))
    for a, e, w, g in zip(start, end, load, group, strict=True):
        for k in range(intervals):
            lo, hi = k * width, (k + 1) * width
            out[g, k] += w * max(0.0, min(e, hi) - max(a, lo))
    return out


def test_hand_worked_two_groups() -> None:
    # intervals of 100 s: a call 50-250 s (50 + 100 + 50), two chats at 1/2 from 120-180 and
    # 150 s to the end of the run (still in hand: 1/2 x 30 in interval 1, 1/2 x 100 in 2)
    busy = busy_seconds(
        np.array([50.0, 120.0, 150.0]),
        np.array([250.0, 180.0, np.inf]),
        np.array([1.0, 0.5, 0.5]),
        np.array([0, 1, 1]),
        groups=2,
        interval_seconds=100.0,
        intervals=3,
    )
    assert busy.tolist() == [[50.0, 100.0, 50.0], [0.0, 30.0 + 25.0, 50.0]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_contacts_match_their_overlaps(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, groups, width, intervals = 400, 3, 900.0, 20
    start = rng.uniform(0, width * intervals, n)
    start[:10] = np.arange(10) * width  # some start exactly on a boundary
    end = start + rng.exponential(600.0, n)
    end[10:20] = np.inf  # in hand when the run ends
    end[20:30] = start[20:30]  # dropped the moment they were taken
    load = rng.choice([1.0, 0.5, 1 / 3], n)
    group = rng.integers(0, groups, n)
    busy = busy_seconds(start, end, load, group, groups, width, intervals)
    expected = _by_overlap(start, end, load, group, groups, width, intervals)
    np.testing.assert_allclose(busy, expected, rtol=0, atol=1e-6)
    # counted a part of the contacts at a time, the running totals add up
    halves = [slice(0, 150), slice(150, n)]
    parts = sum(
        busy_up_to(start[h], end[h], load[h], group[h], groups, width, intervals) for h in halves
    )
    np.testing.assert_allclose(per_interval(parts), expected, rtol=0, atol=1e-6)


def test_a_group_with_no_contacts_is_idle() -> None:
    busy = busy_seconds(
        np.array([0.0]), np.array([10.0]), np.array([1.0]), np.array([0]), 2, 60.0, 2
    )
    assert busy.tolist() == [[10.0, 0.0], [0.0, 0.0]]


def test_a_run_without_contacts_keeps_nobody_busy() -> None:
    from scenarios import load_scenario
    from sim.contacts import Contacts
    from sim.engine import run_replication
    from sim.layout import centre_layout

    scenario = load_scenario("single-queue")
    empty = Contacts(
        arrival=np.array([]),
        queue=np.array([], dtype=np.int64),
        handle_seconds=np.array([]),
        patience_seconds=np.array([]),
    )
    result = run_replication(centre_layout(scenario), empty)
    assert result.busy_seconds.shape == (1, scenario.horizon.n_intervals)
    assert not result.busy_seconds.any()
    assert result.duty_seconds.sum() == 55 * 7 * 86400  # 55 agents on duty all week
