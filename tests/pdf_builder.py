"""Small purpose-built PDFs for the PDF parser's tests, drawn with reportlab.

Each page is a list of drawing operations placed in points from the page's top-left
corner (the parser's coordinates), so a test states exactly where a question, a glyph or a
running footer sits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
WIDTH, HEIGHT = LETTER
LEFT = 72.0
LEADING = 13.0


@dataclass(frozen=True)
class Text:
    """A line of text whose top is ``top`` points below the page's top edge."""

    x: float
    top: float
    text: str
    size: float = 10.0
    bold: bool = False
    gray: float | None = None
    angle: float = 0.0


@dataclass(frozen=True)
class Box:
    """A stroked rectangle (a table cell) from (x0, top) to (x1, bottom)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Picture:
    """A filled rectangle drawn as an image would be (no text): a scanned page."""

    x0: float
    top: float
    x1: float
    bottom: float


Op = Text | Box | Picture


def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))


def write_pdf(path: Path, pages: Sequence[Sequence[Op]], **encrypt: str) -> Path:
    """Draw ``pages`` into ``path``; ``encrypt`` (``userPassword=...``) protects the file."""
    _fonts()
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1, encrypt=_encryption(encrypt))
    for ops in pages:
        for op in ops:
            if isinstance(op, Text):
                canvas.saveState()
                canvas.setFont(BOLD if op.bold else FONT, op.size)
                if op.gray is not None:
                    canvas.setFillGray(op.gray)
                baseline = HEIGHT - op.top - 0.8 * op.size
                canvas.translate(op.x, baseline)
                canvas.rotate(op.angle)
                canvas.drawString(0, 0, op.text)
                canvas.restoreState()
            elif isinstance(op, Box):
                canvas.rect(op.x0, HEIGHT - op.bottom, op.x1 - op.x0, op.bottom - op.top, stroke=1, fill=0)
            else:
                canvas.setFillGray(0.4)
                canvas.rect(op.x0, HEIGHT - op.bottom, op.x1 - op.x0, op.bottom - op.top, stroke=0, fill=1)
                canvas.setFillGray(0)
        canvas.showPage()
    canvas.save()
    return path


def _encryption(options: dict[str, str]) -> object:
    if not options:
        return None
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption(options["userPassword"], ownerPassword=options.get("ownerPassword", "owner"))


def lines(top: float, texts: Sequence[str], x: float = LEFT, size: float = 10.0, bold: bool = False) -> list[Text]:
    """Consecutive lines of one paragraph starting at ``top``."""
    return [Text(x, top + i * LEADING, t, size=size, bold=bold) for i, t in enumerate(texts)]


def numbered(top: float, number: str, texts: Sequence[str], indent: float = 40.0) -> list[Text]:
    """A numbered item: the number at the margin, its text hanging at ``indent``."""
    return [Text(LEFT, top, number), *lines(top, texts, x=LEFT + indent)]
