"""The matching front door."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from rfp_assistant.account import AccountProfile
from rfp_assistant.context import template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, Progress, SentenceTransformerEmbedder, StageProgress
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match.applicability import applicable
from rfp_assistant.match.calibration import BUILTIN, Calibration, library_calibration
from rfp_assistant.match.confidence import FEATURES, ConfidenceModel, candidate_features
from rfp_assistant.match.decide import decide
from rfp_assistant.match.employer import vocabulary, without_employer
from rfp_assistant.match.exclusive import one_entry_one_question
from rfp_assistant.match.fit import library_fit, outside_the_library
from rfp_assistant.match.qualifiers import conflicts as qualifier_conflicts
from rfp_assistant.match.rank import masked_scores, rank_scored, top_entries
from rfp_assistant.match.signals import LibraryTexts, Signals, signals
from rfp_assistant.models import LibraryEntry, Question, Questionnaire, QuestionResult, Response
from rfp_assistant.settings import CALIBRATION_KEY, MatchSettings
from rfp_assistant.text import one_line, strip_outline_number


def _stage(progress: StageProgress | None, stage: str) -> Progress | None:
    return (lambda done, total: progress(stage, done, total)) if progress else None


def question_text_for_matching(
    question: Question, employer: str | None = None, library_words: frozenset[str] = frozenset()
) -> str:
    """The words a question is matched on: its text on one line (numbers stripped already).

    When the employer's name is known (``employer``), it is dropped
    (:mod:`rfp_assistant.match.employer`; ``library_words``, the words of the library's
    texts, keep a name word the library uses from being taken for the employer). A stray
    outline number left in the text ("2.7 Please identify...") is dropped too.
    """
    text = strip_outline_number(one_line(question.text))
    if employer:
        text = without_employer(text, employer, library_words)
    return text


def _name_conflicts(
    results: tuple[QuestionResult, ...], conflicting: dict[tuple[int, int], str], columns: dict[str, int]
) -> tuple[QuestionResult, ...]:
    """Results whose best candidate names a sibling qualifier go to review, saying so.

    The capped confidence keeps them below any useful threshold; this holds them back
    under a threshold set below the cap too.
    """
    out = []
    for row, result in enumerate(results):
        reason = conflicting.get((row, columns[result.best.entry_id])) if result.best else None
        if reason and result.decision in ("auto", "review"):
            result = replace(result, decision="review", reason=f"near neighbour: {reason}")
        out.append(result)
    return tuple(out)


def resolve_settings(
    library: AnswerLibrary, settings: MatchSettings | dict[str, Any] | None, top_k: int | None = None
) -> MatchSettings:
    """``settings`` when given, else the library's ``settings.yaml`` over the built-in defaults."""
    base = MatchSettings.resolve(library.settings.get("matching")) if settings is None else settings
    return MatchSettings.resolve(base, top_k=top_k)


def applied_calibration(library: AnswerLibrary, calibration: Calibration, settings: MatchSettings, model: str) -> Calibration:
    """The library's own ``calibration`` with its ``settings.yaml`` operating point (and refitted model) applied."""
    matching = library.settings.get("matching")
    labelled = matching.get(CALIBRATION_KEY) if isinstance(matching, dict) else None
    return calibration.applied(settings, labelled if isinstance(labelled, dict) else None, model)


@dataclass(frozen=True)
class _Evidence:
    """What matching knows about a questionnaire before deciding: entries, calibration, candidates."""

    entries: tuple[LibraryEntry, ...]
    conflicting: dict[tuple[int, int], str]
    library_texts: LibraryTexts | None = None
    own_calibration: Calibration | None = None
    signals: Signals | None = None
    scores: np.ndarray | None = None
    top: np.ndarray | None = None  # (questions x top_k) the best entries by score, best first


def _evidence(
    questions: tuple[Question, ...],
    library: AnswerLibrary,
    resolved: MatchSettings,
    *,
    account: AccountProfile | None,
    embedder: Embedder,
    include_drafts: bool,
    cache: EmbeddingCache,
    progress: StageProgress | None,
) -> _Evidence:
    """Encode, compare and calibrate: everything :func:`match` decides from."""
    products = (account.products or None) if account is not None else None
    funding = account.funding if account is not None else None
    entries = library.usable(include_drafts=include_drafts)
    employer = account.name if account is not None else None
    words = vocabulary(text for entry in entries for text in (*entry.phrasings, entry.answer or "")) if employer else frozenset()
    texts = [question_text_for_matching(q, employer, words) for q in questions]
    if not (questions and entries):
        return _Evidence(tuple(entries), {})
    library_texts = LibraryTexts.build(entries, library.plan, embedder, cache, progress=_stage(progress, "Encoding library"))
    own = library_calibration(library_texts, library.glossary, resolved, embedder.name, cache.directory)
    evidence = signals(
        texts, library_texts, library.glossary, embedder, resolved, progress=_stage(progress, "Encoding questions")
    )
    grids = [q.grid is not None for q in questions]
    allowed = applicable(entries, texts, products=products, funding=funding, grids=grids)
    scores = masked_scores(evidence, resolved, allowed)
    top = top_entries(scores, resolved.top_k)
    conflicting = qualifier_conflicts(
        texts, library_texts.phrasings, library_texts.owners, len(entries), library_texts.answers, candidates=top
    )
    return _Evidence(tuple(entries), conflicting, library_texts, own, evidence, scores, top)


def match(
    questionnaire: Questionnaire,
    library: AnswerLibrary,
    *,
    account: AccountProfile | None = None,
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    top_k: int | None = None,
    include_drafts: bool = False,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
    context: Mapping[str, Any] | None = None,
    as_of: date | None = None,
    one_questionnaire: bool = True,
) -> Response:
    """Score every question against the library and decide each one.

    ``account`` is an :class:`~rfp_assistant.account.AccountProfile` (or None): it limits
    entries to its products and funding (unless a question names another one, see
    :mod:`~rfp_assistant.match.applicability`) and drops the employer's name from questions.
    ``context`` holds the variables answers are rendered with (``plan``, ``account``,
    ``projection``); without it, it is built from the library and the account by
    :func:`rfp_assistant.context.template_context`. ``embedder`` defaults to the packaged
    sentence-transformers model; ``settings`` default to the library's ``settings.yaml``
    over the built-in defaults. ``cache`` (default: the user cache folder) keeps library
    embeddings and the library's calibration between runs. With ``one_questionnaire``
    (the default) the questions are one questionnaire, and an entry that is the best
    match of several of them goes automatically to one only
    (:mod:`~rfp_assistant.match.exclusive`); a pool of unrelated questions (a labelled
    set) passes False. ``as_of`` (default: today) is the day the answers are for: an entry
    overdue for review on that day is never answered automatically; the same inputs and
    ``as_of`` give the same response.
    """
    as_of = as_of or date.today()
    resolved = resolve_settings(library, settings, top_k)
    embedder = embedder or SentenceTransformerEmbedder()
    cache = cache or EmbeddingCache()
    questions = questionnaire.questions
    found = _evidence(
        questions,
        library,
        resolved,
        account=account,
        embedder=embedder,
        include_drafts=include_drafts,
        cache=cache,
        progress=progress,
    )
    entries, conflicting = found.entries, found.conflicting
    own = found.own_calibration
    calibration = applied_calibration(library, own, resolved, embedder.name) if own is not None else None
    if calibration is not None and found.signals is not None and found.scores is not None and found.library_texts:
        ranked = rank_scored(
            found.signals, found.scores, found.library_texts, resolved, calibration.model, conflicting, top=found.top
        )
    else:
        ranked = [() for _ in questions]

    if context is None:
        context = template_context(library, account)
    variables = dict(context)
    by_id = {entry.id: entry for entry in entries}
    decided = calibration or BUILTIN
    results = tuple(
        decide(q, matches, by_id, variables, decided, resolved, as_of=as_of)
        for q, matches in zip(questions, ranked, strict=True)
    )
    results = _name_conflicts(results, conflicting, {entry.id: col for col, entry in enumerate(entries)})
    if one_questionnaire:
        results = one_entry_one_question(results, resolved, decided.auto_confidence)
        results = outside_the_library(results, resolved)
    return Response(
        questionnaire=questionnaire,
        results=results,
        library_version=library.version,
        model=embedder.name,
        as_of=as_of,
        calibration=calibration.description if calibration else None,
        library_fit=library_fit(results),
    )




@dataclass(frozen=True)
class BestCandidates:
    """Each question's best candidate and the confidence features of that pair (for ``calibrate``).

    ``entry_ids[i]`` is None when question ``i`` has no candidate; ``features`` has one row
    per question (:data:`~rfp_assistant.match.confidence.FEATURES`, zeros without a
    candidate) and ``conflicting[i]`` says the candidate names a sibling of the question's
    qualifier (its confidence is capped). ``model`` is the embedding model's name and
    ``library_model`` the confidence model of the library's own calibration (before any
    refitted model in settings.yaml), the built-in one for an empty library.
    """

    entry_ids: tuple[str | None, ...]
    features: np.ndarray
    conflicting: np.ndarray
    model: str
    library_model: ConfidenceModel


def best_candidates(
    questionnaire: Questionnaire,
    library: AnswerLibrary,
    *,
    account: AccountProfile | None = None,
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
) -> BestCandidates:
    """The best candidate of every question, as :func:`match` ranks them, with its confidence features."""
    resolved = resolve_settings(library, settings)
    embedder = embedder or SentenceTransformerEmbedder()
    found = _evidence(
        questionnaire.questions,
        library,
        resolved,
        account=account,
        embedder=embedder,
        include_drafts=False,
        cache=cache or EmbeddingCache(),
        progress=progress,
    )
    count = len(questionnaire.questions)
    features = np.zeros((count, len(FEATURES)))
    conflicting = np.zeros(count, dtype=bool)
    ids: list[str | None] = [None] * count
    if found.signals is not None and found.scores is not None and found.top is not None and found.scores.shape[1]:
        best = found.top[:, 0]
        rows = np.flatnonzero(np.isfinite(found.scores[np.arange(count), best]))
        features[rows] = candidate_features(found.signals, found.scores, rows, best[rows])
        for row in rows.tolist():
            ids[row] = found.entries[best[row]].id
            conflicting[row] = (row, int(best[row])) in found.conflicting
    own = found.own_calibration or BUILTIN
    return BestCandidates(tuple(ids), features, conflicting, embedder.name, own.model)
