"""The JSON view of a projection: the ``project --json`` document and the ``projection``
context answer templates see. Numbers are unrounded; nothing here computes a figure.
"""

from __future__ import annotations

from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.projection.membership import MonthProjection, PlanYear, Projection, YearProjection, project
from rfp_assistant.projection.rating import RateDevelopment, develop_rates


def projection_report(profile: AccountProfile) -> dict[str, Any]:
    """The ``project --json`` document: projection years and months, and rate development.

    ``rate_development`` is ``None`` (JSON null) when the profile has no experience.
    Raises :class:`~rfp_assistant.errors.AccountError` when the profile has no census.
    """
    rate_dev = develop_rates(profile)
    report = projection_dict(project(profile))
    report["rate_development"] = rate_development_dict(rate_dev) if rate_dev is not None else None
    return report


def projection_dict(projection: Projection) -> dict[str, Any]:
    """The projection part of the ``--json`` output."""
    a = projection.assumptions
    return {
        "account": projection.account,
        "effective_date": projection.effective_date.isoformat(),
        "plans": list(projection.plans),
        "tiers": list(projection.tiers),
        "assumptions": {
            "annual_growth": a.annual_growth,
            "projection_years": a.projection_years,
            "rate_trend": a.rate_trend,
            "monthly_growth": projection.monthly_growth,
        },
        "years": [_year_dict(y) for y in projection.years],
        "months": [_month_dict(m) for m in projection.months],
    }


def rate_development_dict(rd: RateDevelopment) -> dict[str, Any]:
    """The ``rate_development`` object of the ``--json`` output."""
    return {
        "experience_pmpm": rd.experience_pmpm,
        "trended_pmpm": rd.trended_pmpm,
        "credibility": rd.credibility,
        "blended_pmpm": rd.blended_pmpm,
        "gross_pmpm": rd.gross_pmpm,
        "tier_rates": dict(rd.tier_rates),
        "rating_midpoint": rd.rating_midpoint.isoformat(),
        "trend_months": rd.trend_months,
        "trend_factor": rd.trend_factor,
        "manual_pmpm": rd.manual_pmpm,
        "retention_pct": rd.retention_pct,
        "census_contracts": dict(rd.census_contracts),
        "census_members": rd.census_members,
        "tier_factors": dict(rd.tier_factors),
        "weighted_contracts": rd.weighted_contracts,
        "factor_rate": rd.factor_rate,
        "monthly_premium": rd.monthly_premium,
    }


def _year_dict(year: YearProjection) -> dict[str, Any]:
    return {
        "year": year.year,
        "start": year.start.isoformat(),
        "member_months": year.member_months,
        "annual_premium": year.annual_premium,
        "premium_pmpm": year.premium_pmpm,
        "average_contracts": year.average_contracts,
        "average_members": year.average_members,
        "plans": {name: _plan_year_dict(plan) for name, plan in year.plans.items()},
    }


def _plan_year_dict(plan: PlanYear) -> dict[str, Any]:
    return {
        "member_months": plan.member_months,
        "annual_premium": plan.annual_premium,
        "premium_pmpm": plan.premium_pmpm,
        "average_contracts": dict(plan.average_contracts),
        "average_members": dict(plan.average_members),
        "monthly_rates": dict(plan.monthly_rates),
    }


def _month_dict(month: MonthProjection) -> dict[str, Any]:
    return {
        "month": month.month,
        "start": month.start.isoformat(),
        "plan_year": month.plan_year,
        "contracts": month.total_contracts,
        "members": month.total_members,
        "premium": month.total_premium,
        "plans": {
            plan: {
                "contracts": dict(month.contracts[plan]),
                "members": dict(month.members[plan]),
                "premium": month.premium[plan],
            }
            for plan in month.contracts
        },
    }
