"""Running replications of a scenario: in this process, in a pool of worker processes, or
through any concurrent.futures executor.

A pool starts no more processes than can be busy (replications, cores), receives the scenario
once per process, and is ended at once, workers and all, on Ctrl-C, SIGTERM or a failure.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from scenarios import Scenario
from scenarios.volumes import volume_matrix
from sim.arrivals import draw_contacts
from sim.columns import Columns, frame, stacked
from sim.deflection import deflect
from sim.engine import run_replication
from sim.events import apply_outages
from sim.followups import FollowUps
from sim.journeys import journey_kpis
from sim.kpis import contact_kpis, group_occupancy
from sim.layout import StaffingInput, centre_layout
from sim.levers import lever_summary, lever_table, with_levers
from sim.signals import sigterm_raises
from sim.summary import queue_targets, summarise
from sim.summary_journeys import has_journeys, summarise_journeys
from sim.workload import check_workload

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

    import pandas as pd

Measured = tuple["pd.DataFrame", "pd.DataFrame"]  # one replication's contact KPIs and occupancy


class Tables:
    """Contact KPIs and group occupancy kept as columns, and as DataFrames once asked for."""

    kpi_columns: Columns
    occupancy_columns: Columns

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """Return one row per replication, interval and queue: volumes, service level, waits
        (`sim.kpis.contact_kpis`)."""
        return frame(self.kpi_columns)

    @cached_property
    def occupancy(self) -> pd.DataFrame:
        """Return one row per replication, interval and group: agents on duty and occupancy."""
        return frame(self.occupancy_columns)


@dataclass(frozen=True)
class Replicated(Tables):
    """One replication's contact KPIs, group occupancy and (with journeys) journey KPIs."""

    kpi_columns: Columns
    occupancy_columns: Columns
    journeys: pd.DataFrame | None = None
    levers: pd.DataFrame | None = None  # per lever: use and cost (sim.levers), with levers


@dataclass(frozen=True)
class SimulationResult(Tables):
    """KPIs of every replication, occupancy per group, journey KPIs, and their summary."""

    kpi_columns: Columns
    occupancy_columns: Columns
    journeys: pd.DataFrame | None = None  # per interval, queue and tier; None: no journeys
    scenario: Scenario | None = None  # for the goals the summary marks met or missed
    levers: pd.DataFrame | None = None  # per replication and lever: use and cost; None: no levers

    def summary(self) -> dict[str, Any]:
        """Return per-queue and per-group means with 95% confidence intervals, each queue's
        service target met or missed (and, with journeys, satisfaction per queue and for the
        centre with its goals met or missed)."""
        summary = summarise(self.kpi_columns, self.occupancy_columns)
        if self.scenario is not None:
            for name, target in queue_targets(summary["queues"], self.scenario).items():
                summary["queues"][name]["target"] = target
        if self.journeys is not None and self.scenario is not None:
            summary["satisfaction"] = summarise_journeys(self.journeys, self.scenario)
        if self.levers is not None:
            summary["levers"] = lever_summary(self.levers)
        return summary


def simulate_replication(
    scenario: Scenario, seed: int, replication: int, staffing: StaffingInput = None
) -> Measured:
    """Return one replication's contact KPIs and group occupancy."""
    done = replicate(scenario, seed, replication, staffing)
    return done.kpis, done.occupancy


def replicate(
    scenario: Scenario, seed: int, replication: int, staffing: StaffingInput = None
) -> Replicated:
    """Return one replication's contact KPIs, group occupancy and journey KPIs (if any)."""
    drawn = draw_contacts(scenario, seed, replication, volume_matrix(scenario))
    contacts, failures = apply_outages(scenario, drawn, seed, replication)
    layout = centre_layout(scenario, staffing)
    used: list[dict] = []
    if scenario.contingency is not None:
        contacts, layout, used = with_levers(scenario, contacts, layout, seed, replication)
    if not has_journeys(scenario):
        result = run_replication(layout, contacts)
        return Replicated(
            contact_kpis(scenario, contacts, result, replication, failures),
            group_occupancy(scenario, result, replication),
            levers=_levers(scenario, used, result.levers, replication),
        )
    contacts, customers = deflect(scenario, contacts, seed, replication)
    followups = FollowUps(scenario, seed, replication, len(customers))
    result = run_replication(layout, contacts, followups=followups)
    steps = result.steps
    assert steps is not None  # the run had follow-ups
    return Replicated(
        contact_kpis(scenario, steps.contacts, result, replication, failures),
        group_occupancy(scenario, result, replication),
        journey_kpis(scenario, customers, steps, result.outcomes, replication),
        levers=_levers(scenario, used, result.levers, replication),
    )


def _levers(
    scenario: Scenario, before: list[dict], during: list[dict] | None, replication: int
) -> pd.DataFrame | None:
    """Return the table of how much each lever was used and what it cost (None: no levers)."""
    if scenario.contingency is None:
        return None
    return lever_table(scenario, before + (during or []), replication)


def available_cores() -> int:
    """Return the cores this process may run on (its CPU affinity, where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def useful_processes(workers: int, replications: int, cores: int | None = None) -> int:
    """Return the processes worth starting: no more than the workers asked for, the
    replications to run, or the cores to run them on."""
    cores = available_cores() if cores is None else cores
    return max(1, min(workers, replications, cores))


def simulate(
    scenario: Scenario,
    *,
    replications: int = 10,
    seed: int = 1,
    staffing: StaffingInput = None,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Return the KPIs of independent replications of a scenario (same seed, same numbers).

    Replications run in `executor` when given (a Dask client's executor, say); else in a pool of
    min(workers, replications, cores) processes, or in this process when that is one.
    `progress` is called with the number finished after each. Ctrl-C or SIGTERM ends a pool's
    workers at once and is raised again. Raises InputError, with the figures, before any work
    when the run cannot fit in this machine's memory or the staffing is absurd.
    """
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    processes = 1 if executor is not None else useful_processes(workers, replications)
    check_workload(scenario, replications=replications, processes=processes, staffing=staffing)
    done: dict[int, Replicated] = {}

    def collect(replication: int, result: Replicated) -> None:
        done[replication] = result
        if progress is not None:
            progress(len(done))

    run_tasks(replicate, scenario, staffing, seed, replications, processes, executor, collect)
    ordered = [done[r] for r in range(replications)]
    journeys = [r.journeys for r in ordered if r.journeys is not None]
    levers = [r.levers for r in ordered if r.levers is not None]
    return SimulationResult(
        kpi_columns=stacked([r.kpi_columns for r in ordered]),
        occupancy_columns=stacked([r.occupancy_columns for r in ordered]),
        journeys=_stacked_frames(journeys),
        scenario=scenario,
        levers=_stacked_frames(levers) if scenario.contingency is not None else None,
    )


def _stacked_frames(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    """Return the tables one under another (None: none was given)."""
    if not frames:
        return None
    import pandas as pd  # here: only the scenarios with journeys or levers have such tables

    return pd.concat(frames, ignore_index=True)


T = TypeVar("T")
Task = Callable[[Scenario, int, int, StaffingInput], T]


def run_tasks(
    task: Task[T],
    scenario: Scenario,
    staffing: StaffingInput,
    seed: int,
    count: int,
    processes: int,
    executor: Executor | None,
    collect: Callable[[int, T], None],
) -> None:
    """Run task(scenario, seed, i, staffing) for i < count and collect(i, result) each as it
    finishes: in `executor` when given, else in this process (one process) or a pool of
    `processes` worker processes, ended at once, workers and all, on any exception.

    `task` is a module-level function, so that an executor or a spawned worker can find it.
    """
    if executor is not None:
        futures = {executor.submit(task, scenario, seed, i, staffing): i for i in range(count)}
        _gather(futures, collect)
    elif processes == 1:
        for i in range(count):
            collect(i, task(scenario, seed, i, staffing))
    else:
        _run_in_pool(task, scenario, staffing, seed, count, processes, collect)


def _gather(futures: dict[Future, int], collect: Callable[[int, Replicated], None]) -> None:
    """Collect results as they finish; on any exception cancel what has not started."""
    from concurrent.futures import as_completed  # here: a run in one process needs none

    try:
        for future in as_completed(futures):
            collect(futures[future], future.result())
    except BaseException:
        for future in futures:
            future.cancel()
        raise


# --- the local pool --------------------------------------------------------------------------

# The task, scenario and staffing the pool runs, set once in each worker by `_start_worker`, so
# a task is only (seed, index). Per-process state, not random state: every replication draws
# from its own streams, derived from the seed.
_work: tuple[Callable[..., Any], Scenario, StaffingInput] | None = None


def _start_worker(task: Callable[..., Any], scenario: Scenario, staffing: StaffingInput) -> None:
    """Pool initializer: keep the work; leave Ctrl-C to the parent, and die at once on SIGTERM.

    The terminal sends Ctrl-C to every process of the command: the parent alone handles it (and
    ends the workers), so no worker prints a KeyboardInterrupt traceback. A forked worker also
    inherits the parent's SIGTERM handler, which raises SystemExit: inside a task the pool
    would catch that and carry on, so SIGTERM gets its default meaning back.
    """
    global _work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _work = (task, scenario, staffing)


def _in_worker(seed: int, index: int) -> Any:
    """Return the worker's task run for one index (see `_start_worker`)."""
    if _work is None:
        raise RuntimeError("the worker was started without a scenario")
    task, scenario, staffing = _work
    return task(scenario, seed, index, staffing)


class _TrackedContext:
    """A multiprocessing context that keeps the processes and the result queues made through it.

    ProcessPoolExecutor starts its workers and makes the queue that brings their results back
    through its `mp_context` (that is how it honours a start method), so this is a public way
    to know them; the executor's own are private (`_processes`, `_result_queue`) and
    `shutdown` never ends a worker in the middle of a task. (Python 3.14 adds
    `ProcessPoolExecutor.kill_workers()`.)
    """

    def __init__(self, context: BaseContext) -> None:
        self._context = context
        self.processes: list[BaseProcess] = []
        self.queues: list[Any] = []

    def Process(self, *args: Any, **kwargs: Any) -> BaseProcess:  # the name of the context API
        process = self._context.Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def SimpleQueue(self) -> Any:  # the name of the context API
        queue = self._context.SimpleQueue()
        self.queues.append(queue)
        return queue

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _pool_context() -> _TrackedContext:
    """Return the context of the pool's workers: fork on Linux, else the platform's default.

    Forked workers start in milliseconds with the modules already imported and receive the
    scenario without pickling, and no helper process (a fork server, a resource tracker)
    outlives the pool. Spawned workers (macOS, Windows) work too: the initializer's arguments
    are pickled once per worker.
    """
    import multiprocessing  # here: a run in one process needs none of the pool's machinery

    if sys.platform.startswith("linux"):
        return _TrackedContext(multiprocessing.get_context("fork"))
    return _TrackedContext(multiprocessing.get_context())


def _run_in_pool(
    task: Callable[..., T],
    scenario: Scenario,
    staffing: StaffingInput,
    seed: int,
    count: int,
    processes: int,
    collect: Callable[[int, T], None],
) -> None:
    """Run the tasks in a pool of worker processes, and end it on any exception."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = _pool_context()
    with sigterm_raises():  # so that SIGTERM, too, reaches the cleanup below
        pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=context,  # type: ignore[arg-type]  (a context that tracks processes)
            initializer=_start_worker,
            initargs=(task, scenario, staffing),
        )
        try:
            futures = {pool.submit(_in_worker, seed, i): i for i in range(count)}
            for future in as_completed(futures):
                collect(futures[future], future.result())
            pool.shutdown()
        except BaseException:  # Ctrl-C, SIGTERM, a failed task or progress callback
            pool.shutdown(wait=False, cancel_futures=True)  # nothing new starts...
            _kill(context.processes)  # ...and what runs ends now, not when its task is done
            _end_results(context.queues)
            raise


def _end_results(queues: list[Any]) -> None:
    """Close this process's end for writing of the pool's result queues, once its workers are
    dead: a worker killed while it was sending a result leaves the pool's reader waiting for
    the rest of the message, which it now reads as the end of the pipe (and the pool ends as
    broken) instead of waiting for ever, and the interpreter's exit with it."""
    for queue in queues:
        queue._writer.close()  # the write end only: the pool's thread still reads the other


def _kill(processes: list[BaseProcess], timeout: float = 5.0) -> None:
    """End worker processes at once and reap them.

    SIGKILL, because a worker holds nothing to clean up (no files; its pipes close with it) and
    a signal it cannot catch cannot be delayed or swallowed, whatever it is doing.
    """
    started = [p for p in processes if p.pid is not None]
    for process in started:
        process.kill()
    deadline = time.monotonic() + timeout
    for process in started:
        process.join(max(deadline - time.monotonic(), 0.0))
