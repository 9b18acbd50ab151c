"""Reading a census summary tab (plan rows x coverage-tier columns of counts) from a sheet.

The tab is found by its header row: at least two cells that name coverage tiers
("Employee Only", "Employee + Spouse", ...). The plan labels are the first text column
left of the tier columns; the block ends at the first row without a label, and rows
labelled "Total" (or a "Total" column) are the issuer's sums, not plans. Pure functions
over plain values: the file adapters build the rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from rfp_assistant.census.employees import census_date
from rfp_assistant.census.model import SUMMARY, Census, plan_name, tier_key
from rfp_assistant.errors import InputError

MIN_TIER_COLUMNS = 2
_TOTAL = re.compile(r"^\s*(?:grand\s+)?totals?\b", re.I)


def find_tier_header(rows: list[list[object]]) -> tuple[int, dict[int, str]] | None:
    """The first row naming at least two distinct tiers, and its tier columns (col -> tier)."""
    for index, row in enumerate(rows):
        tiers: dict[int, str] = {}
        for col, value in enumerate(row):
            if isinstance(value, str) and not _TOTAL.match(value):
                key = tier_key(value)
                if key is not None and key not in tiers.values():
                    tiers[col] = key
        if len(tiers) >= MIN_TIER_COLUMNS:
            return index, tiers
    return None


def read_summary(
    path: Path, sheet: str | None, rows: list[list[object]], known_plans: tuple[str, ...] = ()
) -> Census | None:
    """The plan x tier census in ``rows``; ``None`` when no row names the coverage tiers.

    Plan labels are matched to ``known_plans`` where one appears in them. Raises
    :class:`InputError` when a count is not a whole number (or is a formula with no saved
    result), naming the sheet and row.
    """
    found = find_tier_header(rows)
    if found is None:
        return None
    header, tier_columns = found
    label_col = _label_column(rows, header, min(tier_columns))
    if label_col is None:
        return None
    contracts: dict[str, dict[str, int]] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]
        label = row[label_col] if label_col < len(row) else None
        if not isinstance(label, str) or not label.strip():
            break
        if _TOTAL.match(label):
            continue
        counts = {}
        for col, tier in tier_columns.items():
            value = row[col] if col < len(row) else None
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
                or not float(value).is_integer()
            ):
                if not contracts:
                    return None  # tier words over something other than counts: not a census table
                raise InputError(
                    f"census sheet {sheet!r} row {index + 1}: the {tier.replace('_', ' ')} count {value!r} "
                    "is not a whole number (a formula without a saved result reads as None)",
                    path=path,
                    sheet=sheet,
                    row=index + 1,
                )
            counts[tier] = int(value)
        contracts[plan_name(label, known_plans)] = counts
    if not contracts:
        return None
    tiers = tuple(tier_columns.values())
    return Census(
        source=path,
        kind=SUMMARY,
        tiers=tiers,
        contracts=contracts,
        sheet=sheet,
        as_of=census_date(rows[:header]),
    )


def _label_column(rows: list[list[object]], header: int, first_tier_col: int) -> int | None:
    """The rightmost column left of the tiers whose first body cell is text."""
    body = rows[header + 1] if header + 1 < len(rows) else []
    for col in range(first_tier_col - 1, -1, -1):
        if col < len(body) and isinstance(body[col], str) and body[col].strip():
            return col
    return None
