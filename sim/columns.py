"""Tables as named numpy columns: what a replication measures, before any DataFrame is built.

Importing pandas costs a process about a quarter of a second of CPU, a quarter of what
`staffsim simulate` spends on a week of a plain scenario: the command writes its tables and
summary from columns, and a notebook gets DataFrames, built once, when it asks for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Columns = dict[str, np.ndarray]  # equal-length columns by name, in the table's order


def full_columns(values: dict[str, Any], rows: int) -> Columns:
    """Return the columns of a table of `rows` rows, a single value repeated where given."""
    return {name: np.asarray(v) if np.ndim(v) else np.full(rows, v) for name, v in values.items()}


def stacked(parts: list[Columns]) -> Columns:
    """Return the tables one under another (every table has the same columns)."""
    if len(parts) == 1:
        return parts[0]
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def frame(columns: Columns) -> pd.DataFrame:
    """Return the table as a DataFrame (the columns' types as pandas reads them)."""
    import pandas as pd

    return pd.DataFrame(columns)


def column(table: Columns | pd.DataFrame, name: str) -> np.ndarray:
    """Return one column of a table given as columns or as a DataFrame, as an array."""
    return np.asarray(table[name])
