"""The matching front door."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.context import template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, Progress, SentenceTransformerEmbedder, StageProgress
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match.applicability import applicable
from rfp_assistant.match.calibration import BUILTIN, Calibration, library_calibration
from rfp_assistant.match.decide import decide
from rfp_assistant.match.employer import vocabulary, without_employer
from rfp_assistant.match.exclusive import one_entry_one_question
from rfp_assistant.match.qualifiers import conflicts as qualifier_conflicts
from rfp_assistant.match.rank import rank
from rfp_assistant.match.signals import LibraryTexts, signals
from rfp_assistant.models import Question, Questionnaire, QuestionResult, Response
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


def calibration_for(
    library: AnswerLibrary,
    texts: LibraryTexts,
    settings: MatchSettings,
    embedder: Embedder,
    cache: EmbeddingCache,
) -> Calibration:
    """The library's calibration (cached beside its embeddings) with the operating point ``settings`` fix."""
    calibration = library_calibration(texts, library.glossary, settings, embedder.name, cache.directory)
    matching = library.settings.get("matching")
    labelled = matching.get(CALIBRATION_KEY) if isinstance(matching, dict) else None
    return calibration.applied(settings, labelled if isinstance(labelled, dict) else None)


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
    products = (account.products or None) if account is not None else None
    funding = account.funding if account is not None else None
    entries = library.usable(include_drafts=include_drafts)
    questions = questionnaire.questions
    employer = account.name if account is not None else None
    words = vocabulary(text for entry in entries for text in (*entry.phrasings, entry.answer or "")) if employer else frozenset()
    texts = [question_text_for_matching(q, employer, words) for q in questions]

    calibration: Calibration | None = None
    conflicting: dict[tuple[int, int], str] = {}
    if questions and entries:
        library_texts = LibraryTexts.build(
            entries, library.plan, embedder, cache, progress=_stage(progress, "Encoding library")
        )
        calibration = calibration_for(library, library_texts, resolved, embedder, cache)
        evidence = signals(
            texts, library_texts, library.glossary, embedder, resolved, progress=_stage(progress, "Encoding questions")
        )
        grids = [q.grid is not None for q in questions]
        allowed = applicable(entries, texts, products=products, funding=funding, grids=grids)
        conflicting = qualifier_conflicts(texts, library_texts.phrasings, library_texts.owners, len(entries))
        ranked = rank(evidence, library_texts, resolved, calibration.model, allowed=allowed, conflicts=conflicting)
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
    return Response(
        questionnaire=questionnaire,
        results=results,
        library_version=library.version,
        model=embedder.name,
        as_of=as_of,
        calibration=calibration.description if calibration else None,
    )


