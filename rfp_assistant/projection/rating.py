"""The rate development: from the group's claims experience to quoted monthly rates per plan.

The math (issue 3, extended by issue 12)::

    experience PMPM = (incurred_claims - claims_above_pool) / member_months + pooling_charge_pmpm
    months          = whole months from period_midpoint to the rating midpoint
                      (effective date + 6 months)
    trended PMPM    = experience PMPM * (1 + annual_trend) ** (months / 12)
    Z               = min(1, sqrt(member_months / full_credibility_mm))
    A               = mean over the census's employees of the plan's age/sex factor
                      (age at the effective date); 1 without an employee-level census
    manual PMPM     = manual_pmpm * A
    blended PMPM    = Z * trended + (1 - Z) * manual PMPM
    gross PMPM      = blended / (1 - retention_pct)
    R               = gross PMPM * members today / sum_p,t (contracts[p,t] * rel[p] * factor[t])
    developed[p,t]  = R * rel[p] * factor[t]            (rel: plan relativity, 1 when not given)
    quoted[p,t]     = the profile's rates, or round(developed[p,t] * (1 + underwriting_adjustment), 2)
    year 2[p,t]     = round(quoted[p,t] * (1 + rate_trend), 2)      (not to exceed)

so that sum_p,t contracts[p,t] * developed[p,t] = gross PMPM * members today, and the
quoted premium differs from it only by the labelled underwriting adjustment and the
rounding of each rate to the cent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from rfp_assistant.account import AccountProfile
from rfp_assistant.errors import AccountError
from rfp_assistant.projection.basics import (
    MONTHS_PER_YEAR,
    RATING_MIDPOINT_MONTHS,
    add_months,
    require_census,
    round_cents,
    trended_rate,
    whole_months,
)

PlanTierRates = dict[str, dict[str, float]]


@dataclass(frozen=True)
class AgeSexAdjustment:
    """The manual rate's age/sex step: the census's average factor and where it came from."""

    base_manual_pmpm: float
    factor: float
    employees: int
    census: str

    @property
    def manual_pmpm(self) -> float:
        """The manual rate adjusted to the group: base x factor."""
        return self.base_manual_pmpm * self.factor


@dataclass(frozen=True)
class RateDevelopment:
    """Each step of the rate development, from experience to quoted rates by plan and tier."""

    incurred_claims: float
    claims_above_pool: float
    member_months: float
    pooling_charge_pmpm: float
    pooling_point: float | None
    period_midpoint: date
    annual_trend: float
    full_credibility_mm: float
    effective_date: date
    experience_pmpm: float
    rating_midpoint: date
    trend_months: int
    trend_factor: float
    trended_pmpm: float
    credibility: float
    age_sex: AgeSexAdjustment | None
    manual_pmpm: float
    blended_pmpm: float
    retention_pct: float
    gross_pmpm: float
    plans: tuple[str, ...]
    plan_contracts: PlanTierRates
    plan_relativities: dict[str, float]
    census_contracts: dict[str, float]
    members_per_contract: dict[str, float]
    census_members: float
    tier_factors: dict[str, float]
    weighted_contracts: float
    factor_rate: float
    tier_rates: dict[str, float]
    developed_rates: PlanTierRates
    underwriting_adjustment: float | None
    quoted_rates: PlanTierRates
    rate_trend: float
    year2_rates: PlanTierRates
    current_rates: PlanTierRates | None = None

    @property
    def tiers(self) -> tuple[str, ...]:
        """The coverage tiers, in profile order."""
        return tuple(self.census_contracts)

    @property
    def total_contracts(self) -> float:
        """Today's contracts over all plans and tiers."""
        return sum(self.census_contracts.values())

    @property
    def base_manual_pmpm(self) -> float:
        """The plan's manual rate before any age/sex adjustment."""
        return self.age_sex.base_manual_pmpm if self.age_sex else self.manual_pmpm

    @property
    def quotes_profile_rates(self) -> bool:
        """True when the quoted rates are the profile's own, not developed ones."""
        return self.underwriting_adjustment is None

    def tier_members(self, tier: str) -> float:
        """Today's members in one tier: contracts x members per contract."""
        return self.census_contracts[tier] * self.members_per_contract[tier]

    def weighted(self, plan: str, tier: str) -> float:
        """Contracts of one plan and tier x plan relativity x tier factor."""
        return self.plan_contracts[plan][tier] * self.plan_relativities[plan] * self.tier_factors[tier]

    def developed_premium(self, plan: str, tier: str) -> float:
        """Monthly premium of one plan and tier at its developed rate, today's census."""
        return self.plan_contracts[plan][tier] * self.developed_rates[plan][tier]

    def quoted_premium(self, plan: str, tier: str, year: int = 1) -> float:
        """Monthly premium of one plan and tier at its quoted rate (year 1 or 2), today's census."""
        rates = self.quoted_rates if year == 1 else self.year2_rates
        return self.plan_contracts[plan][tier] * rates[plan][tier]

    def plan_quoted_premium(self, plan: str, year: int = 1) -> float:
        """Monthly premium of one plan at its quoted rates, today's census."""
        return sum(self.quoted_premium(plan, t, year) for t in self.tiers)

    def quoted_monthly_premium(self, year: int = 1) -> float:
        """Monthly premium of all plans at the quoted rates on today's census: the one
        premium figure every exhibit, answer and the issuer's rate grid show."""
        return sum(self.plan_quoted_premium(p, year) for p in self.plans)

    @property
    def required_premium(self) -> float:
        """Gross PMPM x members today: the monthly premium the development requires."""
        return self.gross_pmpm * self.census_members

    @property
    def monthly_premium(self) -> float:
        """Premium of the developed rates on today's census; equals gross PMPM x members today."""
        return sum(self.developed_premium(p, t) for p in self.plans for t in self.tiers)

    @property
    def trend_years(self) -> float:
        """Months of trend in years."""
        return self.trend_months / MONTHS_PER_YEAR


def develop_rates(profile: AccountProfile) -> RateDevelopment | None:
    """The rate development from the profile's experience; ``None`` when it has none."""
    exp = profile.experience
    if exp is None:
        return None
    require_census(profile)
    plans, tiers = profile.plans, profile.tiers
    experience_pmpm = (
        exp.incurred_claims - exp.claims_above_pool
    ) / exp.member_months + exp.pooling_charge_pmpm
    rating_midpoint = add_months(profile.effective_date, RATING_MIDPOINT_MONTHS)
    months = whole_months(exp.period_midpoint, rating_midpoint)
    trend_factor = (1.0 + exp.annual_trend) ** (months / MONTHS_PER_YEAR)
    trended = experience_pmpm * trend_factor
    z = min(1.0, math.sqrt(exp.member_months / exp.full_credibility_mm))
    age_sex = age_sex_adjustment(profile)
    manual = age_sex.manual_pmpm if age_sex else exp.manual_pmpm
    blended = z * trended + (1.0 - z) * manual
    gross = blended / (1.0 - exp.retention_pct)
    contracts = {t: sum(profile.census[p][t] for p in plans) for t in tiers}
    members = sum(contracts[t] * profile.members_per_contract[t] for t in tiers)
    relativities = {p: exp.relativity(p) for p in plans}
    weighted = sum(profile.census[p][t] * relativities[p] * exp.tier_factors[t] for p in plans for t in tiers)
    factor_rate = gross * members / weighted
    developed = {p: {t: factor_rate * relativities[p] * exp.tier_factors[t] for t in tiers} for p in plans}
    if profile.rates:
        adjustment, quoted = None, {p: dict(profile.rates[p]) for p in plans}
    else:
        adjustment = exp.underwriting_adjustment
        quoted = {p: {t: round_cents(developed[p][t] * (1.0 + adjustment)) for t in tiers} for p in plans}
    trend = profile.assumptions.rate_trend
    return RateDevelopment(
        incurred_claims=exp.incurred_claims,
        claims_above_pool=exp.claims_above_pool,
        member_months=exp.member_months,
        pooling_charge_pmpm=exp.pooling_charge_pmpm,
        pooling_point=exp.pooling_point,
        period_midpoint=exp.period_midpoint,
        annual_trend=exp.annual_trend,
        full_credibility_mm=exp.full_credibility_mm,
        effective_date=profile.effective_date,
        experience_pmpm=experience_pmpm,
        rating_midpoint=rating_midpoint,
        trend_months=months,
        trend_factor=trend_factor,
        trended_pmpm=trended,
        credibility=z,
        age_sex=age_sex,
        manual_pmpm=manual,
        blended_pmpm=blended,
        retention_pct=exp.retention_pct,
        gross_pmpm=gross,
        plans=plans,
        plan_contracts={p: dict(profile.census[p]) for p in plans},
        plan_relativities=relativities,
        census_contracts=contracts,
        members_per_contract=dict(profile.members_per_contract),
        census_members=members,
        tier_factors=dict(exp.tier_factors),
        weighted_contracts=weighted,
        factor_rate=factor_rate,
        tier_rates={t: factor_rate * exp.tier_factors[t] for t in tiers},
        developed_rates=developed,
        underwriting_adjustment=adjustment,
        quoted_rates=quoted,
        rate_trend=trend,
        year2_rates={p: {t: trended_rate(quoted[p][t], trend) for t in tiers} for p in plans},
        current_rates=_current_rates(profile),
    )


def age_sex_adjustment(profile: AccountProfile) -> AgeSexAdjustment | None:
    """The census's average age/sex factor, when the profile has the plan's table and an
    employee-level census; ``None`` otherwise (the manual rate is then used as given)."""
    table, census, exp = profile.age_sex_factors, profile.census_source, profile.experience
    if table is None or census is None or not census.employees or exp is None:
        return None
    factors = [table.factor(e.age(profile.effective_date), e.sex) for e in census.employees]
    return AgeSexAdjustment(
        base_manual_pmpm=exp.manual_pmpm,
        factor=sum(factors) / len(factors),
        employees=len(factors),
        census=census.describe(),
    )


def quoted_rates(profile: AccountProfile) -> PlanTierRates:
    """The plan-year-1 monthly rates the projection uses: the profile's quoted rates, or
    those developed from its experience. Raises :class:`AccountError` when it has neither."""
    if profile.rates:
        return {p: dict(profile.rates[p]) for p in profile.plans}
    developed = develop_rates(profile)
    if developed is None:
        raise AccountError(
            f"{profile.source or 'the account profile'}: no rates to project: give quoted rates or experience",
            path=profile.source,
        )
    return developed.quoted_rates


def _current_rates(profile: AccountProfile) -> PlanTierRates | None:
    source = profile.census_source
    if source is None or not source.current_rates:
        return None
    rates = {p: source.current_rates[p] for p in profile.plans if p in source.current_rates}
    complete = all(set(r) >= set(profile.tiers) for r in rates.values()) and len(rates) == len(profile.plans)
    return rates if complete else None
