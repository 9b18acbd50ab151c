"""Matching settings: named defaults, validated, buildable from None, a dict or an instance."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Calibrated on tests/data/match_labels.yaml with all-MiniLM-L6-v2 (benchmarks/calibrate.py).
DEFAULT_AUTO_THRESHOLD = 0.64
DEFAULT_REVIEW_THRESHOLD = 0.48
DEFAULT_MIN_MARGIN = 0.05
DEFAULT_SEMANTIC_WEIGHT = 0.80
DEFAULT_TOP_K = 5


@dataclass(frozen=True)
class MatchSettings:
    """How scores become decisions.

    ``auto_threshold``: a best score at or above it (with ``min_margin`` over the
    runner-up) is answered automatically; ``review_threshold``: below it the question is
    left blank; in between, a person reviews. The combined score is
    ``semantic_weight * cosine + (1 - semantic_weight) * lexical``.
    """

    auto_threshold: float = DEFAULT_AUTO_THRESHOLD
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD
    min_margin: float = DEFAULT_MIN_MARGIN
    semantic_weight: float = DEFAULT_SEMANTIC_WEIGHT
    top_k: int = DEFAULT_TOP_K

    def __post_init__(self) -> None:
        for name in ("auto_threshold", "review_threshold", "min_margin", "semantic_weight"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be a number between 0 and 1 (got {value!r})")
        if self.review_threshold > self.auto_threshold:
            raise ValueError("review_threshold must not exceed auto_threshold")
        if not isinstance(self.top_k, int) or self.top_k < 1:
            raise ValueError(f"top_k must be a whole number of at least 1 (got {self.top_k!r})")

    @property
    def lexical_weight(self) -> float:
        return 1.0 - self.semantic_weight

    @classmethod
    def resolve(cls, value: MatchSettings | dict[str, Any] | None = None, **overrides: Any) -> MatchSettings:
        """Build settings from None (defaults), a dict (e.g. ``settings.yaml``) or an instance."""
        if value is None:
            base = cls()
        elif isinstance(value, cls):
            base = value
        elif isinstance(value, dict):
            known = {f.name for f in fields(cls)}
            unknown = set(value) - known
            if unknown:
                raise ValueError(f"unknown matching settings: {', '.join(sorted(unknown))}")
            base = cls(**value)
        else:
            raise TypeError(f"cannot build MatchSettings from {type(value).__name__}")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **overrides) if overrides else base
