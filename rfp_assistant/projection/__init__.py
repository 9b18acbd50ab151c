"""Membership projection and rate development of an account, and their JSON view.

Modules: ``membership`` (the monthly projection), ``rating`` (the rate development),
``basics`` (calendar arithmetic shared by both) hold the arithmetic and nothing else;
``report`` is the JSON view (``project --json`` and the ``projection`` template context).
Every exhibit, table and chart is built from these figures by :mod:`rfp_assistant.exhibits`
and the writers under :mod:`rfp_assistant.render`.
"""

from __future__ import annotations

from rfp_assistant.projection.basics import (
    MONTHS_PER_YEAR,
    RATING_MIDPOINT_MONTHS,
    add_months,
    require_census,
    whole_months,
)
from rfp_assistant.projection.membership import (
    Enrollment,
    MonthProjection,
    PlanYear,
    Projection,
    YearProjection,
    monthly_growth,
    project,
)
from rfp_assistant.projection.rating import RateDevelopment, develop_rates
from rfp_assistant.projection.report import projection_report

__all__ = [
    "MONTHS_PER_YEAR",
    "RATING_MIDPOINT_MONTHS",
    "Enrollment",
    "MonthProjection",
    "PlanYear",
    "Projection",
    "RateDevelopment",
    "YearProjection",
    "add_months",
    "develop_rates",
    "monthly_growth",
    "project",
    "projection_report",
    "require_census",
    "whole_months",
]
