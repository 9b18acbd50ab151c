"""Loading and validating account profiles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.errors import AccountError, RfpAssistantError

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "harbor_point_account.yaml"

VALID = """\
account:
  name: Small Co
  effective_date: 2027-01-01
  state: MA
  funding: self-funded
tiers: [employee, family]
members_per_contract: {employee: 1.0, family: 3.5}
census:
  HMO: {employee: 10, family: 5}
  PPO: {employee: 4, family: 2}
assumptions: {annual_growth: 0.02, projection_years: 2, rate_trend: 0.07}
rates:
  HMO: {employee: 500, family: 1400}
  PPO: {employee: 600, family: 1700}
experience:
  incurred_claims: 100000
  member_months: 400
  claims_above_pool: 0
  pooling_charge_pmpm: 20
  period_midpoint: 2025-07-01
  annual_trend: 0.08
  manual_pmpm: 450
  full_credibility_mm: 24000
  retention_pct: 0.12
  tier_factors: {employee: 1.0, family: 2.9}
"""


def write(tmp_path: Path, text: str, name: str = "account.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_account_loads_with_every_field() -> None:
    profile = load_account(SAMPLE)
    assert profile.name == "Harbor Point Manufacturing"
    assert profile.effective_date == date(2027, 7, 1)
    assert (profile.state, profile.funding) == ("MA", "fully-insured")
    assert profile.products == ("HMO", "PPO")
    assert profile.tiers == ("employee", "employee_spouse", "employee_children", "family")
    assert sum(sum(plan.values()) for plan in profile.census.values()) == 2050
    assert profile.census_date == date(2027, 2, 1)
    assert profile.rates == {}  # the quoted rates are developed from the experience
    assert profile.assumptions.projection_years == 3
    exp = profile.experience
    assert exp is not None and exp.full_credibility_mm == 60000 and exp.pooling_point == 250000
    assert exp.plan_relativities == {"HMO": 1.0, "PPO": 1.14} and exp.underwriting_adjustment == -0.015
    assert profile.age_sex_factors is not None and len(profile.age_sex_factors.bands) == 10
    assert profile.has_projection and profile.source == SAMPLE


def test_template_vars_give_answers_plain_account_fields() -> None:
    assert load_account(SAMPLE).template_vars() == {
        "name": "Harbor Point Manufacturing",
        "effective_date": "2027-07-01",
        "state": "MA",
        "funding": "fully-insured",
        "products": ["HMO", "PPO"],
    }


def test_minimal_profile_loads_without_projection(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account: {name: Harbor Point Manufacturing, effective_date: 2027-07-01, state: MA,\n"
        "          funding: fully-insured}\nproducts: [HMO, PPO]\n",
    )
    profile = load_account(path)
    assert isinstance(profile, AccountProfile)
    assert profile.products == ("HMO", "PPO")
    assert not profile.has_projection and profile.census == {} and profile.experience is None


def test_products_default_to_the_census_plans(tmp_path: Path) -> None:
    profile = load_account(write(tmp_path, VALID))
    assert profile.products == ("HMO", "PPO")
    assert profile.census["PPO"] == {"employee": 4.0, "family": 2.0}
    assert profile.assumptions.annual_growth == 0.02


def test_assumptions_default_when_absent(tmp_path: Path) -> None:
    text = VALID.replace("assumptions: {annual_growth: 0.02, projection_years: 2, rate_trend: 0.07}\n", "")
    profile = load_account(write(tmp_path, text))
    assert (
        profile.assumptions.annual_growth,
        profile.assumptions.projection_years,
        profile.assumptions.rate_trend,
    ) == (0.0, 3, 0.0)


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("  name: Small Co\n", "", "missing 'account.name'", 1),
        ("  effective_date: 2027-01-01\n", "", "missing 'account.effective_date'", 1),
        ("effective_date: 2027-01-01", "effective_date: next July", "must be a date", 3),
        ("funding: self-funded", "funding: partially-insured", "'account.funding' must be one of", 5),
        (
            "HMO: {employee: 10, family: 5}",
            "HMO: {employee: 10, famly: 5}",
            "tier 'famly', which is not listed",
            9,
        ),
        ("PPO: {employee: 4, family: 2}", "PPO: {employee: -4, family: 2}", "must not be negative", 10),
        ("  PPO: {employee: 600, family: 1700}\n", "", "missing rates for plan 'PPO'", 12),
        (
            "HMO: {employee: 500, family: 1400}",
            "HMO: {employee: 500, spouse: 1, family: 1400}",
            "tier 'spouse', which is not listed in tiers",
            13,
        ),
        ("tiers: [employee, family]", "tiers: [a, b, c, d, e]", "must list 2, 3 or 4 coverage tiers", 6),
        ("tiers: [employee, family]", "tiers: [employee]", "must list 2, 3 or 4 coverage tiers", 6),
        (
            "members_per_contract: {employee: 1.0, family: 3.5}",
            "members_per_contract: {employee: 1.0}",
            "lacks tier family",
            7,
        ),
        ("HMO: {employee: 10, family: 5}", "HMO: {employee: ten, family: 5}", "must be a number", 9),
        ("projection_years: 2", "projection_years: 2.5", "whole number from 1 to 10", 11),
        ("  retention_pct: 0.12\n", "", "'experience' lacks retention_pct", 15),
        ("retention_pct: 0.12", "retention_pct: 1.2", "must be less than 1.0", 24),
        ("claims_above_pool: 0", "claims_above_pool: 200000", "exceeds incurred_claims", 18),
        (
            "period_midpoint: 2025-07-01",
            "period_midpoint: 2027-07-01",
            "must fall before the effective date",
            20,
        ),
        ("assumptions:", "assumption:", "unknown key 'assumption'", 11),
        (
            "  PPO: {employee: 4, family: 2}\n",
            "  PPO: {employee: 4, family: 2}\n  HMO: {employee: 1, family: 1}\n",
            "duplicate key 'census.HMO'",
            11,
        ),
        (
            "  PPO: {employee: 4, family: 2}\n",
            "  PPO: {employee: 0, family: 0}\n",
            "has no enrolled contracts",
            10,
        ),
        (
            "  HMO: {employee: 500, family: 1400}\n",
            "  HMO: {employee: 500, family: 1400}\n  EPO: {employee: 1, family: 2}\n",
            "rates given for plan 'EPO', which is not in census",
            14,
        ),
    ],
)
def test_invalid_profiles_raise_one_line_errors_naming_file_and_line(
    tmp_path: Path, old: str, new: str, message: str, line: int
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(AccountError) as caught:
        load_account(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{path}:{line}: "), text
    assert message in text
    assert caught.value.path == str(path)


def test_census_plan_must_be_among_listed_products(tmp_path: Path) -> None:
    path = write(tmp_path, "products: [HMO]\n" + VALID)
    with pytest.raises(AccountError, match="census plan 'PPO' is not listed in products"):
        load_account(path)


def test_funding_is_optional_but_checked(tmp_path: Path) -> None:
    profile = load_account(write(tmp_path, VALID.replace("  funding: self-funded\n", "")))
    assert profile.funding is None and profile.template_vars()["funding"] is None


def test_every_problem_is_collected_and_the_first_reported(tmp_path: Path) -> None:
    text = VALID.replace("  name: Small Co\n", "").replace("family: 5}", "family: -5}")
    with pytest.raises(AccountError) as caught:
        load_account(write(tmp_path, text))
    assert "(and 1 more problem)" in str(caught.value)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert [p.line for p in problems] == [1, 8]  # the account section, the census row


def test_invalid_yaml_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "account:\n  name: [unclosed\n  effective_date: 2027-01-01\n")
    with pytest.raises(AccountError) as caught:
        load_account(path)
    text = str(caught.value)
    assert text.startswith(f"{path}:") and "invalid YAML" in text and "\n" not in text


def test_profile_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "- just\n- a list\n")
    with pytest.raises(AccountError, match="must be a mapping"):
        load_account(path)


def test_missing_file_is_an_account_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(RfpAssistantError) as caught:
        load_account(path)
    assert isinstance(caught.value, AccountError)
    assert str(path) in str(caught.value) and "cannot read" in str(caught.value)


def test_a_directory_is_not_a_profile(tmp_path: Path) -> None:
    with pytest.raises(AccountError, match="cannot read"):
        load_account(tmp_path)


def test_census_without_rates_or_experience_is_rejected(tmp_path: Path) -> None:
    text = VALID[: VALID.index("rates:")]
    with pytest.raises(AccountError, match="missing 'rates:'"):
        load_account(write(tmp_path, text))


def test_census_with_experience_needs_no_quoted_rates(tmp_path: Path) -> None:
    text = VALID[: VALID.index("rates:")] + VALID[VALID.index("experience:") :]
    profile = load_account(write(tmp_path, text))
    assert profile.rates == {} and profile.experience is not None and profile.has_projection


def test_optional_rating_inputs_are_read_and_checked(tmp_path: Path) -> None:
    extra = "  pooling_point: 250000\n  plan_relativities: {PPO: 1.15}\n  underwriting_adjustment: -0.02\n"
    profile = load_account(write(tmp_path, VALID + extra + "census_date: 2027-02-01\n"))
    exp = profile.experience
    assert exp is not None
    assert (exp.pooling_point, exp.underwriting_adjustment) == (250000, -0.02)
    assert (exp.relativity("HMO"), exp.relativity("PPO")) == (1.0, 1.15)
    assert profile.census_date == date(2027, 2, 1)
    with pytest.raises(AccountError, match="plan relativity given for 'EPO'"):
        load_account(write(tmp_path, VALID + "  plan_relativities: {EPO: 1.1}\n", "bad.yaml"))


AGE_SEX = """\
age_sex_factors:
  "<30": {female: 0.80, male: 0.60}
  30-49: {female: 1.10, male: 0.90}
  50+: {female: 1.60, male: 1.80}
"""


def test_age_sex_factor_table_is_read_by_band(tmp_path: Path) -> None:
    table = load_account(write(tmp_path, VALID + AGE_SEX)).age_sex_factors
    assert table is not None
    assert [(b.low, b.high) for b in table.bands] == [(0, 29), (30, 49), (50, None)]
    assert (table.factor(29, "F"), table.factor(30, "M")) == (0.80, 0.90)
    assert table.factor(80, "U") == pytest.approx(1.70)  # unknown sex: the average of F and M


@pytest.mark.parametrize(
    ("old", "new", "message", "table_line"),
    [
        ("30-49", "31-49", "without gaps or overlaps", 1),  # the table as a whole
        ("50+", "50-64", "needs an open top band", 1),
        ("30-49", "thirties", "is not an age band", 3),  # the band's own line
        ("{female: 1.10, male: 0.90}", "{female: 1.10}", "lacks male", 3),
    ],
)
def test_age_sex_factor_table_problems_name_the_line(
    tmp_path: Path, old: str, new: str, message: str, table_line: int
) -> None:
    path = write(tmp_path, VALID + AGE_SEX.replace(old, new))
    with pytest.raises(AccountError, match=message) as caught:
        load_account(path)
    assert str(caught.value).startswith(f"{path}:{VALID.count(chr(10)) + table_line}: ")
