"""Build the sample PDF RFP and its answer key from ``samples/granite_ridge_rfp.yaml``.

Run with the project virtualenv (needs the ``samples`` extra, i.e. reportlab)::

    /work/main/.venv/bin/python samples/build_pdf_sample.py

Outputs (paths relative to the repository root):

* ``samples/granite_ridge_medical_rfp.pdf`` -- a benefits consultant's medical-plan RFP for
  a school district: cover page, a two-column background page, numbered instructions, FAQs
  and terms (none of them questions), a numbered questionnaire over several pages (one
  question wraps across a page break, one has lettered sub-parts), a ruled pharmacy table
  whose longest row continues on the next page, a Yes/No section with ☐ boxes, a list of
  required attachments and underscore contact blanks; running header, footer with
  ``Page N of M`` and a light diagonal watermark on every page but the cover;
* ``tests/golden/granite_ridge_medical_rfp.questions.json`` -- the answer key, written from
  the content file (never from a parser): number, section, text, kind, options and the page
  each question starts on, as reportlab laid it out.

The build is deterministic (reportlab's invariant mode: fixed dates and document id), so
repeated runs give byte-identical PDFs. :func:`build_rfp_pdf` also makes the longer
benchmark document (``copies`` of the questionnaire).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "samples" / "granite_ridge_rfp.yaml"
SAMPLE = ROOT / "samples" / "granite_ridge_medical_rfp.pdf"
GOLDEN = ROOT / "tests" / "golden" / "granite_ridge_medical_rfp.questions.json"

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
BODY_SIZE = 10
MARGIN = 0.9 * inch
NUMBER_INDENT = 42
# A question marked `split: true` keeps this many lines at the foot of its page.
SPLIT_LINES = 2
BOX = "☐"


def register_fonts() -> None:
    """DejaVu Sans from matplotlib's bundled fonts: it has the ☐ glyph the Yes/No boxes need."""
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=13.5, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=24, leading=30, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=15, leading=20, alignment=TA_CENTER),
        "cover": ParagraphStyle("cover", base, fontSize=11, leading=16, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=15, leading=19, spaceBefore=8, spaceAfter=10, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h2_loose": ParagraphStyle("h2_loose", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=6),
        "item": ParagraphStyle("item", base, leftIndent=NUMBER_INDENT, bulletIndent=0, spaceAfter=9),
        "part": ParagraphStyle("part", base, leftIndent=NUMBER_INDENT + 14, spaceAfter=2),
        "faq_q": ParagraphStyle("faq_q", base, fontName=BOLD, leftIndent=NUMBER_INDENT, bulletIndent=0, spaceAfter=2),
        "faq_a": ParagraphStyle("faq_a", base, leftIndent=NUMBER_INDENT, spaceAfter=9),
        "cell": ParagraphStyle("cell", base, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=BOLD, spaceAfter=0),
        "field": ParagraphStyle("field", base, spaceAfter=14),
    }


@dataclass
class Layout:
    """Where each question landed, filled in while reportlab draws the pages."""

    pages: dict[str, int] = field(default_factory=dict)
    total_pages: int = 0


class Anchor(Flowable):
    """A zero-size flowable that records the page a question starts on."""

    def __init__(self, layout: Layout, number: str) -> None:
        super().__init__()
        self.layout, self.number = layout, number

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return 0, 0

    def draw(self) -> None:
        self.layout.pages.setdefault(self.number, self.canv.getPageNumber())


class BreakAfterLines(Flowable):
    """A paragraph that always breaks to the next page after its first ``lines`` lines.

    Used for the question the sample wraps across a page break; it sits at the foot of a
    page anyway, so the break looks like any other.
    """

    def __init__(self, paragraph: Paragraph, lines: int) -> None:
        super().__init__()
        self.paragraph, self.lines = paragraph, lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.paragraph.wrap(availWidth, availHeight)
        return availWidth, availHeight + 1  # never fits: reportlab asks for a split

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        height = self.lines * self.paragraph.style.leading + 1
        first, rest = self.paragraph.split(availWidth, height)
        return [first, PageBreak(), rest]

    def draw(self) -> None:
        pass


def _furniture(content: dict[str, Any], layout: Layout):  # noqa: ANN202 - reportlab callback factory
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = LETTER
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.86, 0.86, 0.86))
        canvas.setFont(BOLD, 64)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, content["watermark"])
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        canvas.drawString(MARGIN, height - 0.55 * inch, content["header"])
        canvas.line(MARGIN, height - 0.62 * inch, width - MARGIN, height - 0.62 * inch)
        canvas.drawString(MARGIN, 0.5 * inch, content["footer"])
        total = layout.total_pages or "?"
        canvas.drawRightString(width - MARGIN, 0.5 * inch, f"Page {doc.page} of {total}")
        canvas.restoreState()

    return draw


def _cover(content: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        Spacer(1, 1.6 * inch),
        Paragraph(escape(content["title"]), s["title"]),
        Paragraph(escape(content["subtitle"]), s["subtitle"]),
        Spacer(1, 0.4 * inch),
        Paragraph(f"Issued on behalf of<br/><b>{content['employer']}</b>", s["cover"]),
        Paragraph(f"by {content['consultant']}", s["cover"]),
        Spacer(1, 0.4 * inch),
        Paragraph(f"RFP reference {content['reference']}", s["cover"]),
        Paragraph(f"Issued {content['issued']}", s["cover"]),
        Paragraph(f"Proposals due {content['due']}", s["cover"]),
        PageBreak(),
    ]


def _background(part: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    half = len(part["columns"]) // 2
    columns = [[Paragraph(escape(t), s["body"]) for t in part["columns"][:half]], [Paragraph(escape(t), s["body"]) for t in part["columns"][half:]]]
    width = LETTER[0] - 2 * MARGIN
    table = Table([columns], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (1, 0), (1, 0), 18)]))
    return [Paragraph(escape(part["title"]), s["h1"]), table]


def _numbered(part: dict[str, Any], prefix: str, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(part["title"]), s["h1"])]
    for index, text in enumerate(part["items"], start=1):
        story.append(Paragraph(escape(text), s["item"], bulletText=f"{prefix}{index}"))
    return story


def _instructions(part: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story = _numbered(part, "2.", s)
    rows = [[Paragraph("<b>Event</b>", s["cell"]), Paragraph("<b>Date</b>", s["cell"])]]
    rows += [[Paragraph(escape(event), s["cell"]), Paragraph(escape(day), s["cell"])] for event, day in part["timeline"]]
    table = Table(rows, colWidths=[3.2 * inch, 2.2 * inch])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9))]))
    return [*story, Spacer(1, 6), table]


def _faq(part: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(part["title"]), s["h1"])]
    for index, item in enumerate(part["items"], start=1):
        story.append(Paragraph(escape(item["question"]), s["faq_q"], bulletText=f"3.{index}"))
        story.append(Paragraph(escape(item["answer"]), s["faq_a"]))
    return story


@dataclass
class Key:
    """The answer key: one entry per question, in the issuer's order."""

    questions: list[dict[str, Any]] = field(default_factory=list)


def _question_text(question: dict[str, Any]) -> str:
    return "\n".join([question["text"], *question.get("parts", [])])


def _questionnaire(
    part: dict[str, Any], s: dict[str, ParagraphStyle], layout: Layout, key: Key, copies: int
) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), Paragraph(escape(part["title"]), s["h1"]), Paragraph(escape(part["intro"]), s["body"])]
    sections = [section for _ in range(copies) for section in part["sections"]]
    for index, section in enumerate(sections, start=1):
        title = section["title"].split(" ", 1)[1]
        number = f"5.{index}"
        heading = f"{number} {title}"
        head: list[Flowable] = [Paragraph(escape(heading), s["h2"])]
        if section.get("intro"):
            head.append(Paragraph(escape(section["intro"]), s["body"]))
        questions = [(f"{number}.{i}", q) for i, q in enumerate(section["questions"], start=1)]
        for qnumber, question in questions:
            entry = {"number": qnumber, "section": heading, "text": _question_text(question), "kind": question["kind"]}
            entry["options"] = ["Yes", "No"] if section.get("checkboxes") else []
            key.questions.append(entry)
        if section.get("table"):
            # A table splits across pages (a row too): its title is only kept off a page foot.
            head[0] = Paragraph(escape(heading), s["h2_loose"])
            story.extend([CondPageBreak(1.5 * inch), *head, *_question_table(questions, s, layout)])
        elif section.get("checkboxes"):
            story.extend([*head, _checkbox_table(questions, s, layout)])
        else:
            for index, (qnumber, question) in enumerate(questions):
                paragraph: Flowable = Paragraph(escape(question["text"]), s["item"], bulletText=qnumber)
                if question.get("split"):
                    paragraph = BreakAfterLines(paragraph, SPLIT_LINES)
                flowables = [Anchor(layout, qnumber), paragraph]
                flowables += [Paragraph(escape(p), s["part"]) for p in question.get("parts", [])]
                # A section title stays with its first question.
                story.extend([KeepTogether([*head, *flowables])] if index == 0 else flowables)
    return story


def _question_table(questions: list[tuple[str, dict[str, Any]]], s: dict[str, ParagraphStyle], layout: Layout) -> list[Flowable]:
    width = LETTER[0] - 2 * MARGIN
    header = [Paragraph("No.", s["cell_bold"]), Paragraph("Question", s["cell_bold"]), Paragraph("Response", s["cell_bold"])]
    rows: list[list[Any]] = [header]
    for qnumber, question in questions:
        rows.append([Paragraph(qnumber, s["cell"]), [Anchor(layout, qnumber), Paragraph(escape(question["text"]), s["cell"])], ""])
    table = Table(rows, colWidths=[0.6 * inch, 3.9 * inch, width - 4.5 * inch], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
            ]
        )
    )
    story: list[Flowable] = []
    story.append(table)
    return story


def _checkbox_table(questions: list[tuple[str, dict[str, Any]]], s: dict[str, ParagraphStyle], layout: Layout) -> Table:
    width = LETTER[0] - 2 * MARGIN
    rows = []
    for qnumber, question in questions:
        rows.append(
            [Paragraph(qnumber, s["cell"]), [Anchor(layout, qnumber), Paragraph(escape(question["text"]), s["cell"])], f"{BOX} Yes", f"{BOX} No"]
        )
    table = Table(rows, colWidths=[NUMBER_INDENT, width - NUMBER_INDENT - 1.3 * inch, 0.65 * inch, 0.65 * inch])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (2, 0), (-1, -1), FONT, BODY_SIZE), ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return table


def _attachments(part: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(part["title"]), s["h1"]), Paragraph(escape(part["intro"]), s["body"])]
    story += [Paragraph(escape(t), s["item"], bulletText=f"{i}.") for i, t in enumerate(part["items"], start=1)]
    return story


def _proposer(part: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(part["title"]), s["h1"]), Paragraph(escape(part["intro"]), s["body"]), Spacer(1, 8)]
    for label in part["fields"]:
        story.append(Paragraph(f"{escape(label)}: {'_' * 44}", s["field"]))
    return [KeepTogether(story)]


def build_rfp_pdf(path: Path, content: dict[str, Any], copies: int = 1) -> tuple[Key, Layout]:
    """Write the RFP PDF to ``path``; return its answer key and where each question landed."""
    rl_config.invariant = 1
    register_fonts()
    s = _styles()
    layout = Layout()

    def story(key: Key) -> list[Flowable]:
        return [
            *_cover(content, s),
            *_background(content["background"], s),
            Spacer(1, 10),
            *_instructions(content["instructions"], s),
            *_faq(content["faq"], s),
            *_numbered(content["terms"], "4.", s),
            *_questionnaire(content["questionnaire"], s, layout, key, copies),
            PageBreak(),
            *_attachments(content["attachments"], s),
            Spacer(1, 16),
            *_proposer(content["proposer"], s),
        ]

    for _ in range(2):  # the second pass knows the page count for "Page N of M"
        key = Key()
        layout.pages.clear()
        doc = SimpleDocTemplate(
            str(path),
            pagesize=LETTER,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"{content['employer']} - {content['subtitle']}",
            author=content["consultant"],
            subject=content["reference"],
        )
        furniture = _furniture(content, layout)
        doc.build(story(key), onLaterPages=furniture)
        layout.total_pages = doc.page
    return key, layout


def main() -> None:
    content = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    key, layout = build_rfp_pdf(SAMPLE, content)
    questions = [{**q, "page": layout.pages[q["number"]]} for q in key.questions]
    golden = {
        "file": SAMPLE.name,
        "source": "written for this project (samples/granite_ridge_rfp.yaml), built by samples/build_pdf_sample.py",
        "question_count": len(questions),
        "field_count": len(content["proposer"]["fields"]),
        "pages": layout.total_pages,
        "questions": questions,
        "fields": [{"label": label, "page": layout.total_pages} for label in content["proposer"]["fields"]],
    }
    GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{os.path.relpath(SAMPLE, ROOT)}: {layout.total_pages} pages, {len(questions)} questions")
    print(f"{os.path.relpath(GOLDEN, ROOT)}")


if __name__ == "__main__":
    main()
