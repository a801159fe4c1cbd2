"""Users' files for rosters, read with care: text checked before parsing, CSV rows as text.

Agents files and plans come from other systems. Every problem is an `InputError` naming the
file, the row and the field, and quoting at most one cell, cut short: never a whole line, since
a file named by mistake may hold anything.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scenarios.errors import InputError

MAX_FILE_BYTES = 100 * 2**20  # far above any real roster input (benchmark 24: 0.4 MB)
MAX_QUOTE_CHARS = 40  # characters of a user's value quoted in a message
MAX_ID_CHARS = 64  # agent, employee and shift names: they head rows of the outputs

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_WHOLE = re.compile(r"^[+-]?\d+$")


def cell(value: object, limit: int = MAX_QUOTE_CHARS) -> str:
    """Return the repr of a user's value for a message, cut to about `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_text(path: Path, kind: str, noun: str = "file") -> str:
    """Return a text file's content, or raise InputError for a folder, a missing, special,
    huge, binary or non-UTF-8 file; `kind` says what the file should be, `noun` names it."""
    where = str(path)
    try:
        if path.is_dir():
            raise InputError(f"is a folder, not {kind}", file=where)
        if not path.exists():
            raise InputError(f"{noun} not found (expected {kind})", file=where)
        if not path.is_file():  # a pipe or a device might never end
            raise InputError(f"is not a regular file (expected {kind})", file=where)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=where) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"is larger than {MAX_FILE_BYTES // 2**20} MB", file=where)
    if b"\0" in data:
        raise InputError(f"is not a text file (it holds NUL bytes); expected {kind}", file=where)
    try:
        return data.decode("utf-8-sig")  # spreadsheets often start a file with a BOM
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start + 1})", file=where) from None


def parse_number(text: str, low: float, high: float, *, whole: bool = False) -> float:
    """Return a number written in a file, or raise ValueError saying which rule it breaks:
    a (whole) number, finite, between low and high."""
    kind = "a whole number" if whole else "a number"
    if not text:
        raise ValueError(f"is empty: give {kind}")
    if not (_WHOLE if whole else _NUMBER).match(text):
        raise ValueError(f"must be {kind}, got {cell(text)}")
    value = float(text)  # a long run of digits gives infinity, never an error
    if not low <= value <= high:
        raise ValueError(f"must be between {_plain(low)} and {_plain(high)}, got {cell(text)}")
    return int(text) if whole else value


def _plain(bound: float) -> str:
    return f"{bound:,.0f}" if float(bound).is_integer() and abs(bound) < 1e15 else f"{bound:g}"


def check_id(text: str, what: str) -> str:
    """Return a name used as an identifier, or raise ValueError saying which rule it breaks."""
    if not text:
        raise ValueError(f"is empty: every {what} needs one")
    if len(text) > MAX_ID_CHARS:
        raise ValueError(f"has {len(text)} characters; at most {MAX_ID_CHARS}: {cell(text)}")
    if not text.isprintable():
        raise ValueError(
            f"holds a newline, tab or control character (printable text only): {cell(text)}"
        )
    return text


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file: its number in the file (the header is row 1) and cells."""

    file: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """Return the row's cell of a column, stripped ("" when the file lacks the column)."""
        return self.cells.get(column, "")

    def error(self, rule: str) -> InputError:
        """Return the error of this row breaking a rule (which names the column)."""
        return InputError(rule, path=f"row {self.number}", file=self.file)

    def value(self, column: str, low: float, high: float, *, whole: bool = False) -> float:
        """Return a cell as a number within [low, high], or raise InputError naming it."""
        try:
            return parse_number(self.get(column), low, high, whole=whole)
        except ValueError as exc:
            raise self.error(f"{column} {exc}") from None


def _records(text: str, file: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            cells = [c.strip() for c in record]
            if any(cells) and not cells[0].startswith("#"):  # blank and comment rows skipped
                yield number, cells
    except csv.Error as exc:
        raise InputError(_csv_problem(str(exc)), path=f"row {number + 1}", file=file) from None


def _csv_problem(message: str) -> str:
    # the csv module's own message may quote the file; keep only what went wrong
    if "larger than field limit" in message:
        return "a cell is too long to be a name or a number"
    if "unexpected end of data" in message:
        return "a quoted cell is never closed"
    return "cannot be read as CSV: a quote out of place (a quoted cell is followed by text)"


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[Row]:
    """Return a CSV file's data rows as text cells by column, after checking its header names
    the required columns and every row has no more cells than the header."""
    file = str(path)
    records = _records(read_text(path, "a CSV file"), file)
    first = next(records, None)
    if first is None:
        raise InputError(f"is empty: it needs a header row naming {', '.join(required)}", file=file)
    header = first[1]
    missing = [c for c in required if c not in header]
    if missing:
        # spreadsheets set to a European locale save cells separated by semicolons
        hint = "; the cells seem separated by ; (save it with commas)" if ";" in header[0] else ""
        raise InputError(
            f"the header row lacks column(s) {', '.join(missing)}: it must name "
            f"{', '.join(required)} (optional: {', '.join(optional) or 'none'}){hint}",
            file=file,
        )
    doubled = sorted({c for c in header if header.count(c) > 1 and c})
    if doubled:
        raise InputError(f"the header row names {cell(doubled[0])} twice", file=file)
    rows = []
    for number, cells in records:
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise InputError(
                f"has {len(cells)} cells where the header has {len(header)}",
                path=f"row {number}",
                file=file,
            )
        rows.append(Row(file, number, dict(zip(header, cells, strict=False))))
    return rows
