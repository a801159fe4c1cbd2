"""The eight-day rostering instance and every schedule of it each employee may work, shared by
the pricing tests: enumerated with the independent checker (roster_checker.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimise.roster import dynamic
from tests.optimise.roster.roster_checker import schedules_keeping
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
    return schedules_keeping(eight_days, ["E", "L"])


@pytest.fixture
def limits_priced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every dynamic program price its shift-type limits rather than track them (or
    leave them to the integer program behind)."""
    monkeypatch.setattr(dynamic, "MOST_STATES", 0)
    monkeypatch.setattr(dynamic, "CHEAP_STATES", 0)
    monkeypatch.setattr(dynamic, "PARTIAL_STATES", 0)
