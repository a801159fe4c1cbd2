"""Engine speed: staffsim against a minimal, idiomatic SimPy model of the same queue.

The work is the built-in scenario ``single-queue``: one voice queue open around the clock for
7 days of 15-minute intervals, 150 Poisson arrivals per interval (about 100,800 contacts),
exponential handle times (mean 300 s), exponential patience (mean 120 s) and 55 agents on duty
throughout -- the M/M/n+M (Erlang A) textbook case.

Three things are timed in CPU seconds of this process (``time.process_time``: other work on a
shared machine weighs less than in wall time), in the same process:

- staffsim, whole call: ``sim.replications.simulate_replication`` -- drawing the contacts,
  simulating them, and building the KPI and occupancy frames; what a user pays.
- staffsim, engine only: ``sim.arrivals.draw_contacts``, ``sim.layout.centre_layout``
  and ``sim.engine.run_replication``, without the KPI frames.
- reference: the queue written the way a SimPy tutorial would: a ``simpy.Resource`` of 55
  agents, a source process drawing exponential inter-arrival gaps from a numpy Generator, and
  one process per customer that races its request against its patience
  (``yield req | env.timeout(patience)``), then serves or abandons. It draws, simulates and
  counts its own KPIs.

Each round runs the models one after another (alternating which goes first), with the same
seed every round so every round does the same work. The table gives contacts simulated per
second for each round, the medians, and the median ratio staffsim / reference (the target is
at least 4x; a bare SimPy model of two events a contact reaches about 6x). Below it, both
models' KPIs -- service level (answered within the target over offered) and abandon rate --
are printed side by side: being the same queue with different random draws, they should agree
within a percent or so.

Run from the project root::

    python benchmarks/engine.py               # 3 rounds, seed 1; about a minute

At the end, the baseline's throughput with and without every journey feature on (the
built-in ``journey``): contacts per second, where contacts are those offered to agents
(escalations, repeats and retries included) plus those the bot contained; the target is that
journeys keep at least 80% of the baseline's.
    python benchmarks/engine.py --rounds 5 --seed 7
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import simpy
from timing import cpu_timed, positive

from scenarios import Scenario, expected_volumes, load_scenario, staffing_table
from scenarios.durations import DistributionFamily
from sim.arrivals import draw_contacts
from sim.engine import run_replication
from sim.layout import centre_layout
from sim.replications import replicate, simulate_replication

SCENARIO = "single-queue"
TARGET_RATIO = 4.0  # issue 16: the engine in-process at least 4x the idiomatic model
# throughput the baseline keeps with every journey feature on (the built-in `journey`)
JOURNEY_TARGET = 0.8
T = TypeVar("T")


@dataclass(frozen=True)
class Kpis:
    """What both models report for the whole horizon."""

    offered: int
    answered: int
    abandoned: int
    answered_within_target: int
    wait_total: float  # seconds, over answered contacts

    @property
    def service_level(self) -> float:
        return self.answered_within_target / self.offered

    @property
    def abandon_rate(self) -> float:
        return self.abandoned / self.offered

    @property
    def asa_seconds(self) -> float:
        return self.wait_total / self.answered


# --- staffsim ----------------------------------------------------------------------------------


def staffsim_whole(scenario: Scenario, seed: int) -> Kpis:
    """Run one staffsim replication the way a user does and total its KPI frame."""
    kpis, _occupancy = simulate_replication(scenario, seed, 0)
    return Kpis(
        offered=int(kpis["offered"].sum()),
        answered=int(kpis["answered"].sum()),
        abandoned=int(kpis["abandoned"].sum()),
        answered_within_target=int(kpis["answered_within_target"].sum()),
        wait_total=float((kpis["asa_seconds"].fillna(0.0) * kpis["answered"]).sum()),
    )


def staffsim_engine(scenario: Scenario, seed: int) -> int:
    """Draw the contacts and run the engine, without building KPI frames; return contacts."""
    contacts = draw_contacts(scenario, seed, 0)
    run_replication(centre_layout(scenario), contacts)
    return len(contacts)


# --- reference ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """The M/M/n+M queue of the scenario, as plain numbers for the reference model."""

    horizon_seconds: float
    arrivals_per_second: float
    handle_mean: float
    patience_mean: float
    agents: int
    answer_within: float


def queue_of(scenario: Scenario) -> Queue:
    """Return the scenario's single queue as an M/M/n+M model, checking that it is one."""
    (queue,) = scenario.queues.values()
    volumes = expected_volumes(scenario).to_numpy()
    staffing = staffing_table(scenario).to_numpy()
    exponential = DistributionFamily.exponential
    if not (
        np.all(volumes == volumes[0, 0])
        and np.all(staffing == staffing[0, 0])
        and queue.handle_time.distribution is exponential
        and queue.patience is not None
        and queue.patience.distribution is exponential
    ):
        raise SystemExit(f"scenario {scenario.name!r} is not a constant M/M/n+M queue")
    interval = scenario.horizon.interval_seconds
    return Queue(
        horizon_seconds=scenario.horizon.n_intervals * interval,
        arrivals_per_second=float(volumes[0, 0]) / interval,
        handle_mean=queue.handle_time.mean_seconds,
        patience_mean=queue.patience.mean_seconds,
        agents=int(staffing[0, 0]),
        answer_within=queue.sla.answer_within_seconds,
    )


@dataclass
class Tally:
    """What the reference model counts as it runs."""

    offered: int = 0
    abandoned: int = 0
    waits: list[float] = field(default_factory=list)  # of answered contacts


def reference(queue: Queue, seed: int) -> Kpis:
    """Simulate the queue as a minimal idiomatic SimPy model and return its KPIs."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=queue.agents)
    tally = Tally()

    def customer(handle: float, patience: float):
        arrived = env.now
        req = agents.request()
        result = yield req | env.timeout(patience)
        if req in result:
            tally.waits.append(env.now - arrived)
            yield env.timeout(handle)
            agents.release(req)
        else:
            req.cancel()
            tally.abandoned += 1

    def source():
        gap = 1.0 / queue.arrivals_per_second
        while True:
            yield env.timeout(rng.exponential(gap))
            if env.now >= queue.horizon_seconds:
                return
            tally.offered += 1
            env.process(
                customer(rng.exponential(queue.handle_mean), rng.exponential(queue.patience_mean))
            )

    env.process(source())
    env.run()
    waits = np.asarray(tally.waits)
    return Kpis(
        offered=tally.offered,
        answered=len(waits),
        abandoned=tally.abandoned,
        answered_within_target=int(np.count_nonzero(waits <= queue.answer_within)),
        wait_total=float(waits.sum()),
    )


# --- timing and report -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Contacts per second: staffsim's engine against a minimal SimPy model.",
        epilog="example: python benchmarks/engine.py --rounds 5 --seed 7",
    )
    parser.add_argument("--rounds", type=positive, default=3, help="rounds to time (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()

    scenario = load_scenario(SCENARIO)
    queue = queue_of(scenario)
    runs: dict[str, Callable[[], Kpis | int]] = {
        "whole": lambda: staffsim_whole(scenario, args.seed),
        "engine": lambda: staffsim_engine(scenario, args.seed),
        "reference": lambda: reference(queue, args.seed),
    }

    print(
        "Engine speed, contacts simulated per second: staffsim vs a minimal SimPy model\n"
        f"scenario {SCENARIO} (M/M/n+M, {queue.agents} agents, "
        f"{queue.arrivals_per_second * 3600:.0f} arrivals/h, handle {queue.handle_mean:.0f} s, "
        f"patience {queue.patience_mean:.0f} s, {queue.horizon_seconds / 86400:.0f} days)\n"
        f"seed {args.seed}, {args.rounds} rounds, the same draws every round\n"
        "staffsim  = simulate_replication (draw + simulate + KPI frames)\n"
        "engine    = draw_contacts + centre_layout + run_replication (no KPI frames)\n"
        "reference = simpy.Resource + one process per customer (draws and counts its own)\n"
    )
    header = f"{'round':>5}  {'staffsim':>12}  {'engine':>12}  {'reference':>12}  {'ratio':>7}"
    print(header)
    print("-" * len(header))
    rates: dict[str, list[float]] = {name: [] for name in runs}
    ratios: list[float] = []
    results: dict[str, Kpis] = {}
    for r in range(args.rounds):
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            value, seconds = cpu_timed(runs[name])
            if isinstance(value, Kpis):
                results[name] = value
                value = value.offered
            rates[name].append(value / seconds)
        ratio = rates["whole"][-1] / rates["reference"][-1]
        ratios.append(ratio)
        print(
            f"{r + 1:>5}  {rates['whole'][-1]:>12,.0f}  {rates['engine'][-1]:>12,.0f}  "
            f"{rates['reference'][-1]:>12,.0f}  {ratio:>6.2f}x"
        )
    print("-" * len(header))
    median = {name: statistics.median(values) for name, values in rates.items()}
    ratio = statistics.median(ratios)
    print(
        f"{'med':>5}  {median['whole']:>12,.0f}  {median['engine']:>12,.0f}  "
        f"{median['reference']:>12,.0f}  {ratio:>6.2f}x"
    )
    engine_ratio = statistics.median(
        e / ref for e, ref in zip(rates["engine"], rates["reference"], strict=True)
    )
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(
        f"\nratio = staffsim / reference (median of per-round ratios); "
        f"engine only / reference: {engine_ratio:.2f}x\n"
        f"target: staffsim at least {TARGET_RATIO:.0f}x the reference -- {verdict}\n"
    )

    staffsim, ref = results["whole"], results["reference"]
    print(f"KPIs over the horizon (answered within {queue.answer_within:.0f} s)")
    kpi_header = f"{'':<16}{'staffsim':>12}{'reference':>12}{'difference':>12}"
    print(kpi_header)
    print("-" * len(kpi_header))
    print(f"{'offered':<16}{staffsim.offered:>12,}{ref.offered:>12,}")
    print(f"{'answered':<16}{staffsim.answered:>12,}{ref.answered:>12,}")
    print(f"{'abandoned':<16}{staffsim.abandoned:>12,}{ref.abandoned:>12,}")
    for label, a, b in (
        ("service level", staffsim.service_level, ref.service_level),
        ("abandon rate", staffsim.abandon_rate, ref.abandon_rate),
    ):
        print(f"{label:<16}{a:>12.2%}{b:>12.2%}{(a - b) * 100:>+11.2f}p")
    print(
        f"{'ASA seconds':<16}{staffsim.asa_seconds:>12.2f}{ref.asa_seconds:>12.2f}"
        f"{staffsim.asa_seconds - ref.asa_seconds:>+12.2f}"
    )
    built_in_scenarios(args.rounds, args.seed)
    journeys(args.rounds, args.seed)


def journeys(rounds: int, seed: int) -> None:
    """Print the throughput of the baseline with and without every journey feature on."""
    print(
        "\nJourneys: the baseline against the built-in `journey` (the baseline with VIP tiers, "
        "a chat bot,\ntier-2 escalation, resolution, repeats, retries, ticket priorities and "
        "goals); one replication each\n(draw + bots + simulate + follow-ups + KPI and journey "
        "frames) per round, the two alternating, same seed.\ncontacts = offered to agents "
        "(follow-ups included) + contained by the bot; CPU seconds of this\nprocess (so that "
        "other work on the machine weighs less); median of the rounds"
    )
    scenarios = {name: load_scenario(name) for name in ("baseline", "journey")}
    seconds: dict[str, list[float]] = {name: [] for name in scenarios}
    contacts: dict[str, int] = {}
    kept: list[float] = []
    for r in range(max(rounds, 3)):
        order = list(scenarios) if r % 2 == 0 else list(reversed(scenarios))
        for name in order:
            gc.collect()
            start = time.process_time()
            done = replicate(scenarios[name], seed, 0)
            seconds[name].append(time.process_time() - start)
            contained = 0 if done.journeys is None else int(done.journeys["contained"].sum())
            contacts[name] = int(done.kpis["offered"].sum()) + contained
        kept.append(
            (contacts["journey"] / seconds["journey"][-1])
            / (contacts["baseline"] / seconds["baseline"][-1])
        )
    header = f"{'scenario':<18}{'contacts':>10}{'CPU s/rep':>11}{'contacts/s':>12}"
    print(header)
    print("-" * len(header))
    for name in scenarios:
        median = statistics.median(seconds[name])
        print(f"{name:<18}{contacts[name]:>10,}{median:>11.2f}{contacts[name] / median:>12,.0f}")
    share = statistics.median(kept)
    verdict = "met" if share >= JOURNEY_TARGET else "NOT met"
    rounds_text = ", ".join(f"{k:.0%}" for k in kept)
    print(
        f"\njourney / baseline contacts per second, per round: {rounds_text}; median {share:.0%}"
        f"\ntarget: journeys keep at least {JOURNEY_TARGET:.0%} of the baseline's -- {verdict}"
    )


def built_in_scenarios(rounds: int, seed: int) -> None:
    """Print seconds per replication and contacts per second for the multi-channel built-ins."""
    print(
        "\nMulti-channel built-ins: one replication each (draw + simulate + KPI frames), "
        f"median of {rounds}, same seed;\nthe baseline's figures are the reference for its "
        "emergencies"
    )
    header = f"{'scenario':<18}{'contacts':>10}{'s / rep':>10}{'contacts/s':>12}{'vs baseline':>13}"
    print(header)
    print("-" * len(header))
    base_seconds = None
    for name in ("baseline", "outage", "complaint-surge", "flu-wave"):
        scenario = load_scenario(name)
        times, offered = [], 0
        for _ in range(rounds):
            (kpis, _), seconds = cpu_timed(lambda s=scenario: simulate_replication(s, seed, 0))
            times.append(seconds)
            offered = int(kpis["offered"].sum())
        seconds = statistics.median(times)
        base_seconds = base_seconds or seconds
        print(
            f"{name:<18}{offered:>10,}{seconds:>10.2f}{offered / seconds:>12,.0f}"
            f"{seconds / base_seconds:>12.2f}x"
        )


if __name__ == "__main__":
    main()
