"""What users read: run folders written whole, terminal tables, roster files, the HTML report
(and, in a notebook, `show` of runs and results)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from report.files import default_run_dir, plan_files, simulation_files, write_run
    from report.inline import result_run, show
    from report.roster import plan_roster_files
    from report.runs import read_run
    from report.tables import plan_table, summary_tables

# each public name and its module, imported when first asked for: a command starts
# without the libraries of the parts it does not use (PEP 562)
_WHERE = {
    "default_run_dir": "report.files",
    "plan_files": "report.files",
    "simulation_files": "report.files",
    "write_run": "report.files",
    "plan_roster_files": "report.roster",
    "read_run": "report.runs",
    "result_run": "report.inline",
    "show": "report.inline",
    "plan_table": "report.tables",
    "summary_tables": "report.tables",
}

__all__ = [
    "default_run_dir",
    "plan_files",
    "plan_roster_files",
    "plan_table",
    "read_run",
    "result_run",
    "show",
    "simulation_files",
    "summary_tables",
    "write_run",
]


def __getattr__(name: str) -> Any:
    """Return a public name, importing its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
