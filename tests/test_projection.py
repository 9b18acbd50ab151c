"""Membership projection and rate development, checked against hand-computed figures.

The small account: 2 plans (HMO, PPO), 4 tiers, 3 plan years.

    census   HMO: employee 10, employee_spouse 4, employee_children 3, family 5
             PPO: employee  6, employee_spouse 2, employee_children 2, family 4
    members per contract: 1.0, 2.0, 2.5, 4.0
    rates    HMO: 500, 1000,  900, 1400      PPO: 600, 1200, 1100, 1700

Members today: HMO 10 + 8 + 7.5 + 20 = 45.5; PPO 6 + 4 + 5 + 16 = 31.
Monthly premium today: HMO 5,000 + 4,000 + 2,700 + 7,000 = 18,700;
                       PPO 3,600 + 2,400 + 2,200 + 6,800 = 15,000.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from rfp_assistant.account import AccountProfile, Assumptions, Experience
from rfp_assistant.errors import AccountError
from rfp_assistant.exhibits import exhibits_for
from rfp_assistant.projection import (
    add_months,
    develop_rates,
    project,
    projection_report,
    whole_months,
)
from rfp_assistant.render.exhibit_text import exhibits_text

TIERS = ("employee", "employee_spouse", "employee_children", "family")
CENT = 0.005


def small_profile(
    growth: float = 0.0, trend: float = 0.10, experience: Experience | None = None
) -> AccountProfile:
    return AccountProfile(
        name="Small Co",
        effective_date=date(2027, 1, 1),
        state="MA",
        funding="fully-insured",
        products=("HMO", "PPO"),
        tiers=TIERS,
        members_per_contract={
            "employee": 1.0,
            "employee_spouse": 2.0,
            "employee_children": 2.5,
            "family": 4.0,
        },
        census={
            "HMO": {"employee": 10, "employee_spouse": 4, "employee_children": 3, "family": 5},
            "PPO": {"employee": 6, "employee_spouse": 2, "employee_children": 2, "family": 4},
        },
        assumptions=Assumptions(annual_growth=growth, projection_years=3, rate_trend=trend),
        rates={
            "HMO": {
                "employee": 500.0,
                "employee_spouse": 1000.0,
                "employee_children": 900.0,
                "family": 1400.0,
            },
            "PPO": {
                "employee": 600.0,
                "employee_spouse": 1200.0,
                "employee_children": 1100.0,
                "family": 1700.0,
            },
        },
        experience=experience,
    )


def small_experience(**changes: object) -> Experience:
    values: dict[str, object] = {
        "incurred_claims": 1_250_000.0,
        "member_months": 1_800.0,
        "claims_above_pool": 150_000.0,
        "pooling_charge_pmpm": 25.0,
        "period_midpoint": date(2025, 7, 1),
        "annual_trend": 0.08,
        "manual_pmpm": 700.0,
        "full_credibility_mm": 7_200.0,
        "retention_pct": 0.15,
        "tier_factors": {"employee": 1.0, "employee_spouse": 2.0, "employee_children": 1.8, "family": 3.0},
    }
    values.update(changes)
    return Experience(**values)  # type: ignore[arg-type]


# -- projection without growth: every figure by hand -----------------------------------------


def test_projection_without_growth_matches_hand_figures_for_every_plan_year() -> None:
    proj = project(small_profile(growth=0.0, trend=0.10))

    expected = {
        # year: (HMO MM, HMO premium, PPO MM, PPO premium)
        1: (45.5 * 12, 18_700 * 12, 31 * 12, 15_000 * 12),  # 546, 224,400.00, 372, 180,000.00
        2: (546, 224_400 * 1.10, 372, 180_000 * 1.10),  # 246,840.00, 198,000.00
        3: (546, 224_400 * 1.21, 372, 180_000 * 1.21),  # 271,524.00, 217,800.00
    }
    assert [y.year for y in proj.years] == [1, 2, 3]
    for year in proj.years:
        hmo_mm, hmo_prem, ppo_mm, ppo_prem = expected[year.year]
        assert year.plans["HMO"].member_months == pytest.approx(hmo_mm, abs=CENT)
        assert year.plans["HMO"].annual_premium == pytest.approx(hmo_prem, abs=CENT)
        assert year.plans["PPO"].member_months == pytest.approx(ppo_mm, abs=CENT)
        assert year.plans["PPO"].annual_premium == pytest.approx(ppo_prem, abs=CENT)
        assert year.member_months == pytest.approx(918, abs=CENT)
        assert year.annual_premium == pytest.approx(hmo_prem + ppo_prem, abs=CENT)
        # Averages equal today's census when nothing grows.
        assert year.plans["HMO"].average_contracts == pytest.approx(
            {"employee": 10, "employee_spouse": 4, "employee_children": 3, "family": 5}
        )
        assert year.plans["PPO"].average_members == pytest.approx(
            {"employee": 6, "employee_spouse": 4, "employee_children": 5, "family": 16}
        )
    assert proj.years[0].premium_pmpm == pytest.approx(440.52, abs=CENT)  # 404,400 / 918
    assert proj.years[1].premium_pmpm == pytest.approx(484.58, abs=CENT)  # 444,840 / 918
    assert proj.years[2].premium_pmpm == pytest.approx(533.03, abs=CENT)  # 489,324 / 918
    assert proj.years[0].plans["HMO"].premium_pmpm == pytest.approx(410.99, abs=CENT)  # 224,400 / 546
    assert proj.total_premium == pytest.approx(404_400 + 444_840 + 489_324, abs=CENT)


def test_rates_rise_by_the_trend_at_each_plan_year_anniversary_only() -> None:
    proj = project(small_profile(growth=0.0, trend=0.10))
    premiums = [round(m.premium["HMO"], 2) for m in proj.months]
    assert premiums[:12] == [18_700.0] * 12
    assert premiums[12:24] == [20_570.0] * 12
    assert premiums[24:] == [22_627.0] * 12
    assert proj.years[2].plans["PPO"].monthly_rates["family"] == pytest.approx(1700 * 1.21, abs=CENT)


# -- projection with growth: closed form of the geometric series ------------------------------


# Today's census at each plan year's rates, by hand. Each year's rate is the prior year's x 1.075,
# rounded to the cent as a quoted rate is (halves up): HMO year 3 = 577.81, 1155.63 (1,155.625),
# 1040.06, 1617.88; PPO year 3 = 693.38, 1386.75, 1271.19, 1964.56.
MONTHLY_PREMIUM_AT_7_5 = {"HMO": (18_700.00, 20_102.50, 21_610.20), "PPO": (15_000.00, 16_125.00, 17_334.40)}


@pytest.mark.parametrize("growth", [0.05, -0.04])
def test_projection_with_growth_matches_the_geometric_series_closed_form(growth: float) -> None:
    trend = 0.075
    proj = project(small_profile(growth=growth, trend=trend))
    g = (1 + growth) ** (1 / 12) - 1
    # Sum over plan year y of (1 + g)^m, m = 12(y-1) .. 12y-1, is (1 + growth)^(y-1) * growth / g.
    for year in (1, 2, 3):
        series = (1 + growth) ** (year - 1) * growth / g
        hmo, ppo = MONTHLY_PREMIUM_AT_7_5["HMO"][year - 1], MONTHLY_PREMIUM_AT_7_5["PPO"][year - 1]
        y = proj.years[year - 1]
        assert y.plans["HMO"].member_months == pytest.approx(45.5 * series, abs=CENT)
        assert y.plans["PPO"].member_months == pytest.approx(31 * series, abs=CENT)
        assert y.plans["HMO"].annual_premium == pytest.approx(hmo * series, abs=CENT)
        assert y.plans["PPO"].annual_premium == pytest.approx(ppo * series, abs=CENT)
        assert y.plans["HMO"].average_contracts["family"] == pytest.approx(5 * series / 12, abs=1e-9)
        assert y.plans["PPO"].average_members["employee_children"] == pytest.approx(5 * series / 12, abs=1e-9)
        assert y.premium_pmpm == pytest.approx((hmo + ppo) / 76.5, abs=CENT)


def test_later_year_rates_are_rounded_to_the_cent_half_up_like_excel() -> None:
    proj = project(small_profile(trend=0.075))
    assert proj.years[2].plans["HMO"].monthly_rates == {
        "employee": 577.81,
        "employee_spouse": 1155.63,  # 1,075 x 1.075 = 1,155.625: a half, rounded up as ROUND does
        "employee_children": 1040.06,
        "family": 1617.88,
    }


def test_growth_year_one_figures_to_the_cent() -> None:
    # growth 5%: g = 1.05^(1/12) - 1 = 0.0040741238, and 0.05 / g = 12.2725775 contract-months
    # per contract in plan year 1 (instead of 12 without growth).
    proj = project(small_profile(growth=0.05, trend=0.075))
    year = proj.years[0]
    assert year.member_months == pytest.approx(938.85, abs=CENT)  # 76.5 x 12.2725775
    assert year.plans["HMO"].annual_premium == pytest.approx(229_497.20, abs=CENT)  # 18,700 x 12.2725775
    assert year.plans["PPO"].annual_premium == pytest.approx(184_088.66, abs=CENT)  # 15,000 x 12.2725775


def test_month_contracts_compound_monthly_from_the_effective_date() -> None:
    proj = project(small_profile(growth=0.05))
    g = 1.05 ** (1 / 12) - 1
    first, fourteenth = proj.months[0], proj.months[13]
    assert first.start == date(2027, 1, 1) and first.month == 1 and first.plan_year == 1
    assert first.contracts["HMO"]["employee"] == 10
    assert fourteenth.start == date(2028, 2, 1) and fourteenth.plan_year == 2
    assert fourteenth.contracts["PPO"]["family"] == pytest.approx(4 * (1 + g) ** 13, rel=1e-12)
    assert fourteenth.members["PPO"]["family"] == pytest.approx(16 * (1 + g) ** 13, rel=1e-12)
    assert len(proj.months) == 36
    assert proj.monthly_growth == pytest.approx(g, rel=1e-12)


# -- rate development -------------------------------------------------------------------------


def test_rate_development_matches_hand_figures_on_every_line() -> None:
    rd = develop_rates(small_profile(experience=small_experience()))
    assert rd is not None
    # (1) (1,250,000 - 150,000) / 1,800 + 25 = 611.111 + 25
    assert rd.experience_pmpm == pytest.approx(636.11, abs=CENT)
    # rating midpoint 2027-01-01 + 6 months = 2027-07-01; 24 whole months from 2025-07-01
    assert rd.rating_midpoint == date(2027, 7, 1)
    assert rd.trend_months == 24
    assert rd.trend_factor == pytest.approx(1.1664, abs=1e-12)  # 1.08^2
    assert rd.trended_pmpm == pytest.approx(741.96, abs=CENT)  # 636.111 x 1.1664
    assert rd.credibility == pytest.approx(0.5, abs=1e-12)  # sqrt(1,800 / 7,200)
    assert rd.blended_pmpm == pytest.approx(720.98, abs=CENT)  # 0.5 x 741.96 + 0.5 x 700
    assert rd.gross_pmpm == pytest.approx(848.21, abs=CENT)  # 720.98 / 0.85
    # contracts by tier 16, 6, 5, 9; members 16 + 12 + 12.5 + 36 = 76.5
    assert rd.census_contracts == {"employee": 16, "employee_spouse": 6, "employee_children": 5, "family": 9}
    assert rd.census_members == pytest.approx(76.5)
    assert rd.weighted_contracts == pytest.approx(64.0)  # 16 + 12 + 9 + 27
    # R = 848.2118 x 76.5 / 64 = 720.98 x 90 / 64 = 1,013.878125
    assert rd.factor_rate == pytest.approx(1013.88, abs=CENT)
    assert rd.tier_rates["employee"] == pytest.approx(1013.88, abs=CENT)
    assert rd.tier_rates["employee_spouse"] == pytest.approx(2027.76, abs=CENT)
    assert rd.tier_rates["employee_children"] == pytest.approx(1824.98, abs=CENT)
    assert rd.tier_rates["family"] == pytest.approx(3041.63, abs=CENT)
    # Premium on today's census is preserved: 720.98 x 90 = 64,888.20
    assert rd.monthly_premium == pytest.approx(64_888.20, abs=CENT)


def test_credibility_is_capped_at_one_and_blends_nothing_from_the_manual_rate() -> None:
    rd = develop_rates(
        small_profile(experience=small_experience(member_months=9_000.0, full_credibility_mm=7_200.0))
    )
    assert rd is not None
    assert rd.credibility == 1.0
    assert rd.blended_pmpm == pytest.approx(rd.trended_pmpm)


def test_trend_months_count_whole_months_only() -> None:
    rd = develop_rates(small_profile(experience=small_experience(period_midpoint=date(2025, 7, 15))))
    assert rd is not None
    assert rd.trend_months == 23  # 2025-07-15 to 2027-07-01 is 23 whole months
    assert rd.trend_factor == pytest.approx(1.08 ** (23 / 12), rel=1e-12)


def test_rate_development_is_none_without_experience() -> None:
    assert develop_rates(small_profile()) is None
    assert projection_report(small_profile())["rate_development"] is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 7, 1), 6, date(2028, 1, 1)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 12, 1), 13, date(2029, 1, 1)),
    ],
)
def test_add_months_clamps_to_month_end_like_edate(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_whole_months_matches_datedif() -> None:
    assert whole_months(date(2025, 7, 1), date(2028, 1, 1)) == 30
    assert whole_months(date(2025, 1, 31), date(2025, 2, 28)) == 0
    assert whole_months(date(2025, 1, 15), date(2025, 3, 15)) == 2


# -- report and terminal table ---------------------------------------------------------------


def test_projection_report_has_the_json_shape_of_the_issue() -> None:
    report = projection_report(small_profile(growth=0.05, experience=small_experience()))
    text = json.dumps(report)  # JSON-serialisable as is
    assert json.loads(text) == report
    year = report["years"][0]
    assert year["year"] == 1
    assert set(year) >= {"member_months", "annual_premium", "premium_pmpm", "plans"}
    plan = year["plans"]["HMO"]
    assert set(plan) >= {"member_months", "annual_premium", "average_contracts", "average_members"}
    assert set(plan["average_contracts"]) == set(TIERS)
    assert not math.isclose(plan["member_months"], round(plan["member_months"]))  # unrounded
    assert len(report["months"]) == 36
    assert report["months"][0]["month"] == 1
    rd = report["rate_development"]
    assert set(rd) >= {
        "experience_pmpm",
        "trended_pmpm",
        "credibility",
        "blended_pmpm",
        "gross_pmpm",
        "tier_rates",
    }
    assert set(rd["tier_rates"]) == set(TIERS)


def test_project_refuses_a_profile_without_census() -> None:
    minimal = AccountProfile(name="Minimal", effective_date=date(2027, 1, 1))
    with pytest.raises(AccountError, match="no census"):
        project(minimal)
    with pytest.raises(AccountError):
        projection_report(minimal)


def test_terminal_table_aligns_figures_and_shows_totals() -> None:
    profile = small_profile(growth=0.0, experience=small_experience())
    text = exhibits_text(exhibits_for(profile).values())
    lines = text.splitlines()
    assert "Small Co" in lines[0]
    assert any(line.startswith("All plans") and "$33,700.00" in line for line in lines)  # today's premium
    assert any("Total" in line and "$1,338,564" in line and "2,754" in line for line in lines)  # 3 years
    assert any("Gross (required) PMPM" in line and "$848.21" in line for line in lines)
    assert not any("Growth index" in line for line in lines)  # the monthly grid stays in the files
    header = next(line for line in lines if line.startswith("Plan year"))
    right_edge = header.index("Annual premium") + len("Annual premium")
    rows = [line for line in lines[lines.index(header) + 2 :] if line.strip() and "$" in line][:4]
    assert len(rows) == 4
    for row in rows:  # premiums are right-aligned under their header
        assert row[right_edge - 1].isdigit() and row[right_edge] == " "
