"""From ranked candidates to a decision: ``auto``, ``review`` or ``none``.

The score decides whether an entry is chosen (:func:`score_decision`); what text that
entry gives the question, and whether it can be written as approved, is prepared by
:mod:`rfp_assistant.match.answer`. An automatic answer that cannot be written faithfully
goes to review with the reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rfp_assistant.match.answer import prepare_answer
from rfp_assistant.match.calibration import Calibration
from rfp_assistant.models import LibraryEntry, Match, Question, QuestionResult
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


def decide(
    question: Question,
    matches: tuple[Match, ...],
    entries: dict[str, LibraryEntry],
    variables: dict[str, Any],
    calibration: Calibration,
    settings: MatchSettings,
    *,
    as_of: date,
) -> QuestionResult:
    """Decide one question and prepare the text to write (for review too, as a suggestion).

    ``as_of`` is the day the answers are for: an entry overdue for review on that day is
    never written automatically.
    """
    decision, reason = score_decision(matches, calibration, settings)
    if decision == "none":
        return QuestionResult(question, "none", matches, reason=reason)
    entry = entries[matches[0].entry_id]
    prepared = prepare_answer(question, entry, variables, as_of=as_of)
    if prepared.answer is None and prepared.short_answer is None:
        return QuestionResult(question, "review", matches, reason=prepared.blocked, notes=prepared.notes)
    if prepared.blocked and decision == "auto":
        decision, reason = "review", prepared.blocked
    elif prepared.blocked:
        reason = f"{reason}; {prepared.blocked}"
    return QuestionResult(
        question,
        decision,  # type: ignore[arg-type]
        matches,
        answer=prepared.answer,
        short_answer=prepared.short_answer,
        exhibit=entry.exhibit,
        reason=reason,
        attachments=prepared.attachments,
        grid_values=prepared.grid_values,
        notes=prepared.notes,
    )
