"""Build the second sample questionnaire (a national consultant's layout) and its answer key.

Run with the project virtualenv::

    /work/main/.venv/bin/python samples/build_consultant_sample.py

Outputs (paths relative to the repository root):

* ``samples/ashgrove_health_medical_rfp.xlsx`` -- Calder Whitney Consulting's medical plan
  administration RFP for Ashgrove Health System (a self-funded hospital system in eastern
  Connecticut): an Instructions sheet, the Medical Questionnaire and a hidden Lists sheet
  that holds the Yes/No list some dropdowns refer to.
* ``tests/data/consultant_sample_expected.json`` -- the answer key, generated from the
  source data (``samples/consultant_questions.yaml``) while the sheet is laid out, never
  from a parser.  Top-level key: the workbook's file name; its value has ``file``,
  ``sheet``, ``layout``, ``questions``, ``fields`` and ``issuer_prefilled``.

The questionnaire layout
------------------------
``Ref | Question | Yes/No | Vendor Response (max 1,000 characters) | Consultant Comments``
(columns A to E, header on row 11, a respondent-information block above it).  Section rows
are merged across A:E.  Only rows that ask a yes/no question carry a list validation on
their own Yes/No cell: sections 1-6 share one "Yes,No" validation over several ranges,
sections 7-12 carry one validation per row that refers to the ``YesNo`` defined name (rows
pasted from the consultant's master template), and a few rows take "Yes,No,N/A" inline.
Every other Yes/No cell is shaded grey and has no validation.  Column E belongs to the
consultant: empty except two pre-filled notes that must stay as they are.  A grid question
is followed directly by its own header row (row labels in B, grid columns from C to the
right) and one row per grid row with empty shaded cells.

Answer-key conventions
----------------------
* ``number`` is the Ref ("GEN-01"); ``text`` is the exact cell text, including a stray
  outline number left over from another document ("2.7 Please identify...", also given as
  ``stray_outline_number``); ``section`` is the section row's text.
* ``kind`` comes from the row itself, by these rules in order: a Yes/No list validation on
  the row's own Yes/No cell -> ``yes_no`` (``options`` = that list, else ``[]``); a
  question plainly asking for a number, percentage or count -> ``numeric``; for a date ->
  ``date``; "attach" -> ``attachment``; anything else -> ``narrative``.  The "Yes/No"
  header only says where a yes/no value goes.  Every yes/no question here carries its
  validation, so wording and validation never disagree.
* ``limit``: the response column's header limit (1,000 characters) applies to every row;
  a limit stated in the question text replaces it for that question.  ``limit_source`` is
  ``header`` or ``question``.
* Cells: ``question_cell`` (B), ``yes_no_cell`` (C, yes/no rows only, else null),
  ``response_cell`` (D, every row), ``comments_cell`` (E, the issuer's: never written).
* The design's location contract (``answer_cell`` = the short-value spot,
  ``explanation_cell`` = the narrative spot), as this layout fills it:
  yes/no rows -> ``answer_cell`` C, ``explanation_cell`` D; narrative and attachment rows
  (grid questions included) -> ``answer_cell`` null, ``explanation_cell`` D, so the
  narrative goes to the response column and the Yes/No cell stays empty; numeric and date
  rows -> ``answer_cell`` D, ``explanation_cell`` null (the response column is the only
  spot: it takes the typed value when the entry has one, otherwise the narrative).
* ``grid`` (null unless the question has one): ``header_row``, ``row_header``,
  ``columns`` (labels) with ``column_cells`` (their header cells), ``rows`` (labels) with
  ``row_cells``, ``cells`` (row-major: ``cells[i][j]`` answers ``rows[i]`` x
  ``columns[j]``) and ``cell_formats`` (per column: ``text``, ``date`` or ``money``).
* ``fields``: the respondent-information blanks (label and value cell), not questions.

Judgement calls
---------------
* Grid questions keep a narrative kind: the design's kinds have no ``grid``; the grid is
  an extra answer spot, and the question row's own response cell stays available for a
  comment on the table.
* The performance-guarantee grid's third column (Fees at Risk) sits in column E: the
  grid's own header row overrides the column's meaning on those rows, as in real
  workbooks where a table is pasted under a question.  Its cells are to be filled; on the
  two-column grids column E stays the consultant's.
* Two numeric questions are answered by one library entry with two different figures
  (GEN-03/GEN-04, MBR-03/MBR-04): the key does not care, the library gap list does.
* Fee schedule rows are fee components, not coverage tiers: an ASO fee schedule itemises
  services; premiums by tier belong to a rate exhibit (Harbor Point has one).

The build is deterministic: fixed content, fixed document timestamps and zip dates (the
helpers of ``build_samples.py``), so a rebuild is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from build_samples import save_deterministic, set_properties, summarize
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sample_content import VALIDATION_MESSAGES, VALIDATIONS, list_options
from sample_sheets import (  # run as a script from samples/
    ANSWER_FILL,
    BOLD,
    BORDER,
    CENTER_TOP,
    FONT_NAME,
    HEADER_FILL,
    HEADER_FONT,
    MONEY,
    NORMAL,
    NOTE_FONT,
    SECTION_FILL,
    SUBTITLE_FONT,
    TITLE_FONT,
    TOTAL_FILL,
    WRAP_TOP,
    InstructionsPage,
    build_instructions,
    row_height,
    setup_page,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "samples"
EXPECTED_JSON = REPO_ROOT / "tests" / "data" / "consultant_sample_expected.json"
CONTENT_FILE = SAMPLES_DIR / "consultant_questions.yaml"

FILE_NAME = "ashgrove_health_medical_rfp.xlsx"
EMPLOYER = "Ashgrove Health System"
CONSULTANT = "Calder Whitney Consulting"
#: The RFP's release date: document properties and zip entries carry it.
FIXED_TIMESTAMP = dt.datetime(2027, 1, 8, 9, 0, 0)

SHEET = "Medical Questionnaire"
COLUMN_WIDTHS = {"A": 9, "B": 60, "C": 12, "D": 60, "E": 30}
HEADER = ["Ref", "Question", "Yes/No", "Vendor Response (max 1,000 characters)", "Consultant Comments"]
HEADER_ROW = 11
HEADER_LIMIT = {"unit": "chars", "value": 1000}
REF_COL, QUESTION_COL, YES_NO_COL, RESPONSE_COL, COMMENTS_COL = "A", "B", "C", "D", "E"
LAST_COL = 5
#: Sections from this one on carry one Yes/No validation per row (pasted template rows).
FIRST_PER_ROW_SECTION = 7
YES_NO_NAME = "YesNo"
DATE_FORMAT = "mm/dd/yyyy"
CELL_FORMATS = {"text": "General", "date": DATE_FORMAT, "money": MONEY}

GRID_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GRID_HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True, color="1F3864")
RIGHT_MIDDLE = Alignment(horizontal="right", vertical="center", wrap_text=True)


# ---------------------------------------------------------------------------
# Source data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A table the answer fills cell by cell, laid out below its question."""

    row_header: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One question as authored; ``cell_text`` is what the Question cell shows."""

    text: str
    kind: str
    yes_no: str | None = None
    limit: tuple[str, int] | None = None
    outline: str | None = None
    comment: str | None = None
    grid: Grid | None = None

    def __post_init__(self) -> None:
        assert self.kind in {"yes_no", "narrative", "numeric", "date", "attachment"}, self.kind
        # Only yes/no rows carry a Yes/No validation, and every one of them does.
        assert (self.kind == "yes_no") == (self.yes_no is not None), self.text
        assert self.yes_no in (None, "yes_no", "yes_no_na"), self.yes_no
        if self.limit is not None:
            unit, value = self.limit
            assert f"{value} {'characters' if unit == 'chars' else 'words'}" in self.text, self.text

    @property
    def cell_text(self) -> str:
        return f"{self.outline} {self.text}" if self.outline else self.text


@dataclass(frozen=True)
class Note:
    """An unnumbered instruction row inside a section (not a question)."""

    text: str


@dataclass(frozen=True)
class Section:
    title: str
    code: str
    items: tuple[Item | Note, ...]


def _item(raw: dict) -> Item | Note:
    if "note" in raw:
        return Note(raw["note"])
    grid = raw.get("grid")
    limit = raw.get("limit")
    return Item(
        text=raw["text"],
        kind=raw["kind"],
        yes_no=raw.get("yes_no"),
        limit=(limit["unit"], limit["value"]) if limit else None,
        outline=raw.get("outline"),
        comment=raw.get("comment"),
        grid=Grid(
            grid["row_header"],
            tuple(grid["columns"]),
            tuple(grid["rows"]),
            tuple(grid.get("formats", ["text"] * len(grid["columns"]))),
        )
        if grid
        else None,
    )


def load_sections(path: Path = CONTENT_FILE) -> list[Section]:
    """The questionnaire's sections, in order, from consultant_questions.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Section(s["section"], s["code"], tuple(_item(raw) for raw in s["items"])) for s in data["sections"]
    ]


# ---------------------------------------------------------------------------
# Styling helpers
# ---------------------------------------------------------------------------


def style(ws: Worksheet, ref: str, *, font: Font = NORMAL, fill: PatternFill | None = None,
          align: Alignment = WRAP_TOP, fmt: str | None = None) -> None:
    """Border, font, alignment and optional fill / number format for one cell."""
    cell = ws[ref]
    cell.font = font
    cell.border = BORDER
    cell.alignment = align
    if fill is not None:
        cell.fill = fill
    if fmt is not None:
        cell.number_format = fmt


def merged_row(ws: Worksheet, row: int, text: str, *, font: Font, fill: PatternFill | None = None,
               first_col: int = 1, height: float | None = None, boxed: bool = True) -> None:
    """A text row merged across the sheet from ``first_col`` to column E (boxed: with borders)."""
    ws.cell(row, first_col, text)
    for col in range(first_col, LAST_COL + 1):
        align = Alignment(wrap_text=True, vertical="center" if fill else "top")
        if boxed:
            style(ws, ws.cell(row, col).coordinate, font=font, fill=fill, align=align)
        else:
            ws.cell(row, col).font, ws.cell(row, col).alignment = font, align
    ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=LAST_COL)
    if height is not None:
        ws.row_dimensions[row].height = height


def runs(rows: list[int]) -> list[str]:
    """Consecutive rows of the Yes/No column as ranges: [12, 13, 15] -> ['C12:C13', 'C15']."""
    out: list[str] = []
    start = prev = None
    for row in sorted(rows) + [None]:
        if start is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            out.append(f"{YES_NO_COL}{start}" + (f":{YES_NO_COL}{prev}" if prev != start else ""))
        start = prev = row
    return out


def yes_no_validation(key: str, formula: str | None = None) -> DataValidation:
    """A Yes/No list validation with the consultant's prompt and error messages."""
    title, message = VALIDATION_MESSAGES[key]
    spec = dict(VALIDATIONS[key])
    if formula is not None:
        spec["formula1"] = formula
    return DataValidation(allow_blank=True, showErrorMessage=True, errorTitle=title, error=message,
                          showInputMessage=True, promptTitle=title, prompt=message, **spec)


# ---------------------------------------------------------------------------
# The questionnaire sheet
# ---------------------------------------------------------------------------

FIELDS = [
    "Respondent (legal name of bidding entity):",
    "Primary contact (name and title):",
    "Contact email and telephone:",
    "Date submitted:",
]
FIRST_FIELD_ROW = 5


def build_header_block(ws: Worksheet) -> list[dict]:
    """Title, respondent-information fields and the column header; returns the fields."""
    merged_row(ws, 1, f"{EMPLOYER} | Medical Plan Administration RFP | Plan Year Beginning January 1, 2028",
               font=TITLE_FONT, height=22, boxed=False)
    merged_row(ws, 2, f"Attachment C - Vendor Questionnaire | Issued by {CONSULTANT} on behalf of {EMPLOYER}",
               font=SUBTITLE_FONT, boxed=False)
    merged_row(ws, 4, "Respondent Information", font=BOLD, fill=SECTION_FILL, height=18)
    fields = []
    for row, label in enumerate(FIELDS, start=FIRST_FIELD_ROW):
        ws.cell(row, 2, label)
        style(ws, f"B{row}", font=BOLD, align=RIGHT_MIDDLE)
        for col in ("C", "D"):
            style(ws, f"{col}{row}", fill=ANSWER_FILL, align=Alignment(vertical="center"),
                  fmt=DATE_FORMAT if label.startswith("Date") else None)
        ws.merge_cells(f"C{row}:D{row}")
        ws.row_dimensions[row].height = 18
        fields.append({"label": label, "cell": f"C{row}"})
    note = (
        "Select Yes or No from the drop-down in the Yes/No column where one is provided; a \"No\" or a "
        "qualified \"Yes\" must be explained in the Vendor Response column. Vendor responses are limited "
        "to 1,000 characters unless the question states a lower limit. The Consultant Comments column is "
        "reserved for Calder Whitney Consulting: do not enter, change or delete anything in it."
    )
    merged_row(ws, HEADER_ROW - 1, note, font=NOTE_FONT, height=row_height((note, 150)), boxed=False)
    for idx, label in enumerate(HEADER, start=1):
        ws.cell(HEADER_ROW, idx, label)
        style(ws, ws.cell(HEADER_ROW, idx).coordinate, font=HEADER_FONT, fill=HEADER_FILL,
              align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[HEADER_ROW].height = 32
    return fields


def question_row(ws: Worksheet, row: int, ref: str, item: Item) -> None:
    """Write one question row: Ref, question text and the three answer-column cells."""
    ws.cell(row, 1, ref)
    ws.cell(row, 2, item.cell_text)
    style(ws, f"{REF_COL}{row}", align=CENTER_TOP)
    style(ws, f"{QUESTION_COL}{row}")
    if item.kind == "yes_no":
        style(ws, f"{YES_NO_COL}{row}", fill=ANSWER_FILL, align=CENTER_TOP)
    else:
        style(ws, f"{YES_NO_COL}{row}", fill=TOTAL_FILL, align=CENTER_TOP)
    style(ws, f"{RESPONSE_COL}{row}", fill=ANSWER_FILL, fmt=DATE_FORMAT if item.kind == "date" else None)
    style(ws, f"{COMMENTS_COL}{row}", font=NOTE_FONT)
    if item.comment:
        ws.cell(row, LAST_COL, item.comment)
    ws.row_dimensions[row].height = row_height(
        (item.cell_text, COLUMN_WIDTHS["B"]), (item.comment or "", COLUMN_WIDTHS["E"])
    )


def grid_rows(ws: Worksheet, row: int, grid: Grid) -> tuple[int, dict]:
    """Lay out a grid below its question from ``row`` on; return its last row and key."""
    header_row = row
    ws.cell(row, 2, grid.row_header)
    style(ws, f"A{row}", fill=GRID_HEADER_FILL)
    style(ws, f"B{row}", font=GRID_HEADER_FONT, fill=GRID_HEADER_FILL, align=Alignment(vertical="center"))
    letters = [chr(ord("C") + j) for j in range(len(grid.columns))]
    for letter, label in zip(letters, grid.columns, strict=True):
        ws[f"{letter}{row}"] = label
        style(ws, f"{letter}{row}", font=GRID_HEADER_FONT, fill=GRID_HEADER_FILL,
              align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    for col in range(3 + len(grid.columns), LAST_COL + 1):
        style(ws, ws.cell(row, col).coordinate, font=NOTE_FONT)
    ws.row_dimensions[row].height = row_height(*((c, 12) for c in grid.columns), (grid.row_header, 60))
    cells = []
    for label in grid.rows:
        row += 1
        ws.cell(row, 2, label)
        style(ws, f"A{row}")
        style(ws, f"B{row}", align=Alignment(wrap_text=True, vertical="top", indent=1))
        for letter, fmt in zip(letters, grid.formats, strict=True):
            style(ws, f"{letter}{row}", fill=ANSWER_FILL, align=CENTER_TOP, fmt=CELL_FORMATS[fmt])
        for col in range(3 + len(grid.columns), LAST_COL + 1):
            style(ws, ws.cell(row, col).coordinate, font=NOTE_FONT)
        ws.row_dimensions[row].height = row_height((label, COLUMN_WIDTHS["B"]))
        cells.append([f"{letter}{row}" for letter in letters])
    key = {
        "header_row": header_row,
        "row_header": grid.row_header,
        "columns": list(grid.columns),
        "column_cells": [f"{letter}{header_row}" for letter in letters],
        "rows": list(grid.rows),
        "row_cells": [f"B{header_row + 1 + i}" for i in range(len(grid.rows))],
        "cells": cells,
        "cell_formats": list(grid.formats),
    }
    return row, key


def location(kind: str, row: int) -> tuple[str | None, str | None]:
    """(answer_cell, explanation_cell) of a row in this layout (see the module docstring)."""
    if kind == "yes_no":
        return f"{YES_NO_COL}{row}", f"{RESPONSE_COL}{row}"
    if kind in ("numeric", "date"):
        return f"{RESPONSE_COL}{row}", None
    return None, f"{RESPONSE_COL}{row}"


def build_questionnaire(wb: Workbook, sections: list[Section]) -> tuple[list[dict], list[dict], list[dict]]:
    """Write the Medical Questionnaire sheet; return (questions, fields, issuer_prefilled)."""
    ws = wb.create_sheet(SHEET)
    ws.sheet_properties.tabColor = "1F3864"
    for col, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[col].width = width
    fields = build_header_block(ws)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"

    shared = yes_no_validation("yes_no")
    shared_rows: list[int] = []
    per_row: list[DataValidation] = []
    questions: list[dict] = []
    prefilled: list[dict] = []
    row = HEADER_ROW
    for s_idx, section in enumerate(sections, start=1):
        row += 1
        merged_row(ws, row, section.title, font=BOLD, fill=SECTION_FILL, height=18)
        number = 0
        for item in section.items:
            row += 1
            if isinstance(item, Note):
                ws.cell(row, 1)
                style(ws, f"A{row}")
                merged_row(ws, row, item.text, font=NOTE_FONT, first_col=2,
                           height=row_height((item.text, sum(COLUMN_WIDTHS.values()) - 9)))
                continue
            number += 1
            ref = f"{section.code}-{number:02d}"
            question_row(ws, row, ref, item)
            if item.yes_no == "yes_no_na":
                per_row.append(yes_no_validation("yes_no_na"))
                per_row[-1].add(f"{YES_NO_COL}{row}")
            elif item.yes_no and s_idx >= FIRST_PER_ROW_SECTION:
                per_row.append(yes_no_validation("yes_no", formula=f"={YES_NO_NAME}"))
                per_row[-1].add(f"{YES_NO_COL}{row}")
            elif item.yes_no:
                shared_rows.append(row)
            if item.comment:
                prefilled.append({"cell": f"{COMMENTS_COL}{row}", "text": item.comment})
            answer_cell, explanation_cell = location(item.kind, row)
            record = {
                "sheet": SHEET,
                "number": ref,
                "section": section.title,
                "text": item.cell_text,
                "kind": item.kind,
                "options": list_options(item.yes_no),
                "limit": {"unit": item.limit[0], "value": item.limit[1]} if item.limit else HEADER_LIMIT,
                "limit_source": "question" if item.limit else "header",
                "question_cell": f"{QUESTION_COL}{row}",
                "answer_cell": answer_cell,
                "explanation_cell": explanation_cell,
                "yes_no_cell": f"{YES_NO_COL}{row}" if item.kind == "yes_no" else None,
                "response_cell": f"{RESPONSE_COL}{row}",
                "comments_cell": f"{COMMENTS_COL}{row}",
                "stray_outline_number": item.outline,
                "grid": None,
            }
            if item.grid is not None:
                row, record["grid"] = grid_rows(ws, row + 1, item.grid)
            questions.append(record)

    for ref in runs(shared_rows):
        shared.add(ref)
    for dv in [shared, *per_row]:
        ws.add_data_validation(dv)
    setup_page(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", employer=EMPLOYER, consultant=CONSULTANT)
    ws.print_area = f"A1:E{row}"
    return questions, fields, prefilled


# ---------------------------------------------------------------------------
# Instructions (laid out by sample_sheets.build_instructions) and lists
# ---------------------------------------------------------------------------

def load_instructions(path: Path = CONTENT_FILE) -> InstructionsPage:
    """The Instructions sheet's content, from consultant_questions.yaml."""
    page = yaml.safe_load(path.read_text(encoding="utf-8"))["instructions"]
    return InstructionsPage(
        title=EMPLOYER,
        subtitle=page["subtitle"],
        prepared=f"Prepared by {CONSULTANT} | {page['prepared']}",
        timeline=tuple((label, value) for label, value in page["timeline"]),
        instructions=tuple(page["instructions"]),
        contacts=tuple((label, value) for label, value in page["contacts"]),
        instructions_heading=page["instructions_heading"],
        contact_heading=page["contact_heading"],
        employer=EMPLOYER,
        consultant=CONSULTANT,
    )


def build_lists(wb: Workbook) -> None:
    """The hidden list sheet the per-row Yes/No validations refer to by name."""
    ws = wb.create_sheet("Lists")
    ws.sheet_state = "hidden"
    ws["A1"] = "Yes/No"
    ws["A1"].font = BOLD
    ws["A2"], ws["A3"] = "Yes", "No"
    wb.defined_names[YES_NO_NAME] = DefinedName(YES_NO_NAME, attr_text="Lists!$A$2:$A$3")


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def build(samples_dir: Path = SAMPLES_DIR, expected_json: Path = EXPECTED_JSON) -> dict:
    """Write the workbook into ``samples_dir`` and the answer key to ``expected_json``; return the key."""
    wb = Workbook()
    build_instructions(wb, load_instructions())
    questions, fields, prefilled = build_questionnaire(wb, load_sections())
    build_lists(wb)
    wb.active = 1
    wb["Instructions"].sheet_view.tabSelected = False
    wb[SHEET].sheet_view.tabSelected = True
    wb.defined_names["Respondent_Name"] = DefinedName(
        "Respondent_Name", attr_text=f"'{SHEET}'!$C${FIRST_FIELD_ROW}"
    )
    set_properties(wb, f"{EMPLOYER} - Medical Plan Administration RFP", creator=CONSULTANT,
                   timestamp=FIXED_TIMESTAMP)
    save_deterministic(wb, samples_dir / FILE_NAME, timestamp=FIXED_TIMESTAMP)
    key = {
        FILE_NAME: {
            "file": FILE_NAME,
            "sheet": SHEET,
            "layout": {
                "header_row": HEADER_ROW,
                "columns": dict(zip((REF_COL, QUESTION_COL, YES_NO_COL, RESPONSE_COL, COMMENTS_COL),
                                    HEADER, strict=True)),
                "header_limit": HEADER_LIMIT,
                "issuer_column": COMMENTS_COL,
            },
            "questions": questions,
            "fields": fields,
            "issuer_prefilled": prefilled,
        }
    }
    expected_json.parent.mkdir(parents=True, exist_ok=True)
    expected_json.write_text(json.dumps(key, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return key


def main() -> None:
    key = build()
    print(summarize(key))
    grids = [q["number"] for q in key[FILE_NAME]["questions"] if q["grid"]]
    print("  grid questions:", ", ".join(grids))
    print(f"wrote {SAMPLES_DIR / FILE_NAME}\nwrote {EXPECTED_JSON}")


if __name__ == "__main__":
    main()
