"""One PDF page's content, read straight from the layout pdfplumber has pdfminer build.

pdfplumber turns every character into a dictionary of some twenty attributes before its
word extractor and table finder see it; on a typical questionnaire page that costs more
than interpreting the page. :func:`read_page` instead walks the page's layout once (built
by :func:`~rfp_assistant.parse.pdf_content.page_layout`, the same layout read faster) and keeps
what the parser uses: words (with size, weight and colour), checkbox glyphs (``☐ ▢ □``) as
:class:`Mark` positions, ruling edges for the table finder and small shapes that may be
radio buttons or checkboxes. Coordinates follow pdfplumber's: points from the page's
top-left corner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

from rfp_assistant.parse.pdf_content import page_layout

CHECKBOX_GLYPHS = frozenset("☐▢□◻❏❑☑☒")
BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|extrabold|,b$", re.IGNORECASE)
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# Characters closer than this (points) join into one word; lines within this share a row.
X_TOLERANCE = 1.5
Y_TOLERANCE = 2.5
LIGHT_LEVEL = 0.6
MIN_RULE_LENGTH = 15.0


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page, in PDF points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    light: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Mark:
    """A checkbox glyph (``☐``) lifted out of the text."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageWords:
    """What the parser reads from one page (1-based ``number``).

    ``rules`` are ruling edges as pdfplumber's table finder takes them; ``shapes`` the
    boxes of small drawn shapes, ``(x0, top, x1, bottom)``.
    """

    number: int
    width: float
    height: float
    words: list[Word]
    marks: list[Mark] = field(default_factory=list)
    rules: list[dict[str, float | str]] = field(default_factory=list)
    shapes: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.marks)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    color: tuple[float, ...] | None


def _objects(container: LTContainer) -> Iterator[object]:
    for obj in container:
        if isinstance(obj, LTContainer) and not isinstance(obj, LTChar):
            yield from _objects(obj)
        else:
            yield obj


def read_page(page: object, number: int) -> PageWords:
    """Read a pdfplumber page: its upright words, checkbox marks, rules and small shapes.

    Rotated text (side notes, diagonal watermarks set at 90 degrees) is dropped here.
    """
    height = float(page.height)  # type: ignore[attr-defined]
    x_shift, y_shift = (float(v) for v in page.mediabox[:2])  # type: ignore[attr-defined]
    chars: list[_Char] = []
    rules: list[dict[str, float | str]] = []
    shapes: list[tuple[float, float, float, float]] = []
    for obj in _objects(page_layout(page)):
        x0, x1 = obj.x0 + x_shift, obj.x1 + x_shift  # type: ignore[attr-defined]
        top, bottom = height - obj.y1 + y_shift, height - obj.y0 + y_shift  # type: ignore[attr-defined]
        if isinstance(obj, LTChar):
            if not obj.upright:
                continue
            text = obj.get_text()
            if text.isspace():
                continue
            color = obj.graphicstate.ncolor
            chars.append(
                _Char(
                    LIGATURES.get(text, text),
                    x0,
                    x1,
                    top,
                    bottom,
                    round(obj.size, 2),
                    obj.fontname if isinstance(obj.fontname, str) else str(obj.fontname),
                    color if isinstance(color, tuple) else (color,) if isinstance(color, (int, float)) else None,
                )
            )
        elif isinstance(obj, (LTRect, LTLine, LTCurve)):
            shapes.append((x0, top, x1, bottom))
            if isinstance(obj, (LTRect, LTLine)):
                rules.extend(_edges(x0, top, x1, bottom, isinstance(obj, LTRect)))
    words, marks = _words(chars)
    return PageWords(
        number=number,
        width=float(page.width),  # type: ignore[attr-defined]
        height=height,
        words=words,
        marks=marks,
        rules=rules,
        shapes=shapes,
    )


def _edges(x0: float, top: float, x1: float, bottom: float, rect: bool) -> list[dict[str, float | str]]:
    """Ruling edges of a rectangle (its four sides) or a line, long enough to bound a cell."""

    def edge(a: float, t: float, b: float, u: float, orientation: str) -> dict[str, float | str]:
        return {"object_type": "rect_edge", "x0": a, "x1": b, "top": t, "bottom": u, "width": b - a, "height": u - t, "orientation": orientation}

    found: list[dict[str, float | str]] = []
    if x1 - x0 >= MIN_RULE_LENGTH:
        found.append(edge(x0, top, x1, top, "h"))
        if rect and bottom - top > 0:
            found.append(edge(x0, bottom, x1, bottom, "h"))
    if bottom - top >= MIN_RULE_LENGTH:
        found.append(edge(x0, top, x0, bottom, "v"))
        if rect and x1 - x0 > 0:
            found.append(edge(x1, top, x1, bottom, "v"))
    return found


def _words(chars: list[_Char]) -> tuple[list[Word], list[Mark]]:
    """Group characters into words: one row, one font, size and colour, no gap wider than a tolerance.

    Each style is grouped on its own, so a watermark letter drawn across an underscore blank
    (or a line) does not cut it in two.
    """
    chars.sort(key=lambda c: (c.top, c.x0))
    rows: list[list[_Char]] = []
    for char in chars:
        if rows and char.top - rows[-1][0].top <= Y_TOLERANCE:
            rows[-1].append(char)
        else:
            rows.append([char])
    words: list[Word] = []
    marks: list[Mark] = []
    for row in rows:
        styles: dict[tuple[float, str, tuple[float, ...] | None], list[_Char]] = {}
        for char in row:
            if char.text in CHECKBOX_GLYPHS:
                marks.append(Mark(char.x0, char.x1, char.top, char.bottom))
            else:
                styles.setdefault((char.size, char.font, char.color), []).append(char)
        for styled in styles.values():
            styled.sort(key=lambda c: c.x0)
            current = [styled[0]]
            for char in styled[1:]:
                if char.x0 - current[-1].x1 > X_TOLERANCE:
                    words.append(_word(current))
                    current = []
                current.append(char)
            words.append(_word(current))
    return words, marks


def _word(chars: list[_Char]) -> Word:
    first = chars[0]
    return Word(
        text="".join(c.text for c in chars),
        x0=first.x0,
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=first.size,
        bold=bool(BOLD_FONT.search(first.font)),
        light=_is_light(first.color),
    )


def _is_light(color: tuple[float, ...] | None) -> bool:
    """True for a fill colour a reader sees as pale grey or a pastel (a watermark)."""
    if not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 1:
        return values[0] >= LIGHT_LEVEL
    if len(values) == 3:
        return min(values) >= LIGHT_LEVEL
    if len(values) == 4:
        return values[3] <= 1 - LIGHT_LEVEL and max(values[:3]) <= 1 - LIGHT_LEVEL
    return False
