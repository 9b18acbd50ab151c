"""YAML loading that remembers the line of every mapping and key, for file:line errors."""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml


class LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings are :class:`LinedDict` (they know their lines)."""


class Duplicate(NamedTuple):
    """A key given twice in one mapping: where, and the value YAML dropped for the last one."""

    key: str
    first_line: int
    line: int
    first_value: Any


class LinedDict(dict[str, Any]):
    """A dict that knows the line it starts on and the line of each key (1-based).

    ``value_starts`` maps each key to the line its value starts on and the value's YAML
    scalar style (``"|"``, ``">"``, a quote or None), so a position inside a text value can
    be turned into a file line. ``duplicates`` lists the keys given twice (see
    :class:`Duplicate`): YAML keeps only the last value, which is almost always a mistake.
    """

    line: int = 0
    key_lines: dict[str, int]
    value_starts: dict[str, tuple[int, str | None]]
    duplicates: list[Duplicate]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_line(self, key: str, line_in_value: int = 1) -> int:
        """The file line of line ``line_in_value`` (1-based) of the text value of ``key``.

        Exact for literal blocks (``|``), whose lines are the file's lines; for any other
        style YAML folds the lines, so the value's first line is the best answer.
        """
        start, style = self.value_starts.get(key, (self.line_of(key), None))
        if style == "|":
            return start + max(line_in_value, 1)
        return start


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode, deep: bool = False) -> LinedDict:
    loader.flatten_mapping(node)
    mapping = LinedDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.value_starts = {}
    mapping.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in mapping.key_lines:
            mapping.duplicates.append(Duplicate(key, mapping.key_lines[key], line, mapping[key]))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
        style = value_node.style if isinstance(value_node, yaml.ScalarNode) else None
        mapping.value_starts[key] = (value_node.start_mark.line + 1, style)
    return mapping


class LinedList(list[Any]):
    """A list that knows the line of each of its items (1-based)."""

    item_lines: list[int]

    def line_of_item(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else 1


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode, deep: bool = False) -> LinedList:
    items = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str) -> Any:
    """Parse YAML text with line-aware mappings; raises ``yaml.YAMLError`` on bad syntax."""
    return yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader derives from SafeLoader


def error_line(exc: yaml.YAMLError) -> int:
    """The 1-based line a YAML syntax error points at (1 when unknown).

    Where PyYAML gives a context (``while scanning a quoted scalar``) its mark is where
    the broken construct starts, which is where a person has to look.
    """
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else 1


def error_reason(exc: yaml.YAMLError) -> str:
    """A one-line reason for a YAML syntax error: its context and its problem."""
    context, problem = getattr(exc, "context", None), getattr(exc, "problem", None)
    if problem:
        return f"{context}: {problem}" if context else str(problem)
    return str(exc).splitlines()[0]
