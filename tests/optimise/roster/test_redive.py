"""Diving for some employees while others hold, and the search made of such dives.

On the six-day instance of test_method.py, whose optimum is found there by brute force (every
schedule the independent checker, roster_checker.py, finds feasible for each employee, every
combination scored by the benchmark's objective). A dive's neighbourhood optimum is found
here the same way, over the freed employees only.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from optimise.deadline import Deadline
from optimise.roster.columns import dive, generate
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.model import default_solver
from optimise.roster.progress import Tracker
from optimise.roster.redive import improve_by_columns
from optimise.roster.search import construct, cost
from optimise.solver import highs_available
from tests.optimise.roster.roster_checker import objective, read_instance, violations
from tests.optimise.roster.test_method import SIX_DAYS, brute_force_optimum

pytestmark = pytest.mark.skipif(not highs_available(), reason="column generation needs HiGHS")


@pytest.fixture(scope="module")
def six_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("six") / "six.txt"
    path.write_text(SIX_DAYS)
    return path, brute_force_optimum(path)


def _rows(schedules: dict[str, dict[int, str]]) -> list[tuple[str, int, str]]:
    return [(e, d, s) for e, schedule in schedules.items() for d, s in schedule.items()]


def _feasible(checked, employee: str) -> list[list[tuple[str, int, str]]]:
    """Every schedule of one employee that the checker finds keeps the contract."""
    found = []
    for choice in itertools.product([None, *sorted(checked.shifts)], repeat=checked.days):
        rows = [(employee, d, s) for d, s in enumerate(choice) if s is not None]
        if not [v for v in violations(checked, rows) if v.startswith(f"employee {employee}:")]:
            found.append(rows)
    return found


def test_a_dive_keeps_the_held_employee_and_gives_the_others_rules_kept(six_days):
    path, optimum = six_days
    problem, checked = read_problem(path), read_instance(path)
    first = construct(problem, default_solver(), Deadline.after(30))
    generated = generate(problem, Deadline.after(30))
    held = {"A": first["A"]}
    found = dive(generated, Deadline.after(30), Deadline.after(30), held=held)
    assert found["A"] == first["A"]
    assert set(found) == set(problem.staff)
    assert violations(checked, _rows(found)) == []
    # no better than the best of the neighbourhood: B and C over every feasible pair, with A
    # as held
    fixed = [("A", d, s) for d, s in first["A"].items()]
    best = min(
        objective(checked, fixed + b + c)
        for b, c in itertools.product(_feasible(checked, "B"), _feasible(checked, "C"))
    )
    assert objective(checked, _rows(found)) >= best >= optimum


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dives_drawn_at_random_keep_every_rule(six_days, seed):
    path, optimum = six_days
    problem, checked = read_problem(path), read_instance(path)
    generated = generate(problem, Deadline.after(30))
    rng = np.random.default_rng(seed)
    for _ in range(3):
        found = dive(generated, Deadline.after(30), Deadline.after(30), rng=rng)
        rows = _rows(found)
        assert violations(checked, rows) == []
        assert objective(checked, rows) == cost(problem, found) >= optimum


def test_the_search_by_dives_reaches_the_brute_force_optimum(six_days):
    path, optimum = six_days
    problem, checked = read_problem(path), read_instance(path)
    first = construct(problem, default_solver(), Deadline.after(30))
    assert cost(problem, first) > optimum  # there is something to improve
    generated = generate(problem, Deadline.after(30))
    heard: list[float | None] = []
    told = Tracker(lambda seconds, incumbent, gap: heard.append(incumbent))
    search = improve_by_columns(
        problem, generated, first, Deadline.after(5), bound=optimum, tracker=told
    )
    rows = _rows(search.schedules)
    assert violations(checked, rows) == []
    assert search.cost == objective(checked, rows) == optimum
    assert search.proven  # it met the bound given
    assert heard and heard[-1] == optimum


def test_a_dive_out_of_time_still_gives_everyone_a_schedule_keeping_every_rule(six_days):
    path, optimum = six_days
    problem, checked = read_problem(path), read_instance(path)
    generated = generate(problem, Deadline.after(30))
    # no time left at all, and too little before `last` for the integer master: each employee
    # gets one of their columns, each of which keeps the contract
    for rng in (None, np.random.default_rng(0)):
        found = dive(generated, Deadline.after(0.0), Deadline.after(0.0), rng=rng)
        rows = _rows(found)
        assert sorted(found) == sorted(problem.staff)
        assert violations(checked, rows) == []
        assert objective(checked, rows) == cost(problem, found) >= optimum


def test_a_dive_is_given_up_once_its_relaxation_passes_the_ceiling(six_days):
    # every penalty is at least zero, so is the relaxation: a ceiling below it ends the dive
    # at once; the same dive with the ceiling at the optimum (found by brute force) is not
    # given up, and here reaches it
    path, optimum = six_days
    problem = read_problem(path)
    generated = generate(problem, Deadline.after(30))
    assert dive(generated, Deadline.after(30), Deadline.after(30), ceiling=-0.5) is None
    found = dive(generated, Deadline.after(30), Deadline.after(30), ceiling=float(optimum))
    assert found is not None and set(found) == set(problem.staff)
    assert cost(problem, found) == optimum


def test_trimming_drops_the_columns_added_after_generation(eight_days, every_schedule):
    problem = read_problem(eight_days)
    generated = generate(problem, Deadline.after(30))
    master = generated.master
    assert generated.converged and master.generated == len(master.columns)
    # every schedule the checker finds feasible, as columns (dives add such columns)
    added = [
        (e, schedule)
        for e, schedules in every_schedule.items()
        for schedule, own in schedules
        if master.add(e, schedule, float(own))
    ]
    assert added and len(master.columns) == master.generated + len(added)
    master.trim()
    assert len(master.columns) == master.generated
    relaxed = master.relax(Deadline.after(30))
    assert relaxed is not None
    assert relaxed[0] == pytest.approx(generated.relaxation, abs=1e-6)
    # a schedule dropped is new again: added after the generated ones
    employee, schedule = added[0]
    own = generated.pricers[employee].own_cost(schedule)
    assert master.column(employee, schedule, own) == master.generated
    found = dive(generated, Deadline.after(30), Deadline.after(30))
    assert found is not None and set(found) == set(problem.staff)
