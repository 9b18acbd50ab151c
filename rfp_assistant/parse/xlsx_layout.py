"""Recognising the layout of a questionnaire sheet from its header words and its content.

Pure functions over a :class:`Grid` (the sheet's display text, bold flags and merges):
which rows are headers, what role each column plays, which column holds the questions,
which one takes the answers. No openpyxl here; ``parse/xlsx.py`` builds the grid.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rfp_assistant.parse.text import is_placeholder, is_question_text, looks_like_id, one_line

# Column roles, tried in this order: the first that matches a header cell wins.
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("option", re.compile(r"^(?:answer|option|choice)\s*\d+$", re.I)),
    (
        "ignore",
        re.compile(
            r"guidance|advice|hint|analyst|scor(?:e|ing)|weight|evaluat|reviewer|office use|internal use|"
            r"for (?:the )?(?:buyer|issuer|council|institution)|accept|defer|points|"
            # The issuer's own notes beside the respondent's answer ("Consultant Comments").
            r"\bconsultant|\b(?:issuer|buyer|purchaser|client|broker)(?:'s)?\s+(?:comments?|notes?|remarks)",
            re.I,
        ),
    ),
    (
        "type",
        re.compile(r"^(?:(?:question|answer|response)\s+(?:type|format)|(?:answer\s+)?format|type)$", re.I),
    ),
    (
        "id",
        re.compile(
            r"^(?:no\.?|nr\.?|#|id|ref\.?|reference|item\s*(?:no\.?|#|number|id)?|(?:question|q|req(?:uirement)?)\s*"
            r"(?:id|no\.?|#|number|ref\.?)|number|s/?n|seq\.?|line|control id)$",
            re.I,
        ),
    ),
    (
        "section",
        re.compile(
            r"^(?:section(?:\s+(?:name|title))?|(?:\w+\s+)?domain(?:\s+title)?|category|topic|area)$", re.I
        ),
    ),
    # A portal export's short name for each question ("Summary text"): a label, not the ask.
    ("label", re.compile(r"^(?:summary(?:\s+text)?|short\s+(?:label|name|title)|label)$", re.I)),
    # A column for the names of attached documents ("Attachment Name", "Document Reference").
    (
        "attachment",
        re.compile(
            r"^(?:name\s+of\s+)?(?:attachment|exhibit|attached\s+document|supporting\s+document|file)s?"
            r"(?:\s+(?:name|names|reference|ref\.?|no\.?|number|title))?$|"
            r"^(?:document|attachment|exhibit)\s+(?:name|reference|ref\.?)s?$",
            re.I,
        ),
    ),
    (
        "explanation",
        re.compile(
            r"explanation|explain|comment|additional information|further|evidence|\bnotes?\b|details|clarification|"
            r"justification|implementation description|remarks|supporting|narrative",
            re.I,
        ),
    ),
    # A column that takes only the Yes/No value; the response column beside it takes the rest.
    ("yes_no", re.compile(r"^\W*(?:yes\s*/\s*no|y\s*/\s*n)(?:\s*/\s*n\s*/?\s*a)?\W*$", re.I)),
    (
        "answer",
        re.compile(
            r"response|answer|reply|yes\s*/\s*no|\by\s*/\s*n\b|complian(?:ce|t)|comply|implementation approach|"
            r"bidder|proposer|confirm|vendor input|your input",
            re.I,
        ),
    ),
    (
        "question",
        re.compile(
            r"question|requirement|description|criteri(?:a|on)|^item$|principle|specification|request|query|"
            r"^(?:topic|subject)$|statement",
            re.I,
        ),
    ),
)

HEADER_CELL_MAX_CHARS = 70
HEADER_CELL_MAX_WORDS = 9
# A column takes answers when at least this share of a region's question rows are blank there.
BLANK_COLUMN_SHARE = 0.8


@dataclass
class Grid:
    """A sheet's display text by (row, column), 1-based, with the formatting the parser needs."""

    text: dict[tuple[int, int], str]
    bold: set[tuple[int, int]] = field(default_factory=set)
    # For each merged range, its top-left cell -> (max_row, max_col).
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    covered: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # cell -> top-left
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # The cell's own string, trimmed, where it differs from ``text`` (doubled inner spaces,
    # blank lines): option values must read exactly as the issuer typed them.
    raw: dict[tuple[int, int], str] = field(default_factory=dict)
    # Number formats other than "General", empty cells included (a date column of a grid).
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0

    def get(self, row: int, col: int) -> str:
        return self.text.get((row, col), "")

    def get_raw(self, row: int, col: int) -> str:
        """The cell's value as typed, with only leading and trailing whitespace removed."""
        return self.raw.get((row, col)) or self.text.get((row, col), "")

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merge covering (row, col), or the cell itself."""
        return self.covered.get((row, col), (row, col))

    def row_cells(self, row: int) -> list[tuple[int, str]]:
        return [(c, self.text[(row, c)]) for c in range(1, self.max_col + 1) if (row, c) in self.text]

    def spans(self, row: int, col: int, other_col: int) -> bool:
        """True when one merged range covers both (row, col) and (row, other_col)."""
        top = self.anchor(row, col)
        return top == self.anchor(row, other_col) and top in self.merges


@dataclass
class Header:
    """A header row and the role it gives each column."""

    row: int
    roles: dict[int, str]
    title: str | None  # words on the header row that name a section ("Company Overview")
    texts: dict[int, str]

    def first(self, role: str) -> int | None:
        cols = sorted(c for c, r in self.roles.items() if r == role)
        return cols[0] if cols else None

    def all(self, role: str) -> list[int]:
        return sorted(c for c, r in self.roles.items() if r == role)


def role_of(text: str) -> str | None:
    """The role a header cell's words give its column, or None."""
    words = one_line(text)
    if not words or len(words) > HEADER_CELL_MAX_CHARS or len(words.split()) > HEADER_CELL_MAX_WORDS:
        return None
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(words):
            return role
    return None


def read_header(grid: Grid, row: int) -> Header | None:
    """Return the row as a :class:`Header` when its words name question/answer columns."""
    cells = grid.row_cells(row)
    if len(cells) < 2 or any(len(t) > 200 for _, t in cells):
        return None
    roles: dict[int, str] = {}
    unroled: list[tuple[int, str]] = []
    for col, text in cells:
        if "?" in text or is_question_text(text) or is_placeholder(text):
            return None  # a question or an answer slot in the row: not a header
        role = role_of(text)
        if role is None:
            unroled.append((col, text))
        else:
            roles[col] = role
    kinds = {"answer" if role == "yes_no" else role for role in roles.values()}
    if not kinds & {"question", "answer"}:
        return None
    if unroled and unroled[0][0] < min(roles) and looks_like_id(unroled[0][1]) and len(unroled[0][1]) > 2:
        return None  # "GNRL-03 | Product Description | ...": a numbered data row
    if kinds == {"question"}:
        return None  # two 'description' cells are a data row, not a header
    # Either two roles, or an answer column beside a section title (" General Information | Answer").
    if len(roles) < 2 and not ("answer" in kinds and len(unroled) == 1 and unroled[0][0] < min(roles)):
        return None
    if any(len(t) > HEADER_CELL_MAX_CHARS for _, t in unroled):
        return None
    title = None
    if unroled and unroled[0][0] < min(roles):
        title = unroled[0][1]
    return Header(row=row, roles=roles, title=title, texts=dict(cells))


def find_headers(grid: Grid) -> list[Header]:
    """Every header row of a sheet, top to bottom (questionnaires repeat them per section)."""
    headers: list[Header] = []
    for row in range(1, grid.max_row + 1):
        header = read_header(grid, row)
        if header is not None and not (headers and _is_typed_data_row(grid, row, headers[-1])):
            headers.append(header)
    return headers


def _is_typed_data_row(grid: Grid, row: int, above: Header) -> bool:
    """True when ``row`` fills the "Question type" column of the header above with a value.

    A portal export's group rows ("Registered or head office address | Grouped and related
    questions") read like header words, but a repeated header would name the column again
    ("Question type"), while a data row states a question's type there.
    """
    type_col = above.first("type")
    if type_col is None:
        return False
    value = grid.get(row, type_col)
    return bool(value) and role_of(value) != "type"


def question_column(grid: Grid, rows: range, exclude: set[int]) -> int | None:
    """The column holding the most question-like texts in ``rows``, or None if none has 2+."""
    counts: Counter[int] = Counter()
    for row in rows:
        for col, text in grid.row_cells(row):
            if col not in exclude and grid.anchor(row, col) == (row, col) and is_question_text(text):
                counts[col] += 1
    if not counts:
        return None
    col, count = max(counts.items(), key=lambda item: (item[1], -item[0]))
    return col if count >= 2 else None


def id_column(grid: Grid, rows: list[int], qcol: int) -> int | None:
    """A column left of the questions whose values look like question numbers."""
    best, best_count = None, 0
    for col in range(1, qcol):
        values = [grid.get(r, col) for r in rows if (r, col) in grid.text and grid.anchor(r, col) == (r, col)]
        ids = sum(1 for v in values if looks_like_id(v))
        if ids > best_count and ids >= max(2, len(rows) // 3):
            best, best_count = col, ids
    return best


def blank_column(grid: Grid, rows: list[int], start: int, stop: int, repeated: set[str]) -> int | None:
    """First column in [start, stop] that is blank (or placeholder) on most of ``rows``."""
    if not rows:
        return None
    for col in range(start, stop + 1):
        blank = 0
        for row in rows:
            value = grid.get(row, col)
            if grid.anchor(row, col) != (row, col):
                continue
            if not value or value in repeated or is_placeholder(value):
                blank += 1
        if blank / len(rows) >= BLANK_COLUMN_SHARE:
            return col
    return None


def repeated_fillers(grid: Grid, col: int, rows: list[int], minimum: int = 3) -> set[str]:
    """Texts repeated in an answer column on many rows: the issuer's placeholder ('TYPE RESPONSE HERE>>>>')."""
    counts = Counter(grid.get(r, col) for r in rows if grid.get(r, col))
    # Repeated real answers ("Yes" down a completed questionnaire) are not fillers.
    return {
        text
        for text, n in counts.items()
        if n >= minimum and len(text) < 60 and (is_placeholder(text) or (len(text) >= 12 and " " in text))
    }
