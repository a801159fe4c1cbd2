"""The code base stays ruff-clean (lint, format, complexity) and type-checks with mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff_is_clean(args):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    # the packages and strictness are configured in pyproject.toml ([tool.mypy])
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


LAYERS = ["scenarios", "sim", "optimise", "report", "cli"]  # each imports only those before it


def module_imports() -> dict[str, set[str]]:
    """Return, for every module of the packages, the package modules it imports at its top."""
    import ast

    found: dict[str, set[str]] = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            targets = set()
            for node in ast.parse(path.read_text(encoding="utf-8")).body:  # top level only
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    targets.add(node.module)
                elif isinstance(node, ast.Import):
                    targets.update(alias.name for alias in node.names)
            found[name] = {t for t in targets if t.split(".")[0] in LAYERS}
    return found


def test_imports_point_down_the_layers_only():
    upward = [
        f"{module} imports {target}"
        for module, targets in module_imports().items()
        for target in targets
        if LAYERS.index(target.split(".")[0]) > LAYERS.index(module.split(".")[0])
    ]
    assert upward == []


def test_no_module_imports_itself_round_a_circle():
    graph = module_imports()
    known = set(graph)
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph.get(module, ())):
            # "from pkg import name" may name a module: follow the most specific known module
            step = target if target in known else None
            if step is not None and step != module.rsplit(".", 1)[0]:
                circle = visit(step, [*path, module])
                if circle:
                    return circle
        done.add(module)
        return None

    circles = [c for m in sorted(graph) if (c := visit(m, []))]
    assert circles == [], " -> ".join(circles[0])
