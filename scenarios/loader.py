"""Reading scenario files: YAML, `extends:` chains, and readable errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.reader import ReaderError

from scenarios.base import (
    MAX_EXTENDS_DEPTH,
    MAX_NAME_LENGTH,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    path_part,
    quote,
)
from scenarios.checks import check_scenario
from scenarios.errors import ScenarioError
from scenarios.model import Scenario
from scenarios.tables import read_text


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
    try:
        path = Path(text).expanduser()
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        if path.is_dir():
            raise ScenarioError("is a folder, not a scenario file", file=text)
        if not path.is_file():
            known = ", ".join(builtin_scenarios())
            raise ScenarioError(
                f"no such scenario file or built-in scenario (built-ins: {known})", file=text
            )
        if path.suffix.lower() not in (".yaml", ".yml"):
            raise ScenarioError("a scenario file's name ends in .yaml or .yml", file=text)
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # an unknown ~user, a name too long
        raise ScenarioError(f"cannot follow the path: {exc}", file=quote(text)) from None


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps (dates stay text, so a bad one is reported in place),
    refusing a key given twice, values nested too deep, and aliases that expand too far.

    PyYAML shares an aliased value rather than copying it, but everything that walks the
    document afterwards (merging `extends`, validation) sees it expanded: ten nested aliases
    of ten make 10^10 values from a 1 KB file. So each node records how many values it
    stands for, aliases included, and the document stops at MAX_YAML_NODES.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id of a composed node: values it expands to

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise ComposerError(None, None, "an alias refers to a value that holds it", mark)
            return node
        if self._depth >= MAX_YAML_DEPTH:
            raise ComposerError(
                None, None, f"values nested more than {MAX_YAML_DEPTH} levels deep", mark
            )
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1 + sum(self._sizes[id(child)] for child in _children(node))
        if size > MAX_YAML_NODES:
            raise ComposerError(
                None,
                None,
                f"the document holds more than {MAX_YAML_NODES:,} values once its aliases are "
                "expanded (give long lists as a CSV file)",
                mark,
            )
        self._sizes[id(node)] = size
        return node

    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        first: dict[tuple[str, str], yaml.ScalarNode] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == MERGE_TAG:
                continue
            earlier = first.setdefault((key.tag, key.value), key)
            if earlier is not key:  # PyYAML would keep the last silently
                raise ComposerError(
                    None,
                    None,
                    f"the key {quote(key.value)} is given twice (first on line "
                    f"{earlier.start_mark.line + 1})",
                    key.start_mark,
                )
        return node


MERGE_TAG = "tag:yaml.org,2002:merge"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    # Python refuses to read a decimal integer of more than 4,300 digits with a ValueError
    if len(node.value) > MAX_NUMBER_CHARS:
        raise ConstructorError(
            None, None, f"a number with more than {MAX_NUMBER_CHARS} digits", node.start_mark
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


MAX_NUMBER_CHARS = 100

_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def _yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """Return where and what a YAML error is, without quoting the line it is on."""
    if isinstance(exc, ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        return f"line {line}: the character #x{code:04x} is not allowed in YAML"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = getattr(exc, "problem", None) or "cannot be read"
    context = getattr(exc, "context", None)
    if context and problem.startswith("but "):  # "expected a single document ... but found"
        problem = f"{context}, {problem}"
    problem = " ".join(problem.split())
    if len(problem) > 120:
        problem = problem[:117] + "..."
    return where + problem


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = read_text(path, limit=MAX_YAML_BYTES, kind="scenario")
    except ValueError as exc:
        raise ScenarioError(str(exc), file=str(path)) from None
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        problem = _yaml_problem(exc, text)
        raise ScenarioError(f"not valid YAML: {problem}", file=str(path)) from None
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

    fixed: dict[int, dict[str, Any]] = {}  # an aliased mapping is rebuilt once, then shared

    def fix(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            if id(value) not in fixed:
                fixed[id(value)] = {k: fix(v, str(k)) for k, v in value.items()}
            return fixed[id(value)]
        if isinstance(value, str) and value.endswith(".csv") and key != "name":
            try:
                path = Path(value).expanduser()
                return str(path if path.is_absolute() else (base / path).resolve())
            except (OSError, RuntimeError, ValueError):
                return value  # left as written: reading the file reports what is wrong
        return value

    return {k: fix(v, str(k)) for k, v in document.items()}


def resolve_document(path: Path, _chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Return a scenario file's fields with its `extends:` chain merged in, paths made absolute."""
    if path in _chain:
        loop = " -> ".join(p.name for p in (*_chain, path))
        raise ScenarioError(f"extends loop: {loop}", path="extends", file=str(_chain[-1]))
    if len(_chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            f"extends chains more than {MAX_EXTENDS_DEPTH} files", path="extends", file=str(path)
        )
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


_EMERGENCY_TAGS = ("outage", "surge", "absenteeism", "site_loss")  # as for volume: not written


def _field_path(loc: tuple[Any, ...]) -> str:
    # pydantic puts the tag of the union member it tried after "volume"; the user never wrote it
    parts = [path_part(part) for part in loc if part != "[key]"]  # a bad key: its path says
    kept = [
        part
        for i, part in enumerate(parts)
        if not (i and parts[i - 1] == "volume" and part in ("per_interval", "weekly", "csv"))
        and not (i > 1 and parts[i - 2] == "emergencies" and part in _EMERGENCY_TAGS)
    ]
    return ".".join(kept)


def _rule(error: dict[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "union_tag_invalid":  # pydantic's message quotes the whole tag
        context = error.get("ctx", {})
        return (
            f"{quote(context.get('tag'))} does not match any of the expected tags: "
            f"{context.get('expected_tags')}"
        )
    if error["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see the scenario reference in the README)"
    if error["type"] == "missing":
        return "required field is missing"
    if (
        "input" in error
        and error["type"] not in ("value_error",)
        and not isinstance(error["input"], (dict, list))
    ):
        return f"{message} (got {quote(error['input'])})"
    return message


def load_scenario(name_or_path: str | Path = "baseline") -> Scenario:
    """Return the validated scenario of a built-in name or a YAML file."""
    path = scenario_path(name_or_path)
    document = resolve_document(path)
    document.setdefault("name", path.stem[:MAX_NAME_LENGTH])
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
