"""Text cells of the files a roster writes stay text in a spreadsheet: agent ids that look
like formulas are quoted in CSV and typed as text in XLSX, and read back intact."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from tests.hardening.cli_checks import Workspace, run

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]
# every agent's id starts like a formula, so whoever the roster puts to work is one
IDS = FORMULAS + [f"={k}+{k}" for k in range(10)]


def write_agents(path: Path) -> Path:
    """Write an agents file (the csv module quotes the id holding commas and quotes)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "group", "contract_hours"])
        writer.writerows([agent, "g", 40] for agent in IDS)
    return path


def cells(path: Path, column: str) -> list[str]:
    """Return one column of a CSV file as the csv module reads it."""
    with path.open(newline="", encoding="utf-8") as stream:
        return [row[column] for row in csv.DictReader(stream)]


def test_formula_like_ids_stay_text_in_roster_csv_and_xlsx(w: Workspace, made_plan: Path):
    out = w.out()
    agents = write_agents(w.root / "agents.csv")
    result = run(["roster", made_plan, "--agents", agents, "--out", out, "-q"])
    assert result.exit_code == 0, result.output

    for name in ("roster.csv", "roster_wide.csv", "hours.csv"):
        employees = cells(out / name, "employee")
        assert employees, name
        assert all(e.startswith("'") and e[1:] in IDS for e in employees), (name, employees)
    assert {e[1:] for e in cells(out / "roster_wide.csv", "employee")} == set(IDS)

    sheet = load_workbook(out / "roster_wide.xlsx").active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in values if c.data_type == "f"]
    column = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert set(column) == set(IDS)  # the text exactly as given, no quote needed in XLSX
