"""The evidence for each (question, entry) pair, before any weighting.

:class:`LibraryTexts` is what the library offers to match against: every entry's
phrasings (its question and alternates) and its answer text, with their embeddings.
:func:`signals` compares questions with it and returns :class:`Signals`, one matrix per
kind of evidence, shape (questions, entries):

- ``phrase_cosine``: the best embedding cosine to one of the entry's phrasings;
- ``answer_cosine``: the embedding cosine to the entry's answer text;
- ``lexical``: the best TF-IDF cosine to one of the entry's phrasings;
- ``answer_lexical``: the TF-IDF cosine to the entry's answer text;
- ``coverage``: the share of the question's distinctive content (rare words, IDF over the
  library and the questionnaire) that some text of the entry contains.

``held_out`` hides one phrasing from its own entry per question: the library's
self-calibration asks each phrasing as a question with itself out of the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from rfp_assistant.embed import Embedder, EmbeddingCache, Progress
from rfp_assistant.library.load import Glossary
from rfp_assistant.match.lexical import LexicalIndex, Normaliser, coverage
from rfp_assistant.models import LibraryEntry
from rfp_assistant.settings import MatchSettings
from rfp_assistant.text import one_line

_PLAN_VARIABLE = re.compile(r"\{\{\s*plan\.(\w+)\s*\}\}")
_TEMPLATE_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
NO_PHRASING = -1


def answer_text(entry: LibraryEntry, plan: dict[str, object]) -> str:
    """An entry's answer as words to match on: plan variables filled in, other markup dropped."""
    text = _PLAN_VARIABLE.sub(lambda m: str(plan.get(m.group(1), "")), entry.answer)
    return one_line(_TEMPLATE_MARKUP.sub(" ", text))


@dataclass(frozen=True)
class LibraryTexts:
    """The texts of the usable entries and their embeddings.

    ``phrasings`` lists every entry's question and alternates, entry by entry;
    ``owners[i]`` is the entry index of phrasing ``i`` and ``starts`` the first phrasing of
    each entry (phrasings of one entry are contiguous). ``answers`` has one text per entry.
    """

    entries: tuple[LibraryEntry, ...]
    phrasings: tuple[str, ...]
    owners: np.ndarray
    starts: np.ndarray
    answers: tuple[str, ...]
    phrasing_vectors: np.ndarray
    answer_vectors: np.ndarray

    @classmethod
    def build(
        cls,
        entries: Sequence[LibraryEntry],
        plan: dict[str, object],
        embedder: Embedder,
        cache: EmbeddingCache,
        progress: Progress | None = None,
    ) -> LibraryTexts:
        """Collect the texts and encode them (through ``cache``, so a second run encodes nothing)."""
        phrasings: list[str] = []
        owners: list[int] = []
        starts: list[int] = []
        for index, entry in enumerate(entries):
            starts.append(len(phrasings))
            for text in entry.phrasings:
                phrasings.append(one_line(text))
                owners.append(index)
        answers = tuple(answer_text(entry, plan) for entry in entries)
        vectors = cache.encode(embedder, [*phrasings, *answers], progress=progress)
        return cls(
            entries=tuple(entries),
            phrasings=tuple(phrasings),
            owners=np.asarray(owners, dtype=np.int64),
            starts=np.asarray(starts, dtype=np.int64),
            answers=answers,
            phrasing_vectors=vectors[: len(phrasings)],
            answer_vectors=vectors[len(phrasings) :],
        )

    @property
    def documents(self) -> tuple[str, ...]:
        """Phrasings then answers: the texts the lexical index holds, in that order."""
        return (*self.phrasings, *self.answers)

    def holders(self) -> sparse.csr_matrix:
        """(entries x documents) 0/1: which documents belong to which entry."""
        n_entries, n_phrasings = len(self.entries), len(self.phrasings)
        rows = np.concatenate([self.owners, np.arange(n_entries)])
        cols = np.arange(n_phrasings + n_entries)
        return sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=(n_entries, n_phrasings + n_entries)
        )


@dataclass(frozen=True)
class Signals:
    """Evidence matrices, each shape (questions, entries); see the module docstring."""

    phrase_cosine: np.ndarray
    answer_cosine: np.ndarray
    lexical: np.ndarray
    answer_lexical: np.ndarray
    coverage: np.ndarray
    best_phrasing: np.ndarray  # (questions, entries) index into LibraryTexts.phrasings


def _per_entry_max(matrix: np.ndarray, library: LibraryTexts) -> tuple[np.ndarray, np.ndarray]:
    """The best column of each entry's phrasings, and which phrasing it was."""
    best = np.maximum.reduceat(matrix, library.starts, axis=1)
    # argmax within each group: the first phrasing reaching the group's best (the earlier one on ties)
    hits = matrix >= best[:, library.owners]
    positions = np.where(hits, np.arange(matrix.shape[1])[np.newaxis, :], matrix.shape[1])
    which = np.minimum.reduceat(positions, library.starts, axis=1)
    return best, which


def signals(
    texts: Sequence[str],
    library: LibraryTexts,
    glossary: Glossary,
    embedder: Embedder,
    settings: MatchSettings,
    *,
    vectors: np.ndarray | None = None,
    held_out: np.ndarray | None = None,
    progress: Progress | None = None,
) -> Signals:
    """Compare each text with every entry. ``vectors`` are the texts' embeddings when known already.

    ``held_out[q]`` (a phrasing index, or ``NO_PHRASING``) hides that phrasing from its own
    entry for question ``q``, in every signal.
    """
    n_phrasings = len(library.phrasings)
    if vectors is None:
        unique = sorted(set(texts))
        position = {text: i for i, text in enumerate(unique)}
        encoded = embedder.encode(unique, progress=progress)
        vectors = encoded[[position[t] for t in texts]] if len(unique) else encoded
    phrase = vectors @ library.phrasing_vectors.T
    answer = vectors @ library.answer_vectors.T
    index = LexicalIndex.build(library.documents, texts, Normaliser(glossary))
    lexical_all = index.similarity()
    lexical = lexical_all[:, :n_phrasings]
    answer_lexical = lexical_all[:, n_phrasings:]

    holders = library.holders()
    counts = (holders @ index.presence).tocsr()  # how many of an entry's texts hold each word
    weights = index.distinctive(settings.distinctive_power)
    covered = coverage(index.query_presence, counts, weights)

    phrase = np.asarray(phrase, dtype=np.float32)
    if held_out is not None:
        rows = np.flatnonzero(held_out != NO_PHRASING)
        cols = held_out[rows]
        phrase[rows, cols] = -np.inf
        lexical = lexical.copy()
        lexical[rows, cols] = -np.inf
        for row, col in zip(rows, cols, strict=True):
            owner = library.owners[col]
            remaining = counts[owner] - index.presence[col]
            covered[row, owner] = coverage(index.query_presence[row], remaining, weights)[0, 0]
    phrase_best, which = _per_entry_max(phrase, library)
    lexical_best, _ = _per_entry_max(lexical, library)
    return Signals(
        phrase_cosine=np.maximum(phrase_best, 0.0),
        answer_cosine=np.maximum(np.asarray(answer, dtype=np.float32), 0.0),
        lexical=np.maximum(lexical_best, 0.0),
        answer_lexical=answer_lexical,
        coverage=covered,
        best_phrasing=which,
    )
