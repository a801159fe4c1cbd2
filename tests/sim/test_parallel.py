"""Replications in a pool: no more processes than useful, the same numbers as serially, and no
worker left behind by Ctrl-C, SIGTERM or a failure."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim.replications
from scenarios import scenario_from_dict
from sim import sigterm_raises, simulate
from sim.replications import useful_processes

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def children(parent: int) -> set[int]:
    """Return the live (not zombie) processes whose parent is `parent`, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]  # the name in () may hold spaces
        if int(ppid) == parent and state != "Z":
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Return those of the processes still running (a zombie has ended)."""
    running = set()
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] != "Z":
            running.add(pid)
    return running


def ignores_ctrl_c(pid: int) -> bool:
    """Return whether a process ignores SIGINT (its SigIgn mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


@pytest.fixture
def one_day(single_queue):
    """The one-queue centre for one day: quick to simulate."""
    document = yaml.safe_load(single_queue)
    document["horizon"]["days"] = 1
    return scenario_from_dict(document)


@pytest.fixture
def cores(monkeypatch):
    """Pretend the machine has this many cores."""

    def pretend(n: int) -> None:
        monkeypatch.setattr(sim.replications, "available_cores", lambda: n)

    return pretend


def test_useful_processes_are_capped_by_replications_and_cores():
    assert useful_processes(8, 2, cores=16) == 2
    assert useful_processes(8, 20, cores=2) == 2
    assert useful_processes(3, 20, cores=16) == 3
    assert useful_processes(8, 1, cores=16) == 1
    assert useful_processes(1, 20, cores=16) == 1


@needs_proc
def test_more_workers_than_replications_start_one_process_a_replication(one_day, cores):
    cores(16)
    before = children(os.getpid())
    seen: list[int] = []
    simulate(
        one_day,
        replications=2,
        workers=8,
        progress=lambda _: seen.append(len(children(os.getpid()) - before)),
    )
    assert 1 <= max(seen) <= 2
    assert children(os.getpid()) - before == set()


@needs_proc
@pytest.mark.parametrize(("workers", "replications", "n_cores"), [(8, 1, 16), (4, 3, 1)])
def test_one_useful_process_runs_in_this_process(one_day, cores, workers, replications, n_cores):
    cores(n_cores)
    before = children(os.getpid())
    seen: list[set[int]] = []
    simulate(
        one_day,
        replications=replications,
        workers=workers,
        progress=lambda _: seen.append(children(os.getpid()) - before),
    )
    assert len(seen) == replications and not any(seen)


def test_same_seed_same_numbers_serially_and_in_a_pool(one_day, cores):
    cores(2)
    serial = simulate(one_day, replications=3, seed=11, workers=1)
    pooled = simulate(one_day, replications=3, seed=11, workers=2)
    pd.testing.assert_frame_equal(serial.kpis, pooled.kpis)
    pd.testing.assert_frame_equal(serial.occupancy, pooled.occupancy)


class Stop(Exception):
    pass


@needs_proc
def test_a_failure_while_the_pool_runs_ends_its_workers(one_day, cores):
    cores(2)
    before = children(os.getpid())
    workers: set[int] = set()

    def fail(_: int) -> None:
        workers.update(children(os.getpid()) - before)
        raise Stop

    with pytest.raises(Stop):
        simulate(one_day, replications=6, workers=2, progress=fail)
    assert workers
    assert alive(workers) == set()  # simulate() reaped them before raising


def test_sigterm_raises_system_exit_143_and_restores_the_handler():
    def previous(*_) -> None:
        raise AssertionError("the handler in place before must not run")

    saved = signal.signal(signal.SIGTERM, previous)
    try:
        with pytest.raises(SystemExit) as ended, sigterm_raises():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises at the next bytecode; never sleeps this long
        assert ended.value.code == 143
        assert signal.getsignal(signal.SIGTERM) is previous
    finally:
        signal.signal(signal.SIGTERM, saved)


def test_sigterm_raises_does_nothing_off_the_main_thread():
    handlers = []

    def in_thread() -> None:
        with sigterm_raises():
            handlers.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert handlers == [signal.getsignal(signal.SIGTERM)]


def start_command(out: Path) -> tuple[subprocess.Popen, set[int]]:
    """Start `staffsim simulate baseline --workers 2` in its own session; return it and its
    workers once they are ready (ignoring Ctrl-C, as the parent alone handles it)."""
    command = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from cli.app import main; main()",
            *("simulate", "baseline", "--workers", "2", "--replications", "8", "--quiet"),
            *("--out", str(out)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    workers: set[int] = set()
    for _ in range(400):  # up to 20 s
        workers = children(command.pid)
        if len(workers) == 2 and all(ignores_ctrl_c(pid) for pid in workers):
            break
        if command.poll() is not None:
            break
        time.sleep(0.05)
    if len(workers) != 2:
        command.kill()
        command.communicate()
        pytest.fail(f"the command's two workers did not start (saw {sorted(workers)})")
    return command, workers


def assert_ended_cleanly(command: subprocess.Popen, workers: set[int], tmp_path: Path) -> str:
    """Wait for the command; check no worker, no output folder; return its error output."""
    try:
        _, errors = command.communicate(timeout=60)  # a safety net, not a timing check
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        command.communicate()
        pytest.fail("the command did not end")
    for _ in range(100):  # up to 5 s
        if not alive(workers):
            break
        time.sleep(0.05)
    assert alive(workers) == set()
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a half-written one
    assert "Traceback" not in errors, errors
    return errors


@needs_proc
@pytest.mark.skipif(sim.replications.available_cores() < 2, reason="a pool needs two cores")
def test_sigterm_ends_the_command_and_its_workers(tmp_path):
    command, workers = start_command(tmp_path / "run")
    os.kill(command.pid, signal.SIGTERM)  # the command only, as `kill` or a service manager
    assert_ended_cleanly(command, workers, tmp_path)
    assert command.returncode == 128 + signal.SIGTERM


@needs_proc
@pytest.mark.skipif(sim.replications.available_cores() < 2, reason="a pool needs two cores")
def test_ctrl_c_ends_the_command_and_its_workers_without_tracebacks(tmp_path):
    command, workers = start_command(tmp_path / "run")
    os.killpg(command.pid, signal.SIGINT)  # the whole process group, as a terminal's Ctrl-C
    errors = assert_ended_cleanly(command, workers, tmp_path)
    assert command.returncode != 0
    assert "KeyboardInterrupt" not in errors


BIG_RESULTS = '''
import sys, time

from sim.replications import run_tasks


def task(scenario, seed, index, staffing):
    """Results big enough that one is still being sent when the other has arrived."""
    if index == 0:
        time.sleep(0.2)
        return b"y" * 64_000_000
    return b"x" * 192_000_000


class Stop(Exception):
    pass


def collect(index, result):
    raise Stop  # the first result to arrive fails the run: the other worker is killed


if __name__ == "__main__":
    try:
        run_tasks(task, None, None, 1, 2, 2, None, collect)
    except Stop:
        print("stopped", flush=True)
'''


@pytest.mark.skipif(sim.replications.available_cores() < 2, reason="a pool needs two cores")
def test_a_worker_killed_while_sending_its_result_does_not_hang_the_interpreters_exit(
    tmp_path,
):
    # the pool's reader waits for the rest of a message its killed sender will never write;
    # with this process's end for writing left open it would wait for ever, and exit with it
    script = tmp_path / "big_results.py"
    script.write_text(BIG_RESULTS)
    root = Path(sim.replications.__file__).resolve().parents[1]
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        assert (done.returncode, done.stdout.strip()) == (0, "stopped"), done.stderr
