"""WordprocessingML for writing into an issuer's document: parts, text, runs and styles.

The Word renderer edits ``word/document.xml`` with lxml, which keeps every namespace
prefix and declaration as the issuer's file has them (``mc:Ignorable`` names prefixes,
so a parser that renames them would break the document). Paths are resolved with
:func:`rfp_assistant.ooxml.docx.resolve`, which works on these trees as on the parser's.

:class:`StyleSheet` answers the few questions the renderer asks of ``styles.xml`` and
``numbering.xml``: is a paragraph style bold or italic, does it number its paragraphs,
which bullet list the document uses. Neither part is ever rewritten.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from rfp_assistant.ooxml.docx import MC_FALLBACK, W_P, W_R, W_TXBX_CONTENT, PartError, on_off, w
from rfp_assistant.ooxml.prolog import declares_dtd

Element = etree._Element

# Run properties an answer takes from the text around its spot: the face, size and
# language of the body text, never its emphasis (a bold "Response:" label, a grey
# italic placeholder, a highlighted question).
KEPT_RUN_PROPERTIES = ("rFonts", "sz", "szCs", "lang")
# The order CT_RPr gives the properties written here.
_RUN_PROPERTY_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "highlight", "lang")
# Paragraph properties a new answer paragraph must not take from the paragraph it follows.
_NOT_INHERITED = (
    "numPr",
    "outlineLvl",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "pBdr",
    "shd",
    "sectPr",
    "rPr",
    "suppressLineNumbers",
    "cnfStyle",
)
_KEPT_ALIGNMENT = ("left", "start", "both", "distribute")
# CT_PPr children that come before ``w:ind``/``w:jc``/``w:rPr`` (schema order).
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_HEADING_NAME = re.compile(r"^(?:heading\s*\d|title|subtitle)$", re.IGNORECASE)
MAX_BASED_ON_DEPTH = 20
DEFAULT_HALF_POINTS = 20  # Word's size for text when nothing states one: 10 pt
CELL_MARGIN = 108  # twips: Word's default left and right cell margins
# Inline content that makes a paragraph more than a blank line.
_CONTENT = {w("t"), w("drawing"), w("pict"), w("object"), w("fldChar"), w("sym"), w("sdt"), W_TXBX_CONTENT}


def parse_part(data: bytes, name: str) -> Element:
    """Parse one XML part with lxml, refusing a DOCTYPE (no entities, no network)."""
    if declares_dtd(data):
        raise PartError(f"part {name} declares a DOCTYPE or entities; refusing to read it")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PartError(f"part {name} is not well-formed XML ({exc})") from None


def to_bytes(root: Element) -> bytes:
    """A part's XML as Word writes it: UTF-8 with a standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local(element: Element) -> str:
    """The local name of an element (``p`` for ``w:p``); '' for comments."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def make(tag: str, **attributes: str) -> Element:
    """A new ``w:`` element with ``w:`` attributes: ``make('b', val='0')``."""
    element = etree.Element(w(tag))
    for name, value in attributes.items():
        element.set(w(name), value)
    return element


def visible(element: Element) -> Iterator[Element]:
    """``element``'s descendants in document order, minus the VML fallback copies."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag == MC_FALLBACK:
            continue
        yield child
        yield from visible(child)


def text_of(element: Element) -> str:
    """The text a reader sees in ``element`` (tabs and line breaks included)."""
    pieces = []
    for node in visible(element):
        tag = node.tag
        if tag == w("t"):
            pieces.append(node.text or "")
        elif tag in (w("tab"), w("ptab")):
            pieces.append("\t")
        elif tag in (w("br"), w("cr")):
            pieces.append("\n")
    return "".join(pieces)


def is_blank(paragraph: Element) -> bool:
    """A blank line an answer may take: no text, box, field, picture or section break."""
    if paragraph.tag != W_P:
        return False
    props = paragraph.find(w("pPr"))
    if props is not None and props.find(w("sectPr")) is not None:
        return False
    for node in visible(paragraph):
        if node.tag in _CONTENT and (node.tag != w("t") or (node.text or "").strip()):
            return False
        if node.tag == w("br") and node.get(w("type")) == "page":
            return False
    return True


def text_runs(paragraph: Element) -> list[Element]:
    """The runs of a paragraph that show text, leaving out text boxes and fallbacks."""
    runs = []
    for node in visible(paragraph):
        if node.tag == W_R and _inside_paragraph(node, paragraph) and node.find(w("t")) is not None:
            runs.append(node)
    return runs


def _inside_paragraph(node: Element, paragraph: Element) -> bool:
    """True when ``node``'s nearest paragraph is ``paragraph`` (not one in a text box)."""
    parent = node.getparent()
    while parent is not None and parent.tag != W_P:
        parent = parent.getparent()
    return parent is paragraph


def clear_text(paragraph: Element) -> None:
    """Remove a paragraph's runs and inline content, keeping its properties and bookmarks."""
    for child in list(paragraph):
        if local(child) not in ("pPr", "bookmarkStart", "bookmarkEnd"):
            paragraph.remove(child)


def run(text: str, props: Element | None) -> Element:
    """A run showing ``text`` (tabs become ``w:tab``, line breaks ``w:br``)."""
    element = make("r")
    if props is not None and len(props):
        element.append(copy.deepcopy(props))
    for index, line in enumerate(text.split("\n")):
        if index:
            element.append(make("br"))
        for part, chunk in enumerate(line.split("\t")):
            if part:
                element.append(make("tab"))
            if chunk:
                t = make("t")
                t.text = chunk
                if chunk != chunk.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                element.append(t)
    return element


def kept_run_properties(*sources: Element | None) -> dict[str, Element]:
    """The body-text properties (:data:`KEPT_RUN_PROPERTIES`) of run properties, later ones winning."""
    kept: dict[str, Element] = {}
    for props in sources:
        if props is None:
            continue
        for child in props:
            name = local(child)
            if name in KEPT_RUN_PROPERTIES:
                kept[name] = copy.deepcopy(child)
    return kept


def run_properties(kept: dict[str, Element], extra: dict[str, Element] | None = None) -> Element:
    """A ``w:rPr`` holding ``kept`` and ``extra`` properties in schema order."""
    merged = {**kept, **(extra or {})}
    props = make("rPr")
    for name in _RUN_PROPERTY_ORDER:
        if name in merged:
            props.append(merged[name])
    return props


def set_paragraph_property(props: Element, child: Element) -> None:
    """Put ``child`` into ``w:pPr`` ``props`` in schema order, replacing one of the same name."""
    name = local(child)
    old = props.find(child.tag)
    if old is not None:
        props.replace(old, child)
        return
    rank = _PPR_ORDER.index(name) if name in _PPR_ORDER else len(_PPR_ORDER)
    for index, existing in enumerate(props):
        other = local(existing)
        if other in _PPR_ORDER and _PPR_ORDER.index(other) > rank:
            props.insert(index, child)
            return
    props.append(child)


def paragraph_properties(paragraph: Element) -> Element:
    """The ``w:pPr`` of a paragraph, created (first) when it has none."""
    props = paragraph.find(w("pPr"))
    if props is None:
        props = make("pPr")
        paragraph.insert(0, props)
    return props


def body_properties(anchor: Element, styles: StyleSheet) -> Element:
    """Paragraph properties for a new answer paragraph after ``anchor`` (a label or a question).

    The anchor's spacing and plain alignment are kept; its list numbering, heading level,
    keep-with-next, borders, shading and section break are not. A numbered anchor's text
    indent is kept, so the answer lines up under the question's text, not its number.
    """
    source = anchor.find(w("pPr"))
    props = copy.deepcopy(source) if source is not None else make("pPr")
    style = props.find(w("pStyle"))
    style_id = style.get(w("val")) if style is not None else None
    numbered = props.find(w("numPr")) is not None or styles.numbering(style_id) is not None
    indent = styles.text_indent(anchor) if numbered else None
    if style is not None and (styles.numbering(style_id) is not None or styles.is_heading(style_id)):
        props.remove(style)
    for child in list(props):
        name = local(child)
        if name in _NOT_INHERITED or (name == "jc" and child.get(w("val")) not in _KEPT_ALIGNMENT):
            props.remove(child)
    ind = props.find(w("ind"))
    if ind is not None:
        for attribute in ("hanging", "firstLine", "hangingChars", "firstLineChars"):
            ind.attrib.pop(w(attribute), None)
    if indent is not None:
        set_paragraph_property(props, make("ind", left=str(indent)))
    return props


@dataclass(frozen=True)
class BulletFormat:
    """How the document makes a bullet item: a paragraph style, list numbering, or neither.

    With neither, an item is a plain paragraph indented by :data:`PLAIN_BULLET_INDENT`
    that starts with ``•`` and a tab.
    """

    style_id: str | None = None
    num_id: str | None = None

    @property
    def plain(self) -> bool:
        return self.style_id is None and self.num_id is None


PLAIN_BULLET = "•"
PLAIN_BULLET_INDENT = 360  # twips: a quarter inch, Word's own bullet indent


class StyleSheet:
    """Read-only answers about a document's paragraph styles and list numbering."""

    def __init__(self, styles: Element | None, numbering: Element | None) -> None:
        self._styles = {
            s.get(w("styleId")): s
            for s in (styles.iter(w("style")) if styles is not None else ())
            if s.get(w("type")) == "paragraph"
        }
        self._default = next(
            (sid for sid, s in self._styles.items() if s.get(w("default")) in ("1", "true", "on")), None
        )
        self._defaults_rpr = (
            styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}") if styles is not None else None
        )
        self._nums = {
            n.get(w("numId")): n for n in (numbering.iter(w("num")) if numbering is not None else ())
        }
        self._abstracts = {
            a.get(w("abstractNumId")): a
            for a in (numbering.iter(w("abstractNum")) if numbering is not None else ())
        }

    def _chain(self, style_id: str | None) -> Iterator[Element]:
        """The style and the styles it is based on, nearest first (the default style if none)."""
        current = style_id if style_id in self._styles else self._default
        for _ in range(MAX_BASED_ON_DEPTH):
            style = self._styles.get(current or "")
            if style is None:
                return
            yield style
            based = style.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None

    def _run_flag(self, style_id: str | None, name: str) -> bool:
        for style in self._chain(style_id):
            value = on_off(style.find(f"{w('rPr')}/{w(name)}"))
            if value is not None:
                return value
        if self._defaults_rpr is not None:
            return bool(on_off(self._defaults_rpr.find(w(name))))
        return False

    @property
    def default_half_points(self) -> int:
        """The size of body text (half-points) in the default paragraph style or the document defaults."""
        for style in self._chain(None):
            size = _twips(_val(style.find(f"{w('rPr')}/{w('sz')}")))
            if size:
                return size
        if self._defaults_rpr is not None:
            size = _twips(_val(self._defaults_rpr.find(w("sz"))))
            if size:
                return size
        return DEFAULT_HALF_POINTS

    def is_bold(self, style_id: str | None) -> bool:
        """True when paragraphs of this style show bold text unless a run says otherwise."""
        return self._run_flag(style_id, "b")

    def is_italic(self, style_id: str | None) -> bool:
        return self._run_flag(style_id, "i")

    def is_heading(self, style_id: str | None) -> bool:
        """True for a heading or title style (by outline level or name)."""
        for style in self._chain(style_id):
            if style.find(f"{w('pPr')}/{w('outlineLvl')}") is not None:
                return True
            name = style.find(w("name"))
            if name is not None and _HEADING_NAME.match(name.get(w("val"), "")):
                return True
        return False

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        """The (numId, level) a paragraph style numbers its paragraphs with, None when it does not."""
        if style_id is None:
            return None
        for style in self._chain(style_id):
            numpr = style.find(f"{w('pPr')}/{w('numPr')}")
            if numpr is not None:
                num = numpr.find(w("numId"))
                if num is None or num.get(w("val")) in (None, "0"):
                    return None
                level = numpr.find(w("ilvl"))
                return num.get(w("val"), ""), int(level.get(w("val"), "0")) if level is not None else 0
        return None

    def level(self, num_id: str | None, ilvl: int) -> Element | None:
        """The ``w:lvl`` that list ``num_id`` uses at ``ilvl`` (an override in the ``w:num`` first)."""
        num = self._nums.get(num_id or "")
        if num is None:
            return None
        for override in num.iter(w("lvlOverride")):
            lvl = override.find(w("lvl"))
            if override.get(w("ilvl")) == str(ilvl) and lvl is not None:
                return lvl
        abstract_id = num.find(w("abstractNumId"))
        abstract = self._abstracts.get(abstract_id.get(w("val"), "") if abstract_id is not None else "")
        if abstract is None:
            return None
        return next((lvl for lvl in abstract.iter(w("lvl")) if lvl.get(w("ilvl")) == str(ilvl)), None)

    def is_bullet(self, num_id: str | None, ilvl: int = 0) -> bool:
        lvl = self.level(num_id, ilvl)
        fmt = lvl.find(w("numFmt")) if lvl is not None else None
        return fmt is not None and fmt.get(w("val")) == "bullet"

    def text_indent(self, paragraph: Element) -> int | None:
        """Where a numbered paragraph's text starts (twips from the margin), None when unknown."""
        props = paragraph.find(w("pPr"))
        ind = props.find(w("ind")) if props is not None else None
        if ind is not None and ind.get(w("left")) is not None:
            return _twips(ind.get(w("left")))
        numpr = props.find(w("numPr")) if props is not None else None
        found: tuple[str, int] | None
        if numpr is not None:
            num = numpr.find(w("numId"))
            level = numpr.find(w("ilvl"))
            found = (
                num.get(w("val"), "") if num is not None else "",
                int(level.get(w("val"), "0")) if level is not None else 0,
            )
        else:
            style = props.find(w("pStyle")) if props is not None else None
            found = self.numbering(style.get(w("val")) if style is not None else None)
        if found is None:
            return None
        lvl = self.level(*found)
        ind = lvl.find(f"{w('pPr')}/{w('ind')}") if lvl is not None else None
        return _twips(ind.get(w("left")) or ind.get(w("start"))) if ind is not None else None

    def style_named(self, name: str) -> str | None:
        """The id of the paragraph style called ``name`` (as Word names it), None when absent."""
        wanted = name.lower()
        for style_id, style in self._styles.items():
            label = style.find(w("name"))
            if label is not None and label.get(w("val"), "").lower() == wanted:
                return style_id
        return None

    def bullet_format(self, body: Element) -> BulletFormat:
        """The document's own bullets: the list its bullet items use, else "List Bullet", else none."""
        counts: dict[tuple[str | None, str | None], int] = {}
        for paragraph in body.iter(W_P):
            props = paragraph.find(w("pPr"))
            if props is None:
                continue
            style = props.find(w("pStyle"))
            style_id = style.get(w("val")) if style is not None else None
            numpr = props.find(w("numPr"))
            if numpr is not None:
                num = numpr.find(w("numId"))
                num_id = num.get(w("val")) if num is not None else None
                level = numpr.find(w("ilvl"))
                if (level is None or level.get(w("val")) == "0") and self.is_bullet(num_id):
                    counts[(style_id, num_id)] = counts.get((style_id, num_id), 0) + 1
            elif style_id is not None:
                found = self.numbering(style_id)
                if found is not None and found[1] == 0 and self.is_bullet(found[0]):
                    counts[(style_id, None)] = counts.get((style_id, None), 0) + 1
        if counts:
            (style_id, num_id), _ = max(counts.items(), key=lambda item: (item[1], str(item[0])))
            return BulletFormat(style_id, num_id)
        style_id = self.style_named("List Bullet")
        found = self.numbering(style_id)
        if style_id is not None and found is not None and self.is_bullet(*found):
            return BulletFormat(style_id)
        return BulletFormat()


def text_width(container: Element, document: Element) -> int | None:
    """How wide (twips) the lines of a table cell or of the body are; None when it cannot tell."""
    if container.tag == w("tc"):
        width = container.find(f"{w('tcPr')}/{w('tcW')}")
        if width is None or width.get(w("type"), "dxa") != "dxa":
            return None
        value = _twips(width.get(w("w")))
        return value - 2 * CELL_MARGIN if value and value > 2 * CELL_MARGIN else None
    body = document.find(w("body"))
    section = body.find(w("sectPr")) if body is not None else None
    size = section.find(w("pgSz")) if section is not None else None
    margins = section.find(w("pgMar")) if section is not None else None
    if size is None or margins is None:
        return None
    page, left, right = (_twips(e.get(w(k))) for e, k in ((size, "w"), (margins, "left"), (margins, "right")))
    return page - left - right if page and left is not None and right is not None else None


def _val(element: Element | None) -> str | None:
    return element.get(w("val")) if element is not None else None


def _twips(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
