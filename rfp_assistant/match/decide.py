"""From ranked candidates to a decision and the exact text to write.

Never invents: the text is the approved entry's answer rendered with the plan's and
the account's variables, or nothing. Never truncates: a too-long answer falls back to
the entry's ``answer_brief``, else the question goes to review with the reason.
"""

from __future__ import annotations

import re
from typing import Any

from rfp_assistant.errors import TemplateError
from rfp_assistant.library.templating import render_answer, render_text
from rfp_assistant.match.calibration import Calibration
from rfp_assistant.models import SHORT_ANSWER_KINDS, LibraryEntry, Match, Question, QuestionResult
from rfp_assistant.settings import MatchSettings


def score_decision(
    matches: tuple[Match, ...], calibration: Calibration, settings: MatchSettings
) -> tuple[str, str | None]:
    """``auto``/``review``/``none`` from the best candidate's confidence, with the reason for anything but auto."""
    review, auto = calibration.review_confidence, calibration.auto_confidence
    if not matches or matches[0].confidence < review:
        best = f"{matches[0].entry_id} at {matches[0].confidence:.2f}" if matches else "n/a"
        return "none", f"no library entry is a plausible answer: confidence below {review:.2f} (best {best})"
    top = matches[0]
    if len(matches) > 1 and top.score - matches[1].score < settings.min_margin:
        return "review", (
            f"runner-up {matches[1].entry_id} scores within {settings.min_margin:.2f} of the best "
            f"({top.score:.2f} vs {matches[1].score:.2f})"
        )
    if top.confidence < auto:
        return "review", f"confidence {top.confidence:.2f} is below the auto threshold {auto:.2f}"
    return "auto", None


def fit_option(value: str | None, options: tuple[str, ...]) -> str | None:
    """The option a short answer stands for (case and punctuation aside), or None."""
    if value is None:
        return None
    if not options:
        return value
    wanted = _plain(value)
    for option in options:
        if _plain(option) == wanted:
            return option
    # A "1) Yes" style list: accept the option whose words end with the value.
    for option in options:
        if _plain(option).endswith(" " + wanted) or _plain(option).endswith(")" + wanted):
            return option
    return None


def fit_short_answer(short: str | None, question: Question) -> str | None:
    """The short answer as it should be written for this question's kind, or None if it does not fit."""
    if short is None:
        return None
    if question.kind in ("yes_no", "choice"):
        return fit_option(short, question.options)
    if question.kind == "numeric":
        return short if _NUMERIC_VALUE.match(short.strip()) else None
    if question.kind == "date":
        return short if _DATE_VALUE.match(short.strip()) else None
    return short


_NUMERIC_VALUE = re.compile(r"^[$€£]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*%?$")
_DATE_VALUE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},\s*)?\d{4})$",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("/", "").replace(".", "").split())


def decide(
    question: Question,
    matches: tuple[Match, ...],
    entries: dict[str, LibraryEntry],
    variables: dict[str, Any],
    calibration: Calibration,
    settings: MatchSettings,
) -> QuestionResult:
    """Decide one question and prepare the text to write (for review too, as a suggestion)."""
    decision, reason = score_decision(matches, calibration, settings)
    if decision == "none":
        return QuestionResult(question, "none", matches, reason=reason)
    entry = entries[matches[0].entry_id]
    try:
        answer = render_answer(entry, variables)
        short = (
            render_text(entry.short_answer, variables, entry=entry, field="short_answer")
            if entry.short_answer
            else None
        )
    except TemplateError as exc:
        return QuestionResult(question, "review", matches, reason=f"answer cannot be rendered: {exc}")
    answer, limit_reason = _fit_limit(question, entry, answer, variables)
    short_fitted = fit_short_answer(short, question)
    kind_reason = None
    if question.kind in SHORT_ANSWER_KINDS and short_fitted is None:
        wanted = {"yes_no": "Yes/No answer", "choice": "choice", "numeric": "number", "date": "date"}[
            question.kind
        ]
        if short is None:
            kind_reason = f"the question needs a {wanted} and entry {entry.id} has no short answer"
        else:
            allowed = f" (allowed: {', '.join(question.options)})" if question.options else ""
            kind_reason = f"short answer {short!r} does not fit this question's {wanted}{allowed}"
    if decision == "auto" and (limit_reason or kind_reason):
        decision, reason = "review", limit_reason or kind_reason
    return QuestionResult(
        question,
        decision,  # type: ignore[arg-type]
        matches,
        answer=answer,
        short_answer=short_fitted,
        exhibit=entry.exhibit,
        reason=reason,
    )


def _fit_limit(
    question: Question, entry: LibraryEntry, answer: str, variables: dict[str, Any]
) -> tuple[str, str | None]:
    limit = question.limit
    if limit is None or limit.allows(answer):
        return answer, None
    if entry.answer_brief:
        brief = render_answer(entry, variables, brief=True)
        if limit.allows(brief):
            return brief, None
    size = len(answer.split()) if limit.unit == "words" else len(answer)
    return answer, (
        f"answer is {size} {limit.unit}, over the limit of {limit.value}"
        + (
            " (its short variant is too long as well)"
            if entry.answer_brief
            else " and the entry has no short variant"
        )
    )
