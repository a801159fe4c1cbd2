"""The eight-day rostering instance and every schedule of it each employee may work, shared by
the pricing tests: enumerated with the independent checker (roster_checker.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.optimise.roster.roster_checker import read_instance, violations
from tests.optimise.roster.test_pricing import EIGHT_DAYS


@pytest.fixture(scope="module")
def eight_days(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the eight-day instance written to a file."""
    path = tmp_path_factory.mktemp("eight") / "eight.txt"
    path.write_text(EIGHT_DAYS)
    return path


@pytest.fixture(scope="module")
def every_schedule(eight_days: Path) -> dict[str, list[tuple[dict[int, str], int]]]:
    """Return each employee's schedules that keep their contract, with their own requests'
    cost."""
    checked = read_instance(eight_days)
    found: dict[str, list[tuple[dict[int, str], int]]] = {}
    for employee in checked.staff:
        found[employee] = []
        for choice in itertools.product([None, "E", "L"], repeat=checked.days):
            rows = [(employee, d, s) for d, s in enumerate(choice) if s is not None]
            if [v for v in violations(checked, rows) if v.startswith(f"employee {employee}:")]:
                continue
            on = {(d, s) for _, d, s in rows}
            own = sum(
                w for e, d, s, w in checked.on_requests if e == employee and (d, s) not in on
            ) + sum(w for e, d, s, w in checked.off_requests if e == employee and (d, s) in on)
            found[employee].append(({d: s for _, d, s in rows}, own))
    return found
