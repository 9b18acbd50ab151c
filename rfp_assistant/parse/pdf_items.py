"""From text in reading order to the questionnaire's headings and numbered items.

The stages:

1. :func:`segment_stream` walks the lines of all pages in reading order and cuts them into
   :class:`Heading` (set apart by size or weight, or numbered ``N.0``) and :class:`Item`
   elements. An item starts at an issuer number and takes the lines of its paragraph,
   across a page break too; after a white gap, bullet and lettered sub-parts stay with it,
   and other lines (guidance, option labels) are kept as its ``notes``. Questionnaire
   tables arrive as ready-made entries (:mod:`rfp_assistant.parse.pdf_tables`).
2. :func:`classify` groups items into *runs* of one numbering (a second part restarting at
   1, or a numbered list inside a question, starts a new run), decides which runs are
   questionnaires, turns numbered titles that only head their children into headings, and
   folds a numbered list into the question it belongs to.
3. :func:`assign_sections` gives every item its section heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rfp_assistant.parse.pdf_layout import Segment, join_lines
from rfp_assistant.parse.pdf_numbers import Key, follows, is_descendant, split_item_number
from rfp_assistant.parse.pdf_tables import TableBlock, TableEntry

HEADING_WORDS = 14
HEADING_GROUP_WORDS = 24
HEADING_CHARS = 120
HEADING_SIZE = 1.4
# Numbered lines set this much smaller than the body text are footnotes.
FOOTNOTE_SIZE = 0.85
# Lines of one paragraph are closer than this many line heights.
PARAGRAPH_GAP = 0.9
# Font sizes within this many points are the same size (a heading's lines, a paragraph's).
SIZE_TOLERANCE = 0.5
# A run is a questionnaire when at least this share of its items ask something.
QUESTION_RUN_SHARE = 0.5
# How many earlier runs a number may resume (a list inside a question interrupts a run).
RESUMABLE_RUNS = 4
FIRST_SENTENCE_CHARS = 400

_STRONG_OPENERS = (
    "describe|explain|provide|list|confirm|state|indicate|identify|specify|outline|detail|summari[sz]e|give|"
    "attach|submit|include|select|discuss|demonstrate|define|enter|upload|share|tell|verify|clarify|propose|"
    "supply|advise|acknowledge|certify|affirm|elaborate|quantify|rate|rank|complete|how|what|which|who|whom|"
    "whose|when|where|why"
)
_AUXILIARY = "do|does|did|is|are|was|were|can|could|will|would|should|shall|have|has|may|must"
_OPENS_ASK = re.compile(rf"^\W*(?:please\s+(?!note\b|be\s+aware\b|refer\b|see\b))?(?:{_STRONG_OPENERS})\b", re.I)
_AUX_QUESTION = re.compile(rf"^\W*(?:{_AUXILIARY})\b[^.]*\?", re.I)
_CONDITIONAL_ASK = re.compile(
    rf"^\W*(?:if|where|when|for|in|under|as|once|during|with|given|to)\b[^.?]{{2,200}}?,\s*"
    rf"(?:please\s+)?(?:{_STRONG_OPENERS})\b",
    re.I,
)
_PLEASE_ASK = re.compile(rf"\bplease\s+(?:{_STRONG_OPENERS}|tick|mark|answer|respond|note\s+whether)\b", re.I)
_LEADING_NOTE = re.compile(r"^\s*(?:\([^)]{0,80}\)\s*)+")
_SUB_PART = re.compile(r"^\s*(?:[•●▪◦‣∙·o\-–—*]\s+|\(?[a-z]\)\s*|\(?[ivx]{1,4}\)\s+|[a-z]\.\s+)")
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\S{0,6}$|\s\.{3,}")
_SECTION_NUMBER = re.compile(r"^(?:section|part|appendix|annex|schedule|chapter)\s+[\w.]+\b", re.I)
_OPTION_WORDS = re.compile(r"\s*\b(?:yes|no|n/a|not applicable)(?:\s+(?:yes|no|n/a|not applicable))+\s*$", re.I)
# Sections whose numbered items are not questions: FAQs, guidance, instructions, terms, lists
# of documents to send. Matched at the start of the heading (after its number).
_EXCLUDED_SECTION = re.compile(
    r"^(?:(?:section|part|appendix|annex|schedule|chapter)\s+[\w.]+\s*[-–:.]?\s*)?(?:\d+(?:\.\d+)*\.?\s+)?"
    r"(?:general\s+|standard\s+|additional\s+)?"
    r"(?:frequently\s+asked|faqs?\b|questions?\s+(?:and|&)\s+answers|q\s?&\s?a\b|instructions?\b|guidance\b|"
    r"notes?\s+(?:for|on|to)\s+(?:completion|completing|respondents|bidders)|terms\b|conditions\s+of\b|"
    r"background\b|overview\b|introduction\b|definitions\b|glossary\b|requested\s+documents|"
    r"documents?\s+(?:list|requested|checklist|to\s+(?:be\s+)?(?:submit|provid|return))|exemptions?\b|"
    r"(?:table\s+of\s+)?contents\b|disclaimer\b|evaluation\b|scoring\b|timetable\b)",
    re.I,
)


@dataclass
class Heading:
    """A section title; ``key`` is set for a numbered one (``1.0 Firm``, ``7.2 Data protection``)."""

    text: str
    page: int
    size: float
    bold: bool
    key: Key | None = None


@dataclass
class Item:
    """A numbered item (or a questionnaire-table row) and what the parser learnt about it.

    ``lines`` are the question's own text lines; ``notes`` the lines after it (guidance,
    option labels, "Choose File"); ``options`` labels with a drawn radio button or checkbox
    (flow) or the Yes/No words of a response cell (table).
    """

    number: str | None
    key: Key | None
    page: int
    text: str
    bbox: tuple[float, float, float, float]
    source: str
    lines: list[Segment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    marks: int = 0
    size: float = 0.0
    bold: bool = False
    open: bool = True
    in_sub_parts: bool = True
    run: int = -1
    asks: bool = False
    question: bool = False
    section: str | None = None
    section_key: Key | None = None
    excluded: bool = False


Element = Heading | Item


def asks(text: str) -> bool:
    """True when a text asks for something: a question, an imperative, ``If ..., please describe``."""
    body = _LEADING_NOTE.sub("", re.sub(r"\s+", " ", text)).strip()
    if not body:
        return False
    first = re.split(r"(?<=[.?!])\s+(?=[A-Z‘“\"(])", body, maxsplit=1)[0]
    if "?" in body[:FIRST_SENTENCE_CHARS]:
        return True
    return bool(_OPENS_ASK.match(first) or _CONDITIONAL_ASK.match(first) or _PLEASE_ASK.search(first))


def asks_directly(text: str) -> bool:
    """True when the first sentence is a question (ends with ``?``)."""
    body = _LEADING_NOTE.sub("", re.sub(r"\s+", " ", text)).strip()
    first = re.split(r"(?<=[?])\s+", body, maxsplit=1)[0]
    return first.endswith("?") and len(first) <= FIRST_SENTENCE_CHARS


def is_excluded_section(title: str) -> bool:
    """True for a heading over FAQs, guidance, instructions, terms or lists of documents."""
    return bool(_EXCLUDED_SECTION.match(title.strip()))


# --- 1. lines -> headings and items ---------------------------------------------------------


@dataclass
class _Stream:
    body: float
    left_of: dict[tuple[int, int], float]
    elements: list[Element] = field(default_factory=list)
    heading: list[Segment] = field(default_factory=list)
    previous: Segment | None = None


def segment_stream(stream: Sequence[Segment | TableBlock], body: float) -> list[Element]:
    """Cut the document's lines (and table blocks) in reading order into headings and items."""
    left_of: dict[tuple[int, int], float] = {}
    for part in stream:
        if isinstance(part, Segment):
            key = (part.page, part.line)
            left_of[key] = min(left_of.get(key, part.x0), part.x0)
    state = _Stream(body=body, left_of=left_of)
    for part in stream:
        if isinstance(part, TableBlock):
            _flush_heading(state)
            _close(state)
            _add_table(state, part)
            state.previous = None
            continue
        _add_line(state, part)
        state.previous = part
    _flush_heading(state)
    return state.elements


def _current(state: _Stream) -> Item | None:
    last = state.elements[-1] if state.elements else None
    return last if isinstance(last, Item) else None


def _close(state: _Stream) -> None:
    item = _current(state)
    if item is not None:
        item.open = False


def _is_heading_line(state: _Stream, line: Segment) -> bool:
    text = line.text.strip()
    words = text.split()
    if not words or len(words) > HEADING_WORDS or len(text) > HEADING_CHARS or text.endswith(("?", ",", ";")):
        return False
    if text[:1].islower():
        return False  # the end of a sentence, not a title
    if _TOC_LINE.search(text) or line.control or line.boxed:
        return False
    if state.left_of.get((line.page, line.line), line.x0) < line.x0 - 1:
        return False  # a side box or a column label beside other text
    styled = (line.bold and line.size >= state.body - 0.5) or line.size >= HEADING_SIZE * state.body
    number = split_item_number(text)
    if number is not None:
        if number[0].endswith(".0") and number[2] and line.size >= state.body:
            return True  # "10.0 Environmental, Social & Governance"
        return styled and not asks(number[2])  # a bold question is a question
    return styled


def _add_line(state: _Stream, line: Segment, may_head: bool = True) -> None:
    open_item = _current(state)
    if (
        open_item is not None
        and open_item.open
        and open_item.source == "flow"
        and _continues(state, open_item, line)
        and line.size <= open_item.lines[-1].size + SIZE_TOLERANCE
    ):
        # A bold word at the start of a wrapped line is still the question's text; a line set
        # larger than the paragraph is a title (a part heading at the top of the next page).
        may_head = False
    if may_head and _is_heading_line(state, line):
        group = state.heading
        if group and not _same_heading(group[-1], line):
            _flush_heading(state)
        state.heading.append(line)
        return
    _flush_heading(state)
    item = _current(state)
    numbered = split_item_number(line.text.strip())
    if numbered is not None and line.size < FOOTNOTE_SIZE * state.body:
        numbered = None  # a footnote or fine print, not an item
    if numbered is not None and not _TOC_LINE.search(line.text):
        number, key, rest = numbered
        continuing = item is not None and item.open and _continues(state, item, line)
        if not (continuing and item is not None and item.key is not None and not follows(item.key, key)):
            _close(state)
            state.elements.append(
                Item(
                    number=number,
                    key=key,
                    page=line.page,
                    text=rest,
                    bbox=_box([line]),
                    source="flow",
                    lines=[line],
                    size=line.size,
                    bold=line.bold,
                )
            )
            return
    if item is None or item.source != "flow":
        return  # unnumbered text outside any item: guidance, instructions, cover pages
    last = item.lines[-1]
    if line.page == last.page and line.line == last.line:
        item.notes.append(line.text)  # beside the question's line: a response box, Yes/No labels
        return
    if item.open and _continues(state, item, line):
        item.lines.append(line)
        return
    item.open = False
    if item.in_sub_parts and (_SUB_PART.match(line.text) or (item.notes == [] and _continues_sub_part(item, line))):
        item.lines.append(line)
        return
    item.in_sub_parts = False
    item.notes.append(line.text)
    if line.control:
        item.options.append(line.text.strip())


def _continues(state: _Stream, item: Item, line: Segment) -> bool:
    """True when ``line`` is the next line of the item's paragraph (on this page or the next)."""
    last = item.lines[-1]
    if line.page == last.page:
        gap = line.top - last.bottom
        overlaps = line.x0 < last.x1 and line.x1 > item.lines[0].x0 - 2
        return -0.5 <= gap <= PARAGRAPH_GAP * last.height and overlaps
    # Across a page break: the first line of the next page, under the paragraph's left edge.
    previous = state.previous
    return (
        line.page == last.page + 1
        and previous is last
        and abs(line.x0 - min(s.x0 for s in item.lines[1:] or item.lines)) <= 2 * last.height
    )


def _continues_sub_part(item: Item, line: Segment) -> bool:
    """A wrapped line of the sub-part above it (indented like its text)."""
    last = item.lines[-1]
    return (
        bool(_SUB_PART.match(last.text))
        and line.page == last.page
        and 0 <= line.top - last.bottom <= PARAGRAPH_GAP * last.height
        and line.x0 > last.x0
    )


def _same_heading(previous: Segment, line: Segment) -> bool:
    return (
        previous.page == line.page
        and previous.bold == line.bold
        and abs(previous.size - line.size) <= SIZE_TOLERANCE
        and 0 <= line.top - previous.bottom <= PARAGRAPH_GAP * previous.height
        and split_item_number(line.text) is None
    )


def _flush_heading(state: _Stream) -> None:
    group, state.heading = state.heading, []
    if not group:
        return
    text = join_lines(group)
    if len(text.split()) > HEADING_GROUP_WORDS:
        for line in group:  # a bold paragraph, not a title
            _add_line(state, line, may_head=False)
            state.previous = line
        return
    _close(state)
    numbered = split_item_number(text)
    state.elements.append(
        Heading(
            text=text,
            page=group[0].page,
            size=max(s.size for s in group),
            bold=all(s.bold for s in group),
            key=numbered[1] if numbered else None,
        )
    )


def _add_table(state: _Stream, block: TableBlock) -> None:
    for entry in block.entries:
        if entry.heading:
            numbered = split_item_number(entry.text)
            state.elements.append(Heading(entry.text, entry.page, entry.size, entry.bold, numbered[1] if numbered else None))
            continue
        last = _current(state)
        if entry.number is None:
            if last is not None and last.source == "table":
                _extend(last, entry)
            continue
        state.elements.append(
            Item(
                number=entry.number,
                key=entry.key,
                page=entry.page,
                text=entry.text,
                bbox=entry.bbox,
                source="table",
                notes=[entry.notes] if entry.notes else [],
                options=list(entry.options),
                marks=entry.marks,
                size=entry.size,
                bold=entry.bold,
                open=False,
            )
        )


def _extend(item: Item, entry: TableEntry) -> None:
    """An unnumbered row (a sub-part, or the rest of a row after a page break) joins the item."""
    if entry.text:
        joiner = " " if item.text and entry.text[:1].islower() else "\n"
        item.text = f"{item.text}{joiner}{entry.text}" if item.text else entry.text
    item.marks += entry.marks
    for option in entry.options:
        if option not in item.options:
            item.options.append(option)
    if entry.notes:
        item.notes.append(entry.notes)


def _box(lines: Sequence[Segment]) -> tuple[float, float, float, float]:
    page = lines[0].page
    mine = [s for s in lines if s.page == page]
    return (
        round(min(s.x0 for s in mine), 1),
        round(min(s.top for s in mine), 1),
        round(max(s.x1 for s in mine), 1),
        round(max(s.bottom for s in mine), 1),
    )


def finish_flow_item(item: Item) -> None:
    """Set a flow item's text and box from its lines."""
    if item.source != "flow" or not item.lines:
        return
    first = split_item_number(item.lines[0].text.strip())
    head = first[2] if first else item.lines[0].text
    rest = item.lines[1:]
    paragraphs: list[list[str]] = [[head]]
    for line in rest:
        if _SUB_PART.match(line.text):
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
    item.text = "\n".join(_join_texts(p) for p in paragraphs if any(t.strip() for t in p))
    item.bbox = _box(item.lines)


def _join_texts(texts: Iterable[str]) -> str:
    text = ""
    for piece in (t.strip() for t in texts):
        if not piece:
            continue
        if text and re.search(r"[A-Za-z]-$", text) and piece[:1].isalpha():
            text += piece
        else:
            text = f"{text} {piece}" if text else piece
    return text


# --- 2. runs of numbering, questions, numbered headings -------------------------------------


def classify(elements: list[Element]) -> list[Element]:
    """Decide which items are questions; numbered titles over their children become headings."""
    items = [e for e in elements if isinstance(e, Item)]
    for item in items:
        finish_flow_item(item)
        item.asks = asks(item.text)
    _assign_runs(items)
    elements = _numbered_headings(elements)
    items = [e for e in elements if isinstance(e, Item)]
    runs: dict[int, list[Item]] = {}
    for item in items:
        runs.setdefault(item.run, []).append(item)
    questionnaire = {
        run: sum(i.asks for i in members) >= QUESTION_RUN_SHARE * len(members) for run, members in runs.items()
    }
    for item in items:
        if not item.text.strip():
            continue
        if item.source == "table" or questionnaire[item.run]:
            item.question = True
        else:
            item.question = asks_directly(item.text)
    _fold_lists(elements, questionnaire)
    return elements


def _assign_runs(items: list[Item]) -> None:
    runs: list[Key] = []  # the last key of each run
    order: list[int] = []  # runs, most recently used last
    for item in items:
        if item.key is None:
            continue
        chosen = None
        for run in reversed(order[-RESUMABLE_RUNS:]):
            if follows(runs[run], item.key):
                chosen = run
                break
        if chosen is None:
            runs.append(item.key)
            chosen = len(runs) - 1
        runs[chosen] = item.key
        if chosen in order:
            order.remove(chosen)
        order.append(chosen)
        item.run = chosen if item.source == "flow" else -2 - chosen


def _numbered_headings(elements: list[Element]) -> list[Element]:
    """A numbered item that asks nothing and is followed by its own children heads them."""
    result: list[Element] = []
    for index, element in enumerate(elements):
        if isinstance(element, Item) and element.key is not None and not element.asks:
            following = next((e for e in elements[index + 1 :] if isinstance(e, Item) and e.key is not None), None)
            if following is not None and following.key is not None and is_descendant(following.key, element.key):
                first_paragraph = element.text.split("\n", 1)[0]
                title = f"{element.number} {first_paragraph}".strip()
                result.append(Heading(re.sub(r"\s+", " ", title), element.page, element.size, element.bold, element.key))
                continue
        result.append(element)
    return result


def _fold_lists(elements: list[Element], questionnaire: dict[int, bool]) -> None:
    """Items of a non-questionnaire run straight after a question are that question's list."""
    owner: Item | None = None
    owner_run: int | None = None
    for element in elements:
        if isinstance(element, Heading):
            owner = None
            continue
        if element.run == owner_run and owner is not None:
            owner.text = f"{owner.text}\n{element.number}. {element.text}"
            element.question = False
            continue
        starts_list = element.key is not None and element.key[-1][1] == 1
        if owner is not None and not questionnaire.get(element.run, True) and element.run != owner.run and starts_list:
            owner_run = element.run
            owner.text = f"{owner.text}\n{element.number}. {element.text}"
            element.question = False
            continue
        owner_run = None
        owner = element if element.question else None


# --- 3. sections ----------------------------------------------------------------------------


def assign_sections(elements: list[Element]) -> None:
    """Give each item the heading it sits under: its numbered parent, else the last title."""
    titled: Heading | None = None
    numbered: list[Heading] = []
    for element in elements:
        if isinstance(element, Heading):
            if element.key is None:
                titled, numbered = element, []
            else:
                numbered = [h for h in numbered if h.key is not None and is_descendant(element.key, h.key)]
                numbered.append(element)
                if is_top_section(element):
                    titled, numbered = element, [element]
            continue
        parent = next(
            (h for h in reversed(numbered) if element.key is not None and h.key is not None and is_descendant(element.key, h.key)),
            None,
        )
        heading = parent or titled
        element.section = heading.text if heading else None
        element.section_key = heading.key if heading else None
        element.excluded = titled is not None and is_excluded_section(titled.text)


def is_top_section(heading: Heading) -> bool:
    """True for a numbered heading that opens a top-level section (``10.0 ESG``, ``Section 2 ...``)."""
    return heading.key is not None and (len(heading.key) == 1 or bool(_SECTION_NUMBER.match(heading.text)))


def strip_option_words(text: str) -> str:
    """Drop the ``Yes No`` labels of checkbox glyphs set at the end of a question's text."""
    return _OPTION_WORDS.sub("", text).rstrip()
