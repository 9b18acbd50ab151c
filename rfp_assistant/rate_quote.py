"""The issuer's rate-quote grids and the cell values that fill them from the rate development.

An RFP workbook often has its own rate exhibit: per option (plan), one row per coverage
tier and a "Proposed Rate (Year 1)" / "(Year 2)" column to complete, with the issuer's
formulas (total monthly premium, annual premium) below. :func:`find_rate_grids` (in
:mod:`rfp_assistant.parse.rate_grid`) finds them as :class:`RateGrid`\\ s;
:func:`rate_quote_writes` turns the quoted rates into :class:`QuoteWrite`\\ s (plain values
in the issuer's own blank cells, so its formulas stay live) and lists, as
:class:`UnfilledGrid`\\ s, the grids or cells it cannot fill and why (e.g. ASO fees, for
which the rate development has no figures). The xlsx renderer applies the writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rfp_assistant.account import AccountProfile

RATES = "rates"  # rows are coverage tiers: monthly premium rates
OTHER = "other"  # rows are something else (ASO fees, stop-loss premiums, ...)


@dataclass(frozen=True)
class GridRow:
    """One body row of a grid: its label, tier key (``None`` when not a tier), the issuer's
    current rate (if given) and the blank cells to complete, by plan year."""

    row: int
    label: str
    tier: str | None
    current_rate: float | None
    cells: dict[int, str]


@dataclass(frozen=True)
class RateGrid:
    """A rate-quote grid found in the issuer's workbook.

    ``plan`` is the account plan the grid quotes (``None`` when its title names none);
    ``years`` maps each plan year with a column to that column's letter.
    """

    sheet: str
    title: str
    header_row: int
    plan: str | None
    kind: str
    years: dict[int, str]
    rows: tuple[GridRow, ...]

    @property
    def current_rates(self) -> dict[str, float]:
        """The issuer's current rate by tier key, where the grid gives one."""
        return {r.tier: r.current_rate for r in self.rows if r.tier and r.current_rate is not None}

    @property
    def blank_cells(self) -> tuple[str, ...]:
        """Every cell of the grid the issuer left for the bidder, in reading order."""
        return tuple(cell for r in self.rows for _, cell in sorted(r.cells.items()))


@dataclass(frozen=True)
class QuoteWrite:
    """A number for one cell of the issuer's workbook; ``what`` says what it is, for the report,
    and ``grid`` the title of the grid the cell belongs to.

    The xlsx writer takes it as ``ooxml.xlsx_write.CellWrite(sheet, ref, "", number=value)``.
    """

    sheet: str
    ref: str
    value: float
    what: str
    grid: str = ""


@dataclass(frozen=True)
class UnfilledGrid:
    """Cells of a grid the tool leaves to a person, and why."""

    sheet: str
    title: str
    cells: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class RateQuoteWrites:
    """What to write into the issuer's rate grids, and what is left for review."""

    writes: tuple[QuoteWrite, ...]
    unfilled: tuple[UnfilledGrid, ...]


def rate_quote_writes(
    grids: list[RateGrid] | tuple[RateGrid, ...],
    rates_by_year: Mapping[int, Mapping[str, Mapping[str, float]]],
) -> RateQuoteWrites:
    """The cell values that fill ``grids`` with ``rates_by_year`` (year -> plan -> tier -> rate).

    A grid is left unfilled, with its reason, when its rows are not coverage tiers, when it
    names no plan the account has, or (cell by cell) when a tier or plan year has no rate.
    """
    writes: list[QuoteWrite] = []
    unfilled: list[UnfilledGrid] = []
    for grid in grids:
        if grid.kind != RATES:
            unfilled.append(
                UnfilledGrid(
                    grid.sheet,
                    grid.title,
                    grid.blank_cells,
                    "its rows are not coverage-tier premium rates (fees or stop-loss premiums): the rate "
                    "development has no figures for them",
                )
            )
            continue
        if grid.plan is None:
            unfilled.append(
                UnfilledGrid(
                    grid.sheet, grid.title, grid.blank_cells, "its title names none of the account's plans"
                )
            )
            continue
        missing: list[str] = []
        for row in grid.rows:
            for year, cell in sorted(row.cells.items()):
                rate = rates_by_year.get(year, {}).get(grid.plan, {}).get(row.tier or "")
                if rate is None:
                    missing.append(cell)
                    continue
                writes.append(
                    QuoteWrite(
                        grid.sheet, cell, rate, f"{grid.plan} {row.label}, plan year {year} rate", grid.title
                    )
                )
        if missing:
            unfilled.append(
                UnfilledGrid(
                    grid.sheet,
                    grid.title,
                    tuple(missing),
                    "no quoted rate for these tiers or plan years (beyond the projection, or a tier the account "
                    "does not rate)",
                )
            )
    return RateQuoteWrites(tuple(writes), tuple(unfilled))


def rate_exhibit_writes(workbook: str | Path, profile: AccountProfile) -> RateQuoteWrites:
    """Find the rate-quote grids of ``workbook`` and fill them with the profile's quoted rates.

    Year 1 is the quoted rate, later years the not-to-exceed rates of the projection's
    rate schedule (each year's rate x (1 + rate trend), to the cent). Grids are read from
    workbooks only: any other questionnaire gives no writes and nothing unfilled.
    """
    from rfp_assistant.parse.guard import format_of
    from rfp_assistant.parse.rate_grid import find_rate_grids
    from rfp_assistant.projection import project

    if format_of(Path(workbook)) != "xlsx":
        return RateQuoteWrites((), ())
    projection = project(profile)
    rates_by_year = {y.year: {p: dict(f.monthly_rates) for p, f in y.plans.items()} for y in projection.years}
    return rate_quote_writes(find_rate_grids(Path(workbook), profile.plans), rates_by_year)
