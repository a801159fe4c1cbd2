"""Start-up: the command list is the commands' own, and the light commands leave the heavy
libraries unimported (their cost is measured by benchmarks/startup.py, not here)."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap

import pytest
import typer
from typer.testing import CliRunner

from cli.app import COMMANDS, app

runner = CliRunner()

HEAVY = ("pandas", "scipy", "pulp", "highspy", "simpy", "matplotlib", "plotly")


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_each_listed_summary_is_the_first_paragraph_of_the_commands_docstring(entry):
    docstring = inspect.getdoc(entry.callback())
    assert docstring is not None
    assert entry.summary == docstring.split("\n\n")[0], (
        f"cli/app.py COMMANDS: the summary of {entry.name!r} differs from the first paragraph "
        f"of {entry.module}.{entry.function}'s docstring; copy it over"
    )


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_each_summary_is_one_line_so_the_command_list_wraps_it_whole(entry):
    # the list keeps a summary's line breaks as written, where the box breaks lines anyway
    assert "\n" not in entry.summary


def eager_app() -> typer.Typer:
    """The same command line with every command registered up front, as Typer does by default."""
    eager = typer.Typer(
        name="staffsim",
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    assert app.registered_callback is not None and app.registered_callback.callback is not None
    eager.callback()(app.registered_callback.callback)
    for entry in COMMANDS:
        eager.command(entry.name)(entry.callback())
    return eager


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h"], ["--version"], ["plann"], ["validate"]]
    + [[entry.name, "--help"] for entry in COMMANDS],
    ids=repr,
)
def test_the_lazy_command_line_answers_as_the_eager_one(args):
    lazy = runner.invoke(app, args, terminal_width=100)
    eager = runner.invoke(eager_app(), args, terminal_width=100)
    assert (lazy.exit_code, lazy.output) == (eager.exit_code, eager.output)


def heavy_modules_after(code: str) -> list[str]:
    """Return the heavy libraries a fresh interpreter holds after running `code`."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import sys
        print("heavy:", *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("heavy:")]
    return line.split()[1:]


def test_importing_the_command_line_leaves_the_heavy_libraries_unimported():
    assert heavy_modules_after("import cli.app") == []


def test_the_help_leaves_the_heavy_libraries_unimported():
    code = """
        from cli.app import app
        try:
            app(["--help"])
        except SystemExit:
            pass
        """
    assert heavy_modules_after(code) == []


def test_importing_the_scenario_language_leaves_the_heavy_libraries_unimported():
    assert heavy_modules_after("import scenarios, scenarios.volumes, optimise.names") == []


@pytest.mark.parametrize(
    "name, without_numpy", [("single-queue", True), ("baseline", True), ("journey", False)]
)
def test_validate_checks_a_scenario_without_the_heavy_libraries(name, without_numpy):
    # baseline and journey read a profile and a shift table from CSV files; a plain scenario
    # (no surge, table or loop to work through) is checked in plain Python: numpy alone costs a
    # light command a third of its start-up
    code = f"""
        from cli.app import app
        try:
            app(["validate", "{name}"])
        except SystemExit as stop:
            assert stop.code in (0, None), stop.code
        import sys
        assert not {without_numpy} or "numpy" not in sys.modules, "validate imported numpy"
        """
    assert heavy_modules_after(code) == []


@pytest.mark.parametrize("name", ["single-queue", "baseline", "outage", "flu-wave"])
def test_simulating_a_scenario_without_journeys_leaves_pandas_and_scipy_unimported(name, tmp_path):
    # the engine, the summary and the CSV files work on columns, events' times are date-times
    # and the confidence intervals' t quantiles are worked out in plain Python: pandas' import
    # is a quarter of a second, a quarter of the whole command on the M/M/n+M week
    code = f"""
        from cli.app import app
        try:
            app(["simulate", "{name}", "--replications", "2", "--quiet", "--no-report",
                 "--out", {str(tmp_path / "run")!r}])
        except SystemExit as stop:
            assert stop.code in (0, None), stop.code
        """
    assert not {"pandas", "scipy"} & set(heavy_modules_after(code))
    assert (tmp_path / "run" / "kpis.csv").stat().st_size > 0


def test_simulating_in_one_process_starts_no_pool_machinery(tmp_path):
    # a pool's modules (and the logging that concurrent.futures brings) are imported by a run
    # that uses one; a run in this process pays for none of them
    code = f"""
        import sys
        from cli.app import app
        try:
            app(["simulate", "single-queue", "--replications", "2", "--workers", "1",
                 "--quiet", "--no-report", "--out", {str(tmp_path / "run")!r}])
        except SystemExit as stop:
            assert stop.code in (0, None), stop.code
        pool = ("concurrent.futures", "multiprocessing", "logging")
        print("pool:", *(m for m in pool if m in sys.modules), file=sys.stderr)
        """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("pool:")]
    assert line.split()[1:] == []
    assert (tmp_path / "run" / "kpis.csv").stat().st_size > 0
