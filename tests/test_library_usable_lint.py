"""Which entries the matcher may use (by status) and library lint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from library_support import (
    line_of,
    write_library,
)

from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.lint import format_problem, lint_library

# --- usable() ------------------------------------------------------------------------------

FILTER_LIBRARY = """\
- id: for-everyone
  question: Everyone?
  answer: All.
  owner: t@p.example
  status: approved
  last_reviewed: 2026-01-01

- id: hmo-only
  question: HMO?
  answer: HMO.
  products: [HMO]
  owner: t@p.example
  status: approved
  last_reviewed: 2026-01-01

- id: self-funded-only
  question: ASO?
  answer: ASO.
  funding: [self-funded]
  owner: t@p.example
  status: approved
  last_reviewed: 2026-01-01

- id: still-a-draft
  question: Draft?
  answer: Draft.
  status: draft

- id: long-gone
  question: Retired?
  answer: Retired.
  owner: t@p.example
  status: retired
  last_reviewed: 2020-01-01
"""


@pytest.fixture
def filter_library(tmp_path: Path) -> AnswerLibrary:
    return AnswerLibrary.load(write_library(tmp_path / "lib", {"a.yaml": FILTER_LIBRARY}))


def ids(entries: tuple) -> list[str]:
    return [e.id for e in entries]


def test_usable_entries_are_the_approved_ones_only(filter_library: AnswerLibrary) -> None:
    assert ids(filter_library.usable()) == ["for-everyone", "hmo-only", "self-funded-only"]
    assert len(filter_library.entries) == 5


def test_usable_with_drafts_adds_drafts_but_never_retired_entries(filter_library: AnswerLibrary) -> None:
    assert ids(filter_library.usable(include_drafts=True)) == [
        "for-everyone",
        "hmo-only",
        "self-funded-only",
        "still-a-draft",
    ]


# --- lint ----------------------------------------------------------------------------------


def test_lint_reports_stale_approved_entries_as_errors_and_due_soon_as_warnings(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": """\
                - id: fresh
                  question: Fresh?
                  answer: Fresh.
                  owner: t@p.example
                  status: approved
                  last_reviewed: 2026-06-01

                - id: stale
                  question: Stale?
                  answer: Stale.
                  owner: stale-owner@p.example
                  status: approved
                  last_reviewed: 2025-01-01

                - id: due-soon
                  question: Due soon?
                  answer: Soon.
                  owner: t@p.example
                  status: approved
                  last_reviewed: 2026-01-01
                  review_every_days: 180

                - id: old-draft
                  question: Old draft?
                  answer: Draft.
                  owner: t@p.example
                  status: draft
                  last_reviewed: 2020-01-01
            """
        },
    )
    file = folder / "a.yaml"
    problems = lint_library(folder, as_of=date(2026, 6, 20))
    assert [format_problem(p) for p in problems] == [
        f"{file}:{line_of(file, '- id: stale')}: error: past its review date 2026-01-01 "
        "(last reviewed 2025-01-01, owner stale-owner@p.example) [stale]",
        f"{file}:{line_of(file, '- id: due-soon')}: warning: due for review on 2026-06-30 "
        "(owner t@p.example) [due-soon]",
    ]


def test_lint_returns_load_problems_instead_of_raising(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "b.yaml": """\
                - id: no-answer
                  question: Where is the answer?
                  status: draft
            """,
            "a.yaml": """\
                - id: bad-status
                  question: Status?
                  answer: Odd.
                  status: pending
            """,
        },
    )
    problems = lint_library(folder, as_of=date(2026, 1, 1))
    assert [(Path(p.path).name, p.line, p.severity) for p in problems] == [
        ("a.yaml", 4, "error"),
        ("b.yaml", 1, "error"),
    ]
