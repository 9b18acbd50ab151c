"""A Word document as plain blocks: paragraphs and tables, each with its path.

One pass over ``word/document.xml`` in reading order turns the XML into frozen
:class:`Para` and :class:`Table` values that the question finder reads without touching
XML again. On the way it:

- computes each paragraph's automatic number or bullet (:mod:`.docx_numbering`) in order;
- reads the visible text: tabs, breaks and field results, but not field codes, deleted
  text or hidden runs;
- finds check boxes of all three kinds: box characters (``☐ ☒``, Wingdings symbols),
  ``w14:checkbox`` content controls and legacy ``FORMCHECKBOX`` fields;
- reads each text box once (the DrawingML copy, not its VML fallback) and places its
  paragraphs right after the paragraph it is anchored in;
- looks through content controls (``w:sdt``) and marks table-of-contents paragraphs.

Paths follow the grammar in :mod:`rfp_assistant.ooxml.docx`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from xml.etree import ElementTree as ET

from rfp_assistant.ooxml.docx import (
    BOX_CHARS,
    CHECKED_BOXES,
    MC_FALLBACK,
    SYMBOL_BOXES,
    W_R,
    W_SDT,
    W_TC,
    W_TR,
    W_TXBX_CONTENT,
    WordPackage,
    block_children,
    checkbox_control_state,
    form_checkbox_state,
    on_off,
    row_children,
    sdt_content,
    step,
    text_boxes,
    w,
)
from rfp_assistant.parse.docx_numbering import Label, ListNumbering
from rfp_assistant.parse.docx_styles import Styles, int_value

TOC_GALLERY = "table of contents"


@dataclass(frozen=True)
class Box:
    """A check box in a paragraph, with the text on each side of it (up to the next box)."""

    path: str
    checked: bool
    before: str
    after: str


@dataclass(frozen=True)
class TextBox:
    """A text box anchored in a paragraph; ``empty`` when it holds no text (an answer box)."""

    path: str
    empty: bool


@dataclass(frozen=True)
class Para:
    """One paragraph as a reader sees it.

    ``text`` is the visible text (tabs as ``\\t``, line breaks as ``\\n``), without the
    automatic ``label`` ("4.2", "a)", a bullet) Word draws before it; ``outline`` is the
    heading level from its style (0 = Heading 1/Title), None for body text; ``cell`` is the
    path of the table cell it is in, ``in_text_box`` whether it sits in a text box and
    ``banner`` whether it is the only line of text in its text box (a title on a banner).
    """

    path: str
    text: str
    style: str
    outline: int | None
    label: Label | None
    bold: bool
    half_points: int
    boxes: tuple[Box, ...] = ()
    text_boxes: tuple[TextBox, ...] = ()
    page_break: bool = False
    cell: str | None = None
    in_text_box: bool = False
    banner: bool = False
    toc: bool = False

    @property
    def empty(self) -> bool:
        """No text, no check box and no text box: a blank line (an answer may go here)."""
        return not self.text.strip() and not self.boxes and not self.text_boxes


@dataclass(frozen=True)
class Cell:
    """One table cell: its content, grid column and span; ``continued`` for a vMerge continuation."""

    path: str
    items: tuple[Para | Table, ...]
    column: int
    span: int
    continued: bool

    @property
    def paras(self) -> tuple[Para, ...]:
        """The cell's own paragraphs (not those of tables nested in it)."""
        return tuple(item for item in self.items if isinstance(item, Para))

    @property
    def text(self) -> str:
        """The cell's paragraphs' text, one line each, blank lines dropped."""
        return "\n".join(p.text.strip() for p in self.paras if p.text.strip())

    @property
    def blank(self) -> bool:
        """Nothing to read and nothing ticked: an empty cell."""
        return all(p.empty for p in self.paras) and not any(isinstance(i, Table) for i in self.items)


@dataclass(frozen=True)
class Row:
    path: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    path: str
    rows: tuple[Row, ...]

    @property
    def columns(self) -> int:
        """The number of grid columns the widest row spans."""
        return max((sum(c.span for c in row.cells) for row in self.rows), default=0)


Item = Para | Table


def read_blocks(package: WordPackage) -> tuple[Item, ...]:
    """The body of a document as paragraphs and tables, in reading order."""
    styles = Styles(package.styles)
    reader = _Reader(styles, ListNumbering(package.numbering, styles))
    body = package.document.find(w("body"))
    return tuple(reader.flow(body, "body")) if body is not None else ()


def iter_paras(items: tuple[Item, ...]) -> Iterator[Para]:
    """Every paragraph of a flow, descending into tables, in reading order."""
    for item in items:
        if isinstance(item, Para):
            yield item
        else:
            for row in item.rows:
                for cell in row.cells:
                    yield from iter_paras(cell.items)


class _Reader:
    def __init__(self, styles: Styles, numbering: ListNumbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def flow(
        self,
        container: ET.Element,
        path: str,
        cell: str | None = None,
        in_text_box: bool = False,
        toc: bool = False,
    ) -> Iterator[Item]:
        for name, index, element in block_children(container):
            here = f"{path}/{step(name, index)}"
            if name == "p":
                para, boxes = self.paragraph(element, here, cell, in_text_box, toc)
                yield para
                for j, content in enumerate(boxes):
                    inner = list(self.flow(content, f"{here}/{step('txbx', j)}", cell, True, toc))
                    lines = [i for i in inner if isinstance(i, Para) and i.text.strip()]
                    if len(lines) == 1 and len(inner) == sum(isinstance(i, Para) for i in inner):
                        inner = [replace(i, banner=True) if i is lines[0] else i for i in inner]
                    yield from inner
            elif name == "tbl":
                yield self.table(element, here, in_text_box, toc)
            else:
                yield from self.flow(sdt_content(element), here, cell, in_text_box, toc or _is_toc(element))

    def table(self, element: ET.Element, path: str, in_text_box: bool, toc: bool) -> Table:
        rows = []
        for row_path, row in _wrapped(element, W_TR, path):
            cells = []
            column = 0
            for cell_path, tc in _wrapped(row, W_TC, row_path):
                props = tc.find(w("tcPr"))
                span = int_value(props.find(w("gridSpan"))) if props is not None else None
                merge = props.find(w("vMerge")) if props is not None else None
                continued = merge is not None and merge.get(w("val"), "continue") == "continue"
                items = tuple(self.flow(tc, cell_path, cell_path, in_text_box, toc))
                cells.append(Cell(cell_path, items, column, span or 1, continued))
                column += span or 1
            rows.append(Row(row_path, tuple(cells)))
        return Table(path, tuple(rows))

    def paragraph(
        self, element: ET.Element, path: str, cell: str | None, in_text_box: bool, toc: bool
    ) -> tuple[Para, list[ET.Element]]:
        props = element.find(w("pPr"))
        style_element = props.find(w("pStyle")) if props is not None else None
        style = self.styles.get(style_element.get(w("val")) if style_element is not None else None)
        numpr = props.find(w("numPr")) if props is not None else None
        num_id = ilvl = None
        if numpr is not None:
            num = numpr.find(w("numId"))
            num_id = num.get(w("val")) if num is not None else None
            ilvl = int_value(numpr.find(w("ilvl")))
        numbered = self.numbering.resolve(num_id, ilvl, style)
        label = self.numbering.next_label(*numbered) if numbered else None
        scan = _InlineScan(path, style.bold, style.half_points)
        scan.walk(element)
        contents = text_boxes(element)
        boxes = tuple(
            TextBox(f"{path}/{step('txbx', j)}", not "".join(t.text or "" for t in c.iter(w("t"))).strip())
            for j, c in enumerate(contents)
        )
        page_break = scan.page_break or (
            props is not None
            and (bool(on_off(props.find(w("pageBreakBefore")))) or props.find(w("sectPr")) is not None)
        )
        para = Para(
            path=path,
            text=scan.text(),
            style=style.style_id,
            outline=style.outline,
            label=label,
            bold=scan.bold(),
            half_points=scan.half_points(),
            boxes=scan.boxes(),
            text_boxes=boxes,
            page_break=page_break,
            cell=cell,
            in_text_box=in_text_box,
            toc=toc or style.name.lower().startswith("toc"),
        )
        return para, contents


def _wrapped(element: ET.Element, tag: str, path: str) -> Iterator[tuple[str, ET.Element]]:
    """Rows of a table or cells of a row, looking through ``sdt`` wrappers, with their paths."""
    for name, index, child in row_children(element, tag):
        here = f"{path}/{step(name, index)}"
        if name == "sdt":
            yield from _wrapped(sdt_content(child), tag, here)
        else:
            yield here, child


def _is_toc(sdt: ET.Element) -> bool:
    gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and gallery.get(w("val"), "").lower() == TOC_GALLERY


class _InlineScan:
    """Collects a paragraph's visible text, formatting and check boxes in one walk.

    Runs and inline content controls are counted exactly as ``ooxml.docx.resolve`` counts
    them, so each box's ``r[k]``/``sdt[k]`` path finds it again.
    """

    def __init__(self, path: str, style_bold: bool, style_half_points: int) -> None:
        self.path = path
        self.style_bold = style_bold
        self.style_half_points = style_half_points
        self.pieces: list[str | tuple[str, bool]] = []  # text, or (box path, checked)
        self.run_count = 0
        self.sdt_count = 0
        self.page_break = False
        self._bold: list[bool] = []
        self._sizes: list[int] = []
        self._in_checkbox = 0
        self._glyphs = 0

    def walk(self, element: ET.Element) -> None:
        for child in element:
            tag = child.tag
            if tag in (MC_FALLBACK, W_TXBX_CONTENT):
                continue
            if tag == W_R:
                self.run(child)
            elif tag == W_SDT:
                index = self.sdt_count
                self.sdt_count += 1
                state = checkbox_control_state(child)
                if state is not None:
                    self.pieces.append((f"{self.path}/{step('sdt', index)}", state))
                    self._in_checkbox += 1
                    self.walk(child)
                    self._in_checkbox -= 1
                else:
                    self.walk(child)
            elif tag != w("pPr"):
                self.walk(child)

    def run(self, run: ET.Element) -> None:
        index = self.run_count
        self.run_count += 1
        props = run.find(w("rPr"))
        hidden = props is not None and bool(on_off(props.find(w("vanish"))))
        bold = on_off(props.find(w("b"))) if props is not None else None
        size = int_value(props.find(w("sz"))) if props is not None else None
        here = f"{self.path}/{step('r', index)}"
        self._glyphs = 0
        for child in run:
            tag = child.tag
            if tag == w("t") and not hidden:
                self.text_piece(child.text or "", here, bold, size)
            elif tag in (w("tab"), w("ptab")) and not hidden:
                self.pieces.append("\t")
            elif tag in (w("br"), w("cr")) and not hidden:
                if child.get(w("type")) == "page":
                    self.page_break = True
                self.pieces.append("\n")
            elif tag == w("noBreakHyphen"):
                self.pieces.append("-")
            elif tag == w("sym") and not self._in_checkbox:
                font = (child.get(w("font")) or "").lower()
                code = (child.get(w("char")) or "").upper()
                checked = SYMBOL_BOXES.get(font, {}).get(code)
                if checked is not None:
                    self.pieces.append((self.glyph_path(here), checked))
            elif tag == w("fldChar") and child.get(w("fldCharType")) == "begin":
                state = form_checkbox_state(child)
                if state is not None:
                    self.pieces.append((here, state))
            elif tag in (MC_FALLBACK, W_TXBX_CONTENT):
                continue
            elif tag not in (w("rPr"), w("t")):
                self.walk(child)

    def text_piece(self, text: str, run_path: str, bold: bool | None, size: int | None) -> None:
        if not text:
            return
        if text.strip():
            self._bold.append(self.style_bold if bold is None else bold)
            self._sizes.append(size or self.style_half_points)
        if self._in_checkbox:
            return  # the glyph a checkbox control shows is the control itself
        start = 0
        for offset, char in enumerate(text):
            if char in BOX_CHARS:
                self.pieces.append(text[start:offset])
                self.pieces.append((self.glyph_path(run_path), char in CHECKED_BOXES))
                start = offset + 1
        self.pieces.append(text[start:])

    def glyph_path(self, run_path: str) -> str:
        """``r[k]/box[n]``: the n-th box glyph (character or symbol) of run k."""
        index = self._glyphs
        self._glyphs += 1
        return f"{run_path}/{step('box', index)}"

    def text(self) -> str:
        return "".join(piece for piece in self.pieces if isinstance(piece, str))

    def boxes(self) -> tuple[Box, ...]:
        found = []
        segments: list[str] = [""]
        marks: list[tuple[str, bool]] = []
        for piece in self.pieces:
            if isinstance(piece, str):
                segments[-1] += piece
            else:
                marks.append(piece)
                segments.append("")
        for i, (path, checked) in enumerate(marks):
            found.append(Box(path, checked, segments[i].strip(), segments[i + 1].strip()))
        return tuple(found)

    def bold(self) -> bool:
        return bool(self._bold) and all(self._bold)

    def half_points(self) -> int:
        return max(self._sizes, default=self.style_half_points)
