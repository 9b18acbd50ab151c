"""Each library's own operating point, learnt from its own phrasings (and cached).

A library knows, for most of its entries, more than one way to ask for them: the
question and its alternates. Held out of the index in turn, each of those phrasings is a
*pseudo-question* with a known answer:

- asked with only itself held out, its entry is still there (through the other
  phrasings and the answer): whether the matcher's best candidate is that entry says
  how right matches look for this library and this model;
- asked with its whole entry held out, the library has no answer for it: the best
  candidate is a near neighbour, and how confident it looks says how a question the
  library cannot answer looks.

:func:`self_calibrate` fits the :class:`~rfp_assistant.match.confidence.ConfidenceModel`
on those examples (the unanswerable ones weighted to :data:`UNANSWERABLE_SHARE` of the
whole) and sets ``auto_confidence`` where the pseudo-questions' automatic answers are
right :data:`TARGET_PRECISION` of the time. A library with fewer than
:data:`MIN_PSEUDO_QUESTIONS` answerable pseudo-questions, or where that precision is out
of reach, gets the conservative built-in calibration instead, and says so.
:func:`library_calibration` caches the result beside the library embeddings.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

import numpy as np

from rfp_assistant.library.load import Glossary
from rfp_assistant.match.confidence import ConfidenceModel, candidate_features
from rfp_assistant.match.qualifiers import CONFLICT_CONFIDENCE, pair_conflicts
from rfp_assistant.match.rank import masked_scores
from rfp_assistant.match.signals import LibraryTexts, signals
from rfp_assistant.settings import MatchSettings

CALIBRATION_VERSION = 9
"""Bumped whenever features or fitting change, so older cached calibrations are ignored."""
MIN_PSEUDO_QUESTIONS = 30
"""Answerable pseudo-questions (phrasings of entries that have two or more) needed to self-calibrate."""
TARGET_PRECISION = 0.98
"""Share of automatic answers that must be right, on the pseudo-questions or a labelled set."""
UNANSWERABLE_SHARE = 0.2
"""The share of a questionnaire's questions assumed to have no answer in the library."""
REVIEW_RECALL = 0.98
"""``review_confidence`` keeps this share of the right pseudo-matches out of ``none``."""

# The conservative built-in calibration, for libraries with too few alternates: the model
# was fitted on the bundled answer_library's pseudo-questions with all-MiniLM-L6-v2
# (benchmarks/calibrate.py --builtin) and the operating point set stricter than that
# library's own, so that a library nobody has calibrated rarely answers wrongly.
BUILTIN_MODEL = ConfidenceModel(
    mean=(0.5341, 0.2721, 0.1228, 0.4404, 0.4718, 0.5538),
    scale=(0.1304, 0.1567, 0.1277, 0.1594, 0.2738, 0.2443),
    coef=(0.0000, 0.0000, 0.5394, 0.3368, 0.5263, 0.1318),
    intercept=0.0734,
    slope=1.3232,
    shift=-0.0250,
)
BUILTIN_ORIGIN = "the bundled library's pseudo-questions (the built-in model)"
BUILTIN_AUTO_CONFIDENCE = 0.90
BUILTIN_REVIEW_CONFIDENCE = 0.15

CONFIDENCE_MODEL_KEY = "confidence_model"
"""The key of the ``calibration:`` record in settings.yaml holding a model refitted on the labelled set."""

Source = Literal["library", "built-in", "labels"]


@dataclass(frozen=True)
class Calibration:
    """A confidence model and the operating point that goes with it.

    ``source`` is where the operating point came from; ``description`` says it in words
    (it goes into the review report's Summary); ``model_origin`` says what the confidence
    model was fitted on.
    """

    model: ConfidenceModel
    auto_confidence: float
    review_confidence: float
    source: Source
    description: str
    model_origin: str = "the built-in model"

    def applied(
        self, settings: MatchSettings, labelled: dict[str, Any] | None = None, model_name: str | None = None
    ) -> Calibration:
        """This calibration with the operating point ``settings`` fix (from settings.yaml or a caller).

        ``labelled`` is the ``calibration:`` record ``rfp-assistant calibrate`` wrote
        beside the operating point, used to describe it. When it holds a confidence model
        refitted on the labelled set for the embedding model ``model_name``, that model
        replaces the library's own (a model refitted for another embedding model is not used).
        """
        if settings.auto_confidence is None and settings.review_confidence is None:
            return self
        auto = self.auto_confidence if settings.auto_confidence is None else settings.auto_confidence
        review = self.review_confidence if settings.review_confidence is None else settings.review_confidence
        model, origin = self.model, self.model_origin
        if labelled:
            refitted = _refitted(labelled, model_name)
            if refitted is not None:
                model = refitted
                origin = f"the labelled set {labelled.get('labels', '?')} (refitted by calibrate --refit)"
            description = (
                f"labelled set {labelled.get('labels', '?')} ({labelled.get('questions', '?')} questions): "
                f"auto from confidence {auto:.2f}, confidence model fitted on {origin}"
            )
            source: Source = "labels"
        else:
            description = f"settings: auto from confidence {auto:.2f}, confidence model fitted on {origin}"
            source = self.source
        return Calibration(model, auto, min(review, auto), source, description, origin)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": CALIBRATION_VERSION,
            "model": self.model.to_dict(),
            "auto_confidence": self.auto_confidence,
            "review_confidence": self.review_confidence,
            "source": self.source,
            "description": self.description,
            "model_origin": self.model_origin,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        if data.get("version") != CALIBRATION_VERSION:
            raise ValueError("calibration from another version")
        return cls(
            model=ConfidenceModel.from_dict(data["model"]),
            auto_confidence=float(data["auto_confidence"]),
            review_confidence=float(data["review_confidence"]),
            source=data["source"],
            description=str(data["description"]),
            model_origin=str(data["model_origin"]),
        )


def _refitted(labelled: dict[str, Any], model_name: str | None) -> ConfidenceModel | None:
    """The confidence model a ``calibration:`` record holds, when it was fitted for ``model_name``."""
    data = labelled.get(CONFIDENCE_MODEL_KEY)
    if not isinstance(data, dict) or model_name is None or labelled.get("model") != model_name:
        return None
    try:
        return ConfidenceModel.from_dict(data)
    except (ValueError, KeyError, TypeError):
        return None


BUILTIN = Calibration(
    BUILTIN_MODEL,
    BUILTIN_AUTO_CONFIDENCE,
    BUILTIN_REVIEW_CONFIDENCE,
    "built-in",
    "built-in conservative defaults",
    BUILTIN_ORIGIN,
)


@dataclass(frozen=True)
class PseudoQuestions:
    """Feature rows of the best candidate of each pseudo-question, and whether it is right.

    ``unanswerable`` marks the rows asked with their whole entry held out; ``conflicting``
    the rows whose best candidate names a sibling of the phrasing's qualifier
    (:mod:`rfp_assistant.match.qualifiers`), whose confidence the matcher caps.
    """

    features: np.ndarray
    right: np.ndarray
    unanswerable: np.ndarray
    conflicting: np.ndarray | None = None

    def confidence(self, model: ConfidenceModel) -> np.ndarray:
        """``model``'s confidence in each row's best candidate, capped where it conflicts, as matching does."""
        predicted = model.predict(self.features)
        if self.conflicting is None:
            return predicted
        return np.where(self.conflicting, np.minimum(predicted, CONFLICT_CONFIDENCE), predicted)

    @property
    def answerable_count(self) -> int:
        return int((~self.unanswerable).sum())

    def weights(self, unanswerable_share: float = UNANSWERABLE_SHARE) -> np.ndarray:
        """Sample weights giving the unanswerable rows ``unanswerable_share`` of the total (mean 1)."""
        n_no, n_yes = int(self.unanswerable.sum()), int((~self.unanswerable).sum())
        if not n_no or not n_yes:
            return np.ones(len(self.right))
        share = np.where(self.unanswerable, unanswerable_share / n_no, (1 - unanswerable_share) / n_yes)
        return share * len(self.right)


def pseudo_questions(library: LibraryTexts, glossary: Glossary, settings: MatchSettings) -> PseudoQuestions:
    """Ask every phrasing of the library as a question, held out of the index (see the module docstring)."""
    count = len(library.phrasings)
    if not count or len(library.entries) < 2:
        empty = np.zeros(0)
        return PseudoQuestions(np.zeros((0, 6)), empty, empty.astype(bool))
    held = np.arange(count)
    evidence = signals(
        library.phrasings, library, glossary, _NoEncoder(), settings, vectors=library.phrasing_vectors, held_out=held
    )
    owners = library.owners
    rows = np.arange(count)
    # answerable: only the phrasing itself is held out; keep entries with another phrasing left
    phrasings_per_entry = np.bincount(owners, minlength=len(library.entries))
    keep = phrasings_per_entry[owners] > 1
    scores = masked_scores(evidence, settings, None)
    best = scores.argmax(axis=1)
    answerable = candidate_features(evidence, scores, rows[keep], best[keep])
    answerable_right = (best[keep] == owners[keep]).astype(int)
    # unanswerable: the whole entry is held out
    allowed = np.ones(scores.shape, dtype=bool)
    allowed[rows, owners] = False
    held_scores = masked_scores(evidence, settings, allowed)
    held_best = held_scores.argmax(axis=1)
    # A phrasing that another entry restates word for word has a duplicate, not a near
    # neighbour: that entry would answer it, so it is no example of an unanswerable question.
    duplicate = (evidence.phrase_cosine[rows, held_best] >= settings.verbatim_similarity) & (
        evidence.lexical[rows, held_best] >= settings.verbatim_similarity
    )
    rows, held_best = rows[~duplicate], held_best[~duplicate]
    unanswerable = candidate_features(evidence, held_scores, rows, held_best)
    phrasings = library.phrasings
    return PseudoQuestions(
        features=np.vstack([answerable, unanswerable]),
        right=np.concatenate([answerable_right, np.zeros(len(rows), dtype=int)]),
        unanswerable=np.concatenate([np.zeros(len(answerable), dtype=bool), np.ones(len(rows), dtype=bool)]),
        conflicting=np.concatenate(
            [
                pair_conflicts(phrasings, owners, np.arange(count)[keep], best[keep], library.answers),
                pair_conflicts(phrasings, owners, rows, held_best, library.answers),
            ]
        ),
    )


class _NoEncoder:
    """Pseudo-questions are library phrasings, whose vectors are known: nothing is encoded."""

    name = "none"

    def encode(self, texts: Any, progress: Any = None) -> np.ndarray:  # pragma: no cover - never called
        raise AssertionError("pseudo-questions are never encoded")


def precision_threshold(
    confidence: np.ndarray, right: np.ndarray, target: float, weights: np.ndarray | None = None
) -> float | None:
    """The lowest confidence at which answers at or above it are right ``target`` of the time (weighted).

    None when no threshold reaches ``target``.
    """
    if not len(confidence):
        return None
    weights = np.ones(len(confidence)) if weights is None else weights
    order = np.argsort(-confidence, kind="stable")
    precision = np.cumsum((weights * right)[order]) / np.cumsum(weights[order])
    # only cut between distinct confidences
    distinct = np.append(confidence[order][1:] != confidence[order][:-1], True)
    ok = np.flatnonzero((precision >= target) & distinct)
    return float(confidence[order][ok[-1]]) if ok.size else None


def self_calibrate(library: LibraryTexts, glossary: Glossary, settings: MatchSettings) -> Calibration:
    """The library's own calibration, or :data:`BUILTIN` when its phrasings cannot support one."""
    pseudo = pseudo_questions(library, glossary, settings)
    answerable = pseudo.answerable_count
    if answerable < MIN_PSEUDO_QUESTIONS or len(set(pseudo.right.tolist())) < 2:
        return _builtin(
            f"the library has {answerable} answerable pseudo-questions (alternates), "
            f"fewer than the {MIN_PSEUDO_QUESTIONS} needed to calibrate on its own"
        )
    weights = pseudo.weights()
    model = ConfidenceModel.fit(pseudo.features, pseudo.right, weights)
    confidence = pseudo.confidence(model)
    auto = precision_threshold(confidence, pseudo.right, TARGET_PRECISION, weights)
    right = confidence[pseudo.right == 1]
    review = float(np.quantile(right, 1 - REVIEW_RECALL)) if len(right) else BUILTIN_REVIEW_CONFIDENCE
    origin = (
        f"the library's own {answerable} answerable and {int(pseudo.unanswerable.sum())} unanswerable pseudo-questions"
    )
    if auto is None:
        return Calibration(
            model,
            BUILTIN_AUTO_CONFIDENCE,
            min(review, BUILTIN_AUTO_CONFIDENCE),
            "built-in",
            f"built-in conservative operating point (auto from confidence {BUILTIN_AUTO_CONFIDENCE:.2f}): on "
            f"{origin}, automatic answers never reach {TARGET_PRECISION:.0%} right, because its own near "
            "neighbours look as sure as right matches; calibrate on a labelled set to answer more",
            origin,
        )
    return Calibration(
        model,
        auto,
        min(review, auto),
        "library",
        f"self-calibrated on {origin}: auto from confidence {auto:.2f}",
        origin,
    )


def _builtin(reason: str) -> Calibration:
    return Calibration(
        BUILTIN_MODEL,
        BUILTIN_AUTO_CONFIDENCE,
        BUILTIN_REVIEW_CONFIDENCE,
        "built-in",
        f"built-in conservative defaults ({reason})",
        BUILTIN_ORIGIN,
    )


def calibration_key(library: LibraryTexts, glossary: Glossary, settings: MatchSettings, model_name: str) -> str:
    """What a cached calibration depends on: the texts, glossary, scoring weights and model."""
    scoring = {
        f.name: getattr(settings, f.name)
        for f in fields(settings)
        if f.name not in ("auto_confidence", "review_confidence", "top_k", "min_library_fit")
    }
    payload = json.dumps(
        [
            CALIBRATION_VERSION,
            model_name,
            library.phrasings,
            library.owners.tolist(),
            library.answers,
            sorted(glossary.acronyms.items()),
            [list(group) for group in glossary.synonyms],
            scoring,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def library_calibration(
    library: LibraryTexts,
    glossary: Glossary,
    settings: MatchSettings,
    model_name: str,
    cache_dir: Path | None,
) -> Calibration:
    """The library's self-calibration, from ``cache_dir`` when it was computed before.

    A cache that cannot be read or written is ignored: it only ever saves time.
    """
    if cache_dir is None:
        return self_calibrate(library, glossary, settings)
    path = cache_dir / f"calibration-{calibration_key(library, glossary, settings, model_name)[:32]}.json"
    try:
        return Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    calibration = self_calibrate(library, glossary, settings)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=cache_dir, suffix=".json.tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(calibration.to_dict(), stream)
        os.replace(temp, path)
    except OSError:
        pass
    return calibration
