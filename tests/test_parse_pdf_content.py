"""The fast content-stream reader gives exactly what pdfminer's own parser and interpreter give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdf_builder import LEFT, Box, Text, numbered, write_pdf
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from conftest import SAMPLES
from rfp_assistant.parse.pdf_content import Unsupported, page_layout, stream_objects, tokenize


def pdfminer_objects(data: bytes) -> list[Any]:
    """The objects pdfminer's content parser reads from ``data``."""
    parser = PDFContentParser([PDFStream({}, data)])
    objects: list[Any] = []
    while True:
        try:
            objects.append(parser.nextobject()[1])
        except PSEOF:
            return objects


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 and 1.0 differ, as True and 1 do)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a is b or a == b


STREAMS = {
    "drawing": b"q 0.75 0 0 -0.75 42.75 799.25 cm\n0 0 m 678.999976 0 l h W* n\n/GSa gs /CSp cs 1 1 1 scn\n0 w 2 J 2 j [] 0 d\nQ",
    "signs and fractions": b"-1 +2 .5 -.25 3. 0.000 -0 m",
    "text with escapes": b"BT /F1 9 Tf 10 20 Td (plain) Tj (a\\(b\\)c \\101\\n\\\\) Tj ' \" ET",
    "nested brackets in a string": b"BT (outer (inner) text) Tj ET",
    "hexadecimal strings": b"BT <0012 00ff> Tj <abc> Tj <> Tj ET",
    "arrays and dictionaries": b"[(A) -120 (B) 3.5] TJ /Span <</MCID 3 /Lang (en)>> BDC [1 [2 3]] 0 d EMC",
    "comments": b"q % a comment (with a bracket\n1 0 0 1 0 0 cm Q",
    "booleans": b"true false /Name true",
    "names next to each other": b"/A/B/C 0 0 m",
    "operator glued to a name": b"/CS0 cs/GS1 gs",
    "number glued to an operator": b"12Tf 1.5.3 m",
}


@pytest.mark.parametrize("name", list(STREAMS))
def test_the_fast_reader_reads_the_objects_pdfminer_reads(name: str) -> None:
    data = STREAMS[name]
    assert same(tokenize(data), pdfminer_objects(data))


def test_an_inline_image_is_left_to_pdfminer() -> None:
    with pytest.raises(Unsupported):
        tokenize(b"q BI /W 1 /H 1 /BPC 8 ID \xff EI Q")


def test_a_token_cut_by_the_end_of_a_stream_is_left_to_pdfminer() -> None:
    with pytest.raises(Unsupported):
        stream_objects([PDFStream({}, b"0 0 m 10"), PDFStream({}, b"0 l S")])


def layout_items(container: Any) -> list[tuple[Any, ...]]:
    """Every object of a page layout with its class, box and text, in order."""
    items: list[tuple[Any, ...]] = []
    for obj in container:
        text = obj.get_text() if hasattr(obj, "get_text") else ""
        items.append((type(obj).__name__, obj.bbox, text, getattr(obj, "fontname", None), getattr(obj, "size", None)))
        if hasattr(obj, "_objs") and type(obj).__name__ != "LTChar":
            items.extend(layout_items(obj))
    return items


def test_page_layouts_equal_pdfminers_on_the_sample_rfp() -> None:
    path = SAMPLES / "granite_ridge_medical_rfp.pdf"
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as theirs:
        for mine, reference in zip(ours.pages, theirs.pages, strict=True):
            assert layout_items(page_layout(mine)) == layout_items(reference.layout)


def test_the_layout_is_read_once_and_shared_with_pdfplumber(tmp_path: Path) -> None:
    page = [Text(LEFT, 60, "Section A", size=14, bold=True), *numbered(100, "1.1", ["What is your network?"]), Box(LEFT, 140, 300, 180)]
    with pdfplumber.open(write_pdf(tmp_path / "one.pdf", [page])) as pdf:
        layout = page_layout(pdf.pages[0])
        assert page_layout(pdf.pages[0]) is layout
        assert pdf.pages[0].layout is layout
        assert "".join(c["text"] for c in pdf.pages[0].chars).startswith("Section A")
