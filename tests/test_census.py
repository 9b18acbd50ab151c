"""The census from where the employer put it: the RFP's Census Summary tab, a census file."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, SAMPLES
from rfp_assistant.account import load_account
from rfp_assistant.census import (
    EMPLOYEES,
    SUMMARY,
    apply_census,
    demographics,
    find_census,
    read_census,
    with_census,
)
from rfp_assistant.errors import AccountError, InputError
from rfp_assistant.projection import project, projection_report

RFP = SAMPLES / "harbor_point_medical_rfp.xlsx"
CENSUS = SAMPLES / "harbor_point_census.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"
TIERS = ("employee", "employee_spouse", "employee_children", "family")


def tab_counts(path: Path, sheet: str, first_row: int) -> dict[str, dict[str, int]]:
    """Plan x tier counts as a reader sees them: label in column A, tiers in B..E."""
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for row in range(first_row, first_row + 2):
        label = ws.cell(row, 1).value.split(" ")[0]  # "HMO (fully insured)" -> "HMO"
        out[label] = {t: ws.cell(row, 2 + i).value for i, t in enumerate(TIERS)}
    return out


@pytest.fixture(scope="module")
def rfp_tab() -> dict[str, dict[str, int]]:
    return tab_counts(RFP, "Census Summary", 5)


def test_projection_census_equals_the_rfps_census_summary_tab(rfp_tab: dict[str, dict[str, int]]) -> None:
    census = read_census(RFP, ("HMO", "PPO"))
    assert census.kind == SUMMARY and census.sheet == "Census Summary"
    assert census.as_of == date(2027, 2, 1)  # "enrollment as of February 1, 2027"
    assert census.contracts == rfp_tab
    profile = load_account(ACCOUNT)
    assert profile.census == rfp_tab  # the sample profile ties out as it stands ...
    merged, differences = apply_census(profile, census)
    assert differences == []  # ... so reading the tab changes nothing
    assert project(merged).today.contracts == rfp_tab
    assert project(profile).today.total_contracts == 2050


def test_rfp_census_brings_the_issuers_current_rates_from_its_rate_exhibit() -> None:
    census = read_census(RFP, ("HMO", "PPO"))
    assert census.current_rates is not None
    assert census.current_rates["HMO"]["employee"] == 912.40
    assert census.current_rates["PPO"]["family"] == 3145.78


def test_employee_census_gives_the_same_contracts_as_its_summary(rfp_tab: dict[str, dict[str, int]]) -> None:
    census = read_census(CENSUS, ("HMO", "PPO"))
    assert census.kind == EMPLOYEES and census.sheet == "Employee Census"
    assert len(census.employees) == 2050
    assert census.contracts == tab_counts(CENSUS, "Summary", 5)  # the file's own summary sheet
    assert census.contracts == rfp_tab  # and the RFP's tab


def test_employee_census_counts_members_from_the_dependants_it_lists() -> None:
    ws = openpyxl.load_workbook(CENSUS)["Employee Census"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    census = read_census(CENSUS)
    assert census.members is not None
    assert sum(sum(t.values()) for t in census.members.values()) == len(rows) + sum(r[6] for r in rows)
    family = sum(1 + r[6] for r in rows if r[2] == "FAM" and r[1] == "PPO")
    assert census.members["PPO"]["family"] == family


def test_employee_census_demographics_at_the_effective_date() -> None:
    census = read_census(CENSUS)
    facts = demographics(census.employees, date(2027, 7, 1))
    ws = openpyxl.load_workbook(CENSUS)["Employee Census"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    ages = [2027 - r[3].year - ((r[3].month, r[3].day) > (7, 1)) for r in rows]
    assert facts.average_age == pytest.approx(sum(ages) / len(ages))
    assert (facts.female, facts.male) == (sum(r[4] == "F" for r in rows), sum(r[4] == "M" for r in rows))
    assert sum(facts.members_by_zip.values()) == len(rows) + sum(r[6] for r in rows)
    assert all(len(code) == 5 for code in facts.members_by_zip)


CSV = """\
Employee Census for Small Co
EE #,Carrier Plan,Coverage Level,DOB,Gender,Zip Code,# Dependents
1,Blue HMO,Employee Only,03/15/1980,F,02110,0
2,Blue HMO,Employee + Spouse,1975-06-01,Male,02110,1
3,Blue PPO,Family,7/4/1969,M,01602,3
4,Blue PPO,Employee Only,1999-12-31,f,01602,
"""


def test_csv_census_with_other_header_names_and_tier_words(tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_text(CSV, encoding="utf-8")
    census = read_census(path)
    assert census.plans == ("Blue HMO", "Blue PPO")
    assert census.tiers == ("employee", "employee_spouse", "family")
    assert census.contracts["Blue PPO"] == {"employee": 1, "employee_spouse": 0, "family": 1}
    assert census.employees[0].zip_code == "02110"  # the leading zero kept
    assert census.employees[2].birth_date == date(1969, 7, 4)
    assert census.members == {
        "Blue HMO": {"employee": 1, "employee_spouse": 2, "family": 0},
        "Blue PPO": {"employee": 1, "employee_spouse": 0, "family": 4},
    }


def test_a_census_row_that_cannot_be_read_is_named_by_row(tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_text(CSV.replace("Employee + Spouse", "Retiree").replace("7/4/1969", "soon"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_census(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    assert "row 4: coverage tier 'Retiree'" in message and "row 5: date of birth 'soon'" in message


def test_a_workbook_without_a_census_has_none(tmp_path: Path) -> None:
    assert find_census(SAMPLES / "small_rfp_no_header.xlsx") is None
    with pytest.raises(InputError, match="no census found"):
        read_census(SAMPLES / "small_rfp_no_header.xlsx")


def test_census_tiers_must_fit_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "census.csv"
    path.write_text(CSV.replace("Blue ", ""), encoding="utf-8")
    with pytest.raises(AccountError, match="coverage tiers"):
        with_census(load_account(ACCOUNT), path)  # the file has no employee + child(ren) tier


def test_census_counts_replace_the_profiles_and_each_difference_is_named() -> None:
    profile = load_account(ACCOUNT)
    profile = replace(profile, census={**profile.census, "HMO": {**profile.census["HMO"], "employee": 560.0}})
    merged, differences = with_census(profile, RFP)
    assert merged.census["HMO"]["employee"] == 540
    assert differences[0].startswith(
        "the census in the 'Census Summary' sheet of harbor_point_medical_rfp.xlsx"
    )
    assert differences[1:] == ["  HMO employee: profile 560, census 540"]


def test_employee_census_sets_members_per_contract_from_its_dependants() -> None:
    merged, differences = with_census(load_account(ACCOUNT), CENSUS)
    census = merged.census_source
    assert census is not None and census.members is not None
    for tier in TIERS:
        members = sum(plan[tier] for plan in census.members.values())
        contracts = sum(plan[tier] for plan in census.contracts.values())
        assert merged.members_per_contract[tier] == pytest.approx(members / contracts)
    assert any("members per contract, family" in line for line in differences)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rfp_assistant", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_project_census_option_says_which_counts_differ_and_uses_the_files(tmp_path: Path) -> None:
    changed = tmp_path / "account.yaml"
    changed.write_text(
        ACCOUNT.read_text(encoding="utf-8").replace("family: 325", "family: 300"), encoding="utf-8"
    )
    result = run("project", str(changed), "--census", str(RFP), "--json")
    assert result.returncode == 0, result.stderr
    assert "using the census file's" in result.stderr
    assert "  HMO family: profile 300, census 325" in result.stderr.splitlines()
    data = json.loads(result.stdout)
    assert data["census"]["plans"]["HMO"]["family"] == 325
    assert data["census"]["source"] == "the 'Census Summary' sheet of harbor_point_medical_rfp.xlsx"
    assert data["census"]["as_of"] == "2027-02-01"
    assert set(data["rates"]) >= {
        "trend",
        "pooling_point",
        "credibility",
        "retention",
        "year1",
        "year2",
        "current",
    }
    assert data["months"][0]["premium"] == pytest.approx(data["rates"]["monthly_premium"])


def test_project_json_keeps_its_shape_and_adds_census_and_rates() -> None:
    report = projection_report(load_account(ACCOUNT))
    assert {"years", "months", "rate_development", "census", "rates"} <= set(report)
    month = report["months"][0]
    assert {"contracts", "members", "premium", "plans"} <= set(month)
    assert set(month["plans"]["HMO"]) == {"contracts", "members", "premium"}
    assert report["census"]["contracts"] == 2050 and report["census"]["kind"] == "profile"
    assert json.loads(json.dumps(report)) == report
