"""Computed exhibits as a format-neutral model, built once and rendered by every writer.

An :class:`Exhibit` is a titled list of :class:`ExhibitTable`\\ s plus footnotes. Each
:class:`Cell` carries its value (computed in Python by :mod:`rfp_assistant.projection`),
a semantic number format (``MONEY``, ``COUNT``, ...) and, where the figure is derived, a
spreadsheet formula in which other cells are named by their ``key`` in braces::

    Cell(value=1378.6, fmt=COUNT, key="det.c.1.HMO.employee",
         formula="={census.HMO.employee}*AVERAGE({idx.1}:{idx.12})")

The xlsx renderer (:mod:`rfp_assistant.render.exhibit_sheet`) lays the tables out, gives
every keyed cell an address and turns the braces into absolute references
(:func:`resolve_formula`), so the workbook recomputes from its input cells (census,
rates, growth, trend) when a consultant changes them. The Word renderer
(:mod:`rfp_assistant.render.exhibit_docx`) ignores formulas and prints values with
:func:`format_value`. Input cells are flagged ``is_input`` so renderers can mark them.

Exhibit names are the ones library entries use in their ``exhibit`` field:
``membership_projection`` and ``rate_development``.

Modules: ``model`` (the dataclasses and formats), ``membership`` and
``rate_development`` (one builder each).
"""

from __future__ import annotations

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits.membership import membership_projection_exhibit
from rfp_assistant.exhibits.model import (
    COUNT,
    DATE,
    FACTOR,
    INDEX,
    INTEGER,
    MEMBERSHIP_PROJECTION,
    MONEY,
    MONEY0,
    MONTH,
    PERCENT,
    PERCENT4,
    RATE_DEVELOPMENT,
    RATIO,
    ROW_DATA,
    ROW_SUBTOTAL,
    ROW_TOTAL,
    TEXT,
    Cell,
    Chart,
    ChartSeries,
    Column,
    Exhibit,
    ExhibitTable,
    Letterhead,
    Row,
    format_value,
    formula_keys,
    resolve_formula,
    tier_label,
)
from rfp_assistant.exhibits.rate_development import rate_development_exhibit
from rfp_assistant.projection import develop_rates, project

EXHIBIT_NAMES = (MEMBERSHIP_PROJECTION, RATE_DEVELOPMENT)
"""The names a library entry's ``exhibit`` field may use."""

__all__ = [
    "COUNT",
    "DATE",
    "EXHIBIT_NAMES",
    "FACTOR",
    "INDEX",
    "INTEGER",
    "MEMBERSHIP_PROJECTION",
    "MONEY",
    "MONEY0",
    "MONTH",
    "PERCENT",
    "PERCENT4",
    "RATE_DEVELOPMENT",
    "RATIO",
    "ROW_DATA",
    "ROW_SUBTOTAL",
    "ROW_TOTAL",
    "TEXT",
    "Cell",
    "Chart",
    "ChartSeries",
    "Column",
    "Exhibit",
    "ExhibitTable",
    "Letterhead",
    "Row",
    "exhibits_for",
    "format_value",
    "formula_keys",
    "membership_projection_exhibit",
    "rate_development_exhibit",
    "resolve_formula",
    "tier_label",
]


def exhibits_for(profile: AccountProfile) -> dict[str, Exhibit]:
    """The exhibits the profile supports, keyed by exhibit name; empty without a census.

    The one place exhibits are assembled: the projection and the rate development are
    computed once here and every exhibit copies its figures from them.
    ``membership_projection`` needs a census; ``rate_development`` also needs experience.
    """
    if not profile.has_projection:
        return {}
    rate_dev = develop_rates(profile)
    projection = project(profile, rate_dev.quoted_rates if rate_dev is not None else None)
    exhibits = {MEMBERSHIP_PROJECTION: membership_projection_exhibit(profile, projection)}
    if rate_dev is not None:
        exhibits[RATE_DEVELOPMENT] = rate_development_exhibit(profile, rate_dev)
    return exhibits
