"""fill with an account: the RFP's census, the exhibits beside the copy (or in it), the issuer's rate grids.

Every fill here uses the bundled sample RFP, a two-entry library whose questions repeat
the sample's 13.9 and 13.10 word for word (so the hashing embedder answers them), and the
sample account. What is checked is what a reader of the outputs sees: the copy's cells
and sheets reopened with openpyxl, the issuer's formulas recomputed by the ``formulas``
engine, the exhibit files and the review report.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from formula_support import evaluate

from conftest import SAMPLES
from rfp_assistant.account import load_account
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.errors import AccountError, OutputError
from rfp_assistant.exhibits import MEMBERSHIP_PROJECTION, RATE_DEVELOPMENT, exhibits_for
from rfp_assistant.fill import FillResult, fill
from rfp_assistant.render.xlsx import XlsxRenderer

RFP = SAMPLES / "harbor_point_medical_rfp.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"
AS_OF = date(2027, 3, 1)
PROJECTION_QUESTION = (
    "Using the census on the Census Summary tab, project enrollment (contracts and members) and premium for "
    "each of the first three plan years."
)
RATES_QUESTION = (
    "Explain how the proposed fully insured rates were developed from Harbor Point's claims experience, "
    "including trend, credibility, pooling and retention."
)
ENTRY = """- id: {id}
  question: "{question}"
  answer: "{answer}"
  exhibit: {exhibit}
  status: approved
  owner: underwriting@plan.example
  last_reviewed: 2026-06-01
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lib")
    (folder / "plan.yaml").write_text("name: Northwind Health Plan\n", encoding="utf-8")
    (folder / "funding.yaml").write_text(
        ENTRY.format(
            id="projection",
            question=PROJECTION_QUESTION,
            answer="The projection starts from {{ projection.census.contracts }} enrolled employees.",
            exhibit=MEMBERSHIP_PROJECTION,
        )
        + ENTRY.format(
            id="rates",
            question=RATES_QUESTION,
            answer="The quoted monthly premium is {{ projection.rates.monthly_premium }}.",
            exhibit=RATE_DEVELOPMENT,
        ),
        encoding="utf-8",
    )
    return folder


def run_fill(library: Path, output: Path, **kwargs) -> FillResult:
    kwargs.setdefault("account", ACCOUNT)
    return fill(
        RFP,
        library,
        output,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(output.parent / "cache"),
        as_of=AS_OF,
        usage_log=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def beside(tmp_path_factory: pytest.TempPathFactory, library: Path) -> FillResult:
    """The sample filled with the default ``--exhibits beside``."""
    return run_fill(library, tmp_path_factory.mktemp("beside") / "harbor_point_answered.xlsx")


NUMBERS = {"projection": "13.9", "rates": "13.10"}  # the sample's question each entry repeats


def answer_text(result: FillResult, entry_id: str) -> str:
    """What a reader finds in the copy for the question the entry repeats."""
    (item,) = [r for r in result.response.results if r.question.number == NUMBERS[entry_id]]
    assert item.decision == "auto" and item.best and item.best.entry_id == entry_id, item.reason
    loc = item.question.location
    sheet = openpyxl.load_workbook(result.output)[loc.sheet]
    return "\n".join(str(sheet[c].value) for c in (loc.answer_cell, loc.explanation_cell) if sheet[c].value)


# -- exhibits beside the copy (the default) --------------------------------------------------


def test_exhibits_go_beside_the_copy_and_fill_json_lists_them(beside: FillResult) -> None:
    folder = beside.output.parent
    expected = [
        folder / "harbor_point_answered.exhibits.xlsx",
        folder / "harbor_point_answered.exhibits.docx",
    ]
    assert list(beside.exhibits) == expected and all(p.is_file() for p in expected)
    assert beside.to_dict()["exhibits"] == [str(p) for p in expected]
    # The issuer's workbook keeps its structure: no sheet added.
    assert openpyxl.load_workbook(beside.output).sheetnames == openpyxl.load_workbook(RFP).sheetnames


def test_an_exhibit_answer_names_the_attached_file_and_the_exhibits_title(beside: FillResult) -> None:
    text = answer_text(beside, "projection")
    assert text.startswith("The projection starts from 2,050 enrolled employees.")
    assert text.endswith(
        "See the exhibit 'Harbor Point Manufacturing: Membership and Premium Projection', attached as "
        "harbor_point_answered.exhibits.xlsx (sheet 'Membership Projection') and "
        "harbor_point_answered.exhibits.docx."
    )
    # What the sentence names is there: the sheet in the workbook, the title in both files.
    exhibits = openpyxl.load_workbook(beside.exhibits[0])
    assert exhibits.sheetnames == ["Membership Projection", "Rate Development"]
    assert exhibits["Membership Projection"]["A1"].value == (
        "Harbor Point Manufacturing: Membership and Premium Projection"
    )
    paragraphs = [p.text for p in docx.Document(str(beside.exhibits[1])).paragraphs]
    assert "Harbor Point Manufacturing: Membership and Premium Projection" in paragraphs
    assert "Harbor Point Manufacturing: Rate Development" in paragraphs
    assert "See the exhibit 'Harbor Point Manufacturing: Rate Development'" in answer_text(beside, "rates")


def test_the_exhibit_files_carry_the_plan_the_date_and_the_issuers_font(beside: FillResult) -> None:
    sheet = openpyxl.load_workbook(beside.exhibits[0])["Membership Projection"]
    assert "Northwind Health Plan" in sheet.oddHeader.left.text
    assert "March 1, 2027" in sheet.oddHeader.right.text
    assert sheet["A1"].font.name == openpyxl.load_workbook(RFP)["Questionnaire"]["A1"].font.name


# -- the issuer's rate exhibit -----------------------------------------------------------------


def test_the_issuers_rate_exhibit_in_the_copy_recomputes_to_the_exhibits_premium(beside: FillResult) -> None:
    got = evaluate(beside.output)
    profile = load_account(ACCOUNT)
    rate_dev = exhibits_for(profile)[RATE_DEVELOPMENT]
    for plan, (monthly, annual) in {"HMO": ("10", "11"), "PPO": ("19", "20")}.items():
        for year, column in ((1, "D"), (2, "E")):
            assert got[("RATE EXHIBIT", f"{column}{monthly}")] == pytest.approx(
                rate_dev.cell(f"rd.m{year}.{plan}").value, abs=0.005
            )
            assert got[("RATE EXHIBIT", f"{column}{annual}")] == pytest.approx(
                rate_dev.cell(f"rd.a{year}.{plan}").value, abs=0.005
            )
    monthly = got[("RATE EXHIBIT", "D10")] + got[("RATE EXHIBIT", "D19")]  # type: ignore[operator]
    assert monthly == pytest.approx(rate_dev.cell("rd.l14").value, abs=0.005)
    # The rates are numbers in the issuer's cells, in its own style; its formulas stay formulas.
    filled, issuer = openpyxl.load_workbook(beside.output), openpyxl.load_workbook(RFP)
    assert isinstance(filled["Rate Exhibit"]["D6"].value, float)
    assert filled["Rate Exhibit"]["D6"].number_format == issuer["Rate Exhibit"]["D6"].number_format
    assert filled["Rate Exhibit"]["D10"].value == issuer["Rate Exhibit"]["D10"].value
    assert filled["Rate Exhibit"]["D24"].value is None  # the ASO fee is left for a person
    workbook_xml = zipfile.ZipFile(beside.output).read("xl/workbook.xml").decode("utf-8")
    assert 'fullCalcOnLoad="1"' in workbook_xml  # Excel recomputes the totals on open


def test_the_review_report_lists_the_aso_grid_to_complete_and_the_grids_filled(beside: FillResult) -> None:
    sheet = openpyxl.load_workbook(beside.report)["Rate grids"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    aso, hmo, ppo = rows
    assert aso[:4] == [
        "Rate Exhibit",
        "Option 2 - Self-Funded (ASO) Fixed Costs, per employee per month",
        "to complete",
        "D24, E24, D25, E25, D26, E26",
    ]
    assert "fees" in aso[4]
    assert hmo[1:4] == ["Option 1A - Fully Insured HMO", "filled", "D6, E6, D7, E7, D8, E8, D9, E9"]
    assert ppo[1] == "Option 1B - Fully Insured PPO" and ppo[2] == "filled"


# -- --exhibits workbook and none ---------------------------------------------------------------


def test_exhibits_workbook_adds_the_sheets_to_the_copy_and_points_to_them(
    library: Path, tmp_path: Path
) -> None:
    result = run_fill(library, tmp_path / "answered.xlsx", exhibits="workbook")
    assert result.exhibits == () and "exhibits" not in result.to_dict()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "answered.review.xlsx",
        "answered.xlsx",
    ]
    workbook = openpyxl.load_workbook(result.output)
    assert workbook.sheetnames[-2:] == ["Membership Projection", "Rate Development"]
    formulas = [
        c
        for row in workbook["Membership Projection"].iter_rows()
        for c in row
        if str(c.value).startswith("=")
    ]
    assert len(formulas) > 100
    assert answer_text(result, "projection").endswith(
        "See the 'Membership Projection' sheet in this workbook."
    )
    assert "Northwind Health Plan" in workbook["Rate Development"].oddHeader.left.text
    assert isinstance(workbook["Rate Exhibit"]["D6"].value, float)  # the issuer's grid is filled as well


def test_exhibits_none_sends_the_answers_that_refer_to_one_to_review(library: Path, tmp_path: Path) -> None:
    result = run_fill(library, tmp_path / "answered.xlsx", exhibits="none")
    held = [r for r in result.response.results if r.question.number in ("13.9", "13.10")]
    assert len(held) == 2 and all(r.decision == "review" for r in held)
    assert all("not sent (--exhibits none)" in (r.reason or "") for r in held)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "answered.review.xlsx",
        "answered.xlsx",
    ]
    questionnaire = openpyxl.load_workbook(result.output)["Questionnaire"]
    assert [questionnaire[c].value for c in ("C125", "D125", "C126", "D126")] == [None] * 4


def test_exhibits_workbook_is_refused_for_an_output_that_cannot_hold_sheets(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @dataclass(frozen=True)
    class NoSheets(XlsxRenderer):
        exhibit_sheets: bool = False

    monkeypatch.setattr("rfp_assistant.render.RENDERERS", {"xlsx": NoSheets()})
    with pytest.raises(OutputError, match="cannot hold; use --exhibits beside"):
        run_fill(library, tmp_path / "answered.xlsx", exhibits="workbook")
    with pytest.raises(OutputError, match="--exhibits must be one of beside, workbook, none"):
        run_fill(library, tmp_path / "answered.xlsx", exhibits="attached")
    assert list(tmp_path.iterdir()) == []


# -- the same --force rule, nothing half-written --------------------------------------------------


def test_an_existing_exhibit_file_is_replaced_only_with_force(library: Path, tmp_path: Path) -> None:
    document = tmp_path / "answered.exhibits.docx"
    document.write_bytes(b"last week's exhibits")
    with pytest.raises(OutputError, match="answered.exhibits.docx exists; use --force"):
        run_fill(library, tmp_path / "answered.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answered.exhibits.docx"]  # nothing written
    assert document.read_bytes() == b"last week's exhibits"
    result = run_fill(library, tmp_path / "answered.xlsx", force=True)
    assert document in result.exhibits and docx.Document(str(document)).paragraphs


@pytest.mark.parametrize(
    "failing",
    ["rfp_assistant.render.report.write_report", "rfp_assistant.render.exhibit_docx.write_exhibits_docx"],
)
def test_when_the_report_or_an_exhibit_cannot_be_written_no_output_stays(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OutputError("disk full")

    monkeypatch.setattr(failing, broken)
    with pytest.raises(OutputError, match="disk full"):
        run_fill(library, tmp_path / "answered.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


# -- the census: --census FILE, or the RFP's own tab ------------------------------------------------


@pytest.fixture
def changed_account(tmp_path: Path) -> Path:
    """The sample profile with a hand-typed HMO employee-only count that the RFP's tab does not give."""
    path = tmp_path / "account.yaml"
    text = ACCOUNT.read_text(encoding="utf-8")
    assert "employee: 540," in text
    path.write_text(text.replace("employee: 540,", "employee: 620,"), encoding="utf-8")
    return path


@pytest.mark.parametrize("census", [None, RFP])
def test_the_rfps_census_replaces_the_profiles_and_each_difference_is_named(
    library: Path, tmp_path: Path, changed_account: Path, census: Path | None
) -> None:
    result = run_fill(library, tmp_path / "answered.xlsx", account=changed_account, census=census)
    assert result.census_notes[0].startswith(
        "the census in the 'Census Summary' sheet of harbor_point_medical_rfp.xlsx, as of February 1, 2027 "
        "differs from the account profile's"
    )
    assert result.census_notes[1:] == ("  HMO employee: profile 620, census 540",)
    assert answer_text(result, "projection").startswith(
        "The projection starts from 2,050 enrolled employees."
    )
    sheet = openpyxl.load_workbook(result.exhibits[0])["Membership Projection"]
    notes = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("'Census Summary' sheet of harbor_point_medical_rfp.xlsx" in n for n in notes)


def test_an_rfp_census_that_does_not_fit_the_profile_is_a_warning_not_a_failure(
    library: Path, tmp_path: Path
) -> None:
    # A profile that rates two tiers: the RFP's four-tier census does not fit it.
    path = tmp_path / "account.yaml"
    profile = load_account(ACCOUNT)
    text = ACCOUNT.read_text(encoding="utf-8")
    two_tiers = (
        text.replace(
            "tiers: [employee, employee_spouse, employee_children, family]", "tiers: [employee, family]"
        )
        .replace(
            "HMO: {employee: 540, employee_spouse: 190, employee_children: 205, family: 325}",
            "HMO: {employee: 650, family: 560}",
        )
        .replace(
            "PPO: {employee: 330, employee_spouse: 160, employee_children: 115, family: 185}",
            "PPO: {employee: 420, family: 370}",
        )
        .replace("  employee_spouse: 2.0\n  employee_children: 2.7\n", "")
        .replace(
            "tier_factors: {employee: 1.0, employee_spouse: 2.1, employee_children: 1.9, family: 2.8}",
            "tier_factors: {employee: 1.0, family: 2.8}",
        )
    )
    path.write_text(two_tiers, encoding="utf-8")
    assert load_account(path).tiers == ("employee", "family") != profile.tiers
    result = run_fill(library, tmp_path / "answered.xlsx", account=path)
    (warning,) = result.census_notes
    assert warning.startswith("warning: the census in harbor_point_medical_rfp.xlsx is not used (")
    assert "coverage tiers" in warning and warning.endswith("the account profile's census is used")
    assert answer_text(result, "projection").startswith(
        "The projection starts from 2,000 enrolled employees."
    )
    with pytest.raises(AccountError, match="coverage tiers"):
        run_fill(library, tmp_path / "again.xlsx", account=path, census=RFP)  # asked for: an error


def test_a_census_file_needs_an_account_profile(library: Path, tmp_path: Path) -> None:
    with pytest.raises(AccountError, match="--census needs an account profile"):
        run_fill(library, tmp_path / "answered.xlsx", account=None, census=RFP)


def test_an_exhibit_file_or_report_named_like_the_input_never_replaces_it(
    library: Path, tmp_path: Path
) -> None:
    source = tmp_path / "rfp.exhibits.xlsx"
    source.write_bytes(RFP.read_bytes())
    with pytest.raises(
        OutputError, match="rfp.exhibits.xlsx, written beside the output, would overwrite the input"
    ):
        fill(source, library, tmp_path / "rfp.xlsx", account=ACCOUNT, embedder=HashingEmbedder(), force=True)
    report_named = tmp_path / "answers.review.xlsx"
    report_named.write_bytes(RFP.read_bytes())
    with pytest.raises(OutputError, match="answers.review.xlsx, written beside the output, would overwrite"):
        fill(report_named, library, tmp_path / "answers.xlsx", embedder=HashingEmbedder(), force=True)
    assert source.read_bytes() == report_named.read_bytes() == RFP.read_bytes()
