"""Build the sample RFP questionnaire workbooks and their normative answer key.

Run with the project virtualenv::

    /work/main/.venv/bin/python samples/build_samples.py

Outputs (paths relative to the repository root):

* ``samples/harbor_point_medical_rfp.xlsx`` -- a realistic benefits-consultant
  medical RFP (Lakeshore Benefits Consulting for Harbor Point Manufacturing):
  Instructions, Questionnaire, Census Summary, Rate Exhibit and a hidden Notes
  sheet.
* ``samples/small_rfp_no_header.xlsx`` -- a small one-sheet questionnaire with
  no header row; the question number is a prefix of the question text and the
  answer goes in the next column.
* ``tests/data/sample_rfp_expected.json`` -- the answer key, generated from the
  source data in this script (never from a parser).  Top-level keys are the
  workbook file names; each value has ``file``, ``questions`` and ``fields``.

Answer-key conventions
----------------------
``kind`` is one of ``yes_no``, ``narrative``, ``numeric``, ``date``,
``choice``, ``attachment`` and follows these rules, in order:

1. a list validation of exactly Yes/No (optionally plus N/A) -> ``yes_no``,
   ``options`` = that list;
2. any other list validation -> ``choice``, ``options`` = that list;
3. a decimal/whole validation, or a question plainly asking for a number,
   percentage or count -> ``numeric``;
4. a date validation, or a question plainly asking for a date -> ``date``;
5. "attach" / "provide a copy" / "submit a sample" -> ``attachment``;
6. anything else -> ``narrative``.

``options`` is ``[]`` unless the answer cell has a list validation.  ``limit``
is ``{"unit": "chars"|"words", "value": n}`` when the question text states a
limit such as "(max 400 characters)" or "(limit 150 words)", else ``null``.
``text`` is the exact cell text (line breaks included; for the small workbook
it includes the "1. " number prefix, while ``number`` is just "1").

The build is deterministic: workbook content is fixed, document properties use
a fixed timestamp and the zip entries are rewritten with a fixed date, so
repeated runs produce byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from sample_content import (  # noqa: E402 - run as a script from samples/
    SECTIONS,
    SMALL_SECTIONS,
    VALIDATION_MESSAGES,
    VALIDATIONS,
    Note,
    Question,
)
from sample_sheets import (  # noqa: E402 - run as a script from samples/
    ANSWER_FILL,
    BOLD,
    BORDER,
    CENTER_TOP,
    CONSULTANT,
    HEADER_FILL,
    HEADER_FONT,
    NORMAL,
    NOTE_FONT,
    SECTION_FILL,
    SUBTITLE_FONT,
    TITLE_FONT,
    WRAP_TOP,
    build_census,
    build_instructions,
    build_notes,
    build_rate_exhibit,
    row_height,
    setup_page,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "samples"
EXPECTED_JSON = REPO_ROOT / "tests" / "data" / "sample_rfp_expected.json"

MAIN_FILE = "harbor_point_medical_rfp.xlsx"
SMALL_FILE = "small_rfp_no_header.xlsx"

#: Fixed timestamp used for document properties and zip entries.
FIXED_TIMESTAMP = dt.datetime(2027, 1, 15, 9, 0, 0)


# ---------------------------------------------------------------------------
# Sheet builders (main workbook)
# ---------------------------------------------------------------------------

Q_COLS = {"A": 8, "B": 70, "C": 14, "D": 50}
Q_HEADER = ["No.", "Question", "Response", "Explanation / Comments"]
Q_HEADER_ROW = 6


def build_questionnaire(wb: Workbook) -> tuple[list[dict], list[dict]]:
    """Write the Questionnaire sheet; return (questions, fields) for the key."""
    ws = wb.create_sheet("Questionnaire")
    for col, width in Q_COLS.items():
        ws.column_dimensions[col].width = width

    # Title block
    ws["A1"] = "Harbor Point Manufacturing - Group Medical Plan RFP (Effective July 1, 2027)"
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 22
    ws["A2"] = f"Section B: Medical Carrier Questionnaire | Issued by {CONSULTANT}"
    ws["A2"].font = SUBTITLE_FONT
    ws.merge_cells("A2:D2")
    ws["B3"] = "Bidder:"
    ws["B3"].font = BOLD
    ws["B3"].alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells("C3:D3")
    for col in ("C", "D"):
        ws[f"{col}3"].fill = ANSWER_FILL
        ws[f"{col}3"].border = BORDER
    ws.row_dimensions[3].height = 18
    ws["A4"] = (
        "Complete all shaded cells. Select Yes/No from the drop-down where provided and explain any "
        "qualified response in the Explanation / Comments column. See the Instructions tab."
    )
    ws["A4"].font = NOTE_FONT
    ws["A4"].alignment = WRAP_TOP
    ws.merge_cells("A4:D4")
    ws.row_dimensions[4].height = 30
    fields = [{"label": "Bidder:", "cell": "C3"}]

    # Header row
    for idx, label in enumerate(Q_HEADER, start=1):
        cell = ws.cell(Q_HEADER_ROW, idx, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[Q_HEADER_ROW].height = 20
    ws.freeze_panes = f"A{Q_HEADER_ROW + 1}"

    validations: dict[str, DataValidation] = {}

    def validate(key: str, coord: str) -> None:
        if key not in validations:
            title, message = VALIDATION_MESSAGES[key]
            dv = DataValidation(
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=title,
                error=message,
                showInputMessage=True,
                promptTitle=title,
                prompt=message,
                **VALIDATIONS[key],
            )
            validations[key] = dv
            ws.add_data_validation(dv)
        validations[key].add(coord)

    questions: list[dict] = []
    row = Q_HEADER_ROW
    for section_title, items in SECTIONS:
        row += 1
        ws.cell(row, 1, section_title).font = BOLD
        for col in range(1, 5):
            ws.cell(row, col).fill = SECTION_FILL
            ws.cell(row, col).border = BORDER
        ws.cell(row, 1).alignment = Alignment(vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 18

        number = 0
        for item in items:
            row += 1
            if isinstance(item, Note):
                ws.cell(row, 2, item.text).font = NOTE_FONT
                ws.cell(row, 2).alignment = WRAP_TOP
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                ws.row_dimensions[row].height = row_height(
                    (item.text, Q_COLS["B"] + Q_COLS["C"] + Q_COLS["D"])
                )
                continue
            number += 1
            qnum = f"{section_title.split('.')[0]}.{number}"
            ws.cell(row, 1, qnum).alignment = CENTER_TOP
            ws.cell(row, 2, item.text).alignment = WRAP_TOP
            answer = ws.cell(row, 3)
            answer.alignment = CENTER_TOP if item.validation else WRAP_TOP
            ws.cell(row, 4).alignment = WRAP_TOP
            for col in range(1, 5):
                ws.cell(row, col).font = NORMAL
                ws.cell(row, col).border = BORDER
            for col in (3, 4):
                ws.cell(row, col).fill = ANSWER_FILL
            if item.validation:
                validate(item.validation, answer.coordinate)
            if item.kind == "date":
                answer.number_format = "mm/dd/yyyy"
            elif item.validation == "amount":
                answer.number_format = '"$"#,##0'
            ws.row_dimensions[row].height = row_height((item.text, Q_COLS["B"]))
            questions.append(
                {
                    "sheet": "Questionnaire",
                    "number": qnum,
                    "section": section_title,
                    "text": item.text,
                    "kind": item.kind,
                    "options": item.options,
                    "limit": item.limit_json,
                    "question_cell": f"B{row}",
                    "answer_cell": f"C{row}",
                    "explanation_cell": f"D{row}",
                }
            )
            if qnum == "3.4":
                ws.cell(row, 2).comment = Comment(
                    "Added at client request (Southcoast Health utilization). - DW", "Dana Whitfield"
                )

    # Certification block (fields, not questions)
    row += 2
    cert = (
        "Certification: By submitting this response, the bidder certifies that the information "
        "provided is complete and accurate and that the quoted rates and fees are valid for 120 days."
    )
    ws.cell(row, 1, cert).font = NOTE_FONT
    ws.cell(row, 1).alignment = WRAP_TOP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 33
    for label in ("Completed by (name and title):", "Date:"):
        row += 1
        ws.cell(row, 2, label).font = BOLD
        ws.cell(row, 2).alignment = Alignment(horizontal="right", vertical="center")
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
        for col in (3, 4):
            ws.cell(row, col).fill = ANSWER_FILL
            ws.cell(row, col).border = BORDER
        ws.row_dimensions[row].height = 18
        fields.append({"label": label, "cell": f"C{row}"})

    setup_page(ws, title_rows=f"{Q_HEADER_ROW}:{Q_HEADER_ROW}")
    ws.print_area = f"A1:D{row}"
    return questions, fields


#: Enrolled employees by plan and tier (current, as of February 1, 2027).
def build_main_workbook() -> dict:
    wb = Workbook()
    build_instructions(wb)
    questions, fields = build_questionnaire(wb)
    build_census(wb)
    build_rate_exhibit(wb)
    build_notes(wb)
    wb.active = 1  # open on the Questionnaire
    wb["Instructions"].sheet_view.tabSelected = False
    wb["Questionnaire"].sheet_view.tabSelected = True
    wb.defined_names["Bidder_Name"] = DefinedName("Bidder_Name", attr_text="Questionnaire!$C$3")
    wb.defined_names["Census_Total"] = DefinedName("Census_Total", attr_text="'Census Summary'!$F$7")
    set_properties(wb, "Harbor Point Manufacturing - Medical Plan RFP")
    save_deterministic(wb, SAMPLES_DIR / MAIN_FILE)
    return {"file": MAIN_FILE, "questions": questions, "fields": fields}


# ---------------------------------------------------------------------------
# Small workbook: no header row, number prefix in the question text
# ---------------------------------------------------------------------------


def build_small_workbook() -> dict:
    wb = Workbook()
    ws = wb.active
    ws.title = "RFP Questions"
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 40
    yn_dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    yna_dv = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    ws.add_data_validation(yn_dv)
    ws.add_data_validation(yna_dv)

    questions: list[dict] = []
    row = 0
    number = 0
    for s_idx, (section, items) in enumerate(SMALL_SECTIONS):
        if s_idx:
            row += 1  # blank spacer row between sections
        row += 1
        ws.cell(row, 1, section).font = BOLD
        for item in items:
            number += 1
            row += 1
            text = f"{number}. {item.text}"
            # Every Yes/No question carries a list validation (otherwise, by
            # the kind rules, it would count as narrative).
            validation = item.validation
            ws.cell(row, 1, text).alignment = WRAP_TOP
            ws.cell(row, 2).alignment = WRAP_TOP
            ws.cell(row, 2).border = BORDER
            if validation == "yes_no":
                yn_dv.add(f"B{row}")
            elif validation == "yes_no_na":
                yna_dv.add(f"B{row}")
            ws.row_dimensions[row].height = row_height((text, 80))
            questions.append(
                {
                    "sheet": "RFP Questions",
                    "number": str(number),
                    "section": section,
                    "text": text,
                    "kind": item.kind,
                    "options": item.options,
                    "limit": item.limit_json,
                    "question_cell": f"A{row}",
                    "answer_cell": f"B{row}",
                    "explanation_cell": None,
                }
            )
    setup_page(ws)
    ws.oddHeader.left.text = "Small Group Medical Questionnaire"
    ws.oddHeader.right.text = ""
    set_properties(wb, "Small group medical questionnaire")
    save_deterministic(wb, SAMPLES_DIR / SMALL_FILE)
    return {"file": SMALL_FILE, "questions": questions, "fields": []}


# ---------------------------------------------------------------------------
# Deterministic output
# ---------------------------------------------------------------------------


def set_properties(
    wb: Workbook, title: str, *, creator: str = CONSULTANT, timestamp: dt.datetime = FIXED_TIMESTAMP
) -> None:
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.title = title
    wb.properties.created = timestamp
    wb.properties.modified = timestamp


_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def save_deterministic(wb: Workbook, path: Path, timestamp: dt.datetime = FIXED_TIMESTAMP) -> None:
    """Save ``wb`` with fixed document timestamps and zip entry dates.

    ``Workbook.save`` stamps the current time into docProps/core.xml and the
    zip entries; both are normalised so the output is byte-for-byte stable.
    """
    buf = io.BytesIO()
    wb.save(buf)
    stamp = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            out = zipfile.ZipInfo(info.filename, date_time=timestamp.timetuple()[:6])
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = info.external_attr
            dst.writestr(out, data)


def summarize(key: dict) -> str:
    """Human-readable counts per section and kind (printed after a build)."""
    lines = []
    for name, entry in key.items():
        qs = entry["questions"]
        lines.append(f"{name}: {len(qs)} questions")
        by_section: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for q in qs:
            by_section[q["section"]] = by_section.get(q["section"], 0) + 1
            by_kind[q["kind"]] = by_kind.get(q["kind"], 0) + 1
        for section, n in by_section.items():
            lines.append(f"  {n:3d}  {section}")
        lines.append("  kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(by_kind.items())))
        limits = sum(1 for q in qs if q["limit"])
        lines.append(f"  with stated limit: {limits}")
    return "\n".join(lines)


def library_gap_numbers() -> list[str]:
    """Numbers of Harbor Point questions a plan answer library likely lacks."""
    out = []
    for title, items in SECTIONS:
        n = 0
        for item in items:
            if isinstance(item, Question):
                n += 1
                if item.library_gap:
                    out.append(f"{title.split('.')[0]}.{n}")
    return out


def main() -> None:
    key = {MAIN_FILE: build_main_workbook(), SMALL_FILE: build_small_workbook()}
    EXPECTED_JSON.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED_JSON.write_text(json.dumps(key, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summarize(key))
    print("  likely library gaps (main):", ", ".join(library_gap_numbers()))
    print(f"wrote {SAMPLES_DIR / MAIN_FILE}\nwrote {SAMPLES_DIR / SMALL_FILE}\nwrote {EXPECTED_JSON}")


if __name__ == "__main__":
    main()
