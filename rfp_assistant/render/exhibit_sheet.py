"""Render exhibits as Excel sheets whose figures are live formulas on the input cells.

The layout is computed once (:func:`layout_exhibit`): a title block, then each table
(title row, header row, body rows, total row, note) with a blank row between tables,
then the footnotes. Every keyed cell gets an absolute address, and each cell formula's
``{key}`` references become those addresses, so changing a census count, a rate, the
growth or the trend recomputes the whole exhibit.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.atomic import atomic_save
from rfp_assistant.exhibits import (
    COUNT,
    DATE,
    FACTOR,
    INDEX,
    INTEGER,
    MONEY,
    MONEY0,
    MONTH,
    PERCENT,
    PERCENT4,
    RATIO,
    ROW_SUBTOTAL,
    ROW_TOTAL,
    TEXT,
    Exhibit,
    Letterhead,
    format_value,
    resolve_formula,
)
from rfp_assistant.ooxml.package import copy_package
from rfp_assistant.ooxml.xlsx import sheet_parts
from rfp_assistant.render.page_setup import setup_print
from rfp_assistant.render.palette import (
    BOLD_ALLOWANCE,
    DEFAULT_FONT,
    GRID_GREY,
    INPUT_BLUE,
    NAVY,
    NOTE_GREY,
    SUBTOTAL_FILL,
    TOTAL_FILL,
    WHITE,
)

# "_)" leaves a parenthesis' width of space after a figure, so right-aligned numbers do
# not touch the cell border (the usual accounting-format padding).
EXCEL_FORMATS = {
    TEXT: "General",
    DATE: "mmm d, yyyy_)",
    MONTH: "mmm yyyy_)",
    INTEGER: "#,##0_)",
    COUNT: "#,##0.0_)",
    MONEY: '"$"#,##0.00_)',
    MONEY0: '"$"#,##0_)',
    PERCENT: "0.00%_)",
    PERCENT4: "0.0000%_)",
    FACTOR: "0.0000_)",
    INDEX: "0.000000_)",
    RATIO: "0.00_)",
}
MAX_SHEET_TITLE = 31
MIN_COLUMN_WIDTH = 8
# Printed page (landscape Letter, page_setup's margins, room for the header and footer), in points.
PRINTABLE_WIDTH_POINTS = 720
PRINTABLE_HEIGHT_POINTS = 470
POINTS_PER_WIDTH_UNIT = 5.25  # one character of Excel's column width (7 px) in points
CELL_MARGIN_POINTS = 3.75
PAGE_FILL = 0.95  # plan pages a little short: viewers' fonts are not exactly Excel's
MAX_TEXT_WIDTH = 32  # text columns wrap beyond this many characters
NUMBER_PADDING = 3  # room for the "_)" padding of figures
LINE_HEIGHT = 15  # points per line of 11-point text
PROPORTIONAL_WIDTH = 0.9
NOTE_LINE_HEIGHT = 12.5  # points per line of 9-point notes
NOTE_CHARS_PER_WIDTH = 1.15  # 9-point notes fit more characters than the 11-point width unit

EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0 of Excel's 1900 date system, as used after Feb 1900
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# A formula cell as openpyxl writes it: a formula and an empty result.
_EMPTY_RESULT = re.compile(r'(?P<head><c r="(?P<ref>[A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)<v\s*(?:/>|></v>)</c>')

_THIN = Side(style="thin", color=GRID_GREY)
_DARK = Side(style="thin", color=NAVY)
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOTAL_BORDER = Border(left=_THIN, right=_THIN, top=_DARK, bottom=_DARK)


@dataclass(frozen=True)
class ExhibitLayout:
    """Where each part of an exhibit lands: 1-based rows, and keyed cells' addresses."""

    title_row: int
    table_rows: tuple[int, ...]  # the title row of each table
    footnote_row: int
    addresses: dict[str, str]  # key -> absolute address, e.g. "$C$12"
    cells: dict[str, tuple[int, int]]  # key -> (row, column)


def layout_exhibit(exhibit: Exhibit) -> ExhibitLayout:
    """Compute the sheet layout of ``exhibit`` (the same one :func:`add_exhibit_sheet` writes)."""
    row = 1 + 1 + len(exhibit.subtitle) + 1  # title, subtitle lines, blank
    table_rows: list[int] = []
    addresses: dict[str, str] = {}
    cells: dict[str, tuple[int, int]] = {}
    for table in exhibit.tables:
        table_rows.append(row)
        row += 2  # table title, header
        for body_row in table.all_rows:
            for column, cell in enumerate(body_row.cells, start=1):
                if cell.key is not None:
                    addresses[cell.key] = f"${get_column_letter(column)}${row}"
                    cells[cell.key] = (row, column)
            row += 1
        row += (1 if table.note else 0) + 1
    return ExhibitLayout(1, tuple(table_rows), row, addresses, cells)


def add_exhibit_sheet(
    workbook: Workbook, exhibit: Exhibit, sheet_title: str | None = None, letterhead: Letterhead | None = None
) -> Worksheet:
    """Append a sheet holding ``exhibit`` to ``workbook`` and return it.

    The sheet title defaults to the exhibit's (made unique within the workbook). Derived
    figures are Excel formulas; inputs are plain values in blue. Printed, the sheet is
    one page wide with the exhibit's title block repeated on every page, each table on
    one page (a page break before any table that would not fit), and the letterhead's
    plan name, date and page numbers in the header and footer, in its font.
    """
    letterhead = letterhead or Letterhead()
    title = _unique_title(workbook, sheet_title or exhibit.sheet_title)
    ws = workbook.create_sheet(title)
    layout = layout_exhibit(exhibit)
    widths = column_widths(exhibit)
    span = max(len(widths), 1)

    def font(**kwargs: object) -> Font:
        """A font in the letterhead's face (the issuer's), so the sheet reads like its own."""
        return Font(name=letterhead.font or DEFAULT_FONT, **kwargs)  # type: ignore[arg-type]

    ws.cell(row=1, column=1, value=exhibit.title).font = font(bold=True, size=14, color=NAVY)
    ws.row_dimensions[1].height = 21
    for offset, line in enumerate(exhibit.subtitle, start=2):
        ws.cell(row=offset, column=1, value=line).font = font(italic=True, color=NOTE_GREY)

    for table, top in zip(exhibit.tables, layout.table_rows, strict=True):
        ws.cell(row=top, column=1, value=table.title).font = font(bold=True, size=12, color=NAVY)
        header_lines = 1
        for column, spec in enumerate(table.columns, start=1):
            cell = ws.cell(row=top + 1, column=column, value=spec.header)
            cell.font = font(bold=True, color=WHITE)
            cell.fill = PatternFill("solid", fgColor=NAVY)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = _GRID
            header_lines = max(header_lines, _lines(spec.header, widths[column - 1]))
        ws.row_dimensions[top + 1].height = LINE_HEIGHT * header_lines
        for index, body_row in enumerate(table.all_rows):
            r = top + 2 + index
            emphasis = body_row.style in (ROW_SUBTOTAL, ROW_TOTAL)
            lines = 1
            for column, spec in enumerate(table.columns, start=1):
                source = body_row.cells[column - 1] if column - 1 < len(body_row.cells) else None
                cell = ws.cell(row=r, column=column)
                if source is not None:
                    if source.formula:
                        cell.value = resolve_formula(source.formula, layout.addresses)
                    else:
                        cell.value = source.value if source.value != "" else None
                    cell.number_format = EXCEL_FORMATS.get(source.fmt, "General")
                    cell.font = font(bold=emphasis, color=INPUT_BLUE if source.is_input else None)
                    if not spec.numeric:
                        lines = max(lines, _lines(format_value(source.value, source.fmt), widths[column - 1]))
                cell.border = _TOTAL_BORDER if body_row.style == ROW_TOTAL else _GRID
                if body_row.style == ROW_TOTAL:
                    cell.fill = PatternFill("solid", fgColor=TOTAL_FILL)
                elif body_row.style == ROW_SUBTOTAL:
                    cell.fill = PatternFill("solid", fgColor=SUBTOTAL_FILL)
                cell.alignment = Alignment(horizontal=spec.align, vertical="top", wrap_text=not spec.numeric)
            if lines > 1:
                ws.row_dimensions[r].height = LINE_HEIGHT * lines
        if table.note:
            _paragraph(
                ws,
                top + 2 + len(table.all_rows),
                table.note,
                widths,
                font(italic=True, size=9, color=NOTE_GREY),
            )

    ws.cell(row=layout.footnote_row, column=1, value="Notes").font = font(bold=True)
    for number, text in enumerate(exhibit.footnotes, start=1):
        _paragraph(
            ws, layout.footnote_row + number, f"{number}. {text}", widths, font(size=9, color=NOTE_GREY)
        )

    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    # Keep the exhibit's title in view while scrolling through its tables.
    ws.freeze_panes = ws.cell(row=len(exhibit.subtitle) + 3, column=1)
    ws.sheet_view.showGridLines = False
    last_row = layout.footnote_row + len(exhibit.footnotes)
    title_rows = len(exhibit.subtitle) + 1
    setup_print(
        ws,
        area=f"A1:{get_column_letter(span)}{last_row}",
        title_rows=f"1:{title_rows}",
        header_left=letterhead.header_text(exhibit),
        header_right=letterhead.date_text(),
        footer_left=exhibit.subtitle[-1] if exhibit.subtitle else "",
        font=letterhead.font or DEFAULT_FONT,
    )
    _keep_tables_on_pages(ws, exhibit, layout, widths, title_rows, last_row)
    return ws


def _keep_tables_on_pages(
    ws: Worksheet, exhibit: Exhibit, layout: ExhibitLayout, widths: list[float], title_rows: int, last_row: int
) -> None:
    """Break the page before any table that would not fit on the rest of its page, so no
    table is split from its header (page set-up prints one page wide; the scale that
    implies is estimated from the column widths, with a margin for the viewer's fonts)."""

    def height(row: int) -> float:
        return ws.row_dimensions[row].height or LINE_HEIGHT

    starts = [*layout.table_rows, layout.footnote_row, last_row + 1]
    blocks = [(starts[i], sum(height(r) for r in range(starts[i], starts[i + 1]))) for i in range(len(starts) - 1)]
    titles = sum(height(r) for r in range(1, title_rows + 1))
    sheet_width = sum(w * POINTS_PER_WIDTH_UNIT + CELL_MARGIN_POINTS for w in widths)
    scale = min(1.0, PRINTABLE_WIDTH_POINTS / sheet_width)
    room = PRINTABLE_HEIGHT_POINTS * PAGE_FILL / scale - titles
    used = sum(height(r) for r in range(title_rows + 1, starts[0]))
    for top, block in blocks:
        if used and used + block > room:
            ws.row_breaks.append(Break(id=top - 1))
            used = 0.0
        used += block


def column_widths(exhibit: Exhibit) -> list[float]:
    """Column widths (in characters) shared by all the exhibit's tables.

    Figures never wrap, so a number column is as wide as its widest figure; text wraps,
    so a text column is capped at ``MAX_TEXT_WIDTH``; headers wrap between words.
    """
    count = max((len(t.columns) for t in exhibit.tables), default=0)
    widths = [float(MIN_COLUMN_WIDTH)] * count
    for table in exhibit.tables:
        for index, spec in enumerate(table.columns):
            longest_word = max(len(word) for word in spec.header.split()) + 2
            widths[index] = max(widths[index], longest_word)
            for row in table.all_rows:
                if index >= len(row.cells):
                    continue
                text = format_value(row.cells[index].value, row.cells[index].fmt)
                need = len(text) * BOLD_ALLOWANCE + (NUMBER_PADDING if spec.numeric else 2)
                widths[index] = max(widths[index], need if spec.numeric else min(need, MAX_TEXT_WIDTH))
    return [round(w, 1) for w in widths]


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (estimate)."""
    usable = max(width - 1.0, 1.0)
    lines, current = 1, 0.0
    for word in text.split():
        # Letters are narrower than the digit that defines Excel's width unit.
        size = len(word) * PROPORTIONAL_WIDTH
        if current and current + 1 + size > usable:
            lines, current = lines + 1, size
        else:
            current += (1 if current else 0) + size
    return lines


def _paragraph(ws: Worksheet, row: int, text: str, widths: list[float], font: Font) -> None:
    """Write ``text`` as a wrapped paragraph spanning every column of the exhibit."""
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if len(widths) > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
    # Merged cells do not grow with their text, so size the row ourselves.
    ws.row_dimensions[row].height = NOTE_LINE_HEIGHT * _lines(text, sum(widths) * NOTE_CHARS_PER_WIDTH)


def write_exhibit_workbook(
    exhibits: Mapping[str, Exhibit] | list[Exhibit], path: str | Path, letterhead: Letterhead | None = None
) -> Path:
    """Write ``exhibits`` (one sheet each) to the workbook at ``path``, atomically.

    Formulas carry their results too (see :func:`add_cached_values`), and Excel
    recalculates them all when the workbook is opened.
    """
    path = Path(path)
    items = list(exhibits.values()) if isinstance(exhibits, Mapping) else list(exhibits)
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {add_exhibit_sheet(workbook, exhibit, letterhead=letterhead).title: exhibit for exhibit in items}
    workbook.calculation.fullCalcOnLoad = True

    def save(temp: str) -> None:
        workbook.save(temp)
        add_cached_values(temp, sheets)

    atomic_save(path, save)
    return path


def add_cached_values(path: str | Path, sheets: Mapping[str, Exhibit]) -> None:
    """Store each exhibit formula's result (computed in Python) in the saved workbook.

    openpyxl writes formulas without results, so viewers that do not calculate (file
    previews, ``openpyxl`` with ``data_only=True``) would show blanks. ``sheets`` maps a
    sheet title to the exhibit :func:`add_exhibit_sheet` wrote there; call this on the
    saved file (before moving it into place) after ``workbook.save``.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        parts = sheet_parts(source)
        replaced: dict[str, bytes] = {}
        for title, exhibit in sheets.items():
            part = parts.get(title)
            if part is None:
                continue
            results = _formula_results(exhibit)
            xml = source.read(part).decode("utf-8")

            def fill(match: re.Match[str], results: dict[str, str] = results) -> str:
                value = results.get(match.group("ref"))
                if value is None:
                    return match.group(0)
                return f"{match.group('head')}<v>{value}</v></c>"

            replaced[part] = _EMPTY_RESULT.sub(fill, xml).encode("utf-8")
        temp = path.with_name(path.name + ".cached")
        copy_package(source, str(temp), replaced)
    os.replace(temp, path)


def _formula_results(exhibit: Exhibit) -> dict[str, str]:
    """A1 address -> the XML text of the result, for every formula cell of the exhibit."""
    layout = layout_exhibit(exhibit)
    results: dict[str, str] = {}
    for table, top in zip(exhibit.tables, layout.table_rows, strict=True):
        for index, row in enumerate(table.all_rows):
            for column, cell in enumerate(row.cells, start=1):
                if not cell.formula or cell.value is None or isinstance(cell.value, str):
                    continue
                value = cell.value
                if isinstance(value, date):
                    value = (value - EXCEL_EPOCH).days
                results[f"{get_column_letter(column)}{top + 2 + index}"] = repr(float(value))
    return results


def _unique_title(workbook: Workbook, wanted: str) -> str:
    base = "".join(ch for ch in wanted if ch not in "[]:*?/\\")[:MAX_SHEET_TITLE] or "Exhibit"
    existing = {name.lower() for name in workbook.sheetnames}
    title, n = base, 2
    while title.lower() in existing:
        suffix = f" ({n})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    return title
