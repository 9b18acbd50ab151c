"""Paragraph styles of a Word document, resolved along their ``basedOn`` chains.

The parser needs four facts from a paragraph's style: is it a heading (and at which
outline level), does it carry list numbering (``numPr``), and is its text bold and how
large, which is how unstyled documents mark their headings. Each is inherited from the
style a style is based on, then from the document defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from rfp_assistant.ooxml.docx import on_off, w

DEFAULT_FONT_HALF_POINTS = 20  # Word's own default: 10 pt, when the document states none
MAX_BASED_ON_DEPTH = 20
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "subtitle"}


@dataclass(frozen=True)
class StyleInfo:
    """What a paragraph style says, with everything it inherits resolved.

    ``outline`` is the 0-based outline level (0 = Heading 1 or Title), None for body text;
    ``num_id``/``ilvl`` the list numbering the style applies (None when none); ``bold`` and
    ``half_points`` the run formatting its text gets unless a run overrides it.
    """

    style_id: str
    name: str
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool
    half_points: int


def int_value(element: ET.Element | None) -> int | None:
    """The integer ``w:val`` of an element, None when absent or not a number."""
    if element is None:
        return None
    try:
        return int(element.get(w("val"), ""))
    except ValueError:
        return None


class Styles:
    """The paragraph styles of one document, looked up by style id."""

    def __init__(self, root: ET.Element | None) -> None:
        self._raw: dict[str, ET.Element] = {}
        self._numbering: dict[str, str] = {}
        self._resolved: dict[str, StyleInfo] = {}
        self.default_id = ""
        self.default_half_points = DEFAULT_FONT_HALF_POINTS
        if root is None:
            return
        size = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('sz')}")
        self.default_half_points = int_value(size) or DEFAULT_FONT_HALF_POINTS
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId"), "")
            if style.get(w("type")) == "numbering":
                num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
                if num is not None:
                    self._numbering[style_id] = num.get(w("val"), "")
                continue
            if style.get(w("type")) not in (None, "paragraph"):
                continue
            self._raw[style_id] = style
            if style.get(w("default"), "").lower() in ("1", "true", "on"):
                self.default_id = style_id

    def numbering_style_nums(self) -> dict[str, str]:
        """Numbering style id -> the list (numId) it applies, for ``w:numStyleLink``."""
        return dict(self._numbering)

    def get(self, style_id: str | None) -> StyleInfo:
        """The resolved style (the default paragraph style when ``style_id`` is empty or unknown)."""
        key = style_id if style_id in self._raw else self.default_id
        if key not in self._resolved:
            self._resolved[key] = self._resolve(key)
        return self._resolved[key]

    def _chain(self, style_id: str) -> list[ET.Element]:
        chain: list[ET.Element] = []
        current: str | None = style_id
        while current in self._raw and len(chain) < MAX_BASED_ON_DEPTH:
            style = self._raw[current]
            if style in chain:
                break
            chain.append(style)
            based = style.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None
        return chain

    def _resolve(self, style_id: str) -> StyleInfo:
        chain = self._chain(style_id)
        name_element = chain[0].find(w("name")) if chain else None
        name = name_element.get(w("val"), "") if name_element is not None else ""
        outline = num_id = ilvl = bold = half_points = None
        for style in chain:  # nearest first: the first value found wins
            ppr = style.find(w("pPr"))
            rpr = style.find(w("rPr"))
            if ppr is not None:
                if outline is None:
                    outline = int_value(ppr.find(w("outlineLvl")))
                numpr = ppr.find(w("numPr"))
                if numpr is not None:
                    if num_id is None and numpr.find(w("numId")) is not None:
                        num_id = numpr.find(w("numId")).get(w("val"))
                    if ilvl is None:
                        ilvl = int_value(numpr.find(w("ilvl")))
            if rpr is not None:
                if bold is None:
                    bold = on_off(rpr.find(w("b")))
                if half_points is None:
                    half_points = int_value(rpr.find(w("sz")))
        heading = _HEADING_NAME.match(name or "")
        if heading:
            outline = int(heading.group(1)) - 1
        elif (name or "").lower() in _TITLE_NAMES:
            outline = 0
        if outline is not None and not 0 <= outline <= 8:
            outline = None  # outline level 9 means body text
        return StyleInfo(
            style_id=style_id,
            name=name or style_id,
            outline=outline,
            num_id=num_id if num_id not in (None, "0") else None,
            ilvl=ilvl,
            bold=bool(bold),
            half_points=half_points or self.default_half_points,
        )
