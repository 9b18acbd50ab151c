"""Recompute a workbook's formulas with the ``formulas`` engine, as Excel would."""

from __future__ import annotations

import re
from pathlib import Path

import formulas


def evaluate(path: Path) -> dict[tuple[str, str], object]:
    """Every cell of the workbook as computed by the ``formulas`` engine: (SHEET, A1) -> value."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[tuple[str, str], object] = {}
    for ref, value in solution.items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+[0-9]+)", ref)
        if match:
            raw = getattr(value, "value", value)
            values[(match.group(1).upper(), match.group(2))] = raw[0, 0] if hasattr(raw, "shape") else raw
    return values
