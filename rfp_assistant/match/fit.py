"""How much of a questionnaire the library answers, and caution where that is little.

The confidence model learns what a right match looks like from questions in the library's
own field (its pseudo-questions, a labelled set), where most questions have an answer.
The mean of a questionnaire's best-candidate confidences estimates the share of its
questions the library answers (the *library fit*): on the labelled sets it comes within a
few points of the share measured (README, "Questionnaires from another field"). In a
questionnaire from another field (a health plan's library on a university's security
questionnaire or a cloud framework's form) the fit is low, and the few questions that come
near an entry still get confidences as high as in the library's field, but far fewer of
them are right: the one security entry near "Will you allow the institution to run its own
scans?" looks as sure as it does on "How often do you scan?".

So when a questionnaire of at least :data:`MIN_FIT_QUESTIONS` questions has a fit below
``min_library_fit`` (the library is likelier not to answer a question than to answer it),
nothing in it is answered automatically except a question that restates one of its entry's
phrasings near-verbatim; the others go to review, saying why. A labelled set is a pool of
unrelated questions, not a questionnaire, and is matched without this rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rfp_assistant.match.exclusive import restates
from rfp_assistant.models import QuestionResult
from rfp_assistant.settings import MatchSettings

MIN_FIT_QUESTIONS = 20
"""Fewer questions than this say too little about the questionnaire as a whole: no rule."""
HELD_BACK = "the library answers little of this questionnaire"
"""How the review reason of an answer this rule held back begins."""


def library_fit(results: Sequence[QuestionResult]) -> float | None:
    """The mean confidence of each question's best candidate (0 without one); None for no questions."""
    if not results:
        return None
    return sum(result.best.confidence if result.best else 0.0 for result in results) / len(results)


def outside_the_library(results: Sequence[QuestionResult], settings: MatchSettings) -> tuple[QuestionResult, ...]:
    """Send automatic answers to review when the questionnaire is mostly outside the library (module docstring)."""
    fit = library_fit(results)
    if fit is None or len(results) < MIN_FIT_QUESTIONS or fit >= settings.min_library_fit:
        return tuple(results)
    reason = (
        f"{HELD_BACK} (library fit {fit:.2f}, below "
        f"{settings.min_library_fit:.2f}): only restated entry phrasings are answered automatically"
    )
    return tuple(
        replace(result, decision="review", reason=reason)
        if result.decision == "auto" and result.best is not None and not restates(result.best, settings)
        else result
        for result in results
    )


def held_back_note(results: Sequence[QuestionResult]) -> str | None:
    """One line for the terminal when the rule held answers back, else None."""
    held = sum(1 for result in results if (result.reason or "").startswith(HELD_BACK))
    if not held:
        return None
    return (
        f"{HELD_BACK} (library fit {library_fit(results):.2f}): {held} answer(s) that looked sure went to "
        "review instead of being written; 'matching: {min_library_fit: 0}' in the library's settings.yaml "
        "turns this off"
    )
