"""What a response template is rendered with: the questions by section, answers, attachments.

Format-neutral: built from a :class:`~rfp_assistant.models.Response` whatever the
questionnaire's format (a workbook, a Word document, a PDF), in the issuer's order and
with the issuer's numbering and sections. Only ``auto`` answers are shown; every other
question is shown with :data:`PLACEHOLDER` so that nothing is silently dropped (the review
report lists it). The variables, as a template sees them:

``plan``, ``account``, ``projection``
    the answers' own template context (``plan.yaml``, the account profile, the projection);
    ``account`` and ``projection`` are empty mappings when not given.
``rfp``
    ``title`` (the questionnaire's document title, else its file name), ``file``,
    ``format``, ``questions`` (how many).
``employer``
    the account's name, or empty.
``response``
    ``date`` (as a reader writes it: "December 1, 2026"), ``plan`` (the plan's name),
    ``answered`` and ``unanswered`` (how many questions).
``sections``
    the issuer's sections in order, each with ``title``, ``number`` (1, 2, ...) and
    ``questions``.
``questions``
    every question in order; each has ``id``, ``number`` (the issuer's, or empty),
    ``text``, ``heading`` (number, a tab and the text), ``kind``, ``section``,
    ``answered``, ``short_answer`` (a Yes/No, choice, number or date value, or empty),
    ``paragraphs`` (each ``text`` and ``bullet``), ``attachments`` (names), ``exhibit``
    (the computed exhibit, for ``{{p q.exhibit }}``, the first time one is asked for),
    ``exhibit_note`` (where an exhibit asked for again is) and ``decision``.
``unanswered``
    the questions shown with the placeholder.
``attachments``
    each document referred to, once: ``name`` and ``questions`` (the numbers that refer
    to it).
``placeholder``
    the text shown for a question without an approved answer: ``[Response to be provided]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rfp_assistant.models import SHORT_ANSWER_KINDS, QuestionResult, Response
from rfp_assistant.render.answer_text import AnswerBlock, answer_blocks
from rfp_assistant.text import one_line

PLACEHOLDER = "[Response to be provided]"
UNSECTIONED = "Questions"  # the section of questions the issuer put under no heading
EXHIBIT_SHOWN = "See the exhibit “{title}” under {where}."


@dataclass(frozen=True)
class ResponseQuestion:
    """One question as the response document shows it (see the module docstring)."""

    id: str
    number: str
    text: str
    heading: str
    kind: str
    section: str
    answered: bool
    decision: str
    short_answer: str = ""
    paragraphs: tuple[AnswerBlock, ...] = ()
    attachments: tuple[str, ...] = ()
    exhibit: Any = None
    exhibit_note: str = ""

    @property
    def label(self) -> str:
        """How the response names the question: its number, or its first words."""
        return self.number or _first_words(self.text)


@dataclass(frozen=True)
class ResponseSection:
    """One of the issuer's sections, with its questions in order."""

    title: str
    number: int
    questions: tuple[ResponseQuestion, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Attachment:
    """A document the answers refer to, and the questions that refer to it."""

    name: str
    questions: tuple[str, ...]


def answered(result: QuestionResult) -> bool:
    """True when the response shows an approved answer for this question (``auto`` only)."""
    return result.decision == "auto" and bool(result.answer or result.short_answer)


def response_questions(
    response: Response, exhibits: Mapping[str, Any], exhibit_titles: Mapping[str, str]
) -> list[ResponseQuestion]:
    """Every question in the issuer's order, answered or with the placeholder.

    ``exhibits`` (name -> the rendered exhibit) are placed with the first answer asking
    for each; a later answer asking for the same one gets a note saying where it is.
    """
    shown: dict[str, str] = {}
    questions = []
    for result in response.results:
        question = result.question
        number = question.number or ""
        text = question.text.strip()
        is_answered = answered(result)
        exhibit, note = None, ""
        if is_answered and result.exhibit in exhibits:
            name = result.exhibit
            if name in shown:
                note = EXHIBIT_SHOWN.format(title=exhibit_titles.get(name, name), where=shown[name])
            else:
                exhibit = exhibits[name]
                shown[name] = f"question {number}" if number else f"'{_first_words(text)}'"
        short = (result.short_answer or "") if question.kind in SHORT_ANSWER_KINDS else ""
        paragraphs = tuple(answer_blocks(result.answer)) if is_answered else ()
        if paragraphs and _opens_with(paragraphs[0].text, short):
            short = ""  # "Yes. Northwind…" says it already
        questions.append(
            ResponseQuestion(
                id=question.id,
                number=number,
                text=text,
                heading=f"{number}\t{text}" if number else text,
                kind=question.kind,
                section=question.section or UNSECTIONED,
                answered=is_answered,
                decision=result.decision,
                short_answer=short.strip() if is_answered else "",
                paragraphs=paragraphs,
                attachments=result.attachments if is_answered else (),
                exhibit=exhibit,
                exhibit_note=note,
            )
        )
    return questions


def group_sections(questions: list[ResponseQuestion]) -> list[ResponseSection]:
    """Consecutive questions of one section together, sections in the issuer's order."""
    sections: list[ResponseSection] = []
    for question in questions:
        if sections and sections[-1].title == question.section:
            last = sections[-1]
            sections[-1] = ResponseSection(last.title, last.number, (*last.questions, question))
        else:
            sections.append(ResponseSection(question.section, len(sections) + 1, (question,)))
    return sections


def attachment_list(questions: list[ResponseQuestion]) -> list[Attachment]:
    """Each attachment the shown answers refer to, once, in the order first referred to."""
    found: dict[str, list[str]] = {}
    for question in questions:
        for name in question.attachments:
            refs = found.setdefault(name, [])
            if question.label not in refs:
                refs.append(question.label)
    return [Attachment(name, tuple(refs)) for name, refs in found.items()]


def response_context(
    response: Response,
    context: Mapping[str, Any],
    *,
    title: str,
    file_name: str,
    prepared: date,
    exhibits: Mapping[str, Any] | None = None,
    exhibit_titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The variables a response template is rendered with (see the module docstring)."""
    questions = response_questions(response, exhibits or {}, exhibit_titles or {})
    plan = dict(context.get("plan") or {})
    account = dict(context.get("account") or {})
    shown = [q for q in questions if q.answered]
    return {
        "plan": plan,
        "account": account,
        "projection": context.get("projection") or {},
        "rfp": {
            "title": title,
            "file": file_name,
            "format": response.questionnaire.format,
            "questions": len(questions),
        },
        "employer": str(account.get("name") or ""),
        "response": {
            "date": long_date(prepared),
            "plan": str(plan.get("name") or ""),
            "answered": len(shown),
            "unanswered": len(questions) - len(shown),
        },
        "sections": group_sections(questions),
        "questions": questions,
        "unanswered": [q for q in questions if not q.answered],
        "attachments": attachment_list(questions),
        "placeholder": PLACEHOLDER,
    }


def long_date(day: date) -> str:
    """A date as a reader writes it: ``December 1, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def _opens_with(text: str, value: str) -> bool:
    """True when ``text`` starts with the short answer ``value`` as a word ("Yes. We…", "Yes, …")."""
    value = value.strip().rstrip(".")
    return bool(value) and re.match(re.escape(value) + r"\b", text.strip(), re.IGNORECASE) is not None


def _first_words(text: str, count: int = 8) -> str:
    words = one_line(text).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")
