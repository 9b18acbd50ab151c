"""Render exhibits as Word tables: into any document, or as a standalone ``exhibits.docx``.

:func:`add_exhibit` appends one exhibit at the end of a document and relies on nothing
else in it: it uses the "Table Grid" style when the document defines it and direct
formatting otherwise (borders, header shading, fonts), so it can place an exhibit after
an answer in an issuer's own Word file as well as in a document of our own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from rfp_assistant.atomic import atomic_save
from rfp_assistant.exhibits import ROW_SUBTOTAL, ROW_TOTAL, Exhibit, ExhibitTable, Letterhead, format_value
from rfp_assistant.render.palette import (
    BOLD_ALLOWANCE,
    BORDER_GREY,
    DEFAULT_FONT,
    NAVY,
    NOTE_GREY,
    SUBTOTAL_FILL,
    TOTAL_FILL,
    WHITE,
)

TABLE_STYLE = "Table Grid"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
TITLE_COLOR = RGBColor.from_string(NAVY)
NOTE_COLOR = RGBColor.from_string(NOTE_GREY)
BODY_PT = 9
WIDE_BODY_PT = 8
WIDE_TABLE_COLUMNS = 8  # tables with more columns use the smaller font
KEEP_TOGETHER_ROWS = 20
COMPACT_TABLE_SHARE = 0.6  # tables needing less than this share of the width keep their natural size  # shorter tables are kept on one page
MAX_CHART_WIDTH = Inches(6.5)
CELL_PADDING = Inches(0.18)  # Word's default left + right cell margins, and some air
_NARROW = set(",.;:'!|()[]ijlrt1 ")
# Character widths in ems, generous for the widest common sans faces (a viewer without the
# document's font substitutes one: DejaVu Sans digits are 0.64 em, Calibri's 0.51).
NARROW_EMS = 0.32
DIGIT_EMS = 0.62
WIDE_EMS = 0.8
LETTER_EMS = 0.56
_WIDE = set("MW%@mw")
HEADER_ALLOWANCE = 1.2
PAGE_MARGIN = Inches(0.75)
FOOTER_HALF_POINTS = 16  # Word sizes runs in half-points: 8 pt


def add_exhibit(document: DocxDocument, exhibit: Exhibit, chart_png: Path | None = None) -> None:
    """Append ``exhibit`` to ``document``: title, tables, the chart (if any) and footnotes.

    ``chart_png`` is placed after the table the exhibit names in ``chart_after`` (or at
    the end); ``None`` leaves the chart out.
    """
    width = _text_width(document)
    title = document.add_paragraph()
    _format_paragraph(title, keep_with_next=True, after=2)
    run = title.add_run(exhibit.title)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), TITLE_COLOR
    for line in exhibit.subtitle:
        para = document.add_paragraph()
        _format_paragraph(para, keep_with_next=True, after=0)
        _note_run(para, line, size=9, italic=True)
    for index, table in enumerate(exhibit.tables):
        _add_table(document, table, width)
        if chart_png is not None and exhibit.chart_after == index:
            _add_chart(document, chart_png, width)
    if chart_png is not None and (exhibit.chart_after is None or exhibit.chart_after >= len(exhibit.tables)):
        _add_chart(document, chart_png, width)
    if exhibit.footnotes:
        heading = document.add_paragraph()
        _format_paragraph(heading, keep_with_next=True, before=8, after=2)
        run = heading.add_run("Notes")
        run.bold, run.font.size = True, Pt(9)
        last = len(exhibit.footnotes)
        for number, text in enumerate(exhibit.footnotes, start=1):
            para = document.add_paragraph()
            _format_paragraph(para, keep_with_next=number < last, after=2)  # no note alone on a page
            para.paragraph_format.left_indent = Inches(0.25)
            para.paragraph_format.first_line_indent = Inches(-0.25)
            _note_run(para, f"{number}.\t{text}", size=8)


def write_exhibits_docx(
    exhibits: Mapping[str, Exhibit] | list[Exhibit],
    chart_png: Path | None,
    path: str | Path,
    letterhead: Letterhead | None = None,
) -> Path:
    """Write ``exhibits`` to a Word document at ``path`` (atomically), one per page.

    ``chart_png`` goes with the exhibit that has a chart (the membership projection). The
    body is set in the letterhead's font; every page carries the plan's name and the date
    in its header, and the census note and "Page n of m" in its footer.
    """
    path = Path(path)
    letterhead = letterhead or Letterhead()
    items = list(exhibits.values()) if isinstance(exhibits, Mapping) else list(exhibits)
    document = docx.Document()
    section = document.sections[0]
    if any(len([c for c in t.columns if not c.audit]) > WIDE_TABLE_COLUMNS for e in items for t in e.tables):
        # Wide tables read on a landscape page rather than wrapping their figures.
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, PAGE_MARGIN)
    _set_body_font(document, letterhead.font or DEFAULT_FONT)
    if items:
        account = items[0].title.split(":")[0]
        document.core_properties.title = account + ": exhibits"
        title = f"{letterhead.plan}: exhibits for {account}" if letterhead.plan else f"{account}: exhibits"
        _running_header(section, " | ".join(t for t in (title, letterhead.date_text()) if t))
        _running_footer(section, items[0].subtitle[-1] if items[0].subtitle else "")
    first = True
    for exhibit in items:
        if not first:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        add_exhibit(document, exhibit, chart_png if exhibit.chart_after is not None else None)
    # python-docx's default template opens with an empty paragraph; drop it.
    body = document.element.body
    head = body[0]
    if head.tag == qn("w:p") and not head.xpath(".//w:t"):
        body.remove(head)
    atomic_save(path, document.save)
    return path


def _set_body_font(document: DocxDocument, name: str) -> None:
    """Set the Normal style (which every paragraph here inherits) in ``name``."""
    normal = document.styles["Normal"]
    normal.font.name = name
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _running_header(section: Section, text: str) -> None:
    _note_run(section.header.paragraphs[0], text, size=8)


def _running_footer(section: Section, note: str) -> None:
    first = section.footer.paragraphs[0]
    _note_run(first, note, size=8)
    para = section.footer.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _note_run(para, "Page ", size=8)
    _field(para, "PAGE")
    _note_run(para, " of ", size=8)
    _field(para, "NUMPAGES")


def _field(para: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(FOOTER_HALF_POINTS))
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _text_width_of(section: Section) -> Emu:
    if section.page_width is None:
        return Emu(Inches(6.5))
    return Emu(int(section.page_width) - int(section.left_margin or 0) - int(section.right_margin or 0))


# -- tables ---------------------------------------------------------------------------------


def _add_table(document: DocxDocument, table: ExhibitTable, width: Emu) -> None:
    columns = [i for i, c in enumerate(table.columns) if not c.audit]
    rows = table.all_rows
    title = document.add_paragraph()
    _format_paragraph(title, keep_with_next=True, before=10, after=3)
    run = title.add_run(table.title)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(11), TITLE_COLOR

    size = Pt(WIDE_BODY_PT if len(columns) > WIDE_TABLE_COLUMNS else BODY_PT)
    grid = document.add_table(rows=1 + len(rows), cols=len(columns))
    if TABLE_STYLE in {s.name for s in document.styles}:
        grid.style = document.styles[TABLE_STYLE]
    else:
        _set_borders(grid)
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    keep = len(rows) < KEEP_TOGETHER_ROWS

    header = grid.rows[0]
    _mark_header(header)
    for out, source in enumerate(columns):
        spec = table.columns[source]
        cell = header.cells[out]
        _shade(cell, NAVY)
        para = cell.paragraphs[0]
        _format_paragraph(para, keep_with_next=True)
        para.alignment = _ALIGN[spec.align]
        run = para.add_run(spec.header)
        run.bold, run.font.size, run.font.color.rgb = True, size, RGBColor.from_string(WHITE)

    for r, row in enumerate(rows, start=1):
        out_row = grid.rows[r]
        _cant_split(out_row)
        emphasis = row.style in (ROW_SUBTOTAL, ROW_TOTAL)
        for out, source in enumerate(columns):
            spec = table.columns[source]
            value = row.cells[source] if source < len(row.cells) else None
            cell = out_row.cells[out]
            if row.style == ROW_TOTAL:
                _shade(cell, TOTAL_FILL)
            elif row.style == ROW_SUBTOTAL:
                _shade(cell, SUBTOTAL_FILL)
            para = cell.paragraphs[0]
            _format_paragraph(para, keep_with_next=keep and r < len(rows))
            para.alignment = _ALIGN[spec.align]
            text = format_value(value.value, value.fmt) if value is not None else ""
            if text:
                run = para.add_run(text)
                run.font.size = size
                run.bold = emphasis
    _set_widths(grid, table, columns, width, size)
    if table.note:
        para = document.add_paragraph()
        _format_paragraph(para, before=2, after=0)
        _note_run(para, table.note, size=8, italic=True)


def _set_widths(grid: Table, table: ExhibitTable, columns: list[int], width: Emu, size: Pt) -> None:
    """Fit the columns to the text width: numbers never wrap, long text wraps first.

    Each column needs room for its widest figure (or its longest single word); what is
    left goes to text columns up to their full length, and then to every column pro rata
    unless the table is small enough to stay compact.
    """
    em = int(size)
    padding = int(CELL_PADDING)
    need, want = [], []
    for source in columns:
        spec = table.columns[source]
        texts = [
            format_value(row.cells[source].value, row.cells[source].fmt)
            for row in table.all_rows
            if source < len(row.cells)
        ]
        words = [w for t in texts for w in t.split()]
        longest_word = max(
            max((_text_ems(w) for w in words), default=1.0),
            max(_text_ems(w) * HEADER_ALLOWANCE for w in spec.header.split()),  # headers are bold
        )
        longest_text = max((_text_ems(t) for t in texts), default=0.0)
        minimum = (longest_text if spec.numeric else longest_word) * em + padding
        need.append(max(minimum, longest_word * em + padding))
        want.append(max(need[-1], longest_text * em + padding))
    widths = [float(n) for n in need]
    spare = int(width) - sum(widths)
    if spare < 0:
        widths = [w * int(width) / sum(widths) for w in widths]
    else:
        growth = [want[i] - need[i] for i in range(len(need))]
        if sum(growth) > 0:
            share = min(1.0, spare / sum(growth))
            widths = [w + g * share for w, g in zip(widths, growth, strict=True)]
        # A small table stays compact; a larger one fills the width for a uniform look.
        if sum(widths) >= COMPACT_TABLE_SHARE * int(width):
            spare = int(width) - sum(widths)
            widths = [w + spare * w / sum(widths) for w in widths]
    for out, column_width in enumerate(widths):
        emu = Emu(int(column_width))
        grid.columns[out].width = emu
        for cell in grid.columns[out].cells:
            cell.width = emu


def _text_ems(text: str) -> float:
    """Rough width of ``text`` in ems, generous enough that figures never wrap."""
    ems = 0.0
    for ch in text:
        if ch in _NARROW:
            ems += NARROW_EMS
        elif ch.isdigit() or ch == "$":
            ems += DIGIT_EMS * BOLD_ALLOWANCE  # totals are bold
        elif ch in _WIDE or ch.isupper():
            ems += WIDE_EMS
        else:
            ems += LETTER_EMS
    return ems


def _add_chart(document: DocxDocument, chart_png: Path, width: Emu) -> None:
    para = document.add_paragraph()
    _format_paragraph(para, before=8, after=4)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run().add_picture(str(chart_png), width=Emu(min(int(width), int(MAX_CHART_WIDTH))))


# -- low-level formatting -------------------------------------------------------------------


def _text_width(document: DocxDocument) -> Emu:
    return _text_width_of(document.sections[-1])


def _format_paragraph(
    para: Paragraph, *, keep_with_next: bool = False, before: float = 0, after: float = 0
) -> None:
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.keep_with_next = keep_with_next
    fmt.line_spacing = 1.0


def _note_run(para: Paragraph, text: str, *, size: float, italic: bool = False) -> None:
    run = para.add_run(text)
    run.font.size, run.italic = Pt(size), italic
    run.font.color.rgb = NOTE_COLOR


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _mark_header(row: _Row) -> None:
    """Repeat the header row at the top of each page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    _cant_split(row)


def _cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _set_borders(grid: Table) -> None:
    """Thin single borders on every cell, for documents without a grid table style."""
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), BORDER_GREY)
        borders.append(element)
    tbl_pr.append(borders)
