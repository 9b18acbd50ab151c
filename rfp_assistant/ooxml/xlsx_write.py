"""Writing values into the cells of a copy of an .xlsx/.xlsm package, touching nothing else.

openpyxl rewrites a whole workbook when it saves and drops what it does not model (x14
data validations, form controls, shapes, some comments and cached values). Here the
package is copied member by member and only the target cells of the target sheets are
rewritten, as inline strings (or numbers) that keep each cell's own style.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from rfp_assistant.atomic import atomic_save
from rfp_assistant.ooxml.package import PartEdit, copy_package
from rfp_assistant.ooxml.xlsx import add_column_widths, column_index, sheet_parts, split_ref

_ROW = re.compile(r"<(?P<p>\w+:)?row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)?row>)", re.DOTALL)
_CELL = re.compile(r"<(?P<p>\w+:)?c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)?c>)", re.DOTALL)
_ATTR = re.compile(r'(\w+(?::\w+)?)="([^"]*)"')
_SHEET_DATA = re.compile(r"<(?P<p>\w+:)?sheetData\s*/>|<(?P<q>\w+:)?sheetData\b[^>]*>", re.DOTALL)
_COL = re.compile(r"<(?:\w+:)?col\b([^>]*?)/?>")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CALC_PR = re.compile(r"<(?P<tag>(?:\w+:)?calcPr)\b(?P<attrs>[^>]*?)(?P<end>/?>)")
_FULL_CALC = re.compile(r'\s*\bfullCalcOnLoad="[^"]*"')
# calcPr follows these elements of <workbook>, when present (CT_Workbook's sequence).
_BEFORE_CALC_PR = re.compile(
    r"</(?:\w+:)?(?:sheets|functionGroups|externalReferences|definedNames)>"
    r"|<(?:\w+:)?(?:functionGroups|externalReferences|definedNames)\b[^>]*/>"
)


@dataclass(frozen=True)
class CellWrite:
    """A value to put in one cell: text, or a number when ``number`` is set."""

    sheet: str
    ref: str
    text: str
    number: float | None = None


def _attrs(raw: str) -> dict[str, str]:
    return dict(_ATTR.findall(raw))


def _format_attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{v}"' for k, v in attrs.items())


def _cell_xml(prefix: str, attrs: dict[str, str], write: CellWrite) -> str:
    attrs = {k: v for k, v in attrs.items() if k not in ("t", "cm", "vm")}
    if write.number is not None:
        body = (
            f"<{prefix}v>{write.number!r}</{prefix}v>"
            if not float(write.number).is_integer()
            else f"<{prefix}v>{int(write.number)}</{prefix}v>"
        )
        return f"<{prefix}c{_format_attrs(attrs)}>{body}</{prefix}c>"
    attrs["t"] = "inlineStr"
    text = escape(_ILLEGAL_XML.sub("", write.text))
    return f'<{prefix}c{_format_attrs(attrs)}><{prefix}is><{prefix}t xml:space="preserve">{text}</{prefix}t></{prefix}is></{prefix}c>'


DEFAULT_COLUMN_WIDTH = 8.43
POINTS_PER_LINE = 15.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def column_widths(xml: str) -> dict[int, float]:
    """Each column's width in characters, from the sheet's ``<cols>`` (absent: the default)."""
    widths: dict[int, float] = {}
    for raw in _COL.findall(xml):
        add_column_widths(widths, _attrs(raw))
    return widths


def lines_needed(text: str, width: float) -> int:
    """How many wrapped lines ``text`` takes in a column ``width`` characters wide (an estimate).

    Words wrap whole, as Excel and LibreOffice wrap them: in a narrow column a long word
    starts a new line, so counting characters alone would leave the last line hidden.
    """
    per_line = max(4, int(width * 1.25))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than the line breaks across lines
                lines += 1
                used -= per_line
    return lines


def _column_styles(xml: str) -> list[tuple[int, int, str]]:
    styles = []
    for raw in _COL.findall(xml):
        attrs = _attrs(raw)
        if "style" in attrs and "min" in attrs and "max" in attrs:
            styles.append((int(attrs["min"]), int(attrs["max"]), attrs["style"]))
    return styles


def patch_sheet(xml: str, writes: list[CellWrite]) -> str:
    """Return the sheet XML with each write applied to its cell (created when missing)."""
    by_row: dict[int, dict[int, CellWrite]] = defaultdict(dict)
    for write in writes:
        row, col = split_ref(write.ref)
        by_row[row][col] = write
    col_styles = _column_styles(xml)
    widths = column_widths(xml)
    match = _SHEET_DATA.search(xml)
    if match is None:
        raise ValueError("sheet has no sheetData")
    prefix = match.group("p") or match.group("q") or ""
    if match.group(0).endswith("/>"):
        xml = xml[: match.start()] + f"<{prefix}sheetData></{prefix}sheetData>" + xml[match.end() :]
        match = _SHEET_DATA.search(xml)
        assert match is not None
    start = match.end()
    end = xml.index(f"</{prefix}sheetData>", start)
    data = xml[start:end]

    pieces: list[str] = []
    position = 0
    pending = sorted(by_row)
    for row_match in _ROW.finditer(data):
        attrs = _attrs(row_match.group("attrs"))
        row_number = int(attrs.get("r", "0"))
        while pending and pending[0] < row_number:
            pieces.append(data[position : row_match.start()])
            position = row_match.start()
            pieces.append(_new_row(prefix, pending[0], by_row[pending.pop(0)], col_styles))
        if pending and pending[0] == row_number:
            pieces.append(data[position : row_match.start()])
            pieces.append(_patch_row(row_match, attrs, by_row[pending.pop(0)], col_styles, widths))
            position = row_match.end()
    pieces.append(data[position:])
    for row_number in pending:
        pieces.append(_new_row(prefix, row_number, by_row[row_number], col_styles))
    return xml[:start] + "".join(pieces) + xml[end:]


def _style_for(col: int, row_attrs: dict[str, str], col_styles: list[tuple[int, int, str]]) -> str | None:
    if row_attrs.get("customFormat") == "1" and "s" in row_attrs:
        return row_attrs["s"]
    for low, high, style in col_styles:
        if low <= col <= high:
            return style
    return None


def _new_cell(
    prefix: str,
    ref: str,
    col: int,
    write: CellWrite,
    row_attrs: dict[str, str],
    col_styles: list[tuple[int, int, str]],
) -> str:
    attrs = {"r": ref}
    style = _style_for(col, row_attrs, col_styles)
    if style is not None:
        attrs["s"] = style
    return _cell_xml(prefix, attrs, write)


def _new_row(
    prefix: str, row: int, writes: dict[int, CellWrite], col_styles: list[tuple[int, int, str]]
) -> str:
    cells = "".join(_new_cell(prefix, w.ref.upper(), c, w, {}, col_styles) for c, w in sorted(writes.items()))
    return f'<{prefix}row r="{row}">{cells}</{prefix}row>'


def _patch_row(
    row_match: re.Match[str],
    attrs: dict[str, str],
    writes: dict[int, CellWrite],
    col_styles: list[tuple[int, int, str]],
    widths: dict[int, float],
) -> str:
    prefix = row_match.group("p") or ""
    body = row_match.group("body") or ""
    out: list[str] = []
    position = 0
    pending = sorted(writes)
    for cell in _CELL.finditer(body):
        cell_attrs = _attrs(cell.group("attrs"))
        col = column_index(re.sub(r"\d", "", cell_attrs.get("r", "A")))
        while pending and pending[0] < col:
            write = writes[pending.pop(0)]
            out.append(body[position : cell.start()])
            position = cell.start()
            out.append(
                _new_cell(
                    prefix,
                    write.ref.upper(),
                    column_index(re.sub(r"\d", "", write.ref.upper())),
                    write,
                    attrs,
                    col_styles,
                )
            )
        if pending and pending[0] == col:
            out.append(body[position : cell.start()])
            out.append(_cell_xml(cell.group("p") or "", cell_attrs, writes[pending.pop(0)]))
            position = cell.end()
    out.append(body[position:])
    for col in pending:
        write = writes[col]
        out.append(_new_cell(prefix, write.ref.upper(), col, write, attrs, col_styles))
    row_attrs = {k: v for k, v in attrs.items() if k != "spans"}  # spans is only a hint; ours may widen it
    if "ht" in row_attrs:
        # A fixed row height would hide most of a written answer: grow the row to fit it.
        needed = max(lines_needed(w.text, widths.get(c, DEFAULT_COLUMN_WIDTH)) for c, w in writes.items())
        height = min(MAX_ROW_HEIGHT, needed * POINTS_PER_LINE + 3)
        if height > float(row_attrs["ht"]):
            row_attrs["ht"] = f"{height:g}"
            row_attrs["customHeight"] = "1"
    return f"<{prefix}row{_format_attrs(row_attrs)}>{''.join(out)}</{prefix}row>"


def recalculate_on_load(workbook_xml: str) -> str:
    """``xl/workbook.xml`` asking the spreadsheet program to recalculate every formula on open.

    Cells written here change what the issuer's formulas compute, and their cached
    results would otherwise be shown until something forces a recalculation. Sets
    ``fullCalcOnLoad="1"`` on ``<calcPr>``, adding the element where the schema puts it.
    """
    match = _CALC_PR.search(workbook_xml)
    if match is not None:
        attrs = _FULL_CALC.sub("", match.group("attrs")).rstrip()
        head = f'<{match.group("tag")}{attrs} fullCalcOnLoad="1"{match.group("end")}'
        return workbook_xml[: match.start()] + head + workbook_xml[match.end() :]
    anchors = list(_BEFORE_CALC_PR.finditer(workbook_xml))
    if not anchors:
        return workbook_xml
    prefix = re.match(r"</?(\w+:)?", anchors[-1].group(0))
    tag = f"{prefix.group(1) or ''}calcPr" if prefix else "calcPr"
    end = anchors[-1].end()
    return workbook_xml[:end] + f'<{tag} fullCalcOnLoad="1"/>' + workbook_xml[end:]


def write_cells(
    source: Path, output: Path, writes: list[CellWrite], extra_parts: dict[str, bytes] | None = None
) -> None:
    """Copy ``source`` to ``output`` with ``writes`` applied; atomic (temp file + rename).

    ``extra_parts`` replaces or adds whole package parts (used to add exhibit sheets).
    """
    by_sheet: dict[str, list[CellWrite]] = defaultdict(list)
    for write in writes:
        by_sheet[write.sheet].append(write)
    extra_parts = extra_parts or {}
    with zipfile.ZipFile(source) as archive:
        parts = sheet_parts(archive)
        missing = set(by_sheet) - set(parts)
        if missing:
            raise KeyError(f"no sheet named {sorted(missing)[0]!r} in the workbook")
        edits: dict[str, PartEdit] = {
            parts[name]: functools.partial(_patch_part, writes=sheet_writes)
            for name, sheet_writes in by_sheet.items()
        }
        edits.update(extra_parts)
        atomic_save(output, lambda tmp: copy_package(archive, tmp, edits))


def _patch_part(data: bytes, writes: list[CellWrite]) -> bytes:
    return patch_sheet(data.decode("utf-8"), writes).encode("utf-8")
