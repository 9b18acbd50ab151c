"""The census from where the employer put it: a census tab in the RFP, or a census file.

:func:`read_census` reads a ``.csv`` file or a workbook (a census workbook, or the RFP
workbook itself): an employee-level sheet (one row per employee) is preferred, else a
census summary tab (plan x coverage tier counts). From the RFP workbook, the issuer's
current rates are taken from its rate-quote grids when it has them.
:func:`apply_census` puts the counts into an account profile and says which differ.

Modules: ``model`` (the dataclasses, tier and plan names, demographics), ``employees``
and ``summary`` (pure readers over rows of values), ``merge`` (census into a profile);
the workbook adapter is :mod:`rfp_assistant.parse.census_xlsx`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rfp_assistant.census.employees import read_employees
from rfp_assistant.census.merge import apply_census
from rfp_assistant.census.model import (
    EMPLOYEES,
    SUMMARY,
    Census,
    Demographics,
    Employee,
    demographics,
    plan_name,
    tier_key,
)
from rfp_assistant.census.summary import read_summary
from rfp_assistant.errors import InputError
from rfp_assistant.parse.guard import MAX_FILE_BYTES

if TYPE_CHECKING:
    from rfp_assistant.account import AccountProfile

CENSUS_SHEET_WORDS = ("census", "enrollment", "enrolment", "eligib")

__all__ = [
    "EMPLOYEES",
    "SUMMARY",
    "Census",
    "Demographics",
    "Employee",
    "apply_census",
    "census_in_rfp",
    "demographics",
    "find_census",
    "plan_name",
    "read_census",
    "tier_key",
    "with_census",
]


def with_census(profile: AccountProfile, path: str | Path) -> tuple[AccountProfile, list[str]]:
    """``profile`` with the census read from ``path``, and the lines saying which counts differ.

    The front door of ``--census FILE``: see :func:`read_census` and :func:`apply_census`.
    """
    return apply_census(profile, read_census(path, profile.products or profile.plans))


def read_census(path: str | Path, known_plans: tuple[str, ...] = ()) -> Census:
    """The census in the file at ``path`` (``.csv``, ``.xlsx`` or ``.xlsm``).

    Plan labels are matched to ``known_plans`` (the account's products) where one appears
    in them. Raises :class:`InputError` naming the file when it holds no census or a row
    cannot be read.
    """
    census = find_census(path, known_plans)
    if census is None:
        raise InputError(
            "no census found: no sheet has a plan x coverage tier table of counts or an employee census "
            "(columns for plan, coverage tier, date of birth and sex)",
            path=path,
        )
    return census


def find_census(path: str | Path, known_plans: tuple[str, ...] = ()) -> Census | None:
    """The census in the file at ``path``, or ``None`` when it has none (an RFP without a
    census tab). Raises :class:`InputError` when the file cannot be read or a census in it
    has rows that cannot be read."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        sheets = {None: _csv_rows(path)}
    else:
        from rfp_assistant.parse.census_xlsx import sheet_rows

        sheets = sheet_rows(path)  # type: ignore[assignment]
    ordered = sorted(sheets, key=lambda name: not _named_census(name))
    for name in ordered:
        census = read_employees(path, name, sheets[name])
        if census is not None:
            return census
    for name in ordered:
        census = read_summary(path, name, sheets[name], known_plans)
        if census is not None:
            return _with_current_rates(census) if path.suffix.lower() != ".csv" else census
    return None


def census_in_rfp(path: str | Path, known_plans: tuple[str, ...] = ()) -> Census | None:
    """The census the RFP file at ``path`` carries (a workbook's census tab), or ``None``.

    Only workbooks are read for one: an RFP in another format gives ``None``. Raises like
    :func:`find_census` for a census whose rows cannot be read.
    """
    from rfp_assistant.parse.guard import format_of

    if format_of(Path(path)) != "xlsx":
        return None
    return find_census(path, known_plans)


def _named_census(name: str | None) -> bool:
    return name is not None and any(word in name.lower() for word in CENSUS_SHEET_WORDS)


def _with_current_rates(census: Census) -> Census:
    """The census with the current rates of the workbook's rate-quote grids, when it has them."""
    from rfp_assistant.parse.rate_grid import find_rate_grids

    current: dict[str, dict[str, float]] = {}
    for grid in find_rate_grids(census.source, census.plans):
        if grid.plan in census.contracts and grid.current_rates:
            current[grid.plan] = dict(grid.current_rates)
    return replace(census, current_rates=current) if current else census


def _csv_rows(path: Path) -> list[list[object]]:
    """A csv file's rows, numbers as numbers (the readers expect a spreadsheet's values)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is too large ({size} bytes)", path=path)
        text = path.read_text(encoding="utf-8-sig")
    except InputError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"cannot read census file: {reason}", path=path) from None
    return [[_number(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _number(cell: str) -> object:
    text = cell.strip()
    if not text:
        return None
    plain = text.replace(",", "")
    if plain.isdigit() and not text.startswith("0"):  # "02110" is a ZIP code, not a count
        return int(plain)
    return text
