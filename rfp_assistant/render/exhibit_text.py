"""Render exhibits as plain text for a terminal: the summary tables, aligned in columns.

A writer like the workbook and Word ones, built from the same exhibit model: it prints
each exhibit's title and subtitle, then every table marked ``in_summary`` (long tables
such as the monthly grid stay in the files), with figures formatted by
:func:`~rfp_assistant.exhibits.format_value` and right-aligned under their headers.
"""

from __future__ import annotations

from collections.abc import Iterable

from rfp_assistant.exhibits import Exhibit, ExhibitTable, format_value

COLUMN_GAP = "  "


def exhibits_text(exhibits: Iterable[Exhibit]) -> str:
    """The summary tables of ``exhibits`` as aligned plain text, one block per exhibit."""
    blocks = []
    for exhibit in exhibits:
        lines = [exhibit.title, *exhibit.subtitle]
        for table in exhibit.tables:
            if table.in_summary:
                lines += ["", table.title, *table_lines(table)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def table_lines(table: ExhibitTable) -> list[str]:
    """``table`` as a header line, a rule and one line per row (audit columns left out)."""
    columns = [i for i, c in enumerate(table.columns) if not c.audit]
    header = [table.columns[i].header for i in columns]
    rows = [
        [format_value(row.cells[i].value, row.cells[i].fmt) if i < len(row.cells) else "" for i in columns]
        for row in table.all_rows
    ]
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(columns))]

    def fmt(cells: list[str]) -> str:
        out = []
        for k, (text, width) in enumerate(zip(cells, widths, strict=True)):
            align = table.columns[columns[k]].align
            out.append(
                text.rjust(width)
                if align == "right"
                else text.center(width)
                if align == "center"
                else text.ljust(width)
            )
        return COLUMN_GAP.join(out).rstrip()

    return [fmt(header), COLUMN_GAP.join("-" * w for w in widths), *(fmt(r) for r in rows)]
