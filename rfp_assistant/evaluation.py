"""Scoring the matcher on a labelled set, and choosing the operating point from one.

A labelled set is a list of questions, each with the entry that answers it or None when
the library has no answer (``{text, expected}`` in YAML, ``question`` accepted for
``text``; an xlsx with those column headers works too). :func:`evaluate` matches them
as a pool of unrelated questions (not one questionnaire) and measures:

- ``top1``, ``recall_at_5`` and ``mrr`` over the answerable questions;
- ``auto_precision``: the share of automatic answers that are right (an automatic answer
  to a question the library cannot answer is wrong), and ``auto_coverage``: right
  automatic answers over answerable questions;
- ``unanswerable_left_alone``: the share of unanswerable questions not answered automatically;
- ``review``: what the questions sent to review leave a person (:class:`ReviewLoad`).

:func:`operating_points` lists the precision/coverage trade-off over confidence
thresholds, and :func:`choose_operating_point` the lowest threshold keeping automatic
answers right :data:`~rfp_assistant.match.calibration.TARGET_PRECISION` of the time,
which ``rfp-assistant calibrate`` writes into the library's ``settings.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from rfp_assistant.account import AccountProfile
from rfp_assistant.decisions import MAX_RANK
from rfp_assistant.embed import Embedder, EmbeddingCache, StageProgress
from rfp_assistant.errors import InputError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match import match
from rfp_assistant.match.calibration import CONFIDENCE_MODEL_KEY, TARGET_PRECISION
from rfp_assistant.match.confidence import ConfidenceModel
from rfp_assistant.models import Question, Questionnaire, QuestionResult, Response, XlsxLocation
from rfp_assistant.settings import MatchSettings

RECALL_DEPTH = 5
"""recall@k is measured at this depth (and the matcher lists at least this many candidates)."""


@dataclass(frozen=True)
class Label:
    """One labelled question: its text and the entry that answers it (None: no entry does)."""

    text: str
    expected: str | None


def load_labels(path: str | Path) -> tuple[Label, ...]:
    """Read a labelled set: YAML list of ``{text|question, expected}``, or an xlsx with those columns.

    Raises :class:`InputError` naming the file when it is not such a list.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("labelled set not found", path=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from rfp_assistant.parse.labels import read_label_rows

        rows: Any = read_label_rows(path)
    else:
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable YAML file: {str(exc).splitlines()[0]}", path=path) from None
    if not isinstance(rows, list) or not rows:
        raise InputError("a labelled set is a non-empty list of {text, expected} items", path=path)
    labels = []
    for number, row in enumerate(rows, start=1):
        text = row.get("text", row.get("question")) if isinstance(row, dict) else None
        if not isinstance(text, str) or not text.strip() or "expected" not in row:
            raise InputError(f"item {number} needs 'text' (or 'question') and 'expected'", path=path)
        expected = row["expected"]
        if expected is not None and not isinstance(expected, str):
            raise InputError(f"item {number}: 'expected' must be an entry id or null", path=path)
        labels.append(Label(text.strip(), expected.strip() if isinstance(expected, str) and expected.strip() else None))
    return tuple(labels)


def load_label_sets(
    paths: str | Path | Sequence[str | Path], library: AnswerLibrary | None = None
) -> tuple[tuple[Label, ...], tuple[Path, ...]]:
    """Several labelled sets read as one (in order), each checked against ``library`` when given; and their paths."""
    files = (Path(paths),) if isinstance(paths, (str, Path)) else tuple(map(Path, paths))
    if not files:
        raise InputError("no labelled set given")
    found: list[Label] = []
    for path in files:
        labels = load_labels(path)
        if library is not None:
            check_labels(labels, library, path)
        found.extend(labels)
    return tuple(found), files


def label_set_name(paths: Sequence[Path], *, full: bool = False) -> str:
    """How records (file names) and reports (``full`` paths) name labelled sets: joined by ' + '."""
    return " + ".join(str(path) if full else path.name for path in paths)


def check_labels(labels: Sequence[Label], library: AnswerLibrary, path: Path | str) -> None:
    """Refuse labels that name entries the library does not have."""
    known = {entry.id for entry in library.entries}
    unknown = sorted({label.expected for label in labels if label.expected and label.expected not in known})
    if unknown:
        raise InputError(f"labels name entries the library does not have: {', '.join(unknown)}", path=Path(path))


def as_questionnaire(labels: Sequence[Label], source: str) -> Questionnaire:
    """The labelled questions as narrative questions of a questionnaire (for :func:`match`)."""
    questions = tuple(
        Question(
            id=f"q{i:04d}",
            number=None,
            section=None,
            text=label.text,
            kind="narrative",
            location=XlsxLocation("Labels", f"A{i}", f"B{i}"),
        )
        for i, label in enumerate(labels, start=1)
    )
    return Questionnaire(source=source, format="xlsx", questions=questions)


@dataclass(frozen=True)
class ReviewLoad:
    """The questions sent to review, as the person finishing the job meets them.

    ``first_right`` is the share of the answerable ones whose first candidate is right (one
    ``accept``), ``listed_right`` the share whose right entry is among the candidates the
    review report offers by number (1-5); ``unanswerable`` counts the ones to reject, and
    ``missed`` the answerable questions decided ``none`` (no candidate good enough to show
    as a suggestion: the person looks in the library).
    """

    questions: int
    answerable: int
    first_right: float
    listed_right: float
    unanswerable: int
    missed: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Evaluation:
    """The figures of one run over a labelled set (see the module docstring)."""

    questions: int
    answerable: int
    unanswerable: int
    top1: float
    recall_at_5: float
    mrr: float
    auto: int
    auto_right: int
    auto_precision: float
    auto_coverage: float
    unanswerable_left_alone: float
    counts: dict[str, int]
    library_version: str
    model: str
    calibration: str | None
    review: ReviewLoad

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "review": self.review.to_dict()}


def _share(part: int | float, whole: int) -> float:
    return float(part) / whole if whole else 0.0


def measure(labels: Sequence[Label], response: Response) -> Evaluation:
    """The figures for ``response``, the matcher's results on ``labels`` in the same order."""
    pairs = list(zip(labels, response.results, strict=True))
    answerable = [(label, result) for label, result in pairs if label.expected]
    reciprocal, top1, recall = 0.0, 0, 0
    for label, result in answerable:
        ids = [m.entry_id for m in result.matches]
        if label.expected in ids:
            rank = ids.index(label.expected)
            reciprocal += 1.0 / (rank + 1)
            top1 += rank == 0
            recall += rank < RECALL_DEPTH
    autos = [(label, result) for label, result in pairs if result.decision == "auto"]
    right = sum(1 for label, result in autos if result.best and result.best.entry_id == label.expected)
    nulls = [result for label, result in pairs if not label.expected]
    return Evaluation(
        questions=len(pairs),
        answerable=len(answerable),
        unanswerable=len(nulls),
        top1=_share(top1, len(answerable)),
        recall_at_5=_share(recall, len(answerable)),
        mrr=_share(reciprocal, len(answerable)),
        auto=len(autos),
        auto_right=right,
        auto_precision=_share(right, len(autos)) if autos else 1.0,
        auto_coverage=_share(right, len(answerable)),
        unanswerable_left_alone=_share(sum(r.decision != "auto" for r in nulls), len(nulls)) if nulls else 1.0,
        counts=response.counts(),
        library_version=response.library_version,
        model=response.model,
        calibration=response.calibration,
        review=_review_load(pairs),
    )


def _review_load(pairs: Sequence[tuple[Label, QuestionResult]]) -> ReviewLoad:
    reviewed = [(label, result) for label, result in pairs if result.decision == "review"]
    answerable = [(label, [m.entry_id for m in result.matches]) for label, result in reviewed if label.expected]
    return ReviewLoad(
        questions=len(reviewed),
        answerable=len(answerable),
        first_right=_share(sum(ids[:1] == [label.expected] for label, ids in answerable), len(answerable)),
        listed_right=_share(sum(label.expected in ids[:MAX_RANK] for label, ids in answerable), len(answerable)),
        unanswerable=len(reviewed) - len(answerable),
        missed=sum(1 for label, result in pairs if label.expected and result.decision == "none"),
    )


def run(
    labels: Sequence[Label],
    library: AnswerLibrary,
    *,
    source: str = "labels",
    account: AccountProfile | None = None,
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
) -> Response:
    """Match the labelled questions as a pool of unrelated questions, listing at least 5 candidates each."""
    top_k = max(RECALL_DEPTH, MatchSettings.resolve(settings).top_k if settings is not None else RECALL_DEPTH)
    return match(
        as_questionnaire(labels, source),
        library,
        account=account,
        embedder=embedder,
        settings=settings,
        top_k=top_k,
        cache=cache,
        progress=progress,
        one_questionnaire=False,
    )


def evaluate(labels: Sequence[Label], library: AnswerLibrary, **options: Any) -> Evaluation:
    """Match ``labels`` against ``library`` and measure (options as for :func:`run`)."""
    return measure(labels, run(labels, library, **options))


@dataclass(frozen=True)
class OperatingPoint:
    """What answering automatically from ``confidence`` up would give on a labelled set."""

    confidence: float
    auto: int
    right: int
    precision: float
    coverage: float
    unanswerable_auto: int


def _is_right(label: Label, result: QuestionResult) -> bool:
    return bool(label.expected) and result.best is not None and result.best.entry_id == label.expected


def operating_points(labels: Sequence[Label], response: Response) -> list[OperatingPoint]:
    """The precision/coverage trade-off at each distinct confidence of a best candidate, highest first.

    Only the confidence counts here: answers that could not be written faithfully (no
    short answer for a Yes/No, over a length limit) are not the operating point's doing.
    """
    pairs = [(label, result) for label, result in zip(labels, response.results, strict=True) if result.best]
    return trade_off(
        [result.best.confidence for _, result in pairs],  # type: ignore[union-attr]
        [_is_right(label, result) for label, result in pairs],
        [not label.expected for label, _ in pairs],
        answerable=sum(1 for label in labels if label.expected),
    )


def trade_off(
    confidence: Sequence[float], right: Sequence[bool], unanswerable: Sequence[bool], *, answerable: int
) -> list[OperatingPoint]:
    """:func:`operating_points` from each best candidate's confidence, whether it is right and
    whether its question has no answer (``answerable``: the set's answerable questions)."""
    order = sorted(range(len(confidence)), key=lambda i: -confidence[i])
    points: list[OperatingPoint] = []
    hits = nulls = 0
    for position, index in enumerate(order):
        hits += bool(right[index])
        nulls += bool(unanswerable[index])
        last = position + 1 == len(order) or confidence[order[position + 1]] < confidence[index]
        if last:
            points.append(
                OperatingPoint(
                    confidence=float(confidence[index]),
                    auto=position + 1,
                    right=hits,
                    precision=hits / (position + 1),
                    coverage=_share(hits, answerable),
                    unanswerable_auto=nulls,
                )
            )
    return points


def choose_operating_point(
    points: Sequence[OperatingPoint], target: float = TARGET_PRECISION
) -> OperatingPoint | None:
    """The point answering the most questions automatically with precision at least ``target``, with a margin.

    The precision counted is the rule of succession's, ``(right + 1) / (auto + 2)``: one
    wrong answer more than the set showed. The plain share would put the point just above
    the set's highest-confidence wrong answer, where the next set's first wrong answer is
    as likely to fall as not; this way a point needs enough right answers above it to
    absorb one more wrong one (48 right with none wrong, 97 of 98 with one, at 98%).
    """
    eligible = [p for p in points if (p.right + 1) / (p.auto + 2) >= target]
    return max(eligible, key=lambda p: (p.right, p.confidence)) if eligible else None


def with_operating_point(settings: MatchSettings, point: OperatingPoint) -> MatchSettings:
    """``settings`` with ``auto_confidence`` at ``point`` (exactly: rounding could drop the point itself)."""
    review = settings.review_confidence
    return replace(
        settings,
        auto_confidence=point.confidence,
        review_confidence=None if review is None else min(review, point.confidence),
    )


@dataclass(frozen=True)
class CalibrationRun:
    """What ``calibrate`` measured: the trade-off, the point chosen (None: none reaches the target),
    the settings file written (None when nothing was written), whether the confidence
    model was refitted on the set (``refitted``) and what a cross-validation of that
    procedure says questions it was not chosen on get (``cross_validation``)."""

    labels: str
    questions: int
    answerable: int
    points: tuple[OperatingPoint, ...]
    chosen: OperatingPoint | None
    target: float
    settings_file: Path | None
    refitted: bool = False
    cross_validation: CrossValidation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "questions": self.questions,
            "answerable": self.answerable,
            "target_precision": self.target,
            "chosen": self.chosen.__dict__ if self.chosen else None,
            "settings_file": str(self.settings_file) if self.settings_file else None,
            "refitted": self.refitted,
            "cross_validation": self.cross_validation.__dict__ if self.cross_validation else None,
            "points": [p.__dict__ for p in self.points],
        }


@dataclass(frozen=True)
class CrossValidation:
    """What the calibration would give new questions, by k-fold cross-validation on the set.

    Each fold's questions were answered by a model and operating point fitted on the
    other folds only; the counts add up over the folds.
    """

    folds: int
    auto: int
    right: int
    unanswerable_auto: int
    precision: float
    coverage: float


@dataclass(frozen=True)
class _LabelledCandidates:
    """The labelled questions that have a best candidate: its features, whether it is right."""

    texts: tuple[str, ...]
    features: np.ndarray
    right: np.ndarray
    unanswerable: np.ndarray
    conflicting: np.ndarray
    answerable: int

    def subset(self, keep: np.ndarray) -> _LabelledCandidates:
        """The rows ``keep`` selects; coverage stays counted over the whole set's answerable questions."""
        return _LabelledCandidates(
            tuple(text for text, kept in zip(self.texts, keep.tolist(), strict=True) if kept),
            self.features[keep],
            self.right[keep],
            self.unanswerable[keep],
            self.conflicting[keep],
            self.answerable,
        )


def _fit_point(
    found: _LabelledCandidates, target: float, model: ConfidenceModel | None
) -> tuple[ConfidenceModel, tuple[OperatingPoint, ...], OperatingPoint | None] | None:
    """The model (``model``, or one refitted on ``found`` when None), its trade-off on ``found`` and the point chosen.

    None when a refit was asked for and ``found`` is too small for one.
    """
    from rfp_assistant.match.labelled import capped_confidence, refit_on_labels

    model = model or refit_on_labels(found.features, found.right)
    if model is None:
        return None
    confidence = capped_confidence(model, found.features, found.conflicting)
    points = tuple(
        trade_off(confidence.tolist(), found.right.tolist(), found.unanswerable.tolist(), answerable=found.answerable)
    )
    return model, points, choose_operating_point(points, target)


def _cross_validate(
    found: _LabelledCandidates, target: float, answerable: int, model: ConfidenceModel | None
) -> CrossValidation | None:
    """Choose (and refit, when ``model`` is None) on all folds but one, answer that one, for each fold.

    None when a fold is too small to refit on.
    """
    from rfp_assistant.match.labelled import FOLDS, capped_confidence, folds

    fold = folds(found.texts)
    auto = right = nulls = 0
    for held in range(FOLDS):
        fitted = _fit_point(found.subset(fold != held), target, model)
        if fitted is None:
            return None
        fold_model, _, chosen = fitted
        if chosen is None:
            continue
        test = fold == held
        answered = capped_confidence(fold_model, found.features[test], found.conflicting[test]) >= chosen.confidence
        auto += int(answered.sum())
        right += int(found.right[test][answered].sum())
        nulls += int(found.unanswerable[test][answered].sum())
    return CrossValidation(FOLDS, auto, right, nulls, _share(right, auto) if auto else 1.0, _share(right, answerable))


def calibrate(
    labels_path: str | Path | Sequence[str | Path],
    library: AnswerLibrary,
    *,
    target: float = TARGET_PRECISION,
    write: bool = True,
    refit: bool = False,
    **options: Any,
) -> CalibrationRun:
    """Choose the operating point on a labelled set (refitting the confidence model with ``refit``), into ``settings.yaml``.

    ``labels_path`` is one labelled set's file or several, read as one set.

    The point is the lowest confidence at which automatic answers are right at least
    ``target`` of the time on the set, counted with a margin (:func:`choose_operating_point`),
    under the library's own confidence model, or, with ``refit``, under one refitted on
    the set's questions (:func:`rfp_assistant.match.labelled.refit_on_labels`; a set too
    small for that keeps the library's model). A 5-fold cross-validation of the same
    procedure says what questions it was not chosen on get. The point goes under
    ``matching:`` as ``auto_confidence`` with a ``calibration:`` record of the set (holding
    the refitted model, if any). Nothing is written when no point reaches the target (or
    ``write`` is False). ``options`` as for :func:`run`.
    """
    from rfp_assistant.library.settings_file import update_matching_settings
    from rfp_assistant.match.engine import best_candidates
    from rfp_assistant.settings import CALIBRATION_KEY

    labels, paths = load_label_sets(labels_path, library)
    source = label_set_name(paths, full=True)
    answerable = sum(1 for label in labels if label.expected)
    known = {key: options[key] for key in ("account", "embedder", "settings", "cache", "progress") if key in options}
    best = best_candidates(as_questionnaire(labels, source), library, **known)
    has = np.array([found is not None for found in best.entry_ids], dtype=bool)
    found = _LabelledCandidates(
        tuple(label.text for label in labels),
        best.features,
        np.array([bool(label.expected) and label.expected == entry for label, entry in zip(labels, best.entry_ids, strict=True)], dtype=int),
        np.array([not label.expected for label in labels], dtype=bool),
        best.conflicting,
        answerable,
    ).subset(has)
    refitted = _fit_point(found, target, None) if refit else None
    fitted = refitted or _fit_point(found, target, best.library_model)
    assert fitted is not None  # a given model always fits
    model, points, chosen = fitted
    validation = _cross_validate(found, target, answerable, None if refitted else best.library_model)
    written = None
    if chosen is not None and write:
        record: dict[str, Any] = {
            "labels": label_set_name(paths),
            "questions": len(labels),
            "answerable": answerable,
            "target_precision": target,
            "precision": round(chosen.precision, 4),
            "coverage": round(chosen.coverage, 4),
            "model": best.model,
        }
        if validation is not None:
            record["cross_validated_precision"] = round(validation.precision, 4)
            record["cross_validated_coverage"] = round(validation.coverage, 4)
        if refitted is not None:
            record[CONFIDENCE_MODEL_KEY] = model.to_dict()
        written = update_matching_settings(library.path, {"auto_confidence": chosen.confidence, CALIBRATION_KEY: record})
    return CalibrationRun(
        labels=source,
        questions=len(labels),
        answerable=answerable,
        points=points,
        chosen=chosen,
        target=target,
        settings_file=written,
        refitted=refitted is not None,
        cross_validation=validation,
    )
