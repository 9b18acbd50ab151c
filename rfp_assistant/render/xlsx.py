"""Writing the automatic answers into a copy of the issuer's workbook.

Only the answer cells change (the Yes/No or value cell, the response or explanation cell,
an attachment-name cell, a grid's cells, and with ``fill --fields`` the contact blanks):
the copy is made at the package level (see :mod:`rfp_assistant.ooxml.xlsx_write`), so
styles, dropdowns (x14 ones included), form controls, shapes, comments, formulas and their
cached values stay as the issuer made them. Which text goes to which cell follows the
shared rules of :mod:`rfp_assistant.render.answer_spots`; a value is typed by the cell's
own number format (:mod:`rfp_assistant.render.xlsx_values`: a real date in a date cell, a
real number in a number cell). Exhibits given to put in the copy
(``--exhibits workbook``) become new sheets, and the answers that refer to them a sentence
pointing to the sheet; the issuer's rate-quote grids get the quoted rates as numbers in its
own blank cells, so its formulas (totals, annual premium) recompute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.exhibits.delivery import SHEET_POINTER, as_delivery, point_answers
from rfp_assistant.models import (
    FIELD_PLACEMENT,
    FieldValue,
    Format,
    Placement,
    QuestionResult,
    Response,
    XlsxLocation,
)
from rfp_assistant.ooxml.package import PartEdit
from rfp_assistant.ooxml.xlsx import SheetContent, sheet_content, split_ref
from rfp_assistant.ooxml.xlsx_write import DEFAULT_COLUMN_WIDTH, CellWrite, recalculate_on_load, write_cells
from rfp_assistant.render.answer_spots import (
    AnswerSpots,
    SpotWrite,
    as_if_answered,
    holds_answer,
    open_spots,
    plan_answer,
    plan_grid,
)
from rfp_assistant.render.xlsx_values import typed_cell
from rfp_assistant.text import prose_date

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit, Letterhead
    from rfp_assistant.rate_quote import RateQuoteWrites

# A narrative goes to the explanation column instead when the answer column is a narrow
# Yes/No-style column (under this many characters) and the explanation column is wider.
NARROW_ANSWER_COLUMN = 20.0
NO_ANSWER_CELL = "the workbook has no answer cell for this question (answer it in the issuer's portal)"
WORKBOOK_PART = "xl/workbook.xml"


@dataclass(frozen=True)
class CellPlan:
    """The cells one answer writes, why nothing is written (``note``), and the cells left for a person."""

    cells: list[CellWrite]
    note: str | None = None
    left_open: tuple[str, ...] = ()


def plan_writes(result: QuestionResult, content: SheetContent | None = None) -> CellPlan:
    """The cells to write for one answer, or the reason nothing can be written.

    ``content`` (the question's sheet as stored) lets a long narrative go to a wide
    explanation column rather than a narrow response column meant for Yes/No, keeps an
    answer a cell already holds, and types values for cells formatted for numbers or dates.
    """
    location = result.question.location
    if not isinstance(location, XlsxLocation):
        return CellPlan([], "not a workbook location")
    content = content or SheetContent()
    values = content.values
    sheet = location.sheet
    cells = {"answer": location.answer_cell, "explanation": location.explanation_cell}
    cells["attachment"] = location.attachment_cell
    spots = AnswerSpots(
        answer=_name(sheet, location.answer_cell),
        explanation=_name(sheet, location.explanation_cell),
        answer_text=values.get(location.answer_cell or "", ""),
        explanation_text=values.get(location.explanation_cell or "", ""),
        short_answer_spot=bool(
            location.answer_cell
            and location.explanation_cell
            and content.widths
            and _narrow(location.answer_cell, location.explanation_cell, content.widths)
        ),
        nowhere=NO_ANSWER_CELL,
        attachment=_name(sheet, location.attachment_cell),
        attachment_text=values.get(location.attachment_cell or "", ""),
    )
    writes, note = plan_answer(result, spots)
    if note is not None:
        return CellPlan([], note)
    left = open_spots(result, spots, writes)
    grid = result.question.grid
    if grid is not None:
        names = tuple(tuple(f"'{sheet}'!{ref}" for ref in row) for row in grid.cells)
        held = tuple(tuple(values.get(ref, "") for ref in row) for row in grid.cells)
        grid_writes, grid_left = plan_grid(result, names, held)
        writes = writes + grid_writes
        left += grid_left
    return CellPlan(
        [_cell(sheet, w.cell or cells[w.spot] or "", w, content) for w in writes],
        None,
        tuple(left),
    )


def _name(sheet: str, ref: str | None) -> str | None:
    return f"'{sheet}'!{ref}" if ref else None


def _narrow(answer_cell: str, explanation_cell: str, widths: dict[int, float]) -> bool:
    answer_width = widths.get(split_ref(answer_cell)[1], DEFAULT_COLUMN_WIDTH)
    explanation_width = widths.get(split_ref(explanation_cell)[1], DEFAULT_COLUMN_WIDTH)
    return answer_width < NARROW_ANSWER_COLUMN and explanation_width >= 2 * answer_width


def _cell(sheet: str, ref: str, write: SpotWrite, content: SheetContent) -> CellWrite:
    return typed_cell(
        sheet, ref, write.text, content.format_of(ref), numeric=write.numeric, is_date=write.date
    )


def fill_workbook(
    source: Path,
    output: Path,
    response: Response,
    extra_parts: dict[str, PartEdit] | None = None,
    extra_writes: list[CellWrite] | None = None,
) -> list[Placement]:
    """Write every ``auto`` answer (and any contact field values) of ``response`` into a copy of ``source``.

    A cell that already holds something other than a placeholder is left as it is (a
    person may have started answering, or the issuer prefilled it); the placement says so.
    A ``review`` answer gets a *suggested* placement: where it would go, nothing written.
    ``extra_parts`` adds or replaces whole package parts (the exhibit sheets);
    ``extra_writes`` are cells written besides the answers (the rate grids' values).
    """
    writes: list[CellWrite] = []
    placements: list[Placement] = []
    sheets: dict[str, SheetContent] = {}

    def content_of(sheet: str) -> SheetContent:
        if sheet not in sheets:
            sheets[sheet] = sheet_content(source, sheet)
        return sheets[sheet]

    for result in response.results:
        if result.decision == "none" or (result.decision == "review" and not result.answer):
            continue
        plan = plan_writes(result, content_of(getattr(result.question.location, "sheet", "")))
        spots = tuple(f"'{c.sheet}'!{c.ref}" for c in plan.cells)
        if result.decision == "review":
            if spots:
                placements.append(Placement(result.question.id, spots, suggested=True))
            continue
        writes.extend(plan.cells)
        placements.append(Placement(result.question.id, spots, plan.note, left_open=plan.left_open))
    for index, value in field_values(response):
        location = value.field.location
        if not isinstance(location, XlsxLocation) or not location.answer_cell:
            continue
        content = content_of(location.sheet)
        ref = location.answer_cell
        name = f"'{location.sheet}'!{ref}"
        key = FIELD_PLACEMENT.format(index=index)
        if holds_answer(content.values.get(ref, "")):
            placements.append(Placement(key, (), f"not written: {name} already holds an entry"))
            continue
        text = prose_date(value.value) if isinstance(value.value, date) else value.value
        is_date = isinstance(value.value, date)
        writes.append(typed_cell(location.sheet, ref, text, content.format_of(ref), numeric=False, is_date=is_date))
        placements.append(Placement(key, (name,)))
    write_cells(source, output, writes + list(extra_writes or ()), extra_parts=extra_parts)
    return placements


def field_values(response: Response) -> list[tuple[int, FieldValue]]:
    """Each contact field value with the field's index in the questionnaire."""
    index = {id(f): i for i, f in enumerate(response.questionnaire.fields)}
    return [(index.get(id(v.field), i), v) for i, v in enumerate(response.field_values)]


def planned_cells(source: Path, response: Response) -> dict[str, tuple[str, ...]]:
    """The cells each question's answer is or would be written to, by question id.

    The same rules as :func:`fill_workbook` (so the review report and the copy agree),
    whatever the decision: a suggestion names the cells accepting it would write, a
    question without one the cell its kind of answer takes. What a cell holds now is not
    considered here (a cell already answered is the reason's business).
    """
    sheets: dict[str, SheetContent] = {}
    spots: dict[str, tuple[str, ...]] = {}
    for result in response.results:
        location = result.question.location
        if not isinstance(location, XlsxLocation):
            continue
        if location.sheet not in sheets:
            sheets[location.sheet] = sheet_content(source, location.sheet)
        # Ignore what the cells hold now: where an answer goes, not whether it could be written today.
        layout = replace(sheets[location.sheet], values={})
        plan = plan_writes(as_if_answered(result), layout)
        spots[result.question.id] = tuple(f"'{c.sheet}'!{c.ref}" for c in plan.cells)
    return spots


def rate_grid_writes(quote: RateQuoteWrites | None) -> list[CellWrite]:
    """The rate-grid values as number cells (each keeps the issuer's cell style)."""
    return [CellWrite(w.sheet, w.ref, "", number=w.value) for w in quote.writes] if quote else []


def _exhibit_sheets(
    source: Path, response: Response, exhibits: Mapping[str, Exhibit], letterhead: Letterhead | None = None
) -> tuple[Response, dict[str, PartEdit], dict[str, str]]:
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
        parts, titles = exhibit_parts(source, [exhibits[name] for name in wanted], letterhead)
    except GraftError as exc:
        notes = {
            r.question.id: f"the {r.exhibit} exhibit could not be added to this workbook: {exc}"
            for r in response.results
            if r.decision == "auto" and r.exhibit
        }
        return response, {}, notes
    pointers = {name: SHEET_POINTER.format(title=title) for name, title in titles.items()}
    return point_answers(response, pointers), dict(parts), {}


@dataclass(frozen=True)
class XlsxRenderer:
    """Fills a copy of an Excel questionnaire (.xlsx, or .xlsm with its macros kept, never run)."""

    formats: tuple[Format, ...] = ("xlsx",)
    exhibit_sheets: bool = True  # exhibits can be added as sheets of the copy
    rate_grids: bool = True  # the issuer's rate-quote grids are filled in the copy
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
        """Write the ``auto`` answers, the exhibit sheets they refer to and the rate grids' values.

        See :class:`~rfp_assistant.render.Renderer`; a plain mapping of ``exhibits``
        means sheets to add, with no letterhead and no rate grids.
        """
        delivery = as_delivery(exhibits)
        pointed, parts, notes = _exhibit_sheets(source, response, delivery, delivery.letterhead)
        writable = replace(
            pointed,
            results=tuple(
                replace(r, decision="review") if r.question.id in notes else r for r in pointed.results
            ),
        )
        rates = rate_grid_writes(delivery.rate_quote)
        if rates and WORKBOOK_PART not in parts:
            parts[WORKBOOK_PART] = lambda xml: recalculate_on_load(xml.decode("utf-8")).encode("utf-8")
        placements = fill_workbook(source, output, writable, extra_parts=parts, extra_writes=rates)
        original = {r.question.id: r.answer for r in response.results}
        changed = {r.question.id: r.answer for r in pointed.results if r.answer != original[r.question.id]}
        placements = [replace(p, answer=changed.get(p.question_id)) for p in placements]
        placements.extend(Placement(qid, (), note) for qid, note in notes.items())
        return placements

    def planned_spots(self, source: Path, response: Response) -> dict[str, tuple[str, ...]]:
        """Where each question's answer is or would be written (see :func:`planned_cells`)."""
        return planned_cells(source, response)


XLSX_RENDERER = XlsxRenderer()
