"""Reading one worksheet through openpyxl into the plain inputs the sheet reader needs.

:func:`read_grid` turns cells into a :class:`~rfp_assistant.parse.xlsx_layout.Grid` (display
text, the raw strings, bold flags, merges); :func:`read_validations` resolves data validations
(classic and the ``x14`` extensions openpyxl drops) to what the respondent may enter. Only this
module and ``parse/xlsx.py`` touch openpyxl objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.models import Limit
from rfp_assistant.ooxml.xlsx import CellRange, RawValidation, parse_ranges
from rfp_assistant.parse.text import clean
from rfp_assistant.parse.xlsx_layout import Grid

MAX_ROWS = 20_000
MAX_COLS = 200
# A list validation over more cells than this is not a dropdown a respondent reads.
MAX_LIST_CELLS = 500


@dataclass(frozen=True)
class Validation:
    """A data validation resolved to what the respondent sees."""

    type: str | None
    options: tuple[str, ...]
    formula1: str | None
    ranges: tuple[CellRange, ...]
    limit: Limit | None = None
    prompt: str = ""


def display(value: object) -> str:
    """A cell value as the respondent sees it: dates in ISO form, whole floats without '.0'."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def read_grid(ws: Worksheet, formulas: dict[tuple[int, int], str]) -> Grid:
    """The sheet's display text, raw strings, bold cells and merges (capped at MAX_ROWS x MAX_COLS)."""
    max_row, max_col = min(ws.max_row, MAX_ROWS), min(ws.max_column, MAX_COLS)
    grid = Grid(text={}, formulas=formulas, max_row=max_row, max_col=max_col)
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            if cell.number_format and cell.number_format != "General":
                grid.number_formats[(cell.row, cell.column)] = cell.number_format
            if cell.value is None:
                continue
            text = display(cell.value)
            if text:
                grid.text[(cell.row, cell.column)] = text
                if isinstance(cell.value, str) and (raw := cell.value.strip()) != text:
                    grid.raw[(cell.row, cell.column)] = raw
                if cell.font is not None and cell.font.b:
                    grid.bold.add((cell.row, cell.column))
    for merged in ws.merged_cells.ranges:
        top = (merged.min_row, merged.min_col)
        grid.merges[top] = (merged.max_row, merged.max_col)
        for r in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, max_col) + 1):
                if (r, c) != top:
                    grid.covered[(r, c)] = top
    return grid


def read_validations(
    ws: Worksheet, workbook: openpyxl.Workbook, extensions: list[RawValidation]
) -> list[Validation]:
    """The sheet's data validations (classic and x14), with list sources resolved to values."""
    raw = [
        RawValidation(
            type=dv.type, formula1=dv.formula1, ranges=parse_ranges(str(dv.sqref)), prompt=dv.prompt or ""
        )
        for dv in ws.data_validations.dataValidation
    ]
    resolved = []
    for item in [*raw, *extensions]:
        options: tuple[str, ...] = ()
        limit = None
        if item.type == "list" and item.formula1:
            options = _list_options(item.formula1, ws, workbook)
        if item.type == "textLength" and item.formula1 and item.formula1.strip().isdigit():
            limit = Limit("chars", int(item.formula1))
        resolved.append(Validation(item.type, options, item.formula1, item.ranges, limit, item.prompt or ""))
    return resolved


def _list_options(formula: str, ws: Worksheet, workbook: openpyxl.Workbook) -> tuple[str, ...]:
    """Resolve a list validation's source to its values: a literal, a range or a defined name."""
    formula = formula.strip()
    if formula.startswith('"') and formula.endswith('"'):
        return tuple(v.strip() for v in formula[1:-1].split(",") if v.strip())
    target = formula.lstrip("=")
    if target in workbook.defined_names:
        target = workbook.defined_names[target].attr_text
    elif target in ws.defined_names:
        target = ws.defined_names[target].attr_text
    target = re.sub(r"^\[\d+\]", "", target.lstrip("="))  # an external link to a copy of this workbook
    sheet_name, _, ref = target.rpartition("!")
    sheet_name = re.sub(r"^\[\d+\]", "", sheet_name.strip("'")).replace("''", "'")
    source = workbook[sheet_name] if sheet_name in workbook.sheetnames else (ws if not sheet_name else None)
    if source is None:
        return ()
    try:
        area = CellRange.parse(ref)
    except ValueError:
        return ()
    if (area.max_row - area.min_row + 1) * (area.max_col - area.min_col + 1) > MAX_LIST_CELLS:
        return ()
    values = []
    for row, col in area.cells():
        text = display(source.cell(row=row, column=col).value)
        if text:
            values.append(text)
    return tuple(values)
