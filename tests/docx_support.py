"""Comparing a parsed Word questionnaire with a golden list (shared by the docx tests)."""

from __future__ import annotations

from rfp_assistant.models import DocxLocation, Questionnaire
from rfp_assistant.parse.text import one_line


def spot_of(location: DocxLocation) -> dict | None:
    """A location's answer spot in the golden lists' shape (None when there is none)."""
    if location.path is None:
        return None
    spot: dict = {"path": location.path, "mode": location.mode}
    if location.placeholder:
        spot["placeholder"] = one_line(location.placeholder)
    if location.checkboxes:
        spot["checkboxes"] = [{"option": one_line(b.option), "path": b.path} for b in location.checkboxes]
    return spot


def wanted_spot(spot: dict | None) -> dict | None:
    if spot is None:
        return None
    spot = dict(spot)
    if "placeholder" in spot:
        spot["placeholder"] = one_line(spot["placeholder"])
    return spot


def assert_matches_golden(questionnaire: Questionnaire, golden: dict) -> None:
    """Every golden question found at its paragraph with its number, text, kind and spots."""
    got = {q.location.question_path: q for q in questionnaire.questions}
    want = {e["question_path"]: e for e in golden["questions"]}
    assert sorted(want.keys() - got.keys()) == [], "questions missed"
    assert sorted(got.keys() - want.keys()) == [], "non-questions taken for questions"
    assert len(questionnaire.questions) == golden["question_count"]
    for key, entry in want.items():
        question = got[key]
        assert question.number == entry["number"], key
        assert one_line(question.text) == one_line(entry["text"]), key
        assert question.kind == entry["kind"], key
        assert [one_line(o) for o in question.options] == entry["options"], key
        assert (question.limit.to_dict() if question.limit else None) == entry["limit"], key
        assert question.section == entry["section"], key
        assert spot_of(question.location) == wanted_spot(entry["answer"]), key
        explanation = entry.get("explanation")
        got_explanation = (
            {"path": question.location.explanation_path, "mode": question.location.explanation_mode}
            if question.location.explanation_path
            else None
        )
        assert got_explanation == explanation, key


def field_rows(questionnaire: Questionnaire) -> list[tuple]:
    return [(f.label, f.location.path, f.location.mode, f.location.question_path) for f in questionnaire.fields]


def golden_field_rows(golden: dict) -> list[tuple]:
    return [(f["label"], f["path"], f["mode"], f["label_path"]) for f in golden["fields"]]
