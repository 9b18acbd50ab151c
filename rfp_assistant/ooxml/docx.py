"""Reading a Word package (.docx, .docm) and addressing its elements by path.

Only the parts the parser needs are read: the main document (found through the package
relationships, so a renamed part still works), its styles and its numbering. Headers,
footers, footnotes and comments are never read, so nothing in them is ever a question.
Each part is refused if it declares a DOCTYPE (no entity expansion, no external entities).
Macros in a ``.docm`` are never run: ``vbaProject.bin`` is not even opened.

Path grammar
------------
A :class:`~rfp_assistant.models.DocxLocation` path names one element of
``word/document.xml``, from the body down::

    path  := "body" ("/" step)*
    step  := name "[" index "]"          index: 0-based
    name  := "p" | "tbl" | "tr" | "tc" | "sdt" | "txbx" | "r" | "box"

- Under ``body``, a ``tc``, a ``txbx`` or a block-level ``sdt``: ``p``, ``tbl`` and ``sdt``
  count that container's children of that name (for an ``sdt``, the children of its
  ``w:sdtContent``). ``body/p[41]`` is the 42nd paragraph directly in the body, whatever
  tables come before it; ``body/sdt[1]/tbl[0]`` is the table in the second content control.
- Under ``tbl``, ``tr[i]`` counts rows (a row-level ``sdt[i]`` wraps rows); under ``tr``,
  ``tc[i]`` counts cell elements, so a cell merged across columns (``gridSpan``) counts
  once and each vertically merged continuation cell counts as its own ``tc``.
- Under ``p``, ``txbx[j]`` is the j-th text box anchored in the paragraph, in document
  order: the DrawingML copy (``wps:txbx``) of an ``mc:AlternateContent`` counts, its VML
  ``mc:Fallback`` copy does not; a VML-only text box counts.
- Under ``p``, ``r[k]`` and ``sdt[k]`` count the paragraph's runs and inline content
  controls among all its descendants in document order (inside hyperlinks, fields and
  smart tags too), leaving out those inside its text boxes and inside ``mc:Fallback``.
  A legacy ``FORMCHECKBOX`` field is addressed by the run holding its ``begin`` mark.
- Under ``r``, ``box[n]`` is the n-th check-box glyph of the run (a ``☐``/``☒`` character
  of its text or a Wingdings box ``w:sym``); :func:`resolve` returns the run itself.

The same element always gets the same path, so a renderer finds the spot again from the
path alone with :func:`resolve`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from rfp_assistant.ooxml.prolog import declares_dtd

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
DEFAULT_DOCUMENT_PART = "word/document.xml"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``w('p')``."""
    return f"{{{NS_W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_R = w("p"), w("tbl"), w("tr"), w("tc"), w("sdt"), w("r")
W_SDT_CONTENT, W_TXBX_CONTENT, W_BODY = w("sdtContent"), w("txbxContent"), w("body")
W_CUSTOM_XML = w("customXml")
MC_FALLBACK = f"{{{NS_MC}}}Fallback"
_STEP = re.compile(r"^(p|tbl|tr|tc|sdt|txbx|r|box)\[(\d+)\]$")

# What counts as a check-box glyph (``box[n]``): box characters in a run's text ...
EMPTY_BOXES = "☐□▢"
CHECKED_BOXES = "☑☒■"
BOX_CHARS = EMPTY_BOXES + CHECKED_BOXES
# ... and boxes drawn with symbol fonts (w:sym), by font: character code -> checked.
SYMBOL_BOXES = {
    "wingdings": {
        "F06F": False,
        "F0A8": False,
        "F071": False,
        "F072": False,
        "F0FE": True,
        "F0FD": True,
        "F078": True,
    },
    "wingdings 2": {"F0A3": False, "F0A2": False, "F030": False, "F054": True, "F053": True, "F052": True},
    "ms gothic": {"2610": False, "2612": True, "2611": True},
    "segoe ui symbol": {"2610": False, "2612": True, "2611": True},
}


class PartError(Exception):
    """A package part is missing, is not well-formed XML or declares a DOCTYPE."""


@dataclass(frozen=True)
class WordPackage:
    """The parsed parts of a Word package the parser reads (``None`` when absent)."""

    document: ET.Element
    styles: ET.Element | None
    numbering: ET.Element | None
    document_part: str


def parse_part(data: bytes, name: str) -> ET.Element:
    """Parse one XML part, refusing a DOCTYPE (entity expansion, external entities)."""
    if declares_dtd(data):
        raise PartError(f"part {name} declares a DOCTYPE or entities; refusing to read it")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise PartError(f"part {name} is not well-formed XML ({exc})") from None


def _targets(archive: zipfile.ZipFile, rels_name: str, base: str) -> dict[str, str]:
    """Relationship type -> part name, from one ``.rels`` part (first of each type)."""
    if rels_name not in archive.namelist():
        return {}
    root = parse_part(archive.read(rels_name), rels_name)
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        part = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        )
        found.setdefault(rel.get("Type", ""), part)
    return found


def main_parts(archive: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """The main document part of a Word package and its related parts, by relationship type.

    The main part is found through the package relationships (a renamed part still
    works); ``PartError`` when it is missing.
    """
    document_part = _targets(archive, "_rels/.rels", "").get(REL_OFFICE_DOCUMENT, DEFAULT_DOCUMENT_PART)
    if document_part not in archive.namelist():
        raise PartError(f"no main document part ({document_part}) in the package")
    folder, file_name = posixpath.split(document_part)
    return document_part, _targets(archive, posixpath.join(folder, "_rels", file_name + ".rels"), folder)


def read_package(path: Path) -> WordPackage:
    """Read the main document, styles and numbering parts of a Word package."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        document_part, related = main_parts(archive)

        def optional(rel_type: str) -> ET.Element | None:
            part = related.get(rel_type)
            return parse_part(archive.read(part), part) if part in names else None

        document = parse_part(archive.read(document_part), document_part)
        if document.find(W_BODY) is None:
            raise PartError(f"part {document_part} has no document body (not a Word document)")
        return WordPackage(document, optional(REL_STYLES), optional(REL_NUMBERING), document_part)


def on_off(element: ET.Element | None) -> bool | None:
    """The value of an on/off property (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def checkbox_control_state(sdt: ET.Element) -> bool | None:
    """For a ``w14:checkbox`` content control, whether it is ticked; None for other controls."""
    box = sdt.find(f"{w('sdtPr')}/{{{NS_W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{NS_W14}}}checked")
    return checked is not None and checked.get(f"{{{NS_W14}}}val", "0") in ("1", "true")


def form_checkbox_state(fld_char: ET.Element) -> bool | None:
    """For a legacy FORMCHECKBOX field's begin mark, whether it is ticked; None otherwise."""
    box = fld_char.find(f"{w('ffData')}/{w('checkBox')}")
    if box is None:
        return None
    for tag in ("checked", "default"):
        value = box.find(w(tag))
        if value is not None:
            return bool(on_off(value))
    return False


def step(name: str, index: int) -> str:
    """One path step: ``step('tc', 1)`` -> ``'tc[1]'``."""
    return f"{name}[{index}]"


def block_children(container: ET.Element) -> Iterator[tuple[str, int, ET.Element]]:
    """The block content of a body, cell, text box or block ``sdt``: (name, index, element).

    ``p``, ``tbl`` and ``sdt`` children are numbered per name; ``customXml`` wrappers are
    looked through (their content keeps counting in the container).
    """
    counts = {"p": 0, "tbl": 0, "sdt": 0}
    for child in _content(container):
        name = _NAMES.get(child.tag)
        if name in counts:
            yield name, counts[name], child
            counts[name] += 1


def row_children(table: ET.Element, tag: str) -> Iterator[tuple[str, int, ET.Element]]:
    """The rows of a table (``tag`` = ``W_TR``) or cells of a row (``W_TC``), with ``sdt`` wrappers."""
    name = _NAMES[tag]
    counts = {name: 0, "sdt": 0}
    for child in _content(table):
        if child.tag == tag or child.tag == W_SDT:
            child_name = _NAMES[child.tag]
            yield child_name, counts[child_name], child
            counts[child_name] += 1


def sdt_content(sdt: ET.Element) -> ET.Element:
    """The ``w:sdtContent`` of a content control (the control itself when it has none)."""
    content = sdt.find(W_SDT_CONTENT)
    return content if content is not None else sdt


def _content(element: ET.Element) -> Iterator[ET.Element]:
    for child in element:
        if child.tag == W_CUSTOM_XML:
            yield from _content(child)
        else:
            yield child


_NAMES = {W_P: "p", W_TBL: "tbl", W_TR: "tr", W_TC: "tc", W_SDT: "sdt"}


def inline_elements(paragraph: ET.Element) -> Iterator[ET.Element]:
    """A paragraph's descendants in document order, minus text boxes and VML fallbacks.

    The text boxes anchored in the paragraph are separate content (see :func:`text_boxes`);
    ``mc:Fallback`` repeats the ``mc:Choice`` content for old readers.
    """
    for child in paragraph:
        if child.tag in (MC_FALLBACK, W_TXBX_CONTENT):
            continue
        yield child
        yield from inline_elements(child)


def text_boxes(paragraph: ET.Element) -> list[ET.Element]:
    """The ``w:txbxContent`` of each text box anchored in a paragraph, in document order."""
    found: list[ET.Element] = []

    def walk(element: ET.Element) -> None:
        for child in element:
            if child.tag == MC_FALLBACK:
                continue
            if child.tag == W_TXBX_CONTENT:
                found.append(child)
                continue  # a text box inside a text box belongs to the inner paragraphs
            walk(child)

    walk(paragraph)
    return found


def resolve(document: ET.Element, path: str) -> ET.Element:
    """The element a path names (see the grammar above); ``KeyError`` if there is none."""
    parts = path.split("/")
    if not parts or parts[0] != "body":
        raise KeyError(path)
    element = document.find(W_BODY)
    if element is None:
        raise KeyError(path)
    for part in parts[1:]:
        match = _STEP.match(part)
        if not match:
            raise KeyError(path)
        name, index = match.group(1), int(match.group(2))
        element = _child(element, name, index, path)
    return element


def _child(element: ET.Element, name: str, index: int, path: str) -> ET.Element:
    if name == "box":
        if element.tag != W_R:
            raise KeyError(path)
        return element  # the glyph is a character of this run's text
    if element.tag == W_P:
        if name == "txbx":
            candidates = text_boxes(element)
        elif name in ("r", "sdt"):
            tag = W_R if name == "r" else W_SDT
            candidates = [e for e in inline_elements(element) if e.tag == tag]
        else:
            raise KeyError(path)
    elif element.tag == W_TBL and name in ("tr", "sdt"):
        candidates = [e for n, _, e in row_children(element, W_TR) if n == name]
    elif element.tag == W_TR and name in ("tc", "sdt"):
        candidates = [e for n, _, e in row_children(element, W_TC) if n == name]
    else:
        container = sdt_content(element) if element.tag == W_SDT else element
        if element.tag == W_SDT and name in ("tr", "tc"):
            tag = W_TR if name == "tr" else W_TC
            candidates = [e for n, _, e in row_children(container, tag) if n == name]
        else:
            candidates = [e for n, _, e in block_children(container) if n == name]
    if index >= len(candidates):
        raise KeyError(path)
    return candidates[index]
