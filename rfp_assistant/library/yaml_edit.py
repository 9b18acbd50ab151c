"""Adding alternates to an answer file in place, leaving every other byte as it was.

``library learn`` must leave a diff a maintainer can review: the added lines and nothing
else. A round-trip dump does not give that here (measured on the bundled library, every
file changes: ruamel.yaml indents a top-level list like the nested ones), so the file is
parsed with ruamel.yaml's round-trip composer, which knows where every node starts and
ends, and the new items are inserted as lines at those places, in the list's own
indentation, quoted the way ruamel.yaml would quote them (and safe for the loader's
YAML 1.1 reading, where a bare ``yes`` is a boolean). The result is read back and must
equal the old data plus the new alternates, or nothing is written.

A block list gets new ``- item`` lines; an entry without ``alternates`` gets the key
(after its ``question``); a flow list (``[a, b]``) gets the item before its ``]``, the
one case where an existing line changes.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rfp_assistant.library.yaml_lines import load_yaml

ALTERNATES = "alternates"
DEFAULT_SEQUENCE_OFFSET = 2  # "  alternates:" then "    - item": the dash two columns in
UNLIMITED_WIDTH = 1_000_000


class EditError(ValueError):
    """The alternates cannot be added without changing more than the added lines."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class _Insert:
    index: int  # character offset in the text
    text: str


def add_alternates(text: str, additions: Mapping[str, Sequence[str]]) -> str:
    """``text`` (an answer file) with each entry's new alternates appended after its last one.

    ``additions`` maps entry id to the wordings to add (already checked to be new). Raises
    :class:`EditError` when an entry is missing or the edit would change anything else.
    """
    if not any(additions.values()):
        return text
    try:
        root = YAML(typ="rt").compose(text)
    except Exception as exc:  # ruamel raises its own error kinds on bad YAML
        raise EditError(f"cannot read the file: {exc}") from None
    if not isinstance(root, SequenceNode):
        raise EditError("an answer file must be a list of entries")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = _line_starts(text)
    offset = _sequence_offset(root)
    inserts: list[_Insert] = []
    found = set()
    for entry in root.value:
        entry_id = _scalar_value(entry, "id") if isinstance(entry, MappingNode) else None
        if entry_id not in additions or not additions[entry_id]:
            continue
        found.add(entry_id)
        inserts.append(_insert_for(text, lines, entry, list(additions[entry_id]), offset, newline))
    missing = sorted(set(k for k, v in additions.items() if v) - found)
    if missing:
        raise EditError(f"no entry {missing[0]!r} in the file")
    edited = text
    for insert in sorted(inserts, key=lambda i: i.index, reverse=True):
        edited = edited[: insert.index] + insert.text + edited[insert.index :]
    _verify(text, edited, additions)
    return edited


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _pairs(node: MappingNode) -> list[tuple[Node, Node]]:
    return list(node.value)


def _scalar_value(node: MappingNode, key: str) -> str | None:
    for key_node, value in _pairs(node):
        if isinstance(key_node, ScalarNode) and key_node.value == key and isinstance(value, ScalarNode):
            return str(value.value)
    return None


def _value(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for key_node, value in _pairs(node):
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value
    return None


def _sequence_offset(root: SequenceNode) -> int:
    """How far a block list's dash sits right of its key in this file (the file's own style)."""
    for entry in root.value:
        if not isinstance(entry, MappingNode):
            continue
        for key_node, value in _pairs(entry):
            if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                return max(0, value.start_mark.column - key_node.start_mark.column)
    return DEFAULT_SEQUENCE_OFFSET


def _end_of_line_after(text: str, lines: list[int], node: Node) -> int:
    """The offset just past the last line ``node`` occupies (where a new line goes)."""
    mark = node.end_mark
    line = mark.line if mark.column > 0 else mark.line - 1
    if line + 1 < len(lines):
        return lines[line + 1]
    return len(text)


def _insert_for(
    text: str, lines: list[int], entry: MappingNode, wordings: list[str], offset: int, newline: str
) -> _Insert:
    found = _value(entry, ALTERNATES)
    if found is None:
        question = _value(entry, "question")
        if question is None:
            raise EditError("the entry has no question", line=entry.start_mark.line + 1)
        key_column = question[0].start_mark.column
        body = " " * key_column + f"{ALTERNATES}:{newline}"
        body += "".join(" " * (key_column + offset) + f"- {yaml_scalar(w)}{newline}" for w in wordings)
        return _at_line_end(text, _end_of_line_after(text, lines, question[1]), body, newline)
    key_node, value = found
    if isinstance(value, SequenceNode) and value.flow_style:
        close = value.end_mark.index - 1
        if text[close] != "]":
            raise EditError("the alternates list does not end with ']'", line=value.end_mark.line + 1)
        items = ", ".join(json.dumps(w, ensure_ascii=False) for w in wordings)
        return _Insert(close, (", " if value.value else "") + items)
    if isinstance(value, SequenceNode) and value.value:
        last = value.value[-1]
        line_text = text[lines[last.start_mark.line] : last.start_mark.index]
        dash = line_text.rstrip()
        column = len(dash) - 1 if dash.endswith("-") else last.start_mark.column
        body = "".join(" " * column + f"- {yaml_scalar(w)}{newline}" for w in wordings)
        return _at_line_end(text, _end_of_line_after(text, lines, last), body, newline)
    if isinstance(value, ScalarNode) and value.value == "" and _nothing_after(text, lines, key_node):
        column = key_node.start_mark.column + offset  # "alternates:" with nothing after it
        body = "".join(" " * column + f"- {yaml_scalar(w)}{newline}" for w in wordings)
        return _at_line_end(text, _end_of_line_after(text, lines, key_node), body, newline)
    raise EditError("'alternates' is not a list", line=key_node.start_mark.line + 1)


def _nothing_after(text: str, lines: list[int], key_node: Node) -> bool:
    """True when the key's line holds nothing after ``key:`` but perhaps a comment."""
    line = key_node.end_mark.line
    end = lines[line + 1] if line + 1 < len(lines) else len(text)
    rest = text[key_node.end_mark.index : end].strip()
    return rest.startswith(":") and (rest[1:].strip() == "" or rest[1:].strip().startswith("#"))


def _at_line_end(text: str, index: int, body: str, newline: str) -> _Insert:
    if index == len(text) and text and not text.endswith("\n"):
        body = newline + body
    return _Insert(index, body)


def yaml_scalar(wording: str) -> str:
    """``wording`` as a one-line YAML scalar: ruamel.yaml's choice of quoting, if the loader reads it back as written.

    Else a double-quoted (JSON) string, which every YAML reader reads as written.
    """
    writer = YAML(typ="rt")
    writer.width = UNLIMITED_WIDTH
    buffer = io.StringIO()
    writer.dump([wording], buffer)
    dumped = buffer.getvalue()
    if dumped.startswith("- ") and dumped.count("\n") == 1:
        candidate = dumped[2:].rstrip("\n")
        try:
            if yaml.safe_load(f"- {candidate}") == [wording]:
                return candidate
        except yaml.YAMLError:
            pass
    return json.dumps(wording, ensure_ascii=False)


def _verify(before: str, after: str, additions: Mapping[str, Sequence[str]]) -> None:
    """The edited file must read as the old one plus the new alternates, nothing else."""
    old, new = load_yaml(before), load_yaml(after)
    expected: list[Any] = copy.deepcopy(list(old))
    for item in expected:
        if isinstance(item, dict) and item.get("id") in additions and additions[item["id"]]:
            item[ALTERNATES] = list(item.get(ALTERNATES) or []) + list(additions[item["id"]])
    if _plain(new) != _plain(expected):
        raise EditError("the edit would change more than the added alternates")


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data
