"""The Word parser against real questionnaires and their golden question lists.

The golden lists in tests/golden/*.questions.json were written by reading each document's
XML (see the Word section of tests/golden/NOTES.md); the British Council list that ships
with the real files is normative and is tested as it is. Real files are read from
../shared/real-rfps and the tests skip when that folder is absent.
"""

from __future__ import annotations

import json
import time

import pytest
from docx_support import assert_matches_golden, field_rows, golden_field_rows

from conftest import GOLDEN, REAL_RFPS, real_rfp
from rfp_assistant import parse
from rfp_assistant.parse.text import one_line

GOLDEN_FILES = [
    "british_council_supplier_response",
    "charnwood_itt_services",
    "gcloud15_quality_questionnaire",
]
MAX_PARSE_SECONDS = 2.0
NORMATIVE_KINDS = {"scored_requirement": "narrative", "checklist_yes_no": "yes_no"}


def _golden(stem: str) -> dict:
    return json.loads((GOLDEN / f"{stem}.questions.json").read_text(encoding="utf-8"))


@pytest.mark.realfiles
@pytest.mark.parametrize("stem", GOLDEN_FILES)
def test_parse_docx_finds_every_golden_question_with_its_answer_spot(stem):
    golden = _golden(stem)
    assert_matches_golden(parse(real_rfp(golden["file"])), golden)


@pytest.mark.realfiles
@pytest.mark.parametrize("stem", GOLDEN_FILES)
def test_parse_docx_reports_contact_and_signature_blanks_as_fields(stem):
    golden = _golden(stem)
    questionnaire = parse(real_rfp(golden["file"]))
    assert field_rows(questionnaire) == golden_field_rows(golden)


@pytest.mark.realfiles
def test_parse_british_council_matches_the_normative_list_exactly():
    normative_path = REAL_RFPS / "british_council_supplier_response.questions.json"
    if not normative_path.exists():
        pytest.skip("real RFPs absent")
    normative = json.loads(normative_path.read_text(encoding="utf-8"))
    questionnaire = parse(real_rfp(normative["file"]))

    assert len(questionnaire.questions) == normative["question_count"] == 12
    for question, entry in zip(questionnaire.questions, normative["questions"], strict=True):
        loc = entry["location"]
        cell = f"body/tbl[{loc['table_index']}]/tr[{loc['row_index']}]/tc[{loc['unique_cell_index']}]"
        assert question.location.question_path.startswith(cell + "/p["), entry["id"]
        assert question.kind == NORMATIVE_KINDS[entry["kind"]], entry["id"]
        full = one_line(entry["full_text"])
        assert full.endswith(one_line(question.text)), entry["id"]
        answer = entry["answer_location"]
        if "after_paragraph_index_in_cell" in answer:
            assert question.location.mode == "after"
            assert question.location.path == f"{cell}/p[{answer['after_paragraph_index_in_cell']}]"
        elif "unique_cell_index" in answer:
            assert question.location.mode == "cell"
            assert question.location.path == (
                f"body/tbl[{answer['table_index']}]/tr[{answer['row_index']}]/tc[{answer['unique_cell_index']}]"
            )
        else:
            assert question.location.path is None, entry["id"]
    labels = [f.label for f in questionnaire.fields]
    assert labels == [f["label"] for f in normative["form_fields"]]


@pytest.mark.realfiles
def test_parse_charnwood_itt_takes_under_two_seconds():
    path = real_rfp("charnwood_itt_services.docx")
    start = time.perf_counter()
    questionnaire = parse(path)
    elapsed = time.perf_counter() - start
    assert len(questionnaire.questions) == 27
    assert elapsed < MAX_PARSE_SECONDS, f"{elapsed:.2f} s"
