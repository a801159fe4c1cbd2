"""Rostering quality and speed: the public shift-scheduling benchmark, and the baseline plan.

Part 1 solves Curtois & Qu's Instance1 to Instance10 (from
../shared/data/shift-scheduling-benchmark, or --data; --also 20 adds others) with a time limit
each, with HiGHS (the default when installed) and CBC, by each method (columns: column
generation, diving and neighbourhood search; whole: the method before it, a roster built one
employee at a time, the whole program solved from it, then neighbourhood search; auto, the
default of `staffsim roster`: columns where a pricing round is small, as on Instances 1-8, else
whole), and prints per instance, method and solver the objective (the benchmark's penalty,
recomputed from the roster), the best bound proven, the gap between them, the gap to the best
known value and the seconds taken; with --whole also the plain integer program (the whole model
handed to the solver, no construction or neighbourhood search) for comparison. Column
generation needs HiGHS; with CBC alone the columns method is the whole one.

Part 2 plans the built-in baseline week, proposes a team for it (`staffsim agents`' rule) and
rosters it for 1 and 4 weeks, printing seconds, objective, the fairness figures and the peak
memory of the roster command.

Best known values (the benchmark's objective, minimised), from T. Curtois and R. Qu,
"Computational results on new staff scheduling benchmark instances", ASAP Group, University of
Nottingham, 2014, and the results table of schedulingbenchmarks.org (instances 1-24):
  Instances 1-3: 607, 828, 1001 (proven optimal); 4-9: 1716, 1143, 1950, 1056, 1300, 439;
  10: 4631.

Run from the project root::

    python benchmarks/roster.py                      # Instances 1-10, 60 s each; the plan
    python benchmarks/roster.py --first 1 --last 3 --time-limit 30 --solvers highs
    python benchmarks/roster.py --solvers highs --also 20 --no-plan
    python benchmarks/roster.py --no-instances       # only the baseline plan's rosters
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from optimise.roster.instance import read_instance
from optimise.roster.model import solve_roster
from optimise.roster.search import cost
from optimise.solver import SolverName, highs_available

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "shift-scheduling-benchmark"
BEST_KNOWN = {
    1: 607,
    2: 828,
    3: 1001,
    4: 1716,
    5: 1143,
    6: 1950,
    7: 1056,
    8: 1300,
    9: 439,
    10: 4631,
}


def instances(args: argparse.Namespace) -> None:
    """Print the benchmark table."""
    solvers = [SolverName(s) for s in args.solvers.split(",")]
    if SolverName.highs in solvers and not highs_available():
        print("HiGHS not installed (pip install highspy): CBC only\n")
        solvers = [s for s in solvers if s is not SolverName.highs] or [SolverName.cbc]
    header = (
        f"{'instance':<10}{'staff':>6}{'days':>5}  {'method':<14}{'status':>9}{'objective':>10}"
        f"{'bound':>10}{'gap':>8}{'best':>7}{'to best':>9}{'seconds':>8}"
    )
    print(f"Rostering, {args.time_limit:g} s limit per instance and solver")
    print(header)
    print("-" * len(header))
    numbers = list(range(args.first, args.last + 1)) + [
        int(n) for n in args.also.split(",") if n.strip()
    ]
    for number in numbers:
        problem = read_instance(args.data / f"Instance{number}.txt")
        for solver in solvers:
            methods = [
                (f"{name} ", lambda p, s, t, name=name: _default(p, s, t, name))
                for name in args.methods.split(",")
            ] + ([("plain ", _whole)] if args.whole else [])
            for label, method in methods:
                size = (
                    f"{'Instance' + str(number):<10}{len(problem.staff):>6}{problem.days:>5}  "
                    f"{label + solver.value:<14}"
                )
                started = time.monotonic()
                try:
                    objective, status, bound, gap = method(problem, solver, args.time_limit)
                except Exception as exc:  # a benchmark row, not a crash: say what happened
                    print(f"{size}{type(exc).__name__:>9}", flush=True)
                    continue
                seconds = time.monotonic() - started
                best = BEST_KNOWN.get(number)
                to_best = "-" if best is None else f"{(objective - best) / best:.2%}"
                print(
                    f"{size}{status:>9}{objective:>10,}{_text(bound, ',.0f'):>10}"
                    f"{_text(gap, '.1%'):>8}{best or '-':>7}{to_best:>9}{seconds:>8.1f}",
                    flush=True,
                )


def _text(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _whole(problem, solver: SolverName, seconds: float):
    """Solve the whole integer program directly: the method before this one."""
    from optimise.deadline import Deadline
    from optimise.roster.milp import build
    from optimise.solver import solve

    deadline = Deadline.after(seconds)
    built = build(problem, list(problem.staff), {}, deadline, symmetry=True)
    solution = solve(built.problem, solver, deadline, gap=0.0)
    if solution.objective is None:
        raise RuntimeError("no roster")
    return cost(problem, built.schedules()), solution.status.value, solution.bound, solution.gap


def _default(problem, solver: SolverName, seconds: float, method: str = "auto"):
    """Solve as `staffsim roster --instance` does (auto), or by one method (columns; whole:
    the whole program from a roster built one employee at a time, the method before)."""
    roster = solve_roster(problem, solver=solver, time_limit=seconds, method=method)
    s = roster.solution
    return roster.penalty, s.status.value, s.bound, s.gap


def plans(args: argparse.Namespace) -> None:
    """Print the baseline plan rostered for 1 and 4 weeks with the default solver."""
    print(f"\nThe baseline plan rostered, {args.plan_time_limit:g} s limit, default solver")
    header = (
        f"{'weeks':>5}{'agents':>8}{'status':>10}{'objective':>10}{'seconds':>9}"
        f"{'hours spread':>14}{'weekends':>10}{'evenings':>10}{'peak MB':>9}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        plan, team = Path(folder) / "plan", Path(folder) / "agents.csv"
        for command in (
            ["plan", "baseline", "--out", str(plan), "-q", "--time-limit", "60"],
            ["agents", str(plan), "--out", str(team)],
        ):
            result = _staffsim(command)
            if result.returncode != 0:
                raise SystemExit(f"staffsim {' '.join(command)} failed:\n{result.stderr}")
        agents = sum(1 for line in team.read_text().splitlines()[1:] if line.strip())
        for weeks in (1, 4):
            out = Path(folder) / f"roster{weeks}"
            started = time.monotonic()
            command = ["roster", str(plan), "--agents", str(team), "--weeks", str(weeks), "-q"]
            result = _staffsim(
                [*command, "--time-limit", f"{args.plan_time_limit:g}", "--out", str(out)]
            )
            seconds = time.monotonic() - started
            if result.returncode != 0:
                print(f"{weeks:>5}{agents:>8}  exit {result.returncode}: {result.stderr[:200]}")
                continue
            summary = json.loads((out / "summary.json").read_text())
            fair = summary["fairness"]
            print(
                f"{weeks:>5}{agents:>8}{summary['status']:>10}{summary['objective']:>10,}"
                f"{seconds:>9.1f}{fair['hours']['spread']:>14.1f}"
                f"{fair['weekends']['spread']:>10.0f}{fair['evenings']['spread']:>10.0f}"
                f"{_peak_mb(result.stderr):>9.0f}",
                flush=True,
            )


# Runs one command as `staffsim` does (cli.app.main) and writes its peak resident memory (the
# process's or its largest solver child's, whichever is larger; Linux reports kilobytes) to
# stderr as it exits.
_MEASURED = """\
import os, resource, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as cli.app.main does
from cli.app import app
code = 0
try:
    app()
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
whose = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
sys.stderr.write(f"\\npeak_kb={max(resource.getrusage(r).ru_maxrss for r in whose)}\\n")
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)  # as cli.app.main does: no interpreter teardown
"""


def _staffsim(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """Run one staffsim command as its own process (its time limit counts from its start)."""
    command = [sys.executable, "-c", _MEASURED, *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _peak_mb(stderr: str) -> float:
    """Return the peak memory a command wrote to stderr, in megabytes (NaN when missing)."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("peak_kb="):
            return int(line.removeprefix("peak_kb=")) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Solve benchmark rostering instances and the baseline plan; print tables.",
        epilog="example: python benchmarks/roster.py --first 1 --last 3 --time-limit 30",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder of InstanceN.txt")
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--solvers", default="highs,cbc", help="comma-separated: highs,cbc")
    parser.add_argument(
        "--methods", default="columns,whole", help="comma-separated: columns, whole, auto"
    )
    parser.add_argument("--also", default="", help="more instances, e.g. 20 (comma-separated)")
    parser.add_argument("--whole", action="store_true", help="also the plain integer program")
    parser.add_argument("--no-instances", action="store_true", help="only the plan's rosters")
    parser.add_argument("--no-plan", action="store_true", help="only the instances")
    parser.add_argument("--plan-time-limit", type=float, default=60.0)
    args = parser.parse_args()
    if not args.no_instances:
        if not args.data.is_dir():
            raise SystemExit(f"no benchmark instances at {args.data} (give --data FOLDER)")
        instances(args)
    if not args.no_plan:
        plans(args)


if __name__ == "__main__":
    main()
