"""A roster command's output is its own: the HiGHS banner (printed from C++ on a process's
first model) does not reach it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from optimise.solver import highs_available

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not highs_available(), reason="HiGHS (highspy) is not installed")
def test_a_roster_by_columns_prints_no_solver_banner(tmp_path):
    command = [
        sys.executable,
        "-c",
        "from cli.app import main; main()",
        "roster",
        "--instance",
        str(ROOT / "examples" / "tiny-instance.txt"),
        "--method",
        "columns",
        "--out",
        str(tmp_path / "roster"),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "HiGHS" not in done.stdout and "Copyright" not in done.stdout
    assert "objective 0" in done.stdout  # the command's own line is still there
