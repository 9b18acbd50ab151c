"""The rate development: from the group's claims experience to monthly tier rates.

The math (issue 3)::

    experience PMPM = (incurred_claims - claims_above_pool) / member_months + pooling_charge_pmpm
    months          = whole months from period_midpoint to the rating midpoint
                      (effective date + 6 months)
    trended PMPM    = experience PMPM * (1 + annual_trend) ** (months / 12)
    Z               = min(1, sqrt(member_months / full_credibility_mm))
    blended PMPM    = Z * trended + (1 - Z) * manual_pmpm
    gross PMPM      = blended / (1 - retention_pct)
    R               = gross PMPM * members today / sum_t (contracts today[t] * factor[t])
    tier rate[t]    = R * factor[t]        (contracts and members: all plans together)

so that sum_t contracts today[t] * tier rate[t] = gross PMPM * members today.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from rfp_assistant.account import AccountProfile
from rfp_assistant.projection.basics import (
    MONTHS_PER_YEAR,
    RATING_MIDPOINT_MONTHS,
    add_months,
    require_census,
    whole_months,
)


@dataclass(frozen=True)
class RateDevelopment:
    """Each step of the rate development, from experience to monthly tier rates."""

    incurred_claims: float
    claims_above_pool: float
    member_months: float
    pooling_charge_pmpm: float
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
    manual_pmpm: float
    blended_pmpm: float
    retention_pct: float
    gross_pmpm: float
    census_contracts: dict[str, float]
    members_per_contract: dict[str, float]
    census_members: float
    tier_factors: dict[str, float]
    weighted_contracts: float
    factor_rate: float
    tier_rates: dict[str, float]

    @property
    def tiers(self) -> tuple[str, ...]:
        """The coverage tiers, in profile order."""
        return tuple(self.census_contracts)

    @property
    def total_contracts(self) -> float:
        """Today's contracts over all plans and tiers."""
        return sum(self.census_contracts.values())

    def tier_members(self, tier: str) -> float:
        """Today's members in one tier: contracts x members per contract."""
        return self.census_contracts[tier] * self.members_per_contract[tier]

    def tier_weighted_contracts(self, tier: str) -> float:
        """Today's contracts in one tier weighted by its tier factor."""
        return self.census_contracts[tier] * self.tier_factors[tier]

    def tier_premium(self, tier: str) -> float:
        """Monthly premium of one tier at its developed rate on today's census."""
        return self.census_contracts[tier] * self.tier_rates[tier]

    @property
    def required_premium(self) -> float:
        """Gross PMPM x members today: the monthly premium the development requires."""
        return self.gross_pmpm * self.census_members

    @property
    def monthly_premium(self) -> float:
        """Premium of the tier rates on today's census; equals gross PMPM x members today."""
        return sum(self.census_contracts[t] * r for t, r in self.tier_rates.items())

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
        incurred_claims=exp.incurred_claims,
        claims_above_pool=exp.claims_above_pool,
        member_months=exp.member_months,
        pooling_charge_pmpm=exp.pooling_charge_pmpm,
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
        manual_pmpm=exp.manual_pmpm,
        blended_pmpm=blended,
        retention_pct=exp.retention_pct,
        gross_pmpm=gross,
        census_contracts=contracts,
        members_per_contract=dict(profile.members_per_contract),
        census_members=members,
        tier_factors=dict(exp.tier_factors),
        weighted_contracts=weighted,
        factor_rate=factor_rate,
        tier_rates={t: factor_rate * exp.tier_factors[t] for t in profile.tiers},
    )
