"""The lever-sizing MILP against brute force over every setting of a tiny menu."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from optimise.contingency.model import LeverOption, Switch, size_levers

# five runs, two skills; run 0 has no emergency
DEFICITS = pd.DataFrame({"a": [0, 2, 4, 1, 3], "b": [0, 0, 2, 3, 1]}, dtype=float)
OPTIONS = [
    LeverOption("only_a", 4, frozenset({"a"}), np.array([0, 10, 10, 10, 10.0]), np.ones(5)),
    LeverOption(
        "both",
        3,
        frozenset({"a", "b"}),
        np.array([0, 30, 30, 30, 30.0]),
        np.array([0, 1, 0.5, 1, 1]),
    ),
]


def _brute(budget: float | None, penalty: float) -> tuple[float, float]:
    """Return the best (objective, cost) over every setting, scoring each run restored when
    every skill it lacks is covered (agents counted at their reach)."""
    best = None
    for x in itertools.product(*(range(o.limit + 1) for o in OPTIONS)):
        cost = sum(o.cost_per_agent.mean() * n for o, n in zip(OPTIONS, x, strict=True))
        missed = 0
        for r, row in DEFICITS.iterrows():
            for skill, need in row.items():
                got = sum(
                    o.reach[r] * n for o, n in zip(OPTIONS, x, strict=True) if skill in o.skills
                )
                if need > 0 and got < need - 1e-9:
                    missed += 1
                    break
        if budget is None:
            score = cost + penalty * missed / len(DEFICITS)
        elif cost > budget + 1e-9:
            continue
        else:
            score = missed / len(DEFICITS)
        if best is None or score < best[0] - 1e-9:
            best = (score, cost)
    assert best is not None
    return best


@pytest.mark.parametrize("penalty", [0.0, 50.0, 200.0, 1000.0])
def test_penalty_mode_matches_brute_force(penalty: float) -> None:
    sizing = size_levers(OPTIONS, DEFICITS, penalty=penalty)
    score, _ = _brute(None, penalty)
    missed = (~sizing.restored).sum() / len(DEFICITS)
    assert sizing.expected_cost + penalty * missed == pytest.approx(score)


@pytest.mark.parametrize("budget", [0.0, 30.0, 60.0, 100.0])
def test_budget_mode_matches_brute_force(budget: float) -> None:
    sizing = size_levers(OPTIONS, DEFICITS, budget=budget)
    score, _ = _brute(budget, 0.0)
    assert (~sizing.restored).sum() / len(DEFICITS) == pytest.approx(score)
    assert sizing.expected_cost <= budget + 1e-9


def test_contingency_without_levers_is_refused_with_exit_2(tmp_path) -> None:
    result = CliRunner().invoke(app, ["contingency", "baseline", "--out", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "offers no lever to size" in result.output and "`contingency` scenario" in result.output


# a diversion: relieves skill a by 2 agents in runs 1-4, loads skill b by 1 in runs 2 and 4
# (where only the "both" lever can carry it), costing 5 a run it acts in
SWITCH = Switch(
    "divert",
    np.array([[0, 0], [2, 0], [2, -1], [2, 0], [2, -1]], dtype=float),
    np.array([0, 5, 5, 5, 5.0]),
)


def _brute_with_switch(budget: float | None, penalty: float) -> float:
    """Return the best objective over every setting of the levers and the switch: a setting
    must carry the load the switch brings; a run is restored when every skill it lacks is
    covered by the levers' agents (at their reach) plus the switch's relief."""
    best = None
    for *x, y in itertools.product(*(range(o.limit + 1) for o in OPTIONS), (0, 1)):
        cost = sum(o.cost_per_agent.mean() * n for o, n in zip(OPTIONS, x, strict=True))
        cost += SWITCH.cost.mean() * y
        missed, feasible = 0, True
        for r, row in DEFICITS.iterrows():
            lost = False
            for j, (skill, need) in enumerate(row.items()):
                got = sum(
                    o.reach[r] * n for o, n in zip(OPTIONS, x, strict=True) if skill in o.skills
                )
                got += SWITCH.relief[r, j] * y
                if got < -1e-9:
                    feasible = False
                if need > 0 and got < need - 1e-9:
                    lost = True
            missed += lost
        if not feasible or (budget is not None and cost > budget + 1e-9):
            continue
        score = (
            cost + penalty * missed / len(DEFICITS) if budget is None else missed / len(DEFICITS)
        )
        best = score if best is None else min(best, score)
    assert best is not None
    return best


@pytest.mark.parametrize("penalty", [0.0, 50.0, 200.0, 1000.0])
def test_switches_in_penalty_mode_match_brute_force(penalty: float) -> None:
    sizing = size_levers(OPTIONS, DEFICITS, switches=[SWITCH], penalty=penalty)
    missed = (~sizing.restored).sum() / len(DEFICITS)
    score = _brute_with_switch(None, penalty)
    assert sizing.expected_cost + penalty * missed == pytest.approx(score)
    assert set(sizing.switches) == {"divert"}


@pytest.mark.parametrize("budget", [0.0, 4.0, 30.0, 60.0, 100.0])
def test_switches_in_budget_mode_match_brute_force(budget: float) -> None:
    sizing = size_levers(OPTIONS, DEFICITS, switches=[SWITCH], budget=budget)
    assert (~sizing.restored).sum() / len(DEFICITS) == pytest.approx(
        _brute_with_switch(budget, 0.0)
    )
    assert sizing.expected_cost <= budget + 1e-9


def test_a_switch_that_only_relieves_is_worth_its_cost() -> None:
    # by hand: with no lever, the switch alone restores run 1 (a: 2 >= 2, b: 0) and nothing
    # else; at penalty 100 per run (20 a run of five) it pays 4 on average for 20: on
    free = Switch("divert", SWITCH.relief.clip(min=0), SWITCH.cost)
    sizing = size_levers([], DEFICITS, switches=[free], penalty=100.0)
    assert sizing.switches == {"divert": True}
    assert sizing.restored.tolist() == [True, True, False, False, False]
    assert sizing.expected_cost == pytest.approx(4.0)
    # at penalty 10 (2 a run) it is not worth 4
    assert size_levers([], DEFICITS, switches=[free], penalty=10.0).switches == {"divert": False}
