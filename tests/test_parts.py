"""A multi-part question is answered automatically only by an entry that answers each of its parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_support import write_library

from rfp_assistant.embed import EmbeddingCache
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.match import match
from rfp_assistant.match.parts import question_parts
from rfp_assistant.match.qualifiers import CONFLICT_CONFIDENCE
from rfp_assistant.models import Question, Questionnaire, XlsxLocation

ANSWERS = """\
- id: service-hours
  question: What are your member service center's hours of operation?
  answer: |
    The member service center is open 7 a.m. to 7 p.m. Pacific Time, Monday to Friday.
  owner: service@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: nurse-line
  question: Is a registered nurse advice line available to members 24 hours a day, 7 days a week?
  answer: |
    Yes. Registered nurses answer the nurse advice line at any hour, every day of the year.
  owner: care@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: eap
  question: Do you offer an employee assistance program, and how many counseling sessions are included?
  answer: |
    Yes. The employee assistance program includes six counseling sessions per issue per year.
  owner: bh@plan.example
  status: approved
  last_reviewed: 2026-06-01
"""
# a point so low that anything the check does not hold back is automatic
PERMISSIVE = {"auto_confidence": 0.05, "review_confidence": 0.01, "min_margin": 0.0}


def test_a_question_splits_into_the_parts_that_ask_something_of_their_own() -> None:
    assert question_parts("What are your hours of operation (Pacific Time)? Is a nurse line available 24/7?") == (
        "What are your hours of operation (Pacific Time)?",
        "Is a nurse line available 24/7?",
    )
    assert question_parts(
        "How do you handle eligibility file errors, and how quickly are eligibility updates loaded?"
    ) == ("How do you handle eligibility file errors", "how quickly are eligibility updates loaded?")
    assert question_parts(
        "Retiree coverage a. Can early retirees remain on the active plan? b. Do you offer a group Medicare Advantage plan?"
    ) == ("Can early retirees remain on the active plan?", "Do you offer a group Medicare Advantage plan?")
    # "A.M. Best" and "e.g." end no sentence
    assert question_parts("Do you offer specific stop-loss coverage? Name the carrier and its A.M. Best rating.") == (
        "Do you offer specific stop-loss coverage?",
        "Name the carrier and its A.M. Best rating.",
    )


def test_follow_ups_and_short_clauses_are_no_parts() -> None:
    assert question_parts("Do you laser individuals at renewal? If yes, describe the process.") == ()
    assert question_parts("Do you offer a concierge advocacy service? Is there an additional fee?") == ()
    assert question_parts("Describe your utilization management program. Please explain.") == ()
    assert question_parts("Is pricing pass-through or spread-based, and why?") == ()
    assert question_parts("Provide the U.S. address of your headquarters, e.g. street and city.") == ()


@pytest.fixture
def library(tmp_path: Path) -> AnswerLibrary:
    return AnswerLibrary.load(
        write_library(tmp_path / "library", {"plan.yaml": "name: Test Health Plan\n", "answers.yaml": ANSWERS})
    )


def _questionnaire(tmp_path: Path, *texts: str) -> Questionnaire:
    questions = tuple(
        Question(f"q{n:04d}", str(n), "Service", text, "narrative", XlsxLocation("Q", f"B{n}", f"C{n}"))
        for n, text in enumerate(texts, start=1)
    )
    return Questionnaire(tmp_path / "rfp.xlsx", "xlsx", questions)


@pytest.mark.model
def test_an_entry_that_leaves_out_a_part_another_entry_answers_goes_to_review_naming_it(library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    two_parts = (
        "What are your member service center's hours of operation? "
        "Is a registered nurse advice line available to members 24 hours a day, 7 days a week?"
    )
    one_part = "What are your member service center's hours of operation?"
    both_in_one = "Do you offer an employee assistance program? How many counseling sessions are included?"
    response = match(
        _questionnaire(tmp_path, two_parts, one_part, both_in_one),
        library,
        cache=EmbeddingCache(tmp_path / "cache"),
        settings=PERMISSIVE,
        one_questionnaire=False,
    )
    combined, alone, eap = response.results
    assert alone.decision == "auto" and alone.best.entry_id == "service-hours"
    # both entries stay candidates, in the order the scores give; neither is automatic
    assert {m.entry_id for m in combined.matches[:2]} == {"service-hours", "nurse-line"}
    assert combined.decision == "review"
    assert combined.best.confidence <= CONFLICT_CONFIDENCE
    other = "nurse-line" if combined.best.entry_id == "service-hours" else "service-hours"
    assert combined.reason.startswith("multi-part question: the part ")
    assert combined.reason.endswith(f" is answered by {other}")
    # one entry answering both parts is not held back
    assert (eap.decision, eap.best.entry_id) == ("auto", "eap")
