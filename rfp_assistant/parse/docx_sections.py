"""Headings, the section each question belongs to, and the parts that hold no questions.

A heading has a *rank*: 1 for Heading 1 or a Title (and the schedule titles some documents
put in text boxes, which are styled Heading 1), n+1 for Heading n, 4 for "SECTION B" /
"Part 2" lines, 5 for numbered title lines ("1. FINANCIAL INFORMATION"), 8 for a bold title.
A heading closes every open heading of the same or a lower rank.

A heading whose title names instructions, terms and conditions, contract clauses, a
specification, scoring or a table of contents opens a *narrative* part: nothing in it is a
question or a field. A declaration, certificate, acceptance or contact-details heading
opens a *form* part: only contact and signature blanks (fields) are read there. Either part
ends at the next heading of the same or a higher rank (a lower number), so a contract's own
clause headings ("1. DEFINITIONS") do not end it.

The cover page (everything before the first page break, when a table of contents follows
it) is not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rfp_assistant.parse.docx_blocks import Item, Para
from rfp_assistant.parse.docx_text import part_kind
from rfp_assistant.parse.text import one_line

COVER_LOOKAHEAD = 8
CONTENTS_TITLES = ("contents", "table of contents")


@dataclass
class Sections:
    """The open headings of one flow and whether the current part is read."""

    stack: list[tuple[int, str]] = field(default_factory=list)
    skip: tuple[str, int] | None = None  # (part kind, rank of the heading that opened it)

    def heading(self, rank: int, title: str) -> None:
        """Enter a heading: close what it closes, then see whether it opens a skipped part."""
        if self.skip and rank <= self.skip[1]:
            self.skip = None
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, title))
        if self.skip is None:
            kind = part_kind(title)
            if kind:
                self.skip = (kind, rank)

    @property
    def current(self) -> str | None:
        """The innermost open heading's title (the section of a question found now)."""
        return self.stack[-1][1] if self.stack else None

    @property
    def mode(self) -> str | None:
        """None in a questionnaire part, ``'narrative'`` or ``'form'`` in a skipped one."""
        return self.skip[0] if self.skip else None


def cover_length(items: tuple[Item, ...]) -> int:
    """How many leading items form a cover page (0 when the document has none).

    The cover is everything up to the first page break, provided that a table of
    contents follows it within a few paragraphs.
    """
    for index, item in enumerate(items):
        if isinstance(item, Para) and item.page_break:
            following = [p for p in _paras(items[index + 1 :]) if p.text.strip() or p.toc][:COVER_LOOKAHEAD]
            if any(p.toc or one_line(p.text).lower().rstrip(":") in CONTENTS_TITLES for p in following):
                return index + 1
            return 0
    return 0


def _paras(items: tuple[Item, ...]) -> list[Para]:
    return [item for item in items[: COVER_LOOKAHEAD * 4] if isinstance(item, Para)]
