"""Progress of a roster solve, and `staffsim roster --method`, on the six-day instance.

The six-day instance and its brute-force optimum come from test_method.py: every schedule of
each employee that the independent checker (roster_checker.py) finds feasible, every
combination scored by the benchmark's objective. The progress reported must end on the roster
returned, as the checker scores it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.common import err
from optimise.roster.instance import read_instance as read_problem
from optimise.roster.model import default_solver, solve_roster
from optimise.roster.search import construct, cost
from optimise.solver import Deadline, highs_available
from tests.optimise.roster.roster_checker import objective, read_instance, read_roster, violations
from tests.optimise.roster.test_method import SIX_DAYS, brute_force_optimum

runner = CliRunner()
METHODS = ["whole"] + (["columns"] if highs_available() else [])


@pytest.fixture(scope="module")
def six_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("six") / "six.txt"
    path.write_text(SIX_DAYS)
    return path, brute_force_optimum(path)


@pytest.mark.parametrize("method", METHODS)
def test_progress_runs_forward_and_ends_on_the_roster_returned(six_days, method):
    path, optimum = six_days
    problem = read_problem(path)
    heard: list[tuple[float, float | None, float | None]] = []
    roster = solve_roster(
        problem,
        time_limit=30,
        method=method,
        progress=lambda seconds, incumbent, gap: heard.append((seconds, incumbent, gap)),
    )
    assert heard, "no progress reported"
    seconds = [s for s, _, _ in heard]
    assert seconds == sorted(seconds)
    assert all(s >= 0 for s in seconds)
    rows = list(roster.assignments.itertuples(index=False, name=None))
    checked = read_instance(path)
    assert violations(checked, rows) == []
    assert heard[-1][1] == objective(checked, rows) == optimum
    # proven optimal (the roster meets its bound): the last gap is nil
    assert heard[-1][2] == 0.0
    incumbents = [i for _, i, _ in heard if i is not None]
    assert incumbents == sorted(incumbents, reverse=True)  # only improvements are told


def test_progress_tells_of_the_first_roster_before_the_better_one(six_days):
    # the roster built one employee at a time is worse than the optimum (checked in
    # test_method.py), so the whole method reports at least it and then the optimum
    path, optimum = six_days
    problem = read_problem(path)
    first = cost(problem, construct(problem, default_solver(), Deadline.after(30)))
    heard: list[float | None] = []
    solve_roster(problem, time_limit=30, method="whole", progress=lambda s, i, g: heard.append(i))
    told = [i for i in heard if i is not None]
    assert told[0] >= first > optimum
    assert told[-1] == optimum


@pytest.mark.parametrize("method", ["auto", *METHODS])
def test_cli_method_gives_the_checked_optimum(tmp_path, six_days, method):
    path, optimum = six_days
    out = tmp_path / method
    result = runner.invoke(
        app, ["roster", "--instance", str(path), "--method", method, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "  gap " not in result.output  # no status line off a terminal
    checked, roster = read_instance(path), read_roster(out / "roster.csv")
    assert violations(checked, roster) == []
    summary = json.loads((out / "summary.json").read_text())
    assert summary["objective"] == objective(checked, roster) == optimum


TERMINAL = {"TTY_COMPATIBLE": "1"}  # rich treats the runner's stderr as a terminal's
NOT_TERMINAL = {"TTY_COMPATIBLE": "0"}


@pytest.mark.parametrize(
    ("env", "options", "shown"),
    [(TERMINAL, [], True), (TERMINAL, ["--quiet"], False), (NOT_TERMINAL, [], False)],
)
def test_cli_shows_the_solve_on_a_terminal_only(
    tmp_path, six_days, env, options, shown, monkeypatch
):
    # rich decides whether a console is interactive when it is made, at the first command
    # this process runs: say so again for this one
    monkeypatch.setattr(err, "is_interactive", env is TERMINAL)
    path, optimum = six_days
    out = tmp_path / "roster"
    arguments = ["roster", "--instance", str(path), "--time-limit", "30", "--no-report"]
    result = runner.invoke(app, [*arguments, "--out", str(out), *options], env=env)
    assert result.exit_code == 0, result.output
    # the last report is the roster returned: the optimum, proven
    line = f"penalty {optimum:,}  gap 0.00%"
    assert ("of 30 s" in result.stderr and line in result.stderr) == shown, result.stderr[-600:]


def test_cli_refuses_an_unknown_method(tmp_path, six_days):
    path, _ = six_days
    result = runner.invoke(app, ["roster", "--instance", str(path), "--method", "fastest"])
    assert result.exit_code == 2
    assert "fastest" in result.output
