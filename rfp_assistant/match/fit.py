"""How much of a questionnaire the library answers, and caution where that is little.

The confidence model learns what a right match looks like from questions in the library's
own field (its pseudo-questions, a labelled set), where most questions have an answer.
The mean of the best-candidate confidences over a run of questions estimates the share of
them the library answers (the *library fit*): on the labelled sets it comes within a few
points of the share measured (README, "Questionnaires from another field"). In a
questionnaire from another field (a health plan's library on a university's security
questionnaire or a cloud framework's form) the fit is low, and the few questions that come
near an entry still get confidences as high as in the library's field, but far fewer of
them are right: the one security entry near "Will you allow the institution to run its own
scans?" looks as sure as it does on "How often do you scan?".

So the fit is taken around each question: over the :data:`FIT_WINDOW` questions nearest it
in the questionnaire's order (all of them in a shorter questionnaire, none in one shorter
than :data:`MIN_FIT_QUESTIONS`), so that a security questionnaire bound into a medical RFP
as its last tab is judged on its own. Where that fit is below ``min_library_fit`` (the
library is likelier not to answer a question there than to answer it), a question is
answered automatically only when it restates one of its entry's phrasings near-verbatim;
the others go to review, saying why. A labelled set is a pool of unrelated questions, not a
questionnaire, and is matched without this rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rfp_assistant.match.exclusive import restates
from rfp_assistant.models import FIT_HELD_BACK, QuestionResult
from rfp_assistant.settings import MatchSettings

MIN_FIT_QUESTIONS = 20
"""Fewer questions than this say too little about the questionnaire as a whole: no rule."""
FIT_WINDOW = 31
"""How many questions around a question (itself, 15 before and 15 after) its fit is taken over."""


def library_fit(results: Sequence[QuestionResult]) -> float | None:
    """The mean confidence of each question's best candidate (0 without one); None for no questions."""
    return _mean_confidence(results) if results else None


def _mean_confidence(results: Sequence[QuestionResult]) -> float:
    return sum(result.best.confidence if result.best else 0.0 for result in results) / len(results)


def _window(index: int, count: int) -> range:
    """The FIT_WINDOW positions around ``index``, moved inwards at either end of the questionnaire."""
    start = min(max(0, index - FIT_WINDOW // 2), max(0, count - FIT_WINDOW))
    return range(start, min(count, start + FIT_WINDOW))


def outside_the_library(results: Sequence[QuestionResult], settings: MatchSettings) -> tuple[QuestionResult, ...]:
    """Send automatic answers to review where the questions around them are mostly outside the library."""
    if len(results) < MIN_FIT_QUESTIONS:
        return tuple(results)
    out = list(results)
    for index, result in enumerate(results):
        if result.decision != "auto" or result.best is None or restates(result.best, settings):
            continue
        around = [results[i] for i in _window(index, len(results))]
        fit = _mean_confidence(around)
        if fit >= settings.min_library_fit:
            continue
        first, last = (r.question.number or r.question.id for r in (around[0], around[-1]))
        out[index] = replace(
            result,
            decision="review",
            reason=(
                f"{FIT_HELD_BACK} the {len(around)} questions around this one ({first} to {last}: library fit "
                f"{fit:.2f}, below {settings.min_library_fit:.2f}): only restated entry phrasings are answered "
                "automatically there"
            ),
        )
    return tuple(out)
