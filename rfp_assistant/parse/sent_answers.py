"""Reading back what a completed questionnaire says: the answer that was sent for each question.

``library harvest`` parses a completed RFP like any other (:func:`rfp_assistant.parse.parse`
finds the questions and their answer spots), then :func:`read_sent_answers` reads the
values at those spots. One reader per format is registered in :data:`READERS`: Excel
here (the cells are where the blank had them, so the completed workbook can be parsed
itself), Word in :mod:`.sent_answers_docx` (read against the blank questionnaire, since
a Word answer is paragraphs like the question's own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rfp_assistant.errors import InputError, UnsupportedFormatError
from rfp_assistant.models import Question, Questionnaire, XlsxLocation
from rfp_assistant.ooxml.xlsx import split_ref
from rfp_assistant.parse.text import clean, is_placeholder


@dataclass(frozen=True)
class SentAnswer:
    """What a completed questionnaire holds for one question.

    ``answer`` is the value in the answer spot (a Yes/No, a number, or the narrative),
    ``explanation`` the value in the explanation spot; either is None when blank or a
    placeholder. ``where`` names the spots as a person would ("'Questionnaire'!C40").
    """

    question: Question
    answer: str | None
    explanation: str | None
    where: str


SentAnswerReader = Callable[[Path, Questionnaire], list[SentAnswer]]


def read_sent_answers(path: str | Path, questionnaire: Questionnaire) -> list[SentAnswer]:
    """The sent answer of every question of ``questionnaire`` (parsed from ``path``), in order."""
    reader = READERS.get(questionnaire.format)
    if reader is None:
        raise UnsupportedFormatError(
            f"reading answers back from {questionnaire.format} files is not supported yet", path=path
        )
    return reader(Path(path), questionnaire)


def read_xlsx_answers(path: Path, questionnaire: Questionnaire) -> list[SentAnswer]:
    """Values of the answer and explanation cells, as displayed (percentages, dates, numbers)."""
    import openpyxl

    wanted: dict[str, set[tuple[int, int]]] = {}
    for question in questionnaire.questions:
        location = question.location
        if isinstance(location, XlsxLocation):
            for ref in (location.answer_cell, location.explanation_cell):
                if ref:
                    wanted.setdefault(location.sheet, set()).add(split_ref(ref))
    values: dict[tuple[str, int, int], str | None] = {}
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - the parser already opened it; anything now is a bad file
        raise InputError(f"cannot read the answers: {type(exc).__name__}: {exc}", path=path) from None
    try:
        for sheet, cells in wanted.items():
            if sheet not in workbook.sheetnames:
                continue
            rows = {row for row, _ in cells}
            for row in workbook[sheet].iter_rows(min_row=min(rows), max_row=max(rows)):
                for cell in row:
                    key = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if key in cells:
                        values[(sheet, *key)] = display_value(cell.value, getattr(cell, "number_format", ""))
    finally:
        workbook.close()
    answers = []
    for question in questionnaire.questions:
        location = question.location
        if not isinstance(location, XlsxLocation):
            continue
        refs = [r for r in (location.answer_cell, location.explanation_cell) if r]
        answer, explanation = (
            values.get((location.sheet, *split_ref(ref))) if ref else None
            for ref in (location.answer_cell, location.explanation_cell)
        )
        answers.append(
            SentAnswer(question, answer, explanation, ", ".join(f"'{location.sheet}'!{r}" for r in refs))
        )
    return answers


def display_value(value: object, number_format: str = "") -> str | None:
    """A cell value as the sender saw it: ``0.994`` in a percent cell is ``99.4%``; blanks,
    placeholders ('TYPE RESPONSE HERE>>>>') and empty strings are None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{_number(value * 100)}%"
        return _number(value)
    text = clean(value)
    if not text or is_placeholder(text):
        return None
    return text


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _read_docx_answers(path: Path, questionnaire: Questionnaire) -> list[SentAnswer]:
    from rfp_assistant.parse.sent_answers_docx import read_docx_answers

    return read_docx_answers(path, questionnaire)


READERS: dict[str, SentAnswerReader] = {"xlsx": read_xlsx_answers, "docx": _read_docx_answers}
