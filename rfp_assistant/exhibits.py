"""Computed exhibits as a format-neutral model, built once and rendered by every writer.

An :class:`Exhibit` is a titled list of :class:`ExhibitTable`\\ s plus footnotes. Each
:class:`Cell` carries its value (computed in Python by :mod:`rfp_assistant.projection`),
a semantic number format (``MONEY``, ``COUNT``, ...) and, where the figure is derived, a
spreadsheet formula in which other cells are named by their ``key`` in braces::

    Cell(value=1378.6, fmt=COUNT, key="det.c.1.HMO.employee",
         formula="={census.HMO.employee}*AVERAGE({idx.1}:{idx.12})")

The xlsx renderer lays the tables out, gives every keyed cell an address and turns the
braces into absolute references (:func:`resolve_formula`), so the workbook recomputes
from its input cells (census, rates, growth, trend) when a consultant changes them. The
Word renderer ignores formulas and prints values with :func:`format_value`. Input cells
are flagged ``is_input`` so renderers can mark them.

Exhibit names are the ones library entries use in their ``exhibit`` field:
``membership_projection`` and ``rate_development``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from rfp_assistant.account import AccountProfile
from rfp_assistant.projection import MONTHS_PER_YEAR, Projection, RateDevelopment, develop_rates, project

# Semantic number formats; each renderer maps them to its own notation.
TEXT = "text"
DATE = "date"  # Jul 1, 2027
MONTH = "month"  # Jul 2027
INTEGER = "integer"  # 61,308
COUNT = "count"  # 1,378.6
MONEY = "money"  # $1,234.56
MONEY0 = "money0"  # $1,234,567
PERCENT = "percent"  # 3.00%
PERCENT4 = "percent4"  # 0.2466%
FACTOR = "factor"  # 1.2122
INDEX = "index"  # 1.002466
RATIO = "ratio"  # 2.70

ROW_DATA = "data"
ROW_SUBTOTAL = "subtotal"
ROW_TOTAL = "total"

MEMBERSHIP_PROJECTION = "membership_projection"
RATE_DEVELOPMENT = "rate_development"

_TIER_LABELS = {
    "employee": "Employee only",
    "employee_only": "Employee only",
    "single": "Single",
    "employee_spouse": "Employee + spouse",
    "employee_children": "Employee + child(ren)",
    "employee_child": "Employee + child(ren)",
    "employee_plus_one": "Employee + one",
    "employee_one": "Employee + one",
    "family": "Family",
}
_KEY_PATTERN = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Cell:
    """One figure or label: its value, display format and, if derived, its formula."""

    value: float | int | str | date | None = None
    fmt: str = TEXT
    formula: str | None = None
    key: str | None = None
    is_input: bool = False


@dataclass(frozen=True)
class Column:
    """A table column; ``audit`` columns are calculation helpers Word leaves out."""

    header: str
    numeric: bool = True
    audit: bool = False


@dataclass(frozen=True)
class Row:
    """A table row; ``style`` is ``data``, ``subtotal`` or ``total``."""

    cells: tuple[Cell, ...]
    style: str = ROW_DATA


@dataclass(frozen=True)
class ExhibitTable:
    """A titled table with an optional total row and a note printed beneath it."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total_row: Row | None = None
    note: str | None = None

    @property
    def all_rows(self) -> tuple[Row, ...]:
        """The body rows followed by the total row, if any."""
        return self.rows + ((self.total_row,) if self.total_row is not None else ())


@dataclass(frozen=True)
class Exhibit:
    """A named exhibit: title, subtitle lines, tables and footnotes."""

    name: str
    title: str
    sheet_title: str
    subtitle: tuple[str, ...] = ()
    tables: tuple[ExhibitTable, ...] = ()
    footnotes: tuple[str, ...] = ()
    chart_after: int | None = None  # index of the table a chart follows, if the exhibit has one

    def iter_cells(self) -> Iterator[Cell]:
        """Every cell of every table, in reading order."""
        for table in self.tables:
            for row in table.all_rows:
                yield from row.cells

    def cell(self, key: str) -> Cell:
        """The cell named ``key``; raises ``KeyError`` when there is none."""
        for cell in self.iter_cells():
            if cell.key == key:
                return cell
        raise KeyError(key)


def resolve_formula(formula: str, addresses: Mapping[str, str]) -> str:
    """``formula`` with every ``{key}`` replaced by ``addresses[key]``."""
    return _KEY_PATTERN.sub(lambda m: addresses[m.group(1)], formula)


def formula_keys(formula: str) -> list[str]:
    """The cell keys a formula refers to."""
    return _KEY_PATTERN.findall(formula)


def format_value(value: object, fmt: str) -> str:
    """``value`` as text in format ``fmt`` (for Word and the terminal)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%b} {value.day}, {value.year}" if fmt == DATE else f"{value:%b %Y}"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    number = float(value)
    sign = "-" if number < 0 else ""
    number = abs(number)
    text = {
        INTEGER: lambda: f"{number:,.0f}",
        COUNT: lambda: f"{number:,.1f}",
        MONEY: lambda: f"${number:,.2f}",
        MONEY0: lambda: f"${number:,.0f}",
        PERCENT: lambda: f"{number:.2%}",
        PERCENT4: lambda: f"{number:.4%}",
        FACTOR: lambda: f"{number:.4f}",
        INDEX: lambda: f"{number:.6f}",
        RATIO: lambda: f"{number:.2f}",
    }.get(fmt, lambda: f"{number:g}")()
    return sign + text


def tier_label(tier: str) -> str:
    """A reader's label for a tier key (``employee_spouse`` -> ``Employee + spouse``)."""
    return _TIER_LABELS.get(tier, tier.replace("_", " ").capitalize())


def exhibits_for(profile: AccountProfile) -> dict[str, Exhibit]:
    """The exhibits the profile supports, keyed by exhibit name; empty without a census."""
    if not profile.has_projection:
        return {}
    exhibits = {MEMBERSHIP_PROJECTION: membership_projection_exhibit(profile)}
    rate_dev = rate_development_exhibit(profile)
    if rate_dev is not None:
        exhibits[RATE_DEVELOPMENT] = rate_dev
    return exhibits


# -- membership projection ------------------------------------------------------------------


def membership_projection_exhibit(profile: AccountProfile, projection: Projection | None = None) -> Exhibit:
    """The membership and premium projection exhibit (inputs, summaries, monthly grid).

    Raises :class:`~rfp_assistant.errors.AccountError` when the profile has no census.
    """
    proj = projection if projection is not None else project(profile)
    a = profile.assumptions
    years = a.projection_years
    subtitle = (
        f"Effective date {format_value(profile.effective_date, DATE)}"
        + (f" | {profile.state}" if profile.state else "")
        + (f" | {profile.funding.replace('-', ' ').capitalize()}" if profile.funding else ""),
        f"Projection period: {years} plan year{'s' if years > 1 else ''} ({years * MONTHS_PER_YEAR} months)",
    )
    mpc_text = ", ".join(f"{tier_label(t)} {profile.members_per_contract[t]:.2f}" for t in profile.tiers)
    footnotes = (
        f"Contracts grow {a.annual_growth:.2%} a year from today's census, compounded monthly at "
        f"{proj.monthly_growth:.4%}: contracts in month n = census x (1 + monthly growth)^(n - 1).",
        f"Members = contracts x members per contract ({mpc_text}); member months are the sum of monthly members.",
        f"Premium uses the quoted plan-year-1 monthly rates, increased {a.rate_trend:.2%} at each plan-year "
        "anniversary; premium PMPM = annual premium / member months.",
        "Composite rates on subtotal rows = premium / contracts. Figures are rounded for display; "
        "totals are computed from unrounded values.",
        "In the workbook, blue figures are inputs from the account profile; every other figure is a formula.",
    )
    summary = _summary_table(proj)
    tables = (
        _assumptions_table(profile, proj),
        _members_per_contract_table(profile),
        _census_table(profile),
        summary,
        _detail_table(profile, proj),
        _rate_schedule_table(profile, proj),
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
    )


def _assumptions_table(profile: AccountProfile, proj: Projection) -> ExhibitTable:
    a = profile.assumptions
    rows = (
        _item("Effective date", Cell(profile.effective_date, DATE, key="eff", is_input=True), "Plan year 1 begins"),
        _item("Annual enrollment growth", Cell(a.annual_growth, PERCENT, key="growth", is_input=True), "Input"),
        _item("Monthly enrollment growth",
              Cell(proj.monthly_growth, PERCENT4, formula="=(1+{growth})^(1/12)-1", key="g"),
              "(1 + annual growth)^(1/12) - 1"),
        _item("Rate trend at each anniversary", Cell(a.rate_trend, PERCENT, key="trend", is_input=True), "Input"),
        _item("Projection period (plan years)", Cell(a.projection_years, INTEGER, key="years"), "Input"),
    )
    columns = (Column("Assumption", numeric=False), Column("Value"), Column("Basis", numeric=False))
    return ExhibitTable("Assumptions", columns, rows)


def _members_per_contract_table(profile: AccountProfile) -> ExhibitTable:
    rows = tuple(
        Row((Cell(tier_label(t)), Cell(profile.members_per_contract[t], RATIO, key=f"mpc.{t}", is_input=True)))
        for t in profile.tiers
    )
    columns = (Column("Coverage tier", numeric=False), Column("Members per contract"))
    return ExhibitTable("Members per contract", columns, rows)


def _item(label: str, value: Cell, basis: str) -> Row:
    return Row((Cell(label), value, Cell(basis)))


def _census_table(profile: AccountProfile) -> ExhibitTable:
    rows: list[Row] = []
    plans = profile.plans
    for plan in plans:
        for tier in profile.tiers:
            contracts = profile.census[plan][tier]
            rate = profile.rates[plan][tier]
            k = f"{plan}.{tier}"
            rows.append(Row((
                Cell(plan), Cell(tier_label(tier)),
                Cell(contracts, INTEGER, key=f"census.{k}", is_input=True),
                Cell(contracts * profile.members_per_contract[tier], COUNT,
                     formula=f"={{census.{k}}}*{{mpc.{tier}}}", key=f"members0.{k}"),
                Cell(rate, MONEY, key=f"rate.{k}", is_input=True),
                Cell(contracts * rate, MONEY, formula=f"={{census.{k}}}*{{rate.{k}}}", key=f"prem0.{k}"),
            )))
        first, last = f"{plan}.{profile.tiers[0]}", f"{plan}.{profile.tiers[-1]}"
        contracts = sum(profile.census[plan].values())
        premium = sum(profile.census[plan][t] * profile.rates[plan][t] for t in profile.tiers)
        rows.append(Row((
            Cell(plan), Cell("All tiers"),
            Cell(contracts, INTEGER, formula=f"=SUM({{census.{first}}}:{{census.{last}}})", key=f"census.{plan}"),
            Cell(sum(profile.census[plan][t] * profile.members_per_contract[t] for t in profile.tiers), COUNT,
                 formula=f"=SUM({{members0.{first}}}:{{members0.{last}}})", key=f"members0.{plan}"),
            Cell(premium / contracts, MONEY, formula=f"={{prem0.{plan}}}/{{census.{plan}}}"),
            Cell(premium, MONEY, formula=f"=SUM({{prem0.{first}}}:{{prem0.{last}}})", key=f"prem0.{plan}"),
        ), ROW_SUBTOTAL))
    contracts = sum(sum(profile.census[p].values()) for p in plans)
    members = sum(profile.census[p][t] * profile.members_per_contract[t] for p in plans for t in profile.tiers)
    premium = sum(profile.census[p][t] * profile.rates[p][t] for p in plans for t in profile.tiers)
    total = Row((
        Cell("All plans"), Cell(""),
        Cell(contracts, INTEGER, formula=_plus("census", plans), key="census.total"),
        Cell(members, COUNT, formula=_plus("members0", plans), key="members0.total"),
        Cell(premium / contracts, MONEY, formula="={prem0.total}/{census.total}"),
        Cell(premium, MONEY, formula=_plus("prem0", plans), key="prem0.total"),
    ), ROW_TOTAL)
    columns = (
        Column("Plan", numeric=False), Column("Coverage tier", numeric=False), Column("Contracts today"),
        Column("Members today"), Column("Monthly rate, plan year 1"), Column("Monthly premium"),
    )
    return ExhibitTable("Current enrollment and quoted rates", columns, tuple(rows), total,
                        note="Subtotal and total rows show the composite rate (premium / contracts).")


def _plus(prefix: str, plans: tuple[str, ...], suffix: str = "") -> str:
    return "=" + "+".join(f"{{{prefix}.{p}{suffix}}}" for p in plans)


def _year_range(prefix: str, year: int) -> str:
    first = (year - 1) * MONTHS_PER_YEAR + 1
    return f"{{{prefix}.{first}}}:{{{prefix}.{first + MONTHS_PER_YEAR - 1}}}"


def _summary_table(proj: Projection) -> ExhibitTable:
    rows = []
    for year in proj.years:
        y = year.year
        end = proj.months[y * MONTHS_PER_YEAR - 1].start
        rows.append(Row((
            Cell(y, INTEGER),
            Cell(f"{format_value(year.start, MONTH)} - {format_value(end, MONTH)}"),
            Cell(sum(year.average_contracts.values()), COUNT, formula=f"=AVERAGE({_year_range('mct', y)})",
                 key=f"sum.contracts.{y}"),
            Cell(sum(year.average_members.values()), COUNT, formula=f"=AVERAGE({_year_range('mmt', y)})",
                 key=f"sum.members.{y}"),
            Cell(year.member_months, INTEGER, formula=f"=SUM({_year_range('mmt', y)})", key=f"sum.mm.{y}"),
            Cell(year.annual_premium, MONEY0, formula=f"=SUM({_year_range('mp', y)})", key=f"sum.prem.{y}"),
            Cell(year.premium_pmpm, MONEY, formula=f"={{sum.prem.{y}}}/{{sum.mm.{y}}}", key=f"sum.pmpm.{y}"),
        )))
    last = len(proj.years)
    total = Row((
        Cell("Total"), Cell(""), Cell(None, COUNT), Cell(None, COUNT),
        Cell(proj.member_months, INTEGER, formula=f"=SUM({{sum.mm.1}}:{{sum.mm.{last}}})", key="sum.mm.total"),
        Cell(proj.total_premium, MONEY0, formula=f"=SUM({{sum.prem.1}}:{{sum.prem.{last}}})", key="sum.prem.total"),
        Cell(proj.total_premium / proj.member_months, MONEY, formula="={sum.prem.total}/{sum.mm.total}",
             key="sum.pmpm.total"),
    ), ROW_TOTAL)
    columns = (
        Column("Plan year"), Column("Period", numeric=False), Column("Average contracts"),
        Column("Average members"), Column("Member months"), Column("Annual premium"), Column("Premium PMPM"),
    )
    return ExhibitTable("Projection summary by plan year, all plans", columns, tuple(rows), total)


def _detail_table(profile: AccountProfile, proj: Projection) -> ExhibitTable:
    rows: list[Row] = []
    tiers = profile.tiers
    for year in proj.years:
        y = year.year
        avg_index = f"AVERAGE({_year_range('idx', y)})"
        for plan, py in year.plans.items():
            for tier in tiers:
                k = f"{y}.{plan}.{tier}"
                rows.append(Row((
                    Cell(y, INTEGER), Cell(plan), Cell(tier_label(tier)),
                    Cell(py.average_contracts[tier], COUNT, formula=f"={{census.{plan}.{tier}}}*{avg_index}",
                         key=f"det.c.{k}"),
                    Cell(py.average_members[tier], COUNT, formula=f"={{det.c.{k}}}*{{mpc.{tier}}}", key=f"det.m.{k}"),
                    Cell(py.average_members[tier] * MONTHS_PER_YEAR, INTEGER, formula=f"={{det.m.{k}}}*12",
                         key=f"det.mm.{k}"),
                    Cell(py.monthly_rates[tier], MONEY, formula=f"={{rate{y}.{plan}.{tier}}}", key=f"det.rate.{k}"),
                    Cell(py.average_contracts[tier] * py.monthly_rates[tier] * MONTHS_PER_YEAR, MONEY0,
                         formula=f"={{det.c.{k}}}*{{det.rate.{k}}}*12", key=f"det.prem.{k}"),
                    Cell(py.monthly_rates[tier] / profile.members_per_contract[tier], MONEY,
                         formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}", key=f"det.pmpm.{k}"),
                )))
            rows.append(_detail_subtotal(y, plan, py.total_average_contracts, py.total_average_members,
                                         py.member_months, py.annual_premium, tiers))
        rows.append(_detail_year_total(y, year.average_contracts, year.average_members, year.member_months,
                                       year.annual_premium, tuple(year.plans)))
    columns = (
        Column("Plan year"), Column("Plan", numeric=False), Column("Coverage tier", numeric=False),
        Column("Average contracts"), Column("Average members"), Column("Member months"),
        Column("Monthly rate"), Column("Annual premium"), Column("Premium PMPM"),
    )
    return ExhibitTable("Projection by plan year, plan and coverage tier", columns, tuple(rows),
                        note="Average contracts = census x the plan year's average growth index (monthly table).")


def _detail_subtotal(y: int, plan: str, contracts: float, members: float, mm: float, premium: float,
                     tiers: tuple[str, ...]) -> Row:
    k = f"{y}.{plan}.*"

    def span(measure: str) -> str:
        return f"=SUM({{det.{measure}.{y}.{plan}.{tiers[0]}}}:{{det.{measure}.{y}.{plan}.{tiers[-1]}}})"

    return Row((
        Cell(y, INTEGER), Cell(plan), Cell("All tiers"),
        Cell(contracts, COUNT, formula=span("c"), key=f"det.c.{k}"),
        Cell(members, COUNT, formula=span("m"), key=f"det.m.{k}"),
        Cell(mm, INTEGER, formula=span("mm"), key=f"det.mm.{k}"),
        Cell(premium / contracts / MONTHS_PER_YEAR, MONEY, formula=f"={{det.prem.{k}}}/(12*{{det.c.{k}}})"),
        Cell(premium, MONEY0, formula=span("prem"), key=f"det.prem.{k}"),
        Cell(premium / mm, MONEY, formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}", key=f"det.pmpm.{k}"),
    ), ROW_SUBTOTAL)


def _detail_year_total(y: int, contracts: Mapping[str, float], members: Mapping[str, float], mm: float,
                       premium: float, plans: tuple[str, ...]) -> Row:
    k = f"{y}.*.*"

    def plus(measure: str) -> str:
        return "=" + "+".join(f"{{det.{measure}.{y}.{p}.*}}" for p in plans)

    total_contracts = sum(contracts.values())
    return Row((
        Cell(y, INTEGER), Cell("All plans"), Cell(""),
        Cell(total_contracts, COUNT, formula=plus("c"), key=f"det.c.{k}"),
        Cell(sum(members.values()), COUNT, formula=plus("m"), key=f"det.m.{k}"),
        Cell(mm, INTEGER, formula=plus("mm"), key=f"det.mm.{k}"),
        Cell(premium / total_contracts / MONTHS_PER_YEAR, MONEY, formula=f"={{det.prem.{k}}}/(12*{{det.c.{k}}})"),
        Cell(premium, MONEY0, formula=plus("prem"), key=f"det.prem.{k}"),
        Cell(premium / mm, MONEY, formula=f"={{det.prem.{k}}}/{{det.mm.{k}}}", key=f"det.pmpm.{k}"),
    ), ROW_TOTAL)


def _rate_schedule_table(profile: AccountProfile, proj: Projection) -> ExhibitTable:
    rows = []
    for plan in profile.plans:
        for tier in profile.tiers:
            cells = [Cell(plan), Cell(tier_label(tier))]
            for year in proj.years:
                y = year.year
                formula = (f"={{rate.{plan}.{tier}}}" if y == 1
                           else f"={{rate{y - 1}.{plan}.{tier}}}*(1+{{trend}})")
                cells.append(Cell(year.plans[plan].monthly_rates[tier], MONEY, formula=formula,
                                  key=f"rate{y}.{plan}.{tier}"))
            rows.append(Row(tuple(cells)))
    columns = (Column("Plan", numeric=False), Column("Coverage tier", numeric=False),
               *(Column(f"Plan year {y.year}") for y in proj.years))
    return ExhibitTable("Monthly rates by plan year", columns, tuple(rows),
                        note="Each plan year's rate = the prior year's rate x (1 + rate trend).")


def _monthly_table(proj: Projection) -> ExhibitTable:
    plans = proj.plans
    rows = []
    for month in proj.months:
        n = month.month
        cells = [
            Cell(n, INTEGER, key=f"mo.{n}"),
            Cell(month.start, MONTH, formula=f"=EDATE({{eff}},{{mo.{n}}}-1)"),
            Cell(month.plan_year, INTEGER, key=f"py.{n}"),
            Cell((1.0 + proj.monthly_growth) ** (n - 1), INDEX, formula=f"=(1+{{g}})^({{mo.{n}}}-1)", key=f"idx.{n}"),
        ]
        for plan in plans:
            cells.append(Cell(month.plan_contracts(plan), COUNT, formula=f"={{census.{plan}}}*{{idx.{n}}}",
                              key=f"mc.{plan}.{n}"))
            cells.append(Cell(month.plan_members(plan), COUNT, formula=f"={{members0.{plan}}}*{{idx.{n}}}",
                              key=f"mm.{plan}.{n}"))
        cells += [
            Cell(month.total_contracts, COUNT, formula=_plus("mc", plans, f".{n}"), key=f"mct.{n}"),
            Cell(month.total_members, COUNT, formula=_plus("mm", plans, f".{n}"), key=f"mmt.{n}"),
            Cell(month.total_premium, MONEY0, formula=f"={{prem0.total}}*{{idx.{n}}}*(1+{{trend}})^({{py.{n}}}-1)",
                 key=f"mp.{n}"),
        ]
        rows.append(Row(tuple(cells)))
    columns = (
        Column("Month"), Column("Month starting", numeric=False), Column("Plan year"),
        Column("Growth index", audit=True),
        *(c for p in plans for c in (Column(f"{p} contracts"), Column(f"{p} members"))),
        Column("Total contracts"), Column("Total members"), Column("Monthly premium"),
    )
    return ExhibitTable("Monthly projection", columns, tuple(rows),
                        note="Growth index = (1 + monthly growth)^(month - 1); each month's members are its member months.")


# -- rate development -----------------------------------------------------------------------


def rate_development_exhibit(profile: AccountProfile, rate_dev: RateDevelopment | None = None) -> Exhibit | None:
    """The step-by-step rate development exhibit; ``None`` when the profile has no experience."""
    rd = rate_dev if rate_dev is not None else develop_rates(profile)
    exp = profile.experience
    if rd is None or exp is None:
        return None
    inputs = (
        _item("Incurred claims, experience period", Cell(exp.incurred_claims, MONEY0, key="rd.inc", is_input=True),
              "Paid claims plus IBNR"),
        _item("Claims above the pooling point", Cell(exp.claims_above_pool, MONEY0, key="rd.pool", is_input=True),
              "Excess of large claims over the pooling point"),
        _item("Member months, experience period", Cell(exp.member_months, INTEGER, key="rd.mm", is_input=True),
              "Enrollment during the experience period"),
        _item("Pooling charge PMPM", Cell(exp.pooling_charge_pmpm, MONEY, key="rd.pc", is_input=True),
              "Charge replacing the pooled claims"),
        _item("Experience period midpoint", Cell(exp.period_midpoint, DATE, key="rd.mid", is_input=True),
              "Account profile"),
        _item("Effective date", Cell(profile.effective_date, DATE, key="rd.eff", is_input=True), "Account profile"),
        _item("Rating period midpoint", Cell(rd.rating_midpoint, DATE, formula="=EDATE({rd.eff},6)", key="rd.ratemid"),
              "Effective date + 6 months"),
        _item("Months of trend", Cell(rd.trend_months, INTEGER, formula='=DATEDIF({rd.mid},{rd.ratemid},"m")',
                                      key="rd.months"),
              "Whole months from experience midpoint to rating midpoint"),
        _item("Annual claims trend", Cell(exp.annual_trend, PERCENT, key="rd.trend", is_input=True),
              "Account profile"),
        _item("Manual PMPM", Cell(exp.manual_pmpm, MONEY, key="rd.manual", is_input=True),
              "Carrier manual rate for the group"),
        _item("Member months for full credibility", Cell(exp.full_credibility_mm, INTEGER, key="rd.full",
                                                          is_input=True), "Credibility standard"),
        _item("Retention (share of premium)", Cell(exp.retention_pct, PERCENT, key="rd.ret", is_input=True),
              "Administration, risk, profit, taxes and fees"),
    )
    input_columns = (Column("Input", numeric=False), Column("Value"), Column("Basis", numeric=False))
    steps = (
        _step(1, "Experience PMPM", "(Incurred claims - claims above pooling point) / member months + pooling charge",
              Cell(rd.experience_pmpm, MONEY, formula="=({rd.inc}-{rd.pool})/{rd.mm}+{rd.pc}", key="rd.l1")),
        _step(2, "Trend factor", f"(1 + annual trend)^(months of trend / 12) = {1 + exp.annual_trend:g}^"
              f"({rd.trend_months} / 12)", Cell(rd.trend_factor, FACTOR, formula="=(1+{rd.trend})^({rd.months}/12)",
                                                 key="rd.l2")),
        _step(3, "Trended experience PMPM", "(1) x (2)",
              Cell(rd.trended_pmpm, MONEY, formula="={rd.l1}*{rd.l2}", key="rd.l3")),
        _step(4, "Credibility (Z)", "min(1, square root(member months / member months for full credibility))",
              Cell(rd.credibility, PERCENT, formula="=MIN(1,SQRT({rd.mm}/{rd.full}))", key="rd.l4")),
        _step(5, "Manual PMPM", "Input", Cell(rd.manual_pmpm, MONEY, formula="={rd.manual}", key="rd.l5")),
        _step(6, "Blended PMPM", "(4) x (3) + [1 - (4)] x (5)",
              Cell(rd.blended_pmpm, MONEY, formula="={rd.l4}*{rd.l3}+(1-{rd.l4})*{rd.l5}", key="rd.l6")),
        _step(7, "Retention", "Input", Cell(rd.retention_pct, PERCENT, formula="={rd.ret}", key="rd.l7")),
        _step(8, "Gross (required) PMPM", "(6) / [1 - (7)]",
              Cell(rd.gross_pmpm, MONEY, formula="={rd.l6}/(1-{rd.l7})", key="rd.l8")),
        _step(9, "Members today, all plans", "Sum of contracts x members per contract (tier table)",
              Cell(rd.census_members, COUNT, formula="={rd.mem.*}", key="rd.l9")),
        _step(10, "Tier-factor-weighted contracts", "Sum of contracts x tier factor (tier table)",
              Cell(rd.weighted_contracts, COUNT, formula="={rd.w.*}", key="rd.l10")),
        _step(11, "Rate per unit of tier factor", "(8) x (9) / (10)",
              Cell(rd.factor_rate, MONEY, formula="={rd.l8}*{rd.l9}/{rd.l10}", key="rd.l11")),
        _step(12, "Monthly premium on today's census", "(8) x (9); equals the tier table's total premium",
              Cell(rd.gross_pmpm * rd.census_members, MONEY, formula="={rd.l8}*{rd.l9}", key="rd.l12")),
    )
    # Same shape as the inputs table (label, value, explanation), so the columns line up.
    step_columns = (Column("Step", numeric=False), Column("Value"), Column("Formula", numeric=False))
    tiers = profile.tiers
    tier_rows = []
    for tier in tiers:
        contracts = rd.census_contracts[tier]
        tier_rows.append(Row((
            Cell(tier_label(tier)),
            Cell(contracts, INTEGER, key=f"rd.c.{tier}", is_input=True),
            Cell(profile.members_per_contract[tier], RATIO, key=f"rd.mpc.{tier}", is_input=True),
            Cell(contracts * profile.members_per_contract[tier], COUNT, formula=f"={{rd.c.{tier}}}*{{rd.mpc.{tier}}}",
                 key=f"rd.mem.{tier}"),
            Cell(rd.tier_factors[tier], RATIO, key=f"rd.f.{tier}", is_input=True),
            Cell(contracts * rd.tier_factors[tier], COUNT, formula=f"={{rd.c.{tier}}}*{{rd.f.{tier}}}",
                 key=f"rd.w.{tier}"),
            Cell(rd.tier_rates[tier], MONEY, formula=f"={{rd.l11}}*{{rd.f.{tier}}}", key=f"rd.rate.{tier}"),
            Cell(contracts * rd.tier_rates[tier], MONEY, formula=f"={{rd.c.{tier}}}*{{rd.rate.{tier}}}",
                 key=f"rd.prem.{tier}"),
        )))

    def span(measure: str) -> str:
        return f"=SUM({{rd.{measure}.{tiers[0]}}}:{{rd.{measure}.{tiers[-1]}}})"

    contracts_total = sum(rd.census_contracts.values())
    tier_total = Row((
        Cell("All tiers"),
        Cell(contracts_total, INTEGER, formula=span("c"), key="rd.c.*"),
        Cell(rd.census_members / contracts_total, RATIO, formula="={rd.mem.*}/{rd.c.*}"),
        Cell(rd.census_members, COUNT, formula=span("mem"), key="rd.mem.*"),
        Cell(rd.weighted_contracts / contracts_total, RATIO, formula="={rd.w.*}/{rd.c.*}"),
        Cell(rd.weighted_contracts, COUNT, formula=span("w"), key="rd.w.*"),
        Cell(rd.monthly_premium / contracts_total, MONEY, formula="={rd.prem.*}/{rd.c.*}"),
        Cell(rd.monthly_premium, MONEY, formula=span("prem"), key="rd.prem.*"),
    ), ROW_TOTAL)
    tier_columns = (
        Column("Coverage tier", numeric=False), Column("Contracts today"), Column("Members per contract"),
        Column("Members today"), Column("Tier factor"), Column("Weighted contracts"), Column("Monthly rate"),
        Column("Monthly premium"),
    )
    years_text = f"{rd.trend_months / MONTHS_PER_YEAR:.1f}"
    footnotes = (
        f"Experience is trended {exp.annual_trend:.2%} a year for {rd.trend_months} months ({years_text} years), "
        f"from the experience period midpoint ({format_value(exp.period_midpoint, DATE)}) to the rating period "
        f"midpoint ({format_value(rd.rating_midpoint, DATE)}).",
        f"Credibility follows the square-root rule with full credibility at {exp.full_credibility_mm:,.0f} member "
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
            ExhibitTable("Development of the required premium PMPM", step_columns, steps),
            ExhibitTable("Monthly rates by coverage tier, all plans combined", tier_columns, tuple(tier_rows),
                         tier_total, note="Monthly rate = line (11) x tier factor; monthly premium = contracts x rate."),
        ),
        footnotes=footnotes,
    )


def _step(line: int, step: str, formula_text: str, value: Cell) -> Row:
    return Row((Cell(f"({line}) {step}"), value, Cell(formula_text)))

