"""Near neighbours told apart by one word: the qualifier a question names and its entry does not.

Many of a library's entries come in sibling sets that differ by one qualifier: mail-order
and retail pharmacy pricing, pre-65 and Medicare-eligible retirees, a 12-month and a
multi-year rate guarantee, NCQA and URAC accreditation. Their texts share nearly every
other word, so a question about one sibling scores, and looks, as sure on the other as a
right match does. The scores cannot see the difference; the qualifier can.

A candidate *conflicts* with a question when, for one :data:`QUALIFIER_GROUPS` group,
the question names a qualifier of the group, the entry's phrasings (its question and
alternates: what the entry is about) name one too, and none the question names. Such a
candidate is never answered automatically: its confidence is capped at
:data:`CONFLICT_CONFIDENCE` (see :func:`cap_confidence`, so calibration and evaluation
see it too) and the matcher sends it to review with the reason, where a person who sees "mail order" asked and "retail" offered decides. An
entry that names both siblings, or none, never conflicts: the check only ever holds
back, it never changes the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

CONFLICT_CONFIDENCE = 0.5
"""The highest confidence a conflicting candidate keeps: below any automatic threshold, still worth reviewing."""
MULTI_YEAR = "multi-year"
MONTHS_PER_YEAR = 12

Labeller = Callable[[str], frozenset[str]]


def _named(patterns: dict[str, str]) -> Labeller:
    """A labeller giving the names of the ``patterns`` (name -> regex) a text matches."""
    compiled = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in patterns.items()}

    def labels(text: str) -> frozenset[str]:
        return frozenset(name for name, pattern in compiled.items() if pattern.search(text))

    return labels


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12, "eighteen": 18}
_SPAN = re.compile(
    rf"\b(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})[- ](month|year)s?\b|\b(multi)[- ]?year\b", re.IGNORECASE
)


def _time_spans(text: str) -> frozenset[str]:
    """Time spans a text names, in months ("24-month", "two years" -> "24 months"); over a year is also multi-year."""
    labels: set[str] = set()
    for match in _SPAN.finditer(text):
        if match.group(3):
            labels.add(MULTI_YEAR)
            continue
        number, unit = match.group(1).lower(), match.group(2).lower()
        months = (int(number) if number.isdigit() else _NUMBER_WORDS[number]) * (
            MONTHS_PER_YEAR if unit == "year" else 1
        )
        labels.add(f"{months} months")
        if months > MONTHS_PER_YEAR:
            labels.add(MULTI_YEAR)
    return frozenset(labels)


QUALIFIER_GROUPS: dict[str, Labeller] = {
    "drug channel": _named(
        {
            "mail order": r"\bmail[- ]?(?:order|service)\b|\bhome[- ]delivery\b",
            "retail": r"\bretail\b",
            "specialty": r"\bspecialty (?:pharmac|drug|medication)",
        }
    ),
    "retirees' Medicare status": _named(
        {
            "Medicare-eligible retirees": r"\bmedicare advantage\b|\bover (?:age )?65\b|\bpost[- ]65\b"
            r"|\b65 (?:and|or) (?:over|older)\b|\bmedicare[- ]eligible\b",
            "pre-65 retirees": r"\bpre[- ]65\b|\bunder (?:age )?65\b|\bearly retirees?\b"
            r"|\bnot yet eligible for medicare\b|\bnon[- ]medicare\b",
        }
    ),
    "time span": _time_spans,
    "network tier": _named({"in-network": r"\bin[- ]network\b", "out-of-network": r"\bout[- ]of[- ]network\b"}),
    "accreditation body": _named(
        {"NCQA": r"\bNCQA\b", "URAC": r"\bURAC\b", "Joint Commission": r"\bjoint commission\b|\bJCAHO\b"}
    ),
}
"""Sets of sibling qualifiers: an entry about one sibling does not answer a question about another."""


def qualifiers(text: str) -> dict[str, frozenset[str]]:
    """The qualifiers ``text`` names, by group (groups it names none of are left out)."""
    found = {group: labeller(text) for group, labeller in QUALIFIER_GROUPS.items()}
    return {group: labels for group, labels in found.items() if labels}


def conflict(asked: dict[str, frozenset[str]], offered: dict[str, frozenset[str]]) -> str | None:
    """Why an entry offering ``offered`` qualifiers does not answer a question ``asked`` (None: it may)."""
    for group, wanted in asked.items():
        has = offered.get(group)
        if has and not wanted & has:
            return f"the question asks about {_listed(wanted)}, the entry is about {_listed(has)} ({group})"
    return None


def _listed(labels: frozenset[str]) -> str:
    return " / ".join(sorted(labels))


def entry_qualifiers(phrasings: Sequence[str], owners: np.ndarray, count: int) -> list[dict[str, frozenset[str]]]:
    """Each entry's qualifiers: the union over its phrasings (``owners[i]`` is phrasing i's entry)."""
    merged: list[dict[str, set[str]]] = [{} for _ in range(count)]
    for text, owner in zip(phrasings, owners.tolist(), strict=True):
        for group, labels in qualifiers(text).items():
            merged[owner].setdefault(group, set()).update(labels)
    return [{group: frozenset(labels) for group, labels in entry.items()} for entry in merged]


def conflicts(
    texts: Sequence[str], phrasings: Sequence[str], owners: np.ndarray, count: int
) -> dict[tuple[int, int], str]:
    """(question row, entry index) -> reason, for every candidate that conflicts with its question."""
    offered = entry_qualifiers(phrasings, owners, count)
    found: dict[tuple[int, int], str] = {}
    for row, text in enumerate(texts):
        asked = qualifiers(text)
        if not asked:
            continue
        for col, entry in enumerate(offered):
            reason = conflict(asked, entry) if entry else None
            if reason:
                found[(row, col)] = reason
    return found


def pair_conflicts(
    phrasings: Sequence[str], owners: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """For pseudo-questions: does entry ``cols[i]`` conflict with phrasing ``rows[i]`` asked as a question?

    The entry's qualifiers are those of its phrasings other than the one asked (held out).
    """
    named = [qualifiers(text) for text in phrasings]
    out = np.zeros(len(rows), dtype=bool)
    for i, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        if not named[row]:
            continue
        offered: dict[str, set[str]] = {}
        for other in np.flatnonzero(owners == col).tolist():
            if other != row:
                for group, labels in named[other].items():
                    offered.setdefault(group, set()).update(labels)
        out[i] = conflict(named[row], {g: frozenset(v) for g, v in offered.items()}) is not None
    return out


def cap_confidence(confidence: np.ndarray, rows: np.ndarray, cols: np.ndarray, found: dict[tuple[int, int], str]) -> np.ndarray:
    """``confidence`` of candidate ``cols[i]`` for question ``rows[i]``, capped where it conflicts."""
    if not found:
        return confidence
    capped = np.array([(int(r), int(c)) in found for r, c in zip(rows, cols, strict=True)], dtype=bool)
    return np.where(capped, np.minimum(confidence, CONFLICT_CONFIDENCE), confidence)
