"""Reading a plain CSV file's rows without pandas, exactly as pandas would read them.

Checking a scenario reads its profiles and shift tables row by row; pandas would cost a
command such as `staffsim validate` more than everything else it does. A file is plain when
every cell is a whole number, a short decimal or text that pandas keeps as written; anything
else (quotes, tabs, exponents, booleans, missing-value words, ragged rows, odd headers) is left
to pandas, so its values and its messages stay pandas' own.
"""

from __future__ import annotations

import math
import re
from typing import Any

# pandas' default words for a missing value (read_csv's na_values)
_MISSING = frozenset(
    {
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    }
)
_INT = re.compile(r"[+-]?\d{1,18}")
# up to 15 significant digits: Python and pandas' parser both round these exactly
_DECIMAL = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+)")
# text pandas might read as a number or a boolean, or whose reading is not certain here
_UNSURE = re.compile(
    r"[+-]?(?:\d|\.\d).*[eE]|[+-]?(?:inf|infinity|nan)|true|false|[+-]?0[xX]", re.IGNORECASE
)


def plain_rows(text: str) -> list[dict[str, Any]] | None:
    """Return a CSV text's rows (header names stripped) as pandas reads them with
    comment="#" and skipinitialspace=True, or None when the text is not plain."""
    if '"' in text or "\t" in text or "\r" in text.replace("\r\n", "\n"):
        return None
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("#") or line == "":
            continue
        kept = line.partition("#")[0]
        if not kept.strip():  # pandas reads such a line as a row of missing values
            return None
        lines.append(kept)
    if not lines:
        return None
    header = [name.lstrip(" ") for name in lines[0].split(",")]
    if any(not name.strip() for name in header) or len(set(header)) < len(header):
        return None
    cells = [[cell.lstrip(" ") for cell in line.split(",")] for line in lines[1:]]
    if any(len(row) != len(header) for row in cells):
        return None
    columns = []
    for index in range(len(header)):
        column = _column([row[index] for row in cells])
        if column is None:
            return None
        columns.append(column)
    names = [name.strip() for name in header]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _column(cells: list[str]) -> list[Any] | None:
    """Return a column's values as pandas types them, or None when not plain."""
    kinds = []
    for cell in cells:
        bare = cell.rstrip(" ")
        if bare == "":
            kinds.append("missing")
        elif bare in _MISSING:
            if bare != cell:
                return None
            kinds.append("missing")
        elif _INT.fullmatch(bare):
            kinds.append("int")
        elif _DECIMAL.fullmatch(bare) and sum(c.isdigit() for c in bare.lstrip("+-0.")) <= 15:
            kinds.append("float")
        elif _UNSURE.match(bare) or (bare[0] in "+-.0123456789" and _looks_numeric(bare)):
            return None
        else:
            kinds.append("text")
    present = {kind for kind in kinds if kind != "missing"}
    if "text" in present:
        return [
            math.nan if kind == "missing" else cell for kind, cell in zip(kinds, cells, strict=True)
        ]
    if present == {"int"} and "missing" not in kinds:
        return [int(cell) for cell in cells]
    return [
        math.nan if kind == "missing" else float(cell)
        for kind, cell in zip(kinds, cells, strict=True)
    ]


def _looks_numeric(text: str) -> bool:
    """Return whether Python reads text as a number (pandas might too: not plain)."""
    try:
        float(text.replace("_", "x"))  # Python allows 1_000; pandas does not
    except ValueError:
        return False
    return True
