"""Putting a census file's counts into an account profile, and saying what changed.

The census the RFP gives wins over the profile's own: :func:`apply_census` returns the
profile with the file's contracts (and, when the file lists dependants, its members per
contract) and one line per count that differs, for the command to print on stderr.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rfp_assistant.census.model import Census, tier_key
from rfp_assistant.errors import AccountError

if TYPE_CHECKING:  # account.py refers to Census; importing it at run time would be a cycle
    from rfp_assistant.account import AccountProfile

MPC_DECIMALS = 4  # members per contract differences smaller than this are rounding, not news


def apply_census(profile: AccountProfile, census: Census) -> tuple[AccountProfile, list[str]]:
    """``profile`` with the census of ``census``, and the differences from the profile's own.

    Raises :class:`AccountError` when the file's tiers or plans do not fit the profile
    (a tier the profile does not rate, a plan not among its products), or when members
    per contract are neither in the profile nor countable from the file.
    """
    tiers = profile.tiers or census.tiers
    by_key = {tier_key(t) or t: t for t in tiers}
    unknown = [t for t in census.tiers if t not in by_key]
    missing = [t for t in tiers if (tier_key(t) or t) not in census.tiers]
    where = census.describe()
    if unknown or missing:
        raise AccountError(
            f"{where}: the census's coverage tiers ({', '.join(census.tiers)}) do not match the account "
            f"profile's ({', '.join(tiers)})",
            path=census.source,
        )
    if profile.products:
        strangers = [p for p in census.plans if p not in profile.products]
        if strangers:
            raise AccountError(
                f"{where}: census plan '{strangers[0]}' is not listed in the account profile's products "
                f"({', '.join(profile.products)})",
                path=census.source,
            )
    contracts = {
        p: {by_key[t]: float(n) for t, n in counts.items()} for p, counts in census.contracts.items()
    }
    order = [p for p in (*profile.products, *profile.plans) if p in contracts] + list(contracts)
    contracts = {p: {t: contracts[p][t] for t in tiers} for p in dict.fromkeys(order)}
    notes = _count_differences(profile, contracts, where)
    mpc = dict(profile.members_per_contract)
    if census.members is not None:
        counted = _members_per_contract(census, by_key, tiers)
        notes += [
            f"  members per contract, {t}: profile {mpc[t]:.2f}, census {counted[t]:.2f}"
            for t in tiers
            if t in mpc and round(mpc[t] - counted[t], MPC_DECIMALS)
        ]
        mpc = counted
    if set(mpc) != set(tiers):
        raise AccountError(
            f"{where}: the census lists no dependants, so the account profile must give members_per_contract",
            path=census.source,
        )
    if notes:
        notes.insert(0, f"the census in {where} differs from the account profile's; using the census file's:")
    products = profile.products or tuple(contracts)
    if profile.rates and any(p not in profile.rates for p in contracts):
        missing_plan = next(p for p in contracts if p not in profile.rates)
        raise AccountError(
            f"{where}: census plan '{missing_plan}' has no quoted rates in the account profile",
            path=census.source,
        )
    current = (
        {
            p: {by_key[t]: r for t, r in rates.items() if t in by_key}
            for p, rates in census.current_rates.items()
        }
        if census.current_rates
        else None
    )
    updated = replace(
        profile,
        tiers=tuple(tiers),
        census=contracts,
        members_per_contract={t: mpc[t] for t in tiers},
        products=products,
        census_source=replace(census, current_rates=current),
        census_date=census.as_of,
    )
    return updated, notes


def _count_differences(
    profile: AccountProfile, contracts: dict[str, dict[str, float]], where: str
) -> list[str]:
    if not profile.census:
        return []
    notes = []
    for plan in dict.fromkeys([*profile.census, *contracts]):
        mine, theirs = profile.census.get(plan), contracts.get(plan)
        if mine is None:
            notes.append(
                f"  {plan}: not in the profile's census; census {sum(theirs.values()):,.0f} contracts"
            )  # type: ignore[union-attr]
            continue
        if theirs is None:
            notes.append(f"  {plan}: profile {sum(mine.values()):,.0f} contracts; not in the census")
            continue
        for tier, count in theirs.items():
            if mine[tier] != count:
                notes.append(f"  {plan} {tier}: profile {mine[tier]:,.0f}, census {count:,.0f}")
    return notes


def _members_per_contract(census: Census, by_key: dict[str, str], tiers: tuple[str, ...]) -> dict[str, float]:
    """Members per contract by tier, all plans together, from the dependants the file lists."""
    assert census.members is not None
    out = {}
    for key, tier in by_key.items():
        contracts = sum(plan[key] for plan in census.contracts.values())
        members = sum(plan[key] for plan in census.members.values())
        out[tier] = members / contracts if contracts else 1.0
    return {t: out[t] for t in tiers}
