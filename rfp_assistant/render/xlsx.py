"""Writing the automatic answers into a copy of the issuer's workbook.

Only the answer and explanation cells change: the copy is made at the package level
(see :mod:`rfp_assistant.ooxml.xlsx_write`), so styles, dropdowns (x14 ones included),
form controls, shapes, comments, formulas and their cached values stay as the issuer
made them. Which text goes to which cell follows the shared rules of
:mod:`rfp_assistant.render.answer_spots`; an answer that refers to a computed exhibit
gets the exhibit as a new sheet of the copy and a sentence pointing to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.models import Format, Placement, QuestionResult, Response, XlsxLocation
from rfp_assistant.ooxml.xlsx import SheetContent, sheet_content, split_ref
from rfp_assistant.ooxml.xlsx_write import DEFAULT_COLUMN_WIDTH, CellWrite, write_cells
from rfp_assistant.render.answer_spots import AnswerSpots, SpotWrite, plan_answer

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")

# A narrative goes to the explanation column instead when the answer column is a narrow
# Yes/No-style column (under this many characters) and the explanation column is wider.
NARROW_ANSWER_COLUMN = 20.0
NO_ANSWER_CELL = "the workbook has no answer cell for this question (answer it in the issuer's portal)"
EXHIBIT_POINTER = "See the '{title}' sheet in this workbook."


def plan_writes(
    result: QuestionResult, widths: dict[int, float] | None = None, values: Mapping[str, str] | None = None
) -> tuple[list[CellWrite], str | None]:
    """The cells to write for one automatic answer, or the reason nothing can be written.

    ``widths`` (column widths of the question's sheet) lets a long narrative go to a wide
    explanation column rather than a narrow response column meant for Yes/No; ``values``
    (the sheet's cell texts) keeps an answer a cell already holds.
    """
    location = result.question.location
    if not isinstance(location, XlsxLocation):
        return [], "not a workbook location"
    values = values or {}
    answer_cell, explanation_cell = location.answer_cell, location.explanation_cell
    cells = {"answer": answer_cell, "explanation": explanation_cell}
    spots = AnswerSpots(
        answer=f"'{location.sheet}'!{answer_cell}" if answer_cell else None,
        explanation=f"'{location.sheet}'!{explanation_cell}" if explanation_cell else None,
        answer_text=values.get(answer_cell or "", ""),
        explanation_text=values.get(explanation_cell or "", ""),
        short_answer_spot=bool(
            answer_cell
            and explanation_cell
            and widths is not None
            and _narrow(answer_cell, explanation_cell, widths)
        ),
        nowhere=NO_ANSWER_CELL,
    )
    writes, note = plan_answer(result, spots)
    return [_cell(location.sheet, cells[w.spot] or "", w) for w in writes], note


def _narrow(answer_cell: str, explanation_cell: str, widths: dict[int, float]) -> bool:
    answer_width = widths.get(split_ref(answer_cell)[1], DEFAULT_COLUMN_WIDTH)
    explanation_width = widths.get(split_ref(explanation_cell)[1], DEFAULT_COLUMN_WIDTH)
    return answer_width < NARROW_ANSWER_COLUMN and explanation_width >= 2 * answer_width


def _cell(sheet: str, ref: str, write: SpotWrite) -> CellWrite:
    if write.numeric and _NUMBER.match(write.text):
        return CellWrite(sheet, ref, write.text, number=float(write.text.replace(",", "")))
    return CellWrite(sheet, ref, write.text)


def fill_workbook(
    source: Path, output: Path, response: Response, extra_parts: dict[str, bytes] | None = None
) -> list[Placement]:
    """Write every ``auto`` answer of ``response`` into a copy of ``source`` at ``output``.

    A cell that already holds something other than a placeholder is left as it is (a
    person may have started answering, or the issuer prefilled it); the placement says so.
    ``extra_parts`` adds or replaces whole package parts (the exhibit sheets).
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
        cells, note = plan_writes(result, sheets[sheet].widths, sheets[sheet].values)
        writes.extend(cells)
        placements.append(Placement(result.question.id, tuple(f"'{c.sheet}'!{c.ref}" for c in cells), note))
    write_cells(source, output, writes, extra_parts=extra_parts)
    return placements


def _exhibit_sheets(
    source: Path, response: Response, exhibits: Mapping[str, Exhibit]
) -> tuple[Response, dict[str, bytes], dict[str, str]]:
    """The exhibit sheets to add to the copy, the response pointing to them, and notes.

    Each automatic answer whose entry names an exhibit gets a sentence naming the sheet;
    when the workbook's package cannot take the sheets, those answers get a note instead
    (and are not written).
    """
    wanted = list(
        dict.fromkeys(
            r.exhibit for r in response.results if r.decision == "auto" and r.exhibit in exhibits
        )
    )
    if not wanted:
        return response, {}, {}
    from rfp_assistant.render.sheet_graft import GraftError, exhibit_parts

    try:
        parts, titles = exhibit_parts(source, [exhibits[name] for name in wanted])
    except GraftError as exc:
        notes = {
            r.question.id: f"the {r.exhibit} exhibit could not be added to this workbook: {exc}"
            for r in response.results
            if r.decision == "auto" and r.exhibit
        }
        return response, {}, notes
    results = tuple(
        replace(r, answer=f"{r.answer}\n\n{EXHIBIT_POINTER.format(title=titles[r.exhibit])}")
        if r.decision == "auto" and r.exhibit in titles
        else r
        for r in response.results
    )
    return replace(response, results=results), parts, {}


@dataclass(frozen=True)
class XlsxRenderer:
    """Fills a copy of an Excel questionnaire (.xlsx, or .xlsm with its macros kept, never run)."""

    formats: tuple[Format, ...] = ("xlsx",)
    output_kind: str = "the filled copy keeps the questionnaire's own format"

    def suffixes(self, source: Path) -> tuple[str, ...]:
        """The copy keeps the input's own suffix: ``.xlsm`` stays ``.xlsm``."""
        return (source.suffix.lower(),)

    def render(
        self,
        source: Path,
        output: Path,
        response: Response,
        exhibits: Mapping[str, Exhibit],
        context: Mapping[str, Any],
    ) -> list[Placement]:
        """Write the ``auto`` answers and the exhibit sheets they refer to (see :class:`Renderer`)."""
        pointed, parts, notes = _exhibit_sheets(source, response, exhibits)
        writable = replace(
            pointed,
            results=tuple(
                replace(r, decision="review") if r.question.id in notes else r for r in pointed.results
            ),
        )
        placements = fill_workbook(source, output, writable, extra_parts=parts)
        original = {r.question.id: r.answer for r in response.results}
        changed = {r.question.id: r.answer for r in pointed.results if r.answer != original[r.question.id]}
        placements = [replace(p, answer=changed.get(p.question_id)) for p in placements]
        placements.extend(Placement(qid, (), note) for qid, note in notes.items())
        return placements


XLSX_RENDERER = XlsxRenderer()
