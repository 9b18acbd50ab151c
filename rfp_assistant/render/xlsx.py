"""Writing the automatic answers into a copy of the issuer's workbook.

Only the answer and explanation cells change: the copy is made at the package level
(see :mod:`rfp_assistant.ooxml.xlsx_write`), so styles, dropdowns (x14 ones included),
form controls, shapes, comments, formulas and their cached values stay as the issuer
made them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rfp_assistant.match.decide import SHORT_ANSWER_KINDS
from rfp_assistant.models import QuestionResult, Response, XlsxLocation
from rfp_assistant.ooxml.xlsx import SheetContent, sheet_content, split_ref
from rfp_assistant.ooxml.xlsx_write import DEFAULT_COLUMN_WIDTH, CellWrite, write_cells
from rfp_assistant.parse.text import is_placeholder

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


@dataclass(frozen=True)
class Placement:
    """Where one question's answer went: cell references, or why nothing was written."""

    question_id: str
    cells: tuple[str, ...]
    note: str | None = None


# A narrative goes to the explanation column instead when the answer column is a narrow
# Yes/No-style column (under this many characters) and the explanation column is wider.
NARROW_ANSWER_COLUMN = 20.0


def plan_writes(
    result: QuestionResult, widths: dict[int, float] | None = None
) -> tuple[list[CellWrite], str | None]:
    """The cells to write for one automatic answer, or the reason nothing can be written.

    ``widths`` (column widths of the question's sheet) lets a long narrative go to a wide
    explanation column rather than a narrow response column meant for Yes/No.
    """
    question = result.question
    location = question.location
    if not isinstance(location, XlsxLocation):
        return [], "not a workbook location"
    answer_cell, explanation_cell = location.answer_cell, location.explanation_cell
    if answer_cell is None and explanation_cell is None:
        return [], "the workbook has no answer cell for this question (answer it in the issuer's portal)"
    writes: list[CellWrite] = []
    if question.kind in SHORT_ANSWER_KINDS and result.short_answer is not None and answer_cell:
        writes.append(
            _value(location.sheet, answer_cell, result.short_answer, numeric=question.kind == "numeric")
        )
        if explanation_cell and result.answer:
            writes.append(CellWrite(location.sheet, explanation_cell, result.answer))
    elif result.answer:
        target = answer_cell or explanation_cell or ""
        if (
            answer_cell
            and explanation_cell
            and widths is not None
            and _narrow(answer_cell, explanation_cell, widths)
        ):
            target = explanation_cell
        writes.append(CellWrite(location.sheet, target, result.answer))
    return writes, None


def _narrow(answer_cell: str, explanation_cell: str, widths: dict[int, float]) -> bool:
    answer_width = widths.get(split_ref(answer_cell)[1], DEFAULT_COLUMN_WIDTH)
    explanation_width = widths.get(split_ref(explanation_cell)[1], DEFAULT_COLUMN_WIDTH)
    return answer_width < NARROW_ANSWER_COLUMN and explanation_width >= 2 * answer_width


def _value(sheet: str, ref: str, text: str, *, numeric: bool) -> CellWrite:
    plain = text.strip()
    if numeric and _NUMBER.match(plain):
        return CellWrite(sheet, ref, plain, number=float(plain.replace(",", "")))
    return CellWrite(sheet, ref, plain)


def fill_workbook(
    source: Path, output: Path, response: Response, extra_parts: dict[str, bytes] | None = None
) -> list[Placement]:
    """Write every ``auto`` answer of ``response`` into a copy of ``source`` at ``output``.

    A cell that already holds something other than a placeholder is left as it is (a
    person may have started answering, or the issuer prefilled it); the placement says so.
    """
    writes: list[CellWrite] = []
    placements: list[Placement] = []
    sheets: dict[str, SheetContent] = {}
    for result in response.results:
        if result.decision != "auto":
            continue
        sheet = getattr(result.question.location, "sheet", "")
        if sheet not in sheets:
            sheets[sheet] = sheet_content(source, sheet)
        cells, note = plan_writes(result, sheets[sheet].widths)
        taken = [c for c in cells if _holds_answer(sheets[sheet].values.get(c.ref))]
        if taken:
            shown = sheets[sheet].values[taken[0].ref]
            note = f"not written: '{sheet}'!{taken[0].ref} already holds {shown[:40]!r}"
            cells = []
        writes.extend(cells)
        placements.append(Placement(result.question.id, tuple(f"'{c.sheet}'!{c.ref}" for c in cells), note))
    write_cells(source, output, writes, extra_parts=extra_parts)
    return placements


def _holds_answer(value: str | None) -> bool:
    return bool(value and value.strip()) and not is_placeholder(value.strip())
