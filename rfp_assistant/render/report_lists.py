"""The review report's lists beside the Review sheet: what is left to complete, attachments, fields.

"To complete": the cells a written answer leaves for a person (a Yes/No value to pick, grid
cells the library has no data for). "Attachments": every document the answers refer to, with
the questions that need it. "Fields": every contact blank, its value from ``plan.yaml`` and
whether it was written (``fill --fields``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.models import FIELD_PLACEMENT, FieldValue, Placement, Response
from rfp_assistant.render.report_style import header, put

TO_COMPLETE_COLUMNS = (("Id", 8), ("No.", 9), ("Question", 55), ("Cell", 28), ("What is wanted", 50))
ATTACHMENT_COLUMNS = (("Attachment", 45), ("Answers written that cite it", 40), ("Suggested answers (review)", 40))
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
