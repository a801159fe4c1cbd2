"""The `staffsim` command starts numpy's BLAS with one thread, unless the user chose otherwise;
importing the command line as a library changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# main() with the typer app swapped for a probe: what a command would see once numpy is loaded
PROBE = """
    import os
    import cli.app

    def probe():
        import numpy
        threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else -1
        print(os.environ.get("OPENBLAS_NUM_THREADS"), threads)

    cli.app.app = probe
    cli.app.main()
    """


def run(code: str, **env: str) -> list[str]:
    """Return the words a fresh interpreter prints running `code`, with `env` set (and the
    BLAS variable unset unless given)."""
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | env
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    )
    return result.stdout.split()


def test_the_command_runs_numpy_on_one_thread():
    setting, threads = run(PROBE)
    assert setting == "1"
    if Path("/proc/self/task").is_dir():  # Linux: one thread, the interpreter's own
        assert threads == "1"


def test_a_users_own_setting_stands():
    setting, _ = run(PROBE, OPENBLAS_NUM_THREADS="2")
    assert setting == "2"


@pytest.mark.parametrize("module", ["cli.app", "cli.catalogue"])
def test_importing_the_command_line_leaves_the_environment_alone(module):
    (setting,) = run(f"import os, {module}; print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    assert setting == "None"
