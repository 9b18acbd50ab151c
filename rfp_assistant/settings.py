"""Matching settings: named defaults, validated, buildable from None, a dict or an instance.

Two kinds of numbers live here. The *scoring weights* say how the evidence for a
(question, entry) pair adds up to the combined score; they were chosen on the second
library's development split (``tests/data/second_labels_dev.yaml``, see
``benchmarks/calibrate.py``) and hold for any library. The *operating point*
(``auto_confidence``, ``review_confidence``) depends on the library and the model: left
unset (None), it comes from the library's own calibration (its alternates asked as
questions, :mod:`rfp_assistant.match.calibration`); ``rfp-assistant calibrate`` writes
one measured on a labelled set into the library's ``settings.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Scoring weights (chosen on tests/data/second_labels_dev.yaml with all-MiniLM-L6-v2).
DEFAULT_SEMANTIC_WEIGHT = 0.25
DEFAULT_ANSWER_WEIGHT = 0.30
DEFAULT_LEXICAL_WEIGHT = 0.20
DEFAULT_ANSWER_LEXICAL_WEIGHT = 0.25
DEFAULT_COVERAGE_PENALTY = 0.40
DEFAULT_DISTINCTIVE_POWER = 2.0
# Decisions.
DEFAULT_MIN_MARGIN = 0.02
DEFAULT_VERBATIM_SIMILARITY = 0.90
DEFAULT_SHARED_ENTRY_EVIDENCE = 0.5
DEFAULT_SHARED_ENTRY_SCORE_SHARE = 0.6
DEFAULT_MIN_LIBRARY_FIT = 0.5
DEFAULT_TOP_K = 5

_UNIT_FIELDS = (
    "semantic_weight",
    "answer_weight",
    "lexical_weight",
    "answer_lexical_weight",
    "coverage_penalty",
    "min_margin",
    "verbatim_similarity",
    "shared_entry_evidence",
    "shared_entry_score_share",
    "min_library_fit",
)
_OPTIONAL_UNIT_FIELDS = ("auto_confidence", "review_confidence")


@dataclass(frozen=True)
class MatchSettings:
    """How evidence becomes a score, and a score a decision.

    The combined score (``Match.score``, in [0, 1]) is ``semantic_weight`` x the best cosine
    to one of the entry's phrasings + ``answer_weight`` x the cosine to its answer +
    ``lexical_weight`` x the best TF-IDF cosine to a phrasing + ``answer_lexical_weight``
    x the TF-IDF cosine to the answer - ``coverage_penalty`` x the share of the question's
    distinctive content (words weighted ``(idf - 1) ** distinctive_power``) that no text
    of the entry contains.

    A question is ``auto`` when its best candidate's confidence is at least
    ``auto_confidence`` and leads the runner-up's score by ``min_margin``; ``review``
    from ``review_confidence``; else ``none``. None for either means "as the library's
    calibration says". A question whose best entry is also the best of another question
    needs to close ``shared_entry_evidence`` of the distance from ``auto_confidence`` to
    1, and to score at least ``shared_entry_score_share`` of what the entry scores on the
    question that keeps it, to stay automatic, unless it restates one of the entry's
    phrasings (both cosines at least ``verbatim_similarity``). In a questionnaire whose
    library fit (the mean best-candidate confidence, :mod:`rfp_assistant.match.fit`) is
    below ``min_library_fit`` only such restatements are automatic (0 turns this off).
    """

    auto_confidence: float | None = None
    review_confidence: float | None = None
    min_margin: float = DEFAULT_MIN_MARGIN
    semantic_weight: float = DEFAULT_SEMANTIC_WEIGHT
    answer_weight: float = DEFAULT_ANSWER_WEIGHT
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT
    answer_lexical_weight: float = DEFAULT_ANSWER_LEXICAL_WEIGHT
    coverage_penalty: float = DEFAULT_COVERAGE_PENALTY
    distinctive_power: float = DEFAULT_DISTINCTIVE_POWER
    verbatim_similarity: float = DEFAULT_VERBATIM_SIMILARITY
    shared_entry_evidence: float = DEFAULT_SHARED_ENTRY_EVIDENCE
    shared_entry_score_share: float = DEFAULT_SHARED_ENTRY_SCORE_SHARE
    min_library_fit: float = DEFAULT_MIN_LIBRARY_FIT
    top_k: int = DEFAULT_TOP_K

    def __post_init__(self) -> None:
        for name in _UNIT_FIELDS + _OPTIONAL_UNIT_FIELDS:
            value = getattr(self, name)
            if value is None and name in _OPTIONAL_UNIT_FIELDS:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be a number between 0 and 1 (got {value!r})")
        power = self.distinctive_power
        if isinstance(power, bool) or not isinstance(power, int | float) or not 0.0 < float(power) <= 4.0:
            raise ValueError(f"distinctive_power must be a number above 0 and at most 4 (got {power!r})")
        if (
            self.auto_confidence is not None
            and self.review_confidence is not None
            and self.review_confidence > self.auto_confidence
        ):
            raise ValueError("review_confidence must not exceed auto_confidence")
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 1:
            raise ValueError(f"top_k must be a whole number of at least 1 (got {self.top_k!r})")

    @classmethod
    def resolve(cls, value: MatchSettings | dict[str, Any] | None = None, **overrides: Any) -> MatchSettings:
        """Build settings from None (defaults), a dict (e.g. ``settings.yaml``) or an instance.

        A ``calibration`` key in the dict (the record ``rfp-assistant calibrate`` writes
        beside the operating point) is provenance, not a setting, and is skipped here.
        """
        if value is None:
            base = cls()
        elif isinstance(value, cls):
            base = value
        elif isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != CALIBRATION_KEY}
            known = {f.name for f in fields(cls)}
            unknown = set(value) - known
            if unknown:
                raise ValueError(f"unknown matching settings: {', '.join(sorted(unknown))}")
            base = cls(**value)
        else:
            raise TypeError(f"cannot build MatchSettings from {type(value).__name__}")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **overrides) if overrides else base


CALIBRATION_KEY = "calibration"
"""The key under ``matching:`` in settings.yaml that records which labelled set set the operating point."""
