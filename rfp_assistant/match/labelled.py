"""Refitting a library's confidence model on a labelled set (``rfp-assistant calibrate``).

The library's pseudo-questions (:mod:`rfp_assistant.match.calibration`) teach the
confidence model how right and wrong matches look on the library's *own* phrasings. The
questions a team receives are worded by other people, and a labelled set of them shows
directly which signals tell a right best candidate from a wrong one there: how much a
high cosine means, how much a lonely best candidate without a close runner-up does.

:func:`refit_on_labels` fits the :class:`~rfp_assistant.match.confidence.ConfidenceModel`
on the labelled questions' best candidates (right, or wrong: another entry, or any entry
for a question the library cannot answer); a set with too few right or wrong answers to
fit on keeps the library's model (:data:`MIN_RIGHT`, :data:`MIN_WRONG`). :func:`folds`
splits a set the same way every time, for the cross-validation ``calibrate`` reports.

It is an option (``calibrate --refit``), not the default, because it helps one library and
not another. Cross-validated the way ``calibrate`` reports it (5 folds, the point chosen
on four, counted on the fifth): on the bundled library's calibration set, refitting gave
80 automatic answers with 79 right where its own model gave 21 with 19 right; on the
second library's dev split, 117 with 116 right against 110 with 108. But on the bundled
library's held-out sample RFPs, refitted on its calibration set, Harbor Point got 48
automatic answers instead of 60 (none wrong either way): its questions are worded like
its library, which its own model was fitted on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from rfp_assistant.match.confidence import ConfidenceModel
from rfp_assistant.match.qualifiers import CONFLICT_CONFIDENCE

FOLDS = 5
"""Folds of the cross-validation ``calibrate`` reports."""
MIN_RIGHT = 30
"""Right best candidates a labelled set needs before the confidence model is refitted on it."""
MIN_WRONG = 10
"""Wrong best candidates (other entry, or a question with no answer) needed likewise."""


def folds(texts: Sequence[str], count: int = FOLDS) -> np.ndarray:
    """A fold per text from its SHA-256, so the same set always splits the same way."""
    return np.array([int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % count for text in texts], dtype=int)


def can_refit(right: np.ndarray) -> bool:
    """Whether best candidates labelled ``right`` (1) or wrong (0) are enough to fit on."""
    right = np.asarray(right, dtype=int)
    return int(right.sum()) >= MIN_RIGHT and int((1 - right).sum()) >= MIN_WRONG


def refit_on_labels(features: np.ndarray, right: np.ndarray) -> ConfidenceModel | None:
    """The confidence model fitted on labelled best candidates, or None when they are too few for it.

    ``features`` describe each question's best candidate
    (:func:`rfp_assistant.match.engine.best_candidates`), ``right`` whether it is the
    expected entry; leave questions without any candidate out.
    """
    right = np.asarray(right, dtype=int)
    if not can_refit(right):
        return None
    return ConfidenceModel.fit(features, right)


def capped_confidence(model: ConfidenceModel, features: np.ndarray, conflicting: np.ndarray) -> np.ndarray:
    """``model``'s confidence, capped where the candidate names a sibling qualifier, as matching caps it."""
    predicted = model.predict(features)
    return np.where(conflicting, np.minimum(predicted, CONFLICT_CONFIDENCE), predicted)
