"""The rate development exhibit: from the group's experience to quoted monthly rates per plan.

Five tables: the experience and rating inputs; the numbered development steps (each with
its formula in words, its value and a live formula), ending in the one quoted monthly
premium and how it differs from the required premium; today's census by tier with the
tier factors; developed and quoted rates by plan and tier (with year 2 not-to-exceed
rates, and the issuer's current rates when the census gives them); and the premium on
today's census at the quoted rates, laid out as issuers' rate exhibits total it.
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
    ROW_SUBTOTAL,
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
from rfp_assistant.exhibits.notes import illustrative_note
from rfp_assistant.projection import RateDevelopment


def rate_development_exhibit(profile: AccountProfile, rd: RateDevelopment) -> Exhibit:
    """The step-by-step rate development exhibit of ``rd``, the development of ``profile``."""
    tables = (
        ExhibitTable("Experience and rating inputs", _INPUT_COLUMNS, _inputs(rd)),
        ExhibitTable("Development of the required premium PMPM", _STEP_COLUMNS, _steps(rd), in_summary=True),
        _tier_table(rd),
        _rates_table(rd),
        _premium_table(rd),
    )
    return Exhibit(
        name=RATE_DEVELOPMENT,
        title=f"{profile.name}: Rate Development",
        sheet_title="Rate Development",
        subtitle=(
            f"Rating period beginning {format_value(profile.effective_date, DATE)}; monthly rates",
            illustrative_note(profile),
        ),
        tables=tables,
        footnotes=_footnotes(rd),
    )


_INPUT_COLUMNS = (Column("Input", numeric=False), Column("Value"), Column("Basis", numeric=False))
# Same shape as the inputs table (label, value, explanation), so the columns line up.
_STEP_COLUMNS = (Column("Step", numeric=False), Column("Value"), Column("Formula", numeric=False))


def _inputs(rd: RateDevelopment) -> tuple[Row, ...]:
    rows = [
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
    ]
    if rd.pooling_point is not None:
        rows.append(
            label_row(
                "Pooling point",
                Cell(rd.pooling_point, MONEY0, key="rd.pp", is_input=True),
                "Per claimant, per year",
            )
        )
    rows += [
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
            "Effective date", Cell(rd.effective_date, DATE, key="rd.eff", is_input=True), "Account profile"
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
            "Medical and pharmacy combined",
        ),
        label_row(
            "Manual PMPM" + (", standard population" if rd.age_sex else ""),
            Cell(rd.base_manual_pmpm, MONEY, key="rd.manual", is_input=True),
            "Carrier manual rate" + (" before the age/sex adjustment" if rd.age_sex else " for the group"),
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
    ]
    rows += [
        label_row(
            f"Plan relativity, {plan}",
            Cell(rd.plan_relativities[plan], FACTOR, key=f"rd.rel.{plan}", is_input=True),
            "Plan design and network relative to the base plan (1.0000)",
        )
        for plan in rd.plans
    ]
    if not rd.quotes_profile_rates:
        rows.append(
            label_row(
                "Underwriting adjustment",
                Cell(rd.underwriting_adjustment, PERCENT, key="rd.adj", is_input=True),
                "Applied to each developed rate before rounding to the cent",
            )
        )
    rows.append(
        label_row(
            "Rate increase at each anniversary",
            Cell(rd.rate_trend, PERCENT, key="rd.rtrend", is_input=True),
            "Year 2 rates are not to exceed year 1 x (1 + this), to the cent",
        )
    )
    return tuple(rows)


def _step(line: str, step: str, formula_text: str, value: Cell) -> Row:
    return Row((Cell(f"({line}) {step}"), value, Cell(formula_text)))


def _steps(rd: RateDevelopment) -> tuple[Row, ...]:
    trend_base = f"{1 + rd.annual_trend:g}"
    rows = [
        _step(
            "1",
            "Experience PMPM",
            "(Incurred claims - claims above pooling point) / member months + pooling charge",
            Cell(rd.experience_pmpm, MONEY, formula="=({rd.inc}-{rd.pool})/{rd.mm}+{rd.pc}", key="rd.l1"),
        ),
        _step(
            "2",
            "Trend factor",
            f"(1 + annual trend)^(months of trend / 12) = {trend_base}^({rd.trend_months} / 12)",
            Cell(rd.trend_factor, FACTOR, formula="=(1+{rd.trend})^({rd.months}/12)", key="rd.l2"),
        ),
        _step(
            "3",
            "Trended experience PMPM",
            "(1) x (2)",
            Cell(rd.trended_pmpm, MONEY, formula="={rd.l1}*{rd.l2}", key="rd.l3"),
        ),
        _step(
            "4",
            "Credibility (Z)",
            "min(1, square root(member months / member months for full credibility))",
            Cell(rd.credibility, PERCENT, formula="=MIN(1,SQRT({rd.mm}/{rd.full}))", key="rd.l4"),
        ),
    ]
    if rd.age_sex is not None:
        a = rd.age_sex
        rows += [
            _step(
                "5a",
                "Manual PMPM, standard population",
                "Input",
                Cell(a.base_manual_pmpm, MONEY, formula="={rd.manual}", key="rd.l5a"),
            ),
            _step(
                "5b",
                "Age/sex factor of the census",
                f"Average of the plan's factor for each of the {a.employees:,} employees' age at the effective "
                "date and sex",
                Cell(a.factor, FACTOR, key="rd.l5b", is_input=True),
            ),
            _step(
                "5",
                "Manual PMPM adjusted for age and sex",
                "(5a) x (5b)",
                Cell(rd.manual_pmpm, MONEY, formula="={rd.l5a}*{rd.l5b}", key="rd.l5"),
            ),
        ]
    else:
        rows.append(
            _step(
                "5", "Manual PMPM", "Input", Cell(rd.manual_pmpm, MONEY, formula="={rd.manual}", key="rd.l5")
            )
        )
    rows += [
        _step(
            "6",
            "Blended PMPM",
            "(4) x (3) + [1 - (4)] x (5)",
            Cell(rd.blended_pmpm, MONEY, formula="={rd.l4}*{rd.l3}+(1-{rd.l4})*{rd.l5}", key="rd.l6"),
        ),
        _step("7", "Retention", "Input", Cell(rd.retention_pct, PERCENT, formula="={rd.ret}", key="rd.l7")),
        _step(
            "8",
            "Gross (required) PMPM",
            "(6) / [1 - (7)]",
            Cell(rd.gross_pmpm, MONEY, formula="={rd.l6}/(1-{rd.l7})", key="rd.l8"),
        ),
        _step(
            "9",
            "Members today, all plans",
            "Sum of contracts x members per contract (tier table)",
            Cell(rd.census_members, COUNT, formula="={rd.mem.*}", key="rd.l9"),
        ),
        _step(
            "10",
            "Weighted contracts",
            "Sum of contracts x plan relativity x tier factor (rates table)",
            Cell(rd.weighted_contracts, COUNT, formula="={rd.w.*}", key="rd.l10"),
        ),
        _step(
            "11",
            "Rate per unit of weight",
            "(8) x (9) / (10)",
            Cell(rd.factor_rate, MONEY, formula="={rd.l8}*{rd.l9}/{rd.l10}", key="rd.l11"),
        ),
        _step(
            "12",
            "Required monthly premium, today's census",
            "(8) x (9); the developed rates' premium",
            Cell(rd.required_premium, MONEY, formula="={rd.l8}*{rd.l9}", key="rd.l12"),
        ),
        _step(
            "13",
            "Underwriting adjustment" if not rd.quotes_profile_rates else "Quoted rates",
            "Applied to each developed rate, then rounded to the cent"
            if not rd.quotes_profile_rates
            else "The account profile's quoted rates (not the developed ones)",
            Cell(rd.underwriting_adjustment, PERCENT, formula="={rd.adj}", key="rd.l13")
            if not rd.quotes_profile_rates
            else Cell("As quoted"),
        ),
        _step(
            "14",
            "Quoted monthly premium, today's census",
            "Sum of contracts x quoted rate (premium table)",
            Cell(rd.quoted_monthly_premium(), MONEY, formula="={rd.m1.*}", key="rd.l14"),
        ),
        _step(
            "15",
            "Quoted less required premium",
            "(14) - (12): the underwriting adjustment and rounding to the cent",
            Cell(
                rd.quoted_monthly_premium() - rd.required_premium,
                MONEY,
                formula="={rd.l14}-{rd.l12}",
                key="rd.l15",
            ),
        ),
        _step(
            "16",
            "Annual premium, plan year 1, today's census",
            "(14) x 12",
            Cell(rd.quoted_monthly_premium() * 12, MONEY, formula="={rd.l14}*12", key="rd.l16"),
        ),
    ]
    return tuple(rows)


def _tier_table(rd: RateDevelopment) -> ExhibitTable:
    tiers, plans = rd.tiers, rd.plans
    rows = tuple(
        Row(
            (
                Cell(tier_label(t)),
                Cell(
                    rd.census_contracts[t],
                    INTEGER,
                    formula="=" + "+".join(f"{{rd.pc.{p}.{t}}}" for p in plans),
                    key=f"rd.c.{t}",
                ),
                Cell(rd.members_per_contract[t], RATIO, key=f"rd.mpc.{t}", is_input=True),
                Cell(rd.tier_members(t), COUNT, formula=f"={{rd.c.{t}}}*{{rd.mpc.{t}}}", key=f"rd.mem.{t}"),
                Cell(rd.tier_factors[t], RATIO, key=f"rd.f.{t}", is_input=True),
            )
        )
        for t in tiers
    )
    total = Row(
        (
            Cell("All tiers"),
            Cell(rd.total_contracts, INTEGER, formula=_span("c", tiers), key="rd.c.*"),
            Cell(rd.census_members / rd.total_contracts, RATIO, formula="={rd.mem.*}/{rd.c.*}"),
            Cell(rd.census_members, COUNT, formula=_span("mem", tiers), key="rd.mem.*"),
            Cell(""),
        ),
        ROW_TOTAL,
    )
    columns = (
        Column("Coverage tier", numeric=False),
        Column("Contracts today"),
        Column("Members per contract"),
        Column("Members today"),
        Column("Tier factor"),
    )
    return ExhibitTable("Today's census and tier factors, all plans", columns, rows, total)


def _span(measure: str, tiers: tuple[str, ...], plan: str | None = None) -> str:
    middle = f"{plan}." if plan else ""
    return f"=SUM({{rd.{measure}.{middle}{tiers[0]}}}:{{rd.{measure}.{middle}{tiers[-1]}}})"


def _rates_table(rd: RateDevelopment) -> ExhibitTable:
    tiers, current = rd.tiers, rd.current_rates
    rows: list[Row] = []
    for plan in rd.plans:
        for t in tiers:
            k = f"{plan}.{t}"
            quoted = (
                Cell(rd.quoted_rates[plan][t], MONEY, key=f"rd.q1.{k}", is_input=True)
                if rd.quotes_profile_rates
                else Cell(
                    rd.quoted_rates[plan][t],
                    MONEY,
                    formula=f"=ROUND({{rd.d.{k}}}*(1+{{rd.adj}}),2)",
                    key=f"rd.q1.{k}",
                )
            )
            cells = [
                Cell(plan),
                Cell(tier_label(t)),
                Cell(rd.plan_contracts[plan][t], INTEGER, key=f"rd.pc.{k}", is_input=True),
                Cell(rd.plan_relativities[plan], FACTOR, formula=f"={{rd.rel.{plan}}}"),
                Cell(rd.tier_factors[t], RATIO, formula=f"={{rd.f.{t}}}"),
                Cell(
                    rd.weighted(plan, t),
                    COUNT,
                    formula=f"={{rd.pc.{k}}}*{{rd.rel.{plan}}}*{{rd.f.{t}}}",
                    key=f"rd.w.{k}",
                ),
                Cell(
                    rd.developed_rates[plan][t],
                    MONEY,
                    formula=f"={{rd.l11}}*{{rd.rel.{plan}}}*{{rd.f.{t}}}",
                    key=f"rd.d.{k}",
                ),
                quoted,
                Cell(
                    rd.year2_rates[plan][t],
                    MONEY,
                    formula=f"=ROUND({{rd.q1.{k}}}*(1+{{rd.rtrend}}),2)",
                    key=f"rd.q2.{k}",
                ),
            ]
            if current is not None:
                now = current[plan][t]
                cells += [
                    Cell(now, MONEY, key=f"rd.cur.{k}", is_input=True),
                    Cell(
                        rd.quoted_rates[plan][t] / now - 1,
                        PERCENT,
                        formula=f"={{rd.q1.{k}}}/{{rd.cur.{k}}}-1",
                    ),
                ]
            rows.append(Row(tuple(cells)))
        rows.append(
            Row(
                (
                    Cell(plan),
                    Cell("All tiers"),
                    Cell(
                        sum(rd.plan_contracts[plan].values()),
                        INTEGER,
                        formula=_span("pc", tiers, plan),
                        key=f"rd.pc.{plan}",
                    ),
                    Cell(""),
                    Cell(""),
                    Cell(
                        sum(rd.weighted(plan, t) for t in tiers),
                        COUNT,
                        formula=_span("w", tiers, plan),
                        key=f"rd.w.{plan}",
                    ),
                ),
                ROW_SUBTOTAL,
            )
        )
    total = Row(
        (
            Cell("All plans"),
            Cell(""),
            Cell(rd.total_contracts, INTEGER, formula="=" + "+".join(f"{{rd.pc.{p}}}" for p in rd.plans)),
            Cell(""),
            Cell(""),
            Cell(
                rd.weighted_contracts,
                COUNT,
                formula="=" + "+".join(f"{{rd.w.{p}}}" for p in rd.plans),
                key="rd.w.*",
            ),
        ),
        ROW_TOTAL,
    )
    columns = [
        Column("Plan", numeric=False),
        Column("Coverage tier", numeric=False),
        Column("Contracts today"),
        Column("Plan relativity"),
        Column("Tier factor"),
        Column("Weighted contracts"),
        Column("Developed rate"),
        Column("Quoted rate, year 1"),
        Column("Year 2 rate, not to exceed"),
    ]
    if current is not None:
        columns += [Column("Current rate"), Column("Change from current")]
    return ExhibitTable(
        "Developed and quoted monthly rates by plan and coverage tier",
        tuple(columns),
        tuple(rows),
        total,
        note="Developed rate = line (11) x plan relativity x tier factor; quoted rate = developed rate x "
        "(1 + underwriting adjustment), to the cent."
        if not rd.quotes_profile_rates
        else "Developed rate = line (11) x plan relativity x tier factor; quoted rates are the account profile's.",
        in_summary=True,
    )


def _premium_table(rd: RateDevelopment) -> ExhibitTable:
    first, last = rd.tiers[0], rd.tiers[-1]
    rows = []
    for plan in rd.plans:

        def product(rates: str, plan: str = plan) -> str:
            return f"SUMPRODUCT({{rd.pc.{plan}.{first}}}:{{rd.pc.{plan}.{last}}},{{rd.{rates}.{plan}.{first}}}:{{rd.{rates}.{plan}.{last}}})"

        cells = [
            Cell(plan),
            Cell(sum(rd.plan_contracts[plan].values()), INTEGER, formula=f"={{rd.pc.{plan}}}"),
            Cell(rd.plan_quoted_premium(plan), MONEY, formula=f"={product('q1')}", key=f"rd.m1.{plan}"),
            Cell(
                rd.plan_quoted_premium(plan) * 12, MONEY, formula=f"={{rd.m1.{plan}}}*12", key=f"rd.a1.{plan}"
            ),
            Cell(rd.plan_quoted_premium(plan, 2), MONEY, formula=f"={product('q2')}", key=f"rd.m2.{plan}"),
            Cell(
                rd.plan_quoted_premium(plan, 2) * 12,
                MONEY,
                formula=f"={{rd.m2.{plan}}}*12",
                key=f"rd.a2.{plan}",
            ),
        ]
        if rd.current_rates is not None:
            now = sum(rd.plan_contracts[plan][t] * rd.current_rates[plan][t] for t in rd.tiers)
            cells += [
                Cell(now, MONEY, formula=f"={product('cur')}", key=f"rd.mc.{plan}"),
                Cell(
                    rd.plan_quoted_premium(plan) / now - 1,
                    PERCENT,
                    formula=f"={{rd.m1.{plan}}}/{{rd.mc.{plan}}}-1",
                ),
            ]
        rows.append(Row(tuple(cells)))

    def plus(key: str) -> str:
        return "=" + "+".join(f"{{rd.{key}.{p}}}" for p in rd.plans)

    total_cells = [
        Cell("All plans"),
        Cell(rd.total_contracts, INTEGER, formula=plus("pc")),
        Cell(rd.quoted_monthly_premium(), MONEY, formula=plus("m1"), key="rd.m1.*"),
        Cell(rd.quoted_monthly_premium() * 12, MONEY, formula=plus("a1"), key="rd.a1.*"),
        Cell(rd.quoted_monthly_premium(2), MONEY, formula=plus("m2"), key="rd.m2.*"),
        Cell(rd.quoted_monthly_premium(2) * 12, MONEY, formula=plus("a2"), key="rd.a2.*"),
    ]
    columns = [
        Column("Plan", numeric=False),
        Column("Contracts today"),
        Column("Monthly premium, year 1"),
        Column("Annual premium, year 1"),
        Column("Monthly premium, year 2"),
        Column("Annual premium, year 2"),
    ]
    if rd.current_rates is not None:
        now = sum(rd.plan_contracts[p][t] * rd.current_rates[p][t] for p in rd.plans for t in rd.tiers)
        total_cells += [
            Cell(now, MONEY, formula=plus("mc"), key="rd.mc.*"),
            Cell(rd.quoted_monthly_premium() / now - 1, PERCENT, formula="={rd.m1.*}/{rd.mc.*}-1"),
        ]
        columns += [Column("Monthly premium, current rates"), Column("Change from current")]
    return ExhibitTable(
        "Premium on today's census at the quoted rates",
        tuple(columns),
        tuple(rows),
        Row(tuple(total_cells), ROW_TOTAL),
        note="Monthly premium = sum of contracts x quoted rate, as the issuer's rate exhibit totals it; "
        "annual = monthly x 12. The membership projection grows this census month by month.",
        in_summary=True,
    )


def _footnotes(rd: RateDevelopment) -> tuple[str, ...]:
    notes = [
        f"Experience is trended {rd.annual_trend:.2%} a year for {rd.trend_months} months ({rd.trend_years:.1f} "
        f"years), from the experience period midpoint ({format_value(rd.period_midpoint, DATE)}) to the rating "
        f"period midpoint ({format_value(rd.rating_midpoint, DATE)}).",
        f"Credibility follows the square-root rule with full credibility at {rd.full_credibility_mm:,.0f} member "
        "months; the remainder is given to the manual rate.",
    ]
    if rd.age_sex is not None:
        notes.append(
            f"The manual rate is adjusted by the plan's age/sex factors for the {rd.age_sex.employees:,} employees of "
            f"{rd.age_sex.census} (age at the effective date; factor 1.0000 = the manual's standard population)."
        )
    notes += [
        "Developed rates spread the gross PMPM over today's census of all plans by plan relativity and tier factor, "
        "so that their premium on today's census equals gross PMPM x members today, line (12).",
        "The quoted rates are the developed rates after the underwriting adjustment, each rounded to the cent; "
        "line (15) is the whole difference. The membership projection and the issuer's rate exhibit use the "
        "quoted rates."
        if not rd.quotes_profile_rates
        else "The quoted rates are the account profile's; line (15) is their difference from the developed rates. "
        "The membership projection and the issuer's rate exhibit use the quoted rates.",
        f"Year 2 rates are not to exceed the year 1 rates increased {rd.rate_trend:.2%}, rounded to the cent.",
        "Figures are rounded for display; calculations use unrounded values. In the workbook, blue figures are inputs.",
    ]
    return tuple(notes)
