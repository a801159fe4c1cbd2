"""Fixtures of the hardening tests: a plan folder made once, and a workspace per test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.hardening.cli_checks import TINY_CENTRE, Workspace, run


@pytest.fixture(scope="session")
def made_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a plan folder of the tiny centre written by `staffsim plan`."""
    root = tmp_path_factory.mktemp("made-plan")
    scenario = root / "tiny.yaml"
    scenario.write_text(yaml.safe_dump(TINY_CENTRE), encoding="utf-8")
    result = run(["plan", scenario, "--out", root / "plan", "-q"])
    assert result.exit_code == 0, result.output
    return root / "plan"


@pytest.fixture
def w(tmp_path: Path, made_plan: Path) -> Workspace:
    """Return a workspace making the files a case needs in the test's own folder."""
    return Workspace(tmp_path, made_plan)
