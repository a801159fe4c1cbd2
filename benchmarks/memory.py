"""Memory: peak resident memory of `staffsim simulate` for a week and for 28 days at 4x volume.

Issue 16, item 5: a 28-day horizon at 4x the week's volume under 400 MB at peak, and the
per-contact state below 300 bytes. The scenarios are the built-in ``single-queue`` (150 calls
per 15-minute interval, 55 agents, 7 days: about 100,800 contacts) and the same queue over 28
days with 600 calls per interval and 220 agents (about 1.6 million contacts), written to a
temporary folder. Each is simulated by a whole ``staffsim simulate FILE --replications 1``
process under ``/usr/bin/time -f %M`` (peak resident set in KiB); beside them, the reference:
a process that only imports what ``simulate`` imports (``cli.app`` and ``sim.replications``).
Peak memory counts pages, not CPU, so other work on the machine does not change it; each
figure is the median of the rounds (min / max shown).

Per-contact state = (peak of the 28-day run - peak of the week) / (difference in contacts).

Run from the project root::

    python benchmarks/memory.py               # 1 round
    python benchmarks/memory.py --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import positive

from scenarios import load_scenario

TARGET_MB = 400.0
TARGET_BYTES = 300.0
BIG = """name: single-queue-28-days
horizon: {start: 2026-01-05, days: 28, interval_minutes: 15}
channels:
  phone: {kind: voice, open: {mon-sun: "00:00-24:00"}}
queues:
  general:
    channel: phone
    skill: general
    volume: {per_interval: 600}
    handle_time: {distribution: exponential, mean_seconds: 300}
    patience: {distribution: exponential, mean_seconds: 120}
    sla: {answer_within_seconds: 20, target: 0.80}
agent_groups:
  agents: {skills: {general: 1.0}, cost_per_hour: 20}
staffing:
  agents: 220
"""


def peak_kib(command: list[str]) -> int:
    """Return the peak resident set, in KiB, of a command run to its end."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Peak memory of simulate, week and 28 days.")
    parser.add_argument("--rounds", type=positive, default=1, help="rounds (default 1)")
    args = parser.parse_args()
    staffsim = str(Path(sys.executable).with_name("staffsim"))
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        big.write_text(BIG)
        week = load_scenario("single-queue")
        contacts = {"week": 150 * week.horizon.n_intervals, "28 days x4": 600 * 28 * 96}
        runs = {
            "imports only": [sys.executable, "-c", "import cli.app, sim.replications"],
            "week": [staffsim, "simulate", "single-queue", "--replications", "1"],
            "28 days x4": [staffsim, "simulate", str(big), "--replications", "1"],
        }
        peaks: dict[str, list[float]] = {name: [] for name in runs}
        for r in range(args.rounds):
            for name, command in runs.items():
                out = ["--out", str(Path(folder) / f"{r}-{name.replace(' ', '-')}")]
                full = command if name == "imports only" else [*command, *out]
                peaks[name].append(peak_kib(full) / 1024)
    print(f"Peak resident memory (MiB, /usr/bin/time -f %M), {args.rounds} round(s)\n")
    header = f"{'run':<14}{'contacts':>11}{'min':>9}{'median':>9}{'max':>9}"
    print(header)
    print("-" * len(header))
    for name, values in peaks.items():
        n = contacts.get(name, 0)
        print(
            f"{name:<14}{n:>11,}{min(values):>9.0f}{statistics.median(values):>9.0f}"
            f"{max(values):>9.0f}"
        )
    big_peak, week_peak = (statistics.median(peaks[n]) for n in ("28 days x4", "week"))
    per_contact = (big_peak - week_peak) * 2**20 / (contacts["28 days x4"] - contacts["week"])
    print(
        f"\nper-contact state: {per_contact:.0f} bytes (target below {TARGET_BYTES:.0f}) -- "
        f"{'met' if per_contact < TARGET_BYTES else 'NOT met'}\n"
        f"28 days x4: {big_peak:.0f} MiB (target under {TARGET_MB:.0f} MB) -- "
        f"{'met' if big_peak * 2**20 / 1e6 < TARGET_MB else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
