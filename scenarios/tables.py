"""CSV files named in a scenario: read once at load time, relative to the scenario file.

Messages about a file name the file, the row and the column, and quote at most one cell (cut
short): never a whole line, since a file named by mistake may hold anything.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo

from scenarios.base import MAX_CSV_BYTES, listing, quote
from scenarios.plain_csv import plain_rows

if TYPE_CHECKING:  # numpy and pandas are imported where used: `staffsim validate` needs neither
    import pandas as pd

    Frame = pd.DataFrame
else:
    Frame = Any  # what pydantic reads for CsvTable.frame, which it inspects as a dataclass


@dataclass(frozen=True, eq=False)
class CsvTable:
    """A CSV file named in a scenario, with its rows as read at load time."""

    path: Path
    frame: Frame = field(repr=False)


def resolve_path(value: object, info: ValidationInfo | None) -> Path:
    """Return a path from a scenario, taken relative to the scenario file's folder."""
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise ValueError(f"expected a file path, got {quote(value)}")
    if "\0" in str(value):
        raise ValueError(f"a file path cannot hold a NUL character, got {quote(str(value))}")
    base = (info.context or {}).get("base_dir") if info is not None else None
    try:
        path = Path(str(value)).expanduser()
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # an unknown ~user, a symlink loop, a long name
        raise ValueError(f"cannot follow the path {quote(str(value))}: {exc}") from None


def read_text(path: Path, *, limit: int = MAX_CSV_BYTES, kind: str = "CSV") -> str:
    """Return a text file's content; a folder, a missing, large or binary file raises ValueError
    saying which (without the path: the caller names the file)."""
    try:
        if path.is_dir():
            raise ValueError(f"is a folder, not a {kind} file")
        if not path.exists():
            raise ValueError("file not found")
        if not path.is_file():  # a device or a pipe might never end
            raise ValueError("is not a regular file")
        if path.stat().st_size > limit:
            raise ValueError(f"is larger than {limit // 2**20} MB")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # again: /proc files tell a size of 0
    except OSError as exc:
        raise ValueError(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if len(data) > limit:
        raise ValueError(f"is larger than {limit // 2**20} MB")
    if b"\0" in data:
        raise ValueError("is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")  # spreadsheets often start a file with a BOM
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start + 1})") from None


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parser_problem(exc: pd.errors.ParserError) -> str:
    # pandas' own message may quote the file; keep only the numbers
    found = _FIELDS.search(str(exc))
    if found:
        expected, line, saw = found.groups()
        return f"line {line} has {saw} cells where the header has {expected}"
    if "EOF inside string" in str(exc):
        return "a quoted cell is never closed"
    return "cannot be read as CSV (comma-separated, with a header row)"


def read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Return a CSV file's rows; a missing, unreadable or column-less file raises ValueError."""
    import pandas as pd

    try:
        text = read_text(path)
    except ValueError as exc:
        raise ValueError(f"CSV {path}: {exc}") from None
    try:
        frame = pd.read_csv(io.StringIO(text), comment="#", skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise ValueError(f"CSV {path} is empty: it needs a header row naming its columns") from None
    except pd.errors.ParserError as exc:
        raise ValueError(f"CSV {path}: {_parser_problem(exc)}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(
            f"CSV {path} lacks column(s) {listing(missing)}: its header row must name "
            f"{', '.join(required)}"
        )
    return frame


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return a CSV file's rows as mappings of column to value, as read_csv reads them (a
    plain file is read without pandas); a bad file raises ValueError as read_csv does."""
    try:
        text = read_text(path)
    except ValueError as exc:
        raise ValueError(f"CSV {path}: {exc}") from None
    rows = plain_rows(text)
    if rows is None:
        return read_csv(path, required).to_dict("records")
    missing = [c for c in required if not rows or c not in rows[0]]
    if missing and rows:
        raise ValueError(
            f"CSV {path} lacks column(s) {listing(missing)}: its header row must name "
            f"{', '.join(required)}"
        )
    if missing:  # a header without rows: pandas names the columns
        return read_csv(path, required).to_dict("records")
    return rows


def _local_times(values: pd.Series, path: Path) -> pd.Series:
    import pandas as pd

    try:
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    except ValueError:  # pandas refuses a column mixing time zones
        parsed = None
    if parsed is None or parsed.dt.tz is not None:
        raise ValueError(
            f"CSV {path}: give interval_start as the centre's local time, without a time zone"
        )
    return parsed


def parse_timestamps(values: pd.Series, path: Path) -> pd.Series:
    """Return a CSV column of interval starts as timestamps, naming the first bad row."""
    parsed = _local_times(values, path)
    bad = parsed.isna()
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise ValueError(
            f"CSV {path} row {row + 2}: interval_start {quote(values.iloc[row])} is not a date-time"
        )
    return parsed


def parse_numbers(
    values: pd.Series, path: Path, column: str, *, at_most: float | None = None
) -> pd.Series:
    """Return a CSV column as finite numbers >= 0 (and <= at_most), naming the first bad row."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_bool_dtype(values):  # pandas reads a column of true/false as booleans
        raise ValueError(f"CSV {path} row 2: {column} must be a number >= 0, got {values.iloc[0]}")
    parsed = pd.to_numeric(values, errors="coerce").astype(float)
    numbers = parsed.to_numpy()
    problems = [
        (values.isna().to_numpy(), "is empty"),
        (np.isnan(numbers) | (numbers < 0), "must be a number >= 0, got {}"),
        (np.isinf(numbers), "must be a finite number, got {}"),
    ]
    if at_most is not None:
        problems.append((numbers > at_most, f"must be at most {at_most:,.10g}, got {{}}"))
    # the first bad row; of several problems in it, the first listed
    first = min(
        (
            (int(bad.argmax()), order, rule)
            for order, (bad, rule) in enumerate(problems)
            if bad.any()
        ),
        default=None,
    )
    if first is not None:
        row, _, rule = first
        detail = rule.format(quote(values.iloc[row]))
        raise ValueError(f"CSV {path} row {row + 2}: {column} {detail}")
    return parsed


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
