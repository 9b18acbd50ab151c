"""The lexical signal: TF-IDF cosine over normalised words, so rare domain terms count.

Acronyms and their expansions meet on the acronym ("Mental Health Parity and
Addiction Equity Act" and "MHPAEA" share a token), synonyms meet on their group's
first word, and inverse document frequency over the library makes "stop-loss",
"HEDIS" or "subrogation" weigh more than "provide" or "plan".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from rfp_assistant.library.load import Glossary

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "please",
        "provide",
        "describe",
        "explain",
        "same",
        "shall",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


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
        self.expansions = sorted(
            ((expansion.lower(), acronym.lower()) for acronym, expansion in glossary.acronyms.items()),
            key=lambda item: -len(item[0]),
        )
        self.synonyms: dict[str, str] = {}
        for group in glossary.synonyms:
            head = "_".join(group[0].split())
            for word in group:
                self.synonyms[word.lower()] = head

    def tokens(self, text: str) -> list[str]:
        lowered = text.lower().replace("’", "'")
        for expansion, acronym in self.expansions:
            if expansion in lowered:
                lowered = lowered.replace(expansion, f" {acronym} ")
        for phrase, head in self.synonyms.items():
            if " " in phrase and phrase in lowered:
                lowered = lowered.replace(phrase, f" {head} ")
        out = []
        for word in _WORD.findall(lowered):
            word = self.synonyms.get(word, word)
            for part in word.split("-") if "-" in word and word not in self.synonyms.values() else [word]:
                if part in STOPWORDS or len(part) < 2:
                    continue
                out.append(self.synonyms.get(part, stem(part)))
        return out


class TfidfIndex:
    """TF-IDF vectors of a fixed set of documents (the library's phrasings)."""

    def __init__(self, documents: Sequence[str], normaliser: Normaliser) -> None:
        self.normaliser = normaliser
        tokenised = [normaliser.tokens(d) for d in documents]
        df: Counter[str] = Counter()
        for tokens in tokenised:
            df.update(set(tokens))
        self.vocabulary = {term: i for i, term in enumerate(sorted(df))}
        n = len(documents)
        self.idf = np.array([math.log((n + 1) / (df[t] + 1)) + 1.0 for t in sorted(df)], dtype=np.float32)
        self.matrix = self._vectors(tokenised)

    def _vectors(self, tokenised: list[list[str]]) -> np.ndarray:
        matrix = np.zeros((len(tokenised), len(self.vocabulary)), dtype=np.float32)
        for row, tokens in enumerate(tokenised):
            for term, count in Counter(tokens).items():
                col = self.vocabulary.get(term)
                if col is not None:
                    matrix[row, col] = (1.0 + math.log(count)) * self.idf[col]
            norm = np.linalg.norm(matrix[row])
            if norm:
                matrix[row] /= norm
        return matrix

    def similarity(self, queries: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each query to each document: shape (queries, documents)."""
        vectors = self._vectors([self.normaliser.tokens(q) for q in queries])
        return vectors @ self.matrix.T
