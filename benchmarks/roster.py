"""Rostering quality: staffsim on the public employee shift-scheduling benchmark.

Solves Curtois & Qu's Instance1 to Instance10 (from ../shared/data/shift-scheduling-benchmark,
or --data) with a time limit each, with CBC and, when highspy is installed, HiGHS, and prints
instance size, objective (the benchmark's penalty, recomputed from the roster), best bound,
gap and seconds. The published optima of the small instances (607, 828, 1001 for Instances
1-3, Curtois & Qu 2014) are printed beside them for reference.

Run from the project root::

    python benchmarks/roster.py                      # Instances 1-10, 60 s each
    python benchmarks/roster.py --first 1 --last 3 --time-limit 30
"""

from __future__ import annotations

import argparse
from pathlib import Path

from optimise.roster.instance import read_instance
from optimise.roster.model import solve_roster
from optimise.solver import SolverName, highs_available
from scenarios import InfeasiblePlan

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "shift-scheduling-benchmark"
PUBLISHED = {1: 607, 2: 828, 3: 1001}  # proven optima, Curtois & Qu (2014)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Solve benchmark rostering instances and print a quality table.",
        epilog="example: python benchmarks/roster.py --first 1 --last 3 --time-limit 30",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder of InstanceN.txt")
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no benchmark instances at {args.data} (give --data FOLDER)")
    solvers = [SolverName.cbc] + ([SolverName.highs] if highs_available() else [])
    if SolverName.highs not in solvers:
        print("HiGHS not installed (pip install highspy): CBC only\n")
    header = (
        f"{'instance':<10}{'staff':>6}{'days':>6}{'shifts':>7}  {'solver':<6}{'status':>10}"
        f"{'objective':>11}{'bound':>11}{'gap':>9}{'seconds':>9}{'published':>11}"
    )
    print(f"Rostering, {args.time_limit:g} s limit per instance and solver")
    print(header)
    print("-" * len(header))
    for number in range(args.first, args.last + 1):
        problem = read_instance(args.data / f"Instance{number}.txt")
        for solver in solvers:
            size = (
                f"{'Instance' + str(number):<10}{len(problem.staff):>6}{problem.days:>6}"
                f"{len(problem.shifts):>7}  {solver.value:<6}"
            )
            try:
                roster = solve_roster(problem, solver=solver, time_limit=args.time_limit)
            except InfeasiblePlan:
                print(
                    f"{size}{'no roster':>10}{'-':>11}{'-':>11}{'-':>9}"
                    f"{args.time_limit:>9.1f}{PUBLISHED.get(number, ''):>11}",
                    flush=True,
                )
                continue
            s = roster.solution
            bound = "-" if s.bound is None else f"{s.bound:,.0f}"
            gap = "-" if s.gap is None else f"{s.gap:.2%}"
            print(
                f"{size}{s.status.value:>10}"
                f"{roster.penalty:>11,}{bound:>11}{gap:>9}{s.seconds:>9.1f}"
                f"{PUBLISHED.get(number, ''):>11}",
                flush=True,
            )


if __name__ == "__main__":
    main()
