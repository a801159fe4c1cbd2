"""Simulations on a Dask cluster: replications, stress runs and the verification loop give the
numbers of a serial run with the same seed; `--dask` reaches a running scheduler or starts a
LocalCluster, and a bad address is refused with one message, exit status 2 and nothing written;
`staffsim --help` does not import distributed."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import cli.cluster
from cli.app import app
from optimise.simopt import verify_plan
from scenarios import scenario_from_dict
from sim import simulate
from sim.stress import stress

distributed = pytest.importorskip("distributed")

runner = CliRunner()

# One voice queue open around the clock for one day in hours, 30 calls an hour of 5 minutes
# (2.5 erlangs) on 4 agents: quick to simulate, and busy enough that calls wait and abandon.
ONE_DAY = {
    "name": "one-day",
    "horizon": {"start": "2026-01-05", "days": 1, "interval_minutes": 60},
    "channels": {"phone": {"kind": "voice"}},
    "queues": {
        "general": {
            "channel": "phone",
            "skill": "general",
            "volume": {"per_interval": 30},
            "handle_time": {"distribution": "exponential", "mean_seconds": 300},
            "patience": {"distribution": "exponential", "mean_seconds": 120},
            "sla": {"answer_within_seconds": 20, "target": 0.8},
        }
    },
    "agent_groups": {"agents": {"skills": {"general": 1.0}, "cost_per_hour": 20}},
    "staffing": {"agents": 4},
}

# The same day with a phone outage of 1-3 hours that happens in about half the runs.
OUTAGE = {
    "type": "outage",
    "channel": "phone",
    "probability": 0.5,
    "when": {"earliest": "2026-01-05 08:00", "latest": "2026-01-05 16:00"},
    "duration": {"hours": [1, 3]},
}

# Open 08:00-14:00 with one-hour shifts every hour: the verification loop plans and re-plans.
HOURLY = {
    **ONE_DAY,
    "name": "hourly",
    "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "08:00-14:00"}}},
    "agent_groups": {"g": {"skills": {"general": 1.0}, "cost_per_hour": 10}},
    "staffing": {"g": 1},
    "shifts": {
        "types": {
            "hour": {"length_hours": 1, "start": ["08:00", "13:00"], "start_step_minutes": 60}
        }
    },
}


@pytest.fixture(scope="module")
def client():
    """A running cluster of two single-threaded worker processes, and a client of it."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


def same(left: dict, right: dict) -> bool:
    """Return whether two summaries are the same figure for figure (NaN equal to NaN)."""
    return json.dumps(left, sort_keys=True, default=str) == json.dumps(
        right, sort_keys=True, default=str
    )


def test_replications_on_dask_are_the_serial_replications(client):
    centre = scenario_from_dict(ONE_DAY)
    serial = simulate(centre, replications=4, seed=11)
    with distributed.get_task_stream(client) as tasks:
        spread = simulate(centre, replications=4, seed=11, executor=client.get_executor())
    assert len(tasks.data) == 4  # one task a replication, run by the cluster's workers
    pd.testing.assert_frame_equal(spread.kpis, serial.kpis)
    pd.testing.assert_frame_equal(spread.occupancy, serial.occupancy)
    assert same(spread.summary(), serial.summary())


def test_stress_runs_on_dask_are_the_serial_runs(client):
    centre = scenario_from_dict({**ONE_DAY, "emergencies": {"down": OUTAGE}})
    serial = stress(centre, runs=6, seed=5)
    spread = stress(centre, runs=6, seed=5, executor=client.get_executor())
    pd.testing.assert_frame_equal(spread.breach, serial.breach)
    pd.testing.assert_frame_equal(spread.runs, serial.runs)
    assert same(spread.summary(), serial.summary())
    assert 0 < spread.happened["down"] < 6  # the runs differ: some had the outage, some not


def test_the_verification_loop_on_dask_is_the_serial_loop(client):
    centre = scenario_from_dict(HOURLY)
    options = {"replications": 2, "seed": 3, "max_iterations": 2, "time_limit": 120.0}
    serial = verify_plan(centre, **options)
    spread = verify_plan(centre, executor=client.get_executor(), **options)
    columns = lambda table: table.drop(columns="seconds")  # noqa: E731  (wall time differs)
    pd.testing.assert_frame_equal(
        columns(spread.iteration_table()), columns(serial.iteration_table())
    )
    pd.testing.assert_frame_equal(spread.chosen.kpis, serial.chosen.kpis)
    pd.testing.assert_frame_equal(spread.plan.shifts, serial.plan.shifts)
    assert same(spread.summary(), serial.summary())


def test_stress_command_on_a_running_scheduler_writes_the_serial_tables(client, tmp_path, write):
    path = write("one-day.yaml", yaml.safe_dump({**ONE_DAY, "emergencies": {"down": OUTAGE}}))
    args = ["stress", str(path), "--runs", "4", "--seed", "9", "-q"]
    address = client.scheduler.address
    result = runner.invoke(app, [*args, "--dask", address, "--out", str(tmp_path / "dask")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "serial")])
    assert result.exit_code == 0, result.output
    for name in ("breach.csv", "runs.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_frontier_and_verify_commands_on_a_running_scheduler_write_the_serial_tables(
    client, tmp_path, write
):
    path = write("hourly.yaml", yaml.safe_dump(HOURLY))
    commands = {
        "frontier": (["--budgets", "300,600", "--replications", "2"], "frontier.csv"),
        "plan": (["--verify", "--replications", "2", "--iterations", "2"], "iterations.csv"),
    }
    address = client.scheduler.address
    for command, (options, table) in commands.items():
        args = [command, str(path), *options, "--seed", "4", "-q", "--no-report"]
        for name, more in (("dask", ["--dask", address]), ("serial", [])):
            result = runner.invoke(app, [*args, *more, "--out", str(tmp_path / command / name)])
            assert result.exit_code == 0, result.output
        spread, serial = (pd.read_csv(tmp_path / command / n / table) for n in ("dask", "serial"))
        wall = [c for c in ("seconds",) if c in serial]  # each iteration's time differs
        pd.testing.assert_frame_equal(spread.drop(columns=wall), serial.drop(columns=wall))


def children() -> set[int]:
    """Return the live processes started by this one (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):  # not a process, or ended while we looked
            continue
        if int(parent) == os.getpid() and state != "Z":
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_simulate_command_on_a_local_cluster_writes_the_serial_files_and_ends_it(tmp_path, write):
    path = write("one-day.yaml", yaml.safe_dump(ONE_DAY))
    args = ["simulate", str(path), "--replications", "3", "--seed", "2", "-q", "--no-report"]
    before = children()  # the module's cluster, when its tests ran first
    local = [*args, "--dask", "local", "--workers", "1", "--out", str(tmp_path / "dask")]
    result = runner.invoke(app, local)
    assert result.exit_code == 0, result.output
    deadline = time.monotonic() + 10  # a worker process takes a moment to be reaped
    while children() - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not children() - before  # the cluster started for the command ended with it
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "serial")])
    assert result.exit_code == 0, result.output
    for name in ("kpis.csv", "occupancy.csv", "summary.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("tcp://127.0.0.1:1", "no Dask scheduler answered at 'tcp://127.0.0.1:1'"),
        ("http://127.0.0.1:8786", "not a scheduler's address: 'http://127.0.0.1:8786'"),
    ],
)
def test_a_bad_address_is_one_message_exit_2_and_nothing_written(
    address, says, tmp_path, write, monkeypatch
):
    monkeypatch.setattr(cli.cluster, "CONNECT_SECONDS", 0.5)
    path = write("one-day.yaml", yaml.safe_dump(ONE_DAY))
    out = tmp_path / "run"
    result = runner.invoke(app, ["simulate", str(path), "--dask", address, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: --dask: ") and says in result.output
    assert len(result.output.strip().splitlines()) == 1  # no traceback
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


def test_without_distributed_dask_says_what_to_install(tmp_path, write, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
    path = write("one-day.yaml", yaml.safe_dump(ONE_DAY))
    out = tmp_path / "run"
    result = runner.invoke(app, ["simulate", str(path), "--dask", "local", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert 'pip install "distributed>=2024.1"' in result.output
    assert not out.exists()


def test_dask_for_a_plan_needs_verify(tmp_path, write):
    path = write("hourly.yaml", yaml.safe_dump(HOURLY))
    result = runner.invoke(app, ["plan", str(path), "--dask", "local", "-q"])
    assert result.exit_code == 2
    assert "--verify" in result.output


def test_help_does_not_import_distributed():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cli.app import app\n"
        "for command in ([], ['simulate'], ['stress'], ['frontier'], ['plan']):\n"
        "    assert CliRunner().invoke(app, [*command, '--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "[]"
