"""Many agents: engine throughput with 55, 200 and 800 agents on the same arrivals.

The work is the built-in ``single-queue`` week (150 calls per 15-minute interval, about
100,800 contacts, M/M/n+M); only the agents on duty change, through a staffing table given
to ``sim.layout.centre_layout``. With more agents more of them are idle, so the router's idle
structures grow: their operations must not scan them (issue 16, item 4: 800 agents within
20% of 55 agents' throughput).

Each round runs every size once, in a rotating order; the time is CPU seconds of this process
(``time.process_time``), so that other work on the machine weighs less. The table gives
contacts per CPU second per round, then for each size the ratio of its throughput to the
55-agent run of the same round (min / median / max over rounds).

Run from the project root::

    python benchmarks/agents.py               # 5 rounds, seed 1
    python benchmarks/agents.py --rounds 7 --seed 7
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

import pandas as pd
from timing import positive

from scenarios import load_scenario, staffing_table
from sim.arrivals import draw_contacts
from sim.engine import run_replication
from sim.layout import centre_layout

SCENARIO = "single-queue"
SIZES = (55, 200, 800)
TARGET = 0.8  # 800 agents keep at least 80% of 55 agents' throughput


def main() -> None:
    parser = argparse.ArgumentParser(description="Engine throughput against agents on duty.")
    parser.add_argument("--rounds", type=positive, default=5, help="rounds (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    contacts = draw_contacts(scenario, args.seed, 0)
    base = staffing_table(scenario)
    layouts = {
        n: centre_layout(scenario, pd.DataFrame(n, index=base.index, columns=base.columns))
        for n in SIZES
    }
    print(
        f"Engine throughput against agents on duty: {SCENARIO}, {len(contacts):,} contacts, "
        f"seed {args.seed}, {args.rounds} rounds\ncontacts per CPU second of run_replication "
        "(the same drawn contacts for every size)\n"
    )
    header = f"{'round':>5}" + "".join(f"{f'{n} agents':>14}" for n in SIZES)
    print(header)
    print("-" * len(header))
    rates: dict[int, list[float]] = {n: [] for n in SIZES}
    for r in range(args.rounds):
        order = SIZES[r % len(SIZES) :] + SIZES[: r % len(SIZES)]
        for n in order:
            gc.collect()
            start = time.process_time()
            run_replication(layouts[n], contacts)
            rates[n].append(len(contacts) / (time.process_time() - start))
        print(f"{r + 1:>5}" + "".join(f"{rates[n][-1]:>14,.0f}" for n in SIZES))
    print("-" * len(header))
    print(f"{'med':>5}" + "".join(f"{statistics.median(rates[n]):>14,.0f}" for n in SIZES))
    print(f"\nthroughput / {SIZES[0]} agents' in the same round: min / median / max")
    for n in SIZES[1:]:
        ratios = [a / b for a, b in zip(rates[n], rates[SIZES[0]], strict=True)]
        print(
            f"{n:>5} agents  {min(ratios):.2f} / {statistics.median(ratios):.2f} / "
            f"{max(ratios):.2f}"
        )
    kept = statistics.median(a / b for a, b in zip(rates[SIZES[-1]], rates[SIZES[0]], strict=True))
    verdict = "met" if kept >= TARGET else "NOT met"
    print(f"target: {SIZES[-1]} agents at least {TARGET:.0%} of {SIZES[0]}'s -- {verdict}")


if __name__ == "__main__":
    main()
