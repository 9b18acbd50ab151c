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
    semantic: np.ndarray, lexical: np.ndarray, phrasings: Phrasings, settings: MatchSettings
) -> list[tuple[Match, ...]]:
    """For each question (row), the top-k entries by their best phrasing, best first.

    Ties are broken by entry order so that the same inputs always rank the same way.
    """
    scores = combine(semantic, lexical, settings)
    owners = np.asarray(phrasings.owners)
    n_entries = len(phrasings.entries)
    results: list[tuple[Match, ...]] = []
    for row in range(scores.shape[0]):
        best_score = np.full(n_entries, -1.0)
        best_text = np.zeros(n_entries, dtype=np.int64)
        for col in np.argsort(-scores[row], kind="stable"):
            owner = owners[col]
            if best_score[owner] < 0:
                best_score[owner] = scores[row, col]
                best_text[owner] = col
        order = sorted(range(n_entries), key=lambda e: (-best_score[e], e))[: settings.top_k]
        results.append(
            tuple(
                Match(
                    entry_id=phrasings.entries[e].id,
                    score=float(best_score[e]),
                    matched_text=phrasings.texts[best_text[e]],
                    semantic=float(semantic[row, best_text[e]]),
                    lexical=float(lexical[row, best_text[e]]),
                )
                for e in order
            )
        )
    return results
