"""Sibling qualifiers hold a near neighbour back from automatic; the employer's name in questions (issue 7)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rfp_assistant.decisions import PersonDecision, ReviewedQuestion
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.learn import wording_of
from rfp_assistant.match import match
from rfp_assistant.match.employer import neutral, without_employer
from rfp_assistant.match.qualifiers import (
    CONFLICT_CONFIDENCE,
    conflict,
    conflicts,
    pair_conflicts,
    qualifiers,
)
from rfp_assistant.models import Question, Questionnaire, XlsxLocation

ANSWERS = """\
- id: retail-pricing
  question: Retail pharmacy pricing
  alternates:
    - Brand and generic discounts at retail pharmacies
  answer: |
    Retail 30-day supply: brand AWP minus 19.5%, generic AWP minus 84%; enrollees pay the mail copay at 90-day retail stores.
  owner: rx@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: nurse-line
  question: Do you offer a 24-hour nurse line?
  answer: |
    Members can call the nurse line at any hour.
  owner: care@plan.example
  status: approved
  last_reviewed: 2026-06-01
"""
# a point so low that anything the check does not hold back is automatic
PERMISSIVE = {"auto_confidence": 0.01, "review_confidence": 0.001, "min_margin": 0.0}


def _question(number: int, text: str) -> Question:
    return Question(f"q{number:04d}", str(number), "Pharmacy", text, "narrative", XlsxLocation("Q", f"B{number}", f"C{number}"))


@pytest.fixture
def library(tmp_path: Path) -> AnswerLibrary:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "plan.yaml").write_text("name: Test Health Plan\n", encoding="utf-8")
    (folder / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    return AnswerLibrary.load(folder)


def test_a_question_about_mail_order_never_gets_the_retail_entry_automatically(library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    questions = (_question(1, "Retail pharmacy pricing?"), _question(2, "Mail-order pharmacy pricing?"))
    response = match(
        Questionnaire(tmp_path / "rfp.xlsx", "xlsx", questions),
        library,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "cache"),
        settings=PERMISSIVE,
        one_questionnaire=False,
    )
    retail, mail = response.results
    assert (retail.decision, retail.best.entry_id) == ("auto", "retail-pricing")
    assert (mail.decision, mail.best.entry_id) == ("review", "retail-pricing")
    assert mail.best.confidence <= CONFLICT_CONFIDENCE
    assert mail.reason == "near neighbour: the question asks about mail order, the entry is about retail (drug channel)"


def test_siblings_conflict_only_when_the_entry_names_another_and_not_the_asked_one() -> None:
    def verdict(question: str, entry: str) -> str | None:
        return conflict(qualifiers(question), qualifiers(entry))

    assert verdict("Quote a Medicare Advantage plan for retirees over 65", "How do you cover pre-65 retirees?")
    assert verdict("Is the rate guarantee for 12 months?", "Multi-year rate guarantee")
    assert verdict("Mail order discounts", "Retail and mail-order discounts") is None  # names both
    assert verdict("Will you offer a 3-year rate guarantee?", "Multi-year rate guarantee") is None
    assert verdict("Mail order discounts", "Pharmacy discounts") is None  # names none: no sibling
    assert verdict("Is your PPO accredited by NCQA or URAC?", "Are you accredited by NCQA?") is None


def test_the_employers_distinctive_first_word_alone_is_dropped_but_a_common_word_is_not() -> None:
    assert without_employer("How will Ashgrove members reach the nurse line?", "Ashgrove Health System") == (
        "How will members reach the nurse line?"
    )
    assert without_employer("Will Harbor Point's members have a team?", "Harbor Point Manufacturing") == (
        "Will members have a team?"
    )
    assert without_employer("Do you cover Harbor seals?", "Harbor Point Manufacturing") == "Do you cover Harbor seals?"
    # a word the library itself uses is never taken for the employer
    assert without_employer("Ashgrove plan rules", "Ashgrove Health System", frozenset({"ashgrove"})) == (
        "Ashgrove plan rules"
    )


def test_the_employers_name_reads_as_the_employer_where_a_person_reads_it() -> None:
    assert neutral("Harbor Point Manufacturing requires notice. Will Ashgrove's members?", "Harbor Point Manufacturing") == (
        "The employer requires notice. Will Ashgrove's members?"
    )
    assert neutral("Describe the Ashgrove plan and Ashgrove's fees", "Ashgrove Health System") == (
        "Describe the employer plan and the employer's fees"
    )


def test_learn_stores_the_question_with_the_employer_in_place_of_its_name() -> None:
    row = ReviewedQuestion(
        "q0007", "7", "What share of the surplus was refunded to Harbor Point at the end?", "review", "fund-surplus",
        None, PersonDecision(action="accept"),
    )
    assert wording_of(row, "Harbor Point Manufacturing") == "What share of the surplus was refunded to the employer at the end?"


def test_pseudo_questions_see_the_conflict_without_the_phrasing_asked() -> None:
    phrasings = ("Mail-order pharmacy pricing", "Home delivery pharmacy", "Retail pharmacy pricing")
    owners = np.array([0, 0, 1])
    # the retail entry conflicts with a mail-order phrasing; the mail entry does not, through its other phrasing
    assert pair_conflicts(phrasings, owners, np.array([0, 0]), np.array([1, 0])).tolist() == [True, False]
    # an entry whose only qualifier was the phrasing asked offers none once it is held out
    assert pair_conflicts(("Retail pricing", "Pricing"), np.array([0, 0]), np.array([0]), np.array([0])).tolist() == [False]


def test_a_rating_is_not_an_accreditation_and_one_ncqa_programme_is_not_another() -> None:
    def verdict(question: str, entry: str) -> str | None:
        return conflict(qualifiers(question), qualifiers(entry))

    rating = verdict("What NCQA Health Plan Rating (stars) did your commercial plan receive?", "NCQA accreditation status")
    assert rating == "the question asks about rating, the entry is about accreditation (accreditation or rating)"
    assert verdict("Do you hold NCQA Wellness & Health Promotion accreditation?", "NCQA accreditation status") == (
        "the question asks about Wellness & Health Promotion, the entry is about Health Plan (NCQA programme)"
    )
    assert verdict("Is your plan NCQA accredited?", "NCQA accreditation status") is None
    assert verdict("NCQA accreditation status and your most recent star rating?", "NCQA accreditation status") is None


def test_a_guarantee_or_an_officer_asked_for_must_be_named_by_the_entry_phrasings_or_answer() -> None:
    phrasings = ("Average speed of answer", "Retail pharmacy pricing", "Executive leadership")
    answers = (
        "Our 2025 average speed of answer was 24 seconds.",
        "We guarantee brand AWP minus 19.5% at retail.",
        "Chief Executive Officer: Dana Wu. Chief Financial Officer: Sam Ortiz.",
    )
    questions = (
        "Will you guarantee an average speed of answer of 30 seconds or less?",
        "What retail discounts will you guarantee?",
        "Identify your Chief Medical Officer.",
        "Name your CEO and CFO.",
    )
    found = conflicts(questions, phrasings, np.arange(3), 3, answers)
    assert found[(0, 0)] == "the question asks for guarantee, the entry names none (commitment)"
    assert (1, 1) not in found  # the pricing answer guarantees the discounts
    assert found[(2, 2)] == "the question asks about CMO, the entry is about CEO / CFO (officer)"
    assert (3, 2) not in found
    # without the answers, only what the phrasings say counts
    assert (1, 1) in conflicts(questions, phrasings, np.arange(3), 3)


def test_kind_of_care_counts_the_answer_so_an_entry_covering_both_does_not_conflict() -> None:
    phrasings = ("Virtual care for urgent care and primary care", "Behavioral health appointment access")
    answers = ("Video visits for urgent care, primary care and behavioral health.", "Routine visits within 10 days.")
    questions = ("Do you offer virtual behavioral health visits?", "Average wait for a new-patient appointment with a PCP?")
    found = conflicts(questions, phrasings, np.arange(2), 2, answers)
    assert (0, 0) not in found
    assert found[(1, 1)] == (
        "the question asks about primary care, the entry is about behavioral health (kind of care)"
    )


def test_a_condition_or_clinician_asked_about_must_be_named_by_the_entry() -> None:
    phrasings = ("Chronic condition programs", "Behavioral health appointment access", "Virtual care")
    answers = (
        "Conditions Care covers diabetes, asthma, COPD and heart failure.",
        "Routine initial visit within 10 business days with a behavioral clinician.",
        "24/7 virtual urgent care by video or chat; 78% of network PCPs offer video visits.",
    )
    questions = (
        "Describe your program for members with chronic kidney disease.",
        "Do you have a diabetes management program?",
        "What is the average wait for a first appointment with a psychiatrist?",
        "Do you offer virtual therapy? Name the vendor.",
    )
    found = conflicts(questions, phrasings, np.arange(3), 3, answers)
    assert found[(0, 0)] == (
        "the question asks about kidney disease, the entry is about COPD / asthma / diabetes / heart disease (condition)"
    )
    assert (1, 0) not in found
    assert found[(2, 1)] == "the question asks for psychiatrist, the entry names none (clinician)"
    assert found[(3, 2)] == (
        "the question asks about behavioral health, the entry is about primary care / urgent care (kind of care)"
    )


def test_a_metric_another_line_of_coverage_or_another_market_must_be_named_by_the_entry() -> None:
    phrasings = ("Is a nurse advice line available 24/7?", "Claims turnaround time", "Is your plan NCQA accredited?")
    answers = (
        "Registered nurses answer the nurse line at any hour.",
        "94% of clean medical claims are paid within 14 days.",
        "Our commercial HMO and PPO hold NCQA Health Plan Accreditation (Accredited).",
    )
    questions = (
        "Average speed of answer for the 24/7 nurse advice line",
        "Dental claims turnaround time",
        "What is the NCQA accreditation status of your individual-market (Exchange) product?",
        "Describe your ad hoc reporting, including typical turnaround time.",
        "Do you support health information exchange (HIE) data feeds?",
        "Describe your Medicaid managed care parity compliance.",
    )
    found = conflicts(questions, phrasings, np.arange(3), 3, answers)
    assert found[(0, 0)] == "the question asks for average speed of answer, the entry names none (metric)"
    assert found[(1, 1)] == "the question asks for dental, the entry names none (line of coverage)"
    assert found[(2, 2)] == "the question asks for individual market, the entry names none (market)"
    assert found[(5, 2)] == "the question asks for Medicaid, the entry names none (market)"
    # turnaround is a detail of many questions, and a data exchange is not the Exchange
    assert not any(row in (3, 4) for row, _ in found)
    # an entry whose answer names the line of coverage or the market answers it
    assert (1, 0) not in conflicts(questions, phrasings, np.arange(3), 3, ("Dental claims are paid in 5 days.", "", ""))
