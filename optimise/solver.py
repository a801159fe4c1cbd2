"""The one place PuLP meets a solver: solve with a time limit, return a typed result.

Callers never read PuLP status codes: they get a `Solution` with a `Status`, the objective,
the best bound the solver proved and the relative gap between them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pulp


class Status(StrEnum):
    """How a solve ended."""

    optimal = "optimal"  # proven optimal (within the solver's tolerance)
    feasible = "feasible"  # a plan was found, the time limit stopped the proof
    infeasible = "infeasible"
    unbounded = "unbounded"
    not_solved = "not solved"  # stopped before finding any plan


class SolverName(StrEnum):
    """The solvers staffsim can call."""

    cbc = "cbc"
    highs = "highs"


@dataclass(frozen=True)
class Solution:
    """The outcome of a solve: status, objective, proven bound, relative gap, seconds."""

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    solver: str


def highs_available() -> bool:
    """Return whether the HiGHS solver (highspy) is installed."""
    return bool(pulp.HiGHS(msg=False).available())


@contextlib.contextmanager
def _quiet_stdout():
    """Silence what native code writes to standard output, for the duration."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(abs(objective), 1e-9)


def _cbc_bound(log: str, sense: int) -> float | None:
    """Return the best bound in CBC's closing report (its objective when proven optimal)."""
    side = "Lower" if sense == pulp.LpMinimize else "Upper"
    for pattern in (rf"{side} bound:\s+(-?[\d.eE+-]+)", r"Objective value:\s+(-?[\d.eE+-]+)"):
        match = re.search(pattern, log)
        if match:
            return float(match[1])
    return None


def solve(
    problem: pulp.LpProblem,
    solver: SolverName,
    time_limit: float,
    gap: float = 1e-4,
    warm_start: bool = False,
) -> Solution:
    """Solve a problem in place and return how it went; stop at the time limit or once the
    plan is proven within `gap` (relative) of the optimum. With `warm_start`, the variables'
    initial values (set by the caller) are a feasible plan to start from."""
    started = time.perf_counter()
    if solver is SolverName.highs:
        if not highs_available():
            raise RuntimeError("HiGHS is not installed: pip install highspy")
        engine = pulp.HiGHS(
            msg=False, timeLimit=time_limit, gapRel=gap, threads=min(os.cpu_count() or 1, 4)
        )
        with _quiet_stdout():  # HiGHS prints a banner before PuLP can switch its output off
            problem.solve(engine)
        info = problem.solverModel.getInfo()
        model_status = problem.solverModel.getModelStatus()
        bound = info.mip_dual_bound if problem.isMIP() else info.objective_function_value
        if bound is not None and abs(bound) == float("inf"):
            bound = None
        timed_out = "time limit" in problem.solverModel.modelStatusToString(model_status).lower()
    else:
        with tempfile.TemporaryDirectory() as folder:
            log_path = Path(folder) / "cbc.log"
            engine = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=time_limit,
                gapRel=gap,
                logPath=str(log_path),
                warmStart=warm_start,
                threads=1,  # one thread: the same problem gives the same plan, run after run
            )
            problem.solve(engine)
            log = log_path.read_text() if log_path.exists() else ""
        bound = _cbc_bound(log, problem.sense)
        timed_out = "Stopped on time" in log
    seconds = time.perf_counter() - started
    objective = pulp.value(problem.objective)
    if bound is not None:
        bound += problem.objective.constant  # solvers see the objective without its constant
    status = {
        pulp.LpSolutionOptimal: Status.optimal,
        pulp.LpSolutionIntegerFeasible: Status.feasible,
        pulp.LpSolutionInfeasible: Status.infeasible,
        pulp.LpSolutionUnbounded: Status.unbounded,
    }.get(problem.sol_status, Status.not_solved)
    if status is Status.optimal and timed_out:
        status = Status.feasible
    if status in (Status.infeasible, Status.unbounded, Status.not_solved):
        objective = None
    if status is Status.optimal and bound is None:
        bound = objective
    return Solution(status, objective, bound, _gap(objective, bound), seconds, solver.value)
