"""The domain model: plain frozen dataclasses passed between the pipeline's stages.

parse -> :class:`Questionnaire` (of :class:`Question`, each with a ``Location``)
match -> :class:`Response` (of :class:`QuestionResult`, each with ranked :class:`Match`)
render -> one :class:`Placement` per automatic answer (where it was written, or why not)
The answer library's entries are :class:`LibraryEntry`.

Nothing here imports a document library; adapters in ``parse/`` and ``render/``
translate between files and these objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Format = Literal["xlsx", "docx", "pdf"]
"""A questionnaire's file format, as ``parse --json`` names it (``.xlsm`` is ``xlsx``, ``.docm`` is ``docx``)."""
Kind = Literal["narrative", "yes_no", "choice", "numeric", "date", "attachment"]
SHORT_ANSWER_KINDS: tuple[Kind, ...] = ("yes_no", "choice", "numeric", "date")
"""Kinds whose answer spot takes the entry's short answer (a dropdown value, a number, a date)."""
Decision = Literal["auto", "review", "none"]
DECISIONS: tuple[Decision, ...] = ("auto", "review", "none")
FUNDING_TYPES = ("fully-insured", "self-funded", "level-funded")
"""The funding arrangements an account (and a library entry's ``funding``) can name."""


@dataclass(frozen=True)
class Limit:
    """A length limit the issuer put on an answer."""

    unit: Literal["chars", "words"]
    value: int

    def allows(self, text: str) -> bool:
        """True when ``text`` fits within the limit."""
        size = len(text.split()) if self.unit == "words" else len(text)
        return size <= self.value

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "value": self.value}


@dataclass(frozen=True)
class XlsxLocation:
    """Where a question sits in a workbook and where its answer goes.

    ``answer_cell`` is None when the workbook has no answer slot for the question
    (a portal export); ``explanation_cell`` is None when there is no comment column.
    """

    sheet: str
    question_cell: str
    answer_cell: str | None
    explanation_cell: str | None = None
    format: Literal["xlsx"] = "xlsx"

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "sheet": self.sheet,
            "question_cell": self.question_cell,
            "answer_cell": self.answer_cell,
            "explanation_cell": self.explanation_cell,
        }

    def describe(self) -> str:
        """A short human description of the answer spot, e.g. ``'Questionnaire'!C8``."""
        target = self.answer_cell or self.explanation_cell
        return f"'{self.sheet}'!{target}" if target else f"'{self.sheet}' (no answer cell)"


@dataclass(frozen=True)
class DocxLocation:
    """Where a question's answer goes in a Word document.

    ``path`` addresses the spot (e.g. ``table[2]/row[3]/cell[1]`` or ``paragraph[41]``);
    ``mode`` says how to write there: into a table ``cell``, a new paragraph ``after``
    the question, over a ``placeholder``, or by ticking a ``checkbox``.
    """

    path: str | None
    mode: Literal["cell", "after", "placeholder", "checkbox"] | None
    format: Literal["docx"] = "docx"

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "path": self.path, "mode": self.mode}

    def describe(self) -> str:
        return f"{self.path} ({self.mode})" if self.path else "(no answer spot)"


@dataclass(frozen=True)
class PdfLocation:
    """Where a question sits in a PDF: 1-based page and (x0, top, x1, bottom) box."""

    page: int
    bbox: tuple[float, float, float, float] | None = None
    format: Literal["pdf"] = "pdf"

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "page": self.page, "bbox": list(self.bbox) if self.bbox else None}

    def describe(self) -> str:
        return f"page {self.page}"


Location = XlsxLocation | DocxLocation | PdfLocation


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire, in the issuer's order.

    ``id`` is a stable ordinal (``q0001``); ``number`` is the issuer's own numbering
    (``2.3.1``, ``IVL-01``) or None; ``options`` lists allowed values for ``yes_no`` and
    ``choice`` questions; ``limit`` is None when the issuer set no length limit.
    """

    id: str
    number: str | None
    section: str | None
    text: str
    kind: Kind
    location: Location
    options: tuple[str, ...] = ()
    limit: Limit | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "section": self.section,
            "text": self.text,
            "kind": self.kind,
            "options": list(self.options),
            "limit": self.limit.to_dict() if self.limit else None,
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True)
class Field:
    """A contact or identification blank (bidder name, date, signature): not a question."""

    label: str
    location: Location
    number: str | None = None
    kind: Literal["field"] = "field"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True)
class Questionnaire:
    """Everything a parser found in one document."""

    source: str
    format: Format
    questions: tuple[Question, ...]
    fields: tuple[Field, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "questions": [q.to_dict() for q in self.questions],
            "fields": [f.to_dict() for f in self.fields],
        }


@dataclass(frozen=True)
class LibraryEntry:
    """One approved (or draft, or retired) answer in the answer library.

    ``answer`` is a Jinja2 template; ``short_answer`` is the value for a Yes/No or
    dropdown cell (None when none fits); ``products`` and ``funding`` are empty when
    the entry applies to all. ``source`` and ``line`` say where the entry is defined.
    """

    id: str
    question: str
    answer: str
    status: Literal["draft", "approved", "retired"]
    alternates: tuple[str, ...] = ()
    short_answer: str | None = None
    answer_brief: str | None = None
    tags: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    owner: str | None = None
    last_reviewed: date | None = None
    review_every_days: int = 365
    attachments: tuple[str, ...] = ()
    exhibit: str | None = None
    source: str = ""
    line: int = 0

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its alternates: every text a question is matched against."""
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class Match:
    """One candidate entry for a question.

    ``score`` is the combined score in [0, 1] (what ranks the candidates); ``confidence``
    is the estimated probability, in [0, 1], that this entry is the right answer, learnt
    from the library's calibration (what decides ``auto``); ``semantic`` and ``lexical``
    are the best embedding and TF-IDF cosines to one of the entry's phrasings.
    """

    entry_id: str
    score: float
    matched_text: str
    semantic: float = 0.0
    lexical: float = 0.0
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "score": round(self.score, 4),
            "confidence": round(self.confidence, 4),
            "matched_text": self.matched_text,
            "semantic": round(self.semantic, 4),
            "lexical": round(self.lexical, 4),
        }


@dataclass(frozen=True)
class QuestionResult:
    """The matcher's verdict on one question.

    ``answer`` and ``short_answer`` hold the rendered text of the best entry (None when
    the decision is ``none`` or the entry could not be used); ``reason`` says in words
    why a question went to review or was left blank.
    """

    question: Question
    decision: Decision
    matches: tuple[Match, ...]
    answer: str | None = None
    short_answer: str | None = None
    exhibit: str | None = None
    reason: str | None = None

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    def to_dict(self) -> dict[str, Any]:
        data = self.question.to_dict()
        data.update(
            {
                "decision": self.decision,
                "matches": [m.to_dict() for m in self.matches],
                "answer": self.answer,
                "short_answer": self.short_answer,
                "reason": self.reason,
            }
        )
        return data


@dataclass(frozen=True)
class Placement:
    """Where a renderer wrote one automatic answer, or why it wrote nothing.

    ``spots`` name the places written as a reader finds them (``'Questionnaire'!D12``;
    a Word renderer uses its location paths), empty when nothing was written; ``note``
    then says why, and the question goes to review with it. ``answer`` is set when the
    text written differs from the matched answer (a pointer to an exhibit was added), so
    the review report shows what the document says.
    """

    question_id: str
    spots: tuple[str, ...]
    note: str | None = None
    answer: str | None = None

    @property
    def written(self) -> bool:
        return bool(self.spots)

    def describe(self) -> str:
        """The "Answer goes to" text: the spots written, comma-separated, or the note."""
        return ", ".join(self.spots) if self.spots else (self.note or "")


@dataclass(frozen=True)
class Response:
    """The matched questionnaire: one result per question, in order.

    ``calibration`` says in words where the operating point (and the confidence model)
    came from: the library's own pseudo-questions, a labelled set via ``settings.yaml``,
    or the built-in defaults (None when unknown).
    """

    questionnaire: Questionnaire
    results: tuple[QuestionResult, ...]
    library_version: str
    model: str
    calibration: str | None = None

    def counts(self) -> dict[str, int]:
        """How many questions got each decision."""
        counts = {d: 0 for d in DECISIONS}
        for result in self.results:
            counts[result.decision] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.questionnaire.source,
            "format": self.questionnaire.format,
            "library_version": self.library_version,
            "model": self.model,
            "calibration": self.calibration,
            "counts": self.counts(),
            "questions": [r.to_dict() for r in self.results],
        }
