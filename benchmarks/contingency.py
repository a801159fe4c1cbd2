"""Contingency plans: P(breach) of each voice queue's service target with no levers and with
the optimised levers, their cost and the seconds taken, on the built-in `contingency` scenario
(the `emergencies` week with an overtime and reserve menu).

The bar (issue 13): within the budget, the optimised levers at least halve the week's
P(breach) of every voice queue's service target versus no levers. Both stress tests use one
seed (the same emergencies and customers), so the difference is the levers'.

With `--callbacks` the menu also offers call-backs on the voice queues while an emergency
holds (accepted by half the callers offered, promised within two hours, 2 a call-back), the
threshold on the expected wait chosen among 60, 120 and 300 s (or none) by stress runs on the
same draws; each threshold tried is printed with its breaching weeks and cost.

Run from the project root::

    python benchmarks/contingency.py --budget 20000 --runs 40 --workers 2
    python benchmarks/contingency.py --plan runs/plan-baseline --budget 20000
    python benchmarks/contingency.py --plan runs/plan-baseline --budget 40000 --callbacks
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from optimise.contingency import plan_contingency
from scenarios import Scenario, load_scenario
from scenarios.channels import ChannelKind
from scenarios.contingency import Callback, Trigger
from scenarios.shifts import shifts_from_table


def main() -> None:
    """Print per voice queue P(breach) before and after, the levers, their cost and seconds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="contingency")
    parser.add_argument("--plan", type=Path, help="a folder written by `staffsim plan`")
    parser.add_argument("--budget", type=float, default=None)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--callbacks", action="store_true", help="offer call-backs too")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    if args.callbacks:
        scenario = with_callbacks(scenario)
    staffing = None
    if args.plan is not None:
        from optimise.roster import read_plan

        staffing = shifts_from_table(read_plan(args.plan / "plan.csv", scenario))
    started = time.monotonic()
    plan = plan_contingency(
        scenario,
        budget=args.budget,
        runs=args.runs,
        seed=args.seed,
        staffing=staffing,
        workers=args.workers,
    )
    seconds = time.monotonic() - started
    voice = [
        name
        for name, queue in scenario.queues.items()
        if scenario.channels[queue.channel].kind is ChannelKind.voice
    ]
    table = plan.comparison()
    table = table[(table["target"] == "service_level") & table["queue"].isin(voice)]
    print(f"scenario {scenario.name}, {args.runs} runs, seed {args.seed}, budget {args.budget}")
    print("levers: " + ", ".join(f"{k} {v}" for k, v in plan.sizing.agents.items()))
    print(f"{'queue':<12} {'no levers':>22} {'optimised levers':>22}  halved")
    halved_all = True
    for row in table.itertuples(index=False):
        halved = row.p_breach_after <= row.p_breach_before / 2
        halved_all &= bool(halved)
        print(
            f"{row.queue:<12} {row.p_breach_before:5.2f} [{row.ci95_low_before:.2f}, "
            f"{row.ci95_high_before:.2f}]   {row.p_breach_after:5.2f} [{row.ci95_low_after:.2f}, "
            f"{row.ci95_high_after:.2f}]   {'yes' if halved else 'no'}"
        )
    print(
        f"lever cost per week: {plan.lever_cost():,.0f} simulated, "
        f"{plan.sizing.expected_cost:,.0f} by the model; seconds: {seconds:.0f} "
        f"(deficits {plan.seconds['deficits']:.0f}, solve {plan.seconds['solve']:.1f}, "
        f"stress {plan.seconds['stress']:.0f})"
    )
    print(f"bar (every voice queue's P(breach) halved): {'met' if halved_all else 'not met'}")
    for trial in plan.callback_trials:
        threshold = trial["threshold_seconds"]
        print(
            f"call-backs past {'none' if threshold is None else f'{threshold:g} s':>6}: "
            f"breaching weeks {trial['breaching_share']:.2f}, "
            f"lever cost per week {trial['lever_cost']:,.0f}"
            + ("  <- chosen" if threshold == plan.callback_threshold() else "")
        )


def with_callbacks(scenario: Scenario) -> Scenario:
    """Return the scenario with call-backs on its voice queues added to the menu."""
    levers = scenario.contingency
    assert levers is not None
    voice = [
        name
        for name, queue in scenario.queues.items()
        if scenario.channels[queue.channel].kind is ChannelKind.voice
    ]
    callback = Callback(
        queues=tuple(voice),
        threshold_seconds=120,
        choose_from_seconds=(60, 300),
        accept=0.5,
        promise_minutes=120,
        cost=2.0,
        trigger=Trigger(emergency=True),
    )
    return scenario.model_copy(
        update={"contingency": levers.model_copy(update={"callback": callback})}
    )


if __name__ == "__main__":
    main()
