"""A PDF questionnaire in parts whose section numbering restarts (built in each test)."""

from __future__ import annotations

from pathlib import Path

from pdf_builder import LEFT, Text, numbered, write_pdf

from rfp_assistant import parse
from rfp_assistant.parse.text import one_line

INDENT = 40.0


def section(top: float, title: str) -> Text:
    return Text(LEFT, top, title, size=10, bold=True)


def part(top: float, title: str) -> Text:
    # Set above the sections and aligned with the questions' text, as ILPA's DDQ prints it.
    return Text(LEFT + INDENT, top, title, size=12, bold=True)


def test_each_question_of_a_restarted_part_carries_the_part_title_before_its_section(tmp_path: Path) -> None:
    basic = [
        part(60, "Basic Questions"),
        section(90, "1.0 Firm: General Information"),
        *numbered(110, "1.1", ["Does the Firm have business lines unrelated to the Fund?"]),
        *numbered(130, "1.2", ["Has the Firm ever filed for bankruptcy?"]),
        section(170, "2.0 Fund: General Information"),
        *numbered(190, "2.1", ["Will the Fund offer co-investments?"]),
        # A wrapped question at the foot of the page: the next part's title heads the next page.
        *numbered(690, "2.2", ["Have there been any claims of misconduct against current or former", "employees of the Firm within the last 5 years?"]),
    ]
    detailed = [
        part(72, "Detailed Questions"),
        section(100, "1.0 Firm: General Information"),
        *numbered(120, "1.1.", ["Provide a brief overview of the Firm and its history."]),
        section(160, "2.0 Fund: General Information"),
        *numbered(180, "2.1.", ["Describe the legal and tax structure of the Fund."]),
        part(240, "Appendix B - Additional Information"),
        *numbered(270, "1.", ["Describe any further information you wish to share."]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "ddq.pdf", [basic, detailed]))
    seen = [(q.number, q.section) for q in questionnaire.questions]
    assert seen == [
        ("1.1", "Basic Questions › 1.0 Firm: General Information"),
        ("1.2", "Basic Questions › 1.0 Firm: General Information"),
        ("2.1", "Basic Questions › 2.0 Fund: General Information"),
        ("2.2", "Basic Questions › 2.0 Fund: General Information"),
        ("1.1", "Detailed Questions › 1.0 Firm: General Information"),
        ("2.1", "Detailed Questions › 2.0 Fund: General Information"),
        # The appendix title closes the last part: its question is under the appendix alone.
        ("1", "Appendix B - Additional Information"),
    ]
    assert len(set(seen)) == len(seen)
    # The title at the top of page 2 is not read as the last words of the question above it.
    assert one_line(questionnaire.questions[3].text).endswith("within the last 5 years?")


def test_sections_stay_as_printed_when_the_numbering_never_restarts(tmp_path: Path) -> None:
    page = [
        part(60, "Medical Plan Questionnaire"),
        section(90, "1.0 Eligibility"),
        *numbered(110, "1.1", ["Does the plan cover dependents to age 26?"]),
        section(150, "2.0 Network"),
        *numbered(170, "2.1", ["Describe your network tiers."]),
        part(220, "Pharmacy Questions"),
        section(250, "3.0 Pharmacy"),
        *numbered(270, "3.1", ["Describe your specialty pharmacy programme."]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "plain.pdf", [page]))
    assert [(q.number, q.section) for q in questionnaire.questions] == [
        ("1.1", "1.0 Eligibility"),
        ("2.1", "2.0 Network"),
        ("3.1", "3.0 Pharmacy"),
    ]
