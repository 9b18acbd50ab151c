"""Several answer columns per row: a Yes/No column beside a response column, issuer-only
columns, header limits, grids under their question and stray outline numbers.

The Ashgrove sample (a consultant's ``Ref | Question | Yes/No | Vendor Response (max 1,000
characters) | Consultant Comments`` layout) is checked row by row against its answer key;
the other tests build the small workbook shape they check.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from conftest import DATA, SAMPLES
from rfp_assistant import parse
from rfp_assistant.match import question_text_for_matching
from rfp_assistant.ooxml.xlsx import cell_format
from rfp_assistant.text import strip_outline_number

ASHGROVE = SAMPLES / "ashgrove_health_medical_rfp.xlsx"
KEY = json.loads((DATA / "consultant_sample_expected.json").read_text(encoding="utf-8"))[ASHGROVE.name]


@pytest.fixture(scope="module")
def ashgrove():
    return parse(ASHGROVE)


def test_every_ashgrove_row_gets_the_kind_options_limit_and_cells_of_the_key(ashgrove):
    got = [
        (
            q.number,
            q.section,
            q.text,
            q.kind,
            list(q.options),
            q.limit.to_dict() if q.limit else None,
            q.location.question_cell,
            q.location.answer_cell,
            q.location.explanation_cell,
        )
        for q in ashgrove.questions
    ]
    want = [
        (
            e["number"],
            e["section"],
            e["text"],
            e["kind"],
            e["options"],
            e["limit"],
            e["question_cell"],
            e["answer_cell"],
            e["explanation_cell"],
        )
        for e in KEY["questions"]
    ]
    assert got == want
    assert [(f.label, f.location.answer_cell) for f in ashgrove.fields] == [
        (f["label"], f["cell"]) for f in KEY["fields"]
    ]


def test_a_yes_no_header_is_where_the_value_goes_not_what_every_row_asks(ashgrove):
    kinds = {q.kind for q in ashgrove.questions}
    assert kinds == {"yes_no", "narrative", "numeric", "date", "attachment"}
    for q in ashgrove.questions:
        if q.kind == "yes_no":
            assert q.location.answer_cell.startswith("C") and q.location.explanation_cell.startswith("D")
        else:
            assert not (q.location.answer_cell or "").startswith("C")


def test_the_consultants_comments_column_is_never_an_answer_spot(ashgrove):
    for q in ashgrove.questions:
        spots = [q.location.answer_cell, q.location.explanation_cell, q.location.attachment_cell]
        assert not any((s or "").startswith("E") for s in spots), q.number


def test_grids_are_found_with_the_issuers_labels_cells_and_formats(ashgrove):
    expected = {q["number"]: q["grid"] for q in KEY["questions"] if q["grid"]}
    found = {q.number: q.grid for q in ashgrove.questions if q.grid}
    assert set(found) == set(expected) == {"ACC-04", "PG-02", "FIN-02"}
    for number, grid in found.items():
        key = expected[number]
        assert grid.row_header == key["row_header"]
        assert list(grid.columns) == key["columns"]
        assert list(grid.rows) == key["rows"]
        assert [list(r) for r in grid.cells] == key["cells"]
        assert list(grid.formats) == key["cell_formats"]


def test_grid_rows_are_neither_sections_nor_questions(ashgrove):
    labels = {label for q in KEY["questions"] if q["grid"] for label in q["grid"]["rows"]}
    assert not labels & {q.section for q in ashgrove.questions}
    assert not labels & {q.text for q in ashgrove.questions}
    after_grid = next(q for q in ashgrove.questions if q.number == "ACC-05")
    assert after_grid.section == "2. Accreditation & Quality"


def test_a_stray_outline_number_stays_in_the_text_but_not_in_the_matched_words(ashgrove):
    stray = next(q for q in ashgrove.questions if q.number == "ACC-07")
    assert stray.text.startswith("2.7 Please identify how hospital safety")
    assert question_text_for_matching(stray).startswith("Please identify how hospital safety")
    assert strip_outline_number("3.4 Please identify any contracts") == "Please identify any contracts"
    assert strip_outline_number("10 employees work here") == "10 employees work here"
    assert strip_outline_number("2024 results are attached") == "2024 results are attached"


def _consultant_book(path, rows, header, *, validations=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Questions"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for formula, ref in validations:
        dv = DataValidation(type="list", formula1=formula)
        dv.add(ref)
        ws.add_data_validation(dv)
    wb.save(path)
    return path


def test_a_closed_question_or_please_confirm_beside_a_yes_no_column_is_yes_no_without_a_dropdown(tmp_path):
    path = _consultant_book(
        tmp_path / "q.xlsx",
        [
            ["A-1", "Will you provide a dedicated service team?", None, None],
            ["A-2", "Please confirm that quoted fees are net of commissions.", None, None],
            ["A-3", "Describe your service model.", None, None],
            ["A-4", "Does the plan cover telehealth visits? If yes, describe the copay.", None, None],
        ],
        ["Ref", "Question", "Y/N", "Response (250 words max)"],
    )
    q = parse(path).questions
    assert [(x.kind, x.options, x.location.answer_cell, x.location.explanation_cell) for x in q] == [
        ("yes_no", ("Yes", "No"), "C2", "D2"),
        ("yes_no", ("Yes", "No"), "C3", "D3"),
        ("narrative", (), None, "D4"),
        ("yes_no", ("Yes", "No"), "C5", "D5"),
    ]
    assert [x.limit.to_dict() for x in q] == [{"unit": "words", "value": 250}] * 4


def test_a_dropdown_other_than_yes_no_on_the_row_gives_a_choice_with_its_options(tmp_path):
    path = _consultant_book(
        tmp_path / "q.xlsx",
        [
            ["B-1", "Which NCQA status does the HMO hold?", None, None],
            ["B-2", "Describe the status.", None, None],
        ],
        ["Ref", "Question", "Yes/No", "Vendor Response"],
        validations=[('"Excellent,Commendable,Accredited"', "C2")],
    )
    first, second = parse(path).questions
    assert (first.kind, first.options, first.location.answer_cell) == (
        "choice",
        ("Excellent", "Commendable", "Accredited"),
        "C2",
    )
    assert (second.kind, second.location.answer_cell, second.location.explanation_cell) == (
        "narrative",
        None,
        "D3",
    )


def test_issuer_columns_are_never_answer_spots_and_an_attachment_column_is_recognised(tmp_path):
    path = _consultant_book(
        tmp_path / "q.xlsx",
        [
            ["1", "Describe your disruption analysis.", None, None, None, None],
            ["2", "Attach a sample implementation plan.", None, None, None, None],
        ],
        ["No.", "Question", "Response", "Attachment Name", "Score", "For office use only"],
    )
    for question in parse(path).questions:
        location = question.location
        assert location.answer_cell.startswith("C") and location.explanation_cell is None
        assert location.attachment_cell.startswith("D")
        assert location.to_dict()["attachment_cell"] == location.attachment_cell


def test_a_header_limit_applies_to_every_row_and_the_question_text_overrides_it(tmp_path):
    path = _consultant_book(
        tmp_path / "q.xlsx",
        [
            ["1", "Describe your appeals process.", None],
            ["2", "Describe your grievance process (limit 50 words).", None],
        ],
        ["No.", "Question", "Response (max 1,000 characters)"],
    )
    limits = [q.limit.to_dict() for q in parse(path).questions]
    assert limits == [{"unit": "chars", "value": 1000}, {"unit": "words", "value": 50}]


def test_a_lone_yes_no_answer_column_still_takes_every_rows_value(tmp_path):
    path = _consultant_book(
        tmp_path / "q.xlsx",
        [["1", "The vendor supports single sign-on for all users.", None]],
        ["No.", "Requirement", "Yes/No"],
    )
    (question,) = parse(path).questions
    assert (question.kind, question.location.answer_cell) == ("yes_no", "C2")


@pytest.mark.parametrize(
    ("number_format", "kind"),
    [
        ("mm/dd/yyyy", "date"),
        ('"$"#,##0.00', "money"),
        ("0.0%", "percent"),
        ("#,##0", "number"),
        ("General", "text"),
        ("@", "text"),
        ('0 "days"', "number"),
    ],
)
def test_grid_cell_formats_are_read_from_the_issuers_number_format(number_format, kind):
    assert cell_format(number_format) == kind


def test_layouts_without_tables_under_questions_get_no_grids():
    for name in ("harbor_point_medical_rfp.xlsx", "small_rfp_no_header.xlsx"):
        assert not any(q.grid for q in parse(SAMPLES / name).questions)
