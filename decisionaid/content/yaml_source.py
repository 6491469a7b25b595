"""Read a YAML file into plain data and a map from each place in it to its line.

The schema validates the plain data; the line map turns each error's location (a path of
keys and list positions) back into ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

# libyaml's loader composes the same nodes, line numbers included, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[str | int, ...]


@dataclass
class YamlSource:
    """One file's data, where each part of it starts, and what could not be read."""

    path: Path
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line(self, location: Location) -> int:
        """The line of ``location``, or of the nearest enclosing part the file has."""
        for end in range(len(location), -1, -1):
            if location[:end] in self.lines:
                return self.lines[location[:end]]
        return 1


def read_yaml(path: Path) -> YamlSource:
    source = YamlSource(path)
    try:
        with path.open(encoding="utf-8") as stream:
            root = yaml.compose(stream, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        source.problems.append((line, f"not valid YAML: {error.problem or error.context}"))
        return source
    except (OSError, UnicodeDecodeError) as error:
        source.problems.append((1, f"cannot be read: {error}"))
        return source
    if root is None:
        source.problems.append((1, "the file is empty"))
        return source
    source.data = _build(root, (), source, SafeConstructor())
    return source


def _build(node: yaml.Node, location: Location, source: YamlSource, make: SafeConstructor) -> Any:
    source.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, source, make)
            key_line = key_node.start_mark.line + 1
            if key in mapping:
                source.problems.append((key_line, f"'{key}' appears twice"))
                continue
            # A key's own line is where an error about the key (unknown, misspelt) points.
            source.lines[(*location, key)] = key_line
            mapping[key] = _build(value_node, (*location, key), source, make)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(child, (*location, index), source, make)
            for index, child in enumerate(node.value)
        ]
    return _scalar(node, source, make)


def _scalar(node: yaml.Node, source: YamlSource, make: SafeConstructor) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        source.problems.append((node.start_mark.line + 1, "a key must be a single word"))
        return None
    try:
        return make.construct_object(node)
    except ConstructorError as error:
        source.problems.append((node.start_mark.line + 1, str(error.problem)))
        return None
