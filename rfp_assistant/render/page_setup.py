"""How a worksheet prints: page set-up shared by the exhibit sheets (and any sheet we write).

Landscape or portrait on Letter paper, one page wide, print titles repeated on every
page, a print area, and a running header and footer with the page number.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

MARGIN_SIDE_INCHES = 0.5
MARGIN_TOP_INCHES = 0.75
HEADER_FOOTER_POINTS = 8
PAGE_NUMBER = "Page &P of &N"  # Excel's header/footer codes for this page and the page count


def setup_print(
    ws: Worksheet,
    *,
    area: str,
    title_rows: str | None = None,
    landscape: bool = True,
    header_left: str = "",
    header_right: str = "",
    footer_left: str = "",
    font: str | None = None,
) -> None:
    """Print ``ws``'s ``area`` one page wide, ``title_rows`` repeated on every page.

    The header carries ``header_left`` / ``header_right``; the footer ``footer_left`` and
    the page number (in ``font`` when given).
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE_INCHES
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP_INCHES
    ws.print_options.horizontalCentered = True
    ws.print_area = area
    if title_rows:
        ws.print_title_rows = title_rows
    for part, text in (
        (ws.oddHeader.left, header_left),
        (ws.oddHeader.right, header_right),
        (ws.oddFooter.left, footer_left),
        (ws.oddFooter.right, PAGE_NUMBER),
    ):
        if text:
            part.text = text.replace("&", "&&") if part is not ws.oddFooter.right else text
            part.size = HEADER_FOOTER_POINTS
            if font:
                part.font = font
