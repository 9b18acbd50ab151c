"""Number formats shared by every view of a figure: exhibits, the terminal and answer templates.

A figure's format is semantic (``MONEY``, ``PERCENT``, ...); each renderer maps it to
its own notation (Excel number formats, Word text via :func:`format_value`). A
:class:`Figure` is a float that prints as the exhibits print it, so an answer template
that says ``{{ projection.rates.trend }}`` shows "8.00%", exactly the exhibit's text,
while the JSON output keeps the unrounded number.
"""

from __future__ import annotations

from datetime import date

# Semantic number formats; each renderer maps them to its own notation.
TEXT = "text"
DATE = "date"  # Jul 1, 2027
MONTH = "month"  # Jul 2027
INTEGER = "integer"  # 61,308
COUNT = "count"  # 1,378.6
MONEY = "money"  # $1,234.56
MONEY0 = "money0"  # $1,234,567
PERCENT = "percent"  # 3.00%
PERCENT4 = "percent4"  # 0.2466%
FACTOR = "factor"  # 1.2122
INDEX = "index"  # 1.002466
RATIO = "ratio"  # 2.70


def format_value(value: object, fmt: str) -> str:
    """``value`` as text in format ``fmt`` (for Word and the terminal)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%b} {value.day}, {value.year}" if fmt == DATE else f"{value:%b %Y}"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    number = float(value)
    sign = "-" if number < 0 else ""
    number = abs(number)
    text = {
        INTEGER: lambda: f"{number:,.0f}",
        COUNT: lambda: f"{number:,.1f}",
        MONEY: lambda: f"${number:,.2f}",
        MONEY0: lambda: f"${number:,.0f}",
        PERCENT: lambda: f"{number:.2%}",
        PERCENT4: lambda: f"{number:.4%}",
        FACTOR: lambda: f"{number:.4f}",
        INDEX: lambda: f"{number:.6f}",
        RATIO: lambda: f"{number:.2f}",
    }.get(fmt, lambda: f"{number:g}")()
    return sign + text


class Figure(float):
    """A number that prints (``str``) in its exhibit format; arithmetic and JSON see the float."""

    fmt: str

    def __new__(cls, value: float, fmt: str) -> Figure:
        figure = super().__new__(cls, value)
        figure.fmt = fmt
        return figure

    def __str__(self) -> str:
        return format_value(float(self), self.fmt)
