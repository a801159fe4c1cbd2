"""Run folders read back: their tables as pandas frames (times parsed), summary and scenario.

`read_run` is what the report is built from, and what a notebook can call to load a folder that
`staffsim simulate`, `plan`, `requirements`, `frontier`, `stress`, `contingency` or `roster`
wrote.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from scenarios.errors import InputError

# The tables a run folder may hold: the columns each must have, and which are times.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kpis.csv": (
        (
            "replication",
            "interval_start",
            "queue",
            "offered",
            "answered",
            "abandoned",
            "answered_within_target",
            "service_level",
            "abandon_rate",
            "asa_seconds",
            "backlog",
        ),
        ("interval_start",),
    ),
    "occupancy.csv": (
        ("replication", "interval_start", "group", "agents", "busy_seconds", "duty_seconds"),
        ("interval_start",),
    ),
    "plan.csv": (("group", "day", "start", "end", "agents", "cost"), ("day",)),
    "coverage.csv": (("interval_start", "skill", "required", "scheduled"), ("interval_start",)),
    "requirements.csv": (("interval_start", "queue", "skill", "agents"), ("interval_start",)),
    "skill_requirements.csv": (("interval_start", "skill", "agents"), ("interval_start",)),
    "frontier.csv": (("budget", "cost", "queue", "service_level", "ci_low", "ci_high"), ()),
    "iterations.csv": (("iteration", "cost", "holds"), ()),
    "journeys.csv": (("replication", "interval_start", "queue"), ("interval_start",)),
    # a stress test's (per period) or a contingency plan's (the week, before and after levers)
    "breach.csv": (("queue", "target"), ()),
    "levers.csv": (("lever",), ()),
    "roster.csv": (("employee", "day"), ()),
    "hours.csv": (("employee", "group", "hours"), ()),
}
PER_INTERVAL = frozenset({"kpis.csv", "occupancy.csv", "journeys.csv"})  # rows x replications
# What the report says a folder holds, by the first table found (in this order).
KINDS = (
    ("frontier.csv", "frontier"),
    ("iterations.csv", "verified plan"),
    ("breach.csv", "stress test"),
    ("kpis.csv", "simulation"),
    ("roster.csv", "roster"),
    ("plan.csv", "plan"),
    ("requirements.csv", "requirements"),
)


@dataclass(frozen=True)
class Run:
    """A run folder's contents: its tables by file name, summary.json and scenario.yaml."""

    path: Path
    kind: str
    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any] = field(default_factory=dict)
    scenario: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return the run's title: the scenario's name and the folder's."""
        scenario = self.summary.get("scenario") or self.scenario.get("name")
        if not scenario:
            return self.path.name
        if scenario == self.path.name:
            return f"{scenario} ({self.kind})"
        return f"{scenario} ({self.kind}, {self.path.name})"

    def has(self, *names: str) -> bool:
        """Return whether the folder holds every one of these tables."""
        return all(name in self.tables for name in names)

    def has_columns(self, table: str, *columns: str) -> bool:
        """Return whether the folder holds the table with every one of these columns."""
        frame = self.tables.get(table)
        return frame is not None and all(column in frame.columns for column in columns)


def read_table(
    path: Path | io.StringIO,
    columns: tuple[str, ...],
    times: tuple[str, ...],
    *,
    only: bool = False,
    name: str | None = None,
) -> pd.DataFrame:
    """Return a run table as written by staffsim (with `only`, just `columns`), its time columns
    parsed; InputError when the file is unreadable or lacks a column. `path` may be the text
    of a table in memory (then `name` names it in messages)."""
    name = name or str(path)
    try:
        frame = pd.read_csv(path, usecols=(lambda c: c in columns) if only else None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        reason = "it is empty" if isinstance(exc, pd.errors.EmptyDataError) else "not a CSV table"
        raise InputError(f"cannot read the table: {reason}", file=name) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=name)
    for column in times:
        try:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
        except (ValueError, TypeError):
            raise InputError(
                f"column {column} holds something other than times", file=name
            ) from None
    return frame


def read_parquet_table(path: Path, columns: tuple[str, ...], *, only: bool = False) -> pd.DataFrame:
    """Return a run table written as Parquet (with `only`, just `columns`); InputError when the
    file is unreadable, lacks a column, or pyarrow is not installed."""
    try:
        import pyarrow  # noqa: F401  (pandas reads Parquet through it)
    except ImportError:
        raise InputError(
            "reading a Parquet table needs the pyarrow package: pip install pyarrow",
            file=str(path),
        ) from None
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the Parquet table: {exc}", file=str(path)) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=str(path))
    return frame[[c for c in frame.columns if c in columns]] if only else frame


def _document(path: Path, reader: Any) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        document = reader(path.read_text(encoding="utf-8"))
    except (ValueError, yaml.YAMLError, UnicodeDecodeError, OSError):
        raise InputError("cannot read it: garbled or not UTF-8", file=str(path)) from None
    if not isinstance(document, dict):
        raise InputError("expected a mapping at the top", file=str(path))
    return document


def read_run(folder: Path | str, *, all_columns: bool = True) -> Run:
    """Return the run in a folder written by staffsim; InputError (exit 2) when the folder is
    missing, holds no staffsim table, or a table or summary is garbled.

    Without `all_columns`, the large per-interval tables keep only the columns the report
    draws, to spare memory on long runs.
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        why = "is a file, not a run folder" if folder.exists() else "no such folder"
        raise InputError(why, file=str(folder))
    kind = next(
        (
            k
            for name, k in KINDS
            if (folder / name).is_file() or (folder / name.replace(".csv", ".parquet")).is_file()
        ),
        None,
    )
    if kind is None:
        raise InputError(
            "not a staffsim run folder: it holds none of " + ", ".join(name for name, _ in KINDS),
            file=str(folder),
        )
    tables = {
        name: read_table(
            folder / name, columns, times, only=not all_columns and name in PER_INTERVAL
        )
        for name, (columns, times) in TABLES.items()
        if (folder / name).is_file()
    }
    for name, (columns, _) in TABLES.items():
        parquet = folder / name.replace(".csv", ".parquet")
        if name not in tables and parquet.is_file():  # written with --format parquet
            tables[name] = read_parquet_table(
                parquet, columns, only=not all_columns and name in PER_INTERVAL
            )
    return Run(
        path=folder,
        kind=_kind(kind, tables),
        tables=tables,
        summary=_document(folder / "summary.json", json.loads),
        scenario=_document(folder / "scenario.yaml", yaml.safe_load),
    )


def _kind(kind: str, tables: dict[str, pd.DataFrame]) -> str:
    # a contingency plan's breach.csv compares before and after; a stress test's does not
    breach = tables.get("breach.csv")
    if breach is not None and "p_breach_before" in breach.columns:
        return "contingency plan"
    return kind


def run_from_files(name: str, files: Mapping[str, str | bytes]) -> Run:
    """Return the run of files held in memory (name to text, as the library's *_files functions
    return them), read as `read_run` reads a folder: a notebook's results shown without writing
    them."""
    kind = next((k for table, k in KINDS if table in files), None)
    if kind is None:
        raise InputError("holds no staffsim table: none of " + ", ".join(t for t, _ in KINDS))
    tables = {
        table: read_table(io.StringIO(_text(files[table])), columns, times, name=table)
        for table, (columns, times) in TABLES.items()
        if table in files
    }
    summary = json.loads(_text(files["summary.json"])) if "summary.json" in files else {}
    scenario = yaml.safe_load(_text(files["scenario.yaml"])) if "scenario.yaml" in files else {}
    return Run(Path(name), _kind(kind, tables), tables, summary, scenario)


def _text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content
