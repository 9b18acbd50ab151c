"""The matching front door."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.context import template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, Progress, SentenceTransformerEmbedder, StageProgress
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match.applicability import applicable
from rfp_assistant.match.calibration import BUILTIN, Calibration, library_calibration
from rfp_assistant.match.decide import decide
from rfp_assistant.match.exclusive import one_entry_one_question
from rfp_assistant.match.rank import rank
from rfp_assistant.match.signals import LibraryTexts, signals
from rfp_assistant.models import Question, Questionnaire, Response
from rfp_assistant.settings import CALIBRATION_KEY, MatchSettings
from rfp_assistant.text import one_line, strip_outline_number


def _stage(progress: StageProgress | None, stage: str) -> Progress | None:
    return (lambda done, total: progress(stage, done, total)) if progress else None


def question_text_for_matching(question: Question, employer: str | None = None) -> str:
    """The words a question is matched on: its text on one line (numbers stripped already).

    When the employer's name is known (``employer``), it is dropped: "Will Harbor Point's
    members have a dedicated team?" asks what "Will members have a dedicated team?" asks,
    and the name only pulls the embedding away from the library's generic phrasings. A
    stray outline number left in the text ("2.7 Please identify...") is dropped too.
    """
    text = strip_outline_number(one_line(question.text))
    if employer:
        text = one_line(_employer_pattern(employer).sub(" ", text))
    return text


def _employer_pattern(name: str) -> re.Pattern[str]:
    """The employer's name and its leading parts of two words or more, possessive included."""
    words = name.replace(",", " ").split()
    forms = {" ".join(words[:n]) for n in range(min(2, len(words)), len(words) + 1)}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:['’]s)?\b", re.IGNORECASE)


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
    texts = [question_text_for_matching(q, employer) for q in questions]

    calibration: Calibration | None = None
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
        ranked = rank(evidence, library_texts, resolved, calibration.model, allowed=allowed)
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


