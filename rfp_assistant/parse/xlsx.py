"""Excel questionnaires (.xlsx, .xlsm) -> :class:`Questionnaire`.

Finds the layout by itself: every visible respondent sheet, header rows anywhere
(repeated per section or absent), the question / number / answer / explanation
columns, section rows, dropdowns (including x14 extension validations openpyxl drops),
placeholders in answer cells and echo rows whose answer is a formula. Portal exports, whose
header names each row's question type and lists options in "Answer n" columns, are read by
their type column (:mod:`rfp_assistant.parse.xlsx_typed`). Cells are read into plain grids by
:mod:`rfp_assistant.parse.xlsx_sheet`.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from rfp_assistant.errors import InputError
from rfp_assistant.models import Field, Kind, Question, Questionnaire, XlsxLocation
from rfp_assistant.ooxml.package import PartEdit, copy_package
from rfp_assistant.ooxml.xlsx import column_letters, scan_sheet, sheet_parts
from rfp_assistant.parse.text import (
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
from rfp_assistant.parse.xlsx_layout import (
    Grid,
    Header,
    blank_column,
    find_headers,
    id_column,
    question_column,
    repeated_fillers,
)
from rfp_assistant.parse.xlsx_sheet import Validation, read_grid, read_validations
from rfp_assistant.parse.xlsx_typed import is_group_type, is_identity_blank, type_kind

MIN_HEADERLESS_QUESTIONS = 3
PROMPT_MIN_WORDS = 6
# Sheets for the issuer's analysts or for reading, not for the respondent to answer.
NON_RESPONDENT_SHEET = re.compile(
    r"analyst|evaluation|scor(?:e|ing)|summary report|crosswalk|change ?log|acknowledg|read ?me|"
    r"^instructions?$|introduction|^cover|glossary|definitions|version history|backend|^values$|lookup",
    re.IGNORECASE,
)
STRONG_FIELD = re.compile(
    r"^(?:\w+\s+){0,2}(?:date|name|signature|e-?mail|phone|telephone)(?:\s+\w+){0,2}$", re.IGNORECASE
)
TITLE_ROLES_NOT = ("id", "section", "type", "option", "label")
# A validation prompt telling the respondent to keep out of a cell.
KEEP_OUT_PROMPT = re.compile(
    r"\b(?:left blank|leave (?:this (?:cell )?)?blank|do not (?:enter|complete|fill|answer)|"
    r"not need to be (?:re-?)?entered|populated from|auto-?populated|calculated)\b",
    re.IGNORECASE,
)
_LABELLED_ID = re.compile(
    r"^(?:principle|section|part|item|question|requirement|q|no\.?)\s*([0-9][0-9.]*[a-z]?)$", re.I
)


_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def _respondent_view(path: Path) -> Path | io.BytesIO:
    """The workbook as the parser needs it, for a faster load; the file itself is not touched.

    openpyxl reads every sheet (HECVAT's scoring sheets are 256 columns wide) and re-reads
    every pivot cache for every sheet that has relationships. In an in-memory copy, sheets
    whose name marks them as not for the respondent are emptied unless something that stays
    (a defined name, a dropdown source, a formula) refers to them, and pivot tables, which
    the parser never reads, are unhooked.
    """
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        members = set(archive.namelist())
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        skipped = {name: part for name, part in parts.items() if NON_RESPONDENT_SHEET.search(name.strip())}
        kept = [
            archive.read(p).decode("utf-8", errors="replace")
            for n, p in parts.items()
            if n not in skipped and p in members
        ]
        names = re.search(r"<(?:\w+:)?definedNames>.*?</(?:\w+:)?definedNames>", workbook_xml, re.DOTALL)
        references = [names.group(0) if names else "", *kept]

        def referenced(name: str) -> bool:
            forms = {name, escape(name), name.replace("'", "''"), escape(name.replace("'", "''"))}
            return any(form in text for text in references for form in forms)

        empty = {part for name, part in skipped.items() if part in members and not referenced(name)}
        has_pivots = "pivotCaches" in workbook_xml
        if not empty and not has_pivots:
            return path
        edits: dict[str, PartEdit] = dict.fromkeys(empty, _EMPTY_SHEET)
        if has_pivots:
            edits["xl/workbook.xml"] = lambda data: _PIVOT_CACHES.sub(b"", data)
            for name in members:
                if name.startswith("xl/worksheets/_rels/") and name not in edits:
                    edits[name] = lambda data: _PIVOT_REL.sub(b"", data)
        buffer = io.BytesIO()
        copy_package(archive, buffer, edits, compression=zipfile.ZIP_STORED)
    buffer.seek(0)
    return buffer


_PIVOT_CACHES = re.compile(rb"<(\w+:)?pivotCaches>.*?</(\w+:)?pivotCaches>", re.DOTALL)
_PIVOT_REL = re.compile(rb"<Relationship\b[^>]*/pivotTable\"[^>]*/>")


def parse_xlsx(path: Path) -> Questionnaire:
    """Parse every respondent sheet of a workbook into one :class:`Questionnaire`.

    Question ids are left empty: :func:`rfp_assistant.parse.parse` numbers them.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(_respondent_view(path), data_only=True)
        archive = zipfile.ZipFile(path)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types on malformed packages
        raise InputError(f"cannot read workbook: {type(exc).__name__}: {exc}", path=path) from None
    with archive:
        parts = sheet_parts(archive)
        questions: list[Question] = []
        fields: list[Field] = []
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible" or NON_RESPONDENT_SHEET.search(ws.title.strip()):
                continue
            part = parts.get(ws.title)
            xml = scan_sheet(archive, part) if part else None
            grid = read_grid(ws, xml.formulas if xml else {})
            validations = read_validations(ws, workbook, xml.x14_validations if xml else [])
            sheet_questions, sheet_fields = _SheetReader(ws.title, grid, validations).read()
            questions.extend(sheet_questions)
            fields.extend(sheet_fields)
    return Questionnaire(source=str(path), format="xlsx", questions=tuple(questions), fields=tuple(fields))


def _is_child(number: str, parent: str) -> bool:
    """True when ``number`` sits under ``parent``: 2.1 under 2, B4 under B."""
    if not number.startswith(parent) or number == parent:
        return False
    rest = number[len(parent) :]
    return rest[0] in ".-/(" or (parent[-1].isalpha() != rest[0].isalpha())


@dataclass
class _Region:
    """Rows governed by one header (or the whole sheet when it has none)."""

    header: Header | None
    rows: range
    qcol: int
    id_col: int | None
    answer_col: int | None
    explanation_col: int | None
    section_col: int | None
    type_col: int | None
    option_cols: list[int]
    label_col: int | None
    fillers: set[str]
    uses_fillers: bool


class _SheetReader:
    """Reads the questions and fields of one sheet."""

    def __init__(self, sheet: str, grid: Grid, validations: list[Validation]) -> None:
        self.sheet = sheet
        self.grid = grid
        self.validations = validations
        self.questions: list[Question] = []
        self.fields: list[Field] = []

    def read(self) -> tuple[list[Question], list[Field]]:
        for region in self._regions():
            self._read_region(region)
        return self.questions, self.fields

    # -- layout ---------------------------------------------------------------------------

    def _regions(self) -> list[_Region]:
        grid = self.grid
        headers = find_headers(grid)
        regions = []
        if not headers:
            region = self._region(None, range(1, grid.max_row + 1))
            return [region] if region else []
        # Rows above the first header share its columns (contact fields, a date line).
        bounds = [h.row for h in headers] + [grid.max_row + 1]
        first = self._region(headers[0], range(headers[0].row + 1, bounds[1]))
        if first:
            above = _Region(**{**first.__dict__, "header": None, "rows": range(1, headers[0].row)})
            regions.append(above)
        for i, header in enumerate(headers):
            region = first if i == 0 else self._region(header, range(header.row + 1, bounds[i + 1]))
            if region:
                regions.append(region)
        return regions

    def _region(self, header: Header | None, rows: range) -> _Region | None:
        grid = self.grid
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
        if qcol is None:
            return None
        if header and header.title is None:
            # The leftmost header cell before the questions names the section when it is not a
            # column name: " Required Questions", "HIPAA Compliance".
            left = [
                c for c in sorted(header.texts) if c < qcol and header.roles.get(c) not in TITLE_ROLES_NOT
            ]
            if left and left[0] == min(header.texts):
                header.title = header.texts[left[0]]
        qrows = [r for r in rows if is_question_text(grid.get(r, qcol)) and grid.anchor(r, qcol) == (r, qcol)]
        id_col = header.first("id") if header else None
        if id_col is None or id_col >= qcol:
            id_col = id_column(grid, qrows, qcol) if qrows else None
        answer_col = header.first("answer") if header else None
        if answer_col is not None and answer_col < qcol:
            answer_col = next((c for c in header.all("answer") if c > qcol), None) if header else None
        if answer_col is None and not (header and (header.all("option") or header.first("type"))):
            answer_col = self._validated_column(qrows, qcol)
            if answer_col is None and header is None:
                answer_col = blank_column(grid, qrows, qcol + 1, max(grid.max_col, qcol) + 1, set())
        if header is None and len(qrows) < MIN_HEADERLESS_QUESTIONS:
            return None  # a few sentences on a sheet with no header are notes, not a questionnaire
        explanation_col = None
        if header:
            explanation_col = next(
                (c for c in header.all("explanation") if c > qcol and c != answer_col), None
            )
        # Fillers are counted over every row, not just question-like ones: a placeholder marks
        # the answer slot of items worded as titles ("Disaster recovery arrangements").
        fillers = repeated_fillers(grid, answer_col, list(rows)) if answer_col else set()
        uses_fillers = bool(fillers) and sum(1 for r in rows if grid.get(r, answer_col or 0) in fillers) >= 3
        return _Region(
            header=header,
            rows=rows,
            qcol=qcol,
            id_col=id_col,
            answer_col=answer_col,
            explanation_col=explanation_col,
            section_col=header.first("section") if header else None,
            type_col=header.first("type") if header else None,
            option_cols=header.all("option") if header else [],
            label_col=header.first("label") if header else None,
            fillers=fillers,
            uses_fillers=uses_fillers,
        )

    def _validated_column(self, rows: list[int], qcol: int) -> int | None:
        """A column right of the questions carrying list/number/date dropdowns on the question rows."""
        counts: dict[int, int] = {}
        for validation in self.validations:
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

    # -- rows -----------------------------------------------------------------------------

    def _read_region(self, region: _Region) -> None:
        grid = self.grid
        section = one_line(region.header.title).strip() if region.header and region.header.title else None
        parent: tuple[str, str] | None = None  # (title, number) of a numbered parent item
        group: tuple[str | None, str] = (None, "")  # (section, title) of the group a typed row is in
        labelled = self._label_fields(region) if region.header is None else set()
        for row in region.rows:
            if row in labelled:
                continue
            if region.section_col:
                value = grid.get(row, region.section_col)
                if value:
                    section = one_line(value)
            raw = grid.get(row, region.qcol)
            if grid.anchor(row, region.qcol) != (row, region.qcol):
                raw = ""
            type_text = grid.get(row, region.type_col) if region.type_col else ""
            if type_text:
                context = group[1] if group[0] == section else ""
                group = (section, self._typed_row(row, region, raw, type_text, section, context))
                continue
            if not raw:
                title = self._lone_title(row, region)
                if title and not region.section_col:
                    section = title
                continue
            if region.answer_col and grid.spans(row, region.qcol, region.answer_col):
                if is_section_title(raw) and not region.section_col:
                    section = one_line(raw)
                continue
            if region.answer_col and (
                (row, region.answer_col) in grid.formulas or self._keep_out(row, region.answer_col)
            ):
                continue  # the answer is computed (an echo of another sheet): nothing to answer here
            number, text, title = self._number(row, region, raw)
            has_slot = self._has_slot(row, region)
            if region.uses_fillers and not has_slot and number is not None:
                # A parent item with no answer slot of its own (LBBD "PRINCIPLE 2"): its title
                # is the section of its numbered children (2.1, 2.2, ...).
                first_line = raw.split("\n")[0]
                if is_section_title(first_line):
                    parent = (one_line(first_line), number)
                continue
            if title is not None:
                parent = title
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
            asks = is_question_text(text) or marked_slot or prompt
            if not asks or (region.uses_fillers and not has_slot and number is None):
                self._non_question(row, region, text, number, has_slot)
                if self._is_section_row(row, region, raw, number, has_slot):
                    section = one_line(raw)
                continue
            if (
                parent
                and not (number and number != parent[1] and _is_child(number, parent[1]))
                and title is None
            ):
                parent = None
            self.questions.append(self._question(row, region, number, text, parent[0] if parent else section))

    def _number(self, row: int, region: _Region, raw: str) -> tuple[str | None, str, tuple[str, str] | None]:
        """The issuer's number (ID column or text prefix), the text without it, and a title.

        The title is set when a cell holds a group title above its first numbered item
        ("GDPR Compliance\nB1/ Please confirm..." beside "B" in the ID column).
        """
        id_value = self.grid.get(row, region.id_col) if region.id_col else ""
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

    def _label_fields(self, region: _Region) -> set[int]:
        """Find ``Label: [blank]`` pairs above the first header; return the rows they use."""
        rows = set()
        for row in region.rows:
            for col, text in self.grid.row_cells(row):
                if not is_field_label(text):
                    continue
                if text.rstrip().endswith(":"):
                    target = col + 1
                    top = self.grid.anchor(row, col)
                    if top in self.grid.merges:
                        target = self.grid.merges[top][1] + 1
                elif STRONG_FIELD.match(one_line(text)) and region.answer_col and col < region.answer_col:
                    target = region.answer_col  # "Date Completed" in A, its blank under the Answer column
                else:
                    continue
                value = self.grid.get(row, target)
                if value and not is_placeholder(value):
                    continue
                ref = f"{column_letters(target)}{row}"
                self.fields.append(
                    Field(
                        label=one_line(text),
                        location=XlsxLocation(self.sheet, f"{column_letters(col)}{row}", ref),
                    )
                )
                rows.add(row)
        return rows

    def _lone_title(self, row: int, region: _Region) -> str | None:
        cells = [
            (c, t)
            for c, t in self.grid.row_cells(row)
            if c not in (region.answer_col, region.explanation_col)
        ]
        if len(cells) != 1:
            return None
        col, text = cells[0]
        if col > region.qcol or not is_section_title(text) or is_placeholder(text):
            return None
        return one_line(text)

    def _has_slot(self, row: int, region: _Region) -> bool:
        if not region.answer_col:
            return False
        if region.uses_fillers:
            value = self.grid.get(row, region.answer_col)
            return value in region.fillers or is_placeholder(value)
        return True

    def _is_section_row(
        self, row: int, region: _Region, raw: str, number: str | None, has_slot: bool
    ) -> bool:
        if region.section_col or not is_section_title(raw) or is_placeholder(raw):
            return False
        styled = (row, region.qcol) in self.grid.bold or (row, region.qcol) in self.grid.merges
        if number is not None and has_slot and not styled:
            return False  # a numbered label with an answer slot is a field, not a heading
        if is_field_label(raw) and has_slot and not styled:
            return False
        return styled or not has_slot or number is None

    def _non_question(self, row: int, region: _Region, text: str, number: str | None, has_slot: bool) -> None:
        """Record a contact/identification blank (``Vendor Name``, ``Date``) as a field."""
        if not has_slot or is_question_text(text) or (row, region.qcol) in self.grid.merges:
            return
        label = one_line(text)
        if not (is_field_label(label) or (number is not None and len(label.split()) <= 7)):
            return
        answer = f"{column_letters(region.answer_col)}{row}" if region.answer_col else None
        self.fields.append(
            Field(
                label=label,
                number=number,
                location=XlsxLocation(self.sheet, f"{column_letters(region.qcol)}{row}", answer, None),
            )
        )

    def _typed_row(
        self, row: int, region: _Region, raw: str, type_text: str, section: str | None, group: str
    ) -> str:
        """Read a row whose type column is filled (a portal export); return the group title after it.

        The type, not the wording, says whether the row is answered: "Exclusion grounds" with
        Yes/No options is a question, "Grouped and related questions" never is (see
        :mod:`rfp_assistant.parse.xlsx_typed`).
        """
        label = self.grid.get(row, region.label_col) if region.label_col else ""
        if is_group_type(type_text):
            return one_line(f"{label} {raw}")
        answer_col = region.answer_col
        if not raw or (
            answer_col and ((row, answer_col) in self.grid.formulas or self._keep_out(row, answer_col))
        ):
            return group
        number, text, _ = self._number(row, region, raw)
        has_options = any(self.grid.get(row, c) for c in region.option_cols)
        if not has_options and is_identity_blank(type_text, text, label, group):
            # An export usually has no answer cell: then the field is located by its label's cell.
            answer = f"{column_letters(answer_col)}{row}" if answer_col else None
            location = XlsxLocation(self.sheet, f"{column_letters(region.qcol)}{row}", answer)
            self.fields.append(Field(label=one_line(text), number=number, location=location))
        else:
            self.questions.append(self._question(row, region, number, text, section))
        return group

    def _question(
        self, row: int, region: _Region, number: str | None, text: str, section: str | None
    ) -> Question:
        grid = self.grid
        kind: Kind = "narrative"
        options: tuple[str, ...] = ()
        limit = find_limit(text)
        validation = self._validation_at(row, region.answer_col) if region.answer_col else None
        option_values = tuple(v for c in region.option_cols if (v := grid.get_raw(row, c)))
        type_text = grid.get(row, region.type_col) if region.type_col else ""
        header_text = (
            region.header.texts.get(region.answer_col, "") if region.header and region.answer_col else ""
        )
        if validation and validation.type == "list" and validation.options:
            options = validation.options
            kind = options_kind(list(options))
        elif validation and validation.type in ("decimal", "whole"):
            kind = "numeric"
        elif validation and validation.type == "date":
            kind = "date"
        elif option_values or type_text:
            options = option_values
            kind = type_kind(type_text, text, option_values)
        elif re.search(r"yes\s*/\s*no|\by\s*/\s*n\b", header_text, re.I):
            kind, options = "yes_no", ("Yes", "No")
        else:
            kind = kind_from_wording(text)
            if kind == "yes_no":
                options = ("Yes", "No")
        if limit is None and validation and validation.limit:
            limit = validation.limit
        if limit is None and header_text:
            limit = find_limit(header_text)
        answer_cell = f"{column_letters(region.answer_col)}{row}" if region.answer_col else None
        explanation_cell = None
        if (
            region.explanation_col
            and not (region.answer_col and grid.spans(row, region.answer_col, region.explanation_col))
            and not self._keep_out(row, region.explanation_col)
        ):
            explanation_cell = f"{column_letters(region.explanation_col)}{row}"
        location = XlsxLocation(
            self.sheet, f"{column_letters(region.qcol)}{row}", answer_cell, explanation_cell
        )
        return Question(
            id="",
            number=number,
            section=section,
            text=text.strip(),
            kind=kind,
            location=location,
            options=options,
            limit=limit,
        )

    def _validation_at(self, row: int, col: int) -> Validation | None:
        """The validation giving the cell its allowed values (a typed one before a prompt-only one)."""
        found = [v for v in self.validations if any((row, col) in area for area in v.ranges)]
        found.sort(key=lambda v: v.type in (None, "any"))
        return found[0] if found else None

    def _keep_out(self, row: int, col: int) -> bool:
        """True when a validation prompt tells the respondent to leave the cell alone."""
        return any(
            KEEP_OUT_PROMPT.search(v.prompt)
            for v in self.validations
            if v.prompt and any((row, col) in a for a in v.ranges)
        )
