"""The matching front door."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from rfp_assistant.account import AccountProfile
from rfp_assistant.context import template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, Progress, SentenceTransformerEmbedder, StageProgress
from rfp_assistant.library.load import AnswerLibrary, Glossary
from rfp_assistant.match.applicability import applicable
from rfp_assistant.match.decide import decide
from rfp_assistant.match.lexical import Normaliser, TfidfIndex
from rfp_assistant.match.rank import Phrasings, rank
from rfp_assistant.models import Question, Questionnaire, Response
from rfp_assistant.settings import MatchSettings
from rfp_assistant.text import first_ask, one_line, strip_outline_number


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


def similarities(
    texts: Sequence[str],
    phrasings: Phrasings,
    embedder: Embedder,
    cache: EmbeddingCache,
    glossary: Glossary,
    progress: StageProgress | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Semantic and lexical similarity of each text to each phrasing, shape (texts, phrasings).

    A long multi-part question is also compared by its first ask alone ("Will members
    have a dedicated team?" of "...? If no, describe how calls are routed."), and the
    better of the two cosines counts, so trailing sub-parts do not drown the main ask.
    """
    library_vectors = cache.encode(embedder, phrasings.texts, progress=_stage(progress, "Encoding library"))
    asks = [first_ask(t) for t in texts]
    variants = sorted({*texts, *asks})
    index = {text: i for i, text in enumerate(variants)}
    vectors = embedder.encode(variants, progress=_stage(progress, "Encoding questions"))
    cosine = vectors @ library_vectors.T
    semantic = np.maximum(cosine[[index[t] for t in texts]], cosine[[index[a] for a in asks]])
    lexical = TfidfIndex(phrasings.texts, Normaliser(glossary)).similarity(texts)
    return semantic, lexical


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
) -> Response:
    """Score every question against the library and decide each one.

    ``account`` is an :class:`~rfp_assistant.account.AccountProfile` (or None): it limits
    entries to its products and funding (unless a question names another one, see
    :mod:`~rfp_assistant.match.applicability`) and drops the employer's name from questions.
    ``context`` holds the variables answers are rendered with (``plan``, ``account``,
    ``projection``); without it, it is built from the library and the account by
    :func:`rfp_assistant.context.template_context`. ``embedder`` defaults to the packaged sentence-transformers model; ``settings``
    default to the library's ``settings.yaml`` over the built-in defaults. ``cache``
    (default: the user cache folder) keeps library embeddings between runs. ``as_of``
    (default: today) is the day the answers are for: an entry overdue for review on that
    day is never answered automatically; the same inputs and ``as_of`` give the same response.
    """
    as_of = as_of or date.today()
    resolved = MatchSettings.resolve(
        MatchSettings.resolve(library.settings.get("matching")) if settings is None else settings, top_k=top_k
    )
    embedder = embedder or SentenceTransformerEmbedder()
    cache = cache or EmbeddingCache()
    products = (account.products or None) if account is not None else None
    funding = account.funding if account is not None else None
    entries = library.usable(include_drafts=include_drafts)
    phrasings = Phrasings.of(entries)
    questions = questionnaire.questions
    employer = account.name if account is not None else None
    texts = [question_text_for_matching(q, employer) for q in questions]

    if questions and phrasings.texts:
        semantic, lexical = similarities(texts, phrasings, embedder, cache, library.glossary, progress)
        grids = [q.grid is not None for q in questions]
        allowed = applicable(entries, texts, products=products, funding=funding, grids=grids)
        ranked = rank(semantic, lexical, phrasings, resolved, allowed=allowed)
    else:
        ranked = [() for _ in questions]

    if context is None:
        context = template_context(library, account)
    variables = dict(context)
    by_id = {entry.id: entry for entry in entries}
    results = tuple(
        decide(q, matches, by_id, variables, resolved, as_of=as_of)
        for q, matches in zip(questions, ranked, strict=True)
    )
    return Response(
        questionnaire=questionnaire,
        results=results,
        library_version=library.version,
        model=embedder.name,
        as_of=as_of,
    )
