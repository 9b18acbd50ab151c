"""Loading, validating and linting answer libraries: the bundled one and small broken ones."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from library_support import (
    GOOD_ENTRY,
    LIBRARY,
    SAMPLE_ACCOUNT_VARS,
    STALE_ON_2026_11_29,
    entry_by_id,
    find_problem,
    line_of,
    load_error,
    write_library,
)

from rfp_assistant.account import load_account
from rfp_assistant.errors import RfpAssistantError
from rfp_assistant.library import AnswerLibrary, render_answer
from rfp_assistant.library.lint import lint_library
from rfp_assistant.library.load import RESERVED_FILES
from rfp_assistant.projection import projection_report


@pytest.fixture(scope="module")
def bundled() -> AnswerLibrary:
    return AnswerLibrary.load(LIBRARY)


# --- the bundled library -------------------------------------------------------------------


def test_bundled_library_has_at_least_150_entries_in_at_least_12_topic_files(bundled: AnswerLibrary) -> None:
    topic_files = {Path(e.source).name for e in bundled.entries}
    assert len(bundled.entries) >= 150
    assert len(topic_files) >= 12
    assert not topic_files & set(RESERVED_FILES)


def test_bundled_library_entry_ids_are_unique(bundled: AnswerLibrary) -> None:
    ids = [e.id for e in bundled.entries]
    assert len(ids) == len(set(ids))


def test_bundled_library_loads_plan_variables_and_glossary(bundled: AnswerLibrary) -> None:
    assert bundled.plan["name"] == "Northwind Health Plan"
    assert bundled.plan["phone"]
    assert bundled.glossary.acronyms["ASO"] == "administrative services only"
    assert "HEDIS" in bundled.glossary.acronyms
    assert len(bundled.glossary.synonyms) > 0
    assert all(word == word.lower() for group in bundled.glossary.synonyms for word in group)


def test_every_bundled_answer_renders_with_the_plan_variables(bundled: AnswerLibrary) -> None:
    # Answers beside an exhibit quote the projection's figures: give them the sample account's.
    projection = projection_report(load_account(LIBRARY.parent / "samples" / "harbor_point_account.yaml"))
    variables = {"plan": bundled.plan, "account": SAMPLE_ACCOUNT_VARS, "projection": projection}
    for entry in bundled.entries:
        text = render_answer(entry, variables)
        assert text.strip(), entry.id
        assert "{{" not in text and "{%" not in text, entry.id
        if entry.answer_brief:
            assert render_answer(entry, variables, brief=True).strip(), entry.id


def test_bundled_library_version_is_a_git_commit_or_a_content_hash(bundled: AnswerLibrary) -> None:
    assert re.fullmatch(
        r"git:[0-9a-f]{12}(\+dirty)? \(sha256:[0-9a-f]{16}\)|sha256:[0-9a-f]{16}", bundled.version
    ), bundled.version


def test_bundled_entries_know_their_file_and_line(bundled: AnswerLibrary) -> None:
    entry = entry_by_id(bundled, "pharmacy-carve-out")
    assert Path(entry.source) == LIBRARY / "pharmacy.yaml"
    assert entry.line == line_of(LIBRARY / "pharmacy.yaml", "- id: pharmacy-carve-out")
    assert entry.funding == ("self-funded",)
    assert entry.short_answer == "Yes"


def test_bundled_library_lints_with_the_four_stale_entries_on_2026_11_29() -> None:
    problems = lint_library(LIBRARY, as_of=date(2026, 11, 29))
    errors = [p for p in problems if p.severity == "error"]
    assert {p.entry_id for p in errors} == STALE_ON_2026_11_29
    for problem in errors:
        file = Path(problem.path)
        assert problem.line == line_of(file, f"- id: {problem.entry_id}")
        assert str(problem).startswith(f"{file}:{problem.line}: error: ")
        assert "past its review date" in problem.message
    warnings = {p.entry_id for p in problems if p.severity == "warning"}
    assert "company-litigation" in warnings  # due 2026-12-28, within 30 days


def test_bundled_library_lints_clean_as_of_its_review_dates() -> None:
    assert [p for p in lint_library(LIBRARY, as_of=date(2026, 1, 1)) if p.severity == "error"] == []


# --- version ---------------------------------------------------------------------------------


def test_library_outside_git_is_versioned_by_a_content_hash_that_follows_edits(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {"a.yaml": GOOD_ENTRY.format(id="one", question="Q?", status="approved", last_reviewed="2026-01-01")},
    )
    first = AnswerLibrary.load(folder).version
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", first)
    assert AnswerLibrary.load(folder).version == first
    (folder / "a.yaml").write_text(
        GOOD_ENTRY.format(id="one", question="Changed?", status="approved", last_reviewed="2026-01-01")
    )
    assert AnswerLibrary.load(folder).version != first


# --- broken libraries ------------------------------------------------------------------------


def test_load_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": """\
                - id: missing-answer
                  question: What is missing?
                  status: draft

                - id: bad-status
                  question: What status?
                  answer: Published.
                  status: published

                - id: approved-alone
                  question: Who owns this?
                  answer: Nobody.
                  status: approved

                - id: bad-template
                  question: Broken template?
                  answer: |
                    {{ plan.name was here
                  status: draft

                - id: bad-funding
                  question: Which funding?
                  answer: Partial.
                  status: draft
                  funding: [partially-insured]

                - id: twice
                  question: First copy?
                  answer: One.
                  status: draft
            """,
            "b.yaml": """\
                - id: twice
                  question: Second copy?
                  answer: Two.
                  status: draft
            """,
            "c.yaml": """\
                - id: fine
                  question: Is this fine?
                  answer: Yes
                  status: draft
                   owner: oops@plan.example
            """,
        },
    )
    a, b, c = folder / "a.yaml", folder / "b.yaml", folder / "c.yaml"
    exc = load_error(folder)

    find_problem(
        exc, a, line_of(a, "- id: missing-answer"), "missing-answer", "missing required field 'answer'"
    )
    find_problem(exc, a, line_of(a, "status: published"), "bad-status", "status must be one of", "published")
    find_problem(exc, a, line_of(a, "- id: approved-alone"), "approved-alone", "'owner'")
    find_problem(exc, a, line_of(a, "- id: approved-alone"), "approved-alone", "'last_reviewed'")
    find_problem(exc, a, line_of(a, "{{ plan.name was here"), "bad-template", "template syntax error")
    find_problem(exc, a, line_of(a, "funding:"), "bad-funding", "partially-insured")
    find_problem(exc, b, 1, "duplicate id 'twice'", f"{a}:{line_of(a, '- id: twice')}")
    find_problem(exc, c, line_of(c, "owner: oops"), "invalid YAML")
    assert len(exc.problems) == 8

    message = str(exc)
    assert "\n" not in message
    assert message.startswith(f"{a}:1: error: ")
    assert message.endswith("(and 7 more problems)")
    assert isinstance(exc, RfpAssistantError)


@pytest.mark.parametrize(
    ("text", "needle", "words"),
    [
        pytest.param(
            """\
            - id: no-question
              answer: An answer.
              status: draft
            """,
            "- id: no-question",
            ("no-question", "missing required field 'question'"),
            id="missing-question",
        ),
        pytest.param(
            """\
            - question: Who am I?
              answer: Nobody.
              status: draft
            """,
            "- question: Who am I?",
            ("missing required field 'id'",),
            id="missing-id",
        ),
        pytest.param(
            """\
            - id: no-status
              question: What status?
              answer: None given.
            """,
            "- id: no-status",
            ("no-status", "missing required field 'status'"),
            id="missing-status",
        ),
        pytest.param(
            """\
            - id: typo-status
              question: Status?
              answer: Approved.
              status: aproved
            """,
            "status: aproved",
            ("typo-status", "status must be one of draft, approved, retired", "'aproved'"),
            id="bad-status",
        ),
        pytest.param(
            """\
            - id: nobody-owns-me
              question: Owner?
              answer: None.
              status: approved
              last_reviewed: 2026-01-01
            """,
            "- id: nobody-owns-me",
            ("nobody-owns-me", "approved entries need 'owner'"),
            id="approved-without-owner",
        ),
        pytest.param(
            """\
            - id: never-reviewed
              question: Reviewed?
              answer: Never.
              status: approved
              owner: team@plan.example
            """,
            "- id: never-reviewed",
            ("never-reviewed", "approved entries need 'last_reviewed'"),
            id="approved-without-last-reviewed",
        ),
        pytest.param(
            """\
            - id: bad-syntax
              question: Template?
              answer: |
                Call {{ plan.phone }} or {% if %} nothing.
              status: draft
            """,
            "{% if %}",
            ("bad-syntax", "template syntax error"),
            id="bad-template-syntax",
        ),
        pytest.param(
            """\
            - id: odd-funding
              question: Funding?
              answer: Odd.
              status: draft
              funding: [fully-insured, minimum-premium]
            """,
            "funding:",
            ("odd-funding", "unknown funding type 'minimum-premium'"),
            id="unknown-funding",
        ),
        pytest.param(
            """\
            - id: good
              question: Fine?
              answer: Fine.
              status: draft
            - id: broken
              question: What: is: this
              answer: Broken.
              status: draft
            """,
            "question: What: is: this",
            ("invalid YAML",),
            id="invalid-yaml",
        ),
    ],
)
def test_load_reports_each_kind_of_problem_at_its_file_and_line(
    tmp_path: Path, text: str, needle: str, words: tuple[str, ...]
) -> None:
    folder = write_library(tmp_path / "lib", {"topic.yaml": text})
    file = folder / "topic.yaml"
    exc = load_error(folder)
    find_problem(exc, file, line_of(file, needle), *words)
    assert len(exc.problems) == 1
    assert "\n" not in str(exc)
    assert str(exc).startswith(f"{file}:{line_of(file, needle)}: error: ")


def test_duplicate_ids_across_files_name_both_locations(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "claims.yaml": GOOD_ENTRY.format(
                id="claims-a", question="A?", status="draft", last_reviewed="2026-01-01"
            )
            + "\n"
            + GOOD_ENTRY.format(
                id="shared-id", question="First?", status="draft", last_reviewed="2026-01-01"
            ),
            "pharmacy.yaml": GOOD_ENTRY.format(
                id="shared-id", question="Second?", status="draft", last_reviewed="2026-01-01"
            ),
        },
    )
    exc = load_error(folder)
    assert len(exc.problems) == 1
    text = str(exc.problems[0])
    first = f"{folder / 'claims.yaml'}:{line_of(folder / 'claims.yaml', '- id: shared-id')}"
    assert text.startswith(f"{folder / 'pharmacy.yaml'}:1: error: duplicate id 'shared-id'")
    assert first in text


def test_unquoted_yes_and_no_short_answers_become_the_words_yes_and_no(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": """\
                - id: says-yes
                  question: Do you?
                  answer: We do.
                  short_answer: Yes
                  status: draft
                - id: says-no
                  question: Don't you?
                  answer: We don't.
                  short_answer: no
                  status: draft
                - id: says-number
                  question: How many?
                  answer: Twelve.
                  short_answer: 12
                  status: draft
            """
        },
    )
    library = AnswerLibrary.load(folder)
    assert entry_by_id(library, "says-yes").short_answer == "Yes"
    assert entry_by_id(library, "says-no").short_answer == "No"
    assert entry_by_id(library, "says-number").short_answer == "12"


def test_unknown_field_is_a_warning_with_its_line_not_an_error(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": """\
                - id: typo-field
                  question: Anything?
                  answer: Something.
                  status: draft
                  alternate: [Misspelt alternates]
            """
        },
    )
    library = AnswerLibrary.load(folder)
    file = folder / "a.yaml"
    assert [str(w) for w in library.warnings] == [
        f"{file}:{line_of(file, 'alternate:')}: warning: entry 'typo-field': unknown field 'alternate'"
    ]


def test_missing_library_folder_is_a_one_line_library_error(tmp_path: Path) -> None:
    exc = load_error(tmp_path / "nowhere")
    assert "library folder not found" in str(exc)
    assert str(tmp_path / "nowhere") in str(exc)
    assert "\n" not in str(exc)


def test_folder_with_only_reserved_files_has_no_answers(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", {"plan.yaml": "name: Only A Plan\n"})
    exc = load_error(folder)
    assert "no answer files" in str(exc)


def test_invalid_yaml_with_unclosed_quote_points_at_the_opening_line(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": """\
                - id: quoted
                  question: Where does this end?
                  answer: "It never closes
                  status: draft
                - id: next
                  question: Next?
                  answer: Next.
                  status: draft
            """
        },
    )
    file = folder / "a.yaml"
    exc = load_error(folder)
    find_problem(exc, file, line_of(file, 'answer: "It never closes'), "invalid YAML")


def test_entry_that_is_not_a_mapping_is_reported_at_its_own_line(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": GOOD_ENTRY.format(
                id="fine", question="Fine?", status="draft", last_reviewed="2026-01-01"
            )
            + "- just a sentence, not an entry\n"
        },
    )
    file = folder / "a.yaml"
    exc = load_error(folder)
    find_problem(exc, file, line_of(file, "- just a sentence"), "must be a mapping")


def test_invalid_matching_settings_are_a_library_problem_at_their_line(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": GOOD_ENTRY.format(
                id="fine", question="Fine?", status="draft", last_reviewed="2026-01-01"
            ),
            "settings.yaml": """\
                matching:
                  auto_confidence: 1.7
            """,
        },
    )
    file = folder / "settings.yaml"
    exc = load_error(folder)
    find_problem(exc, file, line_of(file, "auto_confidence"), "auto_confidence")
