"""The `staffsim` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from optimise.queueing.erlang import queue_metrics, required_agents, scheduled_agents
from optimise.queueing.requirements import (
    daily_summary,
    read_requirements,
    requirements,
    skill_requirements,
)
from optimise.roster.from_plan import explain_shortfall, plan_instance, read_agents, read_plan
from optimise.roster.instance import read_instance
from optimise.roster.model import solve_roster
from optimise.schedule.budget import plan_budget
from optimise.schedule.model import plan_cover
from optimise.solver import SolverName, highs_available
from report.files import (
    default_run_dir,
    frame_csv,
    plan_files,
    roster_files,
    scenario_yaml,
    simulation_files,
    write_run,
)
from report.roster import roster_views
from report.tables import erlang_table, plan_table, requirements_table, summary_tables
from scenarios import (
    InfeasiblePlan,
    ScenarioError,
    StaffsimError,
    builtin_scenarios,
    expected_volumes,
    load_scenario,
    read_staffing,
)
from sim import simulate as simulate_scenario

app = typer.Typer(
    name="staffsim",
    help="Plan the staff of a multi-channel contact centre: simulate, size, schedule, roster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ScenarioArg = Annotated[
    str, typer.Argument(help="A built-in scenario name (see `staffsim scenarios`) or a YAML file.")
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for the results (default: runs/UTC-time-command-name)."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def fail(error: Exception, code: int = 2) -> typer.Exit:
    """Print one line saying what is wrong, and return the exit to raise."""
    err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


@app.command()
def simulate(
    scenario: ScenarioArg = "baseline",
    staffing: Annotated[
        Path | None,
        typer.Option(
            help="CSV of staffing replacing the scenario's: agents on duty (interval_start, "
            "group, agents) or shifts (group, day, start, end, agents, breaks as 12:00+30)."
        ),
    ] = None,
    replications: Annotated[int, typer.Option(min=1, help="Independent replications.")] = 10,
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random stream.")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Processes running replications.")] = 1,
    out_dir: OutOption = None,
    quiet: QuietOption = False,
) -> None:
    """Simulate a scenario and write kpis.csv, occupancy.csv, summary.json and the scenario.

    Example: staffsim simulate baseline --replications 20 --workers 2 --out runs/base
    """
    try:
        centre = load_scenario(scenario)
        table = read_staffing(str(staffing), centre) if staffing is not None else None
    except StaffsimError as exc:
        raise fail(exc) from None
    folder = out_dir or default_run_dir("simulate", centre.name)
    if folder.exists() and not folder.is_dir():
        raise fail(ScenarioError("exists and is not a folder", file=str(folder)))
    with Progress(
        TextColumn("simulating {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    ) as bar:
        task = bar.add_task(centre.name, total=replications)
        result = simulate_scenario(
            centre,
            replications=replications,
            seed=seed,
            staffing=table,
            workers=workers,
            progress=lambda done: bar.update(task, completed=done),
        )
    write_run(folder, simulation_files(centre, result))
    for view in summary_tables(result.summary()):
        out.print(view)
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


@app.command()
def scenarios() -> None:
    """List the built-in scenarios.

    Example: staffsim scenarios
    """
    table = Table(title="Built-in scenarios")
    table.add_column("name")
    table.add_column("queues", justify="right")
    table.add_column("contacts / week", justify="right")
    table.add_column("description")
    for name in builtin_scenarios():
        centre = load_scenario(name)
        weekly = expected_volumes(centre).to_numpy().sum() * 7 / centre.horizon.days
        table.add_row(name, str(len(centre.queues)), f"{weekly:,.0f}", centre.description)
    out.print(table)


@app.command()
def validate(
    file: Annotated[str, typer.Argument(help="A scenario YAML file or built-in name.")],
) -> None:
    """Check a scenario file and say what it holds, or exactly what is wrong with it.

    Example: staffsim validate my-centre.yaml
    """
    try:
        centre = load_scenario(file)
    except StaffsimError as exc:
        raise fail(exc) from None
    volumes = expected_volumes(centre)
    horizon = centre.horizon
    out.print(
        f"ok: {centre.name}: {horizon.days} days of {horizon.interval_minutes}-minute intervals, "
        f"{len(centre.channels)} channel(s), {len(centre.queues)} queue(s), "
        f"{len(centre.agent_groups)} agent group(s), {volumes.to_numpy().sum():,.0f} contacts "
        "expected",
        highlight=False,
    )


def _share(name: str, value: float | None) -> float | None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise typer.BadParameter(f"must be between 0 and 1, got {value:g}", param_hint=name)
    return value


@app.command()
def erlang(
    volume: Annotated[float, typer.Option(min=0, help="Contacts offered in the interval.")],
    aht_seconds: Annotated[float, typer.Option(min=0, help="Mean handle time, seconds.")],
    answer_within_seconds: Annotated[
        float, typer.Option(min=0, help="Target answer time, seconds.")
    ] = 20.0,
    target: Annotated[float, typer.Option(help="Share to answer within that time.")] = 0.8,
    interval_minutes: Annotated[float, typer.Option(min=1, help="Interval length.")] = 15.0,
    patience_seconds: Annotated[
        float | None, typer.Option(min=0, help="Mean patience (Erlang A); none: Erlang C.")
    ] = None,
    max_abandon: Annotated[float | None, typer.Option(help="Largest share abandoning.")] = None,
    max_occupancy: Annotated[float | None, typer.Option(help="Largest occupancy.")] = None,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones.")] = 0.0,
    agents: Annotated[
        int | None, typer.Option(min=0, help="Evaluate this many agents instead of sizing.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Size one interval with Erlang C (or Erlang A with --patience-seconds), or evaluate it.

    Example: staffsim erlang --volume 100 --interval-minutes 30 --aht-seconds 180 --target 0.8
    """
    for name, value in (
        ("--target", target),
        ("--max-abandon", max_abandon),
        ("--max-occupancy", max_occupancy),
    ):
        _share(name, value)
    if not 0.0 <= shrinkage < 1.0:
        raise typer.BadParameter(
            f"must be at least 0 and below 1, got {shrinkage:g}", param_hint="--shrinkage"
        )
    if patience_seconds == 0:
        raise typer.BadParameter("must be above 0", param_hint="--patience-seconds")
    rate = volume / (interval_minutes * 60.0)
    if agents is None:
        needed = int(
            required_agents(
                rate,
                aht_seconds,
                answer_within_seconds,
                target,
                patience=patience_seconds,
                max_abandon=1.0 if max_abandon is None else max_abandon,
                max_occupancy=1.0 if max_occupancy is None else max_occupancy,
            )
        )
    else:
        if patience_seconds is None and agents <= rate * aht_seconds and rate > 0:
            raise fail(
                ScenarioError(
                    f"{agents} agents cannot carry {rate * aht_seconds:.2f} Erlangs without "
                    "abandonment: the queue grows without bound (give more agents, or "
                    "--patience-seconds for Erlang A)"
                )
            )
        needed = agents
    metrics = queue_metrics(rate, aht_seconds, needed, answer_within_seconds, patience_seconds)
    result = {
        "agents": needed,
        "service_level": float(metrics.service_level),
        "asa_seconds": float(metrics.asa_seconds),
        "p_wait": float(metrics.p_wait),
        "occupancy": float(metrics.occupancy),
        "abandon_rate": float(metrics.abandon_rate),
        "scheduled_agents": int(scheduled_agents(needed, shrinkage)),
    }
    if as_json:
        out.print_json(data=result)
        return
    out.print(erlang_table(result, answer_within_seconds, patience_seconds is not None))


@app.command("requirements")
def requirements_command(
    scenario: ScenarioArg = "baseline",
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones.")] = 0.0,
    out_dir: OutOption = None,
) -> None:
    """Work out the agents each interval needs and write requirements.csv.

    Example: staffsim requirements baseline --shrinkage 0.3 --out runs/needs
    """
    if not 0.0 <= shrinkage < 1.0:
        raise typer.BadParameter(
            f"must be at least 0 and below 1, got {shrinkage:g}", param_hint="--shrinkage"
        )
    try:
        centre = load_scenario(scenario)
    except StaffsimError as exc:
        raise fail(exc) from None
    table = requirements(centre, shrinkage=shrinkage)
    folder = out_dir or default_run_dir("requirements", centre.name)
    write_run(
        folder,
        {
            "requirements.csv": frame_csv(table),
            "skill_requirements.csv": frame_csv(skill_requirements(table)),
            "scenario.yaml": scenario_yaml(centre),
        },
    )
    summary = daily_summary(table)
    out.print(requirements_table(summary, centre.name))
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


@app.command()
def plan(
    scenario: ScenarioArg = "baseline",
    budget: Annotated[
        float | None,
        typer.Option(min=0, help="Spend at most this and answer the most contacts in time."),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=1, help="Seconds the solver may take.")] = 60.0,
    solver: Annotated[SolverName, typer.Option(help="MILP solver (highs needs highspy).")] = (
        SolverName.cbc
    ),
    gap: Annotated[
        float, typer.Option(min=0, max=1, help="Stop once proven within this relative gap.")
    ] = 0.001,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones.")] = 0.0,
    required: Annotated[
        Path | None,
        typer.Option(
            "--requirements",
            help="CSV of agents needed: interval_start, skill, "
            "agents (default: worked out from the scenario).",
        ),
    ] = None,
    out_dir: OutOption = None,
    quiet: QuietOption = False,
) -> None:
    """Buy the cheapest shifts that cover every interval, or the best cover a budget buys.

    Writes plan.csv (simulate it with --staffing), coverage.csv and summary.json.
    Exit status 3 when no plan within the rules covers the requirement.

    Example: staffsim plan baseline --time-limit 60 --out runs/plan
    """
    if not 0.0 <= shrinkage < 1.0:
        raise typer.BadParameter(
            f"must be at least 0 and below 1, got {shrinkage:g}", param_hint="--shrinkage"
        )
    if solver is SolverName.highs and not highs_available():
        raise fail(ScenarioError("the HiGHS solver is not installed (pip install highspy)"))
    try:
        centre = load_scenario(scenario)
        if required is None:
            needs = skill_requirements(requirements(centre, shrinkage=shrinkage))
            needs = needs.drop(columns="agents").rename(columns={"scheduled_agents": "agents"})
        else:
            needs = read_requirements(required, centre)
    except StaffsimError as exc:
        raise fail(exc) from None
    folder = out_dir or default_run_dir("plan", centre.name)
    try:
        with (
            err.status(f"solving the shift plan for {centre.name}", spinner="dots")
            if not quiet
            else nullcontext()
        ):
            if budget is None:
                result = plan_cover(centre, needs, solver=solver, time_limit=time_limit, gap=gap)
            else:
                result = plan_budget(
                    centre, needs, budget, solver=solver, time_limit=time_limit, gap=gap
                )
    except ScenarioError as exc:
        raise fail(exc.located(file=str(scenario))) from None
    except InfeasiblePlan as exc:
        raise fail(exc, code=3) from None
    write_run(folder, plan_files(centre, result))
    out.print(plan_table(result))
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


@app.command()
def roster(
    plan_dir: Annotated[
        Path | None, typer.Argument(help="A folder written by `staffsim plan` (plan.csv).")
    ] = None,
    instance: Annotated[
        Path | None, typer.Option(help="A shift-scheduling benchmark instance file instead.")
    ] = None,
    agents: Annotated[
        Path | None,
        typer.Option(
            help="CSV of agents: id, group, contract_hours[, min_hours, unavailable, preferred]."
        ),
    ] = None,
    weeks: Annotated[int, typer.Option(min=1, help="Repeat the plan's week this often.")] = 1,
    time_limit: Annotated[float, typer.Option(min=1, help="Seconds the solver may take.")] = 60.0,
    solver: Annotated[SolverName, typer.Option(help="MILP solver (highs needs highspy).")] = (
        SolverName.cbc
    ),
    out_dir: OutOption = None,
    quiet: QuietOption = False,
) -> None:
    """Put named agents on a plan's shifts, or solve a benchmark rostering instance.

    Example: staffsim roster runs/plan --agents agents.csv --weeks 2 --out runs/roster
    Example: staffsim roster --instance Instance1.txt --time-limit 60
    """
    if (plan_dir is None) == (instance is None):
        raise typer.BadParameter("give a plan folder or --instance FILE (one of them)")
    if plan_dir is not None and agents is None:
        raise typer.BadParameter("rostering a plan needs --agents CSV", param_hint="--agents")
    if solver is SolverName.highs and not highs_available():
        raise fail(ScenarioError("the HiGHS solver is not installed (pip install highspy)"))
    try:
        if instance is not None:
            problem = read_instance(instance)
            name, extra = instance.stem, None
        else:
            centre = load_scenario(plan_dir / "scenario.yaml")
            plan_table_ = read_plan(plan_dir / "plan.csv")
            start = pd.Timestamp(centre.horizon.start)
            problem, _ = plan_instance(plan_table_, read_agents(agents, centre), start, weeks)
            name = centre.name
    except StaffsimError as exc:
        raise fail(exc) from None
    folder = out_dir or default_run_dir("roster", name)
    status = err.status(f"rostering {name}", spinner="dots") if not quiet else nullcontext()
    try:
        with status:
            result = solve_roster(problem, solver=solver, time_limit=time_limit)
        if plan_dir is not None:
            if len(result.shortfall):
                raise InfeasiblePlan(
                    explain_shortfall(result.shortfall, problem, start, result.assignments)
                )
            result, extra = roster_views(result, problem, plan_table_, start)
    except InfeasiblePlan as exc:
        raise fail(exc, code=3) from None
    write_run(folder, roster_files(result, extra))
    solution = result.solution
    gap = "-" if solution.gap is None else f"{solution.gap:.2%}"
    out.print(
        f"{name}: objective {result.penalty} (the benchmark's penalty), bound "
        f"{'-' if solution.bound is None else f'{solution.bound:,.2f}'}, gap {gap}, "
        f"{solution.status.value} in {solution.seconds:.1f} s",
        highlight=False,
    )
    out.print(f"results in {folder}", highlight=False, soft_wrap=True)


def main() -> None:
    """Run the command line (the `staffsim` console script)."""
    app()


if __name__ == "__main__":
    sys.exit(main())
