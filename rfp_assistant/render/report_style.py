"""How the review report's sheets look: header, colours, borders, text cells, printing.

Shared by the report's sheets (:mod:`rfp_assistant.render.report`,
:mod:`rfp_assistant.render.report_review`) so they read as one workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.ooxml.xlsx_write import MAX_ROW_HEIGHT, POINTS_PER_LINE, lines_needed
from rfp_assistant.render.palette import NAVY

REPORT_FONT = "Calibri"  # named on every styled cell: a font without a name prints in a serif face
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
HEADER_FONT = Font(name=REPORT_FONT, bold=True, color="FFFFFF")
DECISION_FILLS = {
    "auto": PatternFill("solid", fgColor="E2EFDA"),
    "review": PatternFill("solid", fgColor="FFF2CC"),
    "none": PatternFill("solid", fgColor="FCE4D6"),
}
# Rows that need a person are tinted across the row (paler than their Decision cell).
ATTENTION_FILLS = {
    "review": PatternFill("solid", fgColor="FFFAE6"),
    "none": PatternFill("solid", fgColor="FDF1EA"),
}
DECIDED_FILL = PatternFill("solid", fgColor="EEF5EA")  # a row a person has acted on
BAND_FILL = PatternFill("solid", fgColor="F2F2F2")  # every other question's block of candidates
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")  # the cells a person types in
INPUT_BORDER_SIDE = Side(style="medium", color="2F5597")
LINK_FONT = Font(name=REPORT_FONT, color="0563C1", underline="single")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_BORDER = Border(left=INPUT_BORDER_SIDE, right=INPUT_BORDER_SIDE, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TEXT_FORMAT = "@"  # Excel's Text format: what a person types stays text ("=x" is not a formula)
ROW_PADDING_POINTS = 2
HEADER_HEIGHT_POINTS = 30  # two lines: "Short answer", "Entry last reviewed" wrap


def print_setup(ws: Worksheet, *, landscape: bool = True) -> None:
    """Print on pages one sheet wide, header row repeated, so the report reads on paper too."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4


def header(ws: Worksheet, columns: Sequence[tuple[str, float]], *, freeze: str = "A2") -> None:
    """Write the header row, size the columns, freeze the panes at ``freeze`` and set up printing."""
    for col, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = HEADER_HEIGHT_POINTS
    ws.freeze_panes = freeze
    ws.print_title_rows = "1:1"
    print_setup(ws)


def put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write one value into a bordered, wrapped cell; text stays text even when it starts with '='."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    cell.alignment, cell.border = WRAP, BORDER
    return cell


def fit_row(ws: Worksheet, row: int, values: Sequence[Any], widths: Sequence[float]) -> None:
    """Make ``row`` tall enough for its longest wrapped value (within Excel's limit)."""
    lines = max(
        (lines_needed(str(v), widths[i]) for i, v in enumerate(values) if v not in (None, "")), default=1
    )
    ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, lines * POINTS_PER_LINE + ROW_PADDING_POINTS)


def filters(ws: Worksheet, columns: int, rows: int) -> None:
    """Filters on the header row over ``rows`` data rows."""
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(2, rows + 1)}"
