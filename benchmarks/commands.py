"""Whole commands as a user runs them: start-up, and the M/M/n+M week against plain SimPy.

Issue 16, items 1 and 2. Every figure is the CPU time (user + system) of a whole child
process, read from ``os.wait4``, so that other work on a shared machine weighs less than in
wall time. Each round runs every command once, in a rotating order.

Every module is read from compiled bytecode, as in an installed staffsim: the commands run
with a bytecode cache of their own in a temporary folder, filled by one round that is not
counted (see ``benchmarks/startup.py``). ``--from-source`` keeps the environment as it is: under
``PYTHONDONTWRITEBYTECODE`` every start then compiles the project's modules again.

- start-up: ``staffsim --help`` and ``staffsim validate <baseline.yaml>`` (target: under 0.4 s
  of CPU each), beside the floor every Python command line pays: ``python -c "import typer"``.
- simulate: ``staffsim simulate single-queue --replications 1 --workers 1 --quiet
  --no-report --out <tmp>`` (100,800 contacts, one week) against ``benchmarks/simpy_week.py``,
  the same queue written as a SimPy tutorial would, as a whole process (target: staffsim at
  least 3x faster). The ratio is reference CPU / staffsim CPU, per round. Beside them, what
  ``simulate`` imports before any work (``python -c "import cli.app, cli.simulate, sim, ..."``):
  the part of the budget that 3x leaves which no engine can win back.

Run from the project root::

    python benchmarks/commands.py               # 5 rounds
    python benchmarks/commands.py --rounds 9
    python benchmarks/commands.py --from-source   # the environment as it is
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from timing import bytecode_environment, positive, process_cpu_seconds

HERE = Path(__file__).resolve().parent
BASELINE = HERE.parent / "scenarios" / "data" / "baseline.yaml"
STARTUP_TARGET = 0.4
SIMULATE_IMPORTS = "import cli.app, cli.simulate, sim, report.files, report.tables"
SIMULATE_TARGET = 3.0


def spread(values: list[float]) -> str:
    """Return min / median / max."""
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU of whole commands: start-up, simulate.")
    parser.add_argument("--rounds", type=positive, default=5, help="rounds (default 5)")
    parser.add_argument(
        "--from-source",
        action="store_true",
        help="run in the environment as it is (no bytecode cache of the benchmark's own)",
    )
    args = parser.parse_args()
    if args.from_source:
        measure(args.rounds, env=None)
        return
    with tempfile.TemporaryDirectory(prefix="staffsim-bytecode-") as cache:
        measure(args.rounds, env=bytecode_environment(Path(cache)))


def measure(rounds: int, env: dict[str, str] | None) -> None:
    """Run the rounds and print the table (`env` None: this process's environment)."""
    staffsim = str(Path(sys.executable).with_name("staffsim"))
    with tempfile.TemporaryDirectory() as folder:
        runs = {
            "python -c 'import typer'": [sys.executable, "-c", "import typer"],
            "staffsim --help": [staffsim, "--help"],
            "staffsim validate": [staffsim, "validate", str(BASELINE)],
            "simpy_week.py": [sys.executable, str(HERE / "simpy_week.py")],
            # what `simulate` imports before it does any work: its floor
            "simulate's imports": [sys.executable, "-c", SIMULATE_IMPORTS],
            "staffsim simulate": [
                staffsim, "simulate", "single-queue", "--replications", "1", "--workers", "1",
                "--quiet", "--no-report", "--force", "--out", str(Path(folder) / "run"),
            ],
        }  # fmt: skip
        if env is not None:  # a round not counted: every module compiled into the cache
            for command in runs.values():
                process_cpu_seconds(command, env)
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                cpu[name].append(process_cpu_seconds(runs[name], env))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    modules = "compiled from source where no bytecode is kept" if env is None else "bytecode"
    print(f"CPU seconds of whole processes, {rounds} rounds, min / median / max, load {load}")
    print(f"modules read from: {modules}\n")
    for name, values in cpu.items():
        print(f"{name:<28}{spread(values):>24}")
    print()
    for name in ("staffsim --help", "staffsim validate"):
        median = statistics.median(cpu[name])
        verdict = "met" if median < STARTUP_TARGET else "NOT met"
        print(f"{name}: median {median:.2f} s (target under {STARTUP_TARGET} s) -- {verdict}")
    ratios = [
        ref / own for ref, own in zip(cpu["simpy_week.py"], cpu["staffsim simulate"], strict=True)
    ]
    verdict = "met" if statistics.median(ratios) >= SIMULATE_TARGET else "NOT met"
    print(
        f"simulate: SimPy script CPU / staffsim CPU per round: {spread(ratios)}x "
        f"(target at least {SIMULATE_TARGET:.0f}x) -- {verdict}"
    )
    budget = statistics.median(cpu["simpy_week.py"]) / SIMULATE_TARGET
    imports = statistics.median(cpu["simulate's imports"])
    print(
        f"  {SIMULATE_TARGET:.0f}x leaves the whole command {budget:.2f} s of CPU; its imports "
        f"alone take {imports:.2f} s, leaving {budget - imports:.2f} s to draw, simulate and "
        "write the week"
    )


if __name__ == "__main__":
    main()
