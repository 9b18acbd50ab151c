"""Membership projection and rate development: pure arithmetic on an account profile.

The math, stated so anyone can check it by hand (issue 3):

Projection, per plan p and tier t, month m = 0, 1, ... (month 0 starts on the effective
date; plan year y covers months 12(y-1) .. 12y-1; the JSON and the exhibits number months
from 1, so month n there is m = n - 1)::

    g            = (1 + annual_growth) ** (1/12) - 1          monthly net growth
    C[p,t,m]     = census[p,t] * (1 + g) ** m                 contracts
    M[p,t,m]     = C[p,t,m] * members_per_contract[t]         members
    rate[p,t,y]  = rates[p,t] * (1 + rate_trend) ** (y - 1)   rises at each anniversary
    P[p,m]       = sum_t C[p,t,m] * rate[p,t,y(m)]            monthly premium
    member months (plan year y)  = sum over its 12 months of sum_t M[p,t,m]
    annual premium (plan year y) = sum over its 12 months of P[p,m]
    average contracts / members  = the 12-month mean;  premium PMPM = premium / MM

Because (1 + g) ** 12 = 1 + annual_growth, a plan year's sum of (1 + g) ** m is
(1 + annual_growth) ** (y - 1) * annual_growth / g (or 12 when growth is 0).

Rate development (from ``experience``)::

    experience PMPM = (incurred_claims - claims_above_pool) / member_months + pooling_charge_pmpm
    months          = whole months from period_midpoint to the rating midpoint
                      (effective date + 6 months)
    trended PMPM    = experience PMPM * (1 + annual_trend) ** (months / 12)
    Z               = min(1, sqrt(member_months / full_credibility_mm))
    blended PMPM    = Z * trended + (1 - Z) * manual_pmpm
    gross PMPM      = blended / (1 - retention_pct)
    R               = gross PMPM * members today / sum_t (contracts today[t] * factor[t])
    tier rate[t]    = R * factor[t]        (contracts and members: all plans together)

so that sum_t contracts today[t] * tier rate[t] = gross PMPM * members today. The tier
rates are an exhibit of their own; the projection uses the profile's ``rates``.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from rfp_assistant.account import AccountProfile, Assumptions
from rfp_assistant.errors import AccountError

MONTHS_PER_YEAR = 12
# The rating period is a 12-month plan year, so its midpoint is 6 months after it starts.
RATING_MIDPOINT_MONTHS = 6


@dataclass(frozen=True)
class PlanYear:
    """One plan's figures for one plan year."""

    plan: str
    member_months: float
    annual_premium: float
    average_contracts: dict[str, float]
    average_members: dict[str, float]
    monthly_rates: dict[str, float]

    @property
    def premium_pmpm(self) -> float:
        """Annual premium divided by member months."""
        return self.annual_premium / self.member_months

    @property
    def total_average_contracts(self) -> float:
        """Average contracts over all tiers."""
        return sum(self.average_contracts.values())

    @property
    def total_average_members(self) -> float:
        """Average members over all tiers."""
        return sum(self.average_members.values())

    def to_dict(self) -> dict[str, Any]:
        """The plan's entry in a year of the ``--json`` output (unrounded)."""
        return {
            "member_months": self.member_months,
            "annual_premium": self.annual_premium,
            "premium_pmpm": self.premium_pmpm,
            "average_contracts": dict(self.average_contracts),
            "average_members": dict(self.average_members),
            "monthly_rates": dict(self.monthly_rates),
        }


@dataclass(frozen=True)
class YearProjection:
    """All plans' figures for plan year ``year`` (1-based), which starts on ``start``."""

    year: int
    start: date
    plans: dict[str, PlanYear]

    @property
    def member_months(self) -> float:
        """Member months over all plans."""
        return sum(p.member_months for p in self.plans.values())

    @property
    def annual_premium(self) -> float:
        """Premium over all plans."""
        return sum(p.annual_premium for p in self.plans.values())

    @property
    def premium_pmpm(self) -> float:
        """Premium per member per month over all plans."""
        return self.annual_premium / self.member_months

    @property
    def average_contracts(self) -> dict[str, float]:
        """Average contracts by tier, all plans together."""
        return _sum_by_tier(p.average_contracts for p in self.plans.values())

    @property
    def average_members(self) -> dict[str, float]:
        """Average members by tier, all plans together."""
        return _sum_by_tier(p.average_members for p in self.plans.values())

    def to_dict(self) -> dict[str, Any]:
        """One element of the ``years`` list of the ``--json`` output (unrounded)."""
        return {
            "year": self.year,
            "start": self.start.isoformat(),
            "member_months": self.member_months,
            "annual_premium": self.annual_premium,
            "premium_pmpm": self.premium_pmpm,
            "average_contracts": self.average_contracts,
            "average_members": self.average_members,
            "plans": {name: plan.to_dict() for name, plan in self.plans.items()},
        }


@dataclass(frozen=True)
class MonthProjection:
    """Contracts, members and premium in one month; ``month`` counts from 1."""

    month: int
    start: date
    plan_year: int
    contracts: dict[str, dict[str, float]]
    members: dict[str, dict[str, float]]
    premium: dict[str, float]

    def plan_contracts(self, plan: str) -> float:
        """Contracts in ``plan`` over all tiers."""
        return sum(self.contracts[plan].values())

    def plan_members(self, plan: str) -> float:
        """Members in ``plan`` over all tiers."""
        return sum(self.members[plan].values())

    @property
    def total_contracts(self) -> float:
        """Contracts over all plans and tiers."""
        return sum(self.plan_contracts(p) for p in self.contracts)

    @property
    def total_members(self) -> float:
        """Members over all plans and tiers (this month's member months)."""
        return sum(self.plan_members(p) for p in self.members)

    @property
    def total_premium(self) -> float:
        """Premium over all plans."""
        return sum(self.premium.values())

    def to_dict(self) -> dict[str, Any]:
        """One element of the ``months`` list of the ``--json`` output (unrounded)."""
        return {
            "month": self.month,
            "start": self.start.isoformat(),
            "plan_year": self.plan_year,
            "contracts": self.total_contracts,
            "members": self.total_members,
            "premium": self.total_premium,
            "plans": {
                plan: {
                    "contracts": dict(self.contracts[plan]),
                    "members": dict(self.members[plan]),
                    "premium": self.premium[plan],
                }
                for plan in self.contracts
            },
        }


@dataclass(frozen=True)
class Projection:
    """The monthly membership projection of an account and its plan-year summaries."""

    account: str
    effective_date: date
    plans: tuple[str, ...]
    tiers: tuple[str, ...]
    assumptions: Assumptions
    monthly_growth: float
    months: tuple[MonthProjection, ...]
    years: tuple[YearProjection, ...]

    @property
    def member_months(self) -> float:
        """Member months over the whole projection."""
        return sum(y.member_months for y in self.years)

    @property
    def total_premium(self) -> float:
        """Premium over the whole projection."""
        return sum(y.annual_premium for y in self.years)

    def to_dict(self) -> dict[str, Any]:
        """The projection part of the ``--json`` output (unrounded numbers)."""
        return {
            "account": self.account,
            "effective_date": self.effective_date.isoformat(),
            "plans": list(self.plans),
            "tiers": list(self.tiers),
            "assumptions": {
                "annual_growth": self.assumptions.annual_growth,
                "projection_years": self.assumptions.projection_years,
                "rate_trend": self.assumptions.rate_trend,
                "monthly_growth": self.monthly_growth,
            },
            "years": [y.to_dict() for y in self.years],
            "months": [m.to_dict() for m in self.months],
        }


@dataclass(frozen=True)
class RateDevelopment:
    """Each step of the rate development, from experience to monthly tier rates."""

    experience_pmpm: float
    rating_midpoint: date
    trend_months: int
    trend_factor: float
    trended_pmpm: float
    credibility: float
    manual_pmpm: float
    blended_pmpm: float
    retention_pct: float
    gross_pmpm: float
    census_contracts: dict[str, float]
    census_members: float
    tier_factors: dict[str, float]
    weighted_contracts: float
    factor_rate: float
    tier_rates: dict[str, float]

    @property
    def monthly_premium(self) -> float:
        """Premium of the tier rates on today's census; equals gross PMPM x members today."""
        return sum(self.census_contracts[t] * r for t, r in self.tier_rates.items())

    def to_dict(self) -> dict[str, Any]:
        """The ``rate_development`` object of the ``--json`` output (unrounded)."""
        return {
            "experience_pmpm": self.experience_pmpm,
            "trended_pmpm": self.trended_pmpm,
            "credibility": self.credibility,
            "blended_pmpm": self.blended_pmpm,
            "gross_pmpm": self.gross_pmpm,
            "tier_rates": dict(self.tier_rates),
            "rating_midpoint": self.rating_midpoint.isoformat(),
            "trend_months": self.trend_months,
            "trend_factor": self.trend_factor,
            "manual_pmpm": self.manual_pmpm,
            "retention_pct": self.retention_pct,
            "census_contracts": dict(self.census_contracts),
            "census_members": self.census_members,
            "tier_factors": dict(self.tier_factors),
            "weighted_contracts": self.weighted_contracts,
            "factor_rate": self.factor_rate,
            "monthly_premium": self.monthly_premium,
        }


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


def monthly_growth(annual_growth: float) -> float:
    """The monthly rate that compounds to ``annual_growth`` over 12 months."""
    return (1.0 + annual_growth) ** (1.0 / MONTHS_PER_YEAR) - 1.0


def project(profile: AccountProfile) -> Projection:
    """The monthly membership projection of ``profile``.

    Raises :class:`AccountError` when the profile has no census (a minimal profile).
    """
    _require_census(profile)
    assumptions = profile.assumptions
    g = monthly_growth(assumptions.annual_growth)
    tiers = profile.tiers
    months: list[MonthProjection] = []
    for m in range(assumptions.projection_years * MONTHS_PER_YEAR):
        year = m // MONTHS_PER_YEAR + 1
        growth = (1.0 + g) ** m
        trend = (1.0 + assumptions.rate_trend) ** (year - 1)
        contracts = {p: {t: profile.census[p][t] * growth for t in tiers} for p in profile.plans}
        members = {
            p: {t: contracts[p][t] * profile.members_per_contract[t] for t in tiers} for p in profile.plans
        }
        premium = {
            p: sum(contracts[p][t] * profile.rates[p][t] * trend for t in tiers) for p in profile.plans
        }
        months.append(
            MonthProjection(
                month=m + 1,
                start=add_months(profile.effective_date, m),
                plan_year=year,
                contracts=contracts,
                members=members,
                premium=premium,
            )
        )
    years = []
    for year in range(1, assumptions.projection_years + 1):
        block = months[(year - 1) * MONTHS_PER_YEAR : year * MONTHS_PER_YEAR]
        trend = (1.0 + assumptions.rate_trend) ** (year - 1)
        plans = {}
        for p in profile.plans:
            plans[p] = PlanYear(
                plan=p,
                member_months=sum(mo.plan_members(p) for mo in block),
                annual_premium=sum(mo.premium[p] for mo in block),
                average_contracts={
                    t: sum(mo.contracts[p][t] for mo in block) / MONTHS_PER_YEAR for t in tiers
                },
                average_members={t: sum(mo.members[p][t] for mo in block) / MONTHS_PER_YEAR for t in tiers},
                monthly_rates={t: profile.rates[p][t] * trend for t in tiers},
            )
        years.append(YearProjection(year=year, start=block[0].start, plans=plans))
    return Projection(
        account=profile.name,
        effective_date=profile.effective_date,
        plans=profile.plans,
        tiers=tiers,
        assumptions=assumptions,
        monthly_growth=g,
        months=tuple(months),
        years=tuple(years),
    )


def develop_rates(profile: AccountProfile) -> RateDevelopment | None:
    """The rate development from the profile's experience; ``None`` when it has none."""
    exp = profile.experience
    if exp is None:
        return None
    _require_census(profile)
    experience_pmpm = (
        exp.incurred_claims - exp.claims_above_pool
    ) / exp.member_months + exp.pooling_charge_pmpm
    rating_midpoint = add_months(profile.effective_date, RATING_MIDPOINT_MONTHS)
    months = whole_months(exp.period_midpoint, rating_midpoint)
    trend_factor = (1.0 + exp.annual_trend) ** (months / MONTHS_PER_YEAR)
    trended = experience_pmpm * trend_factor
    z = min(1.0, math.sqrt(exp.member_months / exp.full_credibility_mm))
    blended = z * trended + (1.0 - z) * exp.manual_pmpm
    gross = blended / (1.0 - exp.retention_pct)
    contracts = {t: sum(profile.census[p][t] for p in profile.plans) for t in profile.tiers}
    members = sum(contracts[t] * profile.members_per_contract[t] for t in profile.tiers)
    weighted = sum(contracts[t] * exp.tier_factors[t] for t in profile.tiers)
    factor_rate = gross * members / weighted
    return RateDevelopment(
        experience_pmpm=experience_pmpm,
        rating_midpoint=rating_midpoint,
        trend_months=months,
        trend_factor=trend_factor,
        trended_pmpm=trended,
        credibility=z,
        manual_pmpm=exp.manual_pmpm,
        blended_pmpm=blended,
        retention_pct=exp.retention_pct,
        gross_pmpm=gross,
        census_contracts=contracts,
        census_members=members,
        tier_factors=dict(exp.tier_factors),
        weighted_contracts=weighted,
        factor_rate=factor_rate,
        tier_rates={t: factor_rate * exp.tier_factors[t] for t in profile.tiers},
    )


def projection_report(profile: AccountProfile) -> dict[str, Any]:
    """The ``project --json`` document: projection years and months, and rate development.

    ``rate_development`` is ``None`` (JSON null) when the profile has no experience.
    """
    rate_dev = develop_rates(profile)
    report = project(profile).to_dict()
    report["rate_development"] = rate_dev.to_dict() if rate_dev is not None else None
    return report


def format_projection_table(projection: Projection, rate_dev: RateDevelopment | None = None) -> str:
    """A plain-text rendering of the projection (and rate development) for a terminal."""
    a = projection.assumptions
    lines = [
        f"{projection.account}: membership and premium projection",
        f"Effective {projection.effective_date.isoformat()}; enrollment growth {a.annual_growth:.2%} a year "
        f"({projection.monthly_growth:.4%} a month); rate trend {a.rate_trend:.2%} at each anniversary",
        "",
    ]
    header = (
        "Plan year",
        "Plan",
        "Avg contracts",
        "Avg members",
        "Member months",
        "Annual premium",
        "Premium PMPM",
    )
    rows: list[tuple[str, ...]] = []
    for year in projection.years:
        label = f"{year.year} ({year.start.isoformat()})"
        for name, plan in year.plans.items():
            rows.append(
                _projection_row(
                    label,
                    name,
                    plan.total_average_contracts,
                    plan.total_average_members,
                    plan.member_months,
                    plan.annual_premium,
                    plan.premium_pmpm,
                )
            )
            label = ""
        rows.append(
            _projection_row(
                "",
                "All plans",
                sum(year.average_contracts.values()),
                sum(year.average_members.values()),
                year.member_months,
                year.annual_premium,
                year.premium_pmpm,
            )
        )
    rows.append(
        _projection_row(
            "Total",
            "",
            None,
            None,
            projection.member_months,
            projection.total_premium,
            projection.total_premium / projection.member_months,
        )
    )
    lines += _align(header, rows, numeric_from=2)
    if rate_dev is not None:
        lines += ["", "Rate development (monthly)"]
        steps = [
            (
                "Experience PMPM",
                "(claims - pooled claims) / member months + pooling charge",
                _money(rate_dev.experience_pmpm),
            ),
            ("Trend factor", f"(1 + trend) ^ ({rate_dev.trend_months} / 12)", f"{rate_dev.trend_factor:.4f}"),
            ("Trended PMPM", "experience PMPM x trend factor", _money(rate_dev.trended_pmpm)),
            (
                "Credibility Z",
                "min(1, sqrt(member months / full credibility))",
                f"{rate_dev.credibility:.4f}",
            ),
            ("Manual PMPM", "input", _money(rate_dev.manual_pmpm)),
            ("Blended PMPM", "Z x trended + (1 - Z) x manual", _money(rate_dev.blended_pmpm)),
            ("Retention", "input", f"{rate_dev.retention_pct:.2%}"),
            ("Gross PMPM", "blended / (1 - retention)", _money(rate_dev.gross_pmpm)),
            (
                "Rate per tier factor",
                "gross PMPM x members / sum(contracts x factor)",
                _money(rate_dev.factor_rate),
            ),
        ]
        steps += [
            (f"Rate: {t}", f"{rate_dev.tier_factors[t]:.3f} x rate per tier factor", _money(r))
            for t, r in rate_dev.tier_rates.items()
        ]
        lines += _align(("Step", "Formula", "Value"), steps, numeric_from=2)
    return "\n".join(lines)


def _projection_row(
    label: str,
    plan: str,
    contracts: float | None,
    members: float | None,
    mm: float,
    premium: float,
    pmpm: float,
) -> tuple[str, ...]:
    return (
        label,
        plan,
        "" if contracts is None else f"{contracts:,.1f}",
        "" if members is None else f"{members:,.1f}",
        f"{mm:,.0f}",
        _money(premium),
        _money(pmpm),
    )


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _align(header: tuple[str, ...], rows: list[tuple[str, ...]], numeric_from: int) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            c.rjust(w) if i >= numeric_from else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def _sum_by_tier(items: Any) -> dict[str, float]:
    total: dict[str, float] = {}
    for item in items:
        for tier, value in item.items():
            total[tier] = total.get(tier, 0.0) + value
    return total


def _require_census(profile: AccountProfile) -> None:
    if not profile.has_projection:
        where = f"{profile.source}: " if profile.source else ""
        raise AccountError(
            f"{where}the account profile has no census; add tiers, members_per_contract, census and rates "
            "to project membership",
            path=profile.source,
        )
