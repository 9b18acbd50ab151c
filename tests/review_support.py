"""Helpers for the review-loop tests: read a review workbook, and edit it as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from conftest import LIBRARY, SAMPLES
from rfp_assistant.decisions import REVIEW_SHEET
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import FillResult, fill

SAMPLE = SAMPLES / "harbor_point_medical_rfp.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"


def fill_sample(folder: Path, library: Path = LIBRARY, name: str = "answered.xlsx") -> FillResult:
    """The Harbor Point sample filled with the hashing embedder (and its account) into ``folder``."""
    return fill(
        SAMPLE,
        library,
        folder / name,
        account=ACCOUNT,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(folder / "cache"),
    )


def review_sheet(workbook: Any) -> Any:
    """The first sheet whose name starts with "Review" (what a reader of the contract looks for)."""
    return workbook[next(n for n in workbook.sheetnames if n.startswith(REVIEW_SHEET))]


def review_rows(path: Path) -> dict[str, dict[str, Any]]:
    """Question id -> {column title: value} of the Review sheet, columns found by title."""
    sheet = review_sheet(openpyxl.load_workbook(path))
    rows = list(sheet.iter_rows(values_only=True))
    titles = list(rows[0])
    return {row[0]: dict(zip(titles, row, strict=True)) for row in rows[1:] if row[0]}


def spots(where: str) -> list[tuple[str, str]]:
    """``'Questionnaire'!C8, 'Questionnaire'!D8`` -> [("Questionnaire", "C8"), ("Questionnaire", "D8")]."""
    found = []
    for part in where.split(", "):
        sheet, cell = part.rsplit("!", 1)
        found.append((sheet.strip("'").replace("''", "'"), cell))
    return found


def decide(path: Path, out: Path, decisions: dict[str, dict[str, Any]]) -> Path:
    """Type decisions into the Review sheet of ``path`` with openpyxl and save it as ``out``.

    ``decisions`` maps question id to {"Action": ..., "Override": ...}; values are typed
    as given (a number stays a number; a text starting with '=' is stored as openpyxl
    stores it, a formula cell, the way Excel keeps what a person types there).
    """
    workbook = openpyxl.load_workbook(path)
    sheet = review_sheet(workbook)
    titles = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for qid, values in decisions.items():
        for title, value in values.items():
            sheet.cell(rows[qid], titles.index(title) + 1).value = value
    workbook.save(out)
    return out


def cell_values(path: Path) -> dict[tuple[str, str], Any]:
    """Every non-empty cell of every sheet: (sheet, coordinate) -> value."""
    workbook = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }
