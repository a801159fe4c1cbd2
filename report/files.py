"""Run folders: every file written whole, or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from report.formats import TableFormat
from scenarios import InputError, Scenario
from sim.columns import Columns, frame

if TYPE_CHECKING:
    import pandas as pd


def default_run_dir(command: str, scenario: str, root: Path = Path("runs")) -> Path:
    """Return runs/<UTC time>-<command>-<scenario>/, the folder a command writes by default."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", scenario).strip("-") or "scenario"
    return root / f"{stamp}-{command}-{slug}"


def scenario_yaml(scenario: Scenario) -> str:
    """Return the scenario as resolved (extends merged, defaults filled, paths absolute) as YAML."""
    document = scenario.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula


def safe_text(value: object) -> object:
    """Return a text cell that a spreadsheet shows as text, never runs as a formula.

    The usual guard: text starting with = + - @ (or a tab or carriage return) gets a leading
    single quote. Numbers are left alone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _holds_text(column: pd.Series) -> bool:
    import pandas as pd

    # pandas 3 keeps text as the "str" dtype, not object; categories may be text too
    dtype = column.dtype
    return pd.api.types.is_object_dtype(dtype) or isinstance(
        dtype, (pd.StringDtype, pd.CategoricalDtype)
    )


def _text_safe(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if _holds_text(frame[c])]
    if not text:
        return frame
    return frame.assign(**{c: frame[c].map(safe_text) for c in text})


CSV_TIME = "%Y-%m-%d %H:%M:%S"
CSV_FLOAT = "%.10g"


def frame_csv(frame: pd.DataFrame) -> str:
    """Return a table as CSV text with times written as YYYY-MM-DD HH:MM:SS and text cells safe
    from formula injection."""
    return _text_safe(frame).to_csv(index=False, date_format=CSV_TIME, float_format=CSV_FLOAT)


def columns_csv(columns: Columns) -> str:
    """Return a table of columns as the CSV text `frame_csv` makes of it as a DataFrame,
    without pandas: an empty cell for NaN, NaT or None."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*(_cells(values) for values in columns.values()), strict=True))
    return buffer.getvalue()


def _cells(values: np.ndarray) -> list[Any]:
    """Return a column's cells as CSV writes them (text for numbers and times)."""
    kind = values.dtype.kind
    if kind == "f":
        return [CSV_FLOAT % v if v == v else "" for v in values.tolist()]
    if kind == "M":
        text = np.datetime_as_string(values.astype("datetime64[s]"), unit="s")
        return [t.replace("T", " ") if t != "NaT" else "" for t in text.tolist()]
    if kind in "UO":
        return ["" if v is None else safe_text(v) for v in values.tolist()]
    return values.tolist()  # integers and booleans: as Python writes them


def check_format(table_format: TableFormat) -> None:
    """Raise InputError, naming the package to install, when a format cannot be written here."""
    if table_format != TableFormat.parquet:
        return
    try:
        import pyarrow  # noqa: F401  (pandas writes Parquet through it)
    except ImportError:
        raise InputError(
            "--format parquet needs the pyarrow package: pip install pyarrow", path="--format"
        ) from None


def frame_parquet(frame: pd.DataFrame) -> bytes:
    """Return a table as Parquet bytes (times and types kept); InputError naming the package
    when pyarrow is not installed."""
    check_format(TableFormat.parquet)
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def table_file(
    name: str, table: pd.DataFrame | Columns, table_format: TableFormat
) -> dict[str, str | bytes]:
    """Return one table (a DataFrame or columns) as a file of the chosen format: NAME.csv or
    NAME.parquet."""
    if table_format == TableFormat.parquet:
        return {
            f"{name}.parquet": frame_parquet(frame(table) if isinstance(table, dict) else table)
        }
    if isinstance(table, dict):
        return {f"{name}.csv": columns_csv(table)}
    return {f"{name}.csv": frame_csv(table)}


def json_text(document: Any) -> str:
    """Return a JSON document as indented text."""
    return json.dumps(document, indent=2, allow_nan=False) + "\n"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def claim_run_dir(out_dir: Path, *, force: bool = False) -> Path:
    """Return the folder a command will write, checked before any work is done.

    Refuses a path under a file, a file, a folder that already holds files (unless `force`:
    files of the same name are then replaced), and a place the user cannot write.
    """
    out_dir = Path(out_dir).expanduser()
    where = str(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder", path="--out", file=where)
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise InputError(
            "the folder already holds files (results of another run?): choose a new folder, "
            "or give --force to write into it",
            path="--out",
            file=where,
        )
    existing = next((p for p in (out_dir, *out_dir.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise InputError(f"{existing} is a file, so no folder can be made under it", file=where)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {existing}: permission denied", file=where)
    return out_dir


def write_run(out_dir: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write every file of a run into out_dir, each whole (temporary file, then rename), with
    the user's usual permissions."""
    out_dir = Path(out_dir)
    file_mode, dir_mode = 0o666 & ~_umask(), 0o777 & ~_umask()
    try:
        if not out_dir.exists():
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
            try:
                for name, content in files.items():
                    data = content if isinstance(content, bytes) else content.encode("utf-8")
                    (staging / name).write_bytes(data)
                    (staging / name).chmod(file_mode)
                staging.chmod(dir_mode)
                staging.rename(out_dir)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return out_dir
        if not out_dir.is_dir():
            raise InputError("exists and is not a folder", path="--out", file=str(out_dir))
        for name, content in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content if isinstance(content, bytes) else content.encode("utf-8"))
                os.chmod(temporary, file_mode)
                os.replace(temporary, out_dir / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise InputError(f"cannot write the results: {exc.strerror}", file=str(out_dir)) from None
    return out_dir


def simulation_files(
    scenario: Scenario, result: Any, table_format: TableFormat = TableFormat.csv
) -> dict[str, str | bytes]:
    """Return the files of a simulation run: kpis, occupancy (and journeys with journeys,
    levers with contingency levers) as CSV or Parquet, summary.json and the scenario."""
    summary = {"scenario": scenario.name, **result.summary()}
    files = {
        **table_file("kpis", result.kpi_columns, table_format),
        **table_file("occupancy", result.occupancy_columns, table_format),
        "summary.json": json_text(summary),
        "scenario.yaml": scenario_yaml(scenario),
    }
    journeys = getattr(result, "journeys", None)
    if journeys is not None:  # per interval, queue and tier, when the scenario has journeys
        files.update(table_file("journeys", journeys, table_format))
    levers = getattr(result, "levers", None)
    if levers is not None:  # per replication and lever: use and cost, with contingency levers
        files.update(table_file("levers", levers, table_format))
    return files


def plan_files(scenario: Scenario, plan: Any) -> dict[str, str]:
    """Return the files of a shift plan: plan.csv, coverage.csv, summary.json, the scenario."""
    return {
        "plan.csv": frame_csv(plan.shifts),
        "coverage.csv": frame_csv(plan.coverage),
        "summary.json": json_text({"scenario": scenario.name, **plan.summary()}),
        "scenario.yaml": scenario_yaml(scenario),
    }


def roster_files(
    roster: Any, extra: dict[str, str | bytes] | None = None, figures: dict[str, Any] | None = None
) -> dict[str, str | bytes]:
    """Return the files of a roster: roster.csv, summary.json (with any figures given) and
    any views given."""
    solution = roster.solution
    summary = {
        "objective": roster.penalty,
        "bound": solution.bound,
        "gap": solution.gap,
        "status": solution.status.value,
        "seconds": round(solution.seconds, 3),
        "solver": solution.solver,
        "assignments": len(roster.assignments),
        **(figures or {}),
    }
    return {
        "roster.csv": frame_csv(roster.assignments),
        "summary.json": json_text(summary),
        **(extra or {}),
    }
