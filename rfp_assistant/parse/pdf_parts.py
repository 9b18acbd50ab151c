"""Parts of a questionnaire whose section numbering restarts (``Basic`` then ``Detailed`` questions).

Some questionnaires come in parts, each numbering its sections from 1 again under an
unnumbered title: ILPA's DDQ has "Basic Questions" (1.0 ... 14.0) and then "Detailed
Questions" (1.0 ... 14.0 again). Without the part, two questions numbered 1.1 in
"1.0 Firm: General Information" read as one question listed twice.

A *part* starts at the document's first top-level numbered section heading and again
wherever that numbering goes back (14.0 then 1.0). Its title is the unnumbered heading
just above that section heading (no item between them), provided it is set at least as
prominently as the section heading (as large and bold, or larger). The part lasts until the
next part starts or until an unnumbered heading at least as prominent as its title (an
appendix after the last part). Only a document whose numbering restarts has parts: every
other document keeps its sections exactly as they are.

Inside a part, a question's section becomes ``"<part title> › <section>"``. The parsers
otherwise give only the innermost heading, so the path separator is defined here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rfp_assistant.parse.pdf_items import SIZE_TOLERANCE, Element, Heading, Item, is_top_section

PART_SEPARATOR = " › "


@dataclass
class _Part:
    """Elements ``start:end`` form one part, under ``title`` when one stands above it."""

    title: Heading | None
    start: int
    end: int


def name_parts(elements: list[Element]) -> None:
    """Put the part title in front of the section of every item in a restarted part."""
    parts = _find_parts(elements)
    if len(parts) < 2:
        return  # the numbering never restarts: no parts
    for part in parts:
        if part.title is None:
            continue
        for element in elements[part.start : part.end]:
            if isinstance(element, Item) and element.section is not None:
                element.section = f"{part.title.text}{PART_SEPARATOR}{element.section}"


def _find_parts(elements: list[Element]) -> list[_Part]:
    """The parts: one from the first top-level section heading, one more at each restart."""
    parts: list[_Part] = []
    candidate: Heading | None = None  # the unnumbered heading just above, nothing between
    last_top: Heading | None = None
    for index, element in enumerate(elements):
        if isinstance(element, Item):
            candidate = None
            continue
        if element.key is None:
            if parts and parts[-1].end == len(elements) and _ends_part(parts[-1], element):
                parts[-1].end = index
            candidate = element
            continue
        if not is_top_section(element):
            candidate = None
            continue
        if last_top is None or last_top.key is None or element.key <= last_top.key:
            if parts and parts[-1].end == len(elements):
                parts[-1].end = index
            title = candidate if candidate is not None and _stands_above(candidate, element) else None
            parts.append(_Part(title=title, start=index, end=len(elements)))
        last_top, candidate = element, None
    return parts


def _stands_above(title: Heading, section: Heading) -> bool:
    """True when ``title`` is set at least as prominently as the section heading under it."""
    if title.size > section.size + SIZE_TOLERANCE:
        return True
    return title.size >= section.size - SIZE_TOLERANCE and (title.bold or not section.bold)


def _ends_part(part: _Part, heading: Heading) -> bool:
    """An unnumbered heading as prominent as the part's title closes the part."""
    return part.title is not None and _stands_above(heading, part.title)
