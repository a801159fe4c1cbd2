"""Helpers the benchmark scripts share: timing a call, reading a positive count."""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
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
