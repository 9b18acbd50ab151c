"""The JSON view of a projection: the ``project --json`` document and the ``projection``
context answer templates see. Numbers are unrounded; nothing here computes a figure.

``census`` and ``rates`` are written for answer templates as well as for programs: each
number is a :class:`~rfp_assistant.figures.Figure`, which is the plain number in JSON and
prints in the exhibits' format in a template (``{{ projection.rates.trend }}`` is "8.00%",
as the rate development exhibit shows it).
"""

from __future__ import annotations

from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.census.model import EMPLOYEES, demographics
from rfp_assistant.figures import COUNT, FACTOR, INTEGER, MONEY, MONEY0, PERCENT, Figure
from rfp_assistant.projection.basics import MONTHS_PER_YEAR, trended_rate
from rfp_assistant.projection.membership import MonthProjection, PlanYear, Projection, YearProjection, project
from rfp_assistant.projection.rating import PlanTierRates, RateDevelopment, develop_rates

PROFILE = "profile"  # census kind: the account profile's own counts


def projection_report(profile: AccountProfile) -> dict[str, Any]:
    """The ``project --json`` document and the ``projection`` template context.

    Keys: ``account``, ``effective_date``, ``plans``, ``tiers``, ``assumptions``, ``years``,
    ``months``, ``rate_development`` (``None``, JSON null, without experience), ``census``
    (where the counts came from, totals and, from an employee-level census, demographics)
    and ``rates`` (the rating assumptions and the quoted rates by plan and tier). Raises
    :class:`~rfp_assistant.errors.AccountError` when the profile has no census.
    """
    rate_dev = develop_rates(profile)
    projection = project(profile, rate_dev.quoted_rates if rate_dev is not None else None)
    report = projection_dict(projection)
    report["rate_development"] = rate_development_dict(rate_dev) if rate_dev is not None else None
    report["census"] = census_dict(profile, projection)
    report["rates"] = rates_dict(projection, rate_dev)
    return report


def census_dict(profile: AccountProfile, projection: Projection) -> dict[str, Any]:
    """Where the census came from, its counts and (employee-level) its demographics."""
    source = profile.census_source
    today = projection.today
    out: dict[str, Any] = {
        "source": source.where() if source is not None else "the account profile",
        "kind": source.kind if source is not None else PROFILE,
        "as_of": (source.as_of if source is not None else profile.census_date),
        "contracts": Figure(today.total_contracts, INTEGER),
        "members": Figure(today.total_members, COUNT),
        "plans": {p: {t: Figure(n, INTEGER) for t, n in today.contracts[p].items()} for p in today.plans},
    }
    out["as_of"] = out["as_of"].isoformat() if out["as_of"] is not None else None
    if source is not None and source.kind == EMPLOYEES and source.employees:
        facts = demographics(source.employees, profile.effective_date)
        out.update(
            {
                "employees": Figure(facts.employees, INTEGER),
                "average_age": Figure(facts.average_age, COUNT),
                "female_share": Figure(facts.female_share, PERCENT),
                "male_share": Figure(facts.male / facts.employees, PERCENT),
                "members_by_zip": facts.members_by_zip,
            }
        )
    return out


def rates_dict(projection: Projection, rd: RateDevelopment | None) -> dict[str, Any]:
    """The rating assumptions and quoted rates, formatted as the rate development shows them.

    Without experience: the quoted rates (year 1 and 2), the rate trend and the premium.
    """
    year1 = projection.today.rates
    trend = projection.assumptions.rate_trend
    out: dict[str, Any] = {
        "rate_trend": Figure(trend, PERCENT),
        "year1": _money(year1),
        "year2": _money(
            {p: {t: trended_rate(r, trend) for t, r in tiers.items()} for p, tiers in year1.items()}
        ),
        "monthly_premium": Figure(projection.today.total_premium, MONEY),
        "annual_premium": Figure(projection.today.total_premium * MONTHS_PER_YEAR, MONEY),
    }
    if rd is None:
        return out
    out.update(
        {
            "incurred_claims": Figure(rd.incurred_claims, MONEY0),
            "claims_above_pool": Figure(rd.claims_above_pool, MONEY0),
            "member_months": Figure(rd.member_months, INTEGER),
            "pooling_charge_pmpm": Figure(rd.pooling_charge_pmpm, MONEY),
            "experience_pmpm": Figure(rd.experience_pmpm, MONEY),
            "trend": Figure(rd.annual_trend, PERCENT),
            "trend_months": rd.trend_months,
            "trend_factor": Figure(rd.trend_factor, FACTOR),
            "trended_pmpm": Figure(rd.trended_pmpm, MONEY),
            "credibility": Figure(rd.credibility, PERCENT),
            "full_credibility_member_months": Figure(rd.full_credibility_mm, INTEGER),
            "base_manual_pmpm": Figure(rd.base_manual_pmpm, MONEY),
            "manual_pmpm": Figure(rd.manual_pmpm, MONEY),
            "blended_pmpm": Figure(rd.blended_pmpm, MONEY),
            "retention": Figure(rd.retention_pct, PERCENT),
            "gross_pmpm": Figure(rd.gross_pmpm, MONEY),
            "required_premium": Figure(rd.required_premium, MONEY),
            "plan_relativities": {p: Figure(r, FACTOR) for p, r in rd.plan_relativities.items()},
            "developed": _money(rd.developed_rates),
            "monthly_premium": Figure(rd.quoted_monthly_premium(), MONEY),
            "annual_premium": Figure(rd.quoted_monthly_premium() * MONTHS_PER_YEAR, MONEY),
            "year2_monthly_premium": Figure(rd.quoted_monthly_premium(2), MONEY),
            "year2_annual_premium": Figure(rd.quoted_monthly_premium(2) * MONTHS_PER_YEAR, MONEY),
        }
    )
    if rd.pooling_point is not None:
        out["pooling_point"] = Figure(rd.pooling_point, MONEY0)
    if rd.age_sex is not None:
        out["age_sex_factor"] = Figure(rd.age_sex.factor, FACTOR)
    if rd.underwriting_adjustment is not None:
        out["underwriting_adjustment"] = Figure(rd.underwriting_adjustment, PERCENT)
    if rd.current_rates is not None:
        out["current"] = _money(rd.current_rates)
    return out


def _money(rates: PlanTierRates) -> dict[str, dict[str, Figure]]:
    return {p: {t: Figure(r, MONEY) for t, r in tiers.items()} for p, tiers in rates.items()}


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
