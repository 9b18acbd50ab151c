"""How sure a candidate is: a probability-like confidence learnt from several signals.

For a candidate entry of a question, :func:`candidate_features` reads six signals that
separate right matches from wrong ones: the best embedding cosine to one of its
phrasings, the best lexical cosine, the gap between its combined score and the best
other entry's, its standing within the question's own distribution of scores (how far
above the mean of the question's other candidates), how many of the single signals
rank it first (agreement of the semantic and lexical rankings) and the share of the
question's distinctive content its texts cover.

:class:`ConfidenceModel` turns them into a confidence in (0, 1): a logistic regression
on standardised features followed by a one-dimensional recalibration (Platt scaling).
It is fitted by :mod:`rfp_assistant.match.calibration` on the library's own
pseudo-questions, never set by hand; predicting needs only numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rfp_assistant.match.signals import Signals

FEATURES = ("cosine", "lexical", "gap", "standing", "agreement", "coverage")
"""The signals the confidence model reads, in column order."""
REGULARISATION = 0.01
"""Inverse L2 strength of the logistic regression: strong, so no single signal runs away."""
_TINY = 1e-6


def candidate_features(signals: Signals, scores: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Feature rows (len(rows), len(FEATURES)) for candidate ``cols[i]`` of question ``rows[i]``.

    ``scores`` is the (questions x entries) combined score before clipping, with
    ``-inf`` for entries a question may not use.
    """
    if not len(rows):
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    finite = np.isfinite(scores)
    own = scores[rows, cols]
    others = scores[rows].copy()
    others[np.arange(len(rows)), cols] = -np.inf
    runner_up = others.max(axis=1)
    gap = np.where(np.isfinite(runner_up), own - runner_up, own)
    # standing: how far above the question's other candidates on average (not divided by
    # their spread, which would grow with the library's size)
    finite_others = np.isfinite(others)
    other_mean = np.where(finite_others, others, 0.0).sum(axis=1) / np.maximum(finite_others.sum(axis=1), 1)
    standing = own - other_mean
    singles = (signals.phrase_cosine, signals.answer_cosine, signals.lexical, signals.answer_lexical, signals.coverage)
    agreement = np.mean([_ranks_first(np.where(finite, single, -np.inf), rows, cols) for single in singles], axis=0)
    return np.column_stack(
        [
            signals.phrase_cosine[rows, cols],
            signals.lexical[rows, cols],
            gap,
            standing,
            agreement,
            signals.coverage[rows, cols],
        ]
    ).astype(np.float64)


def _ranks_first(values: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """True where entry ``cols[i]`` alone has the highest value of row ``rows[i]`` (a tie is no vote)."""
    own = values[rows, cols]
    others = values[rows].copy()
    others[np.arange(len(rows)), cols] = -np.inf
    return own > others.max(axis=1)


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -50.0, 50.0)))


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression over standardised :data:`FEATURES`, then Platt scaling.

    ``confidence = sigmoid(slope * (coef . (x - mean) / scale + intercept) + shift)``.
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    slope: float = 1.0
    shift: float = 0.0

    def linear(self, features: np.ndarray) -> np.ndarray:
        """The regression's log-odds before recalibration."""
        z = (features - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Confidence in (0, 1) for each feature row."""
        return _sigmoid(self.slope * self.linear(features) + self.shift)

    def recalibrated(self, features: np.ndarray, right: np.ndarray, weights: np.ndarray | None = None) -> ConfidenceModel:
        """The same model with its Platt scaling refitted on ``features`` labelled ``right``."""
        slope, shift = platt(self.linear(features), right, weights)
        return ConfidenceModel(self.mean, self.scale, self.coef, self.intercept, slope, shift)

    @classmethod
    def fit(cls, features: np.ndarray, right: np.ndarray, weights: np.ndarray | None = None) -> ConfidenceModel:
        """Fit the regression and its Platt scaling on feature rows labelled right (1) or wrong (0).

        Every feature is evidence *for* a candidate (more of it never makes a match less
        likely), so a feature whose fitted weight comes out negative, an artefact of
        correlated signals, is dropped and the rest refitted.
        """
        from sklearn.linear_model import LogisticRegression

        mean = features.mean(axis=0)
        spread = features.std(axis=0)
        scale = np.where(spread > _TINY, spread, 1.0)
        standard = (features - mean) / scale
        used = np.ones(len(FEATURES), dtype=bool)
        coef = np.zeros(len(FEATURES))
        intercept = 0.0
        while used.any():
            regression = LogisticRegression(C=REGULARISATION, max_iter=1000)
            regression.fit(standard[:, used], right, sample_weight=weights)
            fitted = regression.coef_[0]
            intercept = float(regression.intercept_[0])
            if (fitted >= 0).all():
                coef[used] = fitted
                break
            used[np.flatnonzero(used)[fitted < 0]] = False
        model = cls(
            mean=tuple(float(v) for v in mean),
            scale=tuple(float(v) for v in scale),
            coef=tuple(float(v) for v in coef),
            intercept=intercept,
        )
        return model.recalibrated(features, right, weights)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "slope": self.slope,
            "shift": self.shift,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConfidenceModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("confidence model was fitted on other features")
        return cls(
            mean=_floats(data["mean"]),
            scale=_floats(data["scale"]),
            coef=_floats(data["coef"]),
            intercept=float(data["intercept"]),
            slope=float(data["slope"]),
            shift=float(data["shift"]),
        )


def _floats(values: Sequence[Any]) -> tuple[float, ...]:
    out = tuple(float(v) for v in values)
    if len(out) != len(FEATURES):
        raise ValueError("confidence model has the wrong number of coefficients")
    return out


PLATT_REGULARISATION = 1e4
"""Platt scaling is a two-parameter fit: regularise it only nominally."""


def platt(linear: np.ndarray, right: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """Slope and shift that turn log-odds ``linear`` into calibrated probabilities of ``right``."""
    from sklearn.linear_model import LogisticRegression

    if len(set(np.asarray(right).tolist())) < 2:
        return 1.0, 0.0
    fit = LogisticRegression(C=PLATT_REGULARISATION, max_iter=1000)
    fit.fit(np.asarray(linear).reshape(-1, 1), right, sample_weight=weights)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])
