"""Scoring every question against every library phrasing; best phrasing per entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rfp_assistant.models import LibraryEntry, Match
from rfp_assistant.settings import MatchSettings


@dataclass(frozen=True)
class Phrasings:
    """The flat list of texts the library offers, each tied to its entry."""

    texts: tuple[str, ...]
    owners: tuple[int, ...]  # index into entries, per text
    entries: tuple[LibraryEntry, ...]

    @classmethod
    def of(cls, entries: Sequence[LibraryEntry]) -> Phrasings:
        texts: list[str] = []
        owners: list[int] = []
        for index, entry in enumerate(entries):
            for text in entry.phrasings:
                texts.append(text)
                owners.append(index)
        return cls(tuple(texts), tuple(owners), tuple(entries))


def combine(semantic: np.ndarray, lexical: np.ndarray, settings: MatchSettings) -> np.ndarray:
    """The combined score in [0, 1]: a weighted mean of cosine similarity and TF-IDF cosine."""
    return np.clip(
        settings.semantic_weight * np.clip(semantic, 0.0, 1.0) + settings.lexical_weight * lexical, 0.0, 1.0
    )


def rank(
    semantic: np.ndarray,
    lexical: np.ndarray,
    phrasings: Phrasings,
    settings: MatchSettings,
    allowed: np.ndarray | None = None,
) -> list[tuple[Match, ...]]:
    """For each question (row), the top-k entries by their best phrasing, best first.

    ``allowed`` (questions x entries, boolean) leaves entries out of a question's
    candidates. Ties are broken by phrasing and entry order so that the same inputs always
    rank the same way.
    """
    scores = combine(semantic, lexical, settings)
    rows, n_entries = scores.shape[0], len(phrasings.entries)
    owners = np.asarray(phrasings.owners)
    best = np.full((rows, n_entries), -np.inf)
    best_text = np.zeros((rows, n_entries), dtype=np.int64)
    every_row = np.arange(rows)
    for entry in range(n_entries):
        cols = np.flatnonzero(owners == entry)
        if not cols.size:
            continue
        pick = scores[:, cols].argmax(axis=1)  # the first of equal scores: the earlier phrasing
        best[:, entry] = scores[every_row, cols[pick]]
        best_text[:, entry] = cols[pick]
    if allowed is not None:
        best[~allowed] = -np.inf
    results: list[tuple[Match, ...]] = []
    for row in range(rows):
        order = np.lexsort((np.arange(n_entries), -best[row]))[: settings.top_k]
        results.append(
            tuple(
                Match(
                    entry_id=phrasings.entries[e].id,
                    score=float(best[row, e]),
                    matched_text=phrasings.texts[best_text[row, e]],
                    semantic=float(semantic[row, best_text[row, e]]),
                    lexical=float(lexical[row, best_text[row, e]]),
                )
                for e in order
                if np.isfinite(best[row, e])
            )
        )
    return results
