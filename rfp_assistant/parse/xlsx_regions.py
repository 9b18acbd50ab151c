"""The regions of a sheet: the rows one header governs, and which column plays which role there.

A sheet is cut at each header row (a header may repeat per section, or be absent); rows
above the first header share its columns (contact fields, a date line). In each region
:func:`find_regions` picks the question column, the issuer's number column, the answer
and explanation columns, a Yes/No column beside a response column, a column for
attachment names, a section or type column, option columns ("Answer 1 … N") and the
placeholders that mark answer slots. Columns meant for the issuer ("Consultant
Comments", "Score") play no role: nothing is ever written there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rfp_assistant.parse.text import is_question_text
from rfp_assistant.parse.xlsx_layout import (
    Grid,
    Header,
    blank_column,
    find_headers,
    id_column,
    question_column,
    repeated_fillers,
)
from rfp_assistant.parse.xlsx_sheet import Validation

MIN_HEADERLESS_QUESTIONS = 3
MIN_FILLER_ROWS = 3  # a placeholder repeated on this many rows marks the answer slots
TITLE_ROLES_NOT = ("id", "section", "type", "option", "label")


@dataclass(frozen=True)
class Region:
    """Rows governed by one header (or the whole sheet when it has none)."""

    header: Header | None
    rows: range
    qcol: int
    id_col: int | None
    answer_col: int | None
    explanation_col: int | None
    # A "Yes/No" column beside the response column (``answer_col``): where a yes/no
    # question's value goes, while its narrative and every other row's answer go to the
    # response column. None when the layout has one answer column.
    yes_no_col: int | None
    attachment_col: int | None
    section_col: int | None
    type_col: int | None
    option_cols: list[int]
    label_col: int | None
    fillers: set[str]
    uses_fillers: bool


def find_regions(grid: Grid, validations: list[Validation]) -> list[Region]:
    """The sheet's regions in row order; empty when no column holds questions."""
    headers = find_headers(grid)
    if not headers:
        region = _region(grid, validations, None, range(1, grid.max_row + 1))
        return [region] if region else []
    regions = []
    bounds = [h.row for h in headers] + [grid.max_row + 1]
    first = _region(grid, validations, headers[0], range(headers[0].row + 1, bounds[1]))
    if first:
        # Rows above the first header share its columns (contact fields, a date line).
        regions.append(replace(first, header=None, rows=range(1, headers[0].row)))
    for i, header in enumerate(headers):
        region = first if i == 0 else _region(grid, validations, header, range(header.row + 1, bounds[i + 1]))
        if region:
            regions.append(region)
    return regions


def _region(grid: Grid, validations: list[Validation], header: Header | None, rows: range) -> Region | None:
    qcol = _question_col(grid, header, rows)
    if qcol is None:
        return None
    if header and header.title is None:
        header.title = _header_section(header, qcol)
    qrows = [r for r in rows if is_question_text(grid.get(r, qcol)) and grid.anchor(r, qcol) == (r, qcol)]
    id_col = header.first("id") if header else None
    if id_col is None or id_col >= qcol:
        id_col = id_column(grid, qrows, qcol) if qrows else None
    answer_col = _answer_col(grid, validations, header, qrows, qcol)
    yes_no_col = next((c for c in header.all("yes_no") if c > qcol), None) if header else None
    if answer_col is None and yes_no_col is not None:
        answer_col, yes_no_col = yes_no_col, None  # a lone "Yes/No" column is the answer column
    if header is None and len(qrows) < MIN_HEADERLESS_QUESTIONS:
        return None  # a few sentences on a sheet with no header are notes, not a questionnaire
    explanation_col = None
    if header:
        explanation_col = next((c for c in header.all("explanation") if c > qcol and c != answer_col), None)
    # Fillers are counted over every row, not just question-like ones: a placeholder marks
    # the answer slot of items worded as titles ("Disaster recovery arrangements").
    fillers = repeated_fillers(grid, answer_col, list(rows)) if answer_col else set()
    filled_rows = sum(1 for r in rows if grid.get(r, answer_col or 0) in fillers)
    return Region(
        header=header,
        rows=rows,
        qcol=qcol,
        id_col=id_col,
        answer_col=answer_col,
        explanation_col=explanation_col,
        yes_no_col=yes_no_col,
        attachment_col=next((c for c in header.all("attachment") if c > qcol), None) if header else None,
        section_col=header.first("section") if header else None,
        type_col=header.first("type") if header else None,
        option_cols=header.all("option") if header else [],
        label_col=header.first("label") if header else None,
        fillers=fillers,
        uses_fillers=bool(fillers) and filled_rows >= MIN_FILLER_ROWS,
    )


def _question_col(grid: Grid, header: Header | None, rows: range) -> int | None:
    """The column holding the questions: the one the header calls "Question" if its text asks."""
    roles = header.roles if header else {}
    excluded = {c for c, r in roles.items() if r != "question"}
    if header and header.all("option"):
        # Option columns ("Answer 1 … Answer N") and whatever follows them (follow-up
        # routing, "Follow up question 1") describe a question; they never hold one.
        excluded |= set(range(header.all("option")[0], grid.max_col + 1))
    candidates = [c for c in header.all("question") if c not in excluded] if header else []
    # Prefer a column the header calls "Question"; but a header cell such as
    # " Required Questions" in the first column is a section title, not a column name.
    qcol = question_column(grid, rows, excluded | (set(range(1, grid.max_col + 1)) - set(candidates)))
    if qcol is None:
        qcol = question_column(grid, rows, excluded)
    if qcol is None and len(candidates) == 1 and header and header.title is None:
        qcol = candidates[0]  # a header over rows that hold no question-like text yet (labels)
    return qcol


def _header_section(header: Header, qcol: int) -> str | None:
    """The leftmost header cell before the questions when it is not a column name.

    " Required Questions", "HIPAA Compliance": it names the section of the rows below.
    """
    left = [c for c in sorted(header.texts) if c < qcol and header.roles.get(c) not in TITLE_ROLES_NOT]
    return header.texts[left[0]] if left and left[0] == min(header.texts) else None


def _answer_col(
    grid: Grid, validations: list[Validation], header: Header | None, qrows: list[int], qcol: int
) -> int | None:
    """The answer column: the header's (right of the questions), else a dropdown column, else a blank one."""
    answer_col = header.first("answer") if header else None
    if answer_col is not None and answer_col < qcol:
        answer_col = next((c for c in header.all("answer") if c > qcol), None) if header else None
    if answer_col is None and not (header and (header.all("option") or header.first("type"))):
        answer_col = validated_column(validations, qrows, qcol)
        if answer_col is None and header is None:
            answer_col = blank_column(grid, qrows, qcol + 1, max(grid.max_col, qcol) + 1, set())
    return answer_col


def validated_column(validations: list[Validation], rows: list[int], qcol: int) -> int | None:
    """A column right of the questions carrying list/number/date dropdowns on the question rows."""
    counts: dict[int, int] = {}
    for validation in validations:
        if validation.type in (None, "any", "custom"):
            continue
        for area in validation.ranges:
            for col in range(max(area.min_col, qcol + 1), area.max_col + 1):
                hits = sum(1 for r in rows if area.min_row <= r <= area.max_row)
                counts[col] = counts.get(col, 0) + hits
    if not counts:
        return None
    col = min(c for c, n in counts.items() if n == max(counts.values()))
    return col if counts[col] >= 1 else None
