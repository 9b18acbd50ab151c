"""Filling an issuer's grid from an entry's table: labels matched, values placed cell by cell.

An issuer's row or column label matches one of the entry's labels when, compared as words
(case, punctuation and "&"/"and" aside), they are equal or one contains the other as a run
of whole words: "Financial accuracy" matches "Financial accuracy (% of dollars paid
correctly)", "Year 1" matches "Year 1 (2028)" but not "Year 10". The longest matching label
wins; an issuer label that two entry rows (or columns) match equally well is left
unmatched rather than guessed. A cell whose row or column is unmatched, or that the entry
has no value for, stays empty and is listed for a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rfp_assistant.models import AnswerGrid, GridData

_WORD = re.compile(r"[a-z0-9%$]+(?:[.'][a-z0-9]+)*")
EXACT = 10_000  # an exact label match outranks any containment


def label_words(label: str) -> tuple[str, ...]:
    """A label as the words it is compared by: lower case, '&' read as 'and'."""
    return tuple(_WORD.findall(label.lower().replace("&", " and ")))


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return n > 0 and any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def label_score(issuer: str, labels: Sequence[str]) -> int:
    """How well an issuer's label matches one of ``labels``: 0 for no match."""
    wanted = label_words(issuer)
    best = 0
    for label in labels:
        words = label_words(label)
        if not words:
            continue
        if words == wanted:
            return EXACT
        if _contains(wanted, words) or _contains(words, wanted):
            best = max(best, min(len(words), len(wanted)))
    return best


def best_match(issuer: str, candidates: Sequence[Sequence[str]]) -> int | None:
    """The index of the candidate (a list of labels) that matches ``issuer`` best, None if none or a tie."""
    scores = [label_score(issuer, labels) for labels in candidates]
    top = max(scores, default=0)
    if top == 0 or scores.count(top) > 1:
        return None
    return scores.index(top)


def grid_values(
    grid: AnswerGrid, data: GridData, render: Callable[[str], str]
) -> tuple[tuple[str | None, ...], ...]:
    """Each cell's text (None where the entry has no value), aligned with ``grid``'s rows and columns.

    ``render`` turns an entry's value (a template) into the text to write.
    """
    columns = [best_match(label, [c.labels for c in data.columns]) for label in grid.columns]
    values = []
    for label in grid.rows:
        row = best_match(label, [r.labels for r in data.rows])
        cells: list[str | None] = []
        for column in columns:
            value = (
                data.rows[row].value(data.columns[column].id)
                if row is not None and column is not None
                else None
            )
            cells.append(render(value) if value is not None else None)
        values.append(tuple(cells))
    return tuple(values)
