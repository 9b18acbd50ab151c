"""The format-neutral exhibit model: tables of cells with values, formats and formulas.

A :class:`Cell` carries its value (computed in Python), a semantic number format
(``MONEY``, ``COUNT``, ...) and, where the figure is derived, a spreadsheet formula in
which other cells are named by their ``key`` in braces::

    Cell(value=1378.6, fmt=COUNT, key="det.c.1.HMO.employee",
         formula="={census.HMO.employee}*AVERAGE({idx.1}:{idx.12})")

A renderer that lays cells out (the xlsx one) turns the braces into cell addresses with
:func:`resolve_formula`; a renderer that only prints (Word, the terminal) uses
:func:`format_value`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

# The formats live in rfp_assistant.figures (templates use them too); the exhibit builders
# and renderers name them through this model, as before.
from rfp_assistant.figures import (  # noqa: F401 - re-exported
    COUNT,
    DATE,
    FACTOR,
    INDEX,
    INTEGER,
    MONEY,
    MONEY0,
    MONTH,
    PERCENT,
    PERCENT4,
    RATIO,
    TEXT,
    format_value,
)

ROW_DATA = "data"
ROW_SUBTOTAL = "subtotal"
ROW_TOTAL = "total"

MEMBERSHIP_PROJECTION = "membership_projection"
RATE_DEVELOPMENT = "rate_development"

_TIER_LABELS = {
    "employee": "Employee only",
    "employee_only": "Employee only",
    "single": "Single",
    "employee_spouse": "Employee + spouse",
    "employee_children": "Employee + child(ren)",
    "employee_child": "Employee + child(ren)",
    "employee_plus_one": "Employee + one",
    "employee_one": "Employee + one",
    "family": "Family",
}
_KEY_PATTERN = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Cell:
    """One figure or label: its value, display format and, if derived, its formula."""

    value: float | int | str | date | None = None
    fmt: str = TEXT
    formula: str | None = None
    key: str | None = None
    is_input: bool = False


@dataclass(frozen=True)
class Column:
    """A table column; ``audit`` columns are calculation helpers Word leaves out.

    Numeric columns are right-aligned unless ``centered`` (ordinals such as plan years
    and month numbers, which read better centered); text columns are left-aligned.
    """

    header: str
    numeric: bool = True
    audit: bool = False
    centered: bool = False

    @property
    def align(self) -> str:
        """``"left"``, ``"center"`` or ``"right"``."""
        if self.centered:
            return "center"
        return "right" if self.numeric else "left"


@dataclass(frozen=True)
class Row:
    """A table row; ``style`` is ``data``, ``subtotal`` or ``total``."""

    cells: tuple[Cell, ...]
    style: str = ROW_DATA


@dataclass(frozen=True)
class ExhibitTable:
    """A titled table with an optional total row and a note printed beneath it."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total_row: Row | None = None
    note: str | None = None
    in_summary: bool = False  # shown by writers that print a summary only (the terminal)

    @property
    def all_rows(self) -> tuple[Row, ...]:
        """The body rows followed by the total row, if any."""
        return self.rows + ((self.total_row,) if self.total_row is not None else ())


@dataclass(frozen=True)
class ChartSeries:
    """One line of a chart; the ``total`` line is drawn heavier than the others."""

    label: str
    values: tuple[float, ...]
    total: bool = False


@dataclass(frozen=True)
class Chart:
    """A line chart: x positions, labelled ticks, series and dotted dividers (e.g. plan years)."""

    title: str
    x_label: str
    y_label: str
    x: tuple[int, ...]
    ticks: tuple[tuple[int, str], ...]
    series: tuple[ChartSeries, ...]
    dividers: tuple[float, ...] = ()
    bands: tuple[tuple[float, float, str], ...] = ()  # (x from, x to, label), e.g. each plan year
    caption: str = ""  # what the chart shows and from which data, printed under the title


@dataclass(frozen=True)
class Exhibit:
    """A named exhibit: title, subtitle lines, tables, footnotes and an optional chart."""

    name: str
    title: str
    sheet_title: str
    subtitle: tuple[str, ...] = ()
    tables: tuple[ExhibitTable, ...] = ()
    footnotes: tuple[str, ...] = ()
    chart_after: int | None = None  # index of the table the chart follows, if the exhibit has one
    chart: Chart | None = None

    def iter_cells(self) -> Iterator[Cell]:
        """Every cell of every table, in reading order."""
        for table in self.tables:
            for row in table.all_rows:
                yield from row.cells

    def cell(self, key: str) -> Cell:
        """The cell named ``key``; raises ``KeyError`` when there is none."""
        for cell in self.iter_cells():
            if cell.key == key:
                return cell
        raise KeyError(key)


@dataclass(frozen=True)
class Letterhead:
    """What every printed page of an exhibit carries besides the exhibit itself.

    ``plan`` is the responding plan's name, ``prepared`` the date printed on the pages
    (``None``: no date, so outputs stay the same from day to day) and ``font`` the
    issuer's (or template's) font name (``None``: the writer's default).
    """

    plan: str | None = None
    prepared: date | None = None
    font: str | None = None

    def header_text(self, exhibit: Exhibit) -> str:
        """The running header: the plan's name | the exhibit's title (which has a colon of its own)."""
        return f"{self.plan} | {exhibit.title}" if self.plan else exhibit.title

    def date_text(self) -> str:
        """``Prepared July 1, 2027``, or empty without a date."""
        if self.prepared is None:
            return ""
        return f"Prepared {self.prepared:%B} {self.prepared.day}, {self.prepared.year}"


def resolve_formula(formula: str, addresses: Mapping[str, str]) -> str:
    """``formula`` with every ``{key}`` replaced by ``addresses[key]``."""
    return _KEY_PATTERN.sub(lambda m: addresses[m.group(1)], formula)


def formula_keys(formula: str) -> list[str]:
    """The cell keys a formula refers to."""
    return _KEY_PATTERN.findall(formula)


def tier_label(tier: str) -> str:
    """A reader's label for a tier key (``employee_spouse`` -> ``Employee + spouse``)."""
    return _TIER_LABELS.get(tier, tier.replace("_", " ").capitalize())


def label_row(label: str, value: Cell, basis: str) -> Row:
    """A three-column row: a label, its value and where the value comes from."""
    return Row((Cell(label), value, Cell(basis)))
