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
from datetime import date, timedelta
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
FIT_HELD_BACK = "the library answers little of"
"""How the review reason begins of an answer the library-fit rule held back (:mod:`rfp_assistant.match.fit`)."""


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

    ``answer_cell`` is the spot for a short value (a Yes/No or dropdown cell, a number, a
    date) or, in a layout with a single response column, for the whole answer; it is None
    when the workbook has no answer slot for the question (a portal export) or the row's
    short-value cell does not apply (a narrative row beside a Yes/No column).
    ``explanation_cell`` is where a narrative goes, None when there is no such column.
    ``attachment_cell`` is a column for the names of attached documents, None when the
    layout has none (and then left out of :meth:`to_dict`).
    """

    sheet: str
    question_cell: str
    answer_cell: str | None
    explanation_cell: str | None = None
    attachment_cell: str | None = None
    format: Literal["xlsx"] = "xlsx"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": self.format,
            "sheet": self.sheet,
            "question_cell": self.question_cell,
            "answer_cell": self.answer_cell,
            "explanation_cell": self.explanation_cell,
        }
        if self.attachment_cell:
            data["attachment_cell"] = self.attachment_cell
        return data

    def describe(self) -> str:
        """A short human description of the answer spot, e.g. ``'Questionnaire'!C8``."""
        target = self.answer_cell or self.explanation_cell
        return f"'{self.sheet}'!{target}" if target else f"'{self.sheet}' (no answer cell)"


@dataclass(frozen=True)
class CheckBox:
    """One check box of a Word answer spot: the option it stands for and where it is."""

    option: str
    path: str

    def to_dict(self) -> dict[str, Any]:
        return {"option": self.option, "path": self.path}


@dataclass(frozen=True)
class DocxLocation:
    """Where a question sits in a Word document and where its answer goes.

    Paths address elements of ``word/document.xml`` from the body down, with 0-based
    indexes among siblings of the same kind: ``body/p[41]``, ``body/tbl[2]/tr[3]/tc[1]``,
    ``body/sdt[0]/tbl[0]/tr[1]/tc[2]/p[4]``, a text box ``body/p[7]/txbx[0]`` and a run
    or inline content control in a paragraph ``body/p[12]/r[3]``, ``body/p[12]/sdt[0]``
    (the grammar is documented in :mod:`rfp_assistant.ooxml.docx`).

    ``path`` is the answer spot (None when the document has none, e.g. a portal's form)
    and ``mode`` says how to write there: into an empty table ``cell`` or text box, in the
    empty paragraphs ``after`` the paragraph at ``path`` (a "Response:" label, or the
    question's last paragraph), over the ``placeholder`` text in that paragraph, or by
    ticking one of the ``checkboxes``. ``explanation_path`` and ``explanation_mode`` name a
    second, narrative spot beside a yes/no or choice answer ("If yes, describe").
    """

    path: str | None
    mode: Literal["cell", "after", "placeholder", "checkbox"] | None
    question_path: str | None = None
    placeholder: str | None = None
    checkboxes: tuple[CheckBox, ...] = ()
    explanation_path: str | None = None
    explanation_mode: Literal["cell", "after", "placeholder"] | None = None
    format: Literal["docx"] = "docx"

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "mode": self.mode,
            "question_path": self.question_path,
            "placeholder": self.placeholder,
            "checkboxes": [box.to_dict() for box in self.checkboxes],
            "explanation_path": self.explanation_path,
            "explanation_mode": self.explanation_mode,
        }

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

GridFormat = Literal["text", "date", "money", "percent", "number"]
"""How a grid column's cells are formatted by the issuer (the value written follows it)."""


@dataclass(frozen=True)
class AnswerGrid:
    """A table the issuer laid out below a question, to be answered cell by cell.

    ``rows`` and ``columns`` are the issuer's labels (``row_header`` heads the label
    column); ``cells[i][j]`` is where ``rows[i]`` x ``columns[j]`` is answered, in the
    terms of the question's location (a cell reference on the question's sheet for an
    Excel questionnaire); ``formats[j]`` is how column j's cells are formatted.
    """

    row_header: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    formats: tuple[GridFormat, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "row_header": self.row_header,
            "columns": list(self.columns),
            "rows": list(self.rows),
            "cells": [list(row) for row in self.cells],
            "formats": list(self.formats),
        }


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire, in the issuer's order.

    ``id`` is a stable ordinal (``q0001``); ``number`` is the issuer's own numbering
    (``2.3.1``, ``IVL-01``) or None; ``options`` lists allowed values for ``yes_no`` and
    ``choice`` questions; ``limit`` is None when the issuer set no length limit; ``grid``
    is the table below the question its answer fills, None when there is none.
    """

    id: str
    number: str | None
    section: str | None
    text: str
    kind: Kind
    location: Location
    options: tuple[str, ...] = ()
    limit: Limit | None = None
    grid: AnswerGrid | None = None

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
            "grid": self.grid.to_dict() if self.grid else None,
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
class FieldValue:
    """What to write in a contact or identification blank, and the plan variable it comes from.

    ``value`` is a date for a date blank (a typed date cell gets a real date), else text.
    """

    field: Field
    value: str | date
    source: str


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
class GridColumn:
    """A column of an entry's table: the id its rows use and the labels an issuer may give it."""

    id: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class GridRow:
    """A row of an entry's table: the labels an issuer may give it and its values by column id.

    Each value is an approved text (a template, like ``answer``); a column the row has no
    value for is left for a person to complete.
    """

    labels: tuple[str, ...]
    values: tuple[tuple[str, str], ...]

    def value(self, column_id: str) -> str | None:
        return next((text for cid, text in self.values if cid == column_id), None)


@dataclass(frozen=True)
class GridData:
    """An entry's structured answer for a row x column table (``grid:`` in the library)."""

    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class LibraryEntry:
    """One approved (or draft, or retired) answer in the answer library.

    ``answer`` is a Jinja2 template; ``short_answer`` is the value for a Yes/No or
    dropdown cell (None when none fits); ``short_answers`` give it per question kind
    instead (``("yes_no", "Yes"), ("date", "{{ plan.ncqa_expiry }}")``, see
    :meth:`short_answer_for`); ``products`` and ``funding`` are empty when the entry
    applies to all. ``source`` and ``line`` say where the entry is defined.
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
    grid: GridData | None = None
    short_answers: tuple[tuple[Kind, str], ...] = ()
    source: str = ""
    line: int = 0

    def short_answer_for(self, kind: Kind) -> str | None:
        """The short answer (a template) for a question of ``kind``, or None.

        A value given for the kind wins; an entry with per-kind values and none for this
        kind has none; otherwise the plain ``short_answer`` serves every kind.
        """
        if self.short_answers:
            return next((text for k, text in self.short_answers if k == kind), None)
        return self.short_answer

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its alternates: every text a question is matched against."""
        return (self.question, *self.alternates)

    @property
    def review_due(self) -> date | None:
        """The day the entry is due for review (``last_reviewed + review_every_days``), None if never reviewed."""
        if self.last_reviewed is None:
            return None
        return self.last_reviewed + timedelta(days=self.review_every_days)

    def overdue(self, as_of: date) -> bool:
        """True when an approved entry's review date has passed on ``as_of``."""
        due = self.review_due
        return self.status == "approved" and due is not None and due < as_of


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
    why a question went to review or was left blank. ``attachments`` are the documents
    the answer refers to; ``grid_values`` (aligned with the question's grid, None when it
    has none or the entry has no table) holds each cell's text, None for a cell the entry
    has no value for; ``notes`` say what a person should know about an answer that is
    written all the same (a narrative left out because it is over the limit).
    """

    question: Question
    decision: Decision
    matches: tuple[Match, ...]
    answer: str | None = None
    short_answer: str | None = None
    exhibit: str | None = None
    reason: str | None = None
    attachments: tuple[str, ...] = ()
    grid_values: tuple[tuple[str | None, ...], ...] | None = None
    notes: tuple[str, ...] = ()

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
                "attachments": list(self.attachments),
                "grid_values": [list(row) for row in self.grid_values] if self.grid_values else None,
            }
        )
        return data


FIELD_PLACEMENT = "field:{index}"
"""The ``question_id`` of a contact field's placement: its index in ``Questionnaire.fields``."""


@dataclass(frozen=True)
class Placement:
    """Where a renderer wrote one automatic answer, or why it wrote nothing.

    ``spots`` name the places written as a reader finds them (``'Questionnaire'!D12``;
    a Word renderer uses its location paths), empty when nothing was written; ``note``
    then says why, and the question goes to review with it. ``answer`` is set when the
    text written differs from the matched answer (a pointer to an exhibit was added), so
    the review report shows what the document says. ``left_open`` lists the spots a
    written answer leaves for a person, each with what is wanted ("'Q'!C65: pick the
    Yes/No value", a grid cell the entry has no value for). A *suggested* placement
    (``suggested``) says where a review answer would go; nothing was written there.
    ``question_id`` is :data:`FIELD_PLACEMENT` for a contact field's value.
    """

    question_id: str
    spots: tuple[str, ...]
    note: str | None = None
    answer: str | None = None
    left_open: tuple[str, ...] = ()
    suggested: bool = False

    @property
    def written(self) -> bool:
        return bool(self.spots) and not self.suggested

    def describe(self) -> str:
        """The "Answer goes to" text: the spots written, comma-separated, or the note."""
        return ", ".join(self.spots) if self.spots else (self.note or "")


@dataclass(frozen=True)
class Response:
    """The matched questionnaire: one result per question, in order.

    ``calibration`` says in words where the operating point (and the confidence model)
    came from: the library's own pseudo-questions, a labelled set via ``settings.yaml``,
    or the built-in defaults (None when unknown). ``library_fit`` estimates the share of
    the questions the library answers (:func:`rfp_assistant.match.fit.library_fit`).
    """

    questionnaire: Questionnaire
    results: tuple[QuestionResult, ...]
    library_version: str
    model: str
    as_of: date | None = None
    field_values: tuple[FieldValue, ...] = ()
    calibration: str | None = None
    library_fit: float | None = None

    def fit_note(self) -> str | None:
        """One line saying how many answers the library-fit rule held back, or None when it held none."""
        held = sum(1 for result in self.results if (result.reason or "").startswith(FIT_HELD_BACK))
        if not held:
            return None
        fit = f" (library fit {self.library_fit:.2f} over all of it)" if self.library_fit is not None else ""
        return (
            f"{FIT_HELD_BACK} parts of this questionnaire{fit}: {held} answer(s) that looked sure went to "
            "review instead of being written; 'matching: {min_library_fit: 0}' in the library's settings.yaml "
            "turns this off"
        )

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
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "calibration": self.calibration,
            "library_fit": None if self.library_fit is None else round(self.library_fit, 4),
            "counts": self.counts(),
            "questions": [r.to_dict() for r in self.results],
        }
