"""Typed values for workbook cells: what a text becomes in a cell formatted for a number or a date.

A typed date cell gets a real date (a serial number its own date format displays), a number
cell a real number; a percentage or an amount of money becomes a number only where the
cell's format shows it as one (``91.4%`` in a percent cell is 0.914; in a text cell it stays
"91.4%", as the entry states it). Anything that does not read as the value its cell wants is
written as the text it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from rfp_assistant.ooxml.xlsx_write import CellWrite

PERCENT_DIGITS = 10  # 91.4% is stored as 0.914, not 0.9140000000000001
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (past its leap-year bug)
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_MONEY = re.compile(r"^[$€£]\s*([-+]?\d[\d,]*(?:\.\d+)?)$")
_PERCENT = re.compile(r"^([-+]?\d[\d,]*(?:\.\d+)?)\s*%$")
_DATE_FORMS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%m/%d/%Y", "%m/%d/%y")


def excel_serial(day: date) -> int:
    """The serial number Excel stores for a date."""
    return (day - EXCEL_EPOCH).days


def read_date(text: str) -> date | None:
    """A date written as people or machines write it ("March 31, 2028", "2028-03-31"), or None."""
    cleaned = " ".join(text.strip().split())
    for form in _DATE_FORMS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    return None


def typed_cell(
    sheet: str, ref: str, text: str, cell_format: str, *, numeric: bool, is_date: bool
) -> CellWrite:
    """The write for one cell: a number or date where the value and the cell's format agree, else text.

    ``cell_format`` is what the cell is formatted to hold (``date``, ``money``, ``percent``,
    ``number``, ``text``); ``numeric`` and ``is_date`` say the value was asked for as one.
    """
    value = text.strip()
    if is_date and cell_format == "date" and (day := read_date(value)) is not None:
        return CellWrite(sheet, ref, value, number=float(excel_serial(day)))
    if numeric or cell_format in ("money", "percent", "number"):
        if _NUMBER.match(value) and (numeric or cell_format != "text"):
            return CellWrite(sheet, ref, value, number=float(value.replace(",", "")))
        money = _MONEY.match(value)
        if money and cell_format == "money":
            return CellWrite(sheet, ref, value, number=float(money.group(1).replace(",", "")))
        percent = _PERCENT.match(value)
        if percent and cell_format == "percent":
            share = round(float(percent.group(1).replace(",", "")) / 100, PERCENT_DIGITS)
            return CellWrite(sheet, ref, value, number=share)
    return CellWrite(sheet, ref, text)
