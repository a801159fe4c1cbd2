"""The lever-sizing MILP against brute force over every setting of a tiny menu."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.app import app
from optimise.contingency.model import LeverOption, size_levers

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
    assert "no overtime or reserve" in result.output
