"""The templated response document: for a questionnaire in any format, and the default for PDF."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx_fill_support import W, document_xml, response_for
from docx_fixtures import p, write_docx
from library_support import run_cli

from conftest import LIBRARY, SAMPLES
from rfp_assistant import AnswerLibrary, TemplateError, load_account, parse
from rfp_assistant.context import account_exhibits, template_context
from rfp_assistant.render import RENDERERS, renderer_for
from rfp_assistant.render.response import RESPONSE_RENDERER, ResponseRenderer, default_template, source_title
from rfp_assistant.render.response_context import PLACEHOLDER, group_sections, response_questions

PREPARED = date(2027, 1, 15)
WORKBOOK = SAMPLES / "harbor_point_medical_rfp.xlsx"
ANSWERS = {
    "1.1": ("Northwind Health Plan, Inc. insures the plan.\nIt is licensed in Massachusetts.", None),
    "1.3": ("Yes. Northwind is licensed for HMO and PPO products.", "Yes"),
    "3.3": ("Our disruption analysis matched the claims file:\n- 96% of providers\n- 98% of dollars", None),
    "13.1": ("Rates & fees <as quoted> are developed from experience.", None),
    "13.2": ("The projection follows.", None),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("response")
    account = load_account(SAMPLES / "harbor_point_account.yaml")
    library = AnswerLibrary.load(LIBRARY)
    questionnaire = parse(WORKBOOK)
    response = response_for(questionnaire, ANSWERS)
    results = []
    for result in response.results:
        number = result.question.number
        if number == "3.3":
            result = replace(result, attachments=("Exhibit 9 - Provider Disruption Analysis",))
        if number in ("13.1", "13.2"):
            result = replace(result, exhibit="membership_projection", attachments=("Exhibit 10 - Rates",))
        results.append(result)
    response = replace(response, results=tuple(results))
    output = folder / "response.docx"
    renderer = ResponseRenderer(prepared=PREPARED)
    placements = renderer.render(
        WORKBOOK, output, response, account_exhibits(account), template_context(library, account)
    )
    return output, response, placements


def _styled(path: Path, style: str) -> list[str]:
    return [
        paragraph.text for paragraph in docx.Document(str(path)).paragraphs if paragraph.style.name == style
    ]


def test_the_response_renderer_is_the_default_for_pdf_and_any_input_with_a_template() -> None:
    assert renderer_for("pdf") is RENDERERS["pdf"] is RESPONSE_RENDERER
    assert RESPONSE_RENDERER.suffixes(Path("rfp.pdf")) == (".docx",)
    chosen = renderer_for("xlsx", template="default")
    assert isinstance(chosen, ResponseRenderer) and chosen.template == default_template()
    assert default_template().name == "response_default.docx" and default_template().is_file()


@pytest.mark.parametrize(
    ("name", "message"), [("fancy", "'default' or a .docx"), ("missing.docx", "not found")]
)
def test_a_template_that_is_neither_default_nor_a_docx_file_is_refused(name: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        renderer_for("xlsx", template=name)


def test_the_cover_names_the_rfp_the_plan_the_employer_and_the_date(rendered) -> None:
    output, _, _ = rendered
    assert _styled(output, "Title") == ["Response to Harbor Point Manufacturing - Medical Plan RFP"]
    assert _styled(output, "Subtitle") == ["Northwind Health Plan"]
    assert _styled(output, "Cover Detail")[:2] == [
        "Prepared for Harbor Point Manufacturing",
        "January 15, 2027",
    ]


def test_questions_are_grouped_by_the_issuers_sections_in_order_with_their_numbers(rendered) -> None:
    output, response, _ = rendered
    sections = list(dict.fromkeys(r.question.section for r in response.results))
    assert _styled(output, "Heading 1") == [*sections, "Attachments"]
    headings = _styled(output, "Response Question")
    assert headings == [f"{r.question.number}\t{r.question.text.strip()}" for r in response.results]


def test_each_answer_follows_its_question_short_answers_shown_bullets_kept(rendered) -> None:
    output, _, _ = rendered
    paragraphs = docx.Document(str(output)).paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("1.1\t"))
    assert texts[first + 1 : first + 3] == [
        "Northwind Health Plan, Inc. insures the plan.",
        "It is licensed in Massachusetts.",
    ]
    licensed = next(i for i, t in enumerate(texts) if t.startswith("1.3\t"))
    assert texts[licensed + 1] == ANSWERS["1.3"][0]  # "Yes." opens the answer: not said twice
    disruption = next(i for i, t in enumerate(texts) if t.startswith("3.3\t"))
    bullets = paragraphs[disruption + 2 : disruption + 4]
    assert [b.text for b in bullets] == ["96% of providers", "98% of dollars"]
    assert {b.style.name for b in bullets} == {"Response Bullet"}
    assert texts[disruption + 4] == "Attached: Exhibit 9 - Provider Disruption Analysis"
    assert "Rates & fees <as quoted> are developed from experience." in texts  # text, not markup


def test_every_unanswered_question_shows_a_highlighted_placeholder(rendered) -> None:
    output, response, _ = rendered
    paragraphs = docx.Document(str(output)).paragraphs
    pending = [paragraph for paragraph in paragraphs if paragraph.text == PLACEHOLDER]
    assert len(pending) == len(response.results) - len(ANSWERS)
    assert all(paragraph.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW for paragraph in pending)


def test_an_exhibit_is_placed_once_where_an_answer_asks_for_it(rendered) -> None:
    output, _, _ = rendered
    document = docx.Document(str(output))
    title = "Harbor Point Manufacturing: Membership and Premium Projection"
    titles = [t for t in (p.text for p in document.paragraphs) if t == title]
    assert titles == [title]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts.index(titles[0]) > next(i for i, t in enumerate(texts) if t.startswith("13.1\t"))
    assert f"See the exhibit “{title}” under question 13.1." in texts
    assert any(table.rows[0].cells[0].text == "Plan year" for table in document.tables)
    with zipfile.ZipFile(output) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())  # the members chart


def test_the_contents_is_a_word_field_that_updates_on_open_and_lists_the_sections(rendered) -> None:
    output, response, _ = rendered
    body = document_xml(output)
    assert any("TOC \\o" in (node.text or "") for node in body.iter(f"{W}instrText"))
    sections = list(dict.fromkeys(r.question.section for r in response.results))
    assert _styled(output, "toc 1") == ["", *sections, "Attachments", ""]  # the field's begin and end lines
    with zipfile.ZipFile(output) as archive:
        assert b'<w:updateFields w:val="true"/>' in archive.read("word/settings.xml")


def test_the_attachments_list_names_each_document_and_the_questions_citing_it(rendered) -> None:
    output, _, _ = rendered
    table = docx.Document(str(output)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Attachment", "Referred to in"],
        ["Exhibit 9 - Provider Disruption Analysis", "3.3"],
        ["Exhibit 10 - Rates", "13.1, 13.2"],
    ]


def test_placements_name_the_section_and_question_of_each_answer(rendered) -> None:
    _, response, placements = rendered
    by_id = {p.question_id: p for p in placements}
    first = next(r for r in response.results if r.question.number == "1.1")
    assert by_id[first.question.id].describe() == (
        "response document: 1. General Information / Company Profile, question 1.1"
    )
    assert len(placements) == len(ANSWERS)


def test_sections_are_consecutive_runs_and_exhibits_are_asked_once() -> None:
    questionnaire = parse(WORKBOOK)
    response = response_for(questionnaire, {"1.1": ("A.", None), "1.2": ("B.", None)})
    results = tuple(replace(r, exhibit="x") if r.decision == "auto" else r for r in response.results)
    questions = response_questions(replace(response, results=results), {"x": "EXHIBIT"}, {"x": "X"})
    assert [q.exhibit for q in questions[:2]] == ["EXHIBIT", None]
    assert questions[1].exhibit_note == "See the exhibit “X” under question 1.1."
    sections = group_sections(questions)
    assert [s.number for s in sections] == list(range(1, len(sections) + 1))
    assert sum(len(s.questions) for s in sections) == len(questionnaire.questions)


def test_a_plans_own_template_renders_and_an_undefined_variable_is_an_error(tmp_path: Path) -> None:
    own = write_docx(
        tmp_path / "ours.docx",
        p("{{ plan.name }} answers {{ rfp.questions }} questions")
        + p("{%p for q in questions %}")
        + p("{{ q.heading }}")
        + p("{%p endfor %}"),
    )
    questionnaire = parse(WORKBOOK)
    response = response_for(questionnaire, {})
    output = tmp_path / "out.docx"
    ResponseRenderer(own).render(WORKBOOK, output, response, {}, {"plan": {"name": "Northwind"}})
    texts = [paragraph.text for paragraph in docx.Document(str(output)).paragraphs]
    assert texts[0] == f"Northwind answers {len(questionnaire.questions)} questions"
    assert len(texts) == 1 + len(questionnaire.questions)
    broken = write_docx(tmp_path / "broken.docx", p("{{ plan.logo_text }}"))
    with pytest.raises(TemplateError, match="logo_text"):
        ResponseRenderer(broken).render(WORKBOOK, tmp_path / "x.docx", response, {}, {"plan": {}})


def test_fill_refuses_a_pdf_or_workbook_name_for_a_response_and_says_why(tmp_path: Path) -> None:
    pdf = tmp_path / "rfp.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    refused = run_cli("fill", str(pdf), "-l", str(LIBRARY), "-o", str(tmp_path / "out.pdf"))
    assert refused.returncode == 2
    assert "output must be a .docx file for a .pdf input: the answers go into a Word response document" in (
        refused.stderr
    )
    refused = run_cli(
        "fill", str(WORKBOOK), "-l", str(LIBRARY), "--template", "default", "-o", str(tmp_path / "a.xlsx")
    )
    assert refused.returncode == 2 and "output must be a .docx file for a .xlsx input" in refused.stderr


def test_planned_spots_place_every_question_in_the_response() -> None:
    questionnaire = parse(WORKBOOK)
    planned = RESPONSE_RENDERER.planned_spots(WORKBOOK, response_for(questionnaire, {}))
    first = questionnaire.questions[0]
    assert planned[first.id] == ("response document: 1. General Information / Company Profile, question 1.1",)
    assert len(planned) == len(questionnaire.questions)


def test_only_the_cover_page_goes_without_the_running_header_and_page_number(rendered) -> None:
    output, _, _ = rendered
    sections = docx.Document(str(output)).sections
    assert len(sections) > 1  # the wide projection exhibit has a landscape section of its own
    assert [section.different_first_page_header_footer for section in sections] == [True] + [False] * (
        len(sections) - 1
    )


@pytest.mark.parametrize(
    ("stored", "cover"),
    [
        ("PPN 03_24 Standard Selection Questionnaire 2024 Update FINAL.docx", "PPN 03_24 Standard Selection Questionnaire 2024 Update"),
        ("Medical Plan RFP v2.pdf", "Medical Plan RFP"),
        ("Final Offer Questionnaire", "Final Offer Questionnaire"),
        (".docx", "issuer form"),  # nothing left: the file's own name
    ],
)
def test_a_document_title_that_is_a_file_name_reads_as_a_title_on_the_cover(
    tmp_path: Path, stored: str, cover: str
) -> None:
    source = tmp_path / "issuer_form.docx"
    document = docx.Document()
    document.core_properties.title = stored
    document.save(str(source))
    assert source_title(source) == cover
