"""Questionnaire tables in PDFs, read cell by cell.

pdfplumber's table finder (slow: it is only run on pages with enough ruling lines) gives
the cells; this module decides whether a table is a questionnaire (a column of issuer
numbers beside a question column, or ``Question`` / ``Response`` headers), then reads it
band by band: a band is a ruled cell of the question column. The numbers in the number
column are matched to the paragraphs of their band (issuers often put several numbered
questions in one ruled cell, e.g. ``4.1(j) - (i)`` to ``(iv)``); Yes/No glyphs and words in
the response columns give the answer's options. A band with no number continues the row
above, including the row a page break interrupted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from rfp_assistant.parse.pdf_layout import (
    Segment,
    drop_superscripts,
    group_lines,
    join_lines,
    make_segment,
    paragraphs,
)
from rfp_assistant.parse.pdf_numbers import Key, split_item_number
from rfp_assistant.parse.pdf_page import Mark, PageWords, Word

# Only pages with at least this many ruling edges each way are handed to the table finder.
MIN_RULES = 3
# A number column holds short numbers; at least this share of its lines are numbers.
NUMBER_COLUMN_SHARE = 0.5
MAX_NUMBER_COLUMN_SHARE = 0.3
# Two cell edges this close are the same column boundary.
EDGE_TOLERANCE = 2.0
MIN_COLUMN_WIDTH = 8.0
HEADING_WORDS = 14
NUMBER_CELL_WORDS = 4
# A number set beside a question without a gap is matched to a line this many lines away at most.
NEAR_NUMBER_LINES = 1.5

_HEADER = re.compile(
    r"^(?:question|questions|question\s+(?:number|no\.?|ref)|no\.?|number|ref(?:erence)?|#|item|"
    r"response|responses|answer|answers|reply|declaration|guidance|information|comments?|"
    r"requirement|description|yes|no|n/a|score|weighting|notes?)$",
    re.IGNORECASE,
)
_QUESTION_HEADER = re.compile(r"^(?:questions?|requirements?|question\s+text)$", re.IGNORECASE)
_RESPONSE_HEADER = re.compile(r"^(?:response|responses|answer|answers|reply|comments?)$", re.IGNORECASE)
_SECTION_LABEL = re.compile(r"^(?:section|part|schedule)\s+\w+\b", re.IGNORECASE)
_OPTION_WORD = re.compile(r"^(?:yes|no|n/a|na|not applicable)$", re.IGNORECASE)


@dataclass
class TableEntry:
    """One questionnaire row (or one numbered question of a row) as the reader sees it.

    ``number`` is None for a band that continues the entry above (an unnumbered sub-part or
    the rest of a row interrupted by a page break); ``heading`` marks a section row
    (``Section 1 | Your information``); ``notes`` holds the other columns' text
    (guidance, ``Document: ...``) that hints at the kind of answer.
    """

    page: int
    number: str | None
    key: Key | None
    text: str
    bbox: tuple[float, float, float, float]
    marks: int = 0
    options: tuple[str, ...] = ()
    notes: str = ""
    heading: bool = False
    bold: bool = False
    size: float = 0.0


@dataclass
class TableBlock:
    """A questionnaire table found on a page, with its entries top to bottom."""

    page: int
    bbox: tuple[float, float, float, float]
    entries: list[TableEntry] = field(default_factory=list)


def _closing_rules(horizontal: list[dict[str, Any]], vertical: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules to close a table whose last row runs off the page foot (or in from its head).

    A row split by a page break is often drawn without its bottom (or top) rule, which
    leaves the table finder an open row; the column rules say where it ends.
    """
    closing: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        ends: dict[float, list[dict[str, Any]]] = {}
        for edge in vertical:
            y = round(float(edge[end]), 1)
            if not any(abs(float(h["top"]) - y) <= EDGE_TOLERANCE and h["x0"] - 1 <= edge["x0"] <= h["x1"] + 1 for h in horizontal):
                ends.setdefault(y, []).append(edge)
        for y, edges in ends.items():
            if len(edges) >= 2:
                x0, x1 = min(float(e["x0"]) for e in edges), max(float(e["x1"]) for e in edges)
                closing.append(
                    {"object_type": "rect_edge", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h"}
                )
    return closing


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class BoxField:
    """A contact blank drawn as a table cell: a label with room (or an empty cell) beside it."""

    label: str
    bbox: Box


def read_tables(
    page: object, words: PageWords, kept: Sequence[Word]
) -> tuple[list[TableBlock], list[Word], list[Box], list[BoxField]]:
    """The page's questionnaire tables, the words not in one, the other tables' boxes and
    the contact blanks those other tables hold.

    The table finder only runs on pages with at least :data:`MIN_RULES` rules each way,
    and is handed the rules read with the words (so pdfplumber never converts the page's
    characters again).
    """
    horizontal = [e for e in words.rules if e["orientation"] == "h"]
    vertical = [e for e in words.rules if e["orientation"] == "v"]
    if len(horizontal) < MIN_RULES or len(vertical) < MIN_RULES:
        return [], list(kept), [], []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": [*horizontal, *_closing_rules(horizontal, vertical)],
    }
    found = [t for t in page.find_tables(settings) if len(t.cells) >= 2]  # type: ignore[attr-defined]
    boxes = [tuple(float(v) for v in t.bbox) for t in found]
    blocks: list[TableBlock] = []
    fields: list[BoxField] = []
    for table, box in zip(found, boxes, strict=True):
        if any(other != box and _contains(other, box) for other in boxes):
            continue  # a highlighted box inside a bigger table's cell
        inside = [w for w in kept if _centred_in(box, w.x0, w.top, w.x1, w.bottom)]
        cells = [tuple(float(v) for v in c) for c in table.cells]
        block = _read_table(words, box, cells, inside)
        if block is not None:
            blocks.append(block)
        else:
            fields.extend(_box_fields(words.number, cells, inside))
    taken = [b.bbox for b in blocks]
    rest = [w for w in kept if not any(_centred_in(b, w.x0, w.top, w.x1, w.bottom) for b in taken)]
    others = [(b[0], b[1], b[2], b[3]) for b in boxes if not any(_contains(t, b) for t in taken)]
    return blocks, rest, others, fields


def _box_fields(page: int, cells: list[tuple[float, ...]], words: list[Word]) -> list[BoxField]:
    """Contact blanks in a table that is not a questionnaire: a two-cell row whose left cell
    is a field label and whose right cell is empty (``Contact name | ______``).
    """
    from rfp_assistant.parse.text import is_field_label

    texts: dict[tuple[float, ...], list[Word]] = {c: [] for c in cells}
    for word in words:
        cell = _cell_of(word, cells)
        if cell is not None:
            texts[cell].append(word)
    rows: dict[tuple[float, float], list[tuple[float, ...]]] = {}
    for cell in cells:
        rows.setdefault((round(cell[1]), round(cell[3])), []).append(cell)
    found: list[BoxField] = []
    for cell, inside in texts.items():
        if not inside:
            continue
        label = join_lines(_lines(page, inside)).rstrip(":").strip()
        if not is_field_label(label):
            continue
        row = sorted(rows.get((round(cell[1]), round(cell[3])), []), key=lambda c: c[0])
        if len(row) == 2 and row[0] == cell and not texts[row[1]]:
            target = row[1]
            found.append(BoxField(label, (target[0], target[1], target[2], target[3])))
    return found


def _contains(outer: Sequence[float], inner: Sequence[float]) -> bool:
    """True when box ``inner`` lies within box ``outer``."""
    x0, top, x1, bottom = inner
    return outer[0] - 0.5 <= x0 and outer[1] - 0.5 <= top and x1 <= outer[2] + 0.5 and bottom <= outer[3] + 0.5


def _centred_in(box: Sequence[float], x0: float, top: float, x1: float, bottom: float) -> bool:
    """True when the middle of a word or mark lies in ``box``."""
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _columns(cells: list[tuple[float, ...]], box: Sequence[float]) -> list[tuple[float, float]]:
    """Column spans from the cells' left edges; slivers (shading, padding rules) are merged."""
    starts: list[float] = []
    for x in sorted(c[0] for c in cells):
        if not starts or x - starts[-1] > MIN_COLUMN_WIDTH:
            starts.append(x)
    ends = [*starts[1:], box[2]]
    return [(x0, x1) for x0, x1 in zip(starts, ends, strict=True) if x1 - x0 > MIN_COLUMN_WIDTH] or [
        (box[0], box[2])
    ]


def _cell_of(word: Word, cells: list[tuple[float, ...]]) -> tuple[float, ...] | None:
    """The smallest cell holding the middle of ``word``."""
    cx, cy = (word.x0 + word.x1) / 2, word.middle
    holding = [c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
    return min(holding, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])) if holding else None


def _column_of(word: Word, columns: list[tuple[float, float]]) -> int:
    middle = (word.x0 + word.x1) / 2
    for index, (x0, x1) in enumerate(columns):
        if x0 - EDGE_TOLERANCE <= middle < x1 + EDGE_TOLERANCE:
            return index
    return len(columns) - 1


def _lines(page: int, words: Sequence[Word]) -> list[Segment]:
    return [make_segment(page, index, drop_superscripts(line)) for index, line in enumerate(group_lines(words))]


def _read_table(
    page: PageWords, box: tuple[float, ...], cells: list[tuple[float, ...]], words: list[Word]
) -> TableBlock | None:
    columns = _columns(cells, box)
    if len(columns) < 2 or not words:
        return None
    by_column: list[list[Word]] = [[] for _ in columns]
    for word in words:
        cell = _cell_of(word, cells)
        column = _column_of(word, columns)
        # Words of a cell that spans several columns (a title row) say nothing about a column.
        if cell is None or cell[2] <= columns[column][1] + MIN_COLUMN_WIDTH:
            by_column[column].append(word)
    number_col = _number_column(page.number, columns, by_column, box)
    header = _header_row(page.number, columns, by_column)
    question_col = _question_column(columns, by_column, number_col, header)
    if question_col is None:
        return None
    if number_col is None and not _is_unnumbered_questionnaire(header):
        return None
    qx0, qx1 = columns[question_col]
    qmid = (qx0 + qx1) / 2
    bands = _maximal([c for c in cells if c[0] - EDGE_TOLERANCE <= qmid <= c[2] + EDGE_TOLERANCE])
    # Where the numbers sit: cells over that line and not over the question column hold them.
    number_x = (
        median((w.x0 + w.x1) / 2 for w in by_column[number_col]) if number_col is not None else None
    )
    number_cells = (
        _maximal([c for c in cells if c[0] <= number_x <= c[2] and not c[0] <= qmid <= c[2]])
        if number_x is not None
        else []
    )
    block = TableBlock(page=page.number, bbox=(box[0], box[1], box[2], box[3]))
    marks = [m for m in page.marks if _centred_in(box, m.x0, m.top, m.x1, m.bottom)]
    group: list[tuple[float, ...]] = []
    owner: tuple[float, ...] | None = None
    for cell in [*bands, None]:
        spans = cell is not None and number_x is not None and cell[0] <= number_x
        holder = None if cell is None or spans else _holder(cell, number_cells)
        if group and (cell is None or spans or holder != owner or holder is None):
            block.entries.extend(_group_entries(page.number, group, owner, words, marks, first=not block.entries))
            group = []
        if cell is None:
            break
        if spans:
            entry = _spanning_row(page.number, [w for w in words if _within(w, cell)])
            if entry is not None:
                block.entries.append(entry)
            continue
        group.append(cell)
        owner = holder
    return block if block.entries else None


def _maximal(cells: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Cells not drawn inside another one (a highlighted passage is not a row), top to bottom."""
    unique = set(cells)
    return sorted((c for c in unique if not any(o != c and _contains(o, c) for o in unique)), key=lambda c: (c[1], c[0]))


def _holder(band: tuple[float, ...], number_cells: list[tuple[float, ...]]) -> tuple[float, ...] | None:
    """The number-column cell beside a band (one may run beside several bands)."""
    middle = (band[1] + band[3]) / 2
    for cell in number_cells:
        if cell[1] - 1 <= middle <= cell[3] + 1:
            return cell
    return None


def _within(word: Word, cell: Sequence[float]) -> bool:
    return cell[1] <= word.middle < cell[3] and cell[0] - EDGE_TOLERANCE <= (word.x0 + word.x1) / 2 <= cell[2] + EDGE_TOLERANCE


def _number_column(
    page: int, columns: list[tuple[float, float]], by_column: list[list[Word]], box: Sequence[float]
) -> int | None:
    width = box[2] - box[0]
    for index, words in enumerate(by_column[:-1]):
        if not words:
            continue
        # Only the first column that holds anything can number the rows.
        if (columns[index][1] - columns[index][0]) > MAX_NUMBER_COLUMN_SHARE * width:
            return None
        lines = [s.text for s in _lines(page, words)]
        numbered = [t for t in lines if _cell_number(t) is not None]
        # Long lines are the text of rows that span the table (instructions, part titles).
        short = [t for t in lines if len(t.split()) <= NUMBER_CELL_WORDS and not _HEADER.match(t)]
        return index if numbered and len(numbered) >= NUMBER_COLUMN_SHARE * len(short) else None
    return None


def _cell_number(text: str) -> tuple[str, Key] | None:
    """The issuer number a number cell holds (``1.1(b) – (i)``, a bare ``12``), or None."""
    text = text.strip()
    found = split_item_number(text + " X") if re.fullmatch(r"\d{1,3}", text) else split_item_number(text)
    if found is None or (found[2] and found[2] != "X"):
        return None
    return found[0], found[1]


def _header_row(page: int, columns: list[tuple[float, float]], by_column: list[list[Word]]) -> dict[int, str]:
    """Column index -> header text, from the topmost line of each column that reads like one."""
    header: dict[int, str] = {}
    for index, words in enumerate(by_column):
        lines = _lines(page, words)
        if not lines:
            continue
        first = lines[0].text if len(lines) == 1 or lines[1].top - lines[0].bottom > 2 else join_lines(lines[:2])
        if _HEADER.match(first.strip()) or _HEADER.match(join_lines(lines[:2]).strip()):
            header[index] = join_lines(lines[:2]) if not _HEADER.match(first.strip()) else first
    return header


def _question_column(
    columns: list[tuple[float, float]], by_column: list[list[Word]], number_col: int | None, header: dict[int, str]
) -> int | None:
    """The column right of the number column, or (unnumbered) the one headed ``Question``."""
    if number_col is not None:
        texts = [i for i in range(number_col + 1, len(columns)) if by_column[i]]
        return texts[0] if texts else None
    for index, text in header.items():
        if _QUESTION_HEADER.match(text.strip()):
            return index
    return None


def _is_unnumbered_questionnaire(header: dict[int, str]) -> bool:
    texts = [t.strip() for t in header.values()]
    return any(_QUESTION_HEADER.match(t) for t in texts) and any(_RESPONSE_HEADER.match(t) for t in texts)


def _spanning_row(page: int, band: list[Word]) -> TableEntry | None:
    """A row across the whole table: a section title when short and set apart, else instructions."""
    lines = _lines(page, band)
    text = join_lines(lines)
    bold = all(line.bold for line in lines)
    if not text or len(text.split()) > HEADING_WORDS or text.endswith((":", ".")):
        return None
    if not (bold or _SECTION_LABEL.match(text)):
        return None
    return TableEntry(
        page=page,
        number=None,
        key=None,
        text=text,
        bbox=_bbox(band),
        heading=True,
        bold=bold,
        size=max(line.size for line in lines),
    )


def _group_entries(
    page: int,
    bands: list[tuple[float, ...]],
    holder: tuple[float, ...] | None,
    words: list[Word],
    marks: list[Mark],
    first: bool = False,
) -> list[TableEntry]:
    """The entries of ruled question cells and the number cell beside them (``first``: at the top)."""
    x0 = bands[0][0] - EDGE_TOLERANCE
    top, bottom = bands[0][1], bands[-1][3]
    number_words = [w for w in words if holder is not None and _within(w, holder)]
    number_lines = _lines(page, number_words)
    label = join_lines(number_lines)
    parts: list[list[Segment]] = []
    for band in bands:
        parts.extend(paragraphs(_lines(page, [w for w in words if _within(w, band)])))
    other = [w for w in words if top <= w.middle < bottom and (w.x0 + w.x1) / 2 > bands[0][2] + EDGE_TOLERANCE]
    band_marks = [m for m in marks if m.x0 >= x0 and top - 1 <= m.middle <= bottom + 1]
    question_text = join_lines([s for p in parts for s in p])
    if _HEADER.match(label or "") or (not label and _HEADER.match(question_text or "")):
        return []  # the header row (repeated on each page)
    if label and _SECTION_LABEL.match(label) and _cell_number(label) is None:
        text = " ".join(t for t in (label, question_text) if t)
        return [TableEntry(page, None, None, text, _bbox([*number_words, *(w for p in parts for s in p for w in s.words)]), heading=True, bold=True, size=number_lines[0].size)]
    numbers = [(found, line) for line in number_lines if (found := _cell_number(line.text)) is not None]
    if not numbers:
        if not parts:
            return []
        return [
            TableEntry(
                page,
                None,
                None,
                "\n".join(join_lines(p) for p in parts),
                _bbox([w for p in parts for s in p for w in s.words]),
                marks=len(band_marks),
                options=_options(page, other, bool(band_marks)),
                notes=_text(page, other),
            )
        ]
    entries: list[TableEntry] = []
    # At the top of a page, a sentence ending above the first number finishes the row the
    # page break interrupted.
    first_top = numbers[0][1].top - 0.5 * numbers[0][1].height
    orphans = [p for p in parts if p[-1].bottom < first_top] if first and parts and parts[0][0].text[:1].islower() else []
    if orphans:
        parts = parts[len(orphans) :]
        entries.append(
            TableEntry(page, None, None, "\n".join(join_lines(p) for p in orphans), _bbox([w for p in orphans for s in p for w in s.words]))
        )
    if len(parts) < len(numbers):
        parts = _split_at_numbers(parts, [line for _, line in numbers[1:]])
    owners = _assign(parts, [line for _, line in numbers])
    starts = [
        min([line.top, *(p[0].top for p, o in zip(parts, owners, strict=True) if o == index)])
        for index, (_, line) in enumerate(numbers)
    ]
    starts[0] = min(starts[0], top)  # the first question of a cell owns the cell's top
    for index, ((number, key), line) in enumerate(numbers):
        mine = [p for p, o in zip(parts, owners, strict=True) if o == index]
        start = starts[index]
        end = min(starts[index + 1 :], default=bottom)
        response = [w for w in other if start - 2 <= w.middle < end - 1]
        my_marks = [m for m in band_marks if start - 2 <= m.middle < end - 1]
        text_words = [w for p in mine for s in p for w in s.words]
        entries.append(
            TableEntry(
                page=page,
                number=number,
                key=key,
                text="\n".join(join_lines(p) for p in mine),
                bbox=_bbox([*line.words, *text_words]),
                marks=len(my_marks),
                options=_options(page, response, bool(my_marks)),
                notes=_text(page, response),
                bold=bool(mine) and all(s.bold for p in mine for s in p),
                size=max((s.size for p in mine for s in p), default=line.size),
            )
        )
    return entries


def _split_at_numbers(parts: list[list[Segment]], numbers: list[Segment]) -> list[list[Segment]]:
    """Start a new paragraph at the line nearest each number (questions set without a gap)."""
    lines = [line for part in parts for line in part]
    starts = {id(part[0]) for part in parts}
    previous = {id(line): lines[i - 1] if i else None for i, line in enumerate(lines)}
    for number in numbers:
        near = [line for line in lines if abs(line.top - number.top) <= NEAR_NUMBER_LINES * line.height]
        if near:
            # Prefer a line that starts a sentence, then the nearest one.
            def rank(line: Segment, number: Segment = number) -> tuple[bool, float]:
                before = previous[id(line)]
                opens = before is None or before.text.rstrip().endswith((".", "?", ":", ";"))
                return (not opens, abs(line.top - number.top))

            starts.add(id(min(near, key=rank)))
    result: list[list[Segment]] = []
    for line in lines:
        if id(line) in starts or not result:
            result.append([line])
        else:
            result[-1].append(line)
    return result


def _assign(parts: list[list[Segment]], numbers: list[Segment]) -> list[int]:
    """Which number owns each paragraph: in order when they pair up, else the nearest above."""
    if len(parts) == len(numbers):
        return list(range(len(parts)))
    owners: list[int] = []
    for part in parts:
        top, bottom = part[0].top, part[-1].bottom
        candidates = [i for i, n in enumerate(numbers) if n.top <= bottom]
        if not candidates:
            owners.append(0)
            continue
        owners.append(min(candidates, key=lambda i: (abs(numbers[i].top - top), -i)))
    # A paragraph never belongs to an earlier number than the paragraph above it.
    for index in range(1, len(owners)):
        owners[index] = max(owners[index], owners[index - 1])
    return owners


def _options(page: int, words: list[Word], has_marks: bool) -> tuple[str, ...]:
    found: list[str] = []
    for line in _lines(page, words):
        for piece in re.split(r"\s{1,}", line.text):
            if _OPTION_WORD.match(piece) and piece.lower() not in {o.lower() for o in found}:
                found.append({"na": "N/A", "n/a": "N/A"}.get(piece.lower(), piece.capitalize()))
    has_yes_no = {"yes", "no"} <= {o.lower() for o in found}
    return tuple(found) if has_marks or has_yes_no else ()


def _text(page: int, words: list[Word]) -> str:
    return join_lines(_lines(page, words))


def _bbox(words: Sequence[Word]) -> tuple[float, float, float, float]:
    return (
        round(min(w.x0 for w in words), 1),
        round(min(w.top for w in words), 1),
        round(max(w.x1 for w in words), 1),
        round(max(w.bottom for w in words), 1),
    )
