"""Adding computed exhibit sheets to a copy of the issuer's workbook, at the package level.

The exhibit sheet is drawn by openpyxl in a scratch workbook (see
:mod:`rfp_assistant.render.exhibit_sheet`), then grafted into the issuer's package: its
styles are appended to the issuer's ``styles.xml`` (indexes remapped), its shared strings
become inline strings, and the sheet is registered in the workbook, its relationships
and the content types. Nothing of the issuer's own parts is dropped, which a load and
save through openpyxl would do.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook

from rfp_assistant.errors import OutputError
from rfp_assistant.exhibits import Exhibit, Letterhead
from rfp_assistant.ooxml.xlsx import sheet_parts
from rfp_assistant.ooxml.xlsx_write import recalculate_on_load
from rfp_assistant.render.exhibit_sheet import add_cached_values, add_exhibit_sheet
from rfp_assistant.render.issuer_font import issuer_font

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIRST_CUSTOM_NUMFMT = 164
STYLE_SECTIONS = ("fonts", "fills", "borders")
_CHILD = {"fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf", "numFmts": "numFmt"}


class GraftError(OutputError):
    """The workbook's package is laid out in a way the exhibit graft does not handle."""


def _section(xml: str, tag: str) -> re.Match[str] | None:
    return re.search(rf"<{tag}\b(?P<attrs>[^>]*?)(?:/>|>(?P<inner>.*?)</{tag}>)", xml, re.DOTALL)


def _children(inner: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*?(?:/>|>.*?</{tag}>)", inner or "", re.DOTALL)


def _set_section(xml: str, tag: str, children: list[str]) -> str:
    match = _section(xml, tag)
    body = f'<{tag} count="{len(children)}">{"".join(children)}</{tag}>'
    if match is None:
        raise GraftError(f"styles.xml has no <{tag}>")
    return xml[: match.start()] + body + xml[match.end() :]


def merge_styles(target: str, scratch: str) -> tuple[str, int]:
    """Append the scratch workbook's styles to ``target``; return the new XML and the xf offset."""
    offsets: dict[str, int] = {}
    for tag in STYLE_SECTIONS:
        target_match, scratch_match = _section(target, tag), _section(scratch, tag)
        if target_match is None or scratch_match is None:
            raise GraftError(f"styles.xml has no <{tag}>")
        mine = _children(target_match.group("inner"), _CHILD[tag])
        offsets[tag] = len(mine)
        target = _set_section(target, tag, mine + _children(scratch_match.group("inner"), _CHILD[tag]))

    # Custom number formats get fresh ids above the issuer's.
    target_fmts = _section(target, "numFmts")
    existing = _children(target_fmts.group("inner"), "numFmt") if target_fmts else []
    used = [int(i) for i in re.findall(r'numFmtId="(\d+)"', "".join(existing))]
    next_id = max([FIRST_CUSTOM_NUMFMT - 1, *used]) + 1
    fmt_map: dict[str, str] = {}
    added = []
    scratch_fmts = _section(scratch, "numFmts")
    for fmt in _children(scratch_fmts.group("inner") if scratch_fmts else "", "numFmt"):
        old = re.search(r'numFmtId="(\d+)"', fmt)
        if old is None:
            continue
        fmt_map[old.group(1)] = str(next_id)
        added.append(fmt.replace(old.group(0), f'numFmtId="{next_id}"'))
        next_id += 1
    if added:
        if target_fmts is None:
            fonts = _section(target, "fonts")
            assert fonts is not None
            target = (
                target[: fonts.start()]
                + f'<numFmts count="{len(added)}">{"".join(added)}</numFmts>'
                + target[fonts.start() :]
            )
        else:
            target = _set_section(target, "numFmts", existing + added)

    target_xfs, scratch_xfs = _section(target, "cellXfs"), _section(scratch, "cellXfs")
    if target_xfs is None or scratch_xfs is None:
        raise GraftError("styles.xml has no <cellXfs>")
    mine = _children(target_xfs.group("inner"), "xf")

    def remap(xf: str) -> str:
        def attr(match: re.Match[str]) -> str:
            name, value = match.group(1), match.group(2)
            if name == "numFmtId":
                value = fmt_map.get(value, value)
            elif name == "xfId":
                value = "0"
            else:
                value = str(
                    int(value) + offsets[{"fontId": "fonts", "fillId": "fills", "borderId": "borders"}[name]]
                )
            return f'{name}="{value}"'

        head_end = xf.index(">")
        head = re.sub(r'\b(numFmtId|fontId|fillId|borderId|xfId)="(\d+)"', attr, xf[:head_end])
        return head + xf[head_end:]

    theirs = [remap(xf) for xf in _children(scratch_xfs.group("inner"), "xf")]
    return _set_section(target, "cellXfs", mine + theirs), len(mine)


def _inline_strings(sheet: str, shared: list[str], xf_offset: int) -> str:
    def cell(match: re.Match[str]) -> str:
        attrs, index = match.group("attrs"), int(match.group("v"))
        attrs = attrs.replace('t="s"', 't="inlineStr"')
        return f"<c{attrs}><is>{shared[index]}</is></c>"

    sheet = re.sub(r'<c(?P<attrs>[^>]*?\bt="s"[^>]*)><v>(?P<v>\d+)</v></c>', cell, sheet)
    sheet = re.sub(
        r'(<(?:c|row|col)\b[^>]*?\bs=")(\d+)(")',
        lambda m: f"{m.group(1)}{int(m.group(2)) + xf_offset}{m.group(3)}",
        sheet,
    )
    return re.sub(r'\s(?:r:)?id="rId\d+"', "", sheet)  # the scratch sheet's own relationships are not copied


def _unique(title: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
    candidate, n = title, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = title[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def exhibit_parts(
    source: Path, exhibits: list[Exhibit], letterhead: Letterhead | None = None
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Package parts that add one sheet per exhibit to a copy of ``source``.

    Returns ``(parts, titles)``: the parts to replace or add (for
    :func:`rfp_assistant.ooxml.xlsx_write.write_cells`) and each exhibit's sheet title.
    The sheets are set in the issuer's font unless ``letterhead`` names one.
    """
    if not exhibits:
        return {}, {}
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        taken = {name.lower() for name in sheet_parts(archive)}
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
        rels_xml = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        types_xml = archive.read("[Content_Types].xml").decode("utf-8")
        styles_xml = archive.read("xl/styles.xml").decode("utf-8") if "xl/styles.xml" in names else None
    if styles_xml is None:
        raise GraftError("the workbook has no styles part")

    if letterhead is None or letterhead.font is None:
        letterhead = replace(letterhead or Letterhead(), font=issuer_font(source))
    titles = {}
    scratch = Workbook()
    scratch.remove(scratch.active)
    for exhibit in exhibits:
        title = _unique(exhibit.sheet_title, taken)
        taken.add(title.lower())
        add_exhibit_sheet(scratch, exhibit, title, letterhead)
        titles[exhibit.name] = title
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "exhibits.xlsx"
        scratch.save(path)
        add_cached_values(path, {titles[e.name]: e for e in exhibits})
        with zipfile.ZipFile(path) as made:
            made_parts = sheet_parts(made)
            made_styles = made.read("xl/styles.xml").decode("utf-8")
            shared = (
                re.findall(r"<si>(.*?)</si>", made.read("xl/sharedStrings.xml").decode("utf-8"), re.DOTALL)
                if "xl/sharedStrings.xml" in made.namelist()
                else []
            )
            sheets = {title: made.read(made_parts[title]).decode("utf-8") for title in titles.values()}

    styles_xml, xf_offset = merge_styles(styles_xml, made_styles)
    parts: dict[str, bytes] = {"xl/styles.xml": styles_xml.encode("utf-8")}
    sheet_ids = [int(i) for i in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', workbook_xml)]
    rel_ids = {int(i) for i in re.findall(r'Id="rId(\d+)"', rels_xml)}
    next_rel, next_sheet, next_part = max(rel_ids, default=0) + 1, max(sheet_ids, default=0) + 1, 1
    new_sheets, new_rels, new_types = [], [], []
    for title in titles.values():
        while (
            f"xl/worksheets/sheet{next_part}.xml" in names or f"xl/worksheets/sheet{next_part}.xml" in parts
        ):
            next_part += 1
        part = f"xl/worksheets/sheet{next_part}.xml"
        parts[part] = _inline_strings(sheets[title], shared, xf_offset).encode("utf-8")
        # The relationships namespace is declared on the element itself: valid whatever the
        # issuer's workbook.xml declares (or does not) at its root.
        new_sheets.append(
            f'<sheet xmlns:r="{REL_NS}" name={quoteattr(title)} sheetId="{next_sheet}" r:id="rId{next_rel}"/>'
        )
        new_rels.append(
            f'<Relationship Id="rId{next_rel}" Type="{WORKSHEET_TYPE}" '
            f'Target="worksheets/sheet{next_part}.xml"/>'
        )
        new_types.append(f'<Override PartName="/{escape(part)}" ContentType="{WORKSHEET_CONTENT}"/>')
        next_rel, next_sheet, next_part = next_rel + 1, next_sheet + 1, next_part + 1
    closing = re.search(r"</(\w+:)?sheets>", workbook_xml)
    if closing is None:
        raise GraftError("workbook.xml has no <sheets>")
    sheet_prefix = closing.group(1) or ""
    new_sheets = [s.replace("<sheet ", f"<{sheet_prefix}sheet ") for s in new_sheets]
    workbook_xml = workbook_xml[: closing.start()] + "".join(new_sheets) + workbook_xml[closing.start() :]
    # Ask Excel to recalculate on open, so the exhibit formulas are live from the start.
    parts["xl/workbook.xml"] = recalculate_on_load(workbook_xml).encode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels_xml.replace(
        "</Relationships>", "".join(new_rels) + "</Relationships>"
    ).encode("utf-8")
    parts["[Content_Types].xml"] = types_xml.replace("</Types>", "".join(new_types) + "</Types>").encode(
        "utf-8"
    )
    return parts, titles
