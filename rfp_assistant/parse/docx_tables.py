"""Questions in Word tables.

Row by row, a table is read as one of three things:

- a *title row* (the first row, one short cell spanning the table: "Social Value – 10%")
  names the section of the rows below it, unless the heading above already ends with it;
- a *header row* whose cells name column roles (Question / Requirement / Document,
  Response / Answer / Y / N, Comments / Explanation, ID / No., Guidance, % / Weighting)
  makes the rows under it question/response rows: the question column's text (up to a
  "Supplier Response:" label, without notes) is the question, the ID column its number; a
  blank Response cell is the answer spot; a Response cell that names the answer type
  ("Yes/No", "Upload", "Free text 250 (word limit)", a list of options) gives the kind,
  options and limit and no spot (the answer goes elsewhere, e.g. a portal); check boxes
  or a placeholder in it are the spot; a blank Comments cell is the explanation spot;
- without a header, a row of several cells is a question when one cell asks and a later
  cell is blank (the spot) or holds check boxes, and a contact field when that cell is a
  label ("Supplier:", "Date:"); a row of a single cell is read like the body of a
  document (:class:`~.docx_flow.FlowReader`), so a cell can hold several questions, and a
  question whose cell has no spot takes a single blank cell in the row below.

Tables nested in cells are read the same way, in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rfp_assistant.models import CheckBox, DocxLocation, Field, Kind, Limit, Question
from rfp_assistant.parse.docx_blocks import Cell, Para, Row, Table
from rfp_assistant.parse.docx_flow import FlowReader, Found
from rfp_assistant.parse.docx_lines import Spot, classify, label_number, make_question, normalise_number
from rfp_assistant.parse.docx_sections import Sections
from rfp_assistant.parse.docx_text import (
    asks,
    is_note,
    response_label,
    response_type,
    yes_no_options,
)
from rfp_assistant.parse.text import (
    find_limit,
    is_field_label,
    is_section_title,
    looks_like_id,
    one_line,
    split_number,
)

MAX_HEADER_WORDS = 6
MAX_TITLE_WORDS = 12
_QUALIFIER = r"(?:(?:supplier|vendor|bidder|tenderer|respondent|carrier|plan|your|our)(?:'s|’s)?\s+)?"
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "id",
        re.compile(
            r"^(?:id|no\.?|ref(?:erence)?\.?(?: no\.?)?|#|q(?:uestion)?\s*(?:no\.?|#|number)|item\s*no\.?|number)$"
        ),
    ),
    (
        "answer",
        re.compile(
            rf"^{_QUALIFIER}(?:response|answer|reply|y\s*/\s*n|yes\s*/\s*no|yes\s+or\s+no|"
            r"compl(?:y|iant|iance)(?:\s*\(?y/n\)?)?|completed\??|confirm(?:ation|ed)?|"
            r"question type|answer type|response type)$"
        ),
    ),
    (
        "explanation",
        re.compile(
            rf"^{_QUALIFIER}(?:comments?|explanation|notes?|additional (?:information|comments)|"
            r"evidence|details|clarifications?|remarks)(?:\s*/\s*\w+)?$"
        ),
    ),
    ("guidance", re.compile(r"^(?:guidance|help|hints?|instructions?|assessment guidance)$")),
    ("ignore", re.compile(r"^(?:%|weight(?:ing)?s?|question weighting|score|marks?|points|marking scheme)$")),
    (
        "question",
        re.compile(
            r"^(?:\w+\s+){0,2}(?:questions?|requirements?|criteri(?:on|a)|description|items?|documents?|"
            r"statements?|topics?|areas?|requests?|specification)$"
        ),
    ),
)


@dataclass(frozen=True)
class Header:
    """Column roles of a question/response table, by grid column."""

    roles: dict[int, str]
    answer_options: tuple[str, ...] = ()

    def column(self, role: str) -> int | None:
        return next((col for col, name in sorted(self.roles.items()) if name == role), None)


def role_of(text: str) -> str | None:
    """The role a header cell names, or None."""
    body = re.sub(r"[:*]+$", "", one_line(text).lower()).strip()
    if not body or len(body.split()) > MAX_HEADER_WORDS:
        return None
    return next((role for role, pattern in ROLE_PATTERNS if pattern.match(body)), None)


def header_of(row: Row) -> Header | None:
    """The row's column roles when it is a header row, else None."""
    cells = [cell for cell in row.cells if not cell.continued]
    texts = [(cell, cell.text) for cell in cells if cell.text.strip()]
    if len(texts) < 2 or any(len(one_line(text).split()) > MAX_HEADER_WORDS for _, text in texts):
        return None
    roles = {cell.column: role for cell, text in texts if (role := role_of(text))}
    if len(roles) < 2 or not {"question", "answer"} & set(roles.values()):
        return None
    answer = next((text for cell, text in texts if roles.get(cell.column) == "answer"), "")
    return Header(roles, yes_no_options(re.sub(r"\s+", "", answer).replace("/", " / ")) or ())


def is_role_table(table: Table) -> bool:
    """True when some row of the table is a question/response header."""
    return any(header_of(row) is not None for row in table.rows)


def title_of(table: Table) -> str | None:
    """The table's title row text, or None when its first row is not a title."""
    if len(table.rows) < 2:
        return None
    cells = [cell for cell in table.rows[0].cells if not cell.continued]
    filled = [cell for cell in cells if cell.text.strip()]
    if len(filled) != 1 or (len(cells) > 1 and filled[0].span < table.columns):
        return None
    text = one_line(filled[0].text)
    if len(text.split()) > MAX_TITLE_WORDS or "?" in text or asks(text) or not is_section_title(text):
        return None
    return text


class TableReader:
    """Reads the questions and fields of one table into ``found``."""

    def __init__(self, found: Found, sections: Sections) -> None:
        self.found = found
        self.sections = sections

    def read(self, table: Table) -> None:
        title = title_of(table)
        current = self.sections.current
        section = current if title is None or (current or "").endswith(title) else title
        header: Header | None = None
        rows = table.rows[1:] if title else table.rows
        waiting: Question | None = None  # a question whose spot may be the next row's blank cell
        for row in rows:
            cells = [cell for cell in row.cells if not cell.continued]
            if waiting is not None:
                if len(cells) == 1 and cells[0].blank:
                    self._replace(waiting, Spot(cells[0].path, "cell"))
                    waiting = None
                    continue
                waiting = None
            row_header = header_of(row)
            if row_header is not None:
                header = row_header
                continue
            if len(cells) == 1:
                waiting = self._container(cells[0], section)
            elif header is not None:
                self._role_row(cells, header, section)
            else:
                self._plain_row(cells, section)

    # -- rows --------------------------------------------------------------------
    def _container(self, cell: Cell, section: str | None) -> Question | None:
        """A one-cell row read like a document body; returns its last question if it lacks a spot."""
        sections = Sections(skip=self.sections.skip)
        reader = FlowReader(self.found, sections, section=section, implicit_after=False)
        for item in cell.items:
            if isinstance(item, Para):
                reader.feed(item)
            else:
                reader.finish()
                TableReader(self.found, sections).read(item)
        reader.finish()
        last = reader.questions[-1] if reader.questions else None
        return (
            last
            if last is not None and last.location.path is None and last is self.found.questions[-1]
            else None
        )

    def _replace(self, question: Question, spot: Spot) -> None:
        location = replace(question.location, path=spot.path, mode=spot.mode)  # type: ignore[arg-type]
        index = next(i for i, q in enumerate(self.found.questions) if q is question)
        self.found.questions[index] = replace(question, location=location)

    def _role_row(self, cells: list[Cell], header: Header, section: str | None) -> None:
        by_column = {cell.column: cell for cell in cells}
        question_column = header.column("question")
        question_cell = by_column.get(question_column) if question_column is not None else None
        if question_cell is None:
            taken = {c for c, role in header.roles.items() if role != "question"}
            question_cell = next((c for c in cells if c.column not in taken and c.text.strip()), None)
        if question_cell is None or not question_cell.text.strip() or self.sections.mode:
            return
        answer_cell = _cell_for(by_column, header.column("answer"))
        explanation_cell = _cell_for(by_column, header.column("explanation"))
        id_cell = _cell_for(by_column, header.column("id"))
        read = read_question_cell(question_cell)
        if not read.text:
            return
        number = read.number
        if id_cell is not None and looks_like_id(one_line(id_cell.text)):
            number = one_line(id_cell.text).rstrip(".")
        spot, kind, options, limit = read.spot, None, header.answer_options, read.limit
        descriptor = False
        if answer_cell is not None:
            spot, kind, options, limit, descriptor = _answer_cell(answer_cell, header, limit)
            spot = spot or read.spot
        if descriptor and not asks(read.text):
            return  # a weighting table: the cells describe questions asked elsewhere
        if spot is None and not descriptor and not asks(read.text):
            return
        explanation = (
            Spot(explanation_cell.path, "cell") if explanation_cell and explanation_cell.blank else None
        )
        self.found.questions.append(
            make_question(
                read.text,
                number,
                section,
                spot,
                read.first_path,
                options=options,
                limit=limit,
                kind=kind,
                explanation=explanation,
            )
        )

    def _plain_row(self, cells: list[Cell], section: str | None) -> None:
        texts = [cell for cell in cells if cell.text.strip() or any(p.boxes for p in cell.paras)]
        if not texts:
            return
        number = None
        if len(texts) > 1 and looks_like_id(one_line(texts[0].text)) and not texts[0].paras[0].boxes:
            number = one_line(texts[0].text).rstrip(".")
            texts = texts[1:]
        prompt = texts[0]
        later = [cell for cell in cells if cell.column > prompt.column]
        read = read_question_cell(prompt)
        spot = None
        for cell in later:
            if cell.blank:
                spot = Spot(cell.path, "cell")
                break
            box_paras = [p for p in cell.paras if p.boxes]
            if box_paras:
                line = classify(box_paras[0])
                spot = line.spot
                break
            yes_no = [p for p in cell.paras if yes_no_options(p.text.strip())]
            if yes_no:
                spot = Spot(yes_no[0].path, "placeholder", one_line(yes_no[0].text))
                break
        label = one_line(read.text).rstrip(":")
        if self.sections.mode == "narrative":
            return
        if (
            is_field_label(label)
            and not asks(read.text)
            and (spot is not None or prompt.text.rstrip().endswith(":"))
        ):
            field_spot = spot or Spot(prompt.paras[-1].path, "after")
            self.found.fields.append(
                Field(label=label, location=DocxLocation(field_spot.path, field_spot.mode, read.first_path))  # type: ignore[arg-type]
            )
            return
        if self.sections.mode or spot is None or not (asks(read.text) or spot.mode == "checkbox"):
            return
        options: tuple[str, ...] = ()
        if spot.mode == "checkbox":
            options = tuple(box.option for box in spot.checkboxes)
        elif spot.mode == "placeholder" and spot.placeholder:
            options = yes_no_options(spot.placeholder) or ()
        self.found.questions.append(
            make_question(
                read.text,
                number or read.number,
                section,
                spot,
                read.first_path,
                options=options,
                limit=read.limit,
            )
        )


def _cell_for(by_column: dict[int, Cell], column: int | None) -> Cell | None:
    return by_column.get(column) if column is not None else None


def _answer_cell(
    cell: Cell, header: Header, limit: Limit | None
) -> tuple[Spot | None, Kind | None, tuple[str, ...], Limit | None, bool]:
    """(spot, kind, options, limit, is-a-descriptor) for a Response cell."""
    if cell.blank:
        return Spot(cell.path, "cell"), None, header.answer_options, limit, False
    box_paras = [p for p in cell.paras if p.boxes]
    if box_paras:
        boxes = tuple(box for p in box_paras for box in _boxes_of(p))
        return Spot(box_paras[0].path, "checkbox", None, boxes), None, tuple(b.option for b in boxes), limit, False
    described = response_type(cell.text)
    if described is not None:
        kind, options, type_limit = described
        return None, kind, options, type_limit or limit, True
    first = next(p for p in cell.paras if p.text.strip())
    return Spot(first.path, "placeholder", one_line(first.text)), None, header.answer_options, limit, False


def _boxes_of(para: Para) -> tuple[CheckBox, ...]:
    spot = classify(para).spot
    return spot.checkboxes if spot else ()


@dataclass(frozen=True)
class CellQuestion:
    """A question read from one cell: its text, number, spot, limit and first paragraph."""

    text: str
    number: str | None
    spot: Spot | None
    limit: Limit | None
    first_path: str


def read_question_cell(cell: Cell) -> CellQuestion:
    """The question a question-column cell holds.

    Its text is every paragraph up to a response label, without notes and empty lines;
    the label (or a placeholder after it) is the answer spot; a limit comes from the text
    or a note; the number is the first paragraph's automatic or typed number.
    """
    lines: list[str] = []
    spot: Spot | None = None
    limit: Limit | None = None
    first: Para | None = None
    number: str | None = None
    for para in cell.paras:
        body = one_line(para.text)
        if not body:
            continue
        label = response_label(body)
        if label is not None:
            spot = Spot(para.path, "after") if not label else Spot(para.path, "placeholder", label)
            break
        if is_note(body):
            limit = limit or find_limit(body)
            continue
        if first is None:
            first = para
            typed, rest = split_number(body)
            number = label_number(para) or (normalise_number(typed) if typed else None)
            body = rest if typed else body
        lines.append(body)
    text = "\n".join(lines)
    first_path = first.path if first else (cell.paras[0].path if cell.paras else cell.path)
    return CellQuestion(text, number, spot, find_limit(text) or limit, first_path)
