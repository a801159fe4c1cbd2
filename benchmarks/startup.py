"""Start-up a user feels: the CPU of the light commands as whole processes (issue 16, target 1).

Each figure is the CPU time (user + system) of one whole child process, read from
``os.wait4``, so other work on a shared machine weighs less than in wall time. A round runs
every command once, in a rotating order, and each command's time is divided by the reference
``python -c pass`` of the same round: the paired ratio says how many bare interpreters a
command costs, whatever the machine's load. ``python -c "import pandas"`` is printed beside it
as the cost the light commands avoid. Target: ``staffsim --help`` and ``staffsim validate``
under 0.4 s of CPU (median).

Run from the project root::

    python benchmarks/startup.py               # 7 rounds
    python benchmarks/startup.py --rounds 15
    python benchmarks/startup.py --other /tmp/old   # beside another source tree's commands

``--other DIR`` adds the same three commands run from the source tree in DIR (e.g. an earlier
commit unpacked with ``git archive <commit> | tar -x -C DIR``), for a before/after in one run.

Every module is read from compiled bytecode, as in an installed staffsim (pip compiles on
install; an editable install writes ``__pycache__`` on its first run): the commands run with a
bytecode cache of their own in a temporary folder, filled by one round that is not counted.
Under ``PYTHONDONTWRITEBYTECODE`` the project's modules would otherwise be compiled from source
at every start (~0.1 s of CPU for ``validate``), a cost no user pays. ``--from-source`` keeps
the environment as it is instead.
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
TARGET = 0.4
REFERENCE = "python -c pass"


def spread(values: list[float], unit: str = "") -> str:
    """Return min / median / max of a list of figures."""
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{low:.2f}{unit} / {middle:.2f}{unit} / {high:.2f}{unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU of the light commands at start-up.")
    parser.add_argument("--rounds", type=positive, default=7, help="rounds (default 7)")
    parser.add_argument("--other", type=Path, help="another source tree to run beside this one")
    parser.add_argument(
        "--from-source",
        action="store_true",
        help="run in the environment as it is (no bytecode cache of the benchmark's own)",
    )
    args = parser.parse_args()
    if args.from_source:
        measure(args, env=None)
        return
    with tempfile.TemporaryDirectory(prefix="staffsim-bytecode-") as cache:
        measure(args, env=bytecode_environment(Path(cache)))


def measure(args: argparse.Namespace, env: dict[str, str] | None) -> None:
    """Run the rounds and print the table (`env` None: this process's environment)."""
    staffsim = str(Path(sys.executable).with_name("staffsim"))
    runs = {
        REFERENCE: [sys.executable, "-c", "pass"],
        "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
        "staffsim --help": [staffsim, "--help"],
        "staffsim validate baseline": [staffsim, "validate", str(BASELINE)],
        "staffsim scenarios": [staffsim, "scenarios"],
    }
    if args.other is not None:
        # the console script's name in argv[0], as `staffsim` itself runs; the tree's packages
        # first on the path
        launch = (
            f"import sys; sys.path.insert(0, {str(args.other.resolve())!r}); "
            "sys.argv[0] = 'staffsim'; from cli.app import main; main()"
        )
        other = [sys.executable, "-c", launch]
        runs |= {
            "other: staffsim --help": [*other, "--help"],
            "other: staffsim validate baseline": [*other, "validate", str(BASELINE)],
            "other: staffsim scenarios": [*other, "scenarios"],
        }
    if env is not None:  # a round not counted: every module compiled into the cache
        for command in runs.values():
            process_cpu_seconds(command, env)
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(args.rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            cpu[name].append(process_cpu_seconds(runs[name], env))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    modules = "compiled from source where no bytecode is kept" if env is None else "bytecode"
    print(f"CPU seconds of whole processes, {args.rounds} rounds, load average {load}")
    print(f"modules read from: {modules}\n")
    print(f"{'command':<36}{'CPU s min / median / max':>26}{'x ' + REFERENCE:>30}")
    for name, values in cpu.items():
        ratios = [own / ref for own, ref in zip(values, cpu[REFERENCE], strict=True)]
        print(f"{name:<36}{spread(values):>26}{spread(ratios, 'x'):>30}")
    if args.other is not None:
        print()
        for name in ("staffsim --help", "staffsim validate baseline", "staffsim scenarios"):
            pairs = zip(cpu[f"other: {name}"], cpu[name], strict=True)
            speedups = [theirs / own for theirs, own in pairs]
            print(f"{name}: other tree CPU / this tree CPU per round {spread(speedups, 'x')}")
    print()
    for name in ("staffsim --help", "staffsim validate baseline"):
        median = statistics.median(cpu[name])
        verdict = "met" if median < TARGET else "NOT met"
        print(f"{name}: median {median:.2f} s of CPU (target under {TARGET} s) -- {verdict}")


if __name__ == "__main__":
    main()
