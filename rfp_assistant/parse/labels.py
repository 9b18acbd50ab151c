"""A labelled question set kept in a workbook: a header row with ``text`` (or ``question``) and ``expected``.

Used by ``rfp-assistant eval`` and ``calibrate`` (:mod:`rfp_assistant.evaluation`); the
first sheet that has both headers is read, rows below it until the end.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import openpyxl

from rfp_assistant.errors import InputError
from rfp_assistant.parse.guard import detect_format
from rfp_assistant.text import clean

TEXT_HEADERS = ("text", "question")
EXPECTED_HEADER = "expected"
HEADER_ROWS_SEARCHED = 10
NO_ANSWER = ("", "null", "none", "-")
"""What an empty ``expected`` cell may say: the library has no answer."""


def read_label_rows(path: Path) -> list[dict[str, Any]]:
    """The rows as ``{"text": ..., "expected": ...}`` dicts (blank ``expected`` is None)."""
    detect_format(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on malformed packages
        raise InputError(f"cannot read workbook: {type(exc).__name__}: {exc}", path=path) from None
    try:
        for ws in workbook.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            for at, row in enumerate(rows[:HEADER_ROWS_SEARCHED]):
                headers = [clean(v).lower() for v in row]
                text_col = next((headers.index(h) for h in TEXT_HEADERS if h in headers), None)
                if text_col is None or EXPECTED_HEADER not in headers:
                    continue
                expected_col = headers.index(EXPECTED_HEADER)
                out = []
                for values in rows[at + 1 :]:
                    text = clean(values[text_col]) if text_col < len(values) else ""
                    if not text:
                        continue
                    expected = clean(values[expected_col]) if expected_col < len(values) else ""
                    out.append({"text": text, "expected": None if expected.lower() in NO_ANSWER else expected})
                return out
    finally:
        workbook.close()
    raise InputError("no sheet has a header row with 'text' (or 'question') and 'expected'", path=path)
