"""Views of a plan's roster: dates and times per assignment, agent by day, hours per agent."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd

from optimise.roster.from_plan import PlanRoster, shift_label
from optimise.roster.instance import RosterInstance
from optimise.roster.model import Roster
from report.files import frame_csv, roster_files


def roster_views(
    roster: Roster, instance: RosterInstance, plan: pd.DataFrame, start: pd.Timestamp
) -> tuple[Roster, dict[str, str | bytes]]:
    """Return the roster with dates and shift times, and its wide and hours views as files."""
    details = (
        plan.assign(
            kind=[shift_label(r.shift_type, r.start, r.end, r.breaks) for r in plan.itertuples()]
        )
        .drop_duplicates("kind")
        .set_index("kind")
    )
    rows = roster.assignments.assign(
        date=lambda f: [(start + pd.Timedelta(days=int(d))).date().isoformat() for d in f["day"]],
        group=lambda f: [instance.groups[e] for e in f["employee"]],
        shift_type=lambda f: details.loc[f["shift"], "shift_type"].to_numpy(),
        start=lambda f: details.loc[f["shift"], "start"].to_numpy(),
        end=lambda f: details.loc[f["shift"], "end"].to_numpy(),
        breaks=lambda f: details.loc[f["shift"], "breaks"].astype(object).fillna("").to_numpy(),
        hours=lambda f: [instance.shifts[s].minutes / 60 for s in f["shift"]],
    )
    table = rows[["employee", "group", "date", "shift_type", "start", "end", "breaks", "hours"]]
    table = table.rename(columns={"date": "day"})
    wide = (
        rows.assign(cell=rows["start"] + "-" + rows["end"])
        .pivot(index="employee", columns="date", values="cell")
        .reindex(index=sorted(instance.staff))
        .fillna("off")
        .reset_index()
    )
    hours = pd.DataFrame(
        {
            "employee": sorted(instance.staff),
            "group": [instance.groups[e] for e in sorted(instance.staff)],
            "hours": [
                rows.loc[rows["employee"] == e, "hours"].sum() for e in sorted(instance.staff)
            ],
            "contract_hours": [instance.staff[e].max_minutes / 60 for e in sorted(instance.staff)],
        }
    )
    files: dict[str, str | bytes] = {
        "roster_wide.csv": frame_csv(wide),
        "hours.csv": frame_csv(hours),
    }
    files["roster_wide.xlsx"] = workbook_bytes(wide, "roster")
    return replace(roster, assignments=table), files


def plan_roster_files(result: PlanRoster) -> dict[str, str | bytes]:
    """Return the files of a plan's roster: roster.csv (dated), the wide and hours views,
    and summary.json."""
    roster, views = roster_views(result.roster, result.instance, result.plan, result.start)
    return roster_files(roster, views)


def workbook_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """Return an XLSX workbook of one table whose text cells stay text (never formulas)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
        for row in writer.sheets[sheet].iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl reads text starting with = as a formula
                    cell.data_type = "s"
    return buffer.getvalue()
