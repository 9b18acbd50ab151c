"""A question in several parts is answered automatically only by an entry that answers each of them.

Consultants ask two things in one cell: "What are your member service hours? Is a nurse
line available 24/7?". Scored as a whole, such a question looks as sure on the entry that
answers its first part as a one-part question does, though the second part belongs to
another entry and the answer sent would leave it out.

:func:`question_parts` splits a question into its parts: its sentences, its lettered
sub-parts ("a. ... b. ...") and clauses joined by ", and" that ask a question of their
own ("..., and how quickly are updates loaded?"). Follow-ups that ask nothing new ("If
yes, describe.", "Please explain.") and parts of fewer than
:data:`MIN_CONTENT_WORDS` content words are not parts.

:func:`part_conflicts` then matches each part of a question on its own. A candidate
entry of the question *leaves a part out* when another entry would answer that part
automatically by itself (its confidence on the part reaches the library's own automatic
threshold) and the candidate does not even come close to answering it (its confidence
on the part is below :data:`~rfp_assistant.match.qualifiers.CONFLICT_CONFIDENCE`, the
cap of a near neighbour). Such a candidate is treated as a near neighbour is: its
confidence is capped and it goes to review naming the part and the other entry, for a
person to combine the two answers. The check only ever holds back; it never changes the
ranking. Its two thresholds are the library's own: none is set for a particular set of
questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

from rfp_assistant.embed import Embedder
from rfp_assistant.library.load import Glossary
from rfp_assistant.match.confidence import ConfidenceModel, candidate_features
from rfp_assistant.match.lexical import Normaliser
from rfp_assistant.match.qualifiers import CONFLICT_CONFIDENCE, cap_confidence
from rfp_assistant.match.qualifiers import conflicts as qualifier_conflicts
from rfp_assistant.match.rank import masked_scores, top_entries
from rfp_assistant.match.signals import LibraryTexts, encode_texts, signals
from rfp_assistant.settings import MatchSettings

MIN_CONTENT_WORDS = 3
"""A part names at least this many words that are not function words ("Is there a fee?" is no part)."""
QUOTE_LENGTH = 80
"""How much of a part the review reason quotes."""

_ASKING = r"(?i:do|does|did|is|are|was|were|will|would|can|could|have|has|what|how|when|where|which|who|whether)\b"
_BOUNDARY = re.compile(
    r"(?<=\?)\s+"  # after a question mark
    r"|(?<=[a-z0-9)][.;])\s+(?=[A-Z(])"  # after a sentence or a semicolon, before a capital ("A.M. Best" stays)
    r"|[:\s]\s*(?=\(?\b[a-hA-H][.)]\s)"  # before a lettered sub-part: "a. ", "(b) "
    rf"|,\s+(?i:and)\s+(?={_ASKING})"  # ", and how quickly ...", ", and do you ..."
)
_FOLLOW_UP = re.compile(
    r"^(?:if (?:so|yes|not|no|applicable)\b|please (?:describe|explain|elaborate|provide details)\b"
    r"|(?:describe|explain|elaborate)\.?$)",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^\(?[a-hA-H][.)]\s+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'/-]*")
_REQUEST_WORDS = frozenset({"describe", "explain", "include", "list", "please", "provide", "state"})
"""Words that ask without saying what: not content, though no stop word list holds them."""


@cache
def _function_words() -> frozenset[str]:
    return Normaliser().stopwords | _REQUEST_WORDS


def _content_words(part: str) -> int:
    skipped = _function_words()
    return sum(word.lower() not in skipped for word in _WORD.findall(part))


def question_parts(text: str) -> tuple[str, ...]:
    """The parts of a question that ask something of their own; () for a question in one part."""
    parts = []
    for piece in _BOUNDARY.split(" ".join(text.split())):
        part = _LETTER.sub("", piece.strip(" ,;:"))
        if part and not _FOLLOW_UP.match(part) and _content_words(part) >= MIN_CONTENT_WORDS:
            parts.append(part)
    return tuple(parts) if len(parts) > 1 else ()


def _quote(part: str) -> str:
    return part if len(part) <= QUOTE_LENGTH else part[: QUOTE_LENGTH - 3].rstrip() + "..."


def part_conflicts(
    texts: Sequence[str],
    candidates: np.ndarray,
    library: LibraryTexts,
    glossary: Glossary,
    embedder: Embedder,
    settings: MatchSettings,
    model: ConfidenceModel,
    auto_confidence: float,
    allowed: np.ndarray | None = None,
) -> dict[tuple[int, int], str]:
    """(question row, entry index) -> reason, for each candidate that leaves a part of its question out.

    ``candidates`` (questions x k entry indices) are the candidates to check;
    ``model`` and ``auto_confidence`` are the library's own confidence model and
    automatic threshold; ``allowed`` (questions x entries) as for
    :func:`~rfp_assistant.match.rank.masked_scores`.
    """
    owners: list[int] = []
    parts: list[str] = []
    for row, text in enumerate(texts):
        for part in question_parts(text):
            owners.append(row)
            parts.append(part)
    if not parts:
        return {}
    owner = np.asarray(owners, dtype=np.int64)
    evidence = signals(parts, library, glossary, embedder, settings, vectors=encode_texts(embedder, parts))
    scores = masked_scores(evidence, settings, allowed[owner] if allowed is not None else None)
    best = top_entries(scores, 1)[:, 0]
    part_rows = np.arange(len(parts))
    sure = model.predict(candidate_features(evidence, scores, part_rows, best))
    near = qualifier_conflicts(parts, library.phrasings, library.owners, len(library.entries), library.answers)
    sure = cap_confidence(sure, part_rows, best, near)
    answered_elsewhere = np.flatnonzero((sure >= auto_confidence) & np.isfinite(scores[part_rows, best]))
    found: dict[tuple[int, int], str] = {}
    for part_row in answered_elsewhere.tolist():
        row, other = int(owner[part_row]), int(best[part_row])
        cols = np.asarray([c for c in candidates[row].tolist() if c != other and np.isfinite(scores[part_row, c])])
        if not len(cols):
            continue
        rows = np.full(len(cols), part_row)
        on_part = cap_confidence(model.predict(candidate_features(evidence, scores, rows, cols)), rows, cols, near)
        for col in cols[on_part < CONFLICT_CONFIDENCE].tolist():
            found.setdefault(
                (row, int(col)),
                f"the part \"{_quote(parts[part_row])}\" is answered by {library.entries[other].id}",
            )
    return found
