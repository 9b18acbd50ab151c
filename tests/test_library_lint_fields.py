"""library lint on the fields issue 8 added: per-kind short answers and grid cells, each at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_support import line_of
from test_library_lint import FRESH, library_with, lint, only

from rfp_assistant.library.lint import format_problem


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        pytest.param("yes_no", "Sometimes", ("'Sometimes' is not Yes, No or N/A",), id="yes_no"),
        pytest.param("date", "next spring", ("'next spring' is not a date",), id="date"),
        pytest.param("numeric", "about thirty", ("'about thirty' is not a number",), id="numeric"),
    ],
)
def test_each_per_kind_short_answer_is_checked_for_its_own_kind_at_its_own_line(
    tmp_path: Path, kind: str, value: str, words: tuple[str, ...]
) -> None:
    good = {"yes_no": "Yes", "date": "2027-01-01", "numeric": "30"}
    values = "\n".join(f'            {k}: "{value if k == kind else v}"' for k, v in good.items())
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: per-kind
          question: When does the guarantee start, and is it offered?
          answer: Yes. The guarantee starts on the effective date and covers 30 measures.
          short_answer:
{values}
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, f'{kind}: "{value}"'), "error")
    assert all(w in problem.message for w in words), problem.message


def test_fitting_per_kind_short_answers_lint_clean(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path,
        f"""\
        - id: per-kind
          question: When does the guarantee start, and is it offered?
          answer: Yes. The guarantee starts on the effective date.
          short_answer:
            yes_no: "Yes"
            date: "{{{{ plan.effective }}}}"
          {FRESH}
        """,
        **{"plan.yaml": "name: Northwind Health Plan\neffective: 2027-01-01\n"},
    )
    assert lint(folder) == []


def test_a_per_kind_short_answer_that_reaches_python_internals_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: per-kind
          question: Is it offered?
          answer: Yes. It is offered.
          short_answer:
            yes_no: "{{{{ ''.__class__ }}}}"
          {FRESH}
        """,
    )
    problem = only(lint(folder), "error")
    assert problem.line == line_of(file, "yes_no:")
    assert "short_answer.yes_no:" in problem.message and "__class__" in problem.message


GRID = """\
- id: pg-table
  question: Complete the performance guarantee table.
  answer: See the table.
  grid:
    columns:
      - id: standard
        labels: [Standard]
    rows:
      - labels: [Average speed of answer]
        standard: 30 seconds
      - labels: [Abandonment rate]
        standard: "{cell}"
  @approved-and-fresh
"""


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        pytest.param("{{ ''.__class__ }}", ("reaches '__class__'", "which the sandbox refuses"), id="unsafe"),
        pytest.param("{{ plan.abandonment_target }}", ("plan.abandonment_target",), id="unknown-variable"),
    ],
)
def test_a_grid_cell_is_a_template_checked_in_the_sandbox_and_against_the_variables_at_its_line(
    tmp_path: Path, cell: str, words: tuple[str, ...]
) -> None:
    folder, file = library_with(tmp_path, GRID.replace("{cell}", cell))
    problem = only(lint(folder), "error")
    assert problem.line == line_of(file, "standard: \"{{")
    assert format_problem(problem).startswith(f"{file}:{problem.line}: error: grid row 'Abandonment rate', column 'standard': ")
    assert all(w in problem.message for w in words), problem.message


def test_a_grid_cell_naming_a_known_variable_lints_clean(tmp_path: Path) -> None:
    folder, _ = library_with(tmp_path, GRID.replace("{cell}", "{{ plan.name }} target: 3%"))
    assert [p for p in lint(folder) if p.severity == "error"] == []
