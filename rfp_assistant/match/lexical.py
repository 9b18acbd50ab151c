"""The lexical signals: TF-IDF cosine and distinctive-word coverage over normalised words.

Acronyms and their expansions meet on the acronym ("Mental Health Parity and Addiction
Equity Act" and "MHPAEA" share a token), synonyms meet on their group's first word, on
both sides (the library's texts and the questions). Inverse document frequency is taken
over the library *and the incoming questionnaire* together, so the words every question of
a templated questionnaire shares ("policies", "procedures", "established", "documented")
weigh little and "audit", "business continuity", "URAC" or "18 months" weigh a lot. The
vectoriser is scikit-learn's; the stop words are the NLTK English list shipped by bm25s
(function words only: what a questionnaire repeats is left to the IDF).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from rfp_assistant.library.load import Glossary

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
MIN_TOKEN_LENGTH = 2
"""Shorter words are dropped, except digits ("SOC 1" and "SOC 2" differ by one)."""
DEFAULT_DISTINCTIVE_POWER = 2.0
"""How sharply coverage favours rare words: a word weighs ``(idf - 1) ** power``."""


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'claims'/'claim', 'guaranteed'/'guarantee'."""
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


class Normaliser:
    """Text -> tokens, with the glossary's acronyms and synonyms folded in."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        glossary = glossary or Glossary()
        self.stopwords = _stopwords()
        self.expansions = sorted(
            ((expansion.lower(), acronym.lower()) for acronym, expansion in glossary.acronyms.items()),
            key=lambda item: -len(item[0]),
        )
        self.synonyms: dict[str, str] = {}
        for group in glossary.synonyms:
            head = "_".join(group[0].lower().split())
            for word in group:
                self.synonyms[word.lower()] = head
        self._phrases = sorted((p for p in self.synonyms if " " in p), key=len, reverse=True)

    def tokens(self, text: str) -> list[str]:
        """The normalised, stemmed content words of ``text``, in order."""
        lowered = text.lower().replace("’", "'")
        for expansion, acronym in self.expansions:
            if expansion in lowered:
                lowered = lowered.replace(expansion, f" {acronym} ")
        for phrase in self._phrases:
            if phrase in lowered:
                lowered = lowered.replace(phrase, f" {self.synonyms[phrase]} ")
        out = []
        heads = set(self.synonyms.values())
        for word in _WORD.findall(lowered):
            word = self.synonyms.get(word, word)
            for part in word.split("-") if "-" in word and word not in heads else [word]:
                if part in self.stopwords or (len(part) < MIN_TOKEN_LENGTH and not part.isdigit()):
                    continue
                out.append(self.synonyms.get(part, stem(part)))
        return out


@dataclass(frozen=True)
class LexicalIndex:
    """TF-IDF rows of the library's texts and of the incoming questions, one vocabulary.

    ``documents`` and ``queries`` are sparse, L2-normalised TF-IDF rows (sublinear term
    frequency); ``presence`` and ``query_presence`` say which words each text contains;
    ``idf`` is per word, over documents and queries together; ``vocabulary`` maps each
    normalised word to its column.
    """

    documents: sparse.csr_matrix
    queries: sparse.csr_matrix
    presence: sparse.csr_matrix
    query_presence: sparse.csr_matrix
    idf: np.ndarray
    vocabulary: dict[str, int]

    @classmethod
    def build(cls, documents: Sequence[str], queries: Sequence[str], normaliser: Normaliser) -> LexicalIndex:
        """Fit the vocabulary and IDF on ``documents`` and ``queries`` together."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        tokenised = [normaliser.tokens(t) for t in (*documents, *queries)]
        vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float32)
        if not any(tokenised):
            tokenised = [tokens or ["_"] for tokens in tokenised]  # sklearn refuses an empty vocabulary
        matrix = sparse.csr_matrix(vectoriser.fit_transform(tokenised))
        presence = (matrix > 0).astype(np.float32).tocsr()
        split = len(documents)
        return cls(
            documents=matrix[:split],
            queries=matrix[split:],
            presence=presence[:split],
            query_presence=presence[split:],
            idf=np.asarray(vectoriser.idf_, dtype=np.float32),
            vocabulary={str(word): int(col) for word, col in vectoriser.vocabulary_.items()},
        )

    def similarity(self) -> np.ndarray:
        """Cosine of each query to each document: dense, shape (queries, documents)."""
        return np.asarray((self.queries @ self.documents.T).todense(), dtype=np.float32)

    def distinctive(self, power: float = DEFAULT_DISTINCTIVE_POWER) -> np.ndarray:
        """Each word's weight as distinctive content: 0 for a word in every text, rising with rarity."""
        return np.power(np.maximum(self.idf - 1.0, 0.0), power).astype(np.float32)


def text_similarity(documents: Sequence[str], queries: Sequence[str], normaliser: Normaliser) -> np.ndarray:
    """TF-IDF cosine of each query to each document, shape (queries, documents): for callers
    outside matching (near-duplicates, harvest) that compare texts with the matcher's words."""
    if not documents or not queries:
        return np.zeros((len(queries), len(documents)), dtype=np.float32)
    return LexicalIndex.build(documents, queries, normaliser).similarity()


def stopwords() -> frozenset[str]:
    """The words the lexical signal leaves out."""
    return _stopwords()


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def coverage(query_presence: sparse.csr_matrix, holder_presence: sparse.csr_matrix, weights: np.ndarray) -> np.ndarray:
    """Share of each query's distinctive weight that a holder's texts contain, shape (queries, holders).

    ``holder_presence`` has one row per holder (an entry: the union of its question,
    alternates and answer); a query without distinctive words is fully covered.
    """
    weighted = query_presence.multiply(weights[np.newaxis, :]).tocsr()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    covered = np.asarray((weighted @ (holder_presence > 0).astype(np.float32).T).todense(), dtype=np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total[:, np.newaxis] > 0, covered / np.maximum(total[:, np.newaxis], 1e-12), 1.0)
    return share.astype(np.float32)
