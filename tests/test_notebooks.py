"""Every notebook runs top to bottom through a real kernel and is stored without outputs; the
README's Python example runs as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Measured on two busy cores: these take longer than about 20 seconds (they plan and simulate)
SLOW = {"what-if-outage.ipynb", "roster-fairness.ipynb", "stress-test.ipynb"}


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} is stored with outputs"
            assert cell.get("execution_count") is None, f"{path.name} is stored executed"


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=[pytest.mark.slow] if p.name in SLOW else []) for p in NOTEBOOKS],
    ids=[p.name for p in NOTEBOOKS],
)
def test_notebook_runs_in_a_kernel(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,  # seconds per cell: a busy CI machine, not the notebook's expected time
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # anything written lands there
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, errors
    shown = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.outputs]
    assert shown, f"{path.name} showed nothing"
    # each tells its story with the report's charts, drawn by the library
    pages = [
        output["data"]["text/html"]
        for cell in shown
        for output in cell.outputs
        if "text/html" in output.get("data", {})
    ]
    assert any('<svg class="chart"' in page for page in pages), f"{path.name} drew no chart"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_holds_no_logic_of_its_own(path):
    # functions, classes and chart drawing belong in the library, where they are tested
    notebook = nbformat.read(path, as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert not re.search(r"^\s*(def|class) ", code, re.M), f"{path.name} defines its own"
    drawing = re.findall(r"from report\.(charts|grids|blocks|html|svg) import", code)
    assert not drawing, f"{path.name} draws for itself with report.{drawing}"


def readme_python_example() -> str:
    """Return the code block of the README's "From Python" paragraph."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"From Python \(a notebook, say\).*?```python\n(.*?)```", text, re.S)
    assert found, "the README's Python example is missing"
    return found[1]


@pytest.mark.slow
def test_readme_python_example_runs_as_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # as on a fresh clone: nothing but the installed package
    exec(compile(readme_python_example(), "README.md", "exec"), {"__name__": "__readme__"})
    printed = capsys.readouterr().out
    # one service level per queue, as a percentage a planner can read
    for queue in ("billing", "technical", "chat", "email"):
        assert re.search(rf"^{queue}: \d+\.\d% \(95% CI", printed, re.M), printed
    assert "plan cost" in printed, printed
