"""The Ashgrove sample questionnaire, its answer key and labels agree with each other.

These tests read the workbook with openpyxl, not with the project's parser: they check that
the key (tests/data/consultant_sample_expected.json) describes the workbook a reader sees, so
parser and renderer tests can rely on it.
"""

from __future__ import annotations

import importlib
import json

import openpyxl
import pytest
import yaml
from openpyxl.utils import range_boundaries

from conftest import DATA, LIBRARY, SAMPLES
from rfp_assistant import load_account
from rfp_assistant.library import AnswerLibrary

WORKBOOK = SAMPLES / "ashgrove_health_medical_rfp.xlsx"
KEY = json.loads((DATA / "consultant_sample_expected.json").read_text(encoding="utf-8"))[WORKBOOK.name]
QUESTIONS = KEY["questions"]


@pytest.fixture(scope="module")
def sheet():
    return openpyxl.load_workbook(WORKBOOK)[KEY["sheet"]]


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, ref = wb.defined_names[formula.lstrip("=")].attr_text.split("!")
    return [cell.value for (cell,) in wb[sheet_name][ref.replace("$", "")]]


def _validated_cells(ws) -> dict[str, list[str]]:
    cells: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        options = _list_values(ws.parent, dv.formula1)
        for cell_range in dv.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(cell_range.coord)
            for row in range(min_row, max_row + 1):
                for col in range(min_col, max_col + 1):
                    cells[ws.cell(row, col).coordinate] = options
    return cells


def test_consultant_sample_rebuilds_byte_identical(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    build = importlib.import_module("build_consultant_sample").build
    build(tmp_path, tmp_path / "key.json")
    assert (tmp_path / WORKBOOK.name).read_bytes() == WORKBOOK.read_bytes()
    assert (tmp_path / "key.json").read_text(encoding="utf-8") == (
        DATA / "consultant_sample_expected.json"
    ).read_text(encoding="utf-8")


def test_key_cells_hold_the_ref_and_exact_question_text(sheet):
    for q in QUESTIONS:
        row = sheet[q["question_cell"]].row
        assert sheet[q["question_cell"]].value == q["text"]
        assert sheet.cell(row, 1).value == q["number"]
    assert len(QUESTIONS) == 78
    assert len({q["section"] for q in QUESTIONS}) == 12


def test_only_yes_no_rows_carry_a_yes_no_dropdown(sheet):
    validated = _validated_cells(sheet)
    yes_no = {q["yes_no_cell"]: q["options"] for q in QUESTIONS if q["kind"] == "yes_no"}
    assert validated == yes_no
    assert {tuple(options) for options in yes_no.values()} == {("Yes", "No"), ("Yes", "No", "N/A")}
    assert all(q["yes_no_cell"] is None and q["options"] == [] for q in QUESTIONS if q["kind"] != "yes_no")


def test_narrative_rows_point_their_answer_at_the_response_column_not_the_yes_no_cell():
    for q in QUESTIONS:
        row = q["question_cell"][1:]
        assert q["response_cell"] == f"D{row}" and q["comments_cell"] == f"E{row}"
        if q["kind"] == "yes_no":
            assert (q["answer_cell"], q["explanation_cell"]) == (f"C{row}", f"D{row}")
        elif q["kind"] in ("numeric", "date"):
            assert (q["answer_cell"], q["explanation_cell"]) == (f"D{row}", None)
        else:
            assert (q["answer_cell"], q["explanation_cell"]) == (None, f"D{row}")


def test_header_limit_applies_to_every_row_unless_the_question_states_its_own(sheet):
    header = sheet.cell(KEY["layout"]["header_row"], 4).value
    assert header == "Vendor Response (max 1,000 characters)"
    stated = [q for q in QUESTIONS if q["limit_source"] == "question"]
    assert {q["number"] for q in stated} == {"GEN-08", "ACC-05", "CLM-06", "MBR-06", "CLN-05", "FIN-06", "CMP-07"}
    for q in QUESTIONS:
        if q["limit_source"] == "header":
            assert q["limit"] == {"unit": "chars", "value": 1000}
        else:
            unit = "characters" if q["limit"]["unit"] == "chars" else "words"
            assert f"{q['limit']['value']} {unit}" in q["text"]


def test_answer_and_comment_cells_are_empty_except_the_consultants_own_notes(sheet):
    prefilled = {p["cell"]: p["text"] for p in KEY["issuer_prefilled"]}
    assert len(prefilled) == 2
    for q in QUESTIONS:
        for ref in (q["yes_no_cell"], q["response_cell"]):
            assert ref is None or sheet[ref].value is None
        assert sheet[q["comments_cell"]].value == prefilled.get(q["comments_cell"])
    grid_headers = {ref for q in QUESTIONS if q["grid"] for ref in q["grid"]["column_cells"]}
    first = KEY["layout"]["header_row"] + 1
    comments = {f"E{r}": sheet[f"E{r}"].value for r in range(first, sheet.max_row + 1)}
    written = {ref: v for ref, v in comments.items() if v is not None and ref not in grid_headers}
    assert written == prefilled


def test_stray_outline_numbers_stay_in_the_text_while_ref_differs():
    strays = {q["number"]: q["stray_outline_number"] for q in QUESTIONS if q["stray_outline_number"]}
    assert strays == {"ACC-07": "2.7", "NET-08": "3.4"}
    for q in QUESTIONS:
        if q["stray_outline_number"]:
            assert q["text"].startswith(q["stray_outline_number"] + " Please identify")


def test_grids_sit_directly_below_their_question_with_labels_and_empty_cells(sheet):
    grids = {q["number"]: q for q in QUESTIONS if q["grid"]}
    assert set(grids) == {"ACC-04", "PG-02", "FIN-02"}
    for q in grids.values():
        grid = q["grid"]
        assert grid["header_row"] == sheet[q["question_cell"]].row + 1
        assert sheet.cell(grid["header_row"], 2).value == grid["row_header"]
        assert [sheet[ref].value for ref in grid["column_cells"]] == grid["columns"]
        assert [sheet[ref].value for ref in grid["row_cells"]] == grid["rows"]
        assert [len(row) for row in grid["cells"]] == [len(grid["columns"])] * len(grid["rows"])
        assert all(sheet[ref].value is None for row in grid["cells"] for ref in row)
        assert q["kind"] == "narrative"
    # The guarantee table's third column overrides column E's meaning on its rows.
    assert grids["PG-02"]["grid"]["column_cells"][-1].startswith("E")


def test_fields_are_blank_value_cells_beside_their_labels(sheet):
    assert [f["label"] for f in KEY["fields"]][0].startswith("Respondent")
    for field in KEY["fields"]:
        row = sheet[field["cell"]].row
        assert sheet.cell(row, 2).value == field["label"]
        assert sheet[field["cell"]].value is None


def test_labels_name_one_approved_entry_or_null_for_every_question():
    labels = yaml.safe_load((DATA / "consultant_sample_labels.yaml").read_text(encoding="utf-8"))
    assert [item["number"] for item in labels] == [q["number"] for q in QUESTIONS]
    assert {item["file"] for item in labels} == {WORKBOOK.name}
    usable = {entry.id for entry in AnswerLibrary.load(LIBRARY).usable()}
    expected = [item["expected"] for item in labels]
    assert [e for e in expected if e is not None and e not in usable] == []
    assert sum(e is None for e in expected) == 3


def test_account_profile_is_the_self_funded_connecticut_employer():
    account = load_account(SAMPLES / "ashgrove_health_account.yaml")
    assert (account.name, account.state, account.funding) == ("Ashgrove Health System", "CT", "self-funded")
    assert account.products == ("HMO", "PPO") and not account.has_projection
