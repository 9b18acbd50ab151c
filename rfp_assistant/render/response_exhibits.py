"""The computed exhibits of a response document, as Word content for ``{{p q.exhibit }}`` tags.

Each exhibit is built by :func:`~rfp_assistant.render.exhibit_docx.add_exhibit` into a
python-docx document that writes against the response's own part, so its chart picture
belongs to the response and its tables use the template's styles. An exhibit with tables
too wide for a portrait page (the monthly projection) gets a landscape section of its
own, between section breaks that keep the template's page set-up, headers and footers.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element

    from rfp_assistant.exhibits import Exhibit


class Fragment:
    """Word body content (paragraphs, tables, a picture) rendered in place of a ``{{p ...}}`` tag."""

    def __init__(self, host: DocxDocument) -> None:
        import docx

        self.document = docx.Document()
        self.document._part = host.part  # type: ignore[attr-defined]  # pictures and styles are the host's
        body = self.document.element.body
        for child in list(body):
            body.remove(child)
        section = host.element.body.sectPr
        if section is not None:
            body.append(copy.deepcopy(section))  # tables fit the template's text width

    def __html__(self) -> str:
        from lxml import etree

        body = self.document.element.body
        return "".join(
            etree.tostring(child, encoding="unicode") for child in body if not child.tag.endswith("}sectPr")
        )

    __str__ = __html__


def is_wide(exhibit: Exhibit) -> bool:
    """True when a table of ``exhibit`` has more columns than a portrait page shows well."""
    from rfp_assistant.render.exhibit_docx import WIDE_TABLE_COLUMNS

    return any(
        len([c for c in table.columns if not c.audit]) > WIDE_TABLE_COLUMNS for table in exhibit.tables
    )


def exhibit_fragments(host: DocxDocument, exhibits: Sequence[Exhibit], scratch: Path) -> dict[str, Fragment]:
    """Each exhibit's content by name, in the order the response places them.

    ``scratch`` is a folder for the chart pictures while they are read into the document.
    """
    from rfp_assistant.render.chart import draw_chart
    from rfp_assistant.render.exhibit_docx import add_exhibit

    fragments: dict[str, Fragment] = {}
    first_break = True
    for exhibit in exhibits:
        fragment = Fragment(host)
        wide = is_wide(exhibit) and host.element.body.sectPr is not None
        if wide:
            _break_section(fragment, host, keep_title_page=first_break)
            if first_break:
                _drop_title_page(host.element.body.sectPr)  # the cover's section has ended
            first_break = False
            _turn_landscape(fragment.document.element.body.sectPr)
        chart = None
        if exhibit.chart is not None and exhibit.chart_after is not None:
            chart = draw_chart(exhibit.chart, scratch / f"{exhibit.name}.png")
        add_exhibit(fragment.document, exhibit, chart)
        if wide:
            _end_section(fragment, copy.deepcopy(fragment.document.element.body.sectPr))
        fragments[exhibit.name] = fragment
    return fragments


def _break_section(fragment: Fragment, host: DocxDocument, *, keep_title_page: bool) -> None:
    """End the portrait section before the exhibit (the first one also holds the cover page)."""
    section = copy.deepcopy(host.element.body.sectPr)
    if not keep_title_page:
        _drop_title_page(section)
    _end_section(fragment, section)


def _drop_title_page(section: _Element | None) -> None:
    """Give ``section``'s first page the running header and footer (only the cover has none)."""
    from docx.oxml.ns import qn

    for title_page in [] if section is None else section.findall(qn("w:titlePg")):
        section.remove(title_page)


def _end_section(fragment: Fragment, section: _Element) -> None:
    """Append an empty paragraph that ends a section with ``section``'s page set-up."""
    paragraph = fragment.document.add_paragraph()
    paragraph._p.get_or_add_pPr().append(section)


def _turn_landscape(section: _Element | None) -> None:
    from docx.oxml.ns import qn

    if section is None:
        return
    _drop_title_page(section)
    size = section.find(qn("w:pgSz"))
    if size is None:
        return
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    if width and height and int(width) < int(height):
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
