"""A simulation's tables are written from columns, without pandas: the CSV text must be what
pandas writes of the same table (`frame_csv`, the writer of every other table)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from report.files import columns_csv, frame_csv
from scenarios import load_scenario
from sim.replications import replicate


@pytest.mark.parametrize("name", ["outage", "journey"])
def test_a_runs_kpis_and_occupancy_are_written_as_pandas_writes_them(name):
    # outage: failed contacts and intervals nobody is offered (NaN ratios); journey: tiers
    done = replicate(load_scenario(name), 3, 0)
    for columns in (done.kpi_columns, done.occupancy_columns):
        assert columns_csv(columns) == frame_csv(pd.DataFrame(columns))


def test_every_kind_of_cell_is_written_as_pandas_writes_it():
    columns = {
        "interval_start": np.array(
            ["2026-01-05T00:00:00", "2026-01-05T00:15:00", "NaT", "2027-12-31T23:45:00"],
            dtype="datetime64[s]",
        ),
        "queue": np.array(["plain", "with, comma", 'say "hi"', "two\nlines"]),
        "formula": np.array(["=1+1", "+44 20", "-3", "@sum"]),
        "count": np.array([0, -7, 2**40, 12], dtype=np.int64),
        "small": np.array([3, 4, 5, 6], dtype=np.int8),
        "open": np.array([True, False, True, False]),
        "ratio": np.array([np.nan, 0.1 + 0.2, -0.0, 1e-20]),
        "big": np.array([np.inf, -np.inf, 123456789012.5, 2 / 3]),
    }
    assert columns_csv(columns) == frame_csv(pd.DataFrame(columns))


def test_a_table_without_rows_keeps_its_header():
    columns = {"replication": np.array([], dtype=np.int64), "service_level": np.array([])}
    assert columns_csv(columns) == frame_csv(pd.DataFrame(columns)) == "replication,service_level\n"
