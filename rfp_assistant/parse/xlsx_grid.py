"""Grids: a table laid out directly below a question, answered cell by cell.

A performance-guarantee table or a fee schedule pasted under its question looks like
this in a workbook::

    PG-02 | Complete the performance guarantee table below ...   |          |          |
          | Metric                     | Standard | Measurement Period | Fees at Risk |
          | Claims processed in 14 days |          |                    |              |
          | Financial accuracy          |          |                    |              |

The row right under the question names the grid's columns (its first cell, in the question
column, heads the row labels); each following row has a label in the question column, no
number of its own and blank cells under the grid's columns. The grid's own header row
overrides what the sheet's header says those columns are for (the third column above may
be the issuer's comments column elsewhere). Its rows are neither sections nor questions.

Pure functions over a :class:`~rfp_assistant.parse.xlsx_layout.Grid`.
"""

from __future__ import annotations

from rfp_assistant.models import AnswerGrid, GridFormat
from rfp_assistant.ooxml.xlsx import cell_format, column_letters
from rfp_assistant.parse.text import is_placeholder, is_question_text, one_line
from rfp_assistant.parse.xlsx_layout import HEADER_CELL_MAX_CHARS, HEADER_CELL_MAX_WORDS, Grid
from rfp_assistant.parse.xlsx_regions import Region

GRID_LABEL_MAX_CHARS = 160  # a row label is a short phrase, never a paragraph


def grid_below(grid: Grid, row: int, region: Region) -> tuple[AnswerGrid, int] | None:
    """The grid whose header is ``row`` (the row under a question) and the grid's last row.

    None when ``row`` does not head a grid: its label cell is empty or asks something, no
    short column labels stand to its right, or no row below it has a label and blank cells.
    """
    columns = _column_labels(grid, row, region)
    if columns is None:
        return None
    cols = [c for c, _ in columns]
    rows: list[tuple[int, str]] = []
    for data_row in range(row + 1, region.rows.stop):
        label = _row_label(grid, data_row, region, cols)
        if label is None:
            break
        rows.append((data_row, label))
    if not rows:
        return None
    first_data = rows[0][0]
    answer_grid = AnswerGrid(
        row_header=one_line(grid.get(row, region.qcol)),
        columns=tuple(label for _, label in columns),
        rows=tuple(label for _, label in rows),
        cells=tuple(tuple(f"{column_letters(c)}{r}" for c in cols) for r, _ in rows),
        formats=tuple(_grid_format(grid.number_formats.get((first_data, c), "")) for c in cols),
    )
    return answer_grid, rows[-1][0]


def _grid_format(number_format: str) -> GridFormat:
    return cell_format(number_format)  # type: ignore[return-value]


def _column_labels(grid: Grid, row: int, region: Region) -> list[tuple[int, str]] | None:
    """The grid's columns (column index, label) on a grid header row, or None."""
    head = grid.get(row, region.qcol)
    if not _is_label(head, HEADER_CELL_MAX_CHARS) or not _numberless(grid, row, region):
        return None
    if grid.anchor(row, region.qcol) != (row, region.qcol) or (row, region.qcol) in grid.merges:
        return None
    labels = [(c, t) for c, t in grid.row_cells(row) if c > region.qcol]
    if not labels or not all(_is_label(t, HEADER_CELL_MAX_CHARS, HEADER_CELL_MAX_WORDS) for _, t in labels):
        return None
    return [(c, one_line(t)) for c, t in labels]


def _row_label(grid: Grid, row: int, region: Region, cols: list[int]) -> str | None:
    """A grid row's label when ``row`` is one: a label, no number, blank cells under the grid."""
    label = grid.get(row, region.qcol)
    if not _is_label(label, GRID_LABEL_MAX_CHARS) or not _numberless(grid, row, region):
        return None
    if grid.anchor(row, region.qcol) != (row, region.qcol) or (row, region.qcol) in grid.merges:
        return None
    values = [grid.get(row, c) for c in cols]
    if not any(not v or is_placeholder(v) for v in values):
        return None
    if any(c > region.qcol and c not in cols for c, _ in grid.row_cells(row)):
        return None  # text beside the grid: not one of its rows
    return one_line(label)


def _numberless(grid: Grid, row: int, region: Region) -> bool:
    """True when the row has no number of its own (grid rows never do; questions do)."""
    return not region.id_col or not grid.get(row, region.id_col)


def _is_label(text: str, max_chars: int, max_words: int | None = None) -> bool:
    body = one_line(text)
    if not body or len(body) > max_chars or is_placeholder(body) or is_question_text(body):
        return False
    return max_words is None or len(body.split()) <= max_words
