"""Calendar arithmetic and checks shared by the membership projection and the rate development."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rfp_assistant.account import AccountProfile
from rfp_assistant.errors import AccountError

MONTHS_PER_YEAR = 12
CENT = Decimal("0.01")
# The rating period is a 12-month plan year, so its midpoint is 6 months after it starts.
RATING_MIDPOINT_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the month's end (like EDATE)."""
    index = day.year * MONTHS_PER_YEAR + day.month - 1 + months
    year, month = divmod(index, MONTHS_PER_YEAR)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def whole_months(start: date, end: date) -> int:
    """Complete months from ``start`` to ``end`` (like Excel's DATEDIF(start, end, "m"))."""
    months = (end.year - start.year) * MONTHS_PER_YEAR + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def round_cents(amount: float) -> float:
    """``amount`` to the cent, halves away from zero, as Excel's ROUND(amount, 2) does.

    Rounds the shortest decimal that prints as ``amount`` (``repr``), so 1155.625 gives
    1155.63 as a person (and Excel) expects, not the binary neighbour's 1155.62.
    """
    return float(Decimal(repr(amount)).quantize(CENT, rounding=ROUND_HALF_UP))


def trended_rate(rate: float, rate_trend: float) -> float:
    """Next plan year's rate: ``rate`` x (1 + ``rate_trend``), to the cent (a quoted rate)."""
    return round_cents(rate * (1.0 + rate_trend))


def require_census(profile: AccountProfile) -> None:
    """Raise :class:`AccountError` when ``profile`` has no census to project."""
    if not profile.has_projection:
        where = f"{profile.source}: " if profile.source else ""
        raise AccountError(
            f"{where}the account profile has no census; add tiers, members_per_contract, census and rates "
            "to project membership",
            path=profile.source,
        )
