"""PDF pages as positioned text: words, lines, segments and their reading order.

The stages, each a small function over plain data (pages are read by
:func:`rfp_assistant.parse.pdf_page.read_page`):

1. :func:`build_segments` groups words into lines and splits a line at wide gaps, so the
   two halves of a two-column page or a side box are separate segments;
2. :func:`find_furniture` finds running headers, footers and page numbers by position and
   repetition across pages (never by a list of strings), and :func:`drop_furniture` removes
   them, with watermarks (rotated, or large light text);
3. :func:`reading_order` orders a page's segments with a recursive XY cut: columns left to
   right, bands top to bottom.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from rfp_assistant.parse.pdf_page import PageWords, Word

# A gap wider than this many font sizes ends a segment (a column gutter, a tab to a side box).
SEGMENT_GAP_EM = 2.0
MIN_SEGMENT_GAP = 12.0
# A gap narrower than this fraction of the font size joins two words without a space.
SPACE_GAP_EM = 0.12
# A superscript footnote mark: smaller than this fraction of the line's size and raised.
SUPERSCRIPT_SIZE = 0.8
# Furniture lives in a band this deep at the top and bottom of the page, repeated on at least
# this share of the pages (and on two at least).
FURNITURE_BAND = 0.12
FURNITURE_SHARE = 0.3
FURNITURE_Y_BUCKET = 5.0
FURNITURE_X_BUCKET = 10.0
# Watermarks: light text at least this much larger than the body text.
WATERMARK_SIZE = 1.4
# Reading order: a column gutter is at least this wide and each column this share of the page.
MIN_GUTTER = 10.0
MIN_COLUMN_SHARE = 0.12
BAND_GAP_EM = 0.6

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)


@dataclass(frozen=True)
class Segment:
    """Words of one line that belong together (a line, or one column's part of it).

    ``line`` numbers the page's lines top to bottom, so segments on one line share it;
    ``control`` is True when a radio button or checkbox is drawn just left of the text;
    ``table`` is set on the stand-in for a questionnaire table in the reading order;
    ``boxed`` marks text inside a ruled table that is not a questionnaire (a timeline, a
    contract grid): its header row is not a section title.
    """

    page: int
    line: float
    words: tuple[Word, ...]
    text: str
    size: float
    bold: bool
    control: bool = False
    table: int | None = None
    boxed: bool = False

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


def body_size(pages: Iterable[PageWords]) -> float:
    """The font size of the body text: the size most characters are set in."""
    counts: Counter[float] = Counter()
    for page in pages:
        for w in page.words:
            counts[round(w.size * 2) / 2] += len(w.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Group words into lines, each sorted left to right, lines top to bottom.

    A word joins a line when its middle is within half a height of the line's first word,
    so lines of two columns set at the same height join (and are split into segments later)
    but consecutive lines never chain together.
    """
    lines: list[list[Word]] = []
    anchor: Word | None = None
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if anchor is not None and word.middle - anchor.middle <= 0.5 * min(anchor.height, word.height):
            lines[-1].append(word)
            continue
        lines.append([word])
        anchor = word
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


def build_segments(page: PageWords, words: Sequence[Word] | None = None) -> list[Segment]:
    """Split each line of ``words`` (default: the page's) into segments at wide gaps."""
    segments: list[Segment] = []
    for line_no, line in enumerate(group_lines(page.words if words is None else words)):
        line = drop_superscripts(line)
        parts: list[list[Word]] = [[line[0]]]
        for word in line[1:]:
            previous = parts[-1][-1]
            gap = word.x0 - previous.x1
            limit = max(SEGMENT_GAP_EM * max(previous.size, word.size), MIN_SEGMENT_GAP)
            alone_number = len(parts[-1]) == 1 and _NUMBER_TOKEN.match(previous.text)
            if gap > limit and not alone_number:
                parts.append([word])
            else:
                parts[-1].append(word)
        segments.extend(make_segment(page.number, line_no, part) for part in parts)
    return segments


_NUMBER_TOKEN = re.compile(r"^(?:Q|Question\s*)?\d{1,3}(?:\.\d{1,3}){0,4}\.?(?:\([a-z0-9]{1,4}\))*[.):]?$")


def drop_superscripts(line: list[Word]) -> list[Word]:
    """Drop footnote marks set as small raised digits (``SME²⁴``)."""
    if len(line) < 2:
        return line
    main = median(w.size for w in line)
    baseline = median(w.bottom for w in line)
    kept = [
        w
        for w in line
        if not (
            w.size < SUPERSCRIPT_SIZE * main
            and re.fullmatch(r"[\d*†‡,]{1,6}", w.text)
            and w.bottom < baseline - 0.15 * main
        )
    ]
    return kept or line


def make_segment(page: int, line: float, words: Sequence[Word]) -> Segment:
    """A segment from words on one line: text with spaces only where the page has a gap."""
    pieces: list[str] = []
    previous: Word | None = None
    for word in words:
        if previous is not None:
            gap = word.x0 - previous.x1
            if gap > SPACE_GAP_EM * max(previous.size, word.size) and not re.match(r"[?!,;:.)]", word.text):
                pieces.append(" ")
        pieces.append(word.text)
        previous = word
    chars = sum(len(w.text) for w in words) or 1
    bold_chars = sum(len(w.text) for w in words if w.bold)
    sizes: Counter[float] = Counter()
    for w in words:
        sizes[round(w.size, 1)] += len(w.text)
    return Segment(
        page=page,
        line=line,
        words=tuple(words),
        text="".join(pieces).strip(),
        size=sizes.most_common(1)[0][0],
        bold=bold_chars / chars >= 0.8,
    )


# --- running headers, footers, page numbers and watermarks ---------------------------------


def _band(page: PageWords, top: float, bottom: float) -> str | None:
    if top <= FURNITURE_BAND * page.height:
        return "top"
    if bottom >= (1 - FURNITURE_BAND) * page.height:
        return "bottom"
    return None


def _key_text(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _bucket(page: PageWords, band: str, top: float, bottom: float) -> int:
    offset = top if band == "top" else page.height - bottom
    return int(offset // FURNITURE_Y_BUCKET)


def is_page_number(text: str) -> bool:
    """True for ``7``, ``ii``, ``Page 3``, ``3 of 12``, ``- 4 -``, ``2/85``."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def find_furniture(pages: Sequence[PageWords]) -> set[tuple[str, str, int, int]]:
    """Keys ``(band, word, y bucket, x bucket)`` of the words of running headers and footers.

    A segment in the top or bottom band whose text (digits ignored) recurs at the same height
    on enough pages is furniture; its words are returned so they can be removed wherever
    they sit, even where a footer overlaps the body text of a page.
    """
    per_key: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    banded: list[tuple[PageWords, str, Segment]] = []
    for page in pages:
        for segment in build_segments(page):
            band = _band(page, segment.top, segment.bottom)
            if band is None:
                continue
            bucket = _bucket(page, band, segment.top, segment.bottom)
            per_key[(band, _key_text(segment.text), bucket)].add(page.number)
            banded.append((page, band, segment))
    threshold = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
    words: set[tuple[str, str, int, int]] = set()
    for page, band, segment in banded:
        key_text = _key_text(segment.text)
        bucket = _bucket(page, band, segment.top, segment.bottom)
        seen = set().union(*(per_key.get((band, key_text, b), set()) for b in (bucket - 1, bucket, bucket + 1)))
        if len(seen) >= threshold:
            for word in segment.words:
                words.add((band, _key_text(word.text), _bucket(page, band, word.top, word.bottom), _x_bucket(word)))
    return words


def _x_bucket(word: Word) -> int:
    return int((word.x0 + word.x1) / 2 // FURNITURE_X_BUCKET)


def drop_furniture(page: PageWords, furniture: set[tuple[str, str, int, int]], body: float) -> list[Word]:
    """The page's words without running headers, footers, page numbers and watermarks."""
    kept: list[Word] = []
    for word in page.words:
        if word.light and word.size >= WATERMARK_SIZE * body:
            continue
        band = _band(page, word.top, word.bottom)
        if band is not None:
            key_text = _key_text(word.text)
            bucket, column = _bucket(page, band, word.top, word.bottom), _x_bucket(word)
            if any(
                (band, key_text, b, c) in furniture for b in (bucket - 1, bucket, bucket + 1) for c in (column - 1, column, column + 1)
            ):
                continue
        kept.append(word)
    return _drop_lone_page_numbers(page, kept)


def _drop_lone_page_numbers(page: PageWords, words: list[Word]) -> list[Word]:
    """Drop a line in the top or bottom band that is nothing but a page number."""
    dropped: set[int] = set()
    for line in group_lines(words):
        band = _band(page, min(w.top for w in line), max(w.bottom for w in line))
        if band is not None and is_page_number(" ".join(w.text for w in line)):
            dropped.update(id(w) for w in line)
    return [w for w in words if id(w) not in dropped] if dropped else words


def drop_sliced_lines(pages: list[list[Segment]], heights: Sequence[float]) -> None:
    """Remove the clipped copy of a line a web page printed on both sides of a page break.

    Browsers that print to PDF slice the page through a line of text and draw it at the
    foot of one page and again at the head of the next; the copy at the foot goes.
    """
    for index in range(1, len(pages)):
        height = heights[index - 1]
        heads = {
            _key_text(s.text) for s in pages[index] if s.table is None and s.top <= FURNITURE_BAND * heights[index]
        }
        if heads:
            pages[index - 1][:] = [
                s
                for s in pages[index - 1]
                if not (s.table is None and s.bottom >= (1 - FURNITURE_BAND) * height and _key_text(s.text) in heads)
            ]


# --- reading order --------------------------------------------------------------------------


def reading_order(segments: Sequence[Segment], page_width: float) -> list[Segment]:
    """Order a page's segments as a reader reads them: by columns, then top to bottom."""
    return list(_xy_cut(list(segments), page_width))


def _xy_cut(segments: list[Segment], width: float) -> Iterable[Segment]:
    if len(segments) <= 1:
        yield from segments
        return
    columns = _column_split(segments, width)
    if columns is not None:
        for column in columns:
            yield from _xy_cut(column, width)
        return
    bands = _bands(segments)
    if len(bands) > 1:
        for band in bands:
            yield from _xy_cut(band, width)
        return
    yield from sorted(segments, key=lambda s: (s.line, s.x0))


def _column_split(segments: list[Segment], width: float) -> tuple[list[Segment], list[Segment]] | None:
    """Split at the widest vertical gutter no segment crosses, when both sides are columns."""
    spans = sorted((s.x0, s.x1) for s in segments)
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= MIN_GUTTER and (best is None or x0 - reach > best[1] - best[0]):
            left = [s for s in segments if s.x1 <= reach]
            right = [s for s in segments if s.x0 >= x0]
            if _is_column(left, width) and _is_column(right, width):
                best = (reach, x0)
        reach = max(reach, x1)
    if best is None:
        return None
    cut = (best[0] + best[1]) / 2
    return [s for s in segments if s.x1 <= cut], [s for s in segments if s.x0 >= cut]


def _is_column(segments: list[Segment], width: float) -> bool:
    if len(segments) < 2:
        return False
    extent = max(s.x1 for s in segments) - min(s.x0 for s in segments)
    return extent >= MIN_COLUMN_SHARE * width and len({s.line for s in segments}) >= 2


def _bands(segments: list[Segment]) -> list[list[Segment]]:
    """Cut a region at horizontal white bands taller than a fraction of a line."""
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    gap = BAND_GAP_EM * median(s.height for s in ordered)
    bands: list[list[Segment]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for segment in ordered[1:]:
        if segment.top > bottom + gap:
            bands.append([segment])
        else:
            bands[-1].append(segment)
        bottom = max(bottom, segment.bottom)
    return bands


def join_lines(lines: Sequence[Segment]) -> str:
    """The text of consecutive lines as one string; a word hyphenated at a line end is rejoined."""
    text = ""
    for line in lines:
        piece = line.text.strip()
        if not piece:
            continue
        if not text:
            text = piece
        elif re.search(r"[A-Za-z]-$", text) and piece[:1].isalpha():
            text += piece
        else:
            text += " " + piece
    return text


def paragraphs(lines: Sequence[Segment], gap_em: float = 0.6) -> list[list[Segment]]:
    """Split lines (top to bottom) into paragraphs at white gaps taller than ``gap_em`` lines."""
    groups: list[list[Segment]] = []
    for line in lines:
        if groups:
            previous = groups[-1][-1]
            if line.page == previous.page and line.top - previous.bottom <= gap_em * previous.height:
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups
