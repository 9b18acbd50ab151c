"""The command line's issue-8 options through the real entry point: grids in parse --json,
fill --as-of and --fields, match --json's as-of date."""

from __future__ import annotations

import json

import openpyxl
import pytest
from test_cli import run

from conftest import LIBRARY, SAMPLES

ASHGROVE = SAMPLES / "ashgrove_health_medical_rfp.xlsx"
ACCOUNT = SAMPLES / "ashgrove_health_account.yaml"


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    return {"RFP_ASSISTANT_CACHE": str(tmp_path_factory.mktemp("cache"))}


def test_parse_json_gives_a_grid_and_the_yes_no_and_response_cells_per_row():
    result = run("parse", str(ASHGROVE), "--json")
    assert result.returncode == 0, result.stderr
    questions = {q["number"]: q for q in json.loads(result.stdout)["questions"]}
    grid = questions["FIN-02"]["grid"]
    assert grid["columns"] == ["Year 1 (2028)", "Year 2 (2029)"] and grid["formats"] == ["money", "money"]
    assert grid["cells"][1] == ["C106", "D106"]
    assert questions["GEN-06"]["location"]["answer_cell"] == "C18"  # the Yes/No cell
    assert questions["GEN-01"]["location"]["answer_cell"] is None  # a narrative row: response only
    assert questions["GEN-01"]["location"]["explanation_cell"] == "D13"
    assert questions["GEN-01"]["grid"] is None


@pytest.mark.model
def test_fill_as_of_a_date_with_fields_records_the_date_and_fills_the_contact_blanks(tmp_path, cache_env):
    out = tmp_path / "answered.xlsx"
    args = ("fill", str(ASHGROVE), "-l", str(LIBRARY), "-a", str(ACCOUNT), "-o", str(out))
    result = run(*args, "--as-of", "2027-01-08", "--fields", "--json", env=cache_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["auto"] >= 55
    sheet = openpyxl.load_workbook(out)["Medical Questionnaire"]
    assert sheet["C5"].value == "Northwind Health Plan, Inc."
    summary = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(tmp_path / "answered.review.xlsx")["Summary"].iter_rows(
            values_only=True
        )
        if r[0]
    }
    assert summary["Answers as of"] == "2027-01-08"
    again = run(*args, "--as-of", "2027-01-08", "--force", env=cache_env)  # without --fields
    assert again.returncode == 0, again.stderr
    assert openpyxl.load_workbook(out)["Medical Questionnaire"]["C5"].value is None
    bad = run(*args, "--as-of", "08/01/2027", "--force", env=cache_env)
    assert bad.returncode == 2 and "--as-of" in bad.stderr


@pytest.mark.model
def test_match_json_records_the_as_of_date_and_each_answers_attachments(cache_env):
    result = run(
        "match",
        str(ASHGROVE),
        "-l",
        str(LIBRARY),
        "-a",
        str(ACCOUNT),
        "--as-of",
        "2027-01-08",
        "--json",
        env=cache_env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2027-01-08"
    by_number = {q["number"]: q for q in data["questions"]}
    assert by_number["ACT-04"]["attachments"] == ["Exhibit 6 - Sample Implementation Plan"]
    assert by_number["GEN-06"]["reason"] == "entry company-litigation overdue for review since 2026-12-28"
