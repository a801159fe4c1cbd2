"""Helpers the benchmark scripts share: timing a call or a whole process, reading a positive
count."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """Return what `run` returns and the seconds it took, after a garbage collection."""
    gc.collect()
    start = time.perf_counter()
    value = run()
    return value, time.perf_counter() - start


def cpu_timed(run: Callable[[], T]) -> tuple[T, float]:
    """Return what `run` returns and the CPU seconds of this process it took, after a garbage
    collection: on a machine other work shares, CPU time varies less than wall time."""
    gc.collect()
    start = time.process_time()
    value = run()
    return value, time.process_time() - start


def positive(text: str) -> int:
    """Return a command-line count that must be at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def process_cpu_seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    """Return the CPU seconds (user + system) of one command run as a whole process, read
    from ``os.wait4``: other work on a shared machine weighs less than in wall time."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with status {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def bytecode_environment(cache: Path) -> dict[str, str]:
    """Return this process's environment with compiled modules kept in and read from `cache`.

    As in an installed staffsim (pip compiles on install; an editable install writes
    ``__pycache__`` on its first run). Under ``PYTHONDONTWRITEBYTECODE`` the project's modules
    would otherwise be compiled from source at every start, a cost no user pays twice.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(cache)}
