"""The review report: one workbook listing every question, so a person can finish the job.

Sheet "Review": number, section, question, where its answer went, decision, score,
entry, the phrasing that matched, the answer used (or suggested), the reason and the
runner-up candidates. Sheet "Fields": contact blanks to complete by hand. Sheet
"Summary": source, output, counts, library version, model and which calibration set the
operating point, for provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.atomic import atomic_save
from rfp_assistant.models import LibraryEntry, Response
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
    placements: dict[str, str] | None = None,
    entries: Mapping[str, LibraryEntry] | None = None,
) -> None:
    """Write the review report workbook atomically to ``path``.

    ``placements`` maps question id to where its answer was written (for ``auto``);
    ``entries`` (id -> entry) adds each best entry's file:line, owner and review date, so
    every answer traces back to the approved text and the person who owns it.
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
        where = placements.get(question.id) or question.location.describe()
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
            result.reason,
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

    fields = workbook.create_sheet("Fields")
    _header(fields, (("No.", 10), ("Label", 45), ("Complete at", 30)))
    for row, field in enumerate(response.questionnaire.fields, start=2):
        for col, value in enumerate((field.number, field.label, field.location.describe()), start=1):
            cell = fields.cell(row=row, column=col, value=value)
            cell.alignment, cell.border = WRAP, BORDER

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
        ("Answer library version", response.library_version),
        ("Embedding model", response.model),
        ("Calibration", response.calibration or "(none: no question was matched)"),
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
