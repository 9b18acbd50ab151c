"""Reading and validating an entry's ``grid:``: its answer to a row x column table.

The format (documented in the README)::

    grid:
      columns:                         # each column: an id its rows use, and its labels
        - id: standard
          labels: [Standard, Performance Standard, Guarantee]
        - id: period
          labels: [Measurement Period, Frequency]
      rows:                            # each row: its labels, then a value per column id
        - labels: [Financial accuracy, Financial (dollar) accuracy]
          standard: At least 99%
          period: Annual

Labels are what an issuer may call the row or column (matched as words, see
:mod:`rfp_assistant.match.grid`); values are approved text and may use the template
variables answers use (``"{{ plan.ncqa_expiry }}"``). A row without a value for a column
leaves that cell for a person. Every problem is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rfp_assistant.library.templating import syntax_error
from rfp_assistant.library.yaml_lines import LinedDict, LinedList
from rfp_assistant.models import GridColumn, GridData, GridRow

_COLUMN_ID = re.compile(r"^[a-z][a-z0-9_]*$")
Report = Callable[[int, str], None]  # (line, message)


def _line(data: Any, key: str | None = None, default: int = 0) -> int:
    if isinstance(data, LinedDict):
        return data.line_of(key) if key else data.line
    return default


def _labels(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def read_grid(value: Any, line: int, report: Report) -> GridData | None:
    """The entry's table, or None after reporting what is wrong with it (``report(line, message)``)."""
    if not isinstance(value, dict):
        report(line, "grid must be a mapping with 'columns' and 'rows'")
        return None
    columns = _columns(value.get("columns"), _line(value, "columns", line), report)
    rows = _rows(value.get("rows"), _line(value, "rows", line), columns, report)
    for key in value:
        if key not in ("columns", "rows"):
            report(_line(value, key, line), f"grid: unknown key {key!r} (use 'columns' and 'rows')")
    if columns is None or rows is None:
        return None
    return GridData(columns=columns, rows=rows)


def _columns(value: Any, line: int, report: Report) -> tuple[GridColumn, ...] | None:
    if not isinstance(value, list) or not value:
        report(line, "grid: 'columns' must be a list of {id, labels}")
        return None
    columns: list[GridColumn] = []
    ok = True
    for index, item in enumerate(value):
        at = value.line_of_item(index) if isinstance(value, LinedList) else line
        column_id = item.get("id") if isinstance(item, dict) else None
        labels = _labels(item.get("labels")) if isinstance(item, dict) else None
        if not isinstance(column_id, str) or not _COLUMN_ID.match(column_id):
            report(at, "grid: each column needs an 'id' of lowercase letters, digits and '_'")
            ok = False
        elif column_id in {c.id for c in columns} or column_id == "labels":
            report(at, f"grid: column id {column_id!r} is used twice or reserved")
            ok = False
        elif labels is None:
            report(at, f"grid: column {column_id!r} needs 'labels' (a list of text)")
            ok = False
        else:
            columns.append(GridColumn(column_id, labels))
    return tuple(columns) if ok else None


def _rows(
    value: Any, line: int, columns: tuple[GridColumn, ...] | None, report: Report
) -> tuple[GridRow, ...] | None:
    if not isinstance(value, list) or not value:
        report(line, "grid: 'rows' must be a list of {labels, <column id>: value}")
        return None
    known = {c.id for c in columns or ()}
    rows: list[GridRow] = []
    ok = True
    for index, item in enumerate(value):
        at = value.line_of_item(index) if isinstance(value, LinedList) else line
        labels = _labels(item.get("labels")) if isinstance(item, dict) else None
        if labels is None:
            report(at, "grid: each row needs 'labels' (a list of text)")
            ok = False
            continue
        values = []
        for key, cell in item.items():
            if key == "labels":
                continue
            where = _line(item, key, at)
            if columns is not None and key not in known:
                report(where, f"grid: row {labels[0]!r} has a value for unknown column {key!r}")
                ok = False
            elif not isinstance(cell, str | int | float) or isinstance(cell, bool):
                report(where, f"grid: row {labels[0]!r}, column {key!r}: a value must be text")
                ok = False
            elif found := syntax_error(str(cell)):
                report(where, f"grid: row {labels[0]!r}, column {key!r}: template syntax error: {found[1]}")
                ok = False
            else:
                values.append((key, str(cell).strip()))
        if not values:
            report(at, f"grid: row {labels[0]!r} has no values")
            ok = False
        rows.append(GridRow(labels, tuple(values)))
    return tuple(rows) if ok else None
