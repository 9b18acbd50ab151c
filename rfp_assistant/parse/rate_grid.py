"""Finding the issuer's rate-quote grids in a workbook (the openpyxl side of rate_quote).

A grid is a header row with at least one proposed-rate column ("Proposed Rate (Year 1)",
"Year 2", "Quoted rate", "Renewal") under a title ("Option 1A - Fully Insured HMO"),
then body rows until a blank or total row. Rows whose label names a coverage tier make a
premium-rate grid; any other rows (ASO fees, stop-loss premiums) make a grid the tool
cannot fill. Only cells the issuer left blank are offered for writing: a formula or a
value already there is the issuer's.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from rfp_assistant.census.model import plan_name, tier_key
from rfp_assistant.parse.guard import detect_format
from rfp_assistant.rate_quote import OTHER, RATES, GridRow, RateGrid

_YEAR = re.compile(r"\byear\s*(\d+)\b|\by(\d)\b|\b(first|1st|second|2nd|third|3rd)\s+year\b", re.I)
_PROPOSED = re.compile(r"proposed|quoted|quote|bid|renewal|offered", re.I)
_MONEY_WORDS = re.compile(r"rate|premium|fee|cost|pepm|pmpm|price|\$", re.I)
_CURRENT = re.compile(r"\bcurrent\b|existing|incumbent|in[- ]force", re.I)
_TOTAL = re.compile(r"^\s*(?:grand\s+)?total|annual premium|monthly premium", re.I)
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
TITLE_SEARCH_ROWS = 3  # a grid's title sits just above its header row


def find_rate_grids(path: Path, known_plans: tuple[str, ...] = ()) -> list[RateGrid]:
    """Every rate-quote grid in the visible sheets of the workbook at ``path``.

    ``known_plans`` (the account's plans) name each grid's plan from its title.
    """
    detect_format(path)
    grids: list[RateGrid] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes about extensions it does not read
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            for ws in workbook.worksheets:
                if ws.sheet_state == "visible":
                    rows = [list(row) for row in ws.iter_rows(values_only=True)]
                    grids += _sheet_grids(ws.title, rows, known_plans)
        finally:
            workbook.close()
    return grids


def year_columns(header: list[object]) -> tuple[dict[int, int], int | None]:
    """Plan year -> column index of the proposed-rate columns, and the current-rate column."""
    years: dict[int, int] = {}
    current = None
    for col, value in enumerate(header):
        if not isinstance(value, str):
            continue
        match = _YEAR.search(value)
        if _CURRENT.search(value) and not _PROPOSED.search(value):
            current = col if current is None else current
        elif match or (_PROPOSED.search(value) and _MONEY_WORDS.search(value)):
            year = 1
            if match:
                year = int(match.group(1) or match.group(2) or _ORDINAL[match.group(3).lower()])
            years.setdefault(year, col)
    return years, current


def _sheet_grids(sheet: str, rows: list[list[object]], known_plans: tuple[str, ...]) -> list[RateGrid]:
    grids = []
    for index, header in enumerate(rows):
        years, current = year_columns(header)
        label_col = next((c for c, v in enumerate(header) if isinstance(v, str) and v.strip()), None)
        if not years or label_col is None or label_col in years.values():
            continue
        body = _body_rows(rows, index, label_col, years, current)
        title = _title(rows, index, label_col) or sheet
        if not body or not (any(r.tier for r in body) or _MONEY_WORDS.search(f"{title} {header[label_col]}")):
            continue  # not a price grid: a questionnaire column that happens to say "bid" or "year"
        plan = plan_name(title, known_plans)
        grids.append(
            RateGrid(
                sheet=sheet,
                title=title,
                header_row=index + 1,
                plan=plan if plan in known_plans else None,
                kind=RATES if all(r.tier for r in body) else OTHER,
                years={y: get_column_letter(c + 1) for y, c in sorted(years.items())},
                rows=tuple(body),
            )
        )
    return grids


def _body_rows(
    rows: list[list[object]], header: int, label_col: int, years: dict[int, int], current: int | None
) -> list[GridRow]:
    body = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        label = row[label_col] if label_col < len(row) else None
        if not isinstance(label, str) or not label.strip() or _TOTAL.match(label):
            break
        value = row[current] if current is not None and current < len(row) else None
        rate = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        cells = {
            year: f"{get_column_letter(col + 1)}{index + 1}"
            for year, col in years.items()
            if col >= len(row) or row[col] in (None, "")
        }
        body.append(
            GridRow(row=index + 1, label=label.strip(), tier=tier_key(label), current_rate=rate, cells=cells)
        )
    return body


def _title(rows: list[list[object]], header: int, label_col: int) -> str | None:
    for index in range(header - 1, max(header - 1 - TITLE_SEARCH_ROWS, -1), -1):
        row = rows[index]
        for value in row[: label_col + 1]:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
