"""The sample ties out: the issuer's rate exhibit, the rate development and its narrative agree.

Figures are checked against independent computations written here (the issuer's own
formulas recomputed by the ``formulas`` engine; the age/sex factor from the census file
and the profile's table read directly), never against the code's own intermediate values.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from formula_support import evaluate

from conftest import LIBRARY, SAMPLES
from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.census import with_census
from rfp_assistant.exhibits import (
    MEMBERSHIP_PROJECTION,
    RATE_DEVELOPMENT,
    Exhibit,
    exhibits_for,
    format_value,
)
from rfp_assistant.figures import Figure
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.templating import render_answer
from rfp_assistant.parse.rate_grid import find_rate_grids
from rfp_assistant.projection import develop_rates, project, projection_report
from rfp_assistant.rate_quote import OTHER, RATES, rate_exhibit_writes

RFP = SAMPLES / "harbor_point_medical_rfp.xlsx"
CENSUS = SAMPLES / "harbor_point_census.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def from_rfp() -> AccountProfile:
    """The sample account with the census read from the RFP workbook itself."""
    return with_census(load_account(ACCOUNT), RFP)[0]


@pytest.fixture(scope="module")
def from_census_file() -> AccountProfile:
    """The sample account with the employee-level census file."""
    return with_census(load_account(ACCOUNT), CENSUS)[0]


def half_up(value: float) -> float:
    return float(Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP))


# -- the issuer's rate exhibit ---------------------------------------------------------------


def test_rate_grids_are_found_per_option_with_tiers_years_and_current_rates() -> None:
    grids = find_rate_grids(RFP, ("HMO", "PPO"))
    assert [(g.sheet, g.title, g.plan, g.kind) for g in grids] == [
        ("Rate Exhibit", "Option 1A - Fully Insured HMO", "HMO", RATES),
        ("Rate Exhibit", "Option 1B - Fully Insured PPO", "PPO", RATES),
        ("Rate Exhibit", "Option 2 - Self-Funded (ASO) Fixed Costs, per employee per month", None, OTHER),
    ]
    hmo = grids[0]
    assert hmo.years == {1: "D", 2: "E"}
    assert [(r.tier, r.cells) for r in hmo.rows][:2] == [
        ("employee", {1: "D6", 2: "E6"}),
        ("employee_spouse", {1: "D7", 2: "E7"}),
    ]
    assert hmo.current_rates["family"] == 2645.96


def test_aso_fees_grid_is_left_for_a_person_with_its_cells(from_rfp: AccountProfile) -> None:
    writes = rate_exhibit_writes(RFP, from_rfp)
    assert len(writes.writes) == 16  # 2 plans x 4 tiers x 2 years
    (aso,) = writes.unfilled
    assert aso.title.startswith("Option 2 - Self-Funded (ASO)")
    assert aso.cells == ("D24", "E24", "D25", "E25", "D26", "E26")
    assert "fees" in aso.reason


def test_issuers_rate_exhibit_recomputes_to_the_exhibits_monthly_and_annual_premium(
    from_rfp: AccountProfile, tmp_path: Path
) -> None:
    copy = tmp_path / "filled.xlsx"
    shutil.copy(RFP, copy)
    workbook = openpyxl.load_workbook(copy)
    for write in rate_exhibit_writes(RFP, from_rfp).writes:
        workbook[write.sheet][write.ref] = write.value
    workbook.save(copy)
    got = evaluate(copy)

    rate_dev = exhibits_for(from_rfp)[RATE_DEVELOPMENT]
    rd = develop_rates(from_rfp)
    assert rd is not None
    # The issuer's own formulas: SUMPRODUCT(enrolled, proposed rate) and x 12, per option.
    for plan, (monthly, annual) in {"HMO": ("10", "11"), "PPO": ("19", "20")}.items():
        assert got[("RATE EXHIBIT", f"D{monthly}")] == pytest.approx(
            rate_dev.cell(f"rd.m1.{plan}").value, abs=0.005
        )
        assert got[("RATE EXHIBIT", f"D{annual}")] == pytest.approx(
            rate_dev.cell(f"rd.a1.{plan}").value, abs=0.005
        )
        assert got[("RATE EXHIBIT", f"E{monthly}")] == pytest.approx(
            rate_dev.cell(f"rd.m2.{plan}").value, abs=0.005
        )
        assert got[("RATE EXHIBIT", f"E{annual}")] == pytest.approx(
            rate_dev.cell(f"rd.a2.{plan}").value, abs=0.005
        )
    total = got[("RATE EXHIBIT", "D10")] + got[("RATE EXHIBIT", "D19")]  # type: ignore[operator]
    assert total == pytest.approx(rate_dev.cell("rd.l14").value, abs=0.005)  # one monthly premium figure
    first_month = exhibits_for(from_rfp)[MEMBERSHIP_PROJECTION].cell("mp.1").value
    assert total == pytest.approx(first_month, abs=0.005)
    # The cells hold the quoted rates, year 2 not to exceed year 1 x (1 + rate trend).
    values = openpyxl.load_workbook(copy)["Rate Exhibit"]
    assert values["D6"].value == rd.quoted_rates["HMO"]["employee"]
    assert values["E18"].value == half_up(rd.quoted_rates["PPO"]["family"] * 1.075)
    assert values["D24"].value is None  # the ASO fee stays for a person


# -- rates that tie --------------------------------------------------------------------------


def test_quoted_rates_are_the_developed_rates_after_the_labelled_adjustment(from_rfp: AccountProfile) -> None:
    rd = develop_rates(from_rfp)
    assert rd is not None and rd.underwriting_adjustment == -0.015
    for plan in rd.plans:
        for tier, developed in rd.developed_rates[plan].items():
            assert rd.quoted_rates[plan][tier] == half_up(developed * (1 - 0.015))
    # Plan relativity: the PPO's developed rates are the HMO's x 1.14, tier by tier.
    assert rd.developed_rates["PPO"]["family"] == pytest.approx(rd.developed_rates["HMO"]["family"] * 1.14)
    exhibit = exhibits_for(from_rfp)[RATE_DEVELOPMENT]
    steps = {row.cells[0].value: row.cells[1].value for row in exhibit.tables[1].rows}
    assert steps["(13) Underwriting adjustment"] == -0.015
    assert steps["(15) Quoted less required premium"] == pytest.approx(
        steps["(14) Quoted monthly premium, today's census"]
        - steps["(12) Required monthly premium, today's census"]
    )


def test_age_sex_adjusted_manual_rate_to_the_cent(from_census_file: AccountProfile) -> None:
    # Independently: each employee's age at the effective date and sex, read from the file,
    # looked up in the profile's table as written in the YAML.
    table = yaml.safe_load(ACCOUNT.read_text(encoding="utf-8"))["age_sex_factors"]
    bands = []
    for label, factors in table.items():
        label = str(label)
        if label.startswith("<"):
            low, high = 0, int(label[1:]) - 1
        elif label.endswith("+"):
            low, high = int(label[:-1]), 200
        else:
            low, high = (int(x) for x in label.split("-"))
        bands.append((low, high, factors))
    effective = date(2027, 7, 1)
    total, count = 0.0, 0
    for row in openpyxl.load_workbook(CENSUS)["Employee Census"].iter_rows(min_row=5, values_only=True):
        if not row[0]:
            continue
        born, sex = row[3].date(), row[4]
        age = effective.year - born.year - ((effective.month, effective.day) < (born.month, born.day))
        factors = next(f for low, high, f in bands if low <= age <= high)
        total += factors["female" if sex == "F" else "male"]
        count += 1
    expected = half_up(640.00 * total / count)

    rd = develop_rates(from_census_file)
    assert rd is not None and rd.age_sex is not None
    assert round(rd.manual_pmpm, 2) == expected
    exhibit = exhibits_for(from_census_file)[RATE_DEVELOPMENT]
    shown = {row.cells[0].value: row.cells[1] for row in exhibit.tables[1].rows}
    assert (
        format_value(shown["(5) Manual PMPM adjusted for age and sex"].value, "money") == f"${expected:,.2f}"
    )
    assert shown["(5b) Age/sex factor of the census"].value == pytest.approx(total / count)
    assert rd.age_sex.employees == count == 2050


def test_without_an_employee_census_the_manual_rate_is_used_as_given(from_rfp: AccountProfile) -> None:
    rd = develop_rates(from_rfp)
    assert rd is not None and rd.age_sex is None and rd.manual_pmpm == 640.00


# -- one source for every figure ---------------------------------------------------------------

FIGURE = re.compile(r"-?\$?\d+(?:,\d{3})*(?:\.\d+)?%?")  # $1,480,000  52,800  93.81%  30
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def exhibit_texts(exhibit: Exhibit) -> set[str]:
    """Every figure as the exhibit prints it."""
    return {format_value(cell.value, cell.fmt) for cell in exhibit.iter_cells()}


def narrative_figures(entry_id: str, profile: AccountProfile, *, brief: bool = False) -> list[str]:
    library = AnswerLibrary.load(LIBRARY)
    entry = next(e for e in library.entries if e.id == entry_id)
    context = {
        "plan": library.plan,
        "account": profile.template_vars(),
        "projection": projection_report(profile),
    }
    text = ISO_DATE.sub("", render_answer(entry, context, brief=brief))  # the dates are the account's
    return FIGURE.findall(text)


@pytest.mark.parametrize("brief", [False, True])
@pytest.mark.parametrize("census", ["profile", "rfp", "employee file"])
def test_every_figure_of_the_rate_development_narrative_is_the_exhibits(
    census: str, brief: bool, from_rfp: AccountProfile, from_census_file: AccountProfile
) -> None:
    profile = {"profile": load_account(ACCOUNT), "rfp": from_rfp, "employee file": from_census_file}[census]
    figures = narrative_figures("funding-rate-development", profile, brief=brief)
    shown = exhibit_texts(exhibits_for(profile)[RATE_DEVELOPMENT])
    assert len(figures) >= (6 if brief else 19)  # every figure the entry quotes
    assert [f for f in figures if f not in shown] == []
    assert "$250,000" in figures and "8.00%" in figures  # the account's pooling point and trend


def test_every_figure_of_the_projection_narrative_is_the_exhibits(from_rfp: AccountProfile) -> None:
    figures = narrative_figures("funding-membership-projection", from_rfp)
    shown = exhibit_texts(exhibits_for(from_rfp)[MEMBERSHIP_PROJECTION])
    assert figures and [f for f in figures if f not in shown] == []
    assert "2,050" in figures  # the Census Summary tab's enrollment


def test_plan_yaml_no_longer_holds_rating_figures() -> None:
    plan = yaml.safe_load((LIBRARY / "plan.yaml").read_text(encoding="utf-8"))
    assert not {"pooling_point", "medical_trend", "pharmacy_trend", "full_credibility_member_months"} & set(
        plan
    )


def test_projection_context_prints_figures_as_the_exhibit_does(from_rfp: AccountProfile) -> None:
    rates = projection_report(from_rfp)["rates"]
    assert isinstance(rates["trend"], Figure) and rates["trend"] == 0.08 and str(rates["trend"]) == "8.00%"
    assert str(rates["pooling_point"]) == "$250,000"
    assert (
        str(rates["year1"]["HMO"]["employee"])
        == f"${develop_rates(from_rfp).quoted_rates['HMO']['employee']:,.2f}"
    )  # type: ignore[union-attr]
    assert rates["monthly_premium"] == pytest.approx(project(from_rfp).months[0].total_premium)
