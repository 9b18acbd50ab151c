"""Reading the parts of an .xlsx/.xlsm package that openpyxl does not keep."""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"

_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
MAX_COLUMNS = 16384  # Excel's last column, XFD: a <col> spanning further is cut there


def column_index(letters: str) -> int:
    """``'A'`` -> 1, ``'AA'`` -> 27."""
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index


def column_letters(index: int) -> str:
    """1 -> ``'A'``, 27 -> ``'AA'``."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def split_ref(ref: str) -> tuple[int, int]:
    """``'C12'`` -> (row 12, column 3)."""
    match = _CELL_REF.match(ref.upper())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def add_column_widths(widths: dict[int, float], col: Mapping[str, str]) -> None:
    """Record the width of each column a ``<col min max width>`` element spans (no width: nothing)."""
    if col.get("width") and col.get("min") and col.get("max"):
        for index in range(int(col["min"]), min(int(col["max"]), MAX_COLUMNS) + 1):
            widths[index] = float(col["width"])


@dataclass(frozen=True)
class CellRange:
    """An inclusive rectangle of cells."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @classmethod
    def parse(cls, ref: str) -> CellRange:
        start, _, end = ref.replace("$", "").partition(":")
        r1, c1 = split_ref(start)
        r2, c2 = split_ref(end) if end else (r1, c1)
        return cls(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple):
            return False
        row, col = cell
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col

    def cells(self) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r in range(self.min_row, self.max_row + 1)
            for c in range(self.min_col, self.max_col + 1)
        ]


@dataclass(frozen=True)
class RawValidation:
    """A data validation as stored: type, first formula and the ranges it covers."""

    type: str | None
    formula1: str | None
    ranges: tuple[CellRange, ...]
    prompt: str = ""


@dataclass
class SheetXml:
    """What the sheet XML says that openpyxl does not give us."""

    part: str
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    x14_validations: list[RawValidation] = field(default_factory=list)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map each sheet's name to its part path inside the package (``xl/worksheets/sheet1.xml``)."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    parts = {}
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        rid = sheet.get(f"{{{NS_REL}}}id")
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid]
    return parts


def _ranges(sqref: str) -> tuple[CellRange, ...]:
    ranges = []
    for piece in sqref.split():
        try:
            ranges.append(CellRange.parse(piece))
        except ValueError:
            continue
    return tuple(ranges)


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetXml:
    """Read a sheet's formula cells and its x14 extension data validations in one pass."""
    info = SheetXml(part=part)
    with archive.open(part) as stream:
        current_ref: str | None = None
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == f"{{{NS_MAIN}}}c":
                    current_ref = elem.get("r")
                continue
            if tag == f"{{{NS_MAIN}}}f" and current_ref:
                with contextlib.suppress(ValueError):
                    info.formulas[split_ref(current_ref)] = elem.text or ""
            elif tag == f"{{{NS_MAIN}}}c":
                current_ref = None
                elem.clear()
            elif tag == f"{{{NS_X14}}}dataValidation":
                formula = elem.find(f"{{{NS_X14}}}formula1/{{{NS_XM}}}f")
                sqref = elem.find(f"{{{NS_XM}}}sqref")
                if sqref is not None and sqref.text:
                    info.x14_validations.append(
                        RawValidation(
                            type=elem.get("type"),
                            formula1=formula.text if formula is not None else None,
                            ranges=_ranges(sqref.text),
                            prompt=elem.get("prompt", ""),
                        )
                    )
            elif tag == f"{{{NS_MAIN}}}row":
                elem.clear()
    return info


def parse_ranges(sqref: str) -> tuple[CellRange, ...]:
    """Parse a space-separated list of cell ranges (a ``sqref``)."""
    return _ranges(sqref)


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared string table (rich-text runs joined), [] when it has none."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, elem in ET.iterparse(stream):
            if elem.tag == f"{{{NS_MAIN}}}si":
                strings.append("".join(t.text or "" for t in elem.iter(f"{{{NS_MAIN}}}t")))
                elem.clear()
    return strings


# Excel's built-in number formats that are not "General", by id (the ones a reader tells apart).
BUILTIN_FORMATS = {
    1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0', 6: '"$"#,##0', 7: '"$"#,##0.00',
    8: '"$"#,##0.00', 9: "0%", 10: "0.00%", 11: "0.00E+00", 14: "mm-dd-yy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 22: "m/d/yy h:mm", 37: "#,##0", 38: "#,##0", 39: "#,##0.00",
    40: "#,##0.00", 44: '"$"#,##0.00', 49: "@",
}  # fmt: skip
_DATE_CODE = re.compile(r"(?<![A-Za-z\"\\])(?:d{1,4}|m{1,5}|y{2,4})(?![A-Za-z\"])", re.IGNORECASE)
_MONEY_CODE = re.compile(r"[$€£¥]|\[\$|accounting|currency", re.IGNORECASE)


def cell_format(number_format: str) -> str:
    """What an Excel number format says a cell holds: ``date``, ``money``, ``percent``, ``number`` or ``text``."""
    code = re.sub(r'"[^"]*"|\\.', "", number_format)  # literal text in a format is not a code
    if not code or code.lower() == "general" or code == "@":
        return "text"
    if _MONEY_CODE.search(number_format):
        return "money"
    if "%" in code:
        return "percent"
    if _DATE_CODE.search(code):
        return "date"
    if re.search(r"[0#]", code):
        return "number"
    return "text"


def style_formats(archive: zipfile.ZipFile) -> list[str]:
    """The number format code of each cell style (``cellXfs`` index), "General" when none."""
    if "xl/styles.xml" not in archive.namelist():
        return []
    root = ET.fromstring(archive.read("xl/styles.xml"))
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in root.iter(f"{{{NS_MAIN}}}numFmt")
    }
    xfs = root.find(f"{{{NS_MAIN}}}cellXfs")
    codes = []
    for xf in xfs.iter(f"{{{NS_MAIN}}}xf") if xfs is not None else ():
        fmt_id = int(xf.get("numFmtId", "0"))
        codes.append(custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "General"))
    return codes


@dataclass
class SheetContent:
    """What a sheet stores: each non-empty cell's text by reference, column widths, cell formats.

    ``formats`` gives what each styled cell (empty ones too) is formatted to hold (see
    :func:`cell_format`); a cell not in it is formatted for text.
    """

    values: dict[str, str] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)

    def format_of(self, ref: str) -> str:
        return self.formats.get(ref, "text")


def sheet_content(source: str | Path, sheet: str) -> SheetContent:
    """Read one sheet's stored cell texts (``'C8'`` -> text), column widths and cell formats in one pass.

    Formula cells give their cached value; a sheet that is not in the package is empty.
    """
    content = SheetContent()
    with zipfile.ZipFile(source) as archive:
        part = sheet_parts(archive).get(sheet)
        if part is None:
            return content
        strings = shared_strings(archive)
        codes = style_formats(archive)
        with archive.open(part) as stream:
            for _, elem in ET.iterparse(stream):
                if elem.tag == f"{{{NS_MAIN}}}col":
                    add_column_widths(content.widths, elem.attrib)
                    continue
                if elem.tag != f"{{{NS_MAIN}}}c":
                    continue
                kind, ref = elem.get("t"), elem.get("r")
                style = int(elem.get("s", "0"))
                if ref and style < len(codes) and (fmt := cell_format(codes[style])) != "text":
                    content.formats[ref] = fmt
                value = elem.find(f"{{{NS_MAIN}}}v")
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in elem.iter(f"{{{NS_MAIN}}}t"))
                elif value is not None and value.text is not None:
                    text = value.text
                    if kind == "s" and text.isdigit() and int(text) < len(strings):
                        text = strings[int(text)]
                else:
                    text = ""
                if ref and text.strip():
                    content.values[ref] = text
                elem.clear()
    return content
