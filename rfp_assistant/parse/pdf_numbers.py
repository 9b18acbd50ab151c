"""Issuer numbering in PDF questionnaires: read it, compare it, follow its sequence.

A number such as ``10.1.2``, ``1.1(b) – (i)`` or ``7.7 (e) (ii)`` becomes a *key*, a tuple
of components (``("n", 10)``, ``("a", 2)`` for a letter, ``("r", 2)`` for a roman numeral).
:func:`follows` says whether one key can come straight after another (the next sibling, the
first child, or the next item of an ancestor), which is how a questionnaire's numbering is
told apart from a numbered list inside a question or from a second part that restarts at 1.
"""

from __future__ import annotations

import re

Component = tuple[str, int]
Key = tuple[Component, ...]

_ITEM_NUMBER = re.compile(
    r"""^(?P<number>
        (?:Q(?:uestion)?\s?)?
        (?P<base>\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z]\.\d{1,3}(?:\.\d{1,3}){0,3})
        (?P<dot>\.)?
        (?P<subs>(?:\s?\(\s?[a-z]{1,4}\s?\))*)
        (?P<romans>(?:\s?[-–—]\s?\(\s?[ivx]{1,6}\s?\))*)
        (?P<close>[):])?
    )(?=\s|$)""",
    re.VERBOSE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10}
_ROMAN_TEXT = re.compile(r"^[ivx]{1,6}$")
# How far a sibling may jump (a questionnaire that skips a withdrawn question).
MAX_STEP = {"n": 3, "a": 2, "r": 1}


def roman_value(text: str) -> int:
    """The value of a lower-case roman numeral (``iv`` -> 4)."""
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN[ch]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def split_item_number(text: str) -> tuple[str, Key, str] | None:
    """Split an item number from the start of a text.

    Returns ``(number, key, rest)`` — e.g. ``("1.1(b) – (i)", key, "Registered address")``
    — or None when the text does not start with one. A bare integer (``7 Team``) counts only
    when the rest starts like a sentence (capital letter, quote or parenthesis).
    """
    match = _ITEM_NUMBER.match(text)
    if not match:
        return None
    rest = text[match.end() :].strip()
    bare = not (match.group("dot") or match.group("close") or match.group("subs") or match.group("romans"))
    if bare and "." not in match.group("base") and not re.match(r"[A-Z“\"'‘(]", rest):
        return None
    end = max(match.end(g) for g in ("base", "subs", "romans") if match.group(g))
    printed = text[match.start("number") : end]
    number = re.sub(r"\s+", " ", printed).strip()
    return number, number_key(match.group("base"), match.group("subs"), match.group("romans")), rest


def number_key(base: str, subs: str = "", romans: str = "") -> Key:
    """The comparable key of a number's parts; a trailing ``.0`` (``1.0``) is dropped."""
    parts: list[Component] = []
    digits = base
    if base[:1].isalpha():
        parts.append(("a", ord(base[0]) - ord("A") + 1))
        digits = base[2:]
    parts.extend(("n", int(piece)) for piece in digits.split("."))
    while len(parts) > 1 and parts[-1] == ("n", 0):
        parts.pop()
    groups = re.findall(r"\(\s?([a-z]{1,4})\s?\)", subs or "")
    for index, group in enumerate(groups):
        # The first bracket after the digits is a letter, (a)..(z); later ones are roman.
        if index == 0 and (len(group) == 1 or not _ROMAN_TEXT.match(group)):
            parts.append(("a", ord(group[0]) - ord("a") + 1))
        elif _ROMAN_TEXT.match(group):
            parts.append(("r", roman_value(group)))
    parts.extend(("r", roman_value(g)) for g in re.findall(r"\(\s?([ivx]{1,6})\s?\)", romans or ""))
    return tuple(parts)


def _is_first(component: Component) -> bool:
    return component[1] in (0, 1)


def _is_next(previous: Component, current: Component) -> bool:
    return previous[0] == current[0] and 1 <= current[1] - previous[1] <= MAX_STEP[current[0]]


def follows(previous: Key, current: Key) -> bool:
    """True when ``current`` can come straight after ``previous`` in one numbering.

    ``1.7 -> 2.1``, ``2 -> 2.1``, ``10.4.3 -> 11.1``, ``1.1(g)-(ii) -> 1.1(h)-(i)`` and
    ``151 -> 154`` follow; ``14.15 -> 1.1`` (a second part) and ``73 -> 1`` (a list inside a
    question) do not.
    """
    if len(current) == len(previous) + 1 and current[:-1] == previous and _is_first(current[-1]):
        return True
    for depth in range(len(previous), 0, -1):
        if len(current) < depth or current[: depth - 1] != previous[: depth - 1]:
            continue
        if _is_next(previous[depth - 1], current[depth - 1]) and all(_is_first(c) for c in current[depth:]):
            return True
    return False


def is_descendant(key: Key, ancestor: Key) -> bool:
    """True when ``key`` numbers an item under ``ancestor`` (``4.1(a)`` under ``4.1``)."""
    return len(key) > len(ancestor) and key[: len(ancestor)] == ancestor
