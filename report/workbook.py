"""XLSX workbooks for people: one sheet per table, the header frozen and filtered, columns
wide enough to read, and text cells kept as text (never run as formulas)."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

MAX_WIDTH = 40  # characters: a long name wraps the sheet no wider


def workbook_bytes(sheets: Mapping[str, pd.DataFrame], *, frozen_columns: int = 1) -> bytes:
    """Return an XLSX workbook of tables by sheet name: header row and the first
    `frozen_columns` columns frozen, a filter on every column, widths fitted to the cells."""
    from openpyxl.utils import get_column_letter  # here: openpyxl only when a workbook is made

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, index=False, sheet_name=name)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl reads text starting with = as a formula
                        cell.data_type = "s"
            sheet.freeze_panes = sheet.cell(row=2, column=frozen_columns + 1)
            if sheet.max_row >= 1 and sheet.max_column >= 1:
                sheet.auto_filter.ref = sheet.dimensions
            for index, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(1000)])
                sheet.column_dimensions[get_column_letter(index)].width = min(
                    longest + 2, MAX_WIDTH
                )
    return buffer.getvalue()
