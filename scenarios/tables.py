"""CSV files named in a scenario: read once at load time, relative to the scenario file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import PlainSerializer, PlainValidator, ValidationInfo


@dataclass(frozen=True, eq=False)
class CsvTable:
    """A CSV file named in a scenario, with its rows as read at load time."""

    path: Path
    frame: pd.DataFrame = field(repr=False)


def resolve_path(value: object, info: ValidationInfo | None) -> Path:
    """Return a path from a scenario, taken relative to the scenario file's folder."""
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise ValueError(f"expected a file path, got {value!r}")
    path = Path(str(value)).expanduser()
    base = (info.context or {}).get("base_dir") if info is not None else None
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return path.resolve()


def read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Return a CSV file's rows; a missing, unreadable or column-less file raises ValueError."""
    if not path.is_file():
        raise ValueError(f"file not found: {path}")
    try:
        frame = pd.read_csv(path, comment="#", skipinitialspace=True)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"cannot read CSV {path}: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(
            f"CSV {path} lacks column(s) {', '.join(missing)} (has {', '.join(frame.columns)})"
        )
    return frame


def parse_timestamps(values: pd.Series, path: Path) -> pd.Series:
    """Return a CSV column of interval starts as timestamps, naming the first bad row."""
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = parsed.isna()
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise ValueError(
            f"CSV {path} row {row + 2}: interval_start {values.iloc[row]!r} is not a date-time"
        )
    return parsed


def parse_numbers(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Return a CSV column as non-negative numbers, naming the first bad row."""
    parsed = pd.to_numeric(values, errors="coerce")
    bad = parsed.isna() | (parsed < 0)
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise ValueError(
            f"CSV {path} row {row + 2}: {column} must be a number >= 0, got {values.iloc[row]!r}"
        )
    return parsed.astype(float)


def load_csv(value: object, info: ValidationInfo | None, required: tuple[str, ...]) -> CsvTable:
    """Return the CSV table a scenario field names (a path relative to the scenario file)."""
    if isinstance(value, CsvTable):
        return value
    path = resolve_path(value, info)
    return CsvTable(path=path, frame=read_csv(path, required))


def csv_table(*required: str) -> Any:
    """Return a pydantic field type that reads a CSV with the given columns at validation time."""

    def load(value: object, info: ValidationInfo) -> CsvTable:
        return load_csv(value, info, required)

    return Annotated[
        CsvTable,
        PlainValidator(load),
        PlainSerializer(lambda table: str(table.path), return_type=str),
    ]
