"""Word's automatic list numbering: the number a reader sees beside each paragraph.

Word does not store "3.2" in the text of an auto-numbered paragraph; it stores a list
(``w:numId``) and a level (``w:ilvl``) and computes the label when it lays the page out,
from ``word/numbering.xml``:

- a ``w:num`` instance points to a ``w:abstractNum`` definition, whose levels give a start
  value, a number format (decimal, letters, roman numerals, bullet) and a level text such as
  ``%1.%2`` (``%n`` is the current value of level n, 1-based);
- an ``abstractNum`` may only link to a numbering style (``w:numStyleLink``) whose own
  ``numPr`` names the list that holds the levels (``w:styleLink``);
- a ``w:num`` may override levels (``w:lvlOverride``): ``w:startOverride`` restarts the
  level when that instance is first used, and a whole ``w:lvl`` replaces the definition;
- counters belong to the abstract definition, so two instances without overrides number
  as one list (this is how Word continues "1.1", "1.2" across schedules), and using a level
  restarts the levels below it unless ``w:lvlRestart`` says otherwise;
- numbering can come from the paragraph's style (``numPr`` in a style, or a level whose
  ``w:pStyle`` names the paragraph's style); ``numId`` 0 switches numbering off.

:class:`ListNumbering` is fed the document's paragraphs in reading order and returns each
one's label, so paragraphs must be numbered once each, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from rfp_assistant.ooxml.docx import w
from rfp_assistant.parse.docx_styles import StyleInfo, Styles, int_value, on_off

MAX_LEVELS = 9
MAX_LINK_DEPTH = 5
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this 1-based level; 0 = never
    legal: bool = False  # w:isLgl: show every level's value as a decimal number
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True)
class Label:
    """The label Word shows before a numbered paragraph: ``'4.2'``, ``'a)'`` or a bullet."""

    text: str
    bullet: bool
    num_id: str
    level: int


@dataclass
class _Instance:
    abstract: str
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)
    used: bool = False


def _level(element: ET.Element) -> Level:
    fmt = element.find(w("numFmt"))
    text = element.find(w("lvlText"))
    style = element.find(w("pStyle"))
    return Level(
        start=int_value(element.find(w("start"))) if element.find(w("start")) is not None else 1,
        fmt=fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
        text=text.get(w("val"), "") if text is not None else "",
        restart=int_value(element.find(w("lvlRestart"))),
        legal=bool(on_off(element.find(w("isLgl")))),
        style=style.get(w("val")) if style is not None else None,
    )


def roman(value: int) -> str:
    """Lower-case roman numeral (``4`` -> ``'iv'``); plain digits for 0 and below."""
    if value <= 0:
        return str(value)
    out = []
    for size, letters in _ROMAN:
        while value >= size:
            out.append(letters)
            value -= size
    return "".join(out)


def letters(value: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated)."""
    if value <= 0:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_value(value: int, fmt: str) -> str:
    """One level's value in its number format (unknown formats fall back to decimal)."""
    if fmt == "lowerLetter":
        return letters(value)
    if fmt == "upperLetter":
        return letters(value).upper()
    if fmt == "lowerRoman":
        return roman(value)
    if fmt == "upperRoman":
        return roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if fmt == "none":
        return ""
    return str(value)


class ListNumbering:
    """The numbering definitions of one document, with running counters."""

    def __init__(self, root: ET.Element | None, styles: Styles) -> None:
        self.styles = styles
        self._abstract: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}  # numStyleLink abstract -> numbering style id
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[str, dict[int, int]] = {}
        self._numbering_styles: dict[str, str] = {}  # numbering style id -> numId
        if root is None:
            return
        self._numbering_styles = styles.numbering_style_nums()
        for abstract in root.iter(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"), "")
            self._abstract[abstract_id] = {
                int(lvl.get(w("ilvl"), "0")): _level(lvl) for lvl in abstract.findall(w("lvl"))
            }
            link = abstract.find(w("numStyleLink"))
            if link is not None:
                self._style_links[abstract_id] = link.get(w("val"), "")
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is None:
                continue
            instance = _Instance(abstract=ref.get(w("val"), ""), levels={})
            for override in num.findall(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                start = int_value(override.find(w("startOverride")))
                if start is not None:
                    instance.start_overrides[ilvl] = start
                replacement = override.find(w("lvl"))
                if replacement is not None:
                    instance.levels[ilvl] = _level(replacement)
            self._instances[num.get(w("numId"), "")] = instance

    def _definition(self, abstract_id: str) -> tuple[str, dict[int, Level]]:
        """The abstract definition that holds the levels, following numbering-style links."""
        for _ in range(MAX_LINK_DEPTH):
            link = self._style_links.get(abstract_id)
            if not link:
                break
            num_id = self._numbering_styles.get(link)
            target = self._instances.get(num_id or "")
            if target is None:
                break
            abstract_id = target.abstract
        return abstract_id, self._abstract.get(abstract_id, {})

    def levels(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The counter key and effective levels of a list instance, None if undefined."""
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        key, base = self._definition(instance.abstract)
        return key, {**base, **instance.levels}

    def resolve(self, num_id: str | None, ilvl: int | None, style: StyleInfo) -> tuple[str, int] | None:
        """The (numId, level) a paragraph is numbered with, or None when it is not numbered.

        Direct ``numPr`` wins; ``numId`` 0 switches numbering off; otherwise the style's
        numbering applies, at the level whose ``pStyle`` names the style when none is given.
        """
        if num_id == "0":
            return None
        if num_id is None:
            num_id = style.num_id
            if num_id is None:
                return None
            if ilvl is None:
                ilvl = style.ilvl
        if ilvl is None:
            defined = self.levels(num_id)
            ilvl = (
                next((i for i, lvl in sorted(defined[1].items()) if lvl.style == style.style_id), 0)
                if defined
                else 0
            )
        return num_id, max(0, min(ilvl, MAX_LEVELS - 1))

    def next_label(self, num_id: str, ilvl: int) -> Label | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl`` and return its label."""
        defined = self.levels(num_id)
        if defined is None:
            return None
        key, levels = defined
        level = levels.get(ilvl, Level())
        counters = self._counters.setdefault(key, [None] * MAX_LEVELS)
        starts = self._starts.setdefault(key, {})
        instance = self._instances[num_id]
        if not instance.used:
            instance.used = True
            for overridden, start in instance.start_overrides.items():
                starts[overridden] = start
                counters[overridden] = None
        for higher in range(ilvl):  # a level used before its parents puts them at their start
            if counters[higher] is None:
                counters[higher] = starts.get(higher, levels.get(higher, Level()).start)
        current = counters[ilvl]
        counters[ilvl] = starts.get(ilvl, level.start) if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            restart = levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt == "bullet":
            return Label(text=level.text, bullet=True, num_id=num_id, level=ilvl)

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, Level())
            number = counters[index]
            if number is None:
                number = starts.get(index, shown.start)
            return format_value(number, "decimal" if level.legal else shown.fmt)

        return Label(
            text=_PLACEHOLDER.sub(value, level.text).strip(), bullet=False, num_id=num_id, level=ilvl
        )
