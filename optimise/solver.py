"""The one place PuLP meets a solver: solve by a deadline, return a typed result.

Callers never read PuLP status codes: they get a `Solution` with a `Status`, the objective,
the best bound the solver proved, the relative gap between them and whether time ran out.
CBC runs as a child process this module owns, so that Ctrl-C, SIGTERM or a missed deadline
end it and remove its files; HiGHS runs in-process (highspy) and is cancelled through its
interrupt callbacks.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pulp

from optimise.deadline import Deadline  # re-exported: callers may import it from here
from optimise.names import SolverName  # re-exported too
from scenarios.errors import SolverError  # re-exported too

__all__ = ["Deadline", "Progress", "Solution", "SolverError", "SolverName", "Status", "solve"]
__all__ += ["highs_available"]

Progress = Callable[[float, float | None, float | None], None]
"""Called about every `_POLL` seconds with the seconds solving, incumbent objective and gap, and
once more when the solve ends, with the figures of the `Solution` returned."""

_GRACE = 2.0  # a solver still running this long past the deadline is killed (CBC) or cancelled
_POLL = 0.5  # seconds between looks at a running solver
_CHILD_GRACE = 0.5  # HiGHS's own limit ends before the deadline: a child still running is stuck
_NUMBER = r"(-?\d[\d.eE+-]*)"


class Status(StrEnum):
    """How a solve ended."""

    optimal = "optimal"  # proven optimal (within the solver's tolerance)
    feasible = "feasible"  # a plan was found, the time limit stopped the proof
    infeasible = "infeasible"
    unbounded = "unbounded"
    not_solved = "not solved"  # stopped before finding any plan


@dataclass(frozen=True)
class Solution:
    """The outcome of a solve: status, objective, proven bound, relative gap, seconds, solver,
    and whether the time limit stopped it (`feasible`, or `not_solved` when nothing was found)."""

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    solver: str
    timed_out: bool = False


def highs_available() -> bool:
    """Return whether the HiGHS solver (highspy) is installed."""
    return bool(pulp.HiGHS(msg=False).available())


def quiet_highs() -> Any:
    """Return a new HiGHS model (highspy.Highs) that writes nothing to the terminal."""
    import highspy

    # HiGHS prints its banner from C++ on a process's first model, straight to file
    # descriptor 1: a command's own output (a roster's summary, --json) must not carry it
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    highs.setOptionValue("output_flag", False)
    return highs


def solve(
    problem: pulp.LpProblem,
    solver: SolverName,
    time_limit: float | Deadline,
    gap: float = 1e-4,
    warm_start: bool = False,
    progress: Progress | None = None,
    relax: bool = False,
) -> Solution:
    """Solve a problem in place and return how it went.

    Stops by the deadline (a `Deadline`, or seconds from now) or once the plan is proven within
    `gap` (relative) of the optimum. With `warm_start`, the variables' initial values (set by
    the caller) are a feasible plan to start from. With `relax`, integer variables are solved as
    continuous (the LP relaxation). `progress` hears the seconds, incumbent and gap as the
    solver goes, and last the solution's own. Raises `SolverError` if the solver cannot run.
    """
    solver = SolverName(solver)
    deadline = time_limit if isinstance(time_limit, Deadline) else Deadline.after(time_limit)
    started = time.monotonic()
    if deadline.expired:  # building the model took all the time: no solver could do anything
        solution = Solution(Status.not_solved, None, None, None, 0.0, solver.value, timed_out=True)
    else:
        with _sigterm_raises():
            run = _solve_highs if solver is SolverName.highs else _solve_cbc
            warm = warm_start and not relax
            bound, timed_out = run(problem, deadline, gap, warm, progress, relax)
        solution = _solution(problem, bound, timed_out, time.monotonic() - started, solver.value)
    if progress is not None:  # the last word is the answer's: a solve shorter than a poll has one
        progress(solution.seconds, solution.objective, solution.gap)
    return solution


def _solution(
    problem: pulp.LpProblem, raw_bound: float | None, timed_out: bool, seconds: float, solver: str
) -> Solution:
    """Return the `Solution` for a solved problem, given the bound as the solver saw it."""
    if problem.status == pulp.LpStatusInfeasible:  # CBC's "Integer infeasible" has no sol_status
        return Solution(Status.infeasible, None, None, None, seconds, solver)
    if problem.status == pulp.LpStatusUnbounded:
        return Solution(Status.unbounded, None, None, None, seconds, solver)
    found = problem.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if found and timed_out and not _keeps_constraints(problem):
        # CBC stopped on time may hand back a file of zeros as "integer feasible": no plan
        problem.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
        found = False
    objective = pulp.value(problem.objective) if found else None
    if not found:
        status = Status.not_solved
    elif problem.sol_status == pulp.LpSolutionOptimal and not timed_out:
        status = Status.optimal
    else:
        status = Status.feasible
    bound = _in_problem_terms(problem, raw_bound)
    if bound is None and status is Status.optimal:
        bound = objective
    if objective is not None and bound is not None:
        # Solvers stop within a tolerance, so a bound may sit a hair past the plan: clamp it
        # rather than report a bound on the wrong side of the objective (a negative gap).
        bound = max(bound, objective) if problem.sense == pulp.LpMaximize else min(bound, objective)
    return Solution(status, objective, bound, _gap(objective, bound), seconds, solver, timed_out)


def _keeps_constraints(problem: pulp.LpProblem, tolerance: float = 1e-6) -> bool:
    """Return whether the variables' values keep every bound and constraint of the problem
    (within `tolerance`, relative to a constraint's right-hand side)."""
    if not all(var.valid(tolerance) for var in problem.variables()):
        return False
    return all(c.valid(tolerance * max(1.0, abs(c.constant))) for c in problem.constraints())


def _in_problem_terms(problem: pulp.LpProblem, value: float | None) -> float | None:
    """Return an objective value as a solver reports it in the problem's own terms, or None.

    Both solvers get a maximisation as the minimisation of its negative (PuLP does so for
    HiGHS, this module for CBC), and neither sees the objective's constant: added here, once.
    """
    if value is None or abs(value) >= 1e30:  # infinity (HiGHS), 1e50 (CBC): nothing found
        return None
    constant = getattr(problem.objective, "constant", 0.0)  # a problem may lack an objective
    return (-value if problem.sense == pulp.LpMaximize else value) + constant


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(abs(objective), 1e-9)


def _report(
    progress: Progress,
    problem: pulp.LpProblem,
    seconds: float,
    best: float | None,
    bound: float | None,
) -> None:
    """Call `progress` with a solver's incumbent and bound put in the problem's terms."""
    best, bound = _in_problem_terms(problem, best), _in_problem_terms(problem, bound)
    progress(seconds, best, _gap(best, bound))


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # 143 for SIGTERM, as a shell reports a process it ended


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into SystemExit for the duration, so that the solver is ended and its files
    removed on the way out; then restore the previous handler. Only the main thread may."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:  # None: a handler not set from Python, which we cannot put back; use the default
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


# --- CBC: a child process in its own session, its files in a private temporary folder -------


def _cbc_path() -> str:
    """Return the CBC binary: PuLP's bundled one, else `cbc` on the PATH."""
    for path in (pulp.PULP_CBC_CMD.pulp_cbc_path, shutil.which("cbc")):
        if path and os.access(path, os.X_OK):
            return path
    raise SolverError("the CBC solver is not available: reinstall PuLP (pip install 'pulp<4')")


def _solve_cbc(
    problem: pulp.LpProblem,
    deadline: Deadline,
    gap: float,
    warm_start: bool,
    progress: Progress | None,
    relax: bool,
) -> tuple[float | None, bool]:
    """Solve with CBC, load the plan into `problem`; return CBC's bound and whether timed out."""
    path = _cbc_path()
    files = pulp.COIN_CMD(path=path, msg=False)  # PuLP's own writer and reader of CBC's files
    with tempfile.TemporaryDirectory(prefix="staffsim-cbc-") as folder:
        mps, sol, start, log = (Path(folder) / name for name in ("m.mps", "m.sol", "m.mst", "log"))
        # Always a minimisation: under `-max` CBC 2.10 misjudges a warm start's cost (and keeps
        # worse plans than the start), so a maximisation goes in as minimising the negative.
        names = problem.writeMPS(str(mps), mpsSense=pulp.LpMinimize, rename=True, mip=not relax)
        names = names[:3]
        args = [path, str(mps)]
        if warm_start:
            files.writesol(str(start), problem, *names)
            args += ["-mips", str(start)]
        # CBC counts CPU seconds unless told `timeMode elapsed`, so a busy machine would overrun.
        # The limit is taken after writing the model, so that writing counts against the deadline.
        args += ["-sec", f"{deadline.solver_seconds():.2f}", "-timeMode", "elapsed"]
        args += ["-ratio", f"{gap:g}", "-threads", "1"]  # one thread: the same plan every run
        args += ["-solve", "-printingOptions", "all", "-solution", str(sol)]
        code, stopped = _run_cbc(args, deadline, log, _cbc_watch(problem, log, progress))
        text = log.read_text(errors="replace")
        if stopped and (code != 0 or not sol.exists()):  # the deadline ended it with no plan
            problem.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
            return None, True
        if code != 0 or not sol.exists():
            raise SolverError(f"CBC failed (exit status {code}); its log ends:\n{text[-2000:]}")
        status, values, costs, prices, slacks, sol_status = files.readsol_MPS(
            str(sol), problem, *names
        )
    flip = -1.0 if problem.sense == pulp.LpMaximize else 1.0  # duals of the negated objective
    problem.assignVarsVals(values)
    problem.assignVarsDj({name: flip * value for name, value in costs.items()})
    problem.assignConsPi({name: flip * value for name, value in prices.items()})
    problem.assignConsSlack(slacks, activity=True)
    problem.assignStatus(status, sol_status)
    found = re.search(rf"Lower bound:\s+{_NUMBER}", text)  # CBC's closing report
    return (_float(found[1]) if found else None), stopped or "Stopped on time" in text


def _run_cbc(
    args: list[str], deadline: Deadline, log: Path, watch: Callable[[], None]
) -> tuple[int, bool]:
    """Run CBC until it ends; return its exit status and whether the deadline stopped it.

    At the deadline CBC gets SIGINT, on which it stops and writes its best plan; `_GRACE`
    seconds later SIGKILL. On any exception here (Ctrl-C, SIGTERM) it is killed at once.
    """
    if shutil.which("stdbuf"):  # line-buffered output, so that the log can be followed
        args = ["stdbuf", "-oL", *args]
    with log.open("w") as out:
        try:  # a session of its own: a Ctrl-C at the terminal reaches us, not CBC
            child = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        except OSError as error:
            raise SolverError(f"cannot run CBC ({args[0]}): {error}") from error
    stopped = False
    try:
        while True:
            try:
                return child.wait(timeout=_POLL), stopped
            except subprocess.TimeoutExpired:
                watch()
            late = time.monotonic() - deadline.at
            if late >= 0 and child.poll() is None:  # on SIGINT CBC stops and writes its plan
                child.send_signal(signal.SIGKILL if late >= _GRACE else signal.SIGINT)
                stopped = True
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _cbc_watch(problem: pulp.LpProblem, log: Path, progress: Progress | None) -> Callable[[], None]:
    """Return a function that reads CBC's new log lines and reports them to `progress`."""
    started, offset, best, bound = time.monotonic(), 0, None, None

    def watch() -> None:
        nonlocal offset, best, bound
        if progress is None:
            return
        with log.open("rb") as file:
            file.seek(offset)
            chunk = file.read()
        chunk = chunk[: chunk.rfind(b"\n") + 1]  # whole lines only; the rest comes next time
        offset += len(chunk)
        for line in chunk.decode(errors="replace").splitlines():
            if found := re.search(rf"Integer solution of {_NUMBER}", line):
                best = _float(found[1])
            elif found := re.search(rf"{_NUMBER} best solution, best possible {_NUMBER}", line):
                best, bound = _float(found[1]), _float(found[2])
        _report(progress, problem, time.monotonic() - started, best, bound)

    return watch


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# --- HiGHS: in-process, in highspy's solver thread, cancelled through its interrupt callbacks --


class _HiGHS(pulp.HiGHS):
    """PuLP's HiGHS, run so that Ctrl-C, SIGTERM or the deadline cancel it, from a warm start."""

    def __init__(
        self, deadline: Deadline, warm_start: bool, progress: Progress | None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.deadline, self.warm_start, self.progress = deadline, warm_start, progress

    def createAndConfigureSolver(self, lp: pulp.LpProblem) -> None:
        with _quiet_stdout():  # HiGHS prints a banner before PuLP can switch its output off
            super().createAndConfigureSolver(lp)

    def callSolver(self, lp: pulp.LpProblem) -> None:
        highs = lp.solverModel
        # HiGHS counts wall-clock time; the limit is taken after building the model.
        highs.setOptionValue("time_limit", self.deadline.solver_seconds())
        start = [(v.index, v.varValue) for v in lp.variables() if v.varValue is not None]
        if self.warm_start and start:  # buildSolverModel numbered columns as lp.variables()
            highs.setSolution(len(start), [i for i, _ in start], [x for _, x in start])
        latest: dict[str, float] = {}

        def note(event: Any) -> None:  # runs in the solver's thread: only note the values
            latest.update(best=event.data_out.mip_primal_bound, bound=event.data_out.mip_dual_bound)

        if self.progress is not None:
            # HiGHS calls its interrupt check seldom before the branching starts (measured: not
            # in the baseline's first 20 s), so every plan it finds is noted too.
            highs.cbMipInterrupt += note
            highs.cbMipImprovingSolution += note
        highs.HandleUserInterrupt = True  # cancelSolve() then stops it at its next check
        started = time.monotonic()
        highs.startSolve()
        try:
            while not highs.wait(_POLL)[0]:
                if time.monotonic() - self.deadline.at >= _GRACE:
                    highs.cancelSolve()
                if self.progress is not None:
                    seconds = time.monotonic() - started
                    _report(self.progress, lp, seconds, latest.get("best"), latest.get("bound"))
        except BaseException:  # Ctrl-C, SIGTERM, a failing callback: stop the solver thread first
            highs.cancelSolve()
            while not highs.wait(_POLL)[0]:
                pass
            raise


def _solve_highs(
    problem: pulp.LpProblem,
    deadline: Deadline,
    gap: float,
    warm_start: bool,
    progress: Progress | None,
    relax: bool,
) -> tuple[float | None, bool]:
    """Solve with HiGHS, load the plan into `problem`; return its bound and whether timed out.

    HiGHS runs in a forked child process where the system allows (Linux): measured on the
    baseline week, HiGHS 1.x can spend minutes after its root node without looking at its time
    limit or its interrupt flag, and only a process can be ended whatever it is doing. The
    child sends back the plan, the status and the bound, and its progress as it goes.
    """
    if not highs_available():
        raise SolverError("HiGHS is not installed: pip install highspy")
    if not sys.platform.startswith("linux"):
        return _highs_here(problem, deadline, gap, warm_start, progress, relax)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_highs_child,
        args=(problem, deadline, gap, warm_start, relax, send, progress is not None),
        daemon=True,
    )
    child.start()
    send.close()
    try:
        answer = _await_answer(receive, child, deadline, progress)
    finally:  # Ctrl-C, SIGTERM, an answer or the deadline: the child ends with the solve
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if answer is None:
        problem.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
        return None, True
    values, status, sol_status, bound, stopped, failure = answer
    if failure is not None:
        raise SolverError(f"HiGHS failed: {failure}")
    for var in problem.variables():
        var.varValue = values.get(var.name)
    problem.assignStatus(status, sol_status)
    return bound, stopped


def _await_answer(
    receive: Connection,
    child: BaseProcess,
    deadline: Deadline,
    progress: Progress | None,
) -> tuple[Any, ...] | None:
    """Return the child's answer, passing its progress on; None if it died or ran past the
    deadline's grace without one."""
    while True:
        # checked before every wait, not only after a quiet one: a child reporting progress
        # every poll is still ended on time (once what it sent has been read)
        late = time.monotonic() - deadline.at >= _CHILD_GRACE
        if receive.poll(0.0 if late else _POLL):
            try:
                message = receive.recv()
            except EOFError:  # the child died without an answer
                return None
            if message[0] == "answer":
                return tuple(message[1:])
            if progress is not None:
                progress(*message[1:])
        elif late or not child.is_alive():
            return None


def _highs_child(
    problem: pulp.LpProblem,
    deadline: Deadline,
    gap: float,
    warm_start: bool,
    relax: bool,
    send: Connection,
    tell: bool,
) -> None:
    """Solve in the child process and send the answer (see `_solve_highs`), and its progress
    as it goes when `tell`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def report(seconds: float, best: float | None, gap_now: float | None) -> None:
        send.send(("progress", seconds, best, gap_now))

    answer: tuple[Any, ...]
    try:
        bound, stopped = _highs_here(
            problem, deadline, gap, warm_start, report if tell else None, relax
        )
        values = {var.name: var.varValue for var in problem.variables()}
        answer = (values, problem.status, problem.sol_status, bound, stopped, None)
    except Exception as exc:  # told to the parent, which raises SolverError
        answer = ({}, pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound, None, False, str(exc))
    send.send(("answer", *answer))
    send.close()


def _highs_here(
    problem: pulp.LpProblem,
    deadline: Deadline,
    gap: float,
    warm_start: bool,
    progress: Progress | None,
    relax: bool,
) -> tuple[float | None, bool]:
    """Solve with HiGHS in this process; return the bound and whether time ran out."""
    from highspy import HighsModelStatus  # optional: imported only when asked for

    options = {
        "mip": not relax,
        "msg": False,
        "gapRel": gap,
        "threads": min(os.cpu_count() or 1, 4),
    }
    problem.solve(_HiGHS(deadline, warm_start, progress, **options))
    highs = problem.solverModel
    info, model_status = highs.getInfo(), highs.getModelStatus()
    stopped = model_status in (HighsModelStatus.kTimeLimit, HighsModelStatus.kInterrupt)
    if stopped and info.primal_solution_status != 2:  # 2: a feasible plan; PuLP misses kInterrupt
        problem.assignStatus(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound)
    mip = problem.isMIP() and not relax
    return (info.mip_dual_bound if mip else info.objective_function_value), stopped


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
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
