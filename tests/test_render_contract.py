"""The format-neutral parts of rendering: what goes where, the renderer registry, the package copy."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import LIBRARY, SAMPLES
from rfp_assistant import UnsupportedFormatError
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import fill
from rfp_assistant.models import DocxLocation, Kind, Match, Placement, Question, QuestionResult
from rfp_assistant.ooxml.package import copy_package
from rfp_assistant.render import RENDERERS, renderer_for
from rfp_assistant.render.answer_spots import AnswerSpots, SpotWrite, plan_answer

NARRATIVE = "Members reach a named service team by phone and chat, 8am to 8pm."


def result(
    kind: Kind = "narrative", short: str | None = None, answer: str | None = NARRATIVE
) -> QuestionResult:
    question = Question(
        "q0001", "1", None, "Do you offer a dedicated team?", kind, DocxLocation("body/p[3]", "after")
    )
    return QuestionResult(question, "auto", (Match("e", 0.9, "x"),), answer=answer, short_answer=short)


def test_a_yes_no_answer_goes_to_the_answer_spot_and_its_narrative_to_the_explanation_spot() -> None:
    writes, note = plan_answer(result("yes_no", " Yes "), AnswerSpots("A", "B"))
    assert (writes, note) == ([SpotWrite("answer", "Yes"), SpotWrite("explanation", NARRATIVE)], None)


def test_a_numeric_short_answer_is_marked_as_a_number() -> None:
    writes, _ = plan_answer(result("numeric", "1,250", answer=None), AnswerSpots("A", "B"))
    assert writes == [SpotWrite("answer", "1,250", numeric=True)]


def test_a_narrative_goes_to_the_answer_spot_unless_it_is_missing_or_meant_for_short_values() -> None:
    assert plan_answer(result(), AnswerSpots("A", "B"))[0] == [SpotWrite("answer", NARRATIVE)]
    assert plan_answer(result(), AnswerSpots(None, "B"))[0] == [SpotWrite("explanation", NARRATIVE)]
    narrow = AnswerSpots("A", "B", short_answer_spot=True)
    assert plan_answer(result(), narrow)[0] == [SpotWrite("explanation", NARRATIVE)]
    assert plan_answer(result(), AnswerSpots("A", None, short_answer_spot=True))[0] == [
        SpotWrite("answer", NARRATIVE)
    ]


def test_a_spot_holding_an_answer_is_never_overwritten_but_a_placeholder_is() -> None:
    taken = AnswerSpots("'Q'!C4", "'Q'!D4", answer_text="No", explanation_text="")
    assert plan_answer(result("yes_no", "Yes"), taken) == ([], "not written: 'Q'!C4 already holds 'No'")
    placeholder = AnswerSpots("'Q'!C4", answer_text="TYPE RESPONSE HERE>>>>")
    assert plan_answer(result(), placeholder) == ([SpotWrite("answer", NARRATIVE)], None)


def test_a_question_without_spots_gets_the_renderers_note() -> None:
    assert plan_answer(result(), AnswerSpots(None, None, nowhere="answer it in the portal")) == (
        [],
        "answer it in the portal",
    )


def test_a_placement_describes_where_the_answer_went_or_why_not() -> None:
    assert Placement("q1", ("'Q'!C4", "'Q'!D4")).describe() == "'Q'!C4, 'Q'!D4"
    assert Placement("q1", (), "not written: taken").describe() == "not written: taken"
    assert not Placement("q1", (), "x").written


def test_the_workbook_renderer_keeps_the_input_suffix_and_pdf_gets_a_response_document() -> None:
    xlsx = renderer_for("xlsx")
    assert xlsx is RENDERERS["xlsx"]
    assert xlsx.suffixes(Path("rfp.XLSM")) == (".xlsm",)
    assert renderer_for("pdf").suffixes(Path("rfp.pdf")) == (".docx",)


def test_fill_refuses_a_format_no_renderer_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rfp_assistant.render.RENDERERS", {})
    with pytest.raises(UnsupportedFormatError, match="filling xlsx files is not supported yet"):
        fill(
            SAMPLES / "small_rfp_no_header.xlsx",
            LIBRARY,
            tmp_path / "a.xlsx",
            embedder=HashingEmbedder(),
            cache=EmbeddingCache(tmp_path / "cache"),
        )
    assert not (tmp_path / "a.xlsx").exists()


def test_copy_package_replaces_transforms_and_adds_parts_keeping_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "in.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("a.xml", b"<a/>", compress_type=zipfile.ZIP_STORED)
        archive.writestr("b.xml", b"<b>old</b>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("c.xml", b"<c/>", compress_type=zipfile.ZIP_DEFLATED)
    out = tmp_path / "out.zip"
    with zipfile.ZipFile(source) as archive:
        copy_package(
            archive,
            str(out),
            {"b.xml": lambda data: data.replace(b"old", b"new"), "c.xml": b"<c>2</c>", "d.xml": b"<d/>"},
        )
    with zipfile.ZipFile(out) as copy:
        assert copy.namelist() == ["a.xml", "b.xml", "c.xml", "d.xml"]
        assert [copy.read(n) for n in copy.namelist()] == [b"<a/>", b"<b>new</b>", b"<c>2</c>", b"<d/>"]
        assert [i.compress_type for i in copy.infolist()] == [zipfile.ZIP_STORED] + [zipfile.ZIP_DEFLATED] * 3
    with zipfile.ZipFile(source) as archive:
        copy_package(archive, str(out), {}, compression=zipfile.ZIP_STORED)
    with zipfile.ZipFile(out) as copy:
        assert {i.compress_type for i in copy.infolist()} == {zipfile.ZIP_STORED}
        assert copy.read("b.xml") == b"<b>old</b>"


def test_an_exhibit_pointer_is_added_to_automatic_answers_only_and_never_past_the_limit() -> None:
    from rfp_assistant.exhibits.delivery import point_answers
    from rfp_assistant.models import Limit, Questionnaire, Response

    sentence = "See the 'Membership Projection' sheet in this workbook."

    def item(decision: str, limit: Limit | None = None) -> QuestionResult:
        question = Question(
            "q1",
            "1",
            None,
            "Project enrollment.",
            "narrative",
            DocxLocation("body/p[1]", "after"),
            limit=limit,
        )
        return QuestionResult(question, decision, (), answer=NARRATIVE, exhibit="membership_projection")

    roomy, tight = Limit("chars", len(NARRATIVE) + 2 + len(sentence)), Limit("chars", len(NARRATIVE) + 10)
    results = (item("auto"), item("review"), item("auto", roomy), item("auto", tight))
    response = Response(
        Questionnaire("x.docx", "docx", tuple(r.question for r in results)), results, "v1", "m"
    )
    pointed = point_answers(response, {"membership_projection": sentence})
    assert [r.answer for r in pointed.results] == [
        f"{NARRATIVE}\n\n{sentence}",
        NARRATIVE,  # a suggestion for review is shown as the library has it
        f"{NARRATIVE}\n\n{sentence}",
        NARRATIVE,  # the sentence would take the answer past the issuer's limit
    ]


@pytest.mark.parametrize(
    "before, after",
    [
        (
            '<sheets/><calcPr calcId="191029"/></workbook>',
            '<sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
        ),
        (
            '<sheets/><calcPr fullCalcOnLoad="0" calcId="1"/>',
            '<sheets/><calcPr calcId="1" fullCalcOnLoad="1"/>',
        ),
        (
            "<x:sheets><x:sheet/></x:sheets><x:definedNames><x:definedName/></x:definedNames><x:extLst/>",
            '<x:sheets><x:sheet/></x:sheets><x:definedNames><x:definedName/></x:definedNames><x:calcPr fullCalcOnLoad="1"/><x:extLst/>',
        ),
    ],
)
def test_a_copy_with_new_values_asks_for_recalculation_on_open(before: str, after: str) -> None:
    from rfp_assistant.ooxml.xlsx_write import recalculate_on_load

    assert recalculate_on_load(before) == after
