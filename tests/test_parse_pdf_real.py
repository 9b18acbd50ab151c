"""The PDF parser against the sample RFP and the real PDFs in ../shared/real-rfps.

Golden lists (tests/golden/<stem>.questions.json) were written by reading the documents
(see tests/golden/NOTES.md). Each file is parsed once per test run: table finding and, for
the web-printed CCS questionnaire, pdfminer's reading of its 750 KB-a-page content streams
take a while on two cores.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_golden import Score, field_labels, load_golden, normalise, score

from conftest import GOLDEN, SAMPLES, real_rfp
from rfp_assistant import parse
from rfp_assistant.models import Questionnaire

RECALL = 0.98
PRECISION = 0.95
TEXT_SHARE = 0.95
# stem -> least share of matched questions whose kind agrees with the golden list.
KIND_SHARE = {
    "granite_ridge_medical_rfp": 1.0,
    "ilpa_ddq_v12": 0.99,
    "buildUK_cas_question_set_v5": 0.85,
    "uk_standard_selection_questionnaire_ppn0324": 0.98,
    "ccs_rm6264_dps_questionnaire": 0.95,
    "phl_invitation_to_bid_b2624978": 1.0,
    "phl_customer_references_form": 1.0,
}
REAL = [stem for stem in KIND_SHARE if stem != "granite_ridge_medical_rfp"]
ALL = [pytest.param("granite_ridge_medical_rfp", id="sample"), *(pytest.param(s, marks=pytest.mark.realfiles) for s in REAL)]


@pytest.fixture(scope="session")
def parsed() -> Callable[[str], tuple[dict, Questionnaire]]:
    """Parse each golden file once per session: ``parsed(stem) -> (golden, questionnaire)``."""
    cache: dict[str, tuple[dict, Questionnaire]] = {}

    def get(stem: str) -> tuple[dict, Questionnaire]:
        if stem not in cache:
            golden = load_golden(GOLDEN / f"{stem}.questions.json")
            path: Path = SAMPLES / golden["file"] if stem == "granite_ridge_medical_rfp" else real_rfp(golden["file"])
            cache[stem] = (golden, parse(path))
        return cache[stem]

    return get


def _score(parsed: Callable[[str], tuple[dict, Questionnaire]], stem: str) -> tuple[dict, Questionnaire, Score]:
    golden, questionnaire = parsed(stem)
    return golden, questionnaire, score(golden, questionnaire)


@pytest.mark.parametrize("stem", ALL)
def test_pdf_parse_finds_every_golden_question_and_nothing_else(parsed, stem: str) -> None:
    golden, questionnaire, result = _score(parsed, stem)
    assert result.recall >= RECALL, f"missed {result.missed[:10]}"
    assert result.precision >= PRECISION, f"not questions {result.extra[:10]}"
    # Every file reaches the golden list exactly today: keep it so.
    assert result.missed == [] and result.extra == []
    assert len(questionnaire.questions) == golden["question_count"]


@pytest.mark.parametrize("stem", ALL)
def test_pdf_parse_gives_each_question_its_section_and_text(parsed, stem: str) -> None:
    _, _, result = _score(parsed, stem)
    assert result.wrong_section == []
    assert result.share(result.wrong_text) >= TEXT_SHARE, result.wrong_text[:5]


@pytest.mark.parametrize("stem", ALL)
def test_pdf_parse_reads_the_kind_of_answer_and_yes_no_options(parsed, stem: str) -> None:
    golden, questionnaire, result = _score(parsed, stem)
    assert result.share(result.wrong_kind) >= KIND_SHARE[stem], result.wrong_kind[:10]
    by_key = {(q.number, q.location.page): q for q in questionnaire.questions}
    for entry in golden["questions"]:
        question = by_key.get((entry["number"], entry["page"]))
        if question is not None and entry["kind"] == "yes_no" and question.kind == "yes_no":
            assert {"Yes", "No"} <= set(question.options), entry["number"]


@pytest.mark.parametrize("stem", ALL)
def test_pdf_parse_reports_contact_blanks_as_fields(parsed, stem: str) -> None:
    golden, questionnaire, _ = _score(parsed, stem)
    assert sorted(field_labels(questionnaire).elements()) == sorted(normalise(f["label"]) for f in golden["fields"])
    assert all(f.location.page >= 1 and f.location.bbox for f in questionnaire.fields)


@pytest.mark.parametrize("stem", ALL)
def test_pdf_questions_have_stable_ids_and_boxes_on_their_page(parsed, stem: str) -> None:
    _, questionnaire, _ = _score(parsed, stem)
    assert [q.id for q in questionnaire.questions] == [f"q{i:04d}" for i in range(1, len(questionnaire.questions) + 1)]
    for question in questionnaire.questions:
        x0, top, x1, bottom = question.location.bbox
        assert 0 <= x0 < x1 and 0 <= top < bottom


@pytest.mark.realfiles
def test_ilpa_two_part_questionnaire_keeps_both_numberings(parsed) -> None:
    _, questionnaire, _ = _score(parsed, "ilpa_ddq_v12")
    basic = [q for q in questionnaire.questions if q.location.page <= 11]
    detailed = [q for q in questionnaire.questions if q.location.page >= 12]
    assert (len(basic), len(detailed)) == (82, 142)
    assert all(q.kind == "yes_no" for q in basic)
    assert basic[0].number == detailed[0].number == "1.1"
    assert basic[0].text != detailed[0].text
    # The part title tells the two 1.1s apart: no (number, section) pair is listed twice.
    assert basic[0].section == "Basic Questions › 1.0 Firm: General Information"
    assert detailed[0].section == "Detailed Questions › 1.0 Firm: General Information"
    assert len({(q.number, q.section) for q in questionnaire.questions}) == len(questionnaire.questions)
