"""`staffsim report`: one HTML page of charts from one or more run folders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import QuietOption, fail, out, status
from report.formats import TableFormat
from scenarios import StaffsimError

NoReportOption = Annotated[
    bool, typer.Option("--no-report", help="Write no report.html into the results folder.")
]


FormatOption = Annotated[
    TableFormat,
    typer.Option(
        "--format",
        help="Format of the large tables (per interval, per run): csv, or parquet (typed and "
        "compressed; needs pyarrow).",
    ),
]


def report(
    folders: Annotated[
        list[Path],
        typer.Argument(
            help="Run folders written by simulate, plan, requirements, frontier, stress, "
            "contingency or roster; two or more are shown side by side.",
            show_default=False,
        ),
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The HTML file to write (a folder: report.html in it). Default: report.html "
            "in the run folder, or in the current folder for several runs.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Draw the charts of run folders into one self-contained HTML page (opens offline).

    Example: staffsim report runs/baseline runs/outage --out compare.html
    """
    from report.html import write_report  # here: the charts' libraries cost start-up

    target = out_file or (folders[0] / "report.html" if len(folders) == 1 else Path("report.html"))
    try:
        with status("drawing the report", quiet):
            written = write_report(folders, target)
    except StaffsimError as exc:
        raise fail(exc) from None
    out.print(f"report in {written}", highlight=False, soft_wrap=True)
