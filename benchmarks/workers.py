"""Parallel replications: `simulate` with 2 workers against 1 worker, 8 replications.

The work is the built-in ``baseline`` (issue 16, item 3: with 2 workers at least 1.7x faster
than with 1 on an idle 2-core machine). Each round runs both modes, alternating which goes
first, with the same seed, so both do the same replications. For each run the table gives the
wall time, the CPU time of this process and of its worker processes (``os.times``: user +
system, children counted once reaped), and the CPU seconds per replication; the speed-up is
wall(1 worker) / wall(2 workers) of the same round (min / median / max over rounds).

On a machine that other work shares, the wall-time speed-up falls short of what the CPU
times allow: with 2 workers the replications need about the same CPU as with 1, so the ideal
speed-up is about (CPU with 1 worker) / (the parent's own CPU + half the workers' CPU).
Below the table, what the parallel path adds is measured apart: a pool of 2 started and ended
around empty tasks, the scenario's size (shipped once per worker), and one replication's
result pickled and unpickled (what each task sends back).

Run from the project root::

    python benchmarks/workers.py              # 3 rounds, seed 1
    python benchmarks/workers.py --rounds 5 --replications 8
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import statistics
import time

from timing import positive

from scenarios import Scenario, load_scenario
from sim.layout import StaffingInput
from sim.replications import replicate, run_tasks, simulate

SCENARIO = "baseline"
TARGET = 1.7


def run(scenario, replications: int, workers: int, seed: int) -> tuple[float, float, float]:
    """Return wall seconds, this process's CPU seconds and its workers' CPU seconds."""
    gc.collect()
    before, start = os.times(), time.perf_counter()
    simulate(scenario, replications=replications, seed=seed, workers=workers)
    wall, after = time.perf_counter() - start, os.times()
    own = (after.user - before.user) + (after.system - before.system)
    children = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, own, children


def nothing(scenario: Scenario, seed: int, index: int, staffing: StaffingInput) -> int:
    """Return the index: a task with no work, to time the pool around it."""
    return index


def overheads(scenario: Scenario, replications: int, seed: int) -> None:
    """Print what the parallel path adds to the replications' own work, measured here."""
    pools = []
    for _ in range(3):
        start = time.perf_counter()
        run_tasks(nothing, scenario, None, seed, replications, 2, None, lambda i, r: None)
        pools.append(time.perf_counter() - start)
    start = time.perf_counter()
    result = replicate(scenario, seed, 0, None)
    one = time.perf_counter() - start
    start = time.perf_counter()
    shipped = pickle.dumps(result)
    back = pickle.loads(shipped)
    moved = time.perf_counter() - start
    assert back.kpis.equals(result.kpis)
    print(
        "\nWhere the parallel path spends time besides the replications (same process):\n"
        f"  pool of 2 started, {replications} empty tasks, ended: median "
        f"{statistics.median(pools) * 1000:.0f} ms (min {min(pools) * 1000:.0f}, max "
        f"{max(pools) * 1000:.0f})\n"
        f"  scenario: {len(pickle.dumps(scenario)) / 1e3:.0f} kB pickled, sent once per "
        "worker by the pool initializer (forked workers inherit it, nothing is pickled)\n"
        f"  one replication's result sent back: {len(shipped) / 1e6:.2f} MB pickled, "
        f"{moved * 1000:.1f} ms to pickle and unpickle, against {one:.2f} s to run it"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="simulate: 2 workers against 1.")
    parser.add_argument("--rounds", type=positive, default=3, help="rounds (default 3)")
    parser.add_argument("--replications", type=positive, default=8, help="(default 8)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    n = args.replications
    print(
        f"Parallel replications: {SCENARIO}, {n} replications, seed {args.seed}, "
        f"{args.rounds} rounds, cores {os.cpu_count()}, load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    header = (
        f"{'round':>5} {'workers':>7} {'wall s':>8} {'CPU parent':>11} {'CPU workers':>12} "
        f"{'CPU s/rep':>10}"
    )
    print(header)
    print("-" * len(header))
    walls: dict[int, list[float]] = {1: [], 2: []}
    per_rep: dict[int, list[float]] = {1: [], 2: []}
    ideal: list[float] = []
    for r in range(args.rounds):
        cpu = {}
        for workers in (1, 2) if r % 2 == 0 else (2, 1):
            wall, own, children = run(scenario, n, workers, args.seed)
            walls[workers].append(wall)
            per_rep[workers].append((own + children) / n)
            cpu[workers] = (own, children)
            print(
                f"{r + 1:>5} {workers:>7} {wall:>8.2f} {own:>11.2f} {children:>12.2f} "
                f"{(own + children) / n:>10.3f}"
            )
        ideal.append(sum(cpu[1]) / (cpu[2][0] + cpu[2][1] / 2))
    speedups = [a / b for a, b in zip(walls[1], walls[2], strict=True)]
    print("-" * len(header))
    for workers in (1, 2):
        print(
            f"{workers} worker(s): wall median {statistics.median(walls[workers]):.2f} s, "
            f"CPU per replication median {statistics.median(per_rep[workers]):.3f} s"
        )
    print(
        f"\nspeed-up wall(1) / wall(2): min {min(speedups):.2f} / median "
        f"{statistics.median(speedups):.2f} / max {max(speedups):.2f}x\n"
        f"ideal from the CPU times (CPU(1) / (parent(2) + workers(2) / 2)): median "
        f"{statistics.median(ideal):.2f}x\ntarget on an idle 2-core machine: {TARGET}x -- "
        f"{'met' if statistics.median(speedups) >= TARGET else 'NOT met'} here"
    )
    overheads(scenario, n, args.seed)


if __name__ == "__main__":
    main()
