"""Pricing speed: the dynamic program of column generation, against an earlier revision of it.

Column generation runs on a benchmark instance (Instance8 by default) for a few seconds while
every call of `SchedulePricer.best` is recorded (employee, shift types tracked, prices and
per-shift multipliers). Each call is then replayed by the current program and by the program of
a git revision (`optimise/roster/dynamic.py` as it was then, loaded beside the current one),
alternately, in the same process, checking the values are equal; the table prints per size of
program (states a day) the calls, the median milliseconds of each and the median of the paired
ratios (reference / current), then the same over every call and the seconds summed.

Run from the project root::

    python benchmarks/pricing.py                         # Instance8, reference 977c572
    python benchmarks/pricing.py --instance 7 --seconds 10 --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from optimise.deadline import Deadline
from optimise.roster import dynamic
from optimise.roster.columns import generate
from optimise.roster.instance import RosterInstance, read_instance
from optimise.roster.milp import CoverIndex

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "shift-scheduling-benchmark"
REFERENCE = "977c572"  # the last revision of dynamic.py before the steps were compiled


def reference_module(revision: str):
    """Return `optimise/roster/dynamic.py` at a git revision, loaded as its own module."""
    root = Path(__file__).resolve().parents[1]
    text = subprocess.run(
        ["git", "show", f"{revision}:optimise/roster/dynamic.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "reference_dynamic.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("reference_dynamic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_dynamic"] = module
    spec.loader.exec_module(module)
    return module


def record(problem: RosterInstance, seconds: float) -> list[tuple]:
    """Return the calls of `SchedulePricer.best` made by column generation within `seconds`."""
    calls: list[tuple] = []
    best = dynamic.SchedulePricer.best

    def spy(self, prices, extra=None):
        tracked = frozenset(
            s for s, k in zip(self.shifts, self.layout.counted, strict=True) if k >= 0
        )
        calls.append(
            (self.employee, tracked, prices.copy(), None if extra is None else extra.copy())
        )
        return best(self, prices, extra)

    dynamic.SchedulePricer.best = spy
    try:
        generate(problem, Deadline.after(seconds))
    finally:
        dynamic.SchedulePricer.best = best
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the pricing program against a revision.")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of InstanceN.txt")
    parser.add_argument("--instance", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="column generation recorded")
    parser.add_argument("--repeat", type=int, default=3, help="timings of each call, per side")
    parser.add_argument("--reference", default=REFERENCE, help="git revision to compare with")
    args = parser.parse_args()
    problem = read_instance(args.data / f"Instance{args.instance}.txt")
    old = reference_module(args.reference)
    calls = record(problem, args.seconds)
    index = CoverIndex.of(problem)
    programs: dict[tuple, tuple] = {}
    rows: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for employee, tracked, prices, extra in calls:
        key = (employee, tracked)
        if key not in programs:
            programs[key] = (
                old.SchedulePricer(problem, employee, index, tracked),
                dynamic.SchedulePricer(problem, employee, index, tracked),
            )
        before, after = programs[key]
        times: list[list[float]] = [[], []]
        for _ in range(args.repeat):
            for side, program in enumerate((before, after)):
                started = time.perf_counter()
                found = program.best(prices, extra)
                times[side].append(time.perf_counter() - started)
                if side == 0:
                    expected = found
        assert (found is None) == (expected is None)
        if found is not None and expected is not None:
            assert found[0] == expected[0], (employee, tracked, found[0], expected[0])
        rows[after.states].append((min(times[0]), min(times[1])))
    print(
        f"Pricing on Instance{args.instance}: {len(calls)} calls of column generation's first "
        f"{args.seconds:g} s, best of {args.repeat}; reference {args.reference}"
    )
    header = f"{'states a day':>12}{'calls':>7}{'reference ms':>14}{'current ms':>12}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    every: list[tuple[float, float]] = []
    for states in sorted(rows):
        pairs = rows[states]
        every += pairs
        print(_line(f"{states:,}", pairs))
    print("-" * len(header))
    print(_line("all", every))
    before_s, after_s = (sum(p[i] for p in every) for i in (0, 1))
    print(f"seconds summed: reference {before_s:.2f}, current {after_s:.2f}")


def _line(label: str, pairs: list[tuple[float, float]]) -> str:
    """Return a row: the calls, each side's median milliseconds and the median paired ratio."""
    before = statistics.median(p[0] for p in pairs) * 1e3
    after = statistics.median(p[1] for p in pairs) * 1e3
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    return f"{label:>12}{len(pairs):>7}{before:>14.2f}{after:>12.2f}{ratio:>8.1f}"


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
