"""The review report's lists beside the Review sheet: what is left to complete, attachments, fields.

"To complete": the cells a written answer leaves for a person (a Yes/No value to pick, grid
cells the library has no data for). "Attachments": every document the answers refer to, with
the questions that need it. "Fields": every contact blank, its value from ``plan.yaml`` and
whether it was written (``fill --fields``). "Rate grids": each rate-quote grid filled with the
quoted rates, and each grid or cell left for a person, with the cells and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.models import FIELD_PLACEMENT, FieldValue, Placement, Response
from rfp_assistant.render.report_style import DECISION_FILLS, fit_row, header, put

if TYPE_CHECKING:
    from rfp_assistant.rate_quote import RateQuoteWrites

TO_COMPLETE_COLUMNS = (("Id", 8), ("No.", 9), ("Question", 55), ("Cell", 28), ("What is wanted", 50))
ATTACHMENT_COLUMNS = (("Attachment", 45), ("Answers written that cite it", 40), ("Suggested answers (review)", 40))
RATE_GRIDS_SHEET = "Rate grids"
RATE_GRID_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Sheet", 18),
    ("Grid", 45),
    ("Status", 12),
    ("Cells", 40),
    ("What was written, or why it is left to you", 70),
)
GRID_FILLED = "filled"
GRID_TO_COMPLETE = "to complete"
FILLED_NOTE = (
    "{count} rates from the rate development, as numbers in the issuer's cells: plan year 1 the quoted "
    "rates, later years not to exceed them increased by the rate trend. The issuer's own formulas "
    "(totals, annual premium) recompute from them."
)
FIELD_COLUMNS = (("No.", 10), ("Label", 45), ("Complete at", 30), ("Value from plan.yaml", 40), ("Written", 30))


def _rows(ws: Worksheet, rows: Sequence[Sequence[object]]) -> None:
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)


def write_to_complete_sheet(workbook: Workbook, response: Response, placements: Mapping[str, Placement]) -> None:
    """The cells written answers leave for a person: a Yes/No value to pick, grid cells without data."""
    ws = workbook.create_sheet("To complete")
    header(ws, TO_COMPLETE_COLUMNS)
    rows = []
    for result in response.results:
        placement = placements.get(result.question.id)
        if result.decision != "auto" or placement is None:
            continue
        for item in placement.left_open:
            spot, _, wanted = item.partition(": ")
            rows.append((result.question.id, result.question.number, result.question.text, spot, wanted))
    _rows(ws, rows)


def write_attachments_sheet(workbook: Workbook, response: Response) -> None:
    """Every document the answers refer to, with the questions that need it, written or suggested."""
    ws = workbook.create_sheet("Attachments")
    header(ws, ATTACHMENT_COLUMNS)
    needed: dict[str, tuple[list[str], list[str]]] = {}
    for result in response.results:
        if result.decision == "none":
            continue
        number = result.question.number or result.question.id
        for name in result.attachments:
            written, suggested = needed.setdefault(name, ([], []))
            (written if result.decision == "auto" else suggested).append(number)
    _rows(ws, [(name, ", ".join(w) or None, ", ".join(r) or None) for name, (w, r) in needed.items()])


def write_fields_sheet(
    workbook: Workbook,
    response: Response,
    placements: Mapping[str, Placement],
    suggestions: Sequence[FieldValue],
) -> None:
    """Every contact blank, its value from plan.yaml and whether it was written (``fill --fields``)."""
    ws = workbook.create_sheet("Fields")
    header(ws, FIELD_COLUMNS)
    values = {id(v.field): v for v in suggestions}
    rows = []
    for index, field in enumerate(response.questionnaire.fields):
        value = values.get(id(field))
        placement = placements.get(FIELD_PLACEMENT.format(index=index))
        if value is None:
            shown, written = None, "no value in plan.yaml"
        else:
            shown = value.value if isinstance(value.value, str) else value.value.isoformat()
            written = "no (use --fields)" if placement is None else placement.note or "yes"
        rows.append((field.number, field.label, field.location.describe(), shown, written))
    _rows(ws, rows)


def write_rate_grids_sheet(workbook: Workbook, quote: RateQuoteWrites) -> None:
    """One row per rate-quote grid: left to complete (cells and why) first, then those filled."""
    ws = workbook.create_sheet(RATE_GRIDS_SHEET)
    header(ws, RATE_GRID_COLUMNS)
    rows = [(g.sheet, g.title, GRID_TO_COMPLETE, ", ".join(g.cells), g.reason) for g in quote.unfilled]
    filled: dict[tuple[str, str], list[str]] = {}
    for write in quote.writes:
        filled.setdefault((write.sheet, write.grid), []).append(write.ref)
    for (sheet, grid), cells in filled.items():
        rows.append((sheet, grid, GRID_FILLED, ", ".join(cells), FILLED_NOTE.format(count=len(cells))))
    widths = [width for _, width in RATE_GRID_COLUMNS]
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
        ws.cell(row=row, column=3).fill = DECISION_FILLS["review" if values[2] == GRID_TO_COMPLETE else "auto"]
        fit_row(ws, row, values, widths)
