"""Reading the rows of one sheet region into questions and contact fields.

Row by row, in order: a section cell or a lone title sets the section; a row whose type
column is filled is a portal export row (:mod:`rfp_assistant.parse.xlsx_typed`); a row
spanning the answer column is a heading; an answer that is a formula or that a prompt
tells the respondent to leave alone is not asked; a numbered parent item without an
answer slot is the section of its children; a row that asks something is a question
(and a table right below it is its grid, :mod:`rfp_assistant.parse.xlsx_grid`); a short
label with a blank beside it is a field.

A question's kind comes from its own row: the dropdown on one of its own cells, then its
wording. Beside a response column, a "Yes/No" column only says where a yes/no value goes:
a yes/no row's value goes there and its narrative to the response column; any other row
is answered in the response column alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rfp_assistant.models import SHORT_ANSWER_KINDS, Field, Kind, Limit, Question, XlsxLocation
from rfp_assistant.ooxml.xlsx import column_letters
from rfp_assistant.parse.text import (
    asks_yes_no,
    find_limit,
    is_field_label,
    is_placeholder,
    is_question_text,
    is_section_title,
    kind_from_wording,
    looks_like_id,
    one_line,
    options_kind,
    split_number,
)
from rfp_assistant.parse.xlsx_grid import grid_below
from rfp_assistant.parse.xlsx_layout import Grid
from rfp_assistant.parse.xlsx_regions import Region, find_regions
from rfp_assistant.parse.xlsx_sheet import Validation
from rfp_assistant.parse.xlsx_typed import is_group_type, is_identity_blank, type_kind

PROMPT_MIN_WORDS = 6
FIELD_MAX_WORDS = 7  # a numbered label this short beside a blank is a field, not a question
STRONG_FIELD = re.compile(
    r"^(?:\w+\s+){0,2}(?:date|name|signature|e-?mail|phone|telephone)(?:\s+\w+){0,2}$", re.IGNORECASE
)
# A validation prompt telling the respondent to keep out of a cell.
KEEP_OUT_PROMPT = re.compile(
    r"\b(?:left blank|leave (?:this (?:cell )?)?blank|do not (?:enter|complete|fill|answer)|"
    r"not need to be (?:re-?)?entered|populated from|auto-?populated|calculated)\b",
    re.IGNORECASE,
)
_LABELLED_ID = re.compile(
    r"^(?:principle|section|part|item|question|requirement|q|no\.?)\s*([0-9][0-9.]*[a-z]?)$", re.I
)
_YES_NO_HEADER = re.compile(r"yes\s*/\s*no|\by\s*/\s*n\b", re.I)


@dataclass(frozen=True)
class SheetView:
    """One sheet as the row readers see it: its name, cell grid and data validations."""

    sheet: str
    grid: Grid
    validations: list[Validation]

    def cell(self, col: int, row: int) -> str:
        """A1 reference of a cell (``column_letters`` + row)."""
        return f"{column_letters(col)}{row}"


@dataclass
class _Found:
    """What a region's rows yielded, in order."""

    questions: list[Question] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


@dataclass
class _Cursor:
    """What the rows read so far say about the next one."""

    section: str | None
    parent: tuple[str, str] | None = None  # (title, number) of a numbered parent item
    group: tuple[str | None, str] = (None, "")  # (section, title) of the group a typed row is in


def read_sheet(view: SheetView) -> tuple[list[Question], list[Field]]:
    """Every question and field of one sheet, in order (question ids unset)."""
    found = _Found()
    for region in find_regions(view.grid, view.validations):
        _read_region(view, region, found)
    return found.questions, found.fields


def _read_region(view: SheetView, region: Region, found: _Found) -> None:
    grid = view.grid
    header = region.header
    cursor = _Cursor(section=one_line(header.title).strip() if header and header.title else None)
    labelled = _label_fields(view, region, found) if header is None else set()
    grid_end = 0
    for row in region.rows:
        if row in labelled or row <= grid_end:
            continue
        if region.section_col and (value := grid.get(row, region.section_col)):
            cursor.section = one_line(value)
        raw = grid.get(row, region.qcol) if grid.anchor(row, region.qcol) == (row, region.qcol) else ""
        type_text = grid.get(row, region.type_col) if region.type_col else ""
        if type_text:
            context = cursor.group[1] if cursor.group[0] == cursor.section else ""
            title = _typed_row(view, row, region, raw, type_text, cursor.section, context, found)
            cursor.group = (cursor.section, title)
        elif _structural_row(view, row, region, raw, cursor):
            continue
        else:
            asked = len(found.questions)
            _asking_row(view, row, region, raw, cursor, found)
            if len(found.questions) > asked and (below := grid_below(grid, row + 1, region)):
                answer_grid, grid_end = below
                found.questions[-1] = replace(found.questions[-1], grid=answer_grid)


def _structural_row(view: SheetView, row: int, region: Region, raw: str, cursor: _Cursor) -> bool:
    """True for a row that asks nothing: blank, a heading across the answer column, a computed answer.

    A lone title or a heading on such a row becomes the section.
    """
    grid = view.grid
    if not raw:
        title = _lone_title(view, row, region)
        if title and not region.section_col:
            cursor.section = title
        return True
    if region.answer_col and grid.spans(row, region.qcol, region.answer_col):
        if is_section_title(raw) and not region.section_col:
            cursor.section = one_line(raw)
        return True
    # An answer that is computed (an echo of another sheet) leaves nothing to answer here.
    return bool(region.answer_col) and _computed(view, row, region.answer_col or 0)


def _asking_row(view: SheetView, row: int, region: Region, raw: str, cursor: _Cursor, found: _Found) -> None:
    """Read a row with text in the question column: a question, a field, a parent item or a heading."""
    number, text, title = _number(view, row, region, raw)
    has_slot = _has_slot(view, row, region)
    if region.uses_fillers and not has_slot and number is not None:
        # A parent item with no answer slot of its own (LBBD "PRINCIPLE 2"): its title
        # is the section of its numbered children (2.1, 2.2, ...).
        first_line = raw.split("\n")[0]
        if is_section_title(first_line):
            cursor.parent = (one_line(first_line), number)
        return
    if title is not None:
        cursor.parent = title
    if not _asks(region, number, text, has_slot) or (region.uses_fillers and not has_slot and number is None):
        item = _non_question(view, row, region, text, number, has_slot)
        if item is not None:
            found.fields.append(item)
        if _is_section_row(view, row, region, raw, number, has_slot):
            cursor.section = one_line(raw)
        return
    parent = cursor.parent
    if parent and not (number and number != parent[1] and _is_child(number, parent[1])) and title is None:
        cursor.parent = parent = None
    found.questions.append(
        _question(view, row, region, number, text, parent[0] if parent else cursor.section)
    )


def _asks(region: Region, number: str | None, text: str, has_slot: bool) -> bool:
    """True when the row's text asks something, is marked as answerable, or is a numbered prompt."""
    marked_slot = region.uses_fillers and has_slot and not is_field_label(text)
    # "Number of years your firm has offered group coverage." under a Question/Response
    # header, numbered, with a blank response: a prompt worded as a noun phrase.
    prompt = (
        region.header is not None
        and number is not None
        and has_slot
        and len(text.split()) >= PROMPT_MIN_WORDS
        and not is_field_label(text)
    )
    return is_question_text(text) or marked_slot or prompt


def _is_child(number: str, parent: str) -> bool:
    """True when ``number`` sits under ``parent``: 2.1 under 2, B4 under B."""
    if not number.startswith(parent) or number == parent:
        return False
    rest = number[len(parent) :]
    return rest[0] in ".-/(" or (parent[-1].isalpha() != rest[0].isalpha())


def _number(
    view: SheetView, row: int, region: Region, raw: str
) -> tuple[str | None, str, tuple[str, str] | None]:
    """The issuer's number (ID column or text prefix), the text without it, and a title.

    The title is set when a cell holds a group title above its first numbered item
    ("GDPR Compliance\nB1/ Please confirm..." beside "B" in the ID column).
    """
    id_value = view.grid.get(row, region.id_col) if region.id_col else ""
    labelled = _LABELLED_ID.match(one_line(id_value))
    if labelled:
        id_value = labelled.group(1)  # "PRINCIPLE 9" -> "9"
    prefix, rest = split_number(raw)
    if not (id_value and looks_like_id(id_value)):
        return prefix, rest, None
    if prefix == id_value:
        return id_value, rest, None
    lines = raw.split("\n")
    for i, line in enumerate(lines[1:3], start=1):
        inner, _ = split_number(line)
        if inner and inner != id_value and inner.startswith(id_value):
            return inner, raw, (one_line(" ".join(lines[:i])), id_value)
    return id_value, raw, None


def _label_fields(view: SheetView, region: Region, found: _Found) -> set[int]:
    """Find ``Label: [blank]`` pairs above the first header; return the rows they use."""
    grid = view.grid
    rows = set()
    for row in region.rows:
        for col, text in grid.row_cells(row):
            target = _label_target(grid, region, row, col, text)
            if target is None:
                continue
            value = grid.get(row, target)
            if value and not is_placeholder(value):
                continue
            location = XlsxLocation(view.sheet, view.cell(col, row), view.cell(target, row))
            found.fields.append(Field(label=one_line(text), location=location))
            rows.add(row)
    return rows


def _label_target(grid: Grid, region: Region, row: int, col: int, text: str) -> int | None:
    """The column of the blank a field label asks to fill, or None when ``text`` is no label."""
    if not is_field_label(text):
        return None
    if text.rstrip().endswith(":"):
        top = grid.anchor(row, col)
        return grid.merges[top][1] + 1 if top in grid.merges else col + 1
    if STRONG_FIELD.match(one_line(text)) and region.answer_col and col < region.answer_col:
        return region.answer_col  # "Date Completed" in A, its blank under the Answer column
    return None


def _lone_title(view: SheetView, row: int, region: Region) -> str | None:
    answer_cols = (region.answer_col, region.explanation_col, region.yes_no_col, region.attachment_col)
    cells = [(c, t) for c, t in view.grid.row_cells(row) if c not in answer_cols]
    if len(cells) != 1:
        return None
    col, text = cells[0]
    if col > region.qcol or not is_section_title(text) or is_placeholder(text):
        return None
    return one_line(text)


def _has_slot(view: SheetView, row: int, region: Region) -> bool:
    if not region.answer_col:
        return False
    if region.uses_fillers:
        value = view.grid.get(row, region.answer_col)
        return value in region.fillers or is_placeholder(value)
    return True


def _is_section_row(
    view: SheetView, row: int, region: Region, raw: str, number: str | None, has_slot: bool
) -> bool:
    if region.section_col or not is_section_title(raw) or is_placeholder(raw):
        return False
    styled = (row, region.qcol) in view.grid.bold or (row, region.qcol) in view.grid.merges
    if number is not None and has_slot and not styled:
        return False  # a numbered label with an answer slot is a field, not a heading
    if is_field_label(raw) and has_slot and not styled:
        return False
    return styled or not has_slot or number is None


def _non_question(
    view: SheetView, row: int, region: Region, text: str, number: str | None, has_slot: bool
) -> Field | None:
    """A contact/identification blank (``Vendor Name``, ``Date``) as a field, or None."""
    if not has_slot or is_question_text(text) or (row, region.qcol) in view.grid.merges:
        return None
    label = one_line(text)
    if not (is_field_label(label) or (number is not None and len(label.split()) <= FIELD_MAX_WORDS)):
        return None
    answer = view.cell(region.answer_col, row) if region.answer_col else None
    return Field(
        label=label,
        number=number,
        location=XlsxLocation(view.sheet, view.cell(region.qcol, row), answer, None),
    )


def _typed_row(
    view: SheetView,
    row: int,
    region: Region,
    raw: str,
    type_text: str,
    section: str | None,
    group: str,
    found: _Found,
) -> str:
    """Read a row whose type column is filled (a portal export); return the group title after it.

    The type, not the wording, says whether the row is answered: "Exclusion grounds" with
    Yes/No options is a question, "Grouped and related questions" never is (see
    :mod:`rfp_assistant.parse.xlsx_typed`).
    """
    grid = view.grid
    label = grid.get(row, region.label_col) if region.label_col else ""
    if is_group_type(type_text):
        return one_line(f"{label} {raw}")
    answer_col = region.answer_col
    if not raw or (answer_col and _computed(view, row, answer_col)):
        return group
    number, text, _ = _number(view, row, region, raw)
    has_options = any(grid.get(row, c) for c in region.option_cols)
    if not has_options and is_identity_blank(type_text, text, label, group):
        # An export usually has no answer cell: then the field is located by its label's cell.
        answer = view.cell(answer_col, row) if answer_col else None
        location = XlsxLocation(view.sheet, view.cell(region.qcol, row), answer)
        found.fields.append(Field(label=one_line(text), number=number, location=location))
    else:
        found.questions.append(_question(view, row, region, number, text, section))
    return group


def _question(
    view: SheetView, row: int, region: Region, number: str | None, text: str, section: str | None
) -> Question:
    kind, options, short_col = _kind_and_options(view, row, region, text)
    answer_cell, explanation_cell = _answer_spots(view, row, region, kind, short_col)
    attachment_cell = view.cell(region.attachment_col, row) if region.attachment_col else None
    location = XlsxLocation(
        view.sheet, view.cell(region.qcol, row), answer_cell, explanation_cell, attachment_cell
    )
    return Question(
        id="",
        number=number,
        section=section,
        text=text.strip(),
        kind=kind,
        location=location,
        options=options,
        limit=_limit(view, row, region, text, answer_cell, explanation_cell),
    )


def _answer_spots(
    view: SheetView, row: int, region: Region, kind: Kind, short_col: int | None
) -> tuple[str | None, str | None]:
    """The (answer, explanation) cells of a question row.

    Beside a Yes/No column: a yes/no row gets (Yes/No cell, response cell); a row whose
    value is typed into the response column (a number, a date, a dropdown there) gets
    (response cell, explanation cell if any); any other row gets (None, response cell).
    """
    grid = view.grid
    response = region.answer_col
    if region.yes_no_col is not None and short_col == region.yes_no_col:
        return view.cell(region.yes_no_col, row), view.cell(response, row) if response else None
    if region.yes_no_col is not None and kind not in SHORT_ANSWER_KINDS:
        return None, view.cell(response, row) if response else None
    answer_cell = view.cell(response, row) if response else None
    explanation_cell = None
    if (
        region.explanation_col
        and not (response and grid.spans(row, response, region.explanation_col))
        and not _keep_out(view, row, region.explanation_col)
    ):
        explanation_cell = view.cell(region.explanation_col, row)
    return answer_cell, explanation_cell


def _kind_and_options(
    view: SheetView, row: int, region: Region, text: str
) -> tuple[Kind, tuple[str, ...], int | None]:
    """A question's kind and options, and the column its short value goes to (None: no such value).

    In order: a dropdown on the row's Yes/No cell or response cell, the row's options or
    type (a portal export), the answer column's "Yes/No" header when it is the only answer
    column, then the wording (beside a Yes/No column, a closed question or "Please
    confirm ..." is a yes/no question).
    """
    grid = view.grid
    yes_no_col, response = region.yes_no_col, region.answer_col
    for col in (yes_no_col, response):
        validation = _validation_at(view, row, col) if col else None
        if validation and validation.type == "list" and validation.options:
            return options_kind(list(validation.options)), validation.options, col
        if validation and col == response and validation.type in ("decimal", "whole", "date"):
            return ("date" if validation.type == "date" else "numeric"), (), col
    option_values = tuple(v for c in region.option_cols if (v := grid.get_raw(row, c)))
    type_text = grid.get(row, region.type_col) if region.type_col else ""
    if option_values or type_text:
        return type_kind(type_text, text, option_values), option_values, response
    header_text = region.header.texts.get(response, "") if region.header and response else ""
    if yes_no_col is None and _YES_NO_HEADER.search(header_text):
        return "yes_no", ("Yes", "No"), response
    kind = kind_from_wording(text)
    if yes_no_col is not None and (kind == "yes_no" or (kind == "narrative" and asks_yes_no(text))):
        return "yes_no", ("Yes", "No"), yes_no_col
    return kind, (("Yes", "No") if kind == "yes_no" else ()), response


def _limit(
    view: SheetView,
    row: int,
    region: Region,
    text: str,
    answer_cell: str | None,
    explanation_cell: str | None,
) -> Limit | None:
    """The question's length limit: stated in its text, else on its cell, else in a column header.

    A limit in a column's header ("Vendor Response (max 1,000 characters)") applies to every
    row of that column; one in the question's own words overrides it.
    """
    limit = find_limit(text)
    if limit is not None:
        return limit
    for col in (region.answer_col, region.explanation_col):
        validation = _validation_at(view, row, col) if col else None
        if validation and validation.limit:
            return validation.limit
    headers = region.header.texts if region.header else {}
    for col in (region.answer_col, region.explanation_col):
        if col and (found := find_limit(headers.get(col, ""))):
            return found
    return None


def _validation_at(view: SheetView, row: int, col: int) -> Validation | None:
    """The validation giving the cell its allowed values (a typed one before a prompt-only one)."""
    found = [v for v in view.validations if any((row, col) in area for area in v.ranges)]
    found.sort(key=lambda v: v.type in (None, "any"))
    return found[0] if found else None


def _computed(view: SheetView, row: int, col: int) -> bool:
    """True when the cell's value is computed: a formula, or a prompt says to leave it alone."""
    return (row, col) in view.grid.formulas or _keep_out(view, row, col)


def _keep_out(view: SheetView, row: int, col: int) -> bool:
    """True when a validation prompt tells the respondent to leave the cell alone."""
    return any(
        KEEP_OUT_PROMPT.search(v.prompt)
        for v in view.validations
        if v.prompt and any((row, col) in a for a in v.ranges)
    )
