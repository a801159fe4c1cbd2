"""The built-in scenarios mutated at random: `validate` and a one-day `simulate` either work
(exit 0) or say what is wrong (exit 2), never print a traceback, and always finish.

Each example takes baseline.yaml or single-queue.yaml as a mapping, cuts the horizon to one
day (so a run is short), then applies one to three mutations: a value's type, sign or
magnitude changed (0, -1, 1e30, NaN, infinity, a huge string), a key dropped or an unknown one
added, a date broken, a CSV path pointed at a missing file or a folder, a mapping replaced by
a list.
"""

from __future__ import annotations

import copy
import itertools
import math
import signal
import traceback
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenarios
from tests.hardening.cli_checks import run

DATA = Path(scenarios.__file__).parent / "data"
SECONDS_PER_COMMAND = 120  # a one-day run takes about a second: far beyond is a hang

ODD_VALUES = [
    0,
    -1,
    1e30,
    -1e30,
    math.nan,
    math.inf,
    -math.inf,
    10**100,
    "x" * 100_000,
    "",
    "-1",
    True,
    None,
    [],
    {},
]
BROKEN_DATES = ["2026-02-30", "2026-13-01", "yesterday", "2026-01-05T25:00", "05/01/2026"]
MUTATIONS = ["value", "type", "drop", "add", "date", "csv", "listify"]


def absolute_paths(node: Any) -> Any:
    """Return a document whose CSV file names point into the built-in data folder."""
    if isinstance(node, dict):
        return {k: absolute_paths(v) for k, v in node.items()}
    if isinstance(node, list):
        return [absolute_paths(v) for v in node]
    if isinstance(node, str) and node.endswith(".csv"):
        return str(DATA / node)
    return node


BASES = {
    name: absolute_paths(yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8")))
    for name in ("baseline", "single-queue")
}


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Return the path (keys and indexes) of every value inside a document."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return []
    found = []
    for key, value in items:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key)))
    return found


def changed_type(value: Any) -> list[Any]:
    """Return the value as other types: text, a list, a mapping, a number."""
    return [str(value), [value], {"value": value}, 1.5 if isinstance(value, str) else "text"]


def mutate(document: dict, path: tuple, how: str, draw) -> None:
    """Apply one mutation at `path` of the document, in place."""
    *parent_path, key = path
    parent = document
    for part in parent_path:
        parent = parent[part]
    value = parent[key]
    if how == "value":
        parent[key] = draw(st.sampled_from(ODD_VALUES))
    elif how == "type":
        parent[key] = draw(st.sampled_from(changed_type(value)))
    elif how == "drop":
        del parent[key]
    elif how == "add":
        target = value if isinstance(value, dict) else parent
        if isinstance(target, dict):
            target["colour"] = "blue"
    elif how == "date":
        parent[key] = draw(st.sampled_from(BROKEN_DATES))
    elif how == "csv":
        parent[key] = draw(st.sampled_from([str(DATA / "missing.csv"), str(DATA / "profiles")]))
    elif how == "listify":
        parent[key] = list(value.items()) if isinstance(value, dict) else [value]


@st.composite
def mutated_scenarios(draw) -> tuple[str, dict, list[tuple[tuple, str]]]:
    """Return a built-in scenario's name, its one-day document mutated, and the mutations."""
    name = draw(st.sampled_from(sorted(BASES)))
    document = copy.deepcopy(BASES[name])
    document["horizon"]["days"] = 1
    done = []
    for _ in range(draw(st.integers(1, 3))):
        targets = paths(document)
        if not targets:
            break
        path = draw(st.sampled_from(targets))
        how = draw(st.sampled_from(MUTATIONS))
        mutate(document, path, how, draw)
        done.append((path, how))
    return name, document, done


class Hang(Exception):
    """A command ran far longer than any one-day run takes."""


def _alarm(signum, frame):
    raise Hang(f"no answer within {SECONDS_PER_COMMAND} s")


def check(args: list[object], mutations: list) -> int:
    """Run one command and assert it worked or refused cleanly; return its exit status."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS_PER_COMMAND)
    try:
        result = run(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{args[0]} raised, after {mutations}:\n{trace}")
    assert "Traceback" not in result.output, (mutations, result.output)
    assert result.exit_code in (0, 2), (mutations, result.exit_code, result.output)
    if result.exit_code == 2:
        assert "error:" in result.output, (mutations, result.output)
    return result.exit_code


_runs = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(example=mutated_scenarios())
def test_mutated_scenarios_are_refused_cleanly_or_run(tmp_path: Path, example):
    name, document, mutations = example
    number = next(_runs)
    file = tmp_path / f"{number}-{name}.yaml"
    file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    checked = check(["validate", file], mutations)
    out = tmp_path / f"{number}-run"
    simulated = check(["simulate", file, "--replications", "1", "--quiet", "--out", out], mutations)
    # what validate accepts, simulate runs; what it refuses, simulate refuses before writing
    assert checked == simulated, (mutations, checked, simulated)
    assert out.exists() == (simulated == 0)
