"""An outage cannot look good in a simulation's summary: contacts it lost (failed, neither
retried nor diverted) are counted as offered and unanswered beside the usual figures."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.summary import summarise


def kpis(rows: list[tuple]) -> pd.DataFrame:
    """Return a kpis table from (replication, queue, offered, within, abandoned, failed,
    retried, diverted) rows, one interval each."""
    columns = ["replication", "queue", "offered", "answered_within_target", "abandoned"]
    frame = pd.DataFrame(rows, columns=[*columns, "failed", "retried", "diverted"])
    return frame.assign(
        interval_start=pd.Timestamp("2026-01-05 09:00"),
        answered=frame["offered"] - frame["abandoned"],
        asa_seconds=10.0,
    )


OCCUPANCY = pd.DataFrame(
    {"replication": [0, 1], "group": "g", "busy_seconds": 1.0, "duty_seconds": 2.0}
)


def test_lost_contacts_count_as_offered_and_unanswered():
    # replication 0: 100 offered, 90 within target, 4 abandoned; 30 failed, 10 of them retried
    # and 5 diverted: 15 lost. Service level with lost 90 / 115, abandonment (4 + 15) / 115.
    # replication 1: 80 offered, 60 within, 8 abandoned; 20 failed, none retried: 20 lost,
    # 60 / 100 and 28 / 100. The calm queue lost nothing and keeps its figures alone.
    table = kpis(
        [
            (0, "phone", 100, 90, 4, 30, 10, 5),
            (1, "phone", 80, 60, 8, 20, 0, 0),
            (0, "calm", 50, 45, 1, 0, 0, 0),
            (1, "calm", 50, 40, 2, 0, 0, 0),
        ]
    )
    queues = summarise(table, OCCUPANCY)["queues"]
    phone = queues["phone"]
    assert phone["lost"] == pytest.approx((15 + 20) / 2)
    assert phone["service_level_with_lost"]["mean"] == pytest.approx((90 / 115 + 60 / 100) / 2)
    assert phone["abandon_rate_with_lost"]["mean"] == pytest.approx((19 / 115 + 28 / 100) / 2)
    assert phone["service_level"]["mean"] == pytest.approx((90 / 100 + 60 / 80) / 2)
    assert "lost" not in queues["calm"] and "service_level_with_lost" not in queues["calm"]


def test_the_built_in_outage_loses_billing_calls_and_its_service_counts_them():
    from scenarios import load_scenario
    from sim import simulate

    summary = simulate(load_scenario("outage"), replications=2, seed=1).summary()
    billing = summary["queues"]["billing"]
    assert billing["lost"] > 0
    assert billing["service_level_with_lost"]["mean"] < billing["service_level"]["mean"]


def test_a_run_that_lost_nothing_has_no_lost_figures():
    table = kpis([(0, "calm", 50, 45, 1, 0, 0, 0), (1, "calm", 50, 40, 2, 0, 0, 0)])
    calm = summarise(table, OCCUPANCY)["queues"]["calm"]
    assert calm["service_level"]["mean"] == pytest.approx((45 / 50 + 40 / 50) / 2)
    assert "lost" not in calm
    without_outage_columns = table.drop(columns=["failed", "retried", "diverted"])
    assert "lost" not in summarise(without_outage_columns, OCCUPANCY)["queues"]["calm"]
