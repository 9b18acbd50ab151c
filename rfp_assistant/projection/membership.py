"""The monthly membership and premium projection: pure arithmetic on an account profile.

The math, stated so anyone can check it by hand (issue 3). Per plan p and tier t, month
m = 0, 1, ... (month 0 starts on the effective date; plan year y covers months
12(y-1) .. 12y-1; the JSON and the exhibits number months from 1, so month n there is
m = n - 1)::

    g            = (1 + annual_growth) ** (1/12) - 1          monthly net growth
    C[p,t,m]     = census[p,t] * (1 + g) ** m                 contracts
    M[p,t,m]     = C[p,t,m] * members_per_contract[t]         members
    rate[p,t,1]  = the quoted rates (the profile's, or developed: projection.rating)
    rate[p,t,y]  = round(rate[p,t,y-1] * (1 + rate_trend), 2) rises at each anniversary
    P[p,m]       = sum_t C[p,t,m] * rate[p,t,y(m)]            monthly premium
    member months (plan year y)  = sum over its 12 months of sum_t M[p,t,m]
    annual premium (plan year y) = sum over its 12 months of P[p,m]
    average contracts / members  = the 12-month mean;  premium PMPM = premium / MM

Because (1 + g) ** 12 = 1 + annual_growth, a plan year's sum of (1 + g) ** m is
(1 + annual_growth) ** (y - 1) * annual_growth / g (or 12 when growth is 0).

Every figure an exhibit shows is a field or property here, so the exhibit builders
(:mod:`rfp_assistant.exhibits`) copy figures and never recompute them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from rfp_assistant.account import AccountProfile, Assumptions
from rfp_assistant.projection.basics import MONTHS_PER_YEAR, add_months, require_census, trended_rate
from rfp_assistant.projection.rating import PlanTierRates, quoted_rates


@dataclass(frozen=True)
class Enrollment:
    """Today's census (month 1 of the projection) at the plan-year-1 rates."""

    plans: tuple[str, ...]
    tiers: tuple[str, ...]
    contracts: dict[str, dict[str, float]]
    members: dict[str, dict[str, float]]
    rates: dict[str, dict[str, float]]

    def premium(self, plan: str, tier: str) -> float:
        """Monthly premium of one plan and tier: contracts x rate."""
        return self.contracts[plan][tier] * self.rates[plan][tier]

    def plan_contracts(self, plan: str) -> float:
        """Contracts in ``plan`` over all tiers."""
        return sum(self.contracts[plan].values())

    def plan_members(self, plan: str) -> float:
        """Members in ``plan`` over all tiers."""
        return sum(self.members[plan][t] for t in self.tiers)

    def plan_premium(self, plan: str) -> float:
        """Monthly premium of ``plan`` over all tiers."""
        return sum(self.premium(plan, t) for t in self.tiers)

    @property
    def total_contracts(self) -> float:
        """Contracts over all plans and tiers."""
        return sum(self.plan_contracts(p) for p in self.plans)

    @property
    def total_members(self) -> float:
        """Members over all plans and tiers."""
        return sum(self.members[p][t] for p in self.plans for t in self.tiers)

    @property
    def total_premium(self) -> float:
        """Monthly premium over all plans and tiers."""
        return sum(self.premium(p, t) for p in self.plans for t in self.tiers)


class _YearTotals:
    """Figures derived the same way for one plan and for all plans in a plan year."""

    member_months: float
    annual_premium: float
    average_contracts: dict[str, float]
    average_members: dict[str, float]

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

    @property
    def composite_rate(self) -> float:
        """Monthly premium per average contract, all tiers."""
        return self.annual_premium / self.total_average_contracts / MONTHS_PER_YEAR


@dataclass(frozen=True)
class PlanYear(_YearTotals):
    """One plan's figures for one plan year."""

    plan: str
    member_months: float
    annual_premium: float
    average_contracts: dict[str, float]
    average_members: dict[str, float]
    monthly_rates: dict[str, float]
    members_per_contract: dict[str, float]

    def tier_member_months(self, tier: str) -> float:
        """Member months of one tier: its average members x 12."""
        return self.average_members[tier] * MONTHS_PER_YEAR

    def tier_premium(self, tier: str) -> float:
        """Annual premium of one tier: average contracts x monthly rate x 12."""
        return self.average_contracts[tier] * self.monthly_rates[tier] * MONTHS_PER_YEAR

    def tier_pmpm(self, tier: str) -> float:
        """Premium per member per month of one tier: its rate / members per contract."""
        return self.monthly_rates[tier] / self.members_per_contract[tier]


@dataclass(frozen=True)
class YearProjection(_YearTotals):
    """All plans' figures for plan year ``year`` (1-based), from ``start`` to ``end`` (month starts)."""

    year: int
    start: date
    end: date
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
    def average_contracts(self) -> dict[str, float]:
        """Average contracts by tier, all plans together."""
        return _sum_by_tier(p.average_contracts for p in self.plans.values())

    @property
    def average_members(self) -> dict[str, float]:
        """Average members by tier, all plans together."""
        return _sum_by_tier(p.average_members for p in self.plans.values())


@dataclass(frozen=True)
class MonthProjection:
    """Contracts, members and premium in one month; ``month`` counts from 1."""

    month: int
    start: date
    plan_year: int
    growth_index: float
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


@dataclass(frozen=True)
class Projection:
    """The monthly membership projection of an account and its plan-year summaries."""

    account: str
    effective_date: date
    plans: tuple[str, ...]
    tiers: tuple[str, ...]
    assumptions: Assumptions
    monthly_growth: float
    members_per_contract: dict[str, float]
    today: Enrollment
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

    @property
    def premium_pmpm(self) -> float:
        """Premium per member per month over the whole projection."""
        return self.total_premium / self.member_months


def monthly_growth(annual_growth: float) -> float:
    """The monthly rate that compounds to ``annual_growth`` over 12 months."""
    return (1.0 + annual_growth) ** (1.0 / MONTHS_PER_YEAR) - 1.0


def project(profile: AccountProfile, rates: PlanTierRates | None = None) -> Projection:
    """The monthly membership projection of ``profile``.

    ``rates`` are the plan-year-1 rates (by plan and tier); by default the quoted rates of
    :func:`~rfp_assistant.projection.rating.quoted_rates`. Raises :class:`AccountError`
    when the profile has no census (a minimal profile).
    """
    require_census(profile)
    assumptions = profile.assumptions
    g = monthly_growth(assumptions.annual_growth)
    tiers, plans, mpc = profile.tiers, profile.plans, profile.members_per_contract
    schedule = [rates if rates is not None else quoted_rates(profile)]
    for _ in range(1, assumptions.projection_years):
        schedule.append(
            {p: {t: trended_rate(schedule[-1][p][t], assumptions.rate_trend) for t in tiers} for p in plans}
        )
    months: list[MonthProjection] = []
    for m in range(assumptions.projection_years * MONTHS_PER_YEAR):
        year = m // MONTHS_PER_YEAR + 1
        growth = (1.0 + g) ** m
        year_rates = schedule[year - 1]
        contracts = {p: {t: profile.census[p][t] * growth for t in tiers} for p in plans}
        members = {p: {t: contracts[p][t] * mpc[t] for t in tiers} for p in plans}
        premium = {p: sum(contracts[p][t] * year_rates[p][t] for t in tiers) for p in plans}
        months.append(
            MonthProjection(
                month=m + 1,
                start=add_months(profile.effective_date, m),
                plan_year=year,
                growth_index=growth,
                contracts=contracts,
                members=members,
                premium=premium,
            )
        )
    years = []
    for year in range(1, assumptions.projection_years + 1):
        block = months[(year - 1) * MONTHS_PER_YEAR : year * MONTHS_PER_YEAR]
        years.append(
            YearProjection(
                year=year,
                start=block[0].start,
                end=block[-1].start,
                plans={p: _plan_year(p, block, tiers, schedule[year - 1][p], mpc) for p in plans},
            )
        )
    today = Enrollment(
        plans=plans,
        tiers=tiers,
        contracts={p: {t: profile.census[p][t] for t in tiers} for p in plans},
        members={p: {t: profile.census[p][t] * mpc[t] for t in tiers} for p in plans},
        rates={p: {t: schedule[0][p][t] for t in tiers} for p in plans},
    )
    return Projection(
        account=profile.name,
        effective_date=profile.effective_date,
        plans=plans,
        tiers=tiers,
        assumptions=assumptions,
        monthly_growth=g,
        members_per_contract=dict(mpc),
        today=today,
        months=tuple(months),
        years=tuple(years),
    )


def _plan_year(
    plan: str,
    block: list[MonthProjection],
    tiers: tuple[str, ...],
    rates: dict[str, float],
    mpc: Mapping[str, float],
) -> PlanYear:
    return PlanYear(
        plan=plan,
        member_months=sum(mo.plan_members(plan) for mo in block),
        annual_premium=sum(mo.premium[plan] for mo in block),
        average_contracts={t: sum(mo.contracts[plan][t] for mo in block) / MONTHS_PER_YEAR for t in tiers},
        average_members={t: sum(mo.members[plan][t] for mo in block) / MONTHS_PER_YEAR for t in tiers},
        monthly_rates=rates,
        members_per_contract=dict(mpc),
    )


def _sum_by_tier(items: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for item in items:
        for tier, value in item.items():
            total[tier] = total.get(tier, 0.0) + value
    return total
