"""The openpyxl side of reading a census: every visible sheet of a workbook as rows of values.

Values are what Excel last saved (``data_only``): a formula cell gives its cached result,
or ``None`` when the workbook was never calculated. The pure census readers
(:mod:`rfp_assistant.census`) work on these rows.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl

from rfp_assistant.errors import InputError
from rfp_assistant.parse.guard import detect_format


def sheet_rows(path: Path) -> dict[str, list[list[object]]]:
    """Each visible worksheet's rows of cell values, in workbook order.

    Raises :class:`InputError` for a file that is not a readable workbook.
    """
    if detect_format(path) != "xlsx":
        raise InputError("a census must be an .xlsx/.xlsm workbook or a .csv file", path=path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes about extensions it does not read
        try:
            workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged package
            raise InputError(f"cannot read the workbook: {exc}", path=path) from None
        try:
            return {
                ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
                for ws in workbook.worksheets
                if ws.sheet_state == "visible"
            }
        finally:
            workbook.close()
