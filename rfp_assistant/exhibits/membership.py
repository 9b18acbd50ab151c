"""The membership and premium projection exhibit.

Inputs (assumptions, members per contract, census and quoted rates) are plain cells;
everything else is a formula on them: the monthly table grows each plan's census by a
growth index, the plan-year summary sums and averages the monthly table, and the detail
by plan and tier multiplies the census by each plan year's average growth index.
"""

from __future__ import annotations

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits.model import (
    COUNT,
    DATE,
    INDEX,
    INTEGER,
    MEMBERSHIP_PROJECTION,
    MONEY,
    MONEY0,
    MONTH,
    PERCENT,
    PERCENT4,
    RATIO,
    ROW_SUBTOTAL,
    ROW_TOTAL,
    Cell,
    Chart,
    ChartSeries,
    Column,
    Exhibit,
    ExhibitTable,
    Row,
    format_value,
    label_row,
    tier_label,
)
from rfp_assistant.exhibits.notes import census_basis, illustrative_note
from rfp_assistant.projection import MONTHS_PER_YEAR, PlanYear, Projection, YearProjection


def membership_projection_exhibit(profile: AccountProfile, proj: Projection) -> Exhibit:
    """The membership and premium projection exhibit (inputs, summaries, monthly grid, chart)."""
    a = profile.assumptions
    years = a.projection_years
    subtitle = (
        f"Effective date {format_value(profile.effective_date, DATE)}"
        + (f" | {profile.state}" if profile.state else "")
        + (f" | {profile.funding.replace('-', ' ').capitalize()}" if profile.funding else ""),
        f"Projection period: {years} plan year{'s' if years > 1 else ''} ({years * MONTHS_PER_YEAR} months)",
        illustrative_note(profile),
    )
    mpc_text = ", ".join(f"{tier_label(t)} {proj.members_per_contract[t]:.2f}" for t in proj.tiers)
    footnotes = (
        f"Contracts grow {a.annual_growth:.2%} a year from today's census, compounded monthly at "
        f"{proj.monthly_growth:.4%}: contracts in month n = census x (1 + monthly growth)^(n - 1).",
        f"Members = contracts x members per contract ({mpc_text}); member months are the sum of monthly members.",
        f"Premium uses the quoted plan-year-1 monthly rates{_rates_source(profile)}, increased {a.rate_trend:.2%} "
        "at each plan-year anniversary and rounded to the cent (not-to-exceed rates); premium PMPM = annual "
        "premium / member months.",
        "Composite rates on subtotal rows = premium / contracts. Figures are rounded for display; "
        "totals are computed from unrounded values.",
        "In the workbook, blue figures are inputs from the account profile; every other figure is a formula.",
    )
    summary = _summary_table(proj)
    tables = (
        _assumptions_table(profile, proj),
        _members_per_contract_table(proj),
        _census_table(proj),
        summary,
        _detail_table(proj),
        _rate_schedule_table(proj),
        _monthly_table(proj),
    )
    return Exhibit(
        name=MEMBERSHIP_PROJECTION,
        title=f"{profile.name}: Membership and Premium Projection",
        sheet_title="Membership Projection",
        subtitle=subtitle,
        tables=tables,
        footnotes=footnotes,
        chart_after=tables.index(summary),  # the members chart illustrates the plan-year summary
        chart=_members_chart(profile, proj),
    )


def _rates_source(profile: AccountProfile) -> str:
    if profile.rates:
        return " (from the account profile)"
    return " (developed in the rate development exhibit)" if profile.experience else ""


def _members_chart(profile: AccountProfile, proj: Projection) -> Chart:
    """Projected members by month, per plan and in total, with each plan year labelled."""
    months = tuple(m.month for m in proj.months)
    firsts = [(y.year - 1) * MONTHS_PER_YEAR + 1 for y in proj.years] + [months[-1]]
    series = tuple(ChartSeries(plan, tuple(m.plan_members(plan) for m in proj.months)) for plan in proj.plans)
    total = ChartSeries("All plans", tuple(m.total_members for m in proj.months), total=True)
    growth = proj.assumptions.annual_growth
    return Chart(
        title=f"{proj.account}: projected members by month",
        caption=(
            f"Members (contracts x members per contract) by plan and in total, growing {growth:.2%} a year; "
            f"census: {census_basis(profile)}"
        ),
        x_label="Projection month",
        y_label="Members",
        x=months,
        ticks=tuple((m, f"{m}\n{proj.months[m - 1].start:%b %Y}") for m in firsts),
        series=(*series, total),
        dividers=tuple((y.year - 1) * MONTHS_PER_YEAR + 0.5 for y in proj.years[1:]),
        bands=tuple(
            (
                (y.year - 1) * MONTHS_PER_YEAR + 0.5,
                y.year * MONTHS_PER_YEAR + 0.5,
                f"Plan year {y.year}: {format_value(y.start, MONTH)} - {format_value(y.end, MONTH)}",
            )
            for y in proj.years
        ),
    )


def _assumptions_table(profile: AccountProfile, proj: Projection) -> ExhibitTable:
    a = profile.assumptions
    rows = (
        label_row(
            "Effective date",
            Cell(profile.effective_date, DATE, key="eff", is_input=True),
            "Plan year 1 begins",
        ),
        label_row(
            "Annual enrollment growth", Cell(a.annual_growth, PERCENT, key="growth", is_input=True), "Input"
        ),
        label_row(
            "Monthly enrollment growth",
            Cell(proj.monthly_growth, PERCENT4, formula="=(1+{growth})^(1/12)-1", key="g"),
            "(1 + annual growth)^(1/12) - 1",
        ),
        label_row(
            "Rate trend at each anniversary", Cell(a.rate_trend, PERCENT, key="trend", is_input=True), "Input"
        ),
        label_row("Projection period (plan years)", Cell(a.projection_years, INTEGER, key="years"), "Input"),
    )
    columns = (Column("Assumption", numeric=False), Column("Value"), Column("Basis", numeric=False))
    return ExhibitTable("Assumptions", columns, rows)


def _members_per_contract_table(proj: Projection) -> ExhibitTable:
    rows = tuple(
        Row((Cell(tier_label(t)), Cell(proj.members_per_contract[t], RATIO, key=f"mpc.{t}", is_input=True)))
        for t in proj.tiers
    )
    columns = (Column("Coverage tier", numeric=False), Column("Members per contract"))
    return ExhibitTable("Members per contract", columns, rows)


def _census_table(proj: Projection) -> ExhibitTable:
    today = proj.today
    rows: list[Row] = []
    for plan in today.plans:
        for tier in today.tiers:
            k = f"{plan}.{tier}"
            rows.append(
                Row(
                    (
                        Cell(plan),
                        Cell(tier_label(tier)),
                        Cell(today.contracts[plan][tier], INTEGER, key=f"census.{k}", is_input=True),
                        Cell(
                            today.members[plan][tier],
                            COUNT,
                            formula=f"={{census.{k}}}*{{mpc.{tier}}}",
                            key=f"members0.{k}",
                        ),
                        Cell(today.rates[plan][tier], MONEY, key=f"rate.{k}", is_input=True),
                        Cell(
                            today.premium(plan, tier),
                            MONEY,
                            formula=f"={{census.{k}}}*{{rate.{k}}}",
                            key=f"prem0.{k}",
                        ),
                    )
                )
            )
        first, last = f"{plan}.{today.tiers[0]}", f"{plan}.{today.tiers[-1]}"
        rows.append(
            Row(
                (
                    Cell(plan),
                    Cell("All tiers"),
                    Cell(
                        today.plan_contracts(plan),
                        INTEGER,
                        formula=f"=SUM({{census.{first}}}:{{census.{last}}})",
                        key=f"census.{plan}",
                    ),
                    Cell(
                        today.plan_members(plan),
                        COUNT,
                        formula=f"=SUM({{members0.{first}}}:{{members0.{last}}})",
                        key=f"members0.{plan}",
                    ),
                    Cell(
                        today.plan_premium(plan) / today.plan_contracts(plan),
                        MONEY,
                        formula=f"={{prem0.{plan}}}/{{census.{plan}}}",
                    ),
                    Cell(
                        today.plan_premium(plan),
                        MONEY,
                        formula=f"=SUM({{prem0.{first}}}:{{prem0.{last}}})",
                        key=f"prem0.{plan}",
                    ),
                ),
                ROW_SUBTOTAL,
            )
        )
    plans = today.plans
    total = Row(
        (
            Cell("All plans"),
            Cell(""),
            Cell(today.total_contracts, INTEGER, formula=_plus("census", plans), key="census.total"),
            Cell(today.total_members, COUNT, formula=_plus("members0", plans), key="members0.total"),
            Cell(today.total_premium / today.total_contracts, MONEY, formula="={prem0.total}/{census.total}"),
            Cell(today.total_premium, MONEY, formula=_plus("prem0", plans), key="prem0.total"),
        ),
        ROW_TOTAL,
    )
    columns = (
        Column("Plan", numeric=False),
        Column("Coverage tier", numeric=False),
        Column("Contracts today"),
        Column("Members today"),
        Column("Monthly rate, plan year 1"),
        Column("Monthly premium"),
    )
    return ExhibitTable(
        "Current enrollment and quoted rates",
        columns,
        tuple(rows),
        total,
        note="Subtotal and total rows show the composite rate (premium / contracts).",
        in_summary=True,
    )


def _plus(prefix: str, plans: tuple[str, ...], suffix: str = "") -> str:
    return "=" + "+".join(f"{{{prefix}.{p}{suffix}}}" for p in plans)


def _year_range(prefix: str, year: int) -> str:
    first = (year - 1) * MONTHS_PER_YEAR + 1
    return f"{{{prefix}.{first}}}:{{{prefix}.{first + MONTHS_PER_YEAR - 1}}}"


def _summary_table(proj: Projection) -> ExhibitTable:
    rows = []
    for year in proj.years:
        y = year.year
        rows.append(
            Row(
                (
                    Cell(y, INTEGER),
                    Cell(f"{format_value(year.start, MONTH)} - {format_value(year.end, MONTH)}"),
                    Cell(
                        year.total_average_contracts,
                        COUNT,
                        formula=f"=AVERAGE({_year_range('mct', y)})",
                        key=f"sum.contracts.{y}",
                    ),
                    Cell(
                        year.total_average_members,
                        COUNT,
                        formula=f"=AVERAGE({_year_range('mmt', y)})",
                        key=f"sum.members.{y}",
                    ),
                    Cell(
                        year.member_months,
                        INTEGER,
                        formula=f"=SUM({_year_range('mmt', y)})",
                        key=f"sum.mm.{y}",
                    ),
                    Cell(
                        year.annual_premium,
                        MONEY0,
                        formula=f"=SUM({_year_range('mp', y)})",
                        key=f"sum.prem.{y}",
                    ),
                    Cell(
                        year.premium_pmpm,
                        MONEY,
                        formula=f"={{sum.prem.{y}}}/{{sum.mm.{y}}}",
                        key=f"sum.pmpm.{y}",
                    ),
                )
            )
        )
    last = len(proj.years)
    total = Row(
        (
            Cell("Total"),
            Cell(""),
            Cell(None, COUNT),
            Cell(None, COUNT),
            Cell(
                proj.member_months,
                INTEGER,
                formula=f"=SUM({{sum.mm.1}}:{{sum.mm.{last}}})",
                key="sum.mm.total",
            ),
            Cell(
                proj.total_premium,
                MONEY0,
                formula=f"=SUM({{sum.prem.1}}:{{sum.prem.{last}}})",
                key="sum.prem.total",
            ),
            Cell(
                proj.premium_pmpm,
                MONEY,
                formula="={sum.prem.total}/{sum.mm.total}",
                key="sum.pmpm.total",
            ),
        ),
        ROW_TOTAL,
    )
    columns = (
        Column("Plan year", centered=True),
        Column("Period", numeric=False),
        Column("Average contracts"),
        Column("Average members"),
        Column("Member months"),
        Column("Annual premium"),
        Column("Premium PMPM"),
    )
    return ExhibitTable(
        "Projection summary by plan year, all plans", columns, tuple(rows), total, in_summary=True
    )


def _detail_table(proj: Projection) -> ExhibitTable:
    rows: list[Row] = []
    tiers = proj.tiers
    for year in proj.years:
        y = year.year
        avg_index = f"AVERAGE({_year_range('idx', y)})"
        for plan, py in year.plans.items():
            for tier in tiers:
                k = f"{y}.{plan}.{tier}"
                rows.append(
                    Row(
                        (
                            Cell(y, INTEGER),
                            Cell(plan),
                            Cell(tier_label(tier)),
                            Cell(
                                py.average_contracts[tier],
                                COUNT,
                                formula=f"={{census.{plan}.{tier}}}*{avg_index}",
                                key=f"det.c.{k}",
                            ),
                            Cell(
                                py.average_members[tier],
                                COUNT,
                                formula=f"={{det.c.{k}}}*{{mpc.{tier}}}",
                                key=f"det.m.{k}",
                            ),
                            Cell(
                                py.tier_member_months(tier),
                                INTEGER,
                                formula=f"={{det.m.{k}}}*12",
                                key=f"det.mm.{k}",
                            ),
                            Cell(
                                py.monthly_rates[tier],
                                MONEY,
                                formula=f"={{rate{y}.{plan}.{tier}}}",
                                key=f"det.rate.{k}",
                            ),
                            Cell(
                                py.tier_premium(tier),
                                MONEY0,
                                formula=f"={{det.c.{k}}}*{{det.rate.{k}}}*12",
                                key=f"det.prem.{k}",
                            ),
                            Cell(
                                py.tier_pmpm(tier),
                                MONEY,
                                formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}",
                                key=f"det.pmpm.{k}",
                            ),
                        )
                    )
                )
            rows.append(_detail_subtotal(y, py, tiers))
        rows.append(_detail_year_total(year))
    columns = (
        Column("Plan year", centered=True),
        Column("Plan", numeric=False),
        Column("Coverage tier", numeric=False),
        Column("Average contracts"),
        Column("Average members"),
        Column("Member months"),
        Column("Monthly rate"),
        Column("Annual premium"),
        Column("Premium PMPM"),
    )
    return ExhibitTable(
        "Projection by plan year, plan and coverage tier",
        columns,
        tuple(rows),
        note="Average contracts = census x the plan year's average growth index (monthly table).",
    )


def _detail_subtotal(y: int, py: PlanYear, tiers: tuple[str, ...]) -> Row:
    plan = py.plan
    k = f"{y}.{plan}.*"

    def span(measure: str) -> str:
        return f"=SUM({{det.{measure}.{y}.{plan}.{tiers[0]}}}:{{det.{measure}.{y}.{plan}.{tiers[-1]}}})"

    return Row(
        (
            Cell(y, INTEGER),
            Cell(plan),
            Cell("All tiers"),
            Cell(py.total_average_contracts, COUNT, formula=span("c"), key=f"det.c.{k}"),
            Cell(py.total_average_members, COUNT, formula=span("m"), key=f"det.m.{k}"),
            Cell(py.member_months, INTEGER, formula=span("mm"), key=f"det.mm.{k}"),
            Cell(py.composite_rate, MONEY, formula=f"={{det.prem.{k}}}/(12*{{det.c.{k}}})"),
            Cell(py.annual_premium, MONEY0, formula=span("prem"), key=f"det.prem.{k}"),
            Cell(py.premium_pmpm, MONEY, formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}", key=f"det.pmpm.{k}"),
        ),
        ROW_SUBTOTAL,
    )


def _detail_year_total(year: YearProjection) -> Row:
    y = year.year
    k = f"{y}.*.*"

    def plus(measure: str) -> str:
        return "=" + "+".join(f"{{det.{measure}.{y}.{p}.*}}" for p in year.plans)

    return Row(
        (
            Cell(y, INTEGER),
            Cell("All plans"),
            Cell(""),
            Cell(year.total_average_contracts, COUNT, formula=plus("c"), key=f"det.c.{k}"),
            Cell(year.total_average_members, COUNT, formula=plus("m"), key=f"det.m.{k}"),
            Cell(year.member_months, INTEGER, formula=plus("mm"), key=f"det.mm.{k}"),
            Cell(year.composite_rate, MONEY, formula=f"={{det.prem.{k}}}/(12*{{det.c.{k}}})"),
            Cell(year.annual_premium, MONEY0, formula=plus("prem"), key=f"det.prem.{k}"),
            Cell(year.premium_pmpm, MONEY, formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}", key=f"det.pmpm.{k}"),
        ),
        ROW_TOTAL,
    )


def _rate_schedule_table(proj: Projection) -> ExhibitTable:
    rows = []
    for plan in proj.plans:
        for tier in proj.tiers:
            cells = [Cell(plan), Cell(tier_label(tier))]
            for year in proj.years:
                y = year.year
                formula = (
                    f"={{rate.{plan}.{tier}}}"
                    if y == 1
                    else f"=ROUND({{rate{y - 1}.{plan}.{tier}}}*(1+{{trend}}),2)"
                )
                cells.append(
                    Cell(
                        year.plans[plan].monthly_rates[tier],
                        MONEY,
                        formula=formula,
                        key=f"rate{y}.{plan}.{tier}",
                    )
                )
            rows.append(Row(tuple(cells)))
    columns = (
        Column("Plan", numeric=False),
        Column("Coverage tier", numeric=False),
        *(Column(f"Plan year {y.year}") for y in proj.years),
    )
    return ExhibitTable(
        "Monthly rates by plan year",
        columns,
        tuple(rows),
        note="Each plan year's rate = the prior year's rate x (1 + rate trend), rounded to the cent.",
    )


def _premium_at_year_rates(proj: Projection, year: int) -> str:
    """Today's census at plan year ``year``'s rates: a SUMPRODUCT per plan."""
    first, last = proj.tiers[0], proj.tiers[-1]
    return "+".join(
        f"SUMPRODUCT({{census.{p}.{first}}}:{{census.{p}.{last}}},{{rate{year}.{p}.{first}}}:{{rate{year}.{p}.{last}}})"
        for p in proj.plans
    )


def _monthly_table(proj: Projection) -> ExhibitTable:
    plans = proj.plans
    rows = []
    for month in proj.months:
        n = month.month
        cells = [
            Cell(n, INTEGER, key=f"mo.{n}"),
            Cell(month.start, MONTH, formula=f"=EDATE({{eff}},{{mo.{n}}}-1)"),
            Cell(month.plan_year, INTEGER, key=f"py.{n}"),
            Cell(
                month.growth_index,
                INDEX,
                formula=f"=(1+{{g}})^({{mo.{n}}}-1)",
                key=f"idx.{n}",
            ),
        ]
        for plan in plans:
            cells.append(
                Cell(
                    month.plan_contracts(plan),
                    COUNT,
                    formula=f"={{census.{plan}}}*{{idx.{n}}}",
                    key=f"mc.{plan}.{n}",
                )
            )
            cells.append(
                Cell(
                    month.plan_members(plan),
                    COUNT,
                    formula=f"={{members0.{plan}}}*{{idx.{n}}}",
                    key=f"mm.{plan}.{n}",
                )
            )
        cells += [
            Cell(month.total_contracts, COUNT, formula=_plus("mc", plans, f".{n}"), key=f"mct.{n}"),
            Cell(month.total_members, COUNT, formula=_plus("mm", plans, f".{n}"), key=f"mmt.{n}"),
            Cell(
                month.total_premium,
                MONEY0,
                formula=f"={{idx.{n}}}*({_premium_at_year_rates(proj, month.plan_year)})",
                key=f"mp.{n}",
            ),
        ]
        rows.append(Row(tuple(cells)))
    columns = (
        Column("Month", centered=True),
        Column("Month starting", numeric=False),
        Column("Plan year", centered=True),
        Column("Growth index", audit=True),
        *(c for p in plans for c in (Column(f"{p} contracts"), Column(f"{p} members"))),
        Column("Total contracts"),
        Column("Total members"),
        Column("Monthly premium"),
    )
    return ExhibitTable(
        "Monthly projection",
        columns,
        tuple(rows),
        note="Contracts in month n = census x growth index, (1 + monthly growth)^(n - 1); each month's members are its member months.",
    )
