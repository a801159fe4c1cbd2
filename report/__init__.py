"""What users read: run folders written whole, terminal tables, roster files."""

from report.files import default_run_dir, plan_files, simulation_files, write_run
from report.roster import plan_roster_files
from report.tables import plan_table, summary_tables

__all__ = [
    "default_run_dir",
    "plan_files",
    "plan_roster_files",
    "plan_table",
    "simulation_files",
    "summary_tables",
    "write_run",
]
