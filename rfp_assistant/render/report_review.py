"""The review report's decision sheets: Review (one row per question) and Candidates.

The Review sheet is where a person finishes the draft: each row shows what fill decided
and the answer it wrote or suggests, and takes the person's ``Action`` (a dropdown) and
``Override`` (their own text); see :mod:`rfp_assistant.decisions`. Rows that need a
person are tinted, and turn green once acted on; the header and the question columns
stay in view; ``Go to`` opens the filled copy at the answer cell while ``Answer goes to``
keeps the plain reference as text. The Candidates sheet lists every ranked candidate
with the first lines of its answer, so a person can choose without opening the library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from rfp_assistant.decisions import (
    ACTION_CHOICES,
    CANDIDATES_SHEET,
    COL_ACTION,
    COL_DECISION,
    COL_ENTRY,
    COL_ID,
    COL_MATCHED,
    COL_NUMBER,
    COL_OVERRIDE,
    COL_QUESTION,
    COL_RANK,
    COL_REASON,
    COL_SCORE,
    MAX_RANK,
    PersonDecision,
)
from rfp_assistant.models import LibraryEntry, QuestionResult, Response
from rfp_assistant.render.report_style import (
    ATTENTION_FILLS,
    BAND_FILL,
    DECIDED_FILL,
    DECISION_FILLS,
    INPUT_BORDER,
    INPUT_FILL,
    LINK_FONT,
    TEXT_FORMAT,
    filters,
    fit_row,
    header,
    put,
)

COL_WHERE = "Answer goes to"
COL_GO_TO = "Go to"
COL_ANSWER = "Answer (written or suggested)"
COL_DECIDED_BY = "Decided by"
COL_RUNNERS = "Runner-up candidates"
REVIEW_COLUMNS: tuple[tuple[str, float], ...] = (
    (COL_ID, 8),
    (COL_NUMBER, 7),
    ("Section", 16),
    (COL_QUESTION, 50),
    ("Kind", 10),
    (COL_DECISION, 9),
    (COL_SCORE, 7),
    (COL_ENTRY, 26),
    ("Short answer", 10),
    (COL_ANSWER, 64),
    (COL_ACTION, 9),
    (COL_OVERRIDE, 36),
    (COL_REASON, 34),
    (COL_WHERE, 20),
    (COL_GO_TO, 10),
    (COL_RUNNERS, 34),
    (COL_MATCHED, 40),
    (COL_DECIDED_BY, 16),
    ("Entry source", 26),
    ("Entry owner", 26),
    ("Entry last reviewed", 12),
)
"""The Review sheet's columns (title, width). Readers find columns by title, never by position."""
TITLES = tuple(title for title, _ in REVIEW_COLUMNS)
REVIEW_FREEZE = "E2"  # the header row and Id .. Question stay in view
PRINTED_THROUGH = COL_GO_TO  # printed columns: Id .. Go to (the detail columns stay on screen)
CANDIDATE_COLUMNS: tuple[tuple[str, float], ...] = (
    (COL_ID, 8),
    (COL_NUMBER, 7),
    (COL_RANK, 6),
    (COL_ENTRY, 30),
    (COL_SCORE, 7),
    (COL_MATCHED, 45),
    ("Answer (first lines)", 90),
)
ACTION_PROMPT = (
    "accept: use the suggested answer. reject or blank: leave it blank. 1-5: use that candidate "
    "(Candidates sheet). Empty: keep what fill did. An Override wins over the action."
)
CELL_REFERENCE = re.compile(r"^'(?:[^']|'')+'!\$?[A-Z]{1,3}\$?\d+$")
FILL_DECIDED = "fill"


@dataclass(frozen=True)
class ReviewInputs:
    """What the Review and Candidates sheets show besides the response itself.

    ``where`` maps question id to its "Answer goes to" text; ``entries`` (id -> entry)
    adds each answer's file:line, owner and review date; ``previews`` (entry id -> the
    first lines of its rendered answer) fills the Candidates sheet; ``person`` holds what
    a person decided per question (a report written by ``fill --review``); ``output`` is
    the filled copy the ``Go to`` links open.
    """

    where: Mapping[str, str]
    entries: Mapping[str, LibraryEntry]
    previews: Mapping[str, str]
    person: Mapping[str, PersonDecision]
    output: Path | None


def write_review_sheet(
    ws: Worksheet, response: Response, inputs: ReviewInputs, candidate_rows: dict[str, int]
) -> None:
    """Fill ``ws`` (the Review sheet) with one row per question, in the questionnaire's order."""
    header(ws, REVIEW_COLUMNS, freeze=REVIEW_FREEZE)
    widths = [width for _, width in REVIEW_COLUMNS]
    for row, result in enumerate(response.results, start=2):
        person = inputs.person.get(result.question.id, PersonDecision())
        values = _row_values(result, inputs, person)
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
        _style_row(ws, row, result, person)
        _links(ws, row, result, inputs, candidate_rows)
        fit_row(ws, row, values, widths)
    rows = len(response.results)
    filters(ws, len(REVIEW_COLUMNS), rows)
    _action_inputs(ws, rows)
    last_printed = get_column_letter(TITLES.index(PRINTED_THROUGH) + 1)
    ws.print_area = f"A1:{last_printed}{max(2, rows + 1)}"


def _column(title: str) -> int:
    return TITLES.index(title) + 1


def _row_values(result: QuestionResult, inputs: ReviewInputs, person: PersonDecision) -> tuple[object, ...]:
    question, best = result.question, result.best
    answered = result.decision != "none"
    entry = inputs.entries.get(best.entry_id) if best and answered and person.override is None else None
    runners = "\n".join(
        f"{rank}. {m.entry_id} ({m.score:.2f})" for rank, m in enumerate(result.matches[1:], 2)
    )
    values: dict[str, object] = {
        COL_ID: question.id,
        COL_NUMBER: question.number,
        "Section": question.section,
        COL_QUESTION: question.text,
        "Kind": question.kind,
        COL_DECISION: result.decision,
        COL_SCORE: round(best.score, 3) if best else None,
        COL_ENTRY: best.entry_id if best else None,
        "Short answer": result.short_answer,
        COL_ANSWER: result.answer if answered else None,
        COL_ACTION: str(person.action) if person.action else None,
        COL_OVERRIDE: person.override,
        COL_REASON: "; ".join(filter(None, (result.reason, *result.notes))) or None,
        COL_WHERE: inputs.where.get(question.id) or question.location.describe(),
        COL_GO_TO: None,
        COL_RUNNERS: runners or None,
        COL_MATCHED: best.matched_text if best else None,
        COL_DECIDED_BY: f"person: {person.applied}" if person.applied else FILL_DECIDED,
        "Entry source": f"{Path(entry.source).name}:{entry.line}" if entry else None,
        "Entry owner": entry.owner if entry else None,
        "Entry last reviewed": entry.last_reviewed.isoformat() if entry and entry.last_reviewed else None,
    }
    return tuple(values[title] for title in TITLES)


def _style_row(ws: Worksheet, row: int, result: QuestionResult, person: PersonDecision) -> None:
    tint = DECIDED_FILL if person.decided else ATTENTION_FILLS.get(result.decision)
    if tint is not None:
        for col in range(1, len(REVIEW_COLUMNS) + 1):
            ws.cell(row=row, column=col).fill = tint
    ws.cell(row=row, column=_column(COL_DECISION)).fill = DECISION_FILLS[result.decision]
    ws.cell(row=row, column=_column(COL_SCORE)).number_format = "0.000"
    for title in (COL_ACTION, COL_OVERRIDE):
        cell = ws.cell(row=row, column=_column(title))
        cell.number_format, cell.border = TEXT_FORMAT, INPUT_BORDER
        if not person.decided:
            cell.fill = INPUT_FILL


def _links(
    ws: Worksheet, row: int, result: QuestionResult, inputs: ReviewInputs, candidate_rows: dict[str, int]
) -> None:
    """``Go to``: the answer cell in the filled copy; the runner-ups: their rows in Candidates."""
    where = ws.cell(row=row, column=_column(COL_WHERE)).value or ""
    first = str(where).split(", ")[0]
    if inputs.output is not None:
        location = first if CELL_REFERENCE.match(first) else None
        cell = ws.cell(row=row, column=_column(COL_GO_TO))
        cell.value = f"go to {first.rsplit('!', 1)[1]}" if location else "open"
        cell.data_type = "s"
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=inputs.output.name, location=location)
        cell.font = LINK_FONT
    target = candidate_rows.get(result.question.id)
    if target is not None:
        cell = ws.cell(row=row, column=_column(COL_RUNNERS))
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{CANDIDATES_SHEET}'!A{target}")


def _action_inputs(ws: Worksheet, rows: int) -> None:
    """The Action dropdown and the green tint of rows a person has acted on."""
    if rows == 0:
        return
    action = get_column_letter(_column(COL_ACTION))
    override = get_column_letter(_column(COL_OVERRIDE))
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(ACTION_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Action",
        error=f"Use accept, reject, blank or a candidate number 1-{MAX_RANK}.",
        showInputMessage=True,
        promptTitle="Action",
        prompt=ACTION_PROMPT,
    )
    validation.add(f"{action}2:{action}{rows + 1}")
    ws.add_data_validation(validation)
    last = get_column_letter(len(REVIEW_COLUMNS))
    ws.conditional_formatting.add(
        f"A2:{last}{rows + 1}",
        FormulaRule(formula=[f"OR(LEN(${action}2)>0,LEN(${override}2)>0)"], fill=DECIDED_FILL),
    )


def write_candidates_sheet(ws: Worksheet, response: Response, previews: Mapping[str, str]) -> dict[str, int]:
    """Every ranked candidate of every question; returns each question's first row."""
    header(ws, CANDIDATE_COLUMNS, freeze="D2")
    widths = [width for _, width in CANDIDATE_COLUMNS]
    first_rows: dict[str, int] = {}
    row = 2
    for band, result in enumerate(r for r in response.results if r.matches):
        first_rows[result.question.id] = row
        for rank, match in enumerate(result.matches, start=1):
            values = (
                result.question.id,
                result.question.number,
                rank,
                match.entry_id,
                round(match.score, 3),
                match.matched_text,
                previews.get(match.entry_id),
            )
            for col, value in enumerate(values, start=1):
                cell = put(ws, row, col, value)
                if band % 2:
                    cell.fill = BAND_FILL
            ws.cell(row=row, column=5).number_format = "0.000"
            fit_row(ws, row, values, widths)
            row += 1
    filters(ws, len(CANDIDATE_COLUMNS), row - 2)
    return first_rows
