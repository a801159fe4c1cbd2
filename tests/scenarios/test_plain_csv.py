"""Plain CSV files read without pandas give exactly the rows pandas gives (pandas is the
reference here: each text is also read with pandas.read_csv as the scenario loader calls it)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.plain_csv import plain_rows

DATA = Path(__file__).resolve().parents[2] / "scenarios" / "data"


def pandas_rows(text: str) -> list[dict]:
    """The rows pandas reads, with the loader's options and header names stripped."""
    frame = pd.read_csv(io.StringIO(text), comment="#", skipinitialspace=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.to_dict("records")


def same(ours: list[dict], theirs: list[dict]) -> bool:
    """Whether two row lists hold the same names, values and value types (NaN equal to NaN)."""

    def cell(a, b) -> bool:
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return type(a) is type(b) and a == b

    return len(ours) == len(theirs) and all(
        list(a) == list(b) and all(cell(a[k], b[k]) for k in a)
        for a, b in zip(ours, theirs, strict=True)
    )


SHIPPED = sorted(DATA.rglob("*.csv"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_csv_is_plain_and_read_as_pandas_reads_it(path):
    text = path.read_text(encoding="utf-8-sig")
    rows = plain_rows(text)
    assert rows is not None
    assert same(rows, pandas_rows(text))


PLAIN = {
    "whole numbers": "a,b\n1,2\n+3,-4\n007,0\n",
    "a missing number makes the column decimal": "a,b\n1,2\n3,\n",
    "decimals and whole numbers": "x,y\n1.5,2\n.5,3.\n-0.25,4\n",
    "text keeps trailing spaces": "t,n\n07:00  ,5  \nx ,6\n",
    "inline comments": "# header comment\ntime,weight\n07:00,0.5  # note\n07:15,1 # other\n",
    "missing-value words": "a,b\nNA,x\nnull,y\n5,n/a\n",
    "dates and times stay text": "day,start\n2026-01-05,07:00\n2026-01-06,08:30\n",
    "breaks and names": "group,breaks\nbilling_team,08:30+15 11:30+30\nchat,\n",
    "leading spaces": "a, b\n1, x\n2,  y\n",
    "numbers in a text column stay text": "a\n5\nx\n",
    "a header without rows": "a,b\n",
    "underscores are not digits to pandas": "a\n1_000\n2\n",
}


@pytest.mark.parametrize("text", PLAIN.values(), ids=PLAIN.keys())
def test_plain_texts_are_read_as_pandas_reads_them(text):
    rows = plain_rows(text)
    assert rows is not None
    assert same(rows, pandas_rows(text))


LEFT_TO_PANDAS = {
    "quotes": 'a,b\n"1,2",3\n',
    "tabs": "a,b\n1,\t2\n",
    "exponents": "a\n1e3\n",
    "booleans": "a\ntrue\nFalse\n",
    "infinity": "a\ninf\n",
    "a ragged row": "a,b\n1,2,3\n",
    "a short row": "a,b\n1\n",
    "a repeated header": "a,a\n1,2\n",
    "an empty header name": "a,\n1,2\n",
    "a line of spaces before a comment": "a,b\n1,2\n  # note\n",
    "a line of spaces": "a,b\n1,2\n   \n",
    "long decimals": "a\n0.12345678901234567\n",
    "no header": "# only a comment\n",
}


@pytest.mark.parametrize("text", LEFT_TO_PANDAS.values(), ids=LEFT_TO_PANDAS.keys())
def test_texts_that_are_not_plain_are_left_to_pandas(text):
    assert plain_rows(text) is None


TOKENS = st.sampled_from(
    ["", " ", "0", "7", "-3", "+2", "007", "1.5", ".5", "2.", "1e3", "NA", "nan", "None", "x",
     "x ", " y", "07:00", "2026-01-05", "true", "inf", "1_0", "9999999999", "a b", "#c", "08:30+15"]
)  # fmt: skip


@st.composite
def tables(draw) -> str:
    columns = draw(st.integers(1, 3))
    header = ",".join(f"c{i}" for i in range(columns))
    rows = draw(st.lists(st.lists(TOKENS, min_size=columns, max_size=columns), max_size=5))
    return "\n".join([header, *(",".join(row) for row in rows)]) + "\n"


@settings(max_examples=300, deadline=None)
@given(tables())
def test_whenever_a_table_is_read_as_plain_it_matches_pandas(text):
    rows = plain_rows(text)
    if rows is not None:
        assert same(rows, pandas_rows(text)), text
