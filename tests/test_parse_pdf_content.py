"""The fast content-stream reader gives exactly what pdfminer's own parser and interpreter give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdf_builder import LEFT, Box, Text, numbered, write_pdf
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, PSEOF, PSKeyword

from conftest import SAMPLES
from rfp_assistant.parse.pdf_content import Unsupported, page_layout, stream_objects, tokenize
from rfp_assistant.parse.pdf_noops import drop_no_ops


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


# A page drawn the way a web browser prints one: every element in a saved state with a
# clipping path, most of them drawing nothing, around a ruled box and a line of text.
WEB_PRINTED = b"""/GSa gs /CSp cs /CSp CS
0.75 0 0 -0.75 42.75 799.25 cm
q q
Q
Q q
0 0 m 679 0 l 679 990.4 l 0 990.4 l 0 0 l h W* n
q 0.8 0 0 0.8 0 -990.4 cm 0 0 0 SCN 0 w 2 J 2 j [] 0 d Q
Q q
0 0 m 679 0 l 679 990.4 l 0 990.4 l h W* n
q /CSp cs 0.9 0.9 0.9 scn /GSa gs q 0.8 0 0 0.8 0 -990.4 cm 16 120 400 200 re f Q Q
q 1 0 0 1 0 0 cm 0 0 m 300 0 l Q 0.5 w S
Q
BT /F1 12 Tf 1 0 0 -1 0 0 Tm 40 -300 Td <312E31> Tj ET
"""


def test_groups_that_draw_nothing_are_cut_and_leave_an_empty_path() -> None:
    cut = drop_no_ops(b"q q 1 0 0 1 5 5 cm 0 0 0 SCN 0 w 2 J [3 1] 0 d Q 0 0 m 9 0 l h W* n Q 1 w q /G0 gs Q")
    assert cut.split() == [b"n", b"1", b"w"]


@pytest.mark.parametrize(
    "stream",
    [
        b"q 0 0 10 10 re f Q",  # paints
        b"q 0 0 m 10 10 l Q S",  # the path outlives the group: S strokes it
        b"q 1 2 3 4 5 cm Q",  # five operands for cm: pdfminer leaves them to the next operator
        b"q 1 w Q BT (q 1 w Q) Tj ET",  # a string could hide anything
        b"q 1 w Q % q 1 w Q",  # so could a comment
        b"q /Span <</MCID 0>> BDC EMC Q",  # marked content is kept for pdfplumber
    ],
)
def test_groups_that_may_leave_a_trace_are_kept(stream: bytes) -> None:
    assert drop_no_ops(stream) == stream


def write_raw_pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF with ``content`` as its stream and Helvetica as font ``F1``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /ColorSpace << /CSp /DeviceRGB >> /ExtGState << /GSa << >> >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


def test_a_web_printed_page_is_read_without_its_idle_groups_into_pdfminers_layout(tmp_path: Path) -> None:
    operators = [o for o in stream_objects([PDFStream({}, WEB_PRINTED)]) if isinstance(o, PSKeyword)]
    assert KWD(b"SCN") not in operators and KWD(b"J") not in operators  # the idle groups are gone
    assert operators.count(KWD(b"W*")) == 1  # the clipping path of the group that paints stays
    assert {KWD(b"re"), KWD(b"f"), KWD(b"S"), KWD(b"Tj")} <= set(operators)  # what draws stays
    path = write_raw_pdf(tmp_path / "web.pdf", WEB_PRINTED)
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as theirs:
        mine, reference = layout_items(page_layout(ours.pages[0])), layout_items(theirs.pages[0].layout)
        assert mine == reference
        assert sum(1 for item in mine if item[0] in ("LTRect", "LTCurve", "LTLine")) == 2
        assert "".join(c["text"] for c in ours.pages[0].chars) == "1.1"


def test_a_page_the_fast_reader_leaves_to_pdfminer_still_gives_pdfminers_layout(tmp_path: Path) -> None:
    content = b"q 20 0 0 20 50 700 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q BT /F1 12 Tf 72 650 Td (1.1 (nested) text) Tj ET"
    path = write_raw_pdf(tmp_path / "inline.pdf", content)
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as theirs:
        mine = layout_items(page_layout(ours.pages[0]))
        assert mine == layout_items(theirs.pages[0].layout)
        assert any(item[0] == "LTImage" for item in mine)
        assert "".join(c["text"] for c in ours.pages[0].chars) == "1.1 (nested) text"
