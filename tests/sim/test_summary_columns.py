"""The summary of a run is worked out from its columns with numpy: it must agree with the same
sums and ratios worked out by pandas' groupby, row by row, here in the test."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from scenarios import load_scenario
from sim import simulate
from sim.summary import queue_totals, summarise


@pytest.fixture(scope="module")
def outage_run():
    # the outage loses billing calls, so the figures with the lost are there to check too
    return simulate(load_scenario("outage"), replications=3, seed=4)


SUMMED = ["offered", "answered", "abandoned", "answered_within_target", "wait", "failed"]


def per_replication(kpis: pd.DataFrame) -> pd.DataFrame:
    """Per queue and replication: the service figures, by pandas' groupby."""
    sums = (
        kpis.assign(wait=kpis["asa_seconds"].fillna(0) * kpis["answered"])
        .groupby(["queue", "replication"], sort=False)[[*SUMMED, "retried", "diverted"]]
        .sum()
    )
    lost = sums["failed"] - sums["retried"] - sums["diverted"]
    return pd.DataFrame(
        {
            "offered": sums["offered"],
            "service_level": sums["answered_within_target"] / sums["offered"],
            "abandon_rate": sums["abandoned"] / sums["offered"],
            "asa_seconds": sums["wait"] / sums["answered"],
            "lost": lost,
            "service_level_with_lost": sums["answered_within_target"] / (sums["offered"] + lost),
            "abandon_rate_with_lost": (sums["abandoned"] + lost) / (sums["offered"] + lost),
        }
    )


def test_each_queues_means_and_intervals_are_pandas_groupby_means(outage_run):
    summary = summarise(outage_run.kpi_columns, outage_run.occupancy_columns)
    expected = per_replication(outage_run.kpis)
    names = list(dict.fromkeys(outage_run.kpis["queue"]))  # in order of appearance
    assert list(summary["queues"]) == names
    assert summary["replications"] == 3
    for name in names:
        rows = expected.xs(name, level="queue")
        figures = summary["queues"][name]
        for measure in ["service_level", "abandon_rate", "asa_seconds"]:
            values = rows[measure].to_numpy()
            half = stats.t.ppf(0.975, 2) * values.std(ddof=1) / 3**0.5
            assert figures[measure]["mean"] == pytest.approx(values.mean(), rel=1e-12)
            assert figures[measure]["ci95"] == pytest.approx(
                [values.mean() - half, values.mean() + half], rel=1e-9
            )
        assert figures["offered"] == pytest.approx(rows["offered"].mean(), rel=1e-12)
        if rows["lost"].sum() > 0:
            assert figures["lost"] == pytest.approx(rows["lost"].mean(), rel=1e-12)
            for measure in ["service_level_with_lost", "abandon_rate_with_lost"]:
                assert figures[measure]["mean"] == pytest.approx(rows[measure].mean(), rel=1e-12)
        else:
            assert "lost" not in figures
    assert any("lost" in figures for figures in summary["queues"].values())


def test_each_groups_occupancy_is_busy_over_duty_time_per_replication(outage_run):
    summary = summarise(outage_run.kpi_columns, outage_run.occupancy_columns)
    sums = outage_run.occupancy.groupby(["group", "replication"], sort=False)[
        ["busy_seconds", "duty_seconds"]
    ].sum()
    share = sums["busy_seconds"] / sums["duty_seconds"]
    assert list(summary["groups"]) == list(dict.fromkeys(outage_run.occupancy["group"]))
    for name, figures in summary["groups"].items():
        expected = share.xs(name, level="group").mean()
        assert figures["occupancy"]["mean"] == pytest.approx(expected, rel=1e-12)


def test_the_summary_of_a_runs_columns_is_the_summary_of_its_csv_tables(outage_run, tmp_path):
    # the report summarises the CSV files read back: the same figures
    read = {}
    for name in ("kpis", "occupancy"):
        path = tmp_path / f"{name}.csv"
        getattr(outage_run, name).to_csv(path, index=False)
        read[name] = pd.read_csv(path)
    assert _close(
        summarise(read["kpis"], read["occupancy"]),
        summarise(outage_run.kpi_columns, outage_run.occupancy_columns),
    )


def _close(a, b) -> bool:
    """Whether two summaries hold the same keys and numbers (to 1e-12, relative)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12)
    return a == b


def test_queue_totals_per_replication_are_pandas_groupby_figures(outage_run):
    expected = per_replication(outage_run.kpis)
    totals = queue_totals(outage_run.kpis)
    assert list(totals.index) == list(expected.index)
    for column in totals.columns:
        assert totals[column].to_numpy() == pytest.approx(expected[column].to_numpy(), rel=1e-12)
