"""PDF questionnaires -> :class:`Questionnaire`, with pdfplumber.

A PDF cannot take answers, so the parser's job is a faithful list of the issuer's questions:
number, section, text (joined across lines and pages, without Yes/No glyphs), kind, and where
it sits (``page`` and ``bbox``, in points from the page's top-left corner). Nothing is mapped
by hand; the pipeline is:

1. words of every page (:mod:`~rfp_assistant.parse.pdf_layout`), running headers, footers,
   page numbers and watermarks removed by position and repetition;
2. questionnaire tables read cell by cell (:mod:`~rfp_assistant.parse.pdf_tables`), only on
   pages with ruling lines, because table finding is slow;
3. underscore blanks reported as contact fields (:mod:`~rfp_assistant.parse.pdf_fields`);
4. the rest ordered as a reader reads it (columns, side boxes) and cut into headings and
   numbered items, which are then classified (:mod:`~rfp_assistant.parse.pdf_items`).

A scanned PDF (no text layer) or one that needs a password is refused with an
:class:`InputError` saying so; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from rfp_assistant.errors import InputError
from rfp_assistant.models import Field, Kind, PdfLocation, Question, Questionnaire
from rfp_assistant.parse.pdf_fields import blank_fields, split_blanks
from rfp_assistant.parse.pdf_items import (
    Element,
    Item,
    assign_sections,
    classify,
    segment_stream,
    strip_option_words,
)
from rfp_assistant.parse.pdf_layout import (
    Segment,
    body_size,
    build_segments,
    drop_furniture,
    drop_sliced_lines,
    find_furniture,
    reading_order,
)
from rfp_assistant.parse.pdf_page import Mark, PageWords, Word, read_page
from rfp_assistant.parse.pdf_parts import name_parts
from rfp_assistant.parse.pdf_tables import TableBlock, read_tables
from rfp_assistant.parse.text import find_limit, kind_from_wording

# A drawn radio button or checkbox: a small shape just left of its label.
CONTROL_MAX_SIDE = 26.0
CONTROL_MIN_SIDE = 6.0
RULE_WIDTH = 1.5
CONTROL_REACH = 40.0
MIN_MARKS_YES_NO = 2
_UPLOAD = ("choose file", "no file selected")


def parse_pdf(path: Path) -> Questionnaire:
    """Parse a PDF questionnaire into its questions and contact fields."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types on malformed files
        raise _unreadable(path, exc) from None
    with pdf:
        try:
            pages = [(plumber, read_page(plumber, index)) for index, plumber in enumerate(pdf.pages, start=1)]
        except Exception as exc:
            raise _unreadable(path, exc) from None
        if not any(words.has_text for _, words in pages):
            raise InputError(
                "PDF has no text layer (a scan or image-only file): run OCR on it first, questions are not guessed",
                path=path,
            )
        stream, fields = _read_pages(pages)
    elements = classify(segment_stream(stream, body_size(words for _, words in pages)))
    assign_sections(elements)
    name_parts(elements)
    marks = {words.number: words.marks for _, words in pages}
    for element in elements:
        if isinstance(element, Item) and element.source == "flow":
            element.marks = _count_marks(element, marks)
    return Questionnaire(
        source=str(path),
        format="pdf",
        questions=tuple(_questions(elements)),
        fields=tuple(fields),
    )


def _unreadable(path: Path, exc: BaseException) -> InputError:
    """The one-line error for a PDF pdfplumber cannot open (pdfplumber wraps pdfminer's errors)."""
    causes = [exc, exc.__cause__, *(a for a in getattr(exc, "args", ()) if isinstance(a, BaseException))]
    if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
        return InputError("PDF is password-protected (encrypted): remove the password and try again", path=path)
    detail = next((c for c in causes[1:] if c is not None), exc)
    message = " ".join(str(detail).split()) or type(detail).__name__
    return InputError(f"cannot read PDF (corrupt or not a PDF): {message}", path=path)


def _read_pages(pages: list[tuple[object, PageWords]]) -> tuple[list[Segment | TableBlock], list[Field]]:
    """Every page's lines and tables in reading order, and the contact blanks."""
    all_words = [words for _, words in pages]
    body = body_size(all_words)
    furniture = find_furniture(all_words)
    ordered: list[list[Segment]] = []
    tables_by_page: list[list[TableBlock]] = []
    fields: list[Field] = []
    for plumber, words in pages:
        kept = drop_furniture(words, furniture, body)
        tables, rest, boxes, box_fields = read_tables(plumber, words, kept)
        blanks, rest = split_blanks(words.number, rest)
        segments = _mark_boxed(_mark_controls(words, build_segments(words, rest)), boxes)
        fields.extend(blank_fields(blanks, segments))
        fields.extend(
            Field(label=f.label, location=PdfLocation(page=words.number, bbox=tuple(round(v, 1) for v in f.bbox)))  # type: ignore[arg-type]
            for f in box_fields
        )
        stand_ins = [_stand_in(words.number, index, table, segments) for index, table in enumerate(tables)]
        ordered.append(reading_order([*segments, *stand_ins], words.width))
        tables_by_page.append(tables)
    drop_sliced_lines(ordered, [words.height for _, words in pages])
    stream: list[Segment | TableBlock] = []
    for parts, tables in zip(ordered, tables_by_page, strict=True):
        stream.extend(tables[part.table] if part.table is not None else part for part in parts)
    return stream, fields


def _stand_in(page: int, index: int, table: TableBlock, segments: list[Segment]) -> Segment:
    """A segment that holds a table's place in the reading order."""
    x0, top, x1, bottom = table.bbox
    line = sum(1 for s in {(s.line, s.top) for s in segments} if s[1] < top) - 0.5
    word = Word("", x0, x1, top, bottom, 0.0, False)
    return Segment(page=page, line=line, words=(word,), text="", size=0.0, bold=False, table=index)


def _controls(page: PageWords) -> list[tuple[float, float, float, float]]:
    """Radio buttons and checkboxes drawn on a page: small round or square shapes.

    A checkbox drawn as four thin rules is found from its two vertical sides; the sides of
    a text input box are too far apart to count.
    """
    shapes: list[tuple[float, float, float, float]] = []
    sides: list[tuple[float, float, float, float]] = []
    for box in page.shapes:
        width, height = box[2] - box[0], box[3] - box[1]
        if min(width, height) >= CONTROL_MIN_SIDE and max(width, height) <= CONTROL_MAX_SIDE:
            shapes.append(box)
        elif width <= RULE_WIDTH and CONTROL_MIN_SIDE <= height <= CONTROL_MAX_SIDE:
            sides.append(box)
    for left in sides:
        for right in sides:
            gap = right[0] - left[0]
            if CONTROL_MIN_SIDE <= gap <= CONTROL_MAX_SIDE and abs(right[1] - left[1]) <= 1 and abs(right[3] - left[3]) <= 1:
                shapes.append((left[0], left[1], right[2], right[3]))
    return shapes


def _mark_controls(page: PageWords, segments: list[Segment]) -> list[Segment]:
    """Flag lines with a radio button or checkbox drawn just left of them (web forms)."""
    shapes = _controls(page)
    if not shapes:
        return segments
    marked: list[Segment] = []
    for segment in segments:
        middle = (segment.top + segment.bottom) / 2
        control = any(
            segment.x0 - CONTROL_REACH <= x0 and x1 <= segment.x0 + 1 and top - 2 <= middle <= bottom + 2
            for x0, top, x1, bottom in shapes
        )
        if control:
            segment = replace(segment, control=True)
        marked.append(segment)
    return marked


def _mark_boxed(segments: list[Segment], boxes: list[tuple[float, float, float, float]]) -> list[Segment]:
    """Flag text inside ruled tables that are not questionnaires (never section titles)."""
    if not boxes:
        return segments
    return [
        replace(s, boxed=True)
        if any(b[0] - 1 <= s.x0 and s.x1 <= b[2] + 1 and b[1] - 1 <= s.top and s.bottom <= b[3] + 1 for b in boxes)
        else s
        for s in segments
    ]


def _count_marks(item: Item, marks: dict[int, list[Mark]]) -> int:
    """Checkbox glyphs beside an item's lines (pdfplumber places them between wrapped lines)."""
    count = 0
    for page in sorted({line.page for line in item.lines}):
        lines = [line for line in item.lines if line.page == page]
        height = max(line.height for line in lines)
        top = min(line.top for line in lines) - 0.5 * height
        bottom = max(line.bottom for line in lines) + 0.5 * height
        left = min(line.x0 for line in lines)
        count += sum(1 for m in marks.get(page, []) if top <= m.middle <= bottom and m.x0 >= left)
    return count


def _questions(elements: list[Element]) -> list[Question]:
    questions: list[Question] = []
    for element in elements:
        if not isinstance(element, Item) or not element.question or element.excluded:
            continue
        kind, options = _kind(element)
        text = strip_option_words(element.text) if options else element.text
        questions.append(
            Question(
                id=f"q{len(questions) + 1:04d}",
                number=element.number,
                section=element.section,
                text=text,
                kind=kind,
                location=PdfLocation(page=element.page, bbox=element.bbox),
                options=options,
                limit=find_limit(text),
            )
        )
    return questions


def _kind(item: Item) -> tuple[Kind, tuple[str, ...]]:
    """The kind of answer an item asks for, and its options (Yes/No, or the labels offered)."""
    notes = " ".join(item.notes).lower()
    options = [o for o in item.options if o]
    yes_no = bool(options) and all(o.lower() in _YES_NO_WORDS for o in options)
    if item.marks >= MIN_MARKS_YES_NO or yes_no:
        # Yes and No always (a box may sit across a page break); N/A when the page offers it.
        not_applicable = [o for o in options if o.lower() in _YES_NO_WORDS - {"yes", "no"}]
        return "yes_no", tuple(dict.fromkeys(["Yes", "No", *not_applicable]))
    if options:
        return "choice", tuple(options)
    if re.search(r"\bdocument:\s", notes) or any(word in notes for word in _UPLOAD):
        return "attachment", ()
    if "answer yes or no" in notes:
        return "yes_no", ("Yes", "No")
    return wording_kind(item.text), ()


_YES_NO_WORDS = {"yes", "no", "n/a", "na", "not applicable"}
# A short label that names a date or a quantity: "Baseline Year:", "Scope 1 emissions:".
_DATE_LABEL = re.compile(r"^\W*(?:when\s+(?:was|were|did)\b|date\s+of\b)|\b(?:date|year)\s*:?\s*$", re.I)
_QUANTITY_LABEL = re.compile(
    r"\b(?:emissions|amount|total|value|cost|price|fee|rate|percentage|number of days)\s*:?\s*$|"
    r"^\W*what\s+(?:total\s+|dollar\s+)?amount\b|"
    r"\b(?:provide|state|give)\s+the\s+(?:total\s+|average\s+)?(?:number|percentage|count)\s+of\b|"
    r"^\W*what\s+is\s+the\s+(?:corresponding\s+)?percentage\b",
    re.I,
)
LABEL_CHARS = 120


def wording_kind(text: str) -> Kind:
    """The kind a question's first paragraph asks for by its words alone.

    Builds on :func:`~rfp_assistant.parse.text.kind_from_wording` (read on the first
    paragraph only, so a ``(Yes/No)`` sub-field of a long question does not make it Yes/No)
    and adds short labels that name a date or a quantity; a count asked together with a
    description ("How many ..., and how quickly ...?") stays narrative.
    """
    first = text.split("\n", 1)[0]
    if _DATE_LABEL.search(first) and len(first) <= LABEL_CHARS:
        return "date"
    if _QUANTITY_LABEL.search(first) and len(first) <= 2 * LABEL_CHARS:
        return "numeric"
    kind = kind_from_wording(first)
    if kind == "numeric" and re.search(r",\s+and\s+(?:how|what|which|describe)\b", first, re.I):
        return "narrative"
    return kind
