"""The formats a command can write its large tables in."""

from __future__ import annotations

from enum import StrEnum


class TableFormat(StrEnum):
    """How the large tables of a run are written: CSV text, or Parquet (typed columns,
    compressed; needs pyarrow)."""

    csv = "csv"
    parquet = "parquet"
