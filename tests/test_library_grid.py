"""The ``grid:`` of a library entry: loaded into rows and columns, every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

from library_support import GOOD_ENTRY, find_problem, line_of, load_error, write_library

from rfp_assistant.library import AnswerLibrary

GRID_ENTRY = GOOD_ENTRY.format(
    id="pg-table", question="Complete the guarantee table.", status="approved", last_reviewed="2026-11-30"
)


def _library(tmp_path: Path, grid: str) -> Path:
    """A one-entry library folder whose entry carries ``grid`` (YAML lines under the entry)."""
    return write_library(tmp_path / "lib", {"pg.yaml": GRID_ENTRY + grid})


def test_a_grid_loads_into_columns_and_rows_with_their_labels_and_values(tmp_path: Path) -> None:
    folder = _library(
        tmp_path,
        """\
  grid:
    columns:
      - id: standard
        labels: [Standard, Guarantee]
      - id: period
        labels: Measurement Period
    rows:
      - labels: [Average speed of answer, ASA]
        standard: 30 seconds or less
        period: Quarterly
      - labels: [Abandonment rate]
        standard: 3%
""",
    )
    (entry,) = AnswerLibrary.load(folder).entries
    assert [(c.id, c.labels) for c in entry.grid.columns] == [
        ("standard", ("Standard", "Guarantee")),
        ("period", ("Measurement Period",)),
    ]
    assert [r.labels for r in entry.grid.rows] == [("Average speed of answer", "ASA"), ("Abandonment rate",)]
    assert entry.grid.rows[1].value("standard") == "3%" and entry.grid.rows[1].value("period") is None


def test_grid_problems_are_reported_with_their_file_and_line(tmp_path: Path) -> None:
    folder = _library(
        tmp_path,
        """\
  grid:
    columns:
      - id: Standard Column
        labels: [Standard]
      - id: period
    rows:
      - labels: [ASA]
        standrd: 30 seconds
      - standard: 3%
      - labels: [Abandonment]
        period: "{{ plan.name"
""",
    )
    exc = load_error(folder)
    file = folder / "pg.yaml"
    find_problem(exc, file, line_of(file, "id: Standard Column"), "lowercase letters")
    find_problem(exc, file, line_of(file, "- id: period"), "needs 'labels'")
    find_problem(exc, file, line_of(file, "standard: 3%"), "each row needs 'labels'")
    find_problem(exc, file, line_of(file, 'period: "{{ plan.name"'), "template syntax error")


def test_a_grid_that_is_not_a_mapping_is_an_error(tmp_path: Path) -> None:
    folder = _library(tmp_path, "  grid: [a, b]\n")
    exc = load_error(folder)
    find_problem(exc, folder / "pg.yaml", line_of(folder / "pg.yaml", "grid:"), "grid must be a mapping")
