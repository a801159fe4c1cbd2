"""Reading scenario files: YAML, `extends:` chains, and readable errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scenarios.checks import check_scenario
from scenarios.errors import ScenarioError
from scenarios.model import Scenario


def builtin_scenarios() -> list[str]:
    """Return the names of the scenarios shipped with staffsim."""
    return sorted(
        p.name.removesuffix(".yaml")
        for p in (resources.files("scenarios") / "data").iterdir()
        if p.name.endswith(".yaml")
    )


def scenario_path(name_or_path: str | Path, *, relative_to: Path | None = None) -> Path:
    """Return the file of a built-in scenario name or a scenario path."""
    text = str(name_or_path)
    if not text.endswith((".yaml", ".yml")) and text in builtin_scenarios():
        return Path(str(resources.files("scenarios") / "data" / f"{text}.yaml"))
    path = Path(text).expanduser()
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not path.is_file():
        known = ", ".join(builtin_scenarios())
        raise ScenarioError(
            f"no such scenario file or built-in scenario (built-ins: {known})", file=text
        )
    return path.resolve()


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so a bad one is reported in place."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        raise ScenarioError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise ScenarioError("not a text file", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(f"not valid YAML: {where}{problem}", file=str(path)) from None
    if not isinstance(document, dict):
        raise ScenarioError("a scenario is a YAML mapping of fields", file=str(path))
    return document


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Return parent overlaid by child: mappings merge, other values replace, null removes."""
    merged = dict(parent)
    for key, value in child.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _absolute_paths(document: dict[str, Any], base: Path) -> dict[str, Any]:
    """Return a parent document whose relative file paths point from the child's view."""

    def fix(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: fix(v, str(k)) for k, v in value.items()}
        if isinstance(value, str) and value.endswith(".csv") and key != "name":
            path = Path(value).expanduser()
            return str(path if path.is_absolute() else (base / path).resolve())
        return value

    return {k: fix(v, str(k)) for k, v in document.items()}


def resolve_document(path: Path, _chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Return a scenario file's fields with its `extends:` chain merged in, paths made absolute."""
    if path in _chain:
        loop = " -> ".join(p.name for p in (*_chain, path))
        raise ScenarioError(f"extends loop: {loop}", path="extends", file=str(_chain[-1]))
    document = _absolute_paths(_read_yaml(path), path.parent)
    parent_name = document.pop("extends", None)
    if parent_name is None:
        return document
    if not isinstance(parent_name, str):
        raise ScenarioError(
            "extends names one scenario (built-in name or file path)",
            path="extends",
            file=str(path),
        )
    try:
        parent_path = scenario_path(parent_name, relative_to=path.parent)
    except ScenarioError as exc:
        raise ScenarioError(exc.rule, path="extends", file=str(path)) from None
    parent = resolve_document(parent_path, (*_chain, path))
    parent.pop("name", None)
    parent.pop("description", None)
    return merge(parent, document)


def _field_path(loc: tuple[Any, ...]) -> str:
    # pydantic puts the tag of the union member it tried after "volume"; the user never wrote it
    parts = [str(part) for part in loc]
    kept = [
        part
        for i, part in enumerate(parts)
        if not (i and parts[i - 1] == "volume" and part in ("per_interval", "weekly", "csv"))
    ]
    return ".".join(kept)


def _rule(error: dict[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see the scenario reference in the README)"
    if error["type"] == "missing":
        return "required field is missing"
    if (
        "input" in error
        and error["type"] not in ("value_error",)
        and not isinstance(error["input"], (dict, list))
    ):
        return f"{message} (got {error['input']!r})"
    return message


def load_scenario(name_or_path: str | Path = "baseline") -> Scenario:
    """Return the validated scenario of a built-in name or a YAML file."""
    path = scenario_path(name_or_path)
    document = resolve_document(path)
    document.setdefault("name", path.stem)
    return scenario_from_dict(document, file=str(path), base_dir=path.parent)


def scenario_from_dict(
    document: dict[str, Any], *, file: str = "<scenario>", base_dir: Path | None = None
) -> Scenario:
    """Return the validated scenario of a mapping of fields, as read from YAML."""
    try:
        scenario = Scenario.model_validate(document, context={"base_dir": base_dir or Path.cwd()})
        check_scenario(scenario)
        return scenario
    except ValidationError as exc:
        # an unknown field usually explains the others (a misspelt field is also "missing")
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        (path, rule), *also = [(_field_path(e["loc"]), _rule(e)) for e in errors]
        raise ScenarioError(rule, path=path, file=file, also=also) from None
    except ScenarioError as exc:
        raise exc.located(file=file) from None
