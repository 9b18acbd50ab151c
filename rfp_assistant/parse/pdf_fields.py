"""Contact and identification blanks in PDFs: underscore lines (``Firm Name: ________``).

A blank is a run of underscores; its label is the text just left of it on the same line
(with the line above when the label wraps, ``Years dealing / w/your firm:``), else the text
just under it (``________ / Authorised signature``). When one label has several blanks on
its line (references A, B and C side by side), each blank is told apart by the column
heading above it. Blanks are reported as :class:`~rfp_assistant.models.Field`, never as
questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rfp_assistant.models import Field, PdfLocation
from rfp_assistant.parse.pdf_layout import Segment
from rfp_assistant.parse.pdf_page import Word

_BLANK = re.compile(r"_{3,}")
COLUMN_HEADING_WORDS = 3
LABEL_LINES = 1.5


@dataclass(frozen=True)
class Blank:
    """An underscore line to write on, with any label text set in the same word."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    prefix: str = ""

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def split_blanks(page: int, words: Sequence[Word]) -> tuple[list[Blank], list[Word]]:
    """Take the underscore blanks out of a page's words."""
    blanks: list[Blank] = []
    rest: list[Word] = []
    for word in words:
        found = _BLANK.search(word.text)
        if not found:
            rest.append(word)
            continue
        prefix = word.text[: found.start()].strip()
        blanks.append(Blank(page, word.x0, word.top, word.x1, word.bottom, prefix))
    return blanks, rest


def blank_fields(blanks: Sequence[Blank], segments: Sequence[Segment]) -> list[Field]:
    """One :class:`Field` per labelled blank, labelled as a reader would name it."""
    labelled: list[tuple[Blank, str]] = []
    for blank in blanks:
        label = blank.prefix or _label_left(blank, segments) or _label_below(blank, segments)
        if label:
            labelled.append((blank, label.rstrip(":").strip()))
    fields: list[Field] = []
    for blank, label in labelled:
        same = [b for b, text in labelled if text == label and abs(b.middle - blank.middle) <= 2]
        if len(same) > 1:
            heading = _column_heading(blank, segments)
            index = sorted(same, key=lambda b: b.x0).index(blank) + 1
            label = f"{label} ({heading or index})"
        fields.append(
            Field(
                label=label,
                location=PdfLocation(
                    page=blank.page,
                    bbox=(round(blank.x0, 1), round(blank.top, 1), round(blank.x1, 1), round(blank.bottom, 1)),
                ),
            )
        )
    return fields


def _label_left(blank: Blank, segments: Sequence[Segment]) -> str | None:
    beside = [s for s in segments if s.x1 <= blank.x0 + 2 and s.top - 2 <= blank.middle <= s.bottom + 4]
    if not beside:
        return None
    label = max(beside, key=lambda s: s.x1)
    above = [
        s
        for s in segments
        if abs(s.x0 - label.x0) <= 2 and 0 <= label.top - s.bottom <= 0.9 * label.height and not s.text.endswith(":")
    ]
    if above and len(above[0].text.split()) <= 5:
        return f"{above[0].text} {label.text}"
    return label.text


def _label_below(blank: Blank, segments: Sequence[Segment]) -> str | None:
    under = [
        s
        for s in segments
        if s.x0 < blank.x1 and s.x1 > blank.x0 and 0 <= s.top - blank.bottom <= LABEL_LINES * s.height
    ]
    return min(under, key=lambda s: s.top).text if under else None


def _column_heading(blank: Blank, segments: Sequence[Segment]) -> str | None:
    above = [
        s
        for s in segments
        if s.bottom <= blank.top
        and s.x0 < blank.x1
        and s.x1 > blank.x0
        and len(s.text.split()) <= COLUMN_HEADING_WORDS
        and not s.text.endswith(":")
    ]
    if not above:
        return None
    return max(above, key=lambda s: s.bottom).text.rstrip(".").strip()
