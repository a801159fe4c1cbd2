"""Staffing requirements speed: staffsim's vectorised Erlang C and A against pyworkforce's ErlangC.

The work is a week of 15-minute intervals (672) for 4 queues, volumes drawn uniformly between
20 and 400 contacts per interval (``numpy.random.default_rng(seed).uniform(20, 400, (4, 672))``,
rounded), handle times of 180, 300, 420 and 600 s per queue, and a target of 80% of contacts
answered within 20 s. Three things are timed with ``time.perf_counter``, in the same process:

- staffsim, Erlang C: ``optimise.queueing.erlang.required_agents(rate, aht, 20, 0.8)``, one
  call over all 4 x 672 intervals at once (rate = volume / 900 per second).
- staffsim, Erlang A: the same call with ``patience=180`` (mean patience in seconds), so that
  some contacts abandon; it needs fewer agents and has no counterpart in pyworkforce.
- reference: ``pyworkforce.queuing.ErlangC(...).required_positions(service_level=0.8,
  max_occupancy=1.0)["raw_positions"]`` looped over the same intervals, in pyworkforce's units
  (transactions per interval, handle time, target answer time and interval in minutes).

Each of the three runs once untimed first (the first call imports scipy, a one-off start-up
cost that would otherwise land in round 1). Each round runs the three one after another
(alternating which goes first) on the same intervals. The table gives seconds per round, the
medians, and the median speed-ups (pyworkforce seconds / staffsim seconds, min / median /
max); the targets (issue 16) are staffsim's Erlang C at least 50x faster than the pyworkforce
loop and staffsim's Erlang A under 50 ms for the 2,688 intervals. Below it, the Erlang C agent
counts are compared interval by interval, and both answers are checked with an
independent Erlang C formula written here (log-space Poisson sums in plain Python): the count
is right when it meets the target and one agent fewer does not.

pyworkforce is only needed for this benchmark and is not a staffsim dependency::

    pip install pyworkforce

Run from the project root::

    python benchmarks/requirements.py               # 5 rounds, seed 1; about 20 seconds
    python benchmarks/requirements.py --rounds 9 --seed 7
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from timing import positive, timed

from optimise.queueing.erlang import required_agents

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # pragma: no cover - depends on the environment
    raise SystemExit(
        "this benchmark compares against pyworkforce, which is not installed; "
        "run `pip install pyworkforce` (it is not a staffsim dependency)"
    ) from None

QUEUES, INTERVALS = 4, 672  # a week of 15-minute intervals
INTERVAL_SECONDS = 900.0
VOLUME_RANGE = (20.0, 400.0)  # contacts per interval
AHT_SECONDS = (180.0, 300.0, 420.0, 600.0)  # per queue
ANSWER_WITHIN = 20.0  # seconds
SERVICE_LEVEL = 0.8
PATIENCE = 180.0  # mean seconds, for Erlang A
TARGET_C = 50.0  # staffsim Erlang C at least this many times faster than the reference
TARGET_A = 0.050  # staffsim Erlang A within this many seconds for the week
T = TypeVar("T")


def workload(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return volumes per interval (queues x intervals) and handle times (queues x 1)."""
    rng = np.random.default_rng(seed)
    volumes = np.rint(rng.uniform(*VOLUME_RANGE, (QUEUES, INTERVALS)))
    return volumes, np.asarray(AHT_SECONDS)[:, None]


# --- the three runs ----------------------------------------------------------------------------


def staffsim_c(volumes: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """Return staffsim's Erlang C agents for every interval, in one vectorised call."""
    return required_agents(volumes / INTERVAL_SECONDS, aht, ANSWER_WITHIN, SERVICE_LEVEL)


def staffsim_a(volumes: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """Return staffsim's Erlang A agents (mean patience PATIENCE s) for every interval."""
    return required_agents(
        volumes / INTERVAL_SECONDS, aht, ANSWER_WITHIN, SERVICE_LEVEL, patience=PATIENCE
    )


def reference(volumes: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """Return pyworkforce's Erlang C positions, one ErlangC object per interval."""
    out = np.empty(volumes.shape, dtype=np.int64)
    for q in range(volumes.shape[0]):
        aht_minutes = float(aht[q, 0]) / 60.0
        for i in range(volumes.shape[1]):
            erlang = ErlangC(
                transactions=float(volumes[q, i]),
                aht=aht_minutes,
                asa=ANSWER_WITHIN / 60.0,
                interval=INTERVAL_SECONDS / 60.0,
            )
            result = erlang.required_positions(service_level=SERVICE_LEVEL, max_occupancy=1.0)
            out[q, i] = result["raw_positions"]
    return out


# --- independent check -------------------------------------------------------------------------


def service_level(agents: int, volume: float, aht: float) -> float:
    """Return the Erlang C share answered within ANSWER_WITHIN s, from Poisson sums in logs.

    P(wait) = T / (S + T) with S = sum_{k<n} a^k / k! and T = a^n / n! * n / (n - a); the
    service level is 1 - P(wait) * exp(-(n - a) t / aht). Independent of optimise.queueing.erlang.
    """
    load = volume / INTERVAL_SECONDS * aht
    if agents <= load:
        return 0.0
    log_terms = [k * math.log(load) - math.lgamma(k + 1) for k in range(agents)]
    log_top = agents * math.log(load) - math.lgamma(agents + 1) + math.log(agents / (agents - load))
    peak = max(*log_terms, log_top)
    below = math.fsum(math.exp(x - peak) for x in log_terms)
    top = math.exp(log_top - peak)
    p_wait = top / (below + top)
    return 1.0 - p_wait * math.exp(-(agents - load) * ANSWER_WITHIN / aht)


def is_minimal(agents: int, volume: float, aht: float) -> bool:
    """Return whether `agents` meets the target and one agent fewer does not."""
    return (
        service_level(agents, volume, aht) >= SERVICE_LEVEL
        and service_level(agents - 1, volume, aht) < SERVICE_LEVEL
    )


# --- timing and report -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Staffing requirements: staffsim's vectorised Erlang C / A against a "
        "pyworkforce ErlangC loop.",
        epilog="example: python benchmarks/requirements.py --rounds 9 --seed 7",
    )
    parser.add_argument("--rounds", type=positive, default=5, help="rounds to time (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the volumes (default 1)")
    args = parser.parse_args()

    volumes, aht = workload(args.seed)
    runs: dict[str, Callable[[], np.ndarray]] = {
        "erlang_c": lambda: staffsim_c(volumes, aht),
        "erlang_a": lambda: staffsim_a(volumes, aht),
        "reference": lambda: reference(volumes, aht),
    }

    low, high = VOLUME_RANGE
    print(
        "Staffing requirements, seconds per week: "
        "staffsim (vectorised) vs pyworkforce ErlangC (looped)\n"
        f"{QUEUES} queues x {INTERVALS} intervals of {INTERVAL_SECONDS / 60:.0f} min "
        f"= {volumes.size:,} intervals, volumes uniform {low:.0f}-{high:.0f} per interval "
        f"(seed {args.seed}),\nAHT {', '.join(f'{a:.0f}' for a in AHT_SECONDS)} s, target "
        f"{SERVICE_LEVEL:.0%} answered within {ANSWER_WITHIN:.0f} s; {args.rounds} rounds, "
        "alternating order\n"
        "staffsim C = optimise.queueing.erlang.required_agents, one call over all intervals\n"
        f"staffsim A = the same with patience={PATIENCE:.0f} s (Erlang A, M/M/n+M)\n"
        "reference  = pyworkforce ErlangC(...).required_positions(...) per interval (Erlang C)\n"
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; each run once "
        "untimed first, so that imports (scipy's, a one-off at start-up) are not timed\n"
    )
    for run in runs.values():
        run()
    header = (
        f"{'round':>5}  {'staffsim C':>11}  {'staffsim A':>11}  {'reference':>11}  "
        f"{'C speed-up':>10}  {'A speed-up':>10}"
    )
    print(header)
    print("-" * len(header))
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            results[name], elapsed = timed(runs[name])
            seconds[name].append(elapsed)
        c, a, ref = (seconds[name][-1] for name in runs)
        print(
            f"{r + 1:>5}  {c:>10.4f}s  {a:>10.4f}s  {ref:>10.4f}s  "
            f"{ref / c:>9.1f}x  {ref / a:>9.2f}x"
        )
    print("-" * len(header))
    median = {name: statistics.median(values) for name, values in seconds.items()}
    ratio_c = [ref / c for ref, c in zip(seconds["reference"], seconds["erlang_c"], strict=True)]
    ratio_a = [ref / a for ref, a in zip(seconds["reference"], seconds["erlang_a"], strict=True)]
    speed_c, speed_a = statistics.median(ratio_c), statistics.median(ratio_a)
    print(
        f"{'med':>5}  {median['erlang_c']:>10.4f}s  {median['erlang_a']:>10.4f}s  "
        f"{median['reference']:>10.4f}s  {speed_c:>9.1f}x  {speed_a:>9.2f}x"
    )
    print(
        "\nspeed-up = reference seconds / staffsim seconds, per round: "
        f"C min {min(ratio_c):.1f} / median {speed_c:.1f} / max {max(ratio_c):.1f}x, "
        f"A min {min(ratio_a):.2f} / median {speed_a:.2f} / max {max(ratio_a):.2f}x\n"
        f"target: staffsim Erlang C at least {TARGET_C:.0f}x faster than the reference -- "
        f"{'met' if speed_c >= TARGET_C else 'NOT met'}\n"
        f"target: staffsim Erlang A under {TARGET_A * 1000:.0f} ms (median "
        f"{median['erlang_a'] * 1000:.0f} ms) -- "
        f"{'met' if median['erlang_a'] < TARGET_A else 'NOT met'}\n"
    )
    report_agents(volumes, aht, results)


def report_agents(volumes: np.ndarray, aht: np.ndarray, results: dict[str, np.ndarray]) -> None:
    """Compare the agent counts interval by interval and check them independently."""
    ours, theirs, erlang_a = results["erlang_c"], results["reference"], results["erlang_a"]
    differ = np.argwhere(ours != theirs)
    minimal = {
        name: sum(
            is_minimal(int(counts[q, i]), float(volumes[q, i]), float(aht[q, 0]))
            for q in range(counts.shape[0])
            for i in range(counts.shape[1])
        )
        for name, counts in (("staffsim", ours), ("pyworkforce", theirs))
    }
    print(
        "Agent counts, Erlang C (checked with an independent formula: meets the target, "
        "one fewer misses)"
    )
    label = 46
    print(f"{'intervals':<{label}}{ours.size:>10,}")
    print(f"{'intervals where staffsim and pyworkforce differ':<{label}}{len(differ):>10,}")
    for name, count in minimal.items():
        print(f"{'intervals where ' + name + ' is minimal':<{label}}{count:>10,}")
    print(f"{'agent-intervals, staffsim Erlang C':<{label}}{int(ours.sum()):>10,}")
    print(f"{'agent-intervals, pyworkforce Erlang C':<{label}}{int(theirs.sum()):>10,}")
    print(f"{'agent-intervals, staffsim Erlang A':<{label}}{int(erlang_a.sum()):>10,}")
    if len(differ):
        print(
            f"\nDiffering intervals (first 20 of {len(differ)}): independent Erlang C service "
            "level at each count"
        )
        detail = (
            f"{'queue':>5}{'interval':>9}{'volume':>8}{'staffsim':>9}{'pywf':>6}"
            f"{'SL(n-1)':>9}{'SL(n)':>9}{'SL(n+1)':>9}  right"
        )
        print(detail)
        print("-" * len(detail))
        for q, i in differ[:20]:
            volume, handle = float(volumes[q, i]), float(aht[q, 0])
            a, b = int(ours[q, i]), int(theirs[q, i])
            n = min(a, b)
            levels = [service_level(k, volume, handle) for k in (n - 1, n, n + 1)]
            right = [
                who
                for who, count in (("staffsim", a), ("pyworkforce", b))
                if is_minimal(count, volume, handle)
            ]
            print(
                f"{q:>5}{i:>9}{volume:>8.0f}{a:>9}{b:>6}"
                + "".join(f"{x:>9.5f}" for x in levels)
                + f"  {' and '.join(right) or 'neither'}"
            )


if __name__ == "__main__":
    main()
