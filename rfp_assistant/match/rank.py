"""From evidence to ranked candidates: the combined score, the top entries and their confidence."""

from __future__ import annotations

import numpy as np

from rfp_assistant.match.confidence import ConfidenceModel, candidate_features
from rfp_assistant.match.qualifiers import cap_confidence
from rfp_assistant.match.signals import LibraryTexts, Signals
from rfp_assistant.models import Match
from rfp_assistant.settings import MatchSettings


def combine(signals: Signals, settings: MatchSettings) -> np.ndarray:
    """The weighted sum of the evidence, before clipping to [0, 1] (see :class:`MatchSettings`)."""
    return (
        settings.semantic_weight * signals.phrase_cosine
        + settings.answer_weight * signals.answer_cosine
        + settings.lexical_weight * signals.lexical
        + settings.answer_lexical_weight * signals.answer_lexical
        - settings.coverage_penalty * (1.0 - signals.coverage)
    )


def masked_scores(signals: Signals, settings: MatchSettings, allowed: np.ndarray | None) -> np.ndarray:
    """:func:`combine` with ``-inf`` where ``allowed`` (questions x entries) forbids the entry."""
    scores = combine(signals, settings).astype(np.float64)
    if allowed is not None:
        scores[~allowed] = -np.inf
    return scores


def top_entries(scores: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` best entry indices per row, best first; ties go to the earlier entry."""
    n_entries = scores.shape[1]
    k = min(k, n_entries)
    order = np.lexsort((np.broadcast_to(np.arange(n_entries), scores.shape), -scores), axis=1)
    return order[:, :k]


def rank(
    signals: Signals,
    library: LibraryTexts,
    settings: MatchSettings,
    model: ConfidenceModel,
    allowed: np.ndarray | None = None,
    conflicts: dict[tuple[int, int], str] | None = None,
) -> list[tuple[Match, ...]]:
    """For each question, the top-k entries by combined score, best first, each with its confidence.

    ``allowed`` (questions x entries, boolean) leaves entries out of a question's
    candidates; ``conflicts`` ((question, entry) -> reason, from
    :func:`rfp_assistant.match.qualifiers.conflicts`) caps the confidence of candidates
    that name a sibling of the question's qualifier. The same inputs always rank the same way.
    """
    return rank_scored(signals, masked_scores(signals, settings, allowed), library, settings, model, conflicts)


def rank_scored(
    signals: Signals,
    scores: np.ndarray,
    library: LibraryTexts,
    settings: MatchSettings,
    model: ConfidenceModel,
    conflicts: dict[tuple[int, int], str] | None = None,
    top: np.ndarray | None = None,
) -> list[tuple[Match, ...]]:
    """:func:`rank` from the :func:`masked_scores` computed already (and ``top``, their :func:`top_entries`)."""
    rows_count = scores.shape[0]
    if not rows_count or not scores.shape[1]:
        return [() for _ in range(rows_count)]
    if top is None:
        top = top_entries(scores, settings.top_k)
    rows = np.repeat(np.arange(rows_count), top.shape[1])
    cols = top.ravel()
    keep = np.isfinite(scores[rows, cols])
    rows, cols = rows[keep], cols[keep]
    confidence = model.predict(candidate_features(signals, scores, rows, cols)) if len(rows) else np.zeros(0)
    confidence = cap_confidence(confidence, rows, cols, conflicts or {})
    results: list[list[Match]] = [[] for _ in range(rows_count)]
    for row, col, conf in zip(rows, cols, confidence, strict=True):
        phrasing = int(signals.best_phrasing[row, col])
        results[row].append(
            Match(
                entry_id=library.entries[col].id,
                score=float(np.clip(scores[row, col], 0.0, 1.0)),
                matched_text=library.phrasings[phrasing],
                semantic=float(signals.phrase_cosine[row, col]),
                lexical=float(signals.lexical[row, col]),
                confidence=float(conf),
            )
        )
    return [tuple(r) for r in results]
