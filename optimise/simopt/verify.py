"""The simulate-and-correct loop: a plan is only as good as its simulation says.

1. plan from the requirement (Erlang, by the chosen method, events included);
2. simulate the plan, with the same seed every time (common random numbers), so that two
   iterations differ by the plan alone;
3. find the intervals and skills whose simulated service, pooled over the replications, falls
   short of the target;
4. raise their requirement by a step: one agent, two where the service is more than ten points
   short. A step rather than the iterative staffing algorithm of Feldman, Mandelbaum, Massey and
   Whitt (2008), which sets each interval's staff from the simulated offered load: that needs
   staffing free to change interval by interval, while a plan buys whole shifts and tours, and
   the Erlang requirement it starts from is seldom more than an agent or two off;
5. lower by one agent, once, the intervals where every queue of the skill beats its target by a
   wide margin and that were never raised, so that the loop does not only ratchet cost up;
6. re-plan, and repeat until every queue meets its target over the horizon and in at least 90%
   of its open intervals (and lowering no longer makes a plan that holds cheaper), or the
   iterations or the time run out.

The answer is the cheapest plan that held, or the last one with what fell short.

With a budget the plan is the budget plan (`optimise.schedule.budget`), and a correction is a
minimum: an interval short gets, before anything else is bought, one agent (two when far short)
more than the plan gave it, and keeps every minimum set before. Nothing is lowered: a budget
plan spends its budget where it buys most anyway. The loop stops when every queue holds, or
when the budget cannot buy the minimums (the queues still short are short for want of budget).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from optimise.deadline import Deadline
from optimise.queueing.timevarying import Method
from optimise.schedule.budget import plan_budget
from optimise.schedule.cover import plan_cover
from optimise.schedule.plan import Plan, plan_requirements
from optimise.simopt.emergencies import (
    Emergency,
    emergency_service,
    floor_requirement,
    floor_verdicts,
    present_share,
)
from optimise.simopt.goals import (
    MOVED,
    REACH_TOLERANCE,
    fcr_reach,
    goal_verdicts,
    shortfall,
    worst_served,
)
from optimise.simopt.service import pooled_service, queue_verdicts
from optimise.solver import Progress, SolverName
from scenarios import Scenario
from scenarios.shifts import shifts_from_table
from sim import simulate

MARGIN = 0.10  # service level above target that lets an interval give up an agent
FAR_SHORT = 0.10  # service level below target that raises an interval by two agents
SOLVE_SHARE = 0.5  # of the time left, one iteration's solve may take...
MAX_SOLVE_SECONDS = 90.0  # ...and at most this: a plan within a few % beats one more iteration


@dataclass(frozen=True)
class Iteration:
    """One pass of the loop: the plan, its simulation, and the verdict on it."""

    number: int
    plan: Plan
    kpis: pd.DataFrame
    occupancy: pd.DataFrame
    pooled: pd.DataFrame
    verdicts: pd.DataFrame
    raised: int
    lowered: int
    seconds: float
    floors: tuple[tuple[str, pd.DataFrame], ...] = ()  # per emergency: floor_verdicts
    goals: pd.DataFrame = field(default_factory=lambda: goal_verdicts_table([]))

    @property
    def holds(self) -> bool:
        """Return whether every queue met its target overall and in enough intervals, its
        floor through every emergency, and every goal staffing can move."""
        goals_kept = bool((self.goals["met"] | ~self.goals["staffing_moves"]).all())
        return (
            bool(self.verdicts["holds"].all())
            and goals_kept
            and all(bool(verdicts["holds"].all()) for _, verdicts in self.floors)
        )


@dataclass(frozen=True)
class VerifiedPlan:
    """The plan the loop settled on, its simulation, and every iteration's figures."""

    chosen: Iteration
    iterations: tuple[Iteration, ...]
    replications: int
    seed: int
    stopped_by: str  # held, no correction left, iterations, time limit, budget
    budget: float | None = None

    @property
    def plan(self) -> Plan:
        """Return the plan chosen."""
        return self.chosen.plan

    @property
    def holds(self) -> bool:
        """Return whether the chosen plan held in simulation."""
        return self.chosen.holds

    def iteration_table(self) -> pd.DataFrame:
        """Return per iteration: cost, status, intervals changed, and per queue the simulated
        service level and share of open intervals meeting target."""
        rows = []
        for step in self.iterations:
            row: dict[str, Any] = {
                "iteration": step.number,
                "cost": round(step.plan.cost, 2),
                "status": step.plan.solution.status.value,
                "holds": step.holds,
                "intervals_short": int((step.pooled["counted"] & ~step.pooled["meets"]).sum()),
                "raised": step.raised,
                "lowered": step.lowered,
                "seconds": round(step.seconds, 1),
            }
            for verdict in step.verdicts.itertuples():
                row[f"service_level_{verdict.queue}"] = round(verdict.service_level, 4)
                row[f"intervals_meeting_{verdict.queue}"] = round(verdict.intervals_meeting, 4)
            for name, floors in step.floors:
                for floor in floors.itertuples():
                    row[f"floor_met_{name}_{floor.queue}"] = round(floor.floor_met, 4)
            for goal in step.goals.itertuples():
                row[f"{goal.measure}_{goal.queue}"] = round(goal.value, 4)
            rows.append(row)
        return pd.DataFrame(rows)

    def summary(self) -> dict[str, Any]:
        """Return the verification's headline figures, as written to summary.json."""
        queues = {}
        for verdict in self.chosen.verdicts.itertuples():
            held = bool(verdict.holds)
            queues[verdict.queue] = {
                "verdict": "holds" if held else self._why_short(),
                "service_level": verdict.service_level,
                "ci95": [verdict.service_level_low, verdict.service_level_high],
                "target": verdict.target,
                "abandon_rate": verdict.abandon_rate,
                "service_level_with_lost": verdict.service_level_with_lost,
                "abandon_rate_with_lost": verdict.abandon_rate_with_lost,
                "intervals_meeting": verdict.intervals_meeting,
                "meets_overall": bool(verdict.meets_overall),
                "meets_intervals": bool(verdict.meets_intervals),
            }
        emergencies = {
            name: {
                str(v.queue): {"floor_met": v.floor_met, "holds": bool(v.holds)}
                for v in floors.itertuples()
            }
            for name, floors in self.chosen.floors
        }
        goals: dict[str, dict[str, Any]] = {}
        for goal in self.chosen.goals.itertuples():
            if goal.met:
                verdict = "met"
            elif goal.staffing_moves:
                verdict = self._why_short().replace("short", "missed")
            elif goal.goal > goal.reach + REACH_TOLERANCE:
                verdict = (
                    "missed: beyond staffing's reach (its agents resolve at most "
                    f"{goal.reach:.0%} at first contact)"
                )
            else:
                verdict = "missed: more agents did not move it"
            goals.setdefault(str(goal.queue), {})[str(goal.measure)] = {
                "goal": goal.goal,
                "value": goal.value,
                "met": bool(goal.met),
                "verdict": verdict,
            }
        budgeted = {} if self.budget is None else {"budget": self.budget}
        return {
            "holds": self.holds,
            **budgeted,
            "goals": goals,
            "emergencies": emergencies,
            "iteration": self.chosen.number,
            "iterations": len(self.iterations),
            "stopped_by": self.stopped_by,
            "replications": self.replications,
            "seed": self.seed,
            "first_cost": round(self.iterations[0].plan.cost, 2),
            "queues": queues,
        }

    def _why_short(self) -> str:
        """Return why a queue of the chosen plan is left short, in the summary's words."""
        if self.stopped_by == "budget":
            return "short: the budget buys no more"
        return f"short: stopped by {self.stopped_by}"


def verify_plan(
    scenario: Scenario,
    *,
    shrinkage: float = 0.0,
    method: Method = Method.sipp,
    replications: int = 5,
    seed: int = 1,
    max_iterations: int = 8,
    solver: SolverName = SolverName.cbc,
    gap: float = 1e-3,
    time_limit: float | Deadline = 600.0,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
    also: Sequence[Emergency] = (),
    budget: float | None = None,
    floor: float | None = None,
    solve_progress: Progress | None = None,
) -> VerifiedPlan:
    """Return a plan corrected by simulation until its queues meet their targets (see the
    module's docstring), and their floors through each emergency in `also`, with every
    iteration's figures. With `budget`, every plan costs at most that (per-queue `floor` as
    in budget mode). Simulations run on `workers` processes, or in `executor` when given
    (a Dask client's, say): the same numbers either way. `progress` hears a line per iteration;
    `solve_progress` each iteration's solve (seconds since it began, best objective, gap)."""
    if budget is not None and also:
        raise ValueError("emergency floors are checked on cover plans, not on budget plans")
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    needs = plan_requirements(scenario, shrinkage=shrinkage, method=method)
    state = _Corrections(scenario, needs, budget, floor)
    done: list[Iteration] = []
    stopped_by = "iterations"
    for number in range(1, max_iterations + 1):
        started = time.monotonic()
        solve_by = Deadline.after(min(SOLVE_SHARE * deadline.remaining(), MAX_SOLVE_SECONDS))
        plan = state.plan(solver, solve_by, gap, solve_progress)
        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            staffing=shifts_from_table(plan.shifts),
            workers=workers,
            executor=executor,
        )
        pooled = pooled_service(scenario, result.kpis)
        verdicts = queue_verdicts(scenario, pooled)
        goals = judged_goals(scenario, result.journeys, state.chased, state.beyond)
        raised, lowered, unmet = state.correct(plan, pooled, goals)
        floors = []
        for emergency in also:  # the same plan and seed under each emergency: raise only
            hit = simulate(
                emergency.scenario,
                replications=replications,
                seed=seed,
                staffing=shifts_from_table(plan.shifts),
                workers=workers,
                executor=executor,
            )
            windows = emergency_service(emergency, scenario, hit.kpis)
            floors.append((emergency.scenario.name, floor_verdicts(emergency, windows)))
            present = present_share(scenario, result.occupancy, hit.occupancy)
            state.needs, more = floor_requirement(
                emergency, windows, state.needs, present, replications
            )
            state.locked.update(_short_keys(scenario, windows))
            raised += more
        step = Iteration(
            number,
            plan,
            result.kpis,
            result.occupancy,
            pooled,
            verdicts,
            raised,
            lowered,
            time.monotonic() - started,
            tuple(floors),
            goals,
        )
        done.append(step)
        if progress is not None:
            short = ", ".join(verdicts.loc[~verdicts["holds"], "queue"]) or "none"
            progress(f"iteration {number}: cost {plan.cost:,.2f}, queues short: {short}")
        if step.holds and (not lowered or not _lowering_pays(done)):
            stopped_by = "held"
            break
        if unmet:  # the budget could not buy the last minimums
            stopped_by = "budget"
            break
        if not raised and not lowered:
            stopped_by = "no correction left"
            break
        if deadline.remaining() < step.seconds:  # another iteration like this one would not fit
            stopped_by = "time limit"
            break
    held = [step for step in done if step.holds]
    if held:
        chosen = min(held, key=lambda s: s.plan.cost)
    elif budget is None:
        chosen = done[-1]
    else:  # within budget every plan is affordable: the one whose queues come nearest
        chosen = max(done, key=_nearness)
    return VerifiedPlan(chosen, tuple(done), replications, seed, stopped_by, budget)


class _Corrections:
    """What the loop has learnt so far: the requirement as corrected (cover plans) or the
    minimums (budget plans), which intervals were raised or lowered, and the goals chased."""

    def __init__(
        self, scenario: Scenario, needs: pd.DataFrame, budget: float | None, floor: float | None
    ) -> None:
        self.scenario, self.needs, self.erlang = scenario, needs, needs
        self.budget, self.floor = budget, floor
        self.minimum: pd.DataFrame | None = None  # budget plans: agents intervals get first
        self.previous: Plan | None = None
        self.locked: set[tuple[pd.Timestamp, str]] = set()  # raised once: never lowered again
        self.tried_lower: set[tuple[pd.Timestamp, str]] = set()
        self.chased: dict[tuple[str, str], float] = {}  # goal raised for -> its shortfall then
        self.beyond: set[tuple[str, str]] = set()  # goals more agents did not move

    def plan(
        self, solver: SolverName, solve_by: Deadline, gap: float, progress: Progress | None
    ) -> Plan:
        """Return the next plan: the cover of the requirement, or the budget plan."""
        if self.budget is None:
            return plan_cover(
                self.scenario,
                self.needs,
                solver=solver,
                time_limit=solve_by,
                gap=gap,
                progress=progress,
            )
        self.previous = plan_budget(
            self.scenario,
            _support(self.erlang, self.minimum),
            self.budget,
            solver=solver,
            time_limit=solve_by,
            gap=gap,
            floor=self.floor,
            minimum=self.minimum,
            start=self.previous,
            progress=progress,
        )
        return self.previous

    def correct(
        self, plan: Plan, pooled: pd.DataFrame, goals: pd.DataFrame
    ) -> tuple[int, int, bool]:
        """Return the intervals raised and lowered after a plan's simulation, and whether the
        plan (a budget plan) left some minimum unmet."""
        scenario = self.scenario
        unmet = False
        if self.budget is None:
            self.needs, raised, lowered = corrected(
                scenario, self.needs, pooled, self.locked, self.tried_lower
            )
            self.needs = held_to_plan(scenario, self.needs, plan, pooled)
        else:
            unmet = self.minimum is not None and _short_of(plan, self.minimum)
            self.minimum, raised = raised_minimum(scenario, plan, self.minimum, pooled, self.erlang)
            lowered = 0
        wanting = goals[~goals["met"] & goals["staffing_moves"]]
        keys = worst_served(scenario, pooled, set(wanting["queue"]))
        for goal in wanting.itertuples():
            key = (str(goal.queue), str(goal.measure))
            self.chased[key] = shortfall(key[1], goal.goal, goal.value)
        if self.budget is None:
            self.needs = _plus_one(self.needs, keys)
            self.locked |= keys
        else:
            self.minimum = _at_least(self.minimum, plan, keys)
        return raised + len(keys), lowered, unmet


def goal_verdicts_table(rows: list[list[Any]]) -> pd.DataFrame:
    """Return goal verdicts as a table: queue, measure, goal, value, met, staffing_moves, and
    reach (the most any staffing can give, where a bound is known; else NaN)."""
    columns = ["queue", "measure", "goal", "value", "met", "staffing_moves", "reach"]
    return pd.DataFrame(rows, columns=columns).astype({"met": bool, "staffing_moves": bool})


def judged_goals(
    scenario: Scenario,
    journeys: pd.DataFrame | None,
    chased: dict[tuple[str, str], float],
    beyond: set[tuple[str, str]],
) -> pd.DataFrame:
    """Return the goals' verdicts on a simulation, each marked whether more agents can still
    move it: not when agents were added for it last time and its shortfall shrank by less than
    `MOVED`, nor when it asks more than any staffing gives (`fcr_reach`); such a goal joins
    `beyond` for good."""
    rows = []
    for goal in goal_verdicts(scenario, journeys).itertuples():
        key = (str(goal.queue), str(goal.measure))
        gap = shortfall(key[1], goal.goal, goal.value)
        if not goal.met and key in chased and chased[key] - gap < MOVED:
            beyond.add(key)
        reach = fcr_reach(scenario, key[0]) if key[1] == "fcr" else math.nan
        if not goal.met and goal.goal > reach + REACH_TOLERANCE:
            beyond.add(key)  # no number of agents meets it: not chased at all
        rows.append([*key, goal.goal, goal.value, goal.met, key not in beyond, reach])
    return goal_verdicts_table(rows)


def _plus_one(needs: pd.DataFrame, keys: set[tuple[pd.Timestamp, str]]) -> pd.DataFrame:
    """Return the requirement with one agent more in each (interval, skill) of `keys`."""
    if not keys:
        return needs
    table = needs.set_index(["interval_start", "skill"])["agents"].astype(float).copy()
    for key in keys:
        table.loc[key] = table.get(key, 0.0) + 1.0
    return table.rename("agents").reset_index()


def _at_least(
    minimum: pd.DataFrame | None, plan: Plan, keys: set[tuple[pd.Timestamp, str]]
) -> pd.DataFrame | None:
    """Return the minimums with each (interval, skill) of `keys` given one agent more than
    `plan` gave it, where that is more than its minimum."""
    if not keys:
        return minimum
    given = plan.coverage.set_index(["interval_start", "skill"])["scheduled"]
    table: dict[tuple[pd.Timestamp, str], float] = {}
    if minimum is not None:
        for t, k, a in zip(
            minimum["interval_start"], minimum["skill"], minimum["agents"], strict=True
        ):
            table[t, str(k)] = float(a)
    for key in keys:
        table[key] = max(table.get(key, 0.0), float(np.floor(given.get(key, 0.0) + 1e-6)) + 1.0)
    rows = [(t, k, a) for (t, k), a in table.items()]
    return pd.DataFrame(rows, columns=["interval_start", "skill", "agents"])


def _lowering_pays(done: Sequence[Iteration]) -> bool:
    """Return whether the last plan, which held, is cheaper than every plan that held before
    it: lowering is worth another iteration only while it keeps cheapening plans that hold."""
    *before, last = done
    return all(last.plan.cost < step.plan.cost for step in before if step.holds)


def _nearness(step: Iteration) -> tuple[int, float]:
    """Return how near a plan comes to holding: queues holding, then the worst queue's service
    level against its target."""
    verdicts = step.verdicts
    margin = (verdicts["service_level"] - verdicts["target"]).fillna(0.0)
    return int(verdicts["holds"].sum()), float(margin.min())


def raised_minimum(
    scenario: Scenario,
    plan: Plan,
    minimum: pd.DataFrame | None,
    pooled: pd.DataFrame,
    needs: pd.DataFrame,
) -> tuple[pd.DataFrame, int]:
    """Return the agents per interval and skill a budget plan must give first: every minimum
    set before, and where simulated service fell short the Erlang requirement `needs` or one
    agent more than `plan` gave (two when far short), whichever is more; with the number of
    intervals raised. Intervals that met their target keep what the plan gave them (an agent
    less where every queue beats its target by a wide margin): a budget may not buy one
    interval's service by taking it from another."""
    skill_of = {name: queue.skill for name, queue in scenario.queues.items()}
    judged = pooled[pooled["counted"]].assign(skill=lambda f: f["queue"].map(skill_of))
    deficit = (judged["target"] - judged["service_level"]).where(~judged["meets"], -np.inf)
    worst = judged.assign(deficit=deficit).groupby(["interval_start", "skill"])["deficit"].max()
    given = plan.coverage.set_index(["interval_start", "skill"])["scheduled"]
    erlang = needs.set_index(["interval_start", "skill"])["agents"]
    table: dict[tuple[pd.Timestamp, str], float] = (
        {}
        if minimum is None
        else {
            (t, str(k)): float(a)
            for t, k, a in zip(
                minimum["interval_start"], minimum["skill"], minimum["agents"], strict=True
            )
        }
    )
    surplus = judged.assign(wide=(judged["service_level"] - judged["target"]) >= MARGIN)
    wide = surplus.groupby(["interval_start", "skill"])["wide"].all()
    raised = 0
    for key, gap in worst.items():
        if gap == -np.inf:
            kept = float(np.floor(given.get(key, 0.0) + 1e-6)) - (1.0 if wide[key] else 0.0)
            table[key] = max(table.get(key, 0.0), kept)
            continue
        step = 2.0 if gap > FAR_SHORT else 1.0
        # an interval the budget plan starved is owed its Erlang requirement at once, not an
        # agent at a time
        wanted = max(float(np.floor(given.get(key, 0.0) + 1e-6)) + step, erlang.get(key, 0.0))
        if wanted > table.get(key, 0.0):
            table[key] = wanted
            raised += 1
    rows = [(t, k, a) for (t, k), a in table.items()]
    return pd.DataFrame(rows, columns=["interval_start", "skill", "agents"]), raised


def _short_of(plan: Plan, minimum: pd.DataFrame) -> bool:
    """Return whether a plan leaves some interval below its minimum."""
    given = plan.coverage.set_index(["interval_start", "skill"])["scheduled"]
    wanted = minimum.set_index(["interval_start", "skill"])["agents"]
    return bool((given.reindex(wanted.index).fillna(0.0) < wanted - 1e-6).any())


def _support(needs: pd.DataFrame, minimum: pd.DataFrame | None) -> pd.DataFrame:
    """Return the requirement a budget model is built on: the Erlang requirement, raised to
    the minimums (a shift is offered only where some agent is wanted)."""
    if minimum is None or minimum.empty:
        return needs
    keys = ["interval_start", "skill"]
    both = needs.merge(minimum, on=keys, how="outer", suffixes=("", "_minimum"))
    agents = both[["agents", "agents_minimum"]].max(axis=1).fillna(0.0)
    return both[keys].assign(agents=agents)


def corrected(
    scenario: Scenario,
    needs: pd.DataFrame,
    pooled: pd.DataFrame,
    locked: set[tuple[pd.Timestamp, str]],
    tried_lower: set[tuple[pd.Timestamp, str]],
    *,
    lower: bool = True,
) -> tuple[pd.DataFrame, int, int]:
    """Return the requirement raised where simulated service fell short and (if `lower`)
    lowered where it had a wide margin, with the numbers of intervals raised and lowered (see
    the module)."""
    skill_of = {name: queue.skill for name, queue in scenario.queues.items()}
    judged = pooled[pooled["counted"]].assign(skill=lambda f: f["queue"].map(skill_of))
    deficit = (judged["target"] - judged["service_level"]).where(~judged["meets"], -np.inf)
    by_skill = judged.assign(deficit=deficit).groupby(["interval_start", "skill"])
    worst = by_skill["deficit"].max()
    surplus = by_skill.apply(
        lambda f: bool(((f["service_level"] - f["target"]) >= MARGIN).all() and f["meets"].all()),
        include_groups=False,
    )
    table = needs.set_index(["interval_start", "skill"])["agents"].astype(float).copy()
    raised = lowered = 0
    for key, gap in worst.items():
        if gap == -np.inf:
            continue
        table.loc[key] = table.get(key, 0.0) + (2.0 if gap > FAR_SHORT else 1.0)
        locked.add(key)
        raised += 1
    for key, wide in surplus.items() if lower else ():
        if not wide or key in locked or key in tried_lower or table.get(key, 0.0) < 1:
            continue
        table.loc[key] = table[key] - 1.0
        tried_lower.add(key)
        lowered += 1
    return table.rename("agents").reset_index(), raised, lowered


def held_to_plan(
    scenario: Scenario, needs: pd.DataFrame, plan: Plan, pooled: pd.DataFrame
) -> pd.DataFrame:
    """Return the requirement, for the skills of queues that did not hold, at least what the
    plan gave each interval that met its target without a wide margin, and an agent (two when
    far short) more than it gave each interval short.

    A raise counts from the plan's cover, not the requirement: where shift lengths had put
    agents above the requirement, a raise of the requirement alone would buy nothing. Keeping
    what barely met stops a re-plan from moving agents off intervals that only just held,
    which would trade one short interval for another from iteration to iteration.
    """
    verdicts = queue_verdicts(scenario, pooled)
    failing = {scenario.queues[str(q)].skill for q in verdicts.loc[~verdicts["holds"], "queue"]}
    if not failing:
        return needs
    skill_of = {name: queue.skill for name, queue in scenario.queues.items()}
    judged = pooled[pooled["counted"]].assign(skill=lambda f: f["queue"].map(skill_of))
    judged = judged[judged["skill"].isin(failing)]
    deficit = (judged["target"] - judged["service_level"]).where(~judged["meets"], -np.inf)
    margin = (judged["service_level"] - judged["target"]).where(judged["meets"], -np.inf)
    by_key = judged.assign(deficit=deficit, margin=margin).groupby(["interval_start", "skill"])
    worst, least = by_key["deficit"].max(), by_key["margin"].min()
    given = plan.coverage.set_index(["interval_start", "skill"])["scheduled"]
    table = needs.set_index(["interval_start", "skill"])["agents"].astype(float).copy()
    for key, gap in worst.items():
        had = float(np.floor(given.get(key, 0.0) + 1e-6))
        if gap > -np.inf:
            wanted = had + (2.0 if gap > FAR_SHORT else 1.0)
        elif least[key] < MARGIN:
            wanted = had
        else:
            continue
        if wanted > table.get(key, 0.0):
            table.loc[key] = wanted
    return table.rename("agents").reset_index()


def _short_keys(scenario: Scenario, pooled: pd.DataFrame) -> set[tuple[pd.Timestamp, str]]:
    """Return the (interval, skill) pairs with a queue short of its target in `pooled`."""
    short = pooled[pooled["counted"] & ~pooled["meets"]]
    skill_of = {name: queue.skill for name, queue in scenario.queues.items()}
    return {
        (t, skill_of[str(q)]) for t, q in zip(short["interval_start"], short["queue"], strict=True)
    }
