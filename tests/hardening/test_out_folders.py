"""Output folders: refused before any work when they cannot or should not be written, and
written whole with the user's normal permissions."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from tests.hardening.cli_checks import ENOUGH_AGENTS, Workspace, assert_refused, run


def listing(folder: Path) -> dict[str, bytes]:
    """Return every file under a folder with its content."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def long_runs(w: Workspace) -> dict[str, list[object]]:
    """Return, per command, a command line that would take minutes if it ran."""
    return {
        "simulate": ["simulate", "baseline", "--replications", "10000", "--workers", "1"],
        "plan": ["plan", "baseline", "--time-limit", "600"],
        "requirements": ["requirements", "baseline"],
        "roster": ["roster", w.plan(), "--agents", w.agents(*ENOUGH_AGENTS), "--time-limit", "600"],
    }


@pytest.mark.parametrize("command", ["simulate", "plan", "requirements", "roster"])
def test_a_folder_holding_files_is_refused_before_any_work(command, w: Workspace):
    out = w.folder("kpis.csv", "notes.txt")
    before = listing(out)
    started = time.monotonic()
    result = run([*long_runs(w)[command], "--out", out])
    assert_refused(result, 2, "--out", "already holds files", "--force")
    assert time.monotonic() - started < 10  # refused up front, not after the work
    assert listing(out) == before


def test_with_force_the_results_go_into_a_folder_holding_files(w: Workspace):
    out = w.folder("notes.txt", "kpis.csv")
    result = run(["simulate", "single-queue", "--replications", "1", "-q", "--out", out])
    assert_refused(result, 2, "already holds files")
    result = run(["simulate", "single-queue", "--replications", "1", "-q", "--out", out, "--force"])
    assert result.exit_code == 0, result.output
    files = listing(out)
    assert files["notes.txt"] == b"x\n"  # other files are left alone
    assert files["kpis.csv"].startswith(b"replication,")  # same names are replaced
    assert {"summary.json", "occupancy.csv", "scenario.yaml"} <= set(files)


def test_an_out_folder_under_a_file_is_refused(w: Workspace):
    blocker = w.file("results", "a file, not a folder")
    result = run(["requirements", "single-queue", "--out", blocker / "deeper" / "run"])
    assert_refused(result, 2, "is a file, so no folder can be made under it")
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root writes through permission bits: a 0o500 folder stops nobody"
)
def test_an_out_folder_in_a_read_only_place_is_refused(w: Workspace):
    locked = w.folder()
    locked.chmod(0o500)
    try:
        result = run(["requirements", "single-queue", "--out", locked / "run"])
        assert_refused(result, 2, "permission denied")
        assert not (locked / "run").exists()
    finally:
        locked.chmod(0o700)


@pytest.fixture
def umask_027():
    """Run with umask 027 (group may read, others nothing), restoring the old one after."""
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def modes(folder: Path) -> tuple[int, set[int]]:
    """Return a folder's permission bits and those of the files in it."""
    return stat.S_IMODE(folder.stat().st_mode), {
        stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()
    }


def test_results_get_the_users_normal_permissions(w: Workspace, umask_027):
    out = w.out() / "nested" / "run"
    result = run(["simulate", "single-queue", "--replications", "1", "-q", "--out", out])
    assert result.exit_code == 0, result.output
    folder_mode, file_modes = modes(out)
    assert folder_mode == 0o777 & ~umask_027  # 0o750, not mkdtemp's private 0o700
    assert file_modes == {0o666 & ~umask_027}  # 0o640, not mkstemp's private 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o777 & ~umask_027

    # files replaced in a folder given with --force get them too
    result = run(["simulate", "single-queue", "--replications", "1", "-q", "--out", out, "--force"])
    assert result.exit_code == 0, result.output
    assert modes(out)[1] == {0o666 & ~umask_027}
