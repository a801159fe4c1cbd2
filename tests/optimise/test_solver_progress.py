"""optimise.solver's progress: the last report is the solution's own, and a HiGHS child that
keeps reporting is still ended at the deadline (its answer read if it came in time).

The small problems and their optima, worked by hand, are test_solver.py's.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

import pulp
import pytest

from optimise import solver
from optimise.solver import Deadline, Status, solve
from tests.optimise.test_solver import SOLVERS, small_max, small_min

Report = tuple[float, float | None, float | None]


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize(("build", "optimum"), [(small_max, 27.0), (small_min, 19.0)])
def test_the_last_report_is_the_solution(name, build, optimum):
    heard: list[Report] = []
    solution = solve(build(), name, 30, progress=lambda *r: heard.append(r))
    assert solution.status is Status.optimal
    assert heard[-1] == (solution.seconds, solution.objective, solution.gap)
    assert heard[-1][1] == pytest.approx(optimum)  # the constant counted, the sense kept
    assert heard[-1][2] == 0.0


def test_no_time_at_all_is_reported_too():
    heard: list[Report] = []
    past = Deadline(at=time.monotonic() - 1.0)
    solution = solve(small_min(), "cbc", past, progress=lambda *r: heard.append(r))
    assert solution.status is Status.not_solved
    assert heard == [(0.0, None, None)]


class _Alive:
    """A child process that never ends by itself (as HiGHS past its limit, stuck in a node)."""

    def is_alive(self) -> bool:
        return True


def test_a_child_reporting_all_the_time_is_left_at_the_deadline():
    # Progress arrives more often than the parent polls; before, the parent read it forever
    # and waited for whenever HiGHS stopped. Deadline passed: it reads what came and gives up.
    # (The chatter lasts ten seconds at most, so that a parent that never gives up fails the
    # test, by returning only once the chatter ran out, rather than hanging it.)
    receive, send = multiprocessing.Pipe(duplex=False)
    stop, ran_out = threading.Event(), threading.Event()

    def chatter() -> None:
        for _ in range(1000):
            if stop.is_set():
                return
            send.send(("progress", 1.0, 10.0, 0.5))
            time.sleep(0.01)
        ran_out.set()

    thread = threading.Thread(target=chatter, daemon=True)
    thread.start()
    try:
        past = Deadline(at=time.monotonic() - 10.0)
        heard: list[Report] = []
        answer = solver._await_answer(receive, _Alive(), past, lambda *r: heard.append(r))
        left_while_chattering = not ran_out.is_set()
    finally:
        stop.set()
        thread.join()
    assert answer is None
    assert left_while_chattering
    assert all(report == (1.0, 10.0, 0.5) for report in heard)


def test_an_answer_sent_before_the_deadline_passed_is_read_after_it():
    receive, send = multiprocessing.Pipe(duplex=False)
    send.send(("progress", 1.0, None, None))
    send.send(("answer", {"x": 1.0}, pulp.LpStatusOptimal, 1, 27.0, False, None))
    past = Deadline(at=time.monotonic() - 10.0)
    heard: list[Report] = []
    answer = solver._await_answer(receive, _Alive(), past, lambda *r: heard.append(r))
    assert answer == ({"x": 1.0}, pulp.LpStatusOptimal, 1, 27.0, False, None)
    assert heard == [(1.0, None, None)]
