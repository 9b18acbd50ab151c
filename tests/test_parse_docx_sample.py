"""The Word sample RFP parses to its answer key, and rebuilds byte for byte."""

from __future__ import annotations

import importlib
import json
import sys

from docx_support import assert_matches_golden, field_rows, golden_field_rows

from conftest import GOLDEN, ROOT, SAMPLES
from rfp_assistant import load_account, parse

SAMPLE = SAMPLES / "cobalt_bay_medical_rfp.docx"
MIN_QUESTIONS = 60


def _key() -> dict:
    return json.loads((GOLDEN / "cobalt_bay_medical_rfp.questions.json").read_text(encoding="utf-8"))


def test_docx_sample_parses_to_its_answer_key():
    key = _key()
    questionnaire = parse(SAMPLE)
    assert questionnaire.format == "docx"
    assert len(questionnaire.questions) == key["question_count"] >= MIN_QUESTIONS
    assert_matches_golden(questionnaire, key)
    assert field_rows(questionnaire) == golden_field_rows(key)


def test_docx_sample_mixes_every_layout_the_parser_reads():
    questions = parse(SAMPLE).questions
    modes = {q.location.mode for q in questions}
    assert modes == {"after", "placeholder", "checkbox", "cell"}
    box_kinds = {b.path.rsplit("/", 1)[-1].split("[")[0] for q in questions for b in q.location.checkboxes}
    assert box_kinds == {"box", "sdt", "r"}  # glyphs, w14:checkbox controls, FORMCHECKBOX fields
    assert {"yes_no", "choice", "narrative", "numeric", "attachment", "date"} <= {q.kind for q in questions}
    assert sum(q.limit is not None for q in questions) >= 4
    assert sum(q.location.explanation_path is not None for q in questions) >= 4


def test_docx_sample_skips_instructions_terms_cover_and_contents():
    sections = {q.section for q in parse(SAMPLE).questions}
    assert not {s for s in sections if "Instructions" in s or "Terms" in s or s is None}


def test_docx_sample_account_profile_loads():
    account = load_account(SAMPLES / "cobalt_bay_account.yaml")
    assert account.name == "Cobalt Bay Credit Union"
    assert account.funding == "self-funded"


def test_docx_sample_rebuilds_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    builder_module = importlib.import_module("build_docx_sample")
    try:
        monkeypatch.setattr(builder_module, "OUTPUT", tmp_path / SAMPLE.name)
        monkeypatch.setattr(builder_module, "ANSWER_KEY", tmp_path / "key.json")
        builder_module.main()
    finally:
        sys.modules.pop("build_docx_sample", None)
    assert (tmp_path / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
    assert json.loads((tmp_path / "key.json").read_text(encoding="utf-8")) == _key()
    assert (ROOT / "samples" / "cobalt_bay_questions.yaml").exists()
