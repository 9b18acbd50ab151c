"""What to write where, for any format: the rules every renderer of a copy follows.

A question has at most two spots in the issuer's document: the *answer* spot (the
Response cell, the table cell or paragraph under the question) and the *explanation*
spot (a Comments column, a "Please explain" box). :func:`plan_answer` decides, from the
matched result and what each spot holds now, which text goes to which spot:

- a yes/no, choice, number or date question with a short answer gets the short answer in
  its answer spot and the narrative, if any, in its explanation spot;
- any other answer is a narrative: it goes to the answer spot, or to the explanation
  spot when there is no answer spot or the renderer says the answer spot is meant for a
  short value only (a narrow Yes/No column);
- a spot that already holds an answer (anything but an issuer's placeholder) is never
  overwritten: nothing is written and the note says why.

The renderer turns each :class:`SpotWrite` into its own terms (a cell reference, a
paragraph path) and names the spots as a reader finds them, for notes and the review
report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from rfp_assistant.models import SHORT_ANSWER_KINDS, QuestionResult
from rfp_assistant.text import is_placeholder

Spot = Literal["answer", "explanation"]
NO_SPOT = "the document has no answer spot for this question"
SHOWN_CHARS = 40  # how much of an existing answer a "not written" note quotes
STAND_IN = "-"  # the text planned for a question that has no answer yet, to find its spot


@dataclass(frozen=True)
class AnswerSpots:
    """A question's spots as the renderer found them in the document.

    ``answer`` and ``explanation`` name each spot for a reader (``'Questionnaire'!D12``),
    None when the question has no such spot; ``answer_text`` and ``explanation_text`` are
    what the spots hold now. ``short_answer_spot`` marks an answer spot meant for a short
    value only, so a narrative goes to the explanation spot instead. ``nowhere`` is the
    note when the question has neither spot, in the format's own words.
    """

    answer: str | None
    explanation: str | None = None
    answer_text: str = ""
    explanation_text: str = ""
    short_answer_spot: bool = False
    nowhere: str = NO_SPOT


@dataclass(frozen=True)
class SpotWrite:
    """One text to write: into which spot, and whether it is a number (a numeric short answer)."""

    spot: Spot
    text: str
    numeric: bool = False


def plan_answer(result: QuestionResult, spots: AnswerSpots) -> tuple[list[SpotWrite], str | None]:
    """The writes for one automatic answer, or none and the reason (the note)."""
    if spots.answer is None and spots.explanation is None:
        return [], spots.nowhere
    question = result.question
    writes: list[SpotWrite] = []
    if question.kind in SHORT_ANSWER_KINDS and result.short_answer is not None and spots.answer:
        writes.append(SpotWrite("answer", result.short_answer.strip(), numeric=question.kind == "numeric"))
        if spots.explanation and result.answer:
            writes.append(SpotWrite("explanation", result.answer))
    elif result.answer:
        to_explanation = spots.explanation is not None and (spots.answer is None or spots.short_answer_spot)
        writes.append(SpotWrite("explanation" if to_explanation else "answer", result.answer))
    for write in writes:
        name, held = _spot(spots, write.spot)
        if holds_answer(held):
            return [], f"not written: {name} already holds {held[:SHOWN_CHARS]!r}"
    return writes, None


def holds_answer(text: str | None) -> bool:
    """True when a spot holds something a person or the issuer wrote (not blank, not a placeholder)."""
    return bool(text and text.strip()) and not is_placeholder((text or "").strip())


def _spot(spots: AnswerSpots, spot: Spot) -> tuple[str, str]:
    if spot == "answer":
        return spots.answer or "", spots.answer_text
    return spots.explanation or "", spots.explanation_text


def as_if_answered(result: QuestionResult) -> QuestionResult:
    """``result`` with stand-in text where it has none, so :func:`plan_answer` says where an answer would go.

    A question with no suggestion (``none``) then names the spot its kind's answer takes:
    the answer spot for a short value, the narrative spot otherwise. A result with text
    is returned as it is, so a suggestion names the spots accepting it would write.
    """
    if result.answer or result.short_answer is not None:
        return result
    if result.question.kind in SHORT_ANSWER_KINDS:
        return replace(result, short_answer=STAND_IN)
    return replace(result, answer=STAND_IN)
