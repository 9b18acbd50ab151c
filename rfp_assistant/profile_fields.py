"""Reading a YAML profile once, with lines, and checking its fields one small function at a time.

:func:`read_yaml` parses the text a single time with :class:`~rfp_assistant.library.
yaml_lines.LineLoader` (mappings that know their lines) and also reports keys given
twice, which YAML would silently collapse. The ``read_*`` functions check one field
each and record a :class:`~rfp_assistant.errors.Problem` in a :class:`Problems` list
instead of stopping, so a person sees every mistake at once; :meth:`Problems.raise_if_any`
turns them into one one-line :class:`~rfp_assistant.errors.AccountError`.

A :class:`Field` names what is being read: its value, its dotted name for messages and
its line for ``file:line`` locations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from rfp_assistant.errors import AccountError, Problem
from rfp_assistant.library.yaml_lines import LinedDict, LinedList, LineLoader, error_line, error_reason


@dataclass
class Problems:
    """Problems found in one file, collected while reading it."""

    path: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        """Record an error at ``line`` (1-based)."""
        self.items.append(Problem(str(self.path), line, "error", message))

    def raise_if_any(self) -> None:
        """Raise :class:`AccountError` naming the first problem (by line) and counting the rest."""
        if self.items:
            raise AccountError(problems=sorted(self.items, key=lambda p: p.line), path=self.path)


@dataclass(frozen=True)
class Field:
    """A value read from the profile, with its dotted name and line."""

    value: Any
    name: str
    line: int

    def child(self, key: str) -> Field:
        """The field ``key`` of this mapping field (value ``None`` when absent)."""
        value = self.value.get(key) if isinstance(self.value, dict) else None
        line = self.value.line_of(key) if isinstance(self.value, LinedDict) else self.line
        return Field(value, f"{self.name}.{key}" if self.name else key, line)

    def item(self, index: int) -> Field:
        """Item ``index`` of this list field."""
        line = self.value.line_of_item(index) if isinstance(self.value, LinedList) else self.line
        return Field(self.value[index], f"{self.name}[{index}]", line)


def read_yaml(path: Path, text: str) -> tuple[Any, list[tuple[str, int]]]:
    """Parse ``text`` once: the data (mappings are :class:`LinedDict`) and duplicate keys.

    Duplicate keys are ``(dotted name, line of the repeat)``. Raises :class:`AccountError`
    with the line for invalid YAML.
    """
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise AccountError(
            f"{path}:{error_line(exc)}: invalid YAML: {error_reason(exc)}", path=path
        ) from None
    finally:
        loader.dispose()
    return data, _duplicate_keys(node)


def _duplicate_keys(node: yaml.Node | None, where: str = "") -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                found.append((f"{where}{key}", key_node.start_mark.line + 1))
            seen.add(key)
            found += _duplicate_keys(value_node, f"{where}{key}.")
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _duplicate_keys(item, where)
    return found


def read_mapping(problems: Problems, f: Field, allowed: tuple[str, ...] | None = None) -> dict | None:
    """``f`` as a mapping with text keys (only ``allowed`` ones, when given); ``None`` if not one."""
    if not isinstance(f.value, dict):
        problems.add(f.line, f"'{f.name}' must be a mapping")
        return None
    for key in f.value:
        if not isinstance(key, str):
            problems.add(f.line, f"'{f.name}' has a non-text key {key!r}")
        elif allowed is not None and key not in allowed:
            problems.add(
                f.child(key).line,
                f"unknown key '{f.child(key).name}' (expected one of: {', '.join(allowed)})",
            )
    return f.value


def read_number(
    problems: Problems,
    f: Field,
    *,
    minimum: float | None = None,
    positive: bool = False,
    below: float | None = None,
) -> float | None:
    """``f`` as a finite number within the bounds given; ``None`` (and a problem) otherwise."""
    value = f.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        problems.add(f.line, f"'{f.name}' must be a number, not {value!r}")
        return None
    if positive and value <= 0:
        problems.add(f.line, f"'{f.name}' must be greater than 0, not {value}")
        return None
    if minimum is not None and value < minimum:
        what = "negative" if minimum == 0 else f"less than {minimum}"
        problems.add(f.line, f"'{f.name}' must not be {what} ({value})")
        return None
    if below is not None and value >= below:
        problems.add(f.line, f"'{f.name}' must be less than {below}, not {value}")
        return None
    return float(value)


def read_text(problems: Problems, f: Field) -> str | None:
    """``f`` as non-empty text (numbers are accepted as their text)."""
    value = f.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(f.line, f"'{f.name}' must be non-empty text")
        return None
    return value.strip()


def read_day(problems: Problems, f: Field) -> date | None:
    """``f`` as a date (a YAML date or ISO text)."""
    value = f.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(f.line, f"'{f.name}' must be a date like 2027-07-01, not {value!r}")
    return None


def read_names(problems: Problems, f: Field) -> tuple[str, ...] | None:
    """``f`` as a non-empty list of distinct names."""
    if not isinstance(f.value, list) or not f.value:
        problems.add(f.line, f"'{f.name}' must be a non-empty list")
        return None
    out: list[str] = []
    for index in range(len(f.value)):
        item = f.item(index)
        text = read_text(problems, Field(item.value, f.name, item.line))
        if text is None:
            return None
        if text in out:
            problems.add(item.line, f"'{f.name}' lists '{text}' twice")
            return None
        out.append(text)
    return tuple(out)


def read_tier_values(
    problems: Problems, f: Field, tiers: tuple[str, ...], *, positive: bool
) -> dict[str, float] | None:
    """A ``{tier: number}`` mapping that covers exactly ``tiers``, in their order."""
    mapping = read_mapping(problems, f)
    if mapping is None:
        return None
    out: dict[str, float] = {}
    ok = True
    for tier in mapping:
        item = f.child(tier)
        if tier not in tiers:
            problems.add(
                item.line, f"'{f.name}' has tier '{tier}', which is not listed in tiers ({', '.join(tiers)})"
            )
            ok = False
            continue
        number = read_number(problems, item, minimum=0.0, positive=positive)
        if number is None:
            ok = False
        else:
            out[tier] = number
    missing = [t for t in tiers if t not in mapping]
    if missing:
        problems.add(f.line, f"'{f.name}' lacks tier{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        ok = False
    return {t: out[t] for t in tiers} if ok else None
