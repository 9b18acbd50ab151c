"""The review report: one workbook listing every question, so a person can finish the job.

Sheet "Review": number, section, question, where its answer went (or would go, for a
suggestion), decision, score, entry, the phrasing that matched, the answer used (or
suggested), the reason and the runner-up candidates. Sheet "To complete": the cells a
written answer leaves for a person (a Yes/No value to pick, grid cells without data).
Sheet "Attachments": every document the answers refer to, with the questions that need
it. Sheet "Fields": the contact blanks, their value from ``plan.yaml`` and whether it was
written. Sheet "Summary": source, output, counts, the as-of date, library version and
model, for provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.atomic import atomic_save
from rfp_assistant.models import FIELD_PLACEMENT, FieldValue, LibraryEntry, Placement, Response
from rfp_assistant.ooxml.xlsx_write import MAX_ROW_HEIGHT, POINTS_PER_LINE, lines_needed

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DECISION_FILLS = {
    "auto": PatternFill("solid", fgColor="E2EFDA"),
    "review": PatternFill("solid", fgColor="FFF2CC"),
    "none": PatternFill("solid", fgColor="FCE4D6"),
}
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

REVIEW_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Id", 8),
    ("No.", 9),
    ("Section", 22),
    ("Question", 55),
    ("Kind", 10),
    ("Answer goes to", 18),
    ("Decision", 10),
    ("Score", 8),
    ("Entry", 28),
    ("Matched phrasing", 45),
    ("Short answer", 12),
    ("Answer (written or suggested)", 70),
    ("Reason", 40),
    ("Runner-up candidates", 45),
    ("Entry source", 28),
    ("Entry owner", 28),
    ("Entry last reviewed", 12),
)


def _print_setup(ws: Worksheet, *, landscape: bool = True) -> None:
    """Print on pages one sheet wide, header row repeated, so the report reads on paper too."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4


def _header(ws: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    for col, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws)


REPORT_SUFFIX = ".review.xlsx"


def report_path(output: Path) -> Path:
    """Where the review report of ``output`` goes: ``answers.docx`` -> ``answers.review.xlsx`` beside it."""
    return output.with_name(output.stem + REPORT_SUFFIX)


def write_report(
    path: Path,
    response: Response,
    *,
    output: Path | None,
    placements: Mapping[str, Placement] | None = None,
    entries: Mapping[str, LibraryEntry] | None = None,
    field_suggestions: Sequence[FieldValue] = (),
) -> None:
    """Write the review report workbook atomically to ``path``.

    ``placements`` maps question id to where its answer was written (for ``auto``) or
    would be (a suggested placement, for ``review``), and ``field:<n>`` to a contact
    field's; ``entries`` (id -> entry) adds each best entry's file:line, owner and review
    date, so every answer traces back to the approved text and the person who owns it;
    ``field_suggestions`` are the contact field values ``plan.yaml`` gives (written only
    with ``fill --fields``).
    """
    placements = placements or {}
    entries = entries or {}
    workbook = Workbook()
    review = workbook.active
    review.title = "Review"
    _header(review, REVIEW_COLUMNS)
    for row, result in enumerate(response.results, start=2):
        question = result.question
        best = result.best
        runners = "; ".join(f"{m.entry_id} ({m.score:.2f})" for m in result.matches[1:])
        entry = entries.get(best.entry_id) if best and result.decision != "none" else None
        placement = placements.get(question.id)
        where = placement.describe() if placement else question.location.describe()
        values = (
            question.id,
            question.number,
            question.section,
            question.text,
            question.kind,
            where,
            result.decision,
            round(best.score, 3) if best else None,
            best.entry_id if best else None,
            best.matched_text if best else None,
            result.short_answer,
            result.answer if result.decision != "none" else None,
            "; ".join(filter(None, (result.reason, *result.notes))) or None,
            runners,
            f"{Path(entry.source).name}:{entry.line}" if entry else None,
            entry.owner if entry else None,
            entry.last_reviewed.isoformat() if entry and entry.last_reviewed else None,
        )
        for col, value in enumerate(values, start=1):
            cell = review.cell(row=row, column=col, value=value)
            cell.alignment, cell.border = WRAP, BORDER
        review.cell(row=row, column=7).fill = DECISION_FILLS[result.decision]
        lines = max(lines_needed(str(v), REVIEW_COLUMNS[i][1]) for i, v in enumerate(values) if v is not None)
        review.row_dimensions[row].height = min(MAX_ROW_HEIGHT, lines * POINTS_PER_LINE + 2)
        review.cell(row=row, column=8).number_format = "0.000"
    review.auto_filter.ref = f"A1:{get_column_letter(len(REVIEW_COLUMNS))}{max(2, len(response.results) + 1)}"

    _to_complete_sheet(workbook, response, placements)
    _attachments_sheet(workbook, response)
    _fields_sheet(workbook, response, placements, field_suggestions)

    summary = workbook.create_sheet("Summary", 0)
    counts = response.counts()
    rows = (
        ("RFP", response.questionnaire.source),
        ("Filled copy", str(output) if output else "(none)"),
        ("Questions", len(response.results)),
        ("Answered automatically (auto)", counts["auto"]),
        ("To review (review)", counts["review"]),
        ("Left blank (none)", counts["none"]),
        ("Contact fields to complete", len(response.questionnaire.fields)),
        ("Answers as of", response.as_of.isoformat() if response.as_of else "(not recorded)"),
        ("Answer library version", response.library_version),
        ("Embedding model", response.model),
    )
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 70
    _print_setup(summary, landscape=False)
    summary.cell(row=1, column=1, value="rfp-assistant review report").font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(rows, start=3):
        summary.cell(row=row, column=1, value=label).font = Font(bold=True)
        summary.cell(row=row, column=2, value=value).alignment = Alignment(wrap_text=True)
    note = (
        "Only 'auto' answers were written into the filled copy. 'review' rows show a suggested approved "
        "answer to check; 'none' rows have no approved answer in the library."
    )
    summary.cell(row=len(rows) + 4, column=1, value=note).alignment = Alignment(wrap_text=True)
    summary.merge_cells(start_row=len(rows) + 4, start_column=1, end_row=len(rows) + 4, end_column=2)
    summary.row_dimensions[len(rows) + 4].height = 32
    atomic_save(path, workbook.save)


def _rows(ws: Worksheet, rows: Sequence[Sequence[object]]) -> None:
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment, cell.border = WRAP, BORDER


def _to_complete_sheet(workbook: Workbook, response: Response, placements: Mapping[str, Placement]) -> None:
    """The cells written answers leave for a person: a Yes/No value to pick, grid cells without data."""
    ws = workbook.create_sheet("To complete")
    _header(ws, (("Id", 8), ("No.", 9), ("Question", 55), ("Cell", 28), ("What is wanted", 50)))
    rows = []
    for result in response.results:
        placement = placements.get(result.question.id)
        if result.decision != "auto" or placement is None:
            continue
        for item in placement.left_open:
            spot, _, wanted = item.partition(": ")
            rows.append((result.question.id, result.question.number, result.question.text, spot, wanted))
    _rows(ws, rows)


def _attachments_sheet(workbook: Workbook, response: Response) -> None:
    """Every document the answers refer to, with the questions that need it, written or suggested."""
    ws = workbook.create_sheet("Attachments")
    _header(ws, ATTACHMENT_COLUMNS)
    needed: dict[str, tuple[list[str], list[str]]] = {}
    for result in response.results:
        if result.decision == "none":
            continue
        number = result.question.number or result.question.id
        for name in result.attachments:
            written, suggested = needed.setdefault(name, ([], []))
            (written if result.decision == "auto" else suggested).append(number)
    _rows(ws, [(name, ", ".join(w) or None, ", ".join(r) or None) for name, (w, r) in needed.items()])


ATTACHMENT_COLUMNS = (("Attachment", 45), ("Answers written that cite it", 40), ("Suggested answers (review)", 40))
FIELD_COLUMNS = (("No.", 10), ("Label", 45), ("Complete at", 30), ("Value from plan.yaml", 40), ("Written", 30))


def _fields_sheet(
    workbook: Workbook,
    response: Response,
    placements: Mapping[str, Placement],
    suggestions: Sequence[FieldValue],
) -> None:
    """Every contact blank, its value from plan.yaml and whether it was written (``fill --fields``)."""
    ws = workbook.create_sheet("Fields")
    _header(ws, FIELD_COLUMNS)
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
