"""The rate development exhibit: from the group's experience to monthly tier rates.

Three tables: the experience and rating inputs, the numbered development steps (each
with its formula in words, its value and a live formula), and the tier rates that
spread the gross PMPM over today's census by the tier factors.
"""

from __future__ import annotations

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits.model import (
    COUNT,
    DATE,
    FACTOR,
    INTEGER,
    MONEY,
    MONEY0,
    PERCENT,
    RATE_DEVELOPMENT,
    RATIO,
    ROW_TOTAL,
    Cell,
    Column,
    Exhibit,
    ExhibitTable,
    Row,
    format_value,
    label_row,
    tier_label,
)
from rfp_assistant.projection import RateDevelopment


def rate_development_exhibit(profile: AccountProfile, rd: RateDevelopment) -> Exhibit:
    """The step-by-step rate development exhibit of ``rd``, the development of ``profile``."""
    inputs = (
        label_row(
            "Incurred claims, experience period",
            Cell(rd.incurred_claims, MONEY0, key="rd.inc", is_input=True),
            "Paid claims plus IBNR",
        ),
        label_row(
            "Claims above the pooling point",
            Cell(rd.claims_above_pool, MONEY0, key="rd.pool", is_input=True),
            "Excess of large claims over the pooling point",
        ),
        label_row(
            "Member months, experience period",
            Cell(rd.member_months, INTEGER, key="rd.mm", is_input=True),
            "Enrollment during the experience period",
        ),
        label_row(
            "Pooling charge PMPM",
            Cell(rd.pooling_charge_pmpm, MONEY, key="rd.pc", is_input=True),
            "Charge replacing the pooled claims",
        ),
        label_row(
            "Experience period midpoint",
            Cell(rd.period_midpoint, DATE, key="rd.mid", is_input=True),
            "Account profile",
        ),
        label_row(
            "Effective date",
            Cell(rd.effective_date, DATE, key="rd.eff", is_input=True),
            "Account profile",
        ),
        label_row(
            "Rating period midpoint",
            Cell(rd.rating_midpoint, DATE, formula="=EDATE({rd.eff},6)", key="rd.ratemid"),
            "Effective date + 6 months",
        ),
        label_row(
            "Months of trend",
            Cell(rd.trend_months, INTEGER, formula='=DATEDIF({rd.mid},{rd.ratemid},"m")', key="rd.months"),
            "Whole months from experience midpoint to rating midpoint",
        ),
        label_row(
            "Annual claims trend",
            Cell(rd.annual_trend, PERCENT, key="rd.trend", is_input=True),
            "Account profile",
        ),
        label_row(
            "Manual PMPM",
            Cell(rd.manual_pmpm, MONEY, key="rd.manual", is_input=True),
            "Carrier manual rate for the group",
        ),
        label_row(
            "Member months for full credibility",
            Cell(rd.full_credibility_mm, INTEGER, key="rd.full", is_input=True),
            "Credibility standard",
        ),
        label_row(
            "Retention (share of premium)",
            Cell(rd.retention_pct, PERCENT, key="rd.ret", is_input=True),
            "Administration, risk, profit, taxes and fees",
        ),
    )
    input_columns = (Column("Input", numeric=False), Column("Value"), Column("Basis", numeric=False))
    steps = (
        _step(
            1,
            "Experience PMPM",
            "(Incurred claims - claims above pooling point) / member months + pooling charge",
            Cell(rd.experience_pmpm, MONEY, formula="=({rd.inc}-{rd.pool})/{rd.mm}+{rd.pc}", key="rd.l1"),
        ),
        _step(
            2,
            "Trend factor",
            f"(1 + annual trend)^(months of trend / 12) = {1 + rd.annual_trend:g}^({rd.trend_months} / 12)",
            Cell(rd.trend_factor, FACTOR, formula="=(1+{rd.trend})^({rd.months}/12)", key="rd.l2"),
        ),
        _step(
            3,
            "Trended experience PMPM",
            "(1) x (2)",
            Cell(rd.trended_pmpm, MONEY, formula="={rd.l1}*{rd.l2}", key="rd.l3"),
        ),
        _step(
            4,
            "Credibility (Z)",
            "min(1, square root(member months / member months for full credibility))",
            Cell(rd.credibility, PERCENT, formula="=MIN(1,SQRT({rd.mm}/{rd.full}))", key="rd.l4"),
        ),
        _step(5, "Manual PMPM", "Input", Cell(rd.manual_pmpm, MONEY, formula="={rd.manual}", key="rd.l5")),
        _step(
            6,
            "Blended PMPM",
            "(4) x (3) + [1 - (4)] x (5)",
            Cell(rd.blended_pmpm, MONEY, formula="={rd.l4}*{rd.l3}+(1-{rd.l4})*{rd.l5}", key="rd.l6"),
        ),
        _step(7, "Retention", "Input", Cell(rd.retention_pct, PERCENT, formula="={rd.ret}", key="rd.l7")),
        _step(
            8,
            "Gross (required) PMPM",
            "(6) / [1 - (7)]",
            Cell(rd.gross_pmpm, MONEY, formula="={rd.l6}/(1-{rd.l7})", key="rd.l8"),
        ),
        _step(
            9,
            "Members today, all plans",
            "Sum of contracts x members per contract (tier table)",
            Cell(rd.census_members, COUNT, formula="={rd.mem.*}", key="rd.l9"),
        ),
        _step(
            10,
            "Tier-factor-weighted contracts",
            "Sum of contracts x tier factor (tier table)",
            Cell(rd.weighted_contracts, COUNT, formula="={rd.w.*}", key="rd.l10"),
        ),
        _step(
            11,
            "Rate per unit of tier factor",
            "(8) x (9) / (10)",
            Cell(rd.factor_rate, MONEY, formula="={rd.l8}*{rd.l9}/{rd.l10}", key="rd.l11"),
        ),
        _step(
            12,
            "Monthly premium on today's census",
            "(8) x (9); equals the tier table's total premium",
            Cell(rd.required_premium, MONEY, formula="={rd.l8}*{rd.l9}", key="rd.l12"),
        ),
    )
    # Same shape as the inputs table (label, value, explanation), so the columns line up.
    step_columns = (Column("Step", numeric=False), Column("Value"), Column("Formula", numeric=False))
    tiers = rd.tiers
    tier_rows = []
    for tier in tiers:
        tier_rows.append(
            Row(
                (
                    Cell(tier_label(tier)),
                    Cell(rd.census_contracts[tier], INTEGER, key=f"rd.c.{tier}", is_input=True),
                    Cell(rd.members_per_contract[tier], RATIO, key=f"rd.mpc.{tier}", is_input=True),
                    Cell(
                        rd.tier_members(tier),
                        COUNT,
                        formula=f"={{rd.c.{tier}}}*{{rd.mpc.{tier}}}",
                        key=f"rd.mem.{tier}",
                    ),
                    Cell(rd.tier_factors[tier], RATIO, key=f"rd.f.{tier}", is_input=True),
                    Cell(
                        rd.tier_weighted_contracts(tier),
                        COUNT,
                        formula=f"={{rd.c.{tier}}}*{{rd.f.{tier}}}",
                        key=f"rd.w.{tier}",
                    ),
                    Cell(
                        rd.tier_rates[tier],
                        MONEY,
                        formula=f"={{rd.l11}}*{{rd.f.{tier}}}",
                        key=f"rd.rate.{tier}",
                    ),
                    Cell(
                        rd.tier_premium(tier),
                        MONEY,
                        formula=f"={{rd.c.{tier}}}*{{rd.rate.{tier}}}",
                        key=f"rd.prem.{tier}",
                    ),
                )
            )
        )

    def span(measure: str) -> str:
        return f"=SUM({{rd.{measure}.{tiers[0]}}}:{{rd.{measure}.{tiers[-1]}}})"

    contracts_total = rd.total_contracts
    tier_total = Row(
        (
            Cell("All tiers"),
            Cell(contracts_total, INTEGER, formula=span("c"), key="rd.c.*"),
            Cell(rd.census_members / contracts_total, RATIO, formula="={rd.mem.*}/{rd.c.*}"),
            Cell(rd.census_members, COUNT, formula=span("mem"), key="rd.mem.*"),
            Cell(rd.weighted_contracts / contracts_total, RATIO, formula="={rd.w.*}/{rd.c.*}"),
            Cell(rd.weighted_contracts, COUNT, formula=span("w"), key="rd.w.*"),
            Cell(rd.monthly_premium / contracts_total, MONEY, formula="={rd.prem.*}/{rd.c.*}"),
            Cell(rd.monthly_premium, MONEY, formula=span("prem"), key="rd.prem.*"),
        ),
        ROW_TOTAL,
    )
    tier_columns = (
        Column("Coverage tier", numeric=False),
        Column("Contracts today"),
        Column("Members per contract"),
        Column("Members today"),
        Column("Tier factor"),
        Column("Weighted contracts"),
        Column("Monthly rate"),
        Column("Monthly premium"),
    )
    years_text = f"{rd.trend_years:.1f}"
    footnotes = (
        f"Experience is trended {rd.annual_trend:.2%} a year for {rd.trend_months} months ({years_text} years), "
        f"from the experience period midpoint ({format_value(rd.period_midpoint, DATE)}) to the rating period "
        f"midpoint ({format_value(rd.rating_midpoint, DATE)}).",
        f"Credibility follows the square-root rule with full credibility at {rd.full_credibility_mm:,.0f} member "
        "months; the remainder is given to the manual rate.",
        "Tier rates spread the gross PMPM over today's census of all plans by the tier factors, so that the premium "
        "on today's census equals gross PMPM x members today, line (12). The total row shows composite figures.",
        "These tier rates illustrate the development; the membership projection uses the quoted rates.",
        "Figures are rounded for display; calculations use unrounded values. In the workbook, blue figures are inputs.",
    )
    return Exhibit(
        name=RATE_DEVELOPMENT,
        title=f"{profile.name}: Rate Development",
        sheet_title="Rate Development",
        subtitle=(f"Rating period beginning {format_value(profile.effective_date, DATE)}; monthly rates",),
        tables=(
            ExhibitTable("Experience and rating inputs", input_columns, inputs),
            ExhibitTable("Development of the required premium PMPM", step_columns, steps, in_summary=True),
            ExhibitTable(
                "Monthly rates by coverage tier, all plans combined",
                tier_columns,
                tuple(tier_rows),
                tier_total,
                note="Monthly rate = line (11) x tier factor; monthly premium = contracts x rate.",
                in_summary=True,
            ),
        ),
        footnotes=footnotes,
    )


def _step(line: int, step: str, formula_text: str, value: Cell) -> Row:
    return Row((Cell(f"({line}) {step}"), value, Cell(formula_text)))
