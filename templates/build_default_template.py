"""Build the default response template, ``templates/response_default.docx``.

Run from the repository root with the project virtualenv::

    PYTHONPATH=. .venv/bin/python templates/build_default_template.py

The template is a Word document with docxtpl (Jinja2) tags in its text; ``rfp-assistant
fill RFP --template default -o RESPONSE.docx`` renders it (``rfp_assistant/render/
response.py``, where the variables are documented, as in the README). This script is the
template's reviewable source: every style, tag and field is written here, and the build
is deterministic (fixed document properties and zip entry dates), so running it twice
gives the same bytes.

A plan making its own template starts from the file this writes: open it in Word, change
the styles (fonts, colours, spacing), put the plan's logo on the cover or in the header,
keep the tags (``{{ ... }}``, ``{%p ... %}``) where the content should go.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from rfp_assistant.render.palette import NAVY, NOTE_GREY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
from build_samples import save_deterministic  # noqa: E402 - the samples' deterministic zip writer

OUTPUT = Path(__file__).resolve().parent / "response_default.docx"
FIXED_TIMESTAMP = dt.datetime(2026, 12, 1, 9, 0, 0)
BODY_FONT = "Calibri"
QUESTION_INDENT = Inches(0.55)
FOOTER_HALF_POINTS = 18  # 9 pt, as the running header
ATTACHMENT_WIDTHS = (Inches(4.0), Inches(2.5))

NAVY_RGB = RGBColor.from_string(NAVY)
GREY_RGB = RGBColor.from_string(NOTE_GREY)


def build() -> Document:
    """The template document: cover, contents, the questions by section, the attachments."""
    doc = Document()
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):  # python-docx's own template opens with one
        body.remove(paragraph)
    _page(doc)
    _styles(doc)
    _header_footer(doc)
    _cover(doc)
    _contents(doc)
    _questions(doc)
    _attachments(doc)
    props = doc.core_properties
    props.title = "Response to {{ rfp.title }}"
    props.subject = "{{ rfp.file }}"
    props.author = props.last_modified_by = "{{ plan.name }}"
    props.comments = "Rendered by rfp-assistant from approved library answers"
    props.created = props.modified = FIXED_TIMESTAMP
    props.revision = 1
    return doc


# -- page, styles, running header and footer --------------------------------------------------


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(1))
    section.top_margin = section.bottom_margin = Inches(0.9)
    section.different_first_page_header_footer = True  # the cover carries no running header


def _styles(doc: Document) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, before in (("Title", 26, 0), ("Heading 1", 16, 18)):
        style = styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = NAVY_RGB
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(8)
    styles["Title"].paragraph_format.space_before = Pt(150)
    subtitle = styles["Subtitle"]
    subtitle.font.name = BODY_FONT
    subtitle.font.size = Pt(16)
    subtitle.font.color.rgb = GREY_RGB

    question = styles.add_style("Response Question", WD_STYLE_TYPE.PARAGRAPH)
    question.base_style = normal
    question.font.bold = True
    fmt = question.paragraph_format
    fmt.space_before, fmt.space_after = Pt(12), Pt(4)
    fmt.keep_with_next = True
    fmt.left_indent, fmt.first_line_indent = QUESTION_INDENT, -QUESTION_INDENT
    fmt.tab_stops.add_tab_stop(QUESTION_INDENT, WD_TAB_ALIGNMENT.LEFT)

    answer = styles.add_style("Response Answer", WD_STYLE_TYPE.PARAGRAPH)
    answer.base_style = normal
    answer.paragraph_format.left_indent = QUESTION_INDENT

    bullet = styles.add_style("Response Bullet", WD_STYLE_TYPE.PARAGRAPH)
    bullet.base_style = styles["List Bullet"]
    bullet.paragraph_format.left_indent = QUESTION_INDENT + Inches(0.25)
    bullet.paragraph_format.first_line_indent = -Inches(0.25)
    bullet.paragraph_format.space_after = Pt(3)

    note = styles.add_style("Response Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = answer
    note.font.italic = True
    note.font.size = Pt(10)
    note.font.color.rgb = GREY_RGB

    cover = styles.add_style("Cover Detail", WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = normal
    cover.font.size = Pt(13)
    cover.paragraph_format.space_after = Pt(4)

    placeholder = styles.add_style("Response Placeholder", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.italic = True
    placeholder.font.highlight_color = WD_COLOR_INDEX.YELLOW

    toc = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    toc.base_style = normal
    toc.element.set(qn("w:styleId"), "TOC1")
    toc.paragraph_format.space_after = Pt(4)
    toc.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)


def _header_footer(doc: Document) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    _grey(header.add_run("{{ plan.name }}{% if employer %} | Response to {{ employer }}{% endif %}"))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _grey(footer.add_run("Page "))
    _field(footer, "PAGE")
    _grey(footer.add_run(" of "))
    _field(footer, "NUMPAGES")


def _grey(run) -> None:
    run.font.size = Pt(9)
    run.font.color.rgb = GREY_RGB


def _field(paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    inner = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), NOTE_GREY)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(FOOTER_HALF_POINTS))
    props.extend((color, size))
    inner.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    simple.append(inner)
    paragraph._p.append(simple)


# -- the document ---------------------------------------------------------------------------


def _cover(doc: Document) -> None:
    doc.add_paragraph("Response to {{ rfp.title }}", style="Title")
    doc.add_paragraph("{{ plan.name }}", style="Subtitle")
    _tagged(doc, "{%p if employer %}")
    doc.add_paragraph("Prepared for {{ employer }}", style="Cover Detail")
    _tagged(doc, "{%p endif %}")
    doc.add_paragraph("{{ response.date }}", style="Cover Detail")
    detail = doc.add_paragraph(style="Cover Detail")
    _grey(detail.add_run("In response to {{ rfp.file }}"))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: Document) -> None:
    """A Word table-of-contents field; its cached result is a static list of the sections.

    Word fills in the page numbers when it updates the field (the document asks to
    update fields on open); until then, and in viewers that do not update fields, the
    static list reads as the contents.
    """
    doc.add_paragraph("Contents", style="TOC Heading")
    begin = doc.add_paragraph(style="toc 1")
    _field_char(begin, "begin")
    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = ' TOC \\o "1-1" \\h \\z \\u '
    instruction.append(text)
    begin._p.append(instruction)
    _field_char(begin, "separate")
    _tagged(doc, "{%p for section in sections %}")
    doc.add_paragraph("{{ section.title }}", style="toc 1")
    _tagged(doc, "{%p endfor %}")
    doc.add_paragraph("Attachments", style="toc 1")
    end = doc.add_paragraph(style="toc 1")
    _field_char(end, "end")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_char(paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    run.append(mark)
    paragraph._p.append(run)


def _questions(doc: Document) -> None:
    _tagged(doc, "{%p for section in sections %}")
    doc.add_paragraph("{{ section.title }}", style="Heading 1")
    _tagged(doc, "{%p for q in section.questions %}")
    doc.add_paragraph("{{ q.heading }}", style="Response Question")
    _tagged(doc, "{%p if q.answered %}")
    _tagged(doc, "{%p if q.short_answer %}")
    doc.add_paragraph(style="Response Answer").add_run("{{ q.short_answer }}").bold = True
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p for para in q.paragraphs %}")
    _tagged(doc, "{%p if para.bullet %}")
    doc.add_paragraph("{{ para.text }}", style="Response Bullet")
    _tagged(doc, "{%p else %}")
    doc.add_paragraph("{{ para.text }}", style="Response Answer")
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p endfor %}")
    _tagged(doc, "{%p if q.exhibit %}")
    doc.add_paragraph("{{p q.exhibit }}")
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p if q.exhibit_note %}")
    doc.add_paragraph("{{ q.exhibit_note }}", style="Response Note")
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p if q.attachments %}")
    doc.add_paragraph("Attached: {{ q.attachments | join('; ') }}", style="Response Note")
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p else %}")
    pending = doc.add_paragraph(style="Response Answer").add_run("{{ placeholder }}", style="Response Placeholder")
    pending.font.highlight_color = WD_COLOR_INDEX.YELLOW  # also direct: not every viewer reads it from the style
    _tagged(doc, "{%p endif %}")
    _tagged(doc, "{%p endfor %}")
    _tagged(doc, "{%p endfor %}")


def _attachments(doc: Document) -> None:
    doc.add_paragraph("Attachments", style="Heading 1")
    _tagged(doc, "{%p if attachments %}")
    doc.add_paragraph("The documents below are referred to in this response and are enclosed with it.")
    table = doc.add_table(rows=4, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, ("Attachment", "Referred to in"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].text = "{%tr for a in attachments %}"
    table.rows[2].cells[0].text = "{{ a.name }}"
    table.rows[2].cells[1].text = "{{ a.questions | join(', ') }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = ATTACHMENT_WIDTHS
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, ATTACHMENT_WIDTHS, strict=True):
        column.w = width
    _tagged(doc, "{%p else %}")
    doc.add_paragraph("No attachments are referred to in this response.")
    _tagged(doc, "{%p endif %}")


def _tagged(doc: Document, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag (it disappears when the template renders)."""
    doc.add_paragraph(tag)


# -- saving -----------------------------------------------------------------------------------


def _ask_to_update_fields(doc: Document) -> None:
    """Word updates the contents (and page numbers) when it opens the document."""
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)


def build_template(path: Path = OUTPUT) -> Path:
    """Write the default template to ``path`` (the same bytes every time)."""
    doc = build()
    _ask_to_update_fields(doc)
    save_deterministic(doc, path, FIXED_TIMESTAMP)  # python-docx saves the way openpyxl does
    return path


def main() -> None:
    print(f"wrote {build_template()}")


if __name__ == "__main__":
    main()
