"""Lint of ``glossary.yaml``: acronyms and synonym groups the lexical matcher would misread.

The matcher folds each acronym's expansion into the acronym and each synonym into the
first word of its group, keeping only the last definition of anything given twice. So an
acronym defined twice (or as ``HEDIS`` and ``Hedis``), two acronyms with one expansion, a
word in two synonym groups, or an acronym whose expansion sits in another synonym group
silently change what matches; each is reported at its line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from rfp_assistant.errors import Problem
from rfp_assistant.library.yaml_lines import LinedDict, LinedList


def check_glossary(path: str, data: Any) -> Iterator[Problem]:
    """Every problem in a parsed (line-aware) glossary.yaml; nothing when it is not a mapping."""
    if not isinstance(data, LinedDict):
        return
    acronyms = data.get("acronyms")
    synonyms = data.get("synonyms")
    groups = _groups(synonyms) if isinstance(synonyms, LinedList) else []
    if isinstance(acronyms, LinedDict):
        yield from _acronyms(path, acronyms)
        yield from _acronyms_in_groups(path, acronyms, groups)
    yield from _synonyms(path, groups)


def _acronyms(path: str, acronyms: LinedDict) -> Iterator[Problem]:
    for twice in acronyms.duplicates:
        first, last = str(twice.first_value), str(acronyms[twice.key])
        yield Problem(
            path,
            twice.line,
            "error" if _words(first) != _words(last) else "warning",
            f"acronym '{twice.key}' is defined twice (lines {twice.first_line} and {twice.line})"
            + _differ(first, last),
        )
    by_name: dict[str, list[str]] = defaultdict(list)
    by_expansion: dict[str, list[str]] = defaultdict(list)
    for name, expansion in acronyms.items():
        by_name[name.lower()].append(name)
        by_expansion[_words(str(expansion))].append(name)
    for first, other in _repeats(by_name):
        first_text, other_text = str(acronyms[first]), str(acronyms[other])
        yield Problem(
            path,
            acronyms.line_of(other),
            "error" if _words(first_text) != _words(other_text) else "warning",
            f"acronym '{other}' is also defined as '{first}' (line {acronyms.line_of(first)})"
            + _differ(first_text, other_text),
        )
    for first, other in _repeats(by_expansion):
        if first.lower() == other.lower():
            continue  # the same acronym spelt twice: reported above
        yield Problem(
            path,
            acronyms.line_of(other),
            "warning",
            f"acronyms '{first}' (line {acronyms.line_of(first)}) and '{other}' both expand to "
            f"'{_words(str(acronyms[other]))}': the matcher folds it into only one of them",
        )


def _repeats(grouped: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(first, later) for every name that shares its group with an earlier one."""
    for names in grouped.values():
        for other in names[1:]:
            yield names[0], other


def _differ(first: str, other: str) -> str:
    if _words(first) == _words(other):
        return ""
    return f" with a different expansion ('{first}' vs '{other}'): the matcher uses only one"


def _groups(synonyms: LinedList) -> list[tuple[int, list[str]]]:
    groups = []
    for index, group in enumerate(synonyms):
        if isinstance(group, list):
            groups.append((synonyms.line_of_item(index), [_words(str(w)) for w in group]))
    return groups


def _synonyms(path: str, groups: list[tuple[int, list[str]]]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for line, words in groups:
        if len(set(words)) < 2:
            yield Problem(path, line, "warning", "a synonym group needs at least two different words")
        for word in sorted(set(words), key=words.index):
            if words.count(word) > 1:
                yield Problem(path, line, "warning", f"'{word}' is listed twice in this synonym group")
            if word in seen and seen[word] != line:
                yield Problem(
                    path,
                    line,
                    "error",
                    f"'{word}' is in two synonym groups (lines {seen[word]} and {line}): "
                    "the matcher keeps only the last one for it",
                )
            seen.setdefault(word, line)


def _acronyms_in_groups(
    path: str, acronyms: LinedDict, groups: list[tuple[int, list[str]]]
) -> Iterator[Problem]:
    """An acronym in one synonym group whose expansion is in another: the two fold apart."""
    group_of: dict[str, int] = {}
    for line, words in groups:
        for word in words:
            group_of.setdefault(word, line)
    for name, expansion in acronyms.items():
        mine, theirs = group_of.get(name.lower()), group_of.get(_words(str(expansion)))
        if mine is not None and theirs is not None and mine != theirs:
            yield Problem(
                path,
                acronyms.line_of(name),
                "error",
                f"acronym '{name}' is in the synonym group on line {mine} but its expansion "
                f"'{expansion}' is in the group on line {theirs}: the matcher treats them as different words",
            )


def _words(text: str) -> str:
    return " ".join(text.lower().split())
