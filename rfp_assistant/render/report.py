"""The review report: one workbook listing every question, so a person can finish the job.

Sheet "Summary": source, output, counts, the as-of date, library version, model and which
calibration set the operating point, for provenance.
Sheet "Review" (:mod:`rfp_assistant.render.report_review`): one row per question with
where its answer goes, the decision, score, entry, the answer used (or suggested), the
reason and the runner-up candidates, plus the ``Action`` and ``Override`` columns a
person fills in for ``fill --review`` (see :mod:`rfp_assistant.decisions`). Sheet
"Candidates": every ranked candidate with the first lines of its answer. Sheets "To
complete", "Attachments" and "Fields" (:mod:`rfp_assistant.render.report_lists`): the cells
a written answer leaves for a person, every document the answers refer to, and the contact
blanks with their value from ``plan.yaml``; "Rate grids" (when the questionnaire has
rate-quote grids): each grid filled with the quoted rates, and each grid or cell left for a
person, with the cells and the reason. Sheet "Meta": the input file's sha256, the library
version and the model, so the decisions cannot be applied to another input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from rfp_assistant.atomic import atomic_save
from rfp_assistant.decisions import CANDIDATES_SHEET, META_SHEET, REVIEW_SHEET, PersonDecision, ReportMeta
from rfp_assistant.models import FieldValue, LibraryEntry, Placement, Response
from rfp_assistant.render.report_lists import (
    write_attachments_sheet,
    write_fields_sheet,
    write_rate_grids_sheet,
    write_to_complete_sheet,
)
from rfp_assistant.render.report_review import ReviewInputs, write_candidates_sheet, write_review_sheet
from rfp_assistant.render.report_style import REPORT_FONT, fit_row, print_setup

if TYPE_CHECKING:
    from rfp_assistant.rate_quote import RateQuoteWrites

REPORT_SUFFIX = ".review.xlsx"
META_NOTE = "Written by rfp-assistant: 'fill --review' checks these records. Do not edit."
SUMMARY_WIDTHS = (32.0, 70.0)  # the Summary sheet's label and value columns
# fit_row counts lines for the Review sheet's small print; the Summary's default 11 pt
# text takes about this much more room per character.
SUMMARY_FONT_SCALE = 1.25


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
    previews: Mapping[str, str] | None = None,
    meta: ReportMeta | None = None,
    person: Mapping[str, PersonDecision] | None = None,
    placed: Mapping[str, Placement] | None = None,
    field_suggestions: Sequence[FieldValue] = (),
    rate_quote: RateQuoteWrites | None = None,
) -> None:
    """Write the review report workbook atomically to ``path``.

    ``placements`` maps question id to where its answer goes (the "Answer goes to"
    text); ``entries`` (id -> entry) adds each best entry's file:line, owner and review
    date, so every answer traces back to the approved text and the person who owns it;
    ``previews`` (entry id -> first lines of its answer) fills the Candidates sheet;
    ``meta`` fills the Meta sheet; ``person`` (question id -> what a person decided)
    fills the Action, Override and "Decided by" columns of a report for a reviewed copy;
    ``placed`` (question id, or ``field:<n>`` for a contact field, -> the renderer's
    placement) gives the cells a written answer left open and which fields were written;
    ``field_suggestions`` are the contact field values ``plan.yaml`` gives (written only
    with ``fill --fields``); ``rate_quote`` adds the "Rate grids" sheet (when it found any
    grid).
    """
    workbook = Workbook()
    review = workbook.active
    review.title = REVIEW_SHEET
    candidates = workbook.create_sheet(CANDIDATES_SHEET)
    first_rows = write_candidates_sheet(candidates, response, previews or {})
    inputs = ReviewInputs(
        where=placements or {},
        entries=entries or {},
        previews=previews or {},
        person=person or {},
        output=output,
    )
    write_review_sheet(review, response, inputs, first_rows)
    workbook.move_sheet(candidates, offset=1)  # Review, then Candidates

    write_to_complete_sheet(workbook, response, placed or {})
    write_attachments_sheet(workbook, response)
    write_fields_sheet(workbook, response, placed or {}, field_suggestions)

    if rate_quote is not None and (rate_quote.writes or rate_quote.unfilled):
        write_rate_grids_sheet(workbook, rate_quote)

    _summary(workbook, response, output, person or {})
    if meta is not None:
        _meta(workbook, meta)
    atomic_save(path, workbook.save)


def _summary(
    workbook: Workbook, response: Response, output: Path | None, person: Mapping[str, PersonDecision]
) -> None:
    summary = workbook.create_sheet("Summary", 0)
    counts = response.counts()
    rows: list[tuple[str, object]] = [
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
        ("Calibration", response.calibration or "(none: no question was matched)"),
    ]
    if response.library_fit is not None:
        held = response.fit_note()
        rows.append(
            (
                "Library fit",
                f"{response.library_fit:.2f}: the mean confidence of the questions' best candidates, about "
                "the share of the questionnaire the library answers" + (f". Note: {held}" if held else ""),
            )
        )
    if person:
        rows.append(("Decided by a person", sum(1 for p in person.values() if p.decided)))
    summary.column_dimensions["A"].width = SUMMARY_WIDTHS[0]
    summary.column_dimensions["B"].width = SUMMARY_WIDTHS[1]
    print_setup(summary, landscape=False)
    summary.cell(row=1, column=1, value="rfp-assistant review report").font = Font(name=REPORT_FONT, bold=True, size=14)
    for row, (label, value) in enumerate(rows, start=3):
        label_cell = summary.cell(row=row, column=1, value=label)
        label_cell.font, label_cell.alignment = Font(name=REPORT_FONT, bold=True), Alignment(vertical="top")
        cell = summary.cell(row=row, column=2, value=value)
        cell.alignment = Alignment(wrap_text=True, horizontal="left", vertical="top")
        if isinstance(value, str):
            cell.data_type = "s"
        fitted = tuple(width / SUMMARY_FONT_SCALE for width in SUMMARY_WIDTHS)
        fit_row(summary, row, (label, value), fitted)  # a wrapped value never overprints the next
    note = (
        "Only 'auto' answers were written into the filled copy. 'review' rows show a suggested approved "
        "answer to check; 'none' rows have no approved answer in the library. To finish the draft, choose "
        "an Action (accept, reject, blank or a candidate number) or type an Override on the Review sheet, "
        "then run: rfp-assistant fill RFP --review THIS_FILE -o FINAL"
    )
    note_row = len(rows) + 4
    summary.cell(row=note_row, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
    summary.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=2)
    summary.row_dimensions[note_row].height = 62


def _meta(workbook: Workbook, meta: ReportMeta) -> None:
    sheet = workbook.create_sheet(META_SHEET)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 80
    for row, (label, value) in enumerate(meta.rows(), start=1):
        sheet.cell(row=row, column=1, value=label).font = Font(name=REPORT_FONT, bold=True)
        cell = sheet.cell(row=row, column=2, value=value)
        cell.data_type = "s"
    sheet.cell(row=len(meta.rows()) + 2, column=1, value=META_NOTE).font = Font(name=REPORT_FONT, italic=True)
    print_setup(sheet, landscape=False)
