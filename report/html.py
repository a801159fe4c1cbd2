"""The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched)
showing one or more run folders, section by section, side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from report.files import write_run
from report.runs import Run, read_run
from report.sections import SECTIONS, Section
from report.svg import element, text

MAX_COLUMNS = 2  # runs side by side; more wrap to the next row, so charts stay readable
STYLE = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b}
header{background:#0b3c5d;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px} header p{margin:4px 0 0;opacity:.85}
main{padding:8px 24px 40px}
section{margin-top:18px;border-top:1px solid #ddd}
h2{font-size:17px;margin:12px 0 6px}
.runs{display:grid;grid-template-columns:repeat(var(--runs),minmax(0,1fr));gap:18px}
.run{overflow-x:auto} .run h3{font-size:13px;margin:6px 0;color:#555;overflow-wrap:anywhere}
figure{margin:6px 0 14px} figcaption{font-size:12px;color:#444;margin-bottom:2px}
svg.chart{width:100%;height:auto;display:block;background:#fff}
svg .grid{stroke:#e6e6e6} svg .day{stroke:#bbb;stroke-width:.6}
svg .tick,svg .axis-label{font-size:13px;fill:#555}
svg .series{fill:none;stroke-width:1.3} svg .band{opacity:.18;stroke:none}
svg .target{stroke:#c00;stroke-dasharray:5 4;stroke-width:1.2}
svg .event{fill:#f4a261;opacity:.28} svg .chosen{stroke:#111;stroke-width:1.6}
svg .cell-figure{font-size:11px;fill:#222} svg .cell-figure.dark{fill:#fff}
svg .error{stroke-width:1.2} svg .cell{stroke:#fff;stroke-width:.5} svg .bar{stroke:none}
.legend{list-style:none;padding:0;margin:2px 0;display:flex;flex-wrap:wrap;gap:4px 14px;
font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{padding:3px 9px;border-bottom:1px solid #e3e3e3;text-align:right}
th:first-child,td:first-child{text-align:left} tr.miss td{background:#fde2e2}
"""


def section_html(section: Section, runs: Sequence[Run]) -> str:
    """Return one section of the report: its view of each run it applies to, side by side."""
    # only the runs a section applies to, so a plan beside a simulation wastes no column
    shown = [run for run in runs if section.applies(run)]
    columns = []
    for run in shown:
        heading = element("h3", {}, text(run.name)) if len(runs) > 1 else ""
        columns.append(element("div", {"class": "run"}, heading, section.draw(run)))
    return element(
        "section",
        {"data-section": section.draw.__name__},
        element("h2", {}, text(section.title)),
        element(
            "div", {"class": "runs", "style": f"--runs:{min(len(shown), MAX_COLUMNS)}"}, *columns
        ),
    )


def report_html(runs: Sequence[Run], *, title: str | None = None) -> str:
    """Return the report page for runs read with `read_run`, each section's runs side by side."""
    sections = [section_html(s, runs) for s in SECTIONS if any(s.applies(run) for run in runs)]
    title = title or "staffsim report: " + ", ".join(run.name for run in runs)
    made = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    folders = "; ".join(str(run.path) for run in runs)
    return (
        "<!DOCTYPE html>\n"
        + element(
            "html",
            {"lang": "en"},
            element(
                "head",
                {},
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width,initial-scale=1">',
                element("title", {}, text(title)),
                element("style", {}, STYLE),
            ),
            element(
                "body",
                {},
                element(
                    "header",
                    {},
                    element("h1", {}, text(title)),
                    element("p", {}, text(f"made {made} from {folders}")),
                ),
                element("main", {}, *sections),
            ),
        )
        + "\n"
    )


def write_report(folders: Sequence[Path | str], out: Path) -> Path:
    """Return the path of the report of run folders, written whole to `out` (a file, or a
    folder to hold report.html); InputError when a folder is missing or garbled."""
    runs = [read_run(folder, all_columns=False) for folder in folders]
    out = Path(out).expanduser()
    if out.is_dir():
        out = out / "report.html"
    write_run(out.parent, {out.name: report_html(runs)})
    return out


def attach_report(folder: Path) -> Path:
    """Return the path of report.html, written into a run folder from what the folder holds."""
    return write_report([folder], Path(folder) / "report.html")
