"""The Excel parser against real questionnaires and their golden question lists.

The golden lists were written by reading the documents (see tests/golden/NOTES.md), the
CAIQ list ships with the real files as the normative one. Real files are read from
../shared/real-rfps and the tests skip when that folder is absent.
"""

from __future__ import annotations

import json

import pytest

from conftest import GOLDEN, REAL_RFPS, real_rfp
from rfp_assistant import parse
from rfp_assistant.parse.text import one_line, split_number

GOLDEN_FILES = [
    "hecvat_lite_v211",
    "hecvat_full_v306",
    "hecvat_v414",
    "lbbd_cloud_security_principles_checklist",
    "gcloud15_question_export",
]


def _golden_text(entry: dict) -> str:
    text = entry["text"].strip()
    number, rest = split_number(text)
    return one_line(rest if number and number == entry.get("number") else text)


def _by_cell(questionnaire):
    return {(q.location.sheet, q.location.question_cell): q for q in questionnaire.questions}


@pytest.mark.realfiles
@pytest.mark.parametrize("stem", GOLDEN_FILES)
def test_parse_finds_every_golden_question_with_number_text_kind_and_cells(stem):
    golden = json.loads((GOLDEN / f"{stem}.questions.json").read_text(encoding="utf-8"))
    questionnaire = parse(real_rfp(golden["file"]))
    got = _by_cell(questionnaire)
    want = {(e["sheet"], e["question_cell"]): e for e in golden["questions"]}

    assert sorted(want.keys() - got.keys()) == [], "questions missed"
    assert sorted(got.keys() - want.keys()) == [], "non-questions taken for questions"
    for key, entry in want.items():
        question = got[key]
        assert question.number == entry["number"], key
        assert one_line(question.text) == _golden_text(entry), key
        assert question.kind == entry["kind"], key
        assert list(question.options) == entry.get("options", []), key
        assert question.location.answer_cell == entry["answer_cell"], key
        assert question.location.explanation_cell == entry.get("explanation_cell"), key
        assert question.section == entry.get("section"), key


@pytest.mark.realfiles
@pytest.mark.parametrize("stem", GOLDEN_FILES)
def test_parse_reports_contact_blanks_as_fields_not_questions(stem):
    golden = json.loads((GOLDEN / f"{stem}.questions.json").read_text(encoding="utf-8"))
    questionnaire = parse(real_rfp(golden["file"]))
    want = {(f.get("sheet"), f["cell"]) for f in golden.get("fields", [])}
    # A golden field's cell is where it is filled in; a portal export has no answer cell, so
    # there the field is located by its label (question_cell) and answer_cell is null.
    got = {
        (f.location.sheet, f.location.answer_cell or f.location.question_cell) for f in questionnaire.fields
    }
    assert got == want
    assert len(questionnaire.fields) == len(got), "a field reported twice"


@pytest.mark.realfiles
def test_parse_caiq_matches_the_normative_list_exactly():
    normative = (
        json.loads((REAL_RFPS / "caiq_v403.questions.json").read_text(encoding="utf-8"))
        if (REAL_RFPS / "caiq_v403.questions.json").exists()
        else pytest.skip("real RFPs absent")
    )
    questionnaire = parse(real_rfp("caiq_v403.xlsx"))
    assert len(questionnaire.questions) == normative["question_count"] == 261
    for question, entry in zip(questionnaire.questions, normative["questions"], strict=True):
        assert question.number == entry["id"]
        assert one_line(question.text) == one_line(entry["question"])
        assert question.location.question_cell == entry["cell"]
        assert question.location.answer_cell == entry["answer_cells"]["CSP CAIQ Answer (Yes/No/NA dropdown)"]
        assert question.kind == "yes_no"
        assert question.options == ("Yes", "No", "NA")
    # The CCM domain column names each question's section, carried down from its first row.
    assert questionnaire.questions[0].section == "Audit & Assurance"
    assert len({q.section for q in questionnaire.questions}) == 17


@pytest.mark.realfiles
def test_parse_hecvat_414_reads_x14_dropdowns_openpyxl_drops():
    questionnaire = parse(real_rfp("hecvat_v414.xlsx"))
    kinds = {q.kind for q in questionnaire.questions}
    assert "yes_no" in kinds
    yes_no = [q for q in questionnaire.questions if q.kind == "yes_no"]
    assert len(yes_no) >= 300
    # Echo rows (GNRL/REQU repeated on each sheet with formula answers) appear once.
    numbers = [q.number for q in questionnaire.questions]
    assert len(numbers) == len(set(numbers))
