"""optimise.solver: typed results, bounds on the right side, deadlines, and no solver left behind.

Each test builds its own small PuLP model; the optima of the tiny ones are worked by hand in
the comments, so the expected values do not come from the code under test.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import tempfile
import threading
from pathlib import Path

import pulp
import pytest

from optimise import solver
from optimise.solver import Deadline, SolverName, Status, solve

SOLVERS = [
    SolverName.cbc,
    pytest.param(
        SolverName.highs,
        marks=pytest.mark.skipif(not solver.highs_available(), reason="highspy not installed"),
    ),
]


def small_max(cat: str = pulp.LpInteger) -> pulp.LpProblem:
    """max 5x + 4y + 7 s.t. 6x + 4y <= 24, x + 2y <= 6, x, y >= 0.

    Integer: of the integer points, (4, 0) gives 20 and beats (3, 1) = 19 and (2, 2) = 18, so
    the optimum is 20 + 7 = 27. Continuous: the two rows meet at (3, 1.5): 21 + 7 = 28.
    """
    problem = pulp.LpProblem("small_max", pulp.LpMaximize)
    x, y = (problem.add_variable(name, 0, cat=cat) for name in "xy")
    problem += 5 * x + 4 * y + 7
    problem += 6 * x + 4 * y <= 24
    problem += x + 2 * y <= 6
    return problem


def small_min(cat: str = pulp.LpInteger) -> pulp.LpProblem:
    """min 3x + 2y + 10 s.t. 2x + 2y >= 7, x >= 1, x, y >= 0.

    Integer: x + y >= 3.5 means x + y >= 4, and y is the cheaper, so x = 1, y = 3: 9 + 10 = 19.
    Continuous: x = 1, y = 2.5: 8 + 10 = 18.
    """
    problem = pulp.LpProblem("small_min", pulp.LpMinimize)
    x, y = (problem.add_variable(name, 0, cat=cat) for name in "xy")
    problem += 3 * x + 2 * y + 10
    problem += 2 * x + 2 * y >= 7
    problem += x >= 1
    return problem


def hard(sense: int = pulp.LpMaximize, seed: int = 7) -> pulp.LpProblem:
    """A 300-item knapsack with 10 capacity rows (random, fixed seed): neither solver proves it
    in seconds, both find plans at once. Each item is worth 20-100 (negated to minimise), + 10."""
    rng = random.Random(seed)
    problem = pulp.LpProblem("hard", sense)
    items = [problem.add_variable(f"x{i}", 0, 1, cat=pulp.LpBinary) for i in range(300)]
    sign = 1 if sense == pulp.LpMaximize else -1
    problem += sign * pulp.lpSum(rng.randint(20, 100) * x for x in items) + 10
    for _ in range(10):
        weights = [rng.randint(20, 100) for _ in items]
        problem += (
            pulp.lpSum(w * x for w, x in zip(weights, items, strict=True)) <= sum(weights) // 2
        )
    return problem


def cbc_children() -> list[int]:
    """Return the ids of this process's child processes that run CBC (read from /proc)."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("finds child processes in /proc")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):  # it ended while we looked
            continue
        if parent == os.getpid() and b"cbc" in command:
            found.append(int(entry.name))
    return found


@pytest.fixture
def temp_dir(tmp_path, monkeypatch) -> Path:
    """A private temporary folder for the test, so that leftovers are the solver's alone."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    assert tempfile.gettempdir() == str(folder)
    return folder


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize(
    ("build", "cat", "optimum"),
    [
        (small_max, pulp.LpInteger, 27.0),
        (small_max, pulp.LpContinuous, 28.0),
        (small_min, pulp.LpInteger, 19.0),
        (small_min, pulp.LpContinuous, 18.0),
    ],
)
def test_a_small_problem_is_optimal_with_bound_equal_to_the_hand_worked_optimum(
    name, build, cat, optimum
):
    problem = build(cat)
    solution = solve(problem, name, 20)
    assert solution.status is Status.optimal
    assert not solution.timed_out
    assert solution.objective == pytest.approx(optimum)
    assert solution.bound == pytest.approx(optimum)  # with the constant, added once
    assert solution.gap == pytest.approx(0.0, abs=1e-9)
    assert solution.solver == name.value


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize(("build", "relaxed"), [(small_max, 28.0), (small_min, 18.0)])
def test_relax_solves_an_integer_problem_as_its_linear_relaxation(name, build, relaxed):
    problem = build(pulp.LpInteger)  # the continuous optima worked in the docstrings
    solution = solve(problem, name, 20, relax=True)
    assert solution.status is Status.optimal
    assert solution.objective == pytest.approx(relaxed)
    assert solution.bound == pytest.approx(relaxed)
    assert all(v.cat == pulp.LpInteger for v in problem.variables())  # the model is unchanged


@pytest.mark.parametrize("name", SOLVERS)
def test_a_warm_start_keeps_working_under_the_old_call(name):
    problem = small_max()
    for variable, value in zip(problem.variables(), (3, 1), strict=True):  # x=3, y=1: 19 + 7
        variable.setInitialValue(value)
    solution = solve(problem, name, 20, 1e-4, warm_start=True)  # positional gap, as callers do
    assert solution.status is Status.optimal
    assert solution.objective == pytest.approx(27.0)


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize("integer_only", [False, True])
def test_an_infeasible_problem_is_infeasible_not_unsolved(name, integer_only):
    problem = pulp.LpProblem("infeasible", pulp.LpMinimize)
    x, y = (problem.add_variable(v, 0, cat=pulp.LpInteger) for v in "xy")
    problem += x + y
    if integer_only:  # 2x + 2y is even: no integer point, though the relaxation has many
        problem += 2 * x + 2 * y == 3
    else:
        problem += x + y >= 3
        problem += x + y <= 2
    solution = solve(problem, name, 20)
    assert solution.status is Status.infeasible
    assert (solution.objective, solution.bound, solution.timed_out) == (None, None, False)


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize("sense", [pulp.LpMaximize, pulp.LpMinimize])
def test_a_hard_problem_stops_at_the_deadline_with_the_bound_on_the_right_side(name, sense):
    reports = []
    problem = hard(sense)
    solution = solve(problem, name, Deadline.after(1.0), progress=lambda *r: reports.append(r))
    assert solution.timed_out
    assert solution.status in (Status.feasible, Status.not_solved)
    if solution.status is Status.feasible:
        # Not proven, so the bound lies strictly beyond the plan: above it when maximising.
        maximise = sense == pulp.LpMaximize
        assert (
            (solution.bound > solution.objective)
            if maximise
            else (solution.bound < solution.objective)
        )
        assert solution.gap > 0
        # ... and a warm start from that plan never ends worse than it.
        again = solve(problem, name, Deadline.after(0.5), warm_start=True)
        assert again.status in (Status.feasible, Status.optimal)
        better_or_equal = (
            again.objective >= solution.objective
            if maximise
            else again.objective <= solution.objective
        )
        assert better_or_equal
    for seconds, incumbent, gap in reports:
        assert seconds >= 0
        assert gap is None or gap >= 0
        if incumbent is not None and solution.bound is not None:  # no plan beats the bound
            assert (
                incumbent <= solution.bound
                if sense == pulp.LpMaximize
                else incumbent >= solution.bound
            )


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize("seconds", [0.0, 0.05])
def test_a_deadline_spent_on_building_the_model_returns_a_time_out(name, seconds, temp_dir):
    solution = solve(hard(), name, Deadline.after(seconds))
    assert solution.timed_out
    assert solution.status in (Status.not_solved, Status.feasible)
    assert cbc_children() == []
    assert list(temp_dir.iterdir()) == []


def test_a_deadline_counts_down_and_never_goes_negative():
    deadline = Deadline.after(0.0)
    assert deadline.remaining() == 0.0 and deadline.expired
    later = Deadline.after(3600)
    assert 3500 < later.remaining() <= 3600 and not later.expired
    with pytest.raises(AttributeError):
        later.at = 0.0  # frozen: a deadline is a value


def test_after_a_cbc_solve_no_process_or_file_is_left(temp_dir):
    assert solve(small_max(), SolverName.cbc, 20).status is Status.optimal
    assert cbc_children() == []
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("signum", "raised"), [(signal.SIGTERM, SystemExit), (signal.SIGINT, KeyboardInterrupt)]
)
def test_a_signal_during_a_cbc_solve_ends_cbc_and_removes_its_files(signum, raised, temp_dir):
    caught = []

    def net(*_) -> None:  # a safety net: if solve() left SIGTERM alone, it must not end pytest
        caught.append(True)

    previous = signal.signal(signal.SIGTERM, net)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signum))
    try:
        timer.start()
        with pytest.raises(raised) as error:
            solve(hard(), SolverName.cbc, 60)
        restored = signal.getsignal(signal.SIGTERM)
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous)
    assert not caught
    assert restored is net  # solve() put the handler it found back
    if raised is SystemExit:
        assert error.value.code == 128 + signal.SIGTERM
    assert cbc_children() == []
    assert list(temp_dir.iterdir()) == []


@pytest.mark.skipif(not solver.highs_available(), reason="highspy not installed")
def test_ctrl_c_during_a_highs_solve_cancels_it():
    threads = set(threading.enumerate())
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            solve(hard(), SolverName.highs, 60)
    finally:
        timer.cancel()
        timer.join()
    # solve() waited for highspy's solver thread to stop before letting the interrupt through
    assert set(threading.enumerate()) <= threads


def test_a_missing_cbc_is_a_solver_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pulp.PULP_CBC_CMD, "pulp_cbc_path", str(tmp_path / "no-cbc"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(solver.SolverError, match="not available"):
        solve(small_max(), SolverName.cbc, 20)


def test_a_crashing_cbc_is_a_solver_error(monkeypatch, tmp_path, temp_dir):
    fake = tmp_path / "cbc"
    fake.write_text("#!/bin/sh\necho 'out of memory'\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pulp.PULP_CBC_CMD, "pulp_cbc_path", str(fake))
    with pytest.raises(solver.SolverError, match=r"exit status 3(.|\n)*out of memory"):
        solve(small_max(), SolverName.cbc, 20)
    assert list(temp_dir.iterdir()) == []


def test_a_cbc_that_ignores_the_deadline_is_killed_after_a_grace(monkeypatch, tmp_path, temp_dir):
    stuck = tmp_path / "cbc"  # stands for a CBC stuck where it does not look at the clock
    stuck.write_text("#!/bin/sh\ntrap '' INT\nexec sleep 60\n")
    stuck.chmod(stuck.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pulp.PULP_CBC_CMD, "pulp_cbc_path", str(stuck))
    solution = solve(small_max(), SolverName.cbc, Deadline.after(0.2))
    assert (solution.status, solution.timed_out) == (Status.not_solved, True)
    assert cbc_children() == []
    assert list(temp_dir.iterdir()) == []


def test_a_timed_out_answer_that_breaks_a_constraint_is_no_plan():
    # CBC stopped on time may hand back a file of zeros marked integer feasible: x + y >= 3
    # is broken by x = y = 0, so the "plan" must be read as none found.
    problem = pulp.LpProblem("p", pulp.LpMinimize)
    x = problem.add_variable("x", 0, cat="Integer")
    y = problem.add_variable("y", 0, cat="Integer")
    problem += x + 2 * y
    problem += x + y >= 3
    x.varValue = y.varValue = 0
    problem.assignStatus(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible)
    timed_out = solver._solution(problem, None, True, 1.0, "cbc")
    assert (timed_out.status, timed_out.objective) == (Status.not_solved, None)
    x.varValue = 3  # a real plan stands
    problem.assignStatus(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible)
    assert solver._solution(problem, None, True, 1.0, "cbc").status is Status.feasible
