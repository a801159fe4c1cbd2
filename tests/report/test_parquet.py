"""--format parquet: the large tables written as Parquet hold the numbers the CSV tables hold
for the same seed, with times and types kept, and the report reads them; without pyarrow the
option is refused with one message and exit status 2."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.cli.test_stress_command import ONE_DAY

runner = CliRunner()


def test_simulate_and_stress_write_parquet_tables_the_report_reads(write, tmp_path):
    pytest.importorskip("pyarrow", reason="--format parquet needs pyarrow")
    scenario = str(write("day.yaml", ONE_DAY.replace("probability: 1", "probability: 0.5")))
    as_csv, as_parquet = tmp_path / "csv", tmp_path / "parquet"
    for folder, extra in ((as_csv, []), (as_parquet, ["--format", "parquet"])):
        args = ["simulate", scenario, "--replications", "2", "--seed", "3", "-q", *extra]
        result = runner.invoke(app, [*args, "--out", str(folder)])
        assert result.exit_code == 0, result.output
    names = {p.name for p in as_parquet.iterdir()}
    assert {"kpis.parquet", "occupancy.parquet", "report.html"} <= names
    assert not {"kpis.csv", "occupancy.csv"} & names
    for table in ("kpis", "occupancy"):
        typed = pd.read_parquet(as_parquet / f"{table}.parquet")
        text = pd.read_csv(as_csv / f"{table}.csv", parse_dates=["interval_start"])
        assert typed["interval_start"].dtype.kind == "M"  # times stay times
        # the same numbers: CSV keeps 10 significant digits, Parquet all of them
        pd.testing.assert_frame_equal(typed, text, check_dtype=False, rtol=1e-9)
    assert 'data-chart="service-level"' in (as_parquet / "report.html").read_text()

    stressed = tmp_path / "stress"
    args = ["stress", scenario, "--runs", "3", "--format", "parquet", "-q"]
    result = runner.invoke(app, [*args, "--out", str(stressed)])
    assert result.exit_code == 0, result.output
    assert (stressed / "runs.parquet").is_file() and (stressed / "breach.csv").is_file()
    assert list(pd.read_parquet(stressed / "runs.parquet")["run"].unique()) == [0, 1, 2]


def test_parquet_without_pyarrow_is_refused_before_any_work(write, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed: import fails
    out = tmp_path / "out"
    args = ["simulate", str(write("day.yaml", ONE_DAY)), "--replications", "1", "-q"]
    result = runner.invoke(app, [*args, "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 2
    assert "--format parquet needs the pyarrow package: pip install pyarrow" in result.output
    assert "Traceback" not in result.output and not out.exists()
    assert "simulated" not in result.output  # refused before simulating
