"""Shift planning: the baseline week with CBC and HiGHS, and one day against pyworkforce.

Part 1 plans the built-in scenario ``baseline`` -- a week of 15-minute intervals, shift starts
on the 30-minute grid, 8-hour shifts with a lunch and a break placed anywhere in their windows,
4-hour shifts, the tour rule of 5 days on with 2 consecutive days off, three agent groups and
four skills -- through the public library only: the requirement is
``optimise.schedule.plan_requirements(scenario)`` (what ``staffsim plan`` asks for, without
shrinkage), planned with ``optimise.schedule.plan_cover(scenario, required, solver=...,
time_limit=..., gap=...)`` once with CBC and, when highspy is installed, once with HiGHS. It
prints the model's size (``Plan.size``: patterns, variables, constraints), the status, objective
(the plan's cost), proven bound, gap and seconds from ``Plan.solution``, split into:

- solve: ``Solution.seconds``, what ``optimise.solver.solve`` measures -- PuLP handing the
  model to the solver (an MPS file for CBC, highspy calls for HiGHS), the solve, and reading
  the answer back;
- build: the whole call less the solve -- the requirement pivoted, patterns enumerated, the
  PuLP model built, the greedy full cover built, and the shift and coverage tables made from
  the answer;
- total: the whole ``plan_cover`` call.

Before the solve ``plan_cover`` builds a greedy full cover without a solver; when the solver
finds nothing better by the time limit, that cover is the plan returned (status ``feasible``,
timed out, the objective the greedy cover's cost). The first row of the table is that cover
alone -- ``plan_cover`` called with no time left, so that no solver starts -- and a solver's
row says "greedy cover stood" when its plan is that same cover, shift for shift. Given time,
``plan_cover`` then solves the relaxation (HiGHS) and builds a plan from it in stages (tours,
then each day's shifts: ``optimise.schedule.staged``); when the relaxation's bound proves that
plan within the gap, no integer program is solved: the status is ``optimal`` and "solve" is
the time from the model built to that plan. The target (#16): the baseline week proven within
0.5% of optimal in under 30 s (whole call) with CBC.

Part 2 solves one single-skill day without breaks both ways: the baseline's billing requirement
on Monday (96 intervals of 15 minutes), the baseline's two shift types without their breaks and
without the week rule (8-hour shifts starting 07:00-14:00 and 4-hour shifts starting
08:00-18:00, every 30 minutes: 36 shifts), each shift costing the billing team's 22 per paid
hour (176 and 88).

- staffsim: a one-day scenario built with ``scenarios.scenario_from_dict`` (one group, one
  skill), planned with ``plan_cover(scenario, required)`` at its default gap (1e-4; every cost is
  a multiple of 88, so that gap proves optimality) with CBC, and with HiGHS when installed.
- reference: ``pyworkforce.scheduling.MinRequiredResources`` (a CP-SAT model) given the same
  requirement profile, each shift as a list of the periods it covers, and its cost; timed from
  building the object to the end of ``solve()``.

Each is timed once per round (median over ``--rounds``, alternating the order), and both plans
are checked here independently: the cost recomputed from the shifts bought, and the cover
recomputed from their starts and lengths against the requirement. Both being optimal, the
costs should agree (the shifts bought may still differ: the optimum is seldom unique).

Nothing here asserts a time: the figures are printed as a table for a reader to judge.
highspy and pyworkforce are only needed for this benchmark and are not staffsim dependencies
(``pip install highspy pyworkforce``); without one, its part is skipped with a printed reason.

Run from the project root::

    python benchmarks/schedule.py                     # 60 s limit, gap 0.005; a few minutes
    python benchmarks/schedule.py --time-limit 120 --gap 0.001 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from timing import positive, timed

from optimise.schedule import Plan, plan_cover, plan_requirements, shift_patterns
from optimise.solver import Solution, SolverName, Status, highs_available
from scenarios import InfeasiblePlan, NoAnswerInTime, Scenario, load_scenario, scenario_from_dict
from scenarios.calendar import format_clock, parse_clock

try:
    from pyworkforce.scheduling import MinRequiredResources
except ImportError:  # pragma: no cover - depends on the environment
    MinRequiredResources = None

SCENARIO = "baseline"
TARGET_SECONDS = 30.0  # the whole plan_cover call, CBC (#16)
TARGET_GAP = 0.005
DAY_SKILL = "billing"  # the one-day comparison: this skill's requirement on the first day
DAY_GROUP = "billing_team"  # whose cost per hour prices the shifts


# --- part 1: the baseline week -----------------------------------------------------------------


@dataclass(frozen=True)
class WeekRun:
    """One plan_cover call on the baseline week: the plan and its timings, or why it has none."""

    name: str  # the solver, or "greedy" for the cover built before any solve
    plan: Plan | None
    total: float  # seconds, the whole call
    failure: str | None  # the exception's name and first line when plan_cover raised
    stood: bool = False  # the plan returned is the greedy cover: the solver found nothing better

    @property
    def solution(self) -> Solution | None:
        return None if self.plan is None else self.plan.solution

    @property
    def solve(self) -> float | None:
        return None if self.plan is None else self.plan.solution.seconds

    @property
    def build(self) -> float | None:
        return None if self.solve is None else self.total - self.solve


def call_plan_cover(
    name: str,
    scenario: Scenario,
    needs: pd.DataFrame,
    solver: SolverName,
    time_limit: float,
    gap: float,
) -> WeekRun:
    """Time one plan_cover call; return the plan, or the refusal when it raised."""

    def run() -> Plan | str:
        try:
            return plan_cover(scenario, needs, solver=solver, time_limit=time_limit, gap=gap)
        except (InfeasiblePlan, NoAnswerInTime) as exc:
            return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"

    answer, total = timed(run)
    if isinstance(answer, str):
        return WeekRun(name, None, total, answer)
    return WeekRun(name, answer, total, None)


def same_plan(a: Plan, b: Plan) -> bool:
    """Return whether two plans buy the same shifts (same groups, days, starts and agents)."""
    return a.cost == b.cost and a.shifts.reset_index(drop=True).equals(
        b.shifts.reset_index(drop=True)
    )


def week_status(run: WeekRun) -> str:
    """Return a solver run's status as the table shows it."""
    s = run.solution
    if s is None:
        return f"no plan ({run.failure})"
    if run.name == "greedy":
        return "no solver: the cover built before the solve"
    if run.stood:
        return f"{s.status.value}, timed out: greedy cover stood"
    return f"{s.status.value}, timed out" if s.timed_out else s.status.value


def number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "-" if value is None else f"{value:,.{digits}f}{suffix}"


def report_week(scenario: Scenario, needs: pd.DataFrame, args: Any) -> None:
    """Plan the baseline week with CBC and HiGHS and print the table and the target."""
    horizon = scenario.horizon
    groups = len(scenario.agent_groups)
    skills = needs["skill"].nunique()
    agent_intervals = float(needs["agents"].sum())
    print(
        f"Shift planning, the {SCENARIO} week: optimise.schedule.plan_cover on "
        "plan_requirements(scenario)\n"
        f"{horizon.days} days of {horizon.interval_minutes}-minute intervals, {groups} agent "
        f"groups, {skills} skills, {agent_intervals:,.0f} agent-intervals required; shift "
        "types full (8 h, lunch 30 + break 15) and short (4 h), starts every 30 min, tours of "
        "5 days on with 2 consecutive days off\n"
        f"time limit {args.time_limit:g} s, relative gap {args.gap:g}; "
        "solve = Solution.seconds, build = total - solve, total = the whole call\n"
    )
    solvers = [SolverName.cbc]
    if highs_available():
        solvers.append(SolverName.highs)
    header = (
        f"{'solver':<7}{'patterns':>9}{'variables':>10}{'constr.':>8}{'build s':>9}"
        f"{'solve s':>9}{'total s':>9}{'objective':>13}{'bound':>13}{'gap':>8}  status"
    )
    print(header)
    print("-" * len(header))
    # time_limit 0: no solver starts and plan_cover returns the greedy cover it built first
    greedy = call_plan_cover("greedy", scenario, needs, SolverName.cbc, 0.0, args.gap)
    print_week_row(greedy)
    runs = []
    for solver in solvers:
        run = call_plan_cover(solver.value, scenario, needs, solver, args.time_limit, args.gap)
        s = run.solution
        if (
            run.plan is not None
            and greedy.plan is not None
            and s is not None
            and s.timed_out
            and same_plan(run.plan, greedy.plan)
        ):
            run = WeekRun(run.name, run.plan, run.total, None, stood=True)
        runs.append(run)
        print_week_row(run)
    print("-" * len(header))
    if not highs_available():
        print("HiGHS skipped: highspy is not installed (pip install highspy)")
    for run in runs:
        for note in week_notes(run, args.time_limit):
            print(f"{run.name}: {note}")
    print(
        "objective = the plan's cost (Plan.solution.objective); gap = (objective - bound) / "
        "objective;\ngreedy = plan_cover with no time left: the full cover built before the "
        "solve, which stands when the solver finds nothing better in time"
    )
    print(f"target: {target_verdict(runs[0])}\n")


def print_week_row(run: WeekRun) -> None:
    s = run.solution
    size = run.plan.size if run.plan is not None else {}
    print(
        f"{run.name:<7}{number(size.get('patterns'), 0):>9}{number(size.get('variables'), 0):>10}"
        f"{number(size.get('constraints'), 0):>8}{number(run.build, 2):>9}"
        f"{number(run.solve, 2):>9}{run.total:>9.2f}"
        f"{number(None if s is None else s.objective):>13}"
        f"{number(None if s is None else s.bound):>13}"
        f"{number(None if s is None or s.gap is None else s.gap * 100, 2, '%'):>8}  "
        f"{week_status(run)}",
        flush=True,
    )


def target_verdict(cbc: WeekRun) -> str:
    """Return whether CBC met the target: the week within TARGET_GAP in under TARGET_SECONDS."""
    goal = (
        f"the {SCENARIO} week proven within {TARGET_GAP:.1%} of optimal in under "
        f"{TARGET_SECONDS:.0f} s with CBC"
    )
    s = cbc.solution
    if s is None:
        return f"{goal} -- NOT met (no plan in {cbc.total:.1f} s)"
    gap_text = number(None if s.gap is None else s.gap * 100, 2, "%")
    if cbc.stood:
        return f"{goal} -- NOT met (greedy cover stood, gap {gap_text}, in {cbc.total:.1f} s)"
    if s.gap is None or s.gap > TARGET_GAP or cbc.total >= TARGET_SECONDS:
        return f"{goal} -- NOT met (gap {gap_text} in {cbc.total:.1f} s)"
    return f"{goal} -- met (gap {gap_text} in {cbc.total:.1f} s)"


def week_notes(run: WeekRun, time_limit: float) -> list[str]:
    """Return what a reader needs to know about one solver's run beyond its table row."""
    notes = []
    if run.total > time_limit + 5.0:
        notes.append(f"the call ran {run.total - time_limit:.0f} s past its time limit")
    s = run.solution
    if s is None:
        notes.append(f"plan_cover returned no plan: {run.failure}")
    elif run.stood and s.seconds == 0.0:
        notes.append(
            "too little time was left after building the model to start the solver; the "
            "greedy cover stood"
        )
    elif run.stood:
        notes.append(
            f"the solver ran {s.seconds:.1f} s and found no full cover better than the greedy "
            "one, so the greedy cover stood (the objective is its cost)"
        )
    return notes


# --- part 2: one day against pyworkforce --------------------------------------------------------


@dataclass(frozen=True)
class Shift:
    """A shift both models may buy: name, type, start and length in minutes, cost."""

    name: str
    kind: str
    start: int
    length: int
    cost: int


def day_shifts(baseline: Scenario) -> list[Shift]:
    """Return every shift of the baseline's types, without breaks, priced per paid hour."""
    rate = baseline.agent_groups[DAY_GROUP].cost_per_hour
    shifts = []
    for name, kind in baseline.shifts.types.items():
        cost = rate * kind.length_hours  # no breaks: every minute is paid
        if cost != round(cost):
            raise SystemExit(f"pyworkforce needs whole costs; a {name} shift costs {cost:g}")
        for start in kind.start_minutes():
            shifts.append(
                Shift(
                    f"{name}_{format_clock(start)}", name, start, kind.length_minutes, round(cost)
                )
            )
    return shifts


def day_scenario(baseline: Scenario) -> dict[str, Any]:
    """Return the one-day, one-group, one-skill scenario document, shifts without breaks."""
    types = {
        name: {
            "length_hours": kind.length_hours,
            "start": list(kind.start),
            "start_step_minutes": kind.start_step_minutes,
        }
        for name, kind in baseline.shifts.types.items()
    }
    return {
        "name": "one-day-billing",
        "description": f"the {SCENARIO} {DAY_SKILL} requirement on its first day, no breaks",
        "horizon": {
            "start": baseline.horizon.start.isoformat(),
            "days": 1,
            "interval_minutes": baseline.horizon.interval_minutes,
        },
        "channels": {"phone": {"kind": "voice", "open": {"mon-sun": "00:00-24:00"}}},
        "queues": {
            DAY_SKILL: {
                "channel": "phone",
                "skill": DAY_SKILL,
                "volume": {"per_interval": 1},  # unused: the requirement is given
                "handle_time": {"distribution": "exponential", "mean_seconds": 270},
                "sla": {"answer_within_seconds": 20, "target": 0.8},
            }
        },
        "agent_groups": {
            DAY_GROUP: {
                "skills": {DAY_SKILL: 1.0},
                "cost_per_hour": baseline.agent_groups[DAY_GROUP].cost_per_hour,
            }
        },
        "shifts": {"types": types},
    }


def coverage(counts: dict[Shift, int], step: int, periods: int) -> np.ndarray:
    """Return the agents on duty per period that the shifts bought give, breaks-free."""
    on = np.zeros(periods, dtype=np.int64)
    for shift, agents in counts.items():
        on[shift.start // step : (shift.start + shift.length) // step] += agents
    return on


def staffsim_day(
    scenario: Scenario, required: pd.DataFrame, shifts: list[Shift], solver: SolverName, args: Any
) -> tuple[str, float | None, dict[Shift, int]]:
    """Plan the day with staffsim; return status, cost and agents per shift."""
    try:
        plan = plan_cover(scenario, required, solver=solver, time_limit=args.time_limit)
    except (InfeasiblePlan, NoAnswerInTime) as exc:
        print(f"staffsim {solver.value}: no plan: {str(exc).splitlines()[0]}")
        return "no plan", None, {}
    by_key = {(s.kind, s.start): s for s in shifts}
    counts: dict[Shift, int] = {}
    for row in plan.shifts.itertuples():
        shift = by_key[row.shift_type, parse_clock(row.start)]
        counts[shift] = counts.get(shift, 0) + int(row.agents)
    return plan.solution.status.value, plan.cost, counts


def pyworkforce_day(
    profile: np.ndarray, shifts: list[Shift], step: int, args: Any
) -> tuple[str, float | None, dict[Shift, int]]:
    """Plan the day with pyworkforce's MinRequiredResources; return status, cost, counts."""
    periods = len(profile)
    cover = {s.name: coverage({s: 1}, step, periods).tolist() for s in shifts}  # 1: on duty
    peak = int(profile.max())
    model = MinRequiredResources(
        num_days=1,
        periods=periods,
        shifts_coverage=cover,
        required_resources=[[int(v) for v in profile]],
        max_period_concurrency=peak * len(shifts),  # never binding
        max_shift_concurrency=peak,  # no optimal plan puts more on one shift
        cost_dict={s.name: s.cost for s in shifts},
        max_search_time=float(args.time_limit),
    )
    solution = model.solve()
    if solution["status"] not in ("OPTIMAL", "FEASIBLE"):
        return solution["status"].lower(), None, {}
    by_name = {s.name: s for s in shifts}
    counts = {
        by_name[row["shift"]]: int(row["resources"])
        for row in solution["resources_shifts"]
        if row["resources"]
    }
    return solution["status"].lower(), float(solution["cost"]), counts


def report_day(baseline: Scenario, needs: pd.DataFrame, args: Any) -> None:
    """Solve one single-skill day with staffsim and pyworkforce and compare the plans."""
    scenario = scenario_from_dict(day_scenario(baseline), file="<one-day benchmark>")
    horizon = scenario.horizon
    step = horizon.interval_minutes
    starts = horizon.interval_starts()
    day = needs[(needs["skill"] == DAY_SKILL) & needs["interval_start"].isin(starts)]
    required = day[["interval_start", "skill", "agents"]].reset_index(drop=True)
    profile = (
        required.set_index("interval_start")["agents"].reindex(starts).fillna(0).to_numpy()
    ).astype(np.int64)
    shifts = day_shifts(baseline)
    patterns = len(shift_patterns(scenario.shifts.types, step))
    if patterns != len(shifts):
        raise SystemExit(f"staffsim has {patterns} patterns but pyworkforce {len(shifts)} shifts")
    price = {s.kind: s.cost for s in shifts}
    kinds = ", ".join(
        f"{name} {kind.length_hours:g} h costing {price[name]} starting "
        f"{kind.start[0]}-{kind.start[1]}"
        for name, kind in baseline.shifts.types.items()
    )
    print(
        f"One single-skill day: staffsim against pyworkforce MinRequiredResources\n"
        f"the {SCENARIO} {DAY_SKILL} requirement on {horizon.start:%a %Y-%m-%d}: "
        f"{len(profile)} periods of {step} min, peak {profile.max()} agents, "
        f"{profile.sum() * step / 60:,.1f} agent-hours\n"
        f"{len(shifts)} shifts, no breaks, no week rule: {kinds}\n"
        f"time limit {args.time_limit:g} s each; median seconds of {args.rounds} round(s), "
        "alternating the order\n"
        "staffsim    = plan_cover(scenario, required) on a scenario_from_dict day "
        "(default gap 1e-4)\n"
        "pyworkforce = MinRequiredResources(...).solve() (OR-Tools CP-SAT, as pyworkforce sets "
        "it up)\n"
    )
    runs: dict[str, Callable[[], tuple[str, float | None, dict[Shift, int]]]] = {
        "staffsim cbc": lambda: staffsim_day(scenario, required, shifts, SolverName.cbc, args)
    }
    if highs_available():
        runs["staffsim highs"] = lambda: staffsim_day(
            scenario, required, shifts, SolverName.highs, args
        )
    if MinRequiredResources is not None:
        runs["pyworkforce"] = lambda: pyworkforce_day(profile, shifts, step, args)
    answers: dict[str, tuple[str, float | None, dict[Shift, int]]] = {}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(args.rounds):
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            answers[name], elapsed = timed(runs[name])
            seconds[name].append(elapsed)

    header = (
        f"{'model':<16}{'status':>9}{'cost':>10}{'recomputed':>12}{'agents':>8}"
        f"{'agent-h':>9}{'over-h':>8}{'covers':>8}{'seconds':>9}"
    )
    print(header)
    print("-" * len(header))
    costs: dict[str, float | None] = {}
    for name in runs:
        status, reported, counts = answers[name]
        on = coverage(counts, step, len(profile))
        recomputed = sum(s.cost * n for s, n in counts.items())
        agents = sum(counts.values())
        hours = sum(s.length * n for s, n in counts.items()) / 60
        over = float((on - profile).clip(min=0).sum()) * step / 60
        covers = "yes" if counts and bool(np.all(on >= profile)) else "NO"
        costs[name] = reported
        print(
            f"{name:<16}{status[:9]:>9}{number(reported, 0):>10}{recomputed:>12,}{agents:>8}"
            f"{hours:>9,.1f}{over:>8,.1f}{covers:>8}{statistics.median(seconds[name]):>9.3f}"
        )
    print("-" * len(header))
    print(
        "cost = as the model reports it; recomputed = sum of shift costs x agents bought; "
        "agents = shifts bought;\nagent-h = paid hours; over-h = hours on duty beyond the "
        "requirement; covers = every period's requirement met (checked here)"
    )
    if MinRequiredResources is None:
        print(
            "pyworkforce skipped: it is not installed (pip install pyworkforce; it is not a "
            "staffsim dependency)"
        )
        return
    verdict(
        costs,
        {name: answers[name][0] for name in runs},
        {name: answers[name][2] for name in runs},
    )


def verdict(
    costs: dict[str, float | None], statuses: dict[str, str], counts: dict[str, dict[Shift, int]]
) -> None:
    """Print whether staffsim's and pyworkforce's costs agree, and why not when they do not."""
    reference = costs["pyworkforce"]
    for name, cost in costs.items():
        if name == "pyworkforce":
            continue
        if cost is not None and reference is not None and abs(cost - reference) < 1e-6:
            same = counts[name] == counts["pyworkforce"]
            bought = "the same shifts" if same else "other shifts: the optimum is not unique"
            print(f"{name} and pyworkforce agree: cost {cost:,.0f} ({bought})")
            continue
        unproven = [who for who in (name, "pyworkforce") if statuses[who] != Status.optimal]
        if unproven:
            why = (
                f"{' and '.join(unproven)} did not prove optimality within the time limit, so "
                "the costs need not agree"
            )
        else:
            why = (
                "both report optimal yet differ: the models are not the same problem (compare "
                "the shift lists and the requirement each was given)"
            )
        print(
            f"{name} and pyworkforce DIFFER: {number(cost, 0)} against "
            f"{number(reference, 0)} -- {why}"
        )


# --- main --------------------------------------------------------------------------------------


def unit_share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, got {value:g}")
    return value


def positive_seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {value:g}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Shift planning: the baseline week with CBC and HiGHS, and one "
        "single-skill day against pyworkforce's MinRequiredResources.",
        epilog="example: python benchmarks/schedule.py --time-limit 120 --gap 0.001 --rounds 5",
    )
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=60.0,
        help="seconds each solver may take (default 60)",
    )
    parser.add_argument(
        "--gap",
        type=unit_share,
        default=0.005,
        help="relative gap at which the week's solve stops (default 0.005)",
    )
    parser.add_argument(
        "--rounds", type=positive, default=3, help="rounds of the one-day comparison (default 3)"
    )
    args = parser.parse_args()

    baseline = load_scenario(SCENARIO)
    needs = plan_requirements(baseline)
    report_week(baseline, needs, args)
    report_day(baseline, needs, args)


if __name__ == "__main__":
    main()
