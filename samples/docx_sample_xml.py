"""WordprocessingML pieces python-docx does not write, for the Word sample RFP.

python-docx builds paragraphs, runs, tables and styles; list numbering definitions,
``w14:checkbox`` content controls, legacy FORMCHECKBOX fields and table-of-contents
styles are written here as XML. ``element_path`` names an element by the path grammar
of ``rfp_assistant/ooxml/docx.py`` so that the answer key can say where each answer goes.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
BOX_EMPTY = "☐"

# numId of each list the sample uses (abstractNumId = numId + 100).
HEADINGS = 91  # Heading 1 = "%1.", RFP Question = "%1.%2" (both linked by style)
PARTS = 92  # a), b), c): sub-parts of one question
PARTS_RESTARTED = 93  # the same list as PARTS, restarted at a) by a startOverride
INSTRUCTIONS = 94  # 1., 2., 3.
TERMS = 95  # the instructions' list again, restarted at 1 by a startOverride
SUPPLEMENTAL = 96  # Q1:, Q2:
QUESTION_STYLE = "RFPQuestion"


def _level(ilvl: int, fmt: str, text: str, style: str | None = None, indent: int = 0) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent + 567}" w:hanging="567"/></w:pPr></w:lvl>'
    )


def add_numbering(document) -> None:
    """Add the sample's list definitions to the document's numbering part."""
    numbering = document.part.numbering_part.element
    abstracts = {
        HEADINGS: _level(0, "decimal", "%1.", "Heading1") + _level(1, "decimal", "%1.%2", QUESTION_STYLE),
        PARTS: _level(0, "lowerLetter", "%1)", None, 567),
        INSTRUCTIONS: _level(0, "decimal", "%1."),
        SUPPLEMENTAL: _level(0, "decimal", "Q%1:"),
    }
    first_num = next((i for i, child in enumerate(numbering) if child.tag == qn("w:num")), len(numbering))
    for offset, (num_id, levels) in enumerate(abstracts.items()):
        xml = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id + 100}"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        numbering.insert(first_num + offset, parse_xml(xml))
    instances = {
        HEADINGS: (HEADINGS, ""),
        PARTS: (PARTS, ""),
        PARTS_RESTARTED: (PARTS, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
        INSTRUCTIONS: (INSTRUCTIONS, ""),
        TERMS: (INSTRUCTIONS, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
        SUPPLEMENTAL: (SUPPLEMENTAL, ""),
    }
    for num_id, (abstract, override) in instances.items():
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract + 100}"/>{override}</w:num>'
            )
        )


def number_style(style, num_id: int, ilvl: int) -> None:
    """Give a paragraph style list numbering (its paragraphs inherit it)."""
    ppr = style.element.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def number_paragraph(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Number one paragraph directly (``numPr`` in its own properties)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def add_checkbox_control(paragraph) -> None:
    """Append an unticked ``w14:checkbox`` content control (it shows ☐)."""
    paragraph._p.append(
        parse_xml(
            f'<w:sdt {nsdecls("w")} xmlns:w14="{W14}"><w:sdtPr><w14:checkbox><w14:checked w14:val="0"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
            'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>'
            '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
            f"<w:t>{BOX_EMPTY}</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )


def add_form_checkbox(paragraph, name: str) -> None:
    """Append a legacy FORMCHECKBOX field (begin, instruction, separate, end runs)."""
    p = paragraph._p
    p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/>'
            '<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/>'
            "</w:checkBox></w:ffData></w:fldChar></w:r>"
        )
    )
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def add_page_break(paragraph) -> None:
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br w:type="page"/></w:r>'))


def add_toc_style(document) -> str:
    """A 'toc 1' paragraph style (what Word gives table-of-contents entries); returns its name."""
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
            '<w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9016"/>'
            '</w:tabs><w:spacing w:after="100"/></w:pPr></w:style>'
        )
    )
    return "toc 1"


def element_path(element) -> str:
    """The path of a paragraph, table, cell, run or content control (0-based per name)."""
    steps = []
    current = element
    while current.tag != qn("w:body"):
        parent = current.getparent()
        holder = parent.getparent() if parent.tag == qn("w:sdtContent") else parent
        name = {qn("w:p"): "p", qn("w:tbl"): "tbl", qn("w:tr"): "tr", qn("w:tc"): "tc", qn("w:sdt"): "sdt"}[
            current.tag
        ]
        siblings = [child for child in parent if child.tag == current.tag]
        steps.append(f"{name}[{siblings.index(current)}]")
        current = holder
    return "/".join(["body", *reversed(steps)])


def inline_path(paragraph_element, target) -> str:
    """The path of a run (``r[k]``) or inline content control (``sdt[k]``) in a paragraph."""
    tag = target.tag
    name = "r" if tag == qn("w:r") else "sdt"
    found = [e for e in paragraph_element.iter(tag)]
    return f"{element_path(paragraph_element)}/{name}[{found.index(target)}]"
