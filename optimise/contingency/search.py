"""`staffsim contingency`: size the scenario's staffing levers against its emergency library,
then confirm the choice by stress runs on the same draws.

The scenario's `contingency:` is the menu: each overtime and reserve entry's `agents` is the
most the planner allows, its costs and trigger are kept. For each stress run the emergencies
are drawn (`sim.emergencies`, the same draws `staffsim stress` makes) and their requirements
computed (`optimise.queueing.requirements`); the deficits beyond the normal week go to the
lever-sizing MILP (`optimise.contingency.model`). The chosen settings are then stress-tested
against no levers with one seed (common random numbers): P(breach) before and after, with
Wilson intervals, and the levers' mean cost.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from optimise.contingency.model import LeverOption, Sizing, Switch, size_levers
from optimise.contingency.needs import diversion_switches, run_deficits_of, run_needs
from scenarios import InputError, Scenario
from scenarios.base import quote
from sim.emergencies import draw_emergencies
from sim.layout import StaffingInput
from sim.levers import diversion_name
from sim.stress import StressResult, stress


@dataclass(frozen=True)
class ContingencyPlan:
    """The chosen lever settings, the scenario carrying them, and the stress tests before and
    after (same seed, same emergencies and customers)."""

    scenario: Scenario  # with the chosen levers
    sizing: Sizing
    before: StressResult
    after: StressResult
    budget: float | None
    seconds: dict[str, float]
    options: tuple[LeverOption, ...] = ()
    switches: tuple[Switch, ...] = ()
    # per call-back threshold tried (None: no call-backs): breaching runs' share, lever cost
    callback_trials: tuple[dict[str, Any], ...] = ()

    def comparison(self) -> pd.DataFrame:
        """Return per queue and target P(breach) over the week before and after, with 95%
        Wilson intervals."""
        keys = ["queue", "target", "target_value"]
        values = ["p_breach", "ci95_low", "ci95_high"]

        def week(result: StressResult) -> pd.DataFrame:
            return result.breach[result.breach["period"] == "week"][keys + values]

        return week(self.before).merge(week(self.after), on=keys, suffixes=("_before", "_after"))

    def lever_cost(self) -> float:
        """Return the levers' mean cost per run in the confirming stress test."""
        runs = self.after.runs.drop_duplicates("run")
        return float(runs["lever_cost"].mean()) if "lever_cost" in runs else 0.0

    def callback_threshold(self) -> float | None:
        """Return the chosen call-back threshold in seconds (None: no call-backs)."""
        levers = self.scenario.contingency
        callback = levers.callback if levers is not None else None
        return callback.threshold_seconds if callback is not None else None

    def levers_table(self) -> pd.DataFrame:
        """Return one row per lever of the menu: lever, agents (staffing levers), kind
        (overtime, reserve, diversion, callback), setting (agents; on or off; the call-back
        threshold in seconds, or off), expected_cost (mean per run: the model's for staffing
        levers and diversions, the confirming stress runs' for call-backs), expected_moved
        (mean contacts per run a diversion moves or call-backs are accepted) and
        within_promise (call-backs: the share made within the promise)."""
        rows = []
        for option in self.options:
            agents = self.sizing.agents.get(option.name, 0)
            rows.append(
                {
                    "lever": option.name,
                    "agents": agents,
                    "kind": option.name.split(":")[0],
                    "setting": str(agents),
                    "expected_cost": float(option.cost_per_agent.mean()) * agents,
                    "expected_moved": 0.0,
                    "within_promise": np.nan,
                }
            )
        for switch in self.switches:
            on = self.sizing.switches.get(switch.name, False)
            rows.append(
                {
                    "lever": switch.name,
                    "agents": 0,
                    "kind": "diversion",
                    "setting": "on" if on else "off",
                    "expected_cost": float(switch.cost.mean()) if on else 0.0,
                    "expected_moved": (
                        float(switch.moved.mean()) if on and switch.moved is not None else 0.0
                    ),
                    "within_promise": np.nan,
                }
            )
        if self.callback_trials:
            threshold = self.callback_threshold()
            runs = self.after.runs.drop_duplicates("run")
            accepted = float(runs["callbacks_accepted"].mean()) if threshold else 0.0
            kept = float(runs["callbacks_within_promise"].mean()) if threshold else 0.0
            levers = self.scenario.contingency
            cost = levers.callback.cost if levers is not None and levers.callback else 0.0
            rows.append(
                {
                    "lever": "callback",
                    "agents": 0,
                    "kind": "callback",
                    "setting": f"{threshold:g}" if threshold is not None else "off",
                    "expected_cost": accepted * cost,
                    "expected_moved": accepted,
                    "within_promise": kept / accepted if accepted else np.nan,
                }
            )
        return pd.DataFrame(rows, columns=LEVERS_TABLE)

    def summary(self) -> dict[str, Any]:
        """Return the chosen levers, P(breach) before and after, costs and seconds."""
        return {
            "levers": self.sizing.agents,
            "diversions": self.sizing.switches,
            "callback_threshold_seconds": self.callback_threshold(),
            "callback_trials": list(self.callback_trials),
            "budget": self.budget,
            "model_expected_cost": self.sizing.expected_cost,
            "model_runs_restored": int(self.sizing.restored.sum()),
            "solver_status": str(self.sizing.status),
            "simulated_lever_cost": self.lever_cost(),
            "p_breach": self.comparison().to_dict(orient="records"),
            "seconds": self.seconds,
        }


LEVERS_TABLE = [
    "lever",
    "agents",
    "kind",
    "setting",
    "expected_cost",
    "expected_moved",
    "within_promise",
]


def lever_options(scenario: Scenario, seed: int, runs: int) -> list[LeverOption]:
    """Return the menu's staffing levers with each one's cost per agent in each run."""
    levers = scenario.contingency
    assert levers is not None
    spans = []
    for run in range(runs):
        drawn = draw_emergencies(scenario, seed, run)
        hours = 0.0
        if drawn:
            start = min(d.start for d in drawn)
            end = max(d.end for d in drawn)
            hours = (end - start).total_seconds() / 3600.0
        spans.append((bool(drawn), hours))
    happened = np.array([h for h, _ in spans])
    length = np.array([hours for _, hours in spans])
    options = []
    multiplier = levers.overtime_multiplier
    for group, overtime in levers.overtime.items():
        rate = scenario.agent_groups[group].cost_per_hour * multiplier
        options.append(
            LeverOption(
                f"overtime:{group}",
                overtime.agents,
                frozenset(scenario.agent_groups[group].skills),
                rate * np.minimum(overtime.hours, length) * happened,
                _reach(np.minimum(overtime.hours, length), length),
            )
        )
    if levers.reserve is not None:
        r = levers.reserve
        on = np.clip(length - r.lead_minutes / 60.0, 0.0, r.hours)
        options.append(
            LeverOption(
                "reserve",
                r.agents,
                frozenset(scenario.agent_groups[r.group].skills),
                (r.callout_cost + r.cost_per_hour * on) * happened,
                _reach(on, length),
            )
        )
    return options


def _reach(on: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Return per run the share of its emergency span a lever's agents are there for."""
    return np.divide(on, length, out=np.zeros_like(length), where=length > 0)


def run_deficits(scenario: Scenario, seed: int, runs: int) -> pd.DataFrame:
    """Return per run and skill the most agents its emergencies need beyond the normal week
    (surges and outages through the requirements, absent agents as their share of it)."""
    return run_deficits_of(scenario, run_needs(scenario, seed, runs))


def plan_contingency(
    scenario: Scenario,
    *,
    budget: float | None = None,
    penalty: float = 10_000.0,
    runs: int = 40,
    seed: int = 1,
    staffing: StaffingInput = None,
    workers: int = 1,
    corrections: int = 2,
    progress: Callable[[str], None] | None = None,
) -> ContingencyPlan:
    """Return the lever settings minimising expected cost plus `penalty` per breaching run (or,
    with a budget, the runs breached within it), confirmed by stress runs before and after.

    Runs whose emergencies the levers could meet but which still breach a service target have
    their deficits raised and the levers sized again, up to `corrections` times; the setting
    with the fewest simulated breaches is returned."""
    levers = scenario.contingency
    if levers is None or not (
        levers.overtime or levers.reserve or levers.diversions or levers.callback
    ):
        raise InputError(
            f"scenario {quote(scenario.name)} offers no lever to size: add a `contingency:` "
            "section with overtime, reserve, diversions or callback (the built-in "
            "`contingency` scenario has one)",
            path="contingency",
        )
    if not scenario.emergencies:
        raise InputError(
            f"scenario {quote(scenario.name)} has no emergencies to size levers against: add "
            "an `emergencies:` section (the built-in `emergencies` scenario has one)",
            path="emergencies",
        )
    seconds: dict[str, float] = {}
    clock = time.monotonic()
    say = progress or (lambda _: None)
    say("requirements of each run's emergencies")
    needs = run_needs(scenario, seed, runs)
    deficits = run_deficits_of(scenario, needs)
    options = lever_options(scenario, seed, runs)
    switches = diversion_switches(scenario, needs, deficits)
    # a skill no lever brings or relieves cannot be helped by them: the stress runs judge it
    touched = {s for d in switches for j, s in enumerate(deficits.columns) if d.relief[:, j].any()}
    reach = set().union(*(o.skills for o in options)) | touched
    covered = [s for s in deficits.columns if s in reach]
    keep = [list(deficits.columns).index(s) for s in covered]
    switches = [dataclasses.replace(d, relief=d.relief[:, keep]) for d in switches]
    deficits = deficits[covered]
    seconds["deficits"] = time.monotonic() - clock
    clock = time.monotonic()
    say("stress runs without levers")
    before = stress(
        scenario.model_copy(update={"contingency": None}),
        runs=runs,
        seed=seed,
        staffing=staffing,
        workers=workers,
    )
    seconds["stress"] = time.monotonic() - clock
    seconds["solve"] = 0.0
    best: ContingencyPlan | None = None
    for round_ in range(corrections + 1):
        say(f"sizing the levers (round {round_ + 1})")
        sizing = size_levers(options, deficits, switches=switches, budget=budget, penalty=penalty)
        seconds["solve"] += sizing.seconds
        chosen = _with_choice(scenario, sizing, None)
        clock = time.monotonic()
        say("stress runs with the chosen levers")
        after = stress(chosen, runs=runs, seed=seed, staffing=staffing, workers=workers)
        seconds["stress"] += time.monotonic() - clock
        plan = ContingencyPlan(
            chosen, sizing, before, after, budget, seconds, tuple(options), tuple(switches)
        )
        if best is None or _breaches(plan) < _breaches(best):
            best = plan
        short = _still_short(scenario, after, deficits)
        if not short.any().any():
            break  # every run the levers can reach holds its service targets
        # correct: the requirement deficits understated these runs; ask for more there
        deficits = deficits + np.ceil(CORRECTION * deficits * short) + short
    assert best is not None
    if levers.callback is not None:
        clock = time.monotonic()
        best = _choose_threshold(scenario, best, penalty, staffing, workers, say)
        seconds["stress"] += time.monotonic() - clock
    return best


def _score(plan: ContingencyPlan, penalty: float, budget: float | None) -> tuple[float, ...]:
    """Return what the threshold choice minimises: expected cost plus penalty per breaching
    run, or (with a budget) breaching runs then cost, anything over the budget last."""
    share, cost = _breaching_share(plan), plan.lever_cost()
    if budget is None:
        return (cost + penalty * share,)
    return (float(cost > budget + 1e-9), share, cost)


def _breaching_share(plan: ContingencyPlan) -> float:
    """Return the share of confirming runs in which some queue breached its week's service
    target."""
    rows = plan.after.runs
    target = rows["queue"].map({n: q.sla.target for n, q in plan.scenario.queues.items()})
    breached = rows.loc[rows["service_level"] < target, "run"].nunique()
    return breached / rows["run"].nunique()


def _choose_threshold(
    scenario: Scenario,
    plan: ContingencyPlan,
    penalty: float,
    staffing: StaffingInput,
    workers: int,
    say: Callable[[str], None],
) -> ContingencyPlan:
    """Return the plan with the call-back threshold (or none) whose stress runs, on the same
    draws as the others, score best; every threshold tried is recorded."""
    levers = scenario.contingency
    assert levers is not None and levers.callback is not None
    candidates = sorted({levers.callback.threshold_seconds, *levers.callback.choose_from_seconds})
    best, trials = plan, [_trial(None, plan)]
    runs = int(plan.after.runs["run"].nunique())
    for threshold in candidates:
        say(f"stress runs with call-backs past {threshold:g} s")
        chosen = _with_choice(scenario, plan.sizing, threshold)
        after = stress(chosen, runs=runs, seed=plan.after.seed, staffing=staffing, workers=workers)
        tried = dataclasses.replace(plan, scenario=chosen, after=after)
        trials.append(_trial(threshold, tried))
        if _score(tried, penalty, plan.budget) < _score(best, penalty, plan.budget):
            best = tried
    return dataclasses.replace(best, callback_trials=tuple(trials))


def _trial(threshold: float | None, plan: ContingencyPlan) -> dict[str, Any]:
    return {
        "threshold_seconds": threshold,
        "breaching_share": _breaching_share(plan),
        "lever_cost": plan.lever_cost(),
    }


CORRECTION = 0.5  # a run still breaching after its levers asks for half as many agents more


def _breaches(plan: ContingencyPlan) -> int:
    """Return the week's service-target breaches over runs and queues after the levers."""
    week = plan.after.breach
    week = week[(week["period"] == "week") & (week["target"] == "service_level")]
    return int(week["breaches"].sum())


def _still_short(scenario: Scenario, after: StressResult, deficits: pd.DataFrame) -> pd.DataFrame:
    """Return per run and skill 1 where a queue of that skill breached its week's service
    target though the run had a deficit the levers could meet, else 0."""
    rows = after.runs
    target = rows["queue"].map({n: q.sla.target for n, q in scenario.queues.items()})
    skill = rows["queue"].map({n: q.skill for n, q in scenario.queues.items()})
    short = pd.DataFrame(0.0, index=deficits.index, columns=deficits.columns)
    breached = rows[(rows["service_level"] < target) & skill.isin(deficits.columns)]
    for run, queue_skill in zip(breached["run"], skill[breached.index], strict=True):
        if deficits.loc[run].sum() > 0:
            short.loc[run, queue_skill] = 1.0
    return short


def _with_choice(scenario: Scenario, sizing: Sizing, threshold: float | None) -> Scenario:
    """Return the scenario with each staffing lever's agents set to the chosen number (a lever
    given no agents is left out), the diversions switched on kept, and call-backs offered past
    `threshold` seconds (None: none)."""
    levers = scenario.contingency
    assert levers is not None
    agents = sizing.agents
    overtime = {
        group: entry.model_copy(update={"agents": agents[f"overtime:{group}"]})
        for group, entry in levers.overtime.items()
        if agents.get(f"overtime:{group}", 0) > 0
    }
    reserve = levers.reserve
    if reserve is not None:
        n = agents.get("reserve", 0)
        reserve = reserve.model_copy(update={"agents": n}) if n > 0 else None
    diversions = tuple(d for d in levers.diversions if sizing.switches.get(diversion_name(d)))
    callback = None
    if levers.callback is not None and threshold is not None:
        callback = levers.callback.model_copy(update={"threshold_seconds": threshold})
    chosen = levers.model_copy(
        update={
            "overtime": overtime,
            "reserve": reserve,
            "diversions": diversions,
            "callback": callback,
        }
    )
    return scenario.model_copy(update={"contingency": chosen})
