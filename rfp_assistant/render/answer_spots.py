"""What to write where, for any format: the rules every renderer of a copy follows.

A question has up to three spots in the issuer's document: the *answer* spot (the Yes/No
or dropdown cell, a number or date cell, or the one response cell of a simple layout), the
*explanation* spot (the response column beside a Yes/No column, a Comments column, a
"Please explain" box) and the *attachment* spot (an "Attachment Name" column); a question
with a grid below it has a cell per row x column too. :func:`plan_answer` decides, from the
matched result and what each spot holds now, which text goes to which spot:

- a yes/no, choice, number or date question with a short answer gets the value in its
  answer spot and the narrative, if any, in its explanation spot; a "No" or a qualified
  "Yes" always carries its narrative, so with no explanation spot it is not written;
- one whose entry has no short answer gets its narrative in the explanation spot and
  its answer spot is left for a person (:func:`open_spots`); a number or date question
  with no explanation spot takes the narrative in its answer spot, the only one it has;
- any other answer is a narrative: it goes to the answer spot, or to the explanation
  spot when there is no answer spot or the renderer says the answer spot is meant for a
  short value only (a narrow Yes/No column);
- the attachment spot gets the names of the documents the answer refers to;
- a spot that already holds an answer (anything but an issuer's placeholder) is never
  overwritten: nothing is written and the note says why.

:func:`plan_grid` does the same for a grid's cells. The renderer turns each
:class:`SpotWrite` into its own terms (a cell reference, a paragraph path) and names the
spots as a reader finds them, for notes and the review report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from rfp_assistant.models import SHORT_ANSWER_KINDS, QuestionResult
from rfp_assistant.text import is_placeholder, is_qualified

Spot = Literal["answer", "explanation", "attachment", "grid"]
NO_SPOT = "the document has no answer spot for this question"
SHOWN_CHARS = 40  # how much of an existing answer a "not written" note quotes
VALUE_WANTED = {
    "yes_no": "pick the Yes/No value",
    "choice": "pick a value from the list",
    "numeric": "enter the number",
    "date": "enter the date",
}
STAND_IN = "-"  # the text planned for a question that has no answer yet, to find its spot


@dataclass(frozen=True)
class AnswerSpots:
    """A question's spots as the renderer found them in the document.

    ``answer``, ``explanation`` and ``attachment`` name each spot for a reader
    (``'Questionnaire'!D12``), None when the question has no such spot; the ``*_text``
    fields are what the spots hold now. ``short_answer_spot`` marks an answer spot meant
    for a short value only, so a narrative goes to the explanation spot instead.
    ``nowhere`` is the note when the question has neither an answer nor an explanation
    spot, in the format's own words.
    """

    answer: str | None
    explanation: str | None = None
    answer_text: str = ""
    explanation_text: str = ""
    short_answer_spot: bool = False
    nowhere: str = NO_SPOT
    attachment: str | None = None
    attachment_text: str = ""


@dataclass(frozen=True)
class SpotWrite:
    """One text to write: into which spot, and whether it is a number or a date (a typed value).

    ``cell`` is set for a grid write: the grid cell's address, as the question's grid gives it.
    """

    spot: Spot
    text: str
    numeric: bool = False
    date: bool = False
    cell: str | None = None


def plan_answer(result: QuestionResult, spots: AnswerSpots) -> tuple[list[SpotWrite], str | None]:
    """The writes for one automatic answer, or none and the reason (the note)."""
    if spots.answer is None and spots.explanation is None:
        return [], spots.nowhere
    question = result.question
    writes: list[SpotWrite] = []
    narrative = result.answer
    if question.kind in SHORT_ANSWER_KINDS and result.short_answer is not None and spots.answer:
        value = result.short_answer.strip()
        writes.append(
            SpotWrite("answer", value, numeric=question.kind == "numeric", date=question.kind == "date")
        )
        if spots.explanation and narrative:
            writes.append(SpotWrite("explanation", narrative))
        elif question.kind in ("yes_no", "choice") and is_qualified(value, narrative):
            return [], (
                f"the answer {value!r} needs its explanation and the document has no place for it "
                f"beside {spots.answer}"
            )
    elif question.kind in SHORT_ANSWER_KINDS and narrative:
        if spots.explanation:
            writes.append(SpotWrite("explanation", narrative))
        elif question.kind in ("numeric", "date") and spots.answer:
            writes.append(SpotWrite("answer", narrative))
        else:
            return [], (
                f"the entry has no short answer ({VALUE_WANTED[question.kind]}) and the document has "
                f"no place for its narrative beside {spots.answer}"
            )
    elif narrative:
        to_explanation = spots.explanation is not None and (spots.answer is None or spots.short_answer_spot)
        writes.append(SpotWrite("explanation" if to_explanation else "answer", narrative))
    if spots.attachment and result.attachments and writes:
        writes.append(SpotWrite("attachment", "; ".join(result.attachments)))
    for write in writes:
        name, held = _spot(spots, write.spot)
        if holds_answer(held):
            return [], f"not written: {name} already holds {held[:SHOWN_CHARS]!r}"
    return writes, None


def open_spots(result: QuestionResult, spots: AnswerSpots, writes: list[SpotWrite]) -> list[str]:
    """The spots a written answer leaves for a person, each with what is wanted there.

    A yes/no, choice, number or date question whose entry gave no value, answered in its
    explanation spot, leaves its answer spot empty: "'Q'!C65: pick the Yes/No value".
    """
    kind = result.question.kind
    written = {w.spot for w in writes}
    if kind in VALUE_WANTED and spots.answer and "answer" not in written and writes:
        return [f"{spots.answer}: {VALUE_WANTED[kind]}"]
    return []


def plan_grid(
    result: QuestionResult, names: tuple[tuple[str, ...], ...], held: tuple[tuple[str, ...], ...]
) -> tuple[list[SpotWrite], list[str]]:
    """The grid cells to write for an automatic answer, and the cells left for a person.

    ``names`` and ``held`` give, per grid cell (aligned with the question's grid), its name
    for a reader and what it holds now. A cell the issuer already filled is kept as it is;
    a cell the entry has no value for is listed with its row and column labels.
    """
    grid = result.question.grid
    if grid is None:
        return [], []
    values = result.grid_values or tuple((None,) * len(grid.columns) for _ in grid.rows)
    writes: list[SpotWrite] = []
    left: list[str] = []
    formats = grid.formats or ("text",) * len(grid.columns)
    for i, row_label in enumerate(grid.rows):
        for j, column_label in enumerate(grid.columns):
            if holds_answer(held[i][j]):
                continue
            value = values[i][j]
            if value is None:
                left.append(f"{names[i][j]}: {row_label} / {column_label}")
                continue
            fmt = formats[j]
            writes.append(
                SpotWrite(
                    "grid",
                    value,
                    numeric=fmt in ("money", "percent", "number"),
                    date=fmt == "date",
                    cell=grid.cells[i][j],
                )
            )
    return writes, left


def holds_answer(text: str | None) -> bool:
    """True when a spot holds something a person or the issuer wrote (not blank, not a placeholder)."""
    return bool(text and text.strip()) and not is_placeholder((text or "").strip())


def _spot(spots: AnswerSpots, spot: Spot) -> tuple[str, str]:
    if spot == "answer":
        return spots.answer or "", spots.answer_text
    if spot == "attachment":
        return spots.attachment or "", spots.attachment_text
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
