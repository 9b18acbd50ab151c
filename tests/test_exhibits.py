"""Exhibits: the format-neutral model, the workbook (evaluated), the Word tables and the chart."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from formula_support import evaluate

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.exhibits import (
    MEMBERSHIP_PROJECTION,
    RATE_DEVELOPMENT,
    Exhibit,
    exhibits_for,
    format_value,
    formula_keys,
)
from rfp_assistant.project_outputs import write_project_outputs
from rfp_assistant.projection import develop_rates, project
from rfp_assistant.render.chart import draw_chart
from rfp_assistant.render.exhibit_docx import add_exhibit, write_exhibits_docx
from rfp_assistant.render.exhibit_sheet import add_exhibit_sheet, layout_exhibit, write_exhibit_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "harbor_point_account.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXCEL_EPOCH = datetime(1899, 12, 30)

SMALL = """\
account: {name: Small Co, effective_date: 2027-01-01, state: MA, funding: fully-insured}
tiers: [employee, employee_spouse, employee_children, family]
members_per_contract: {employee: 1.0, employee_spouse: 2.0, employee_children: 2.5, family: 4.0}
census:
  HMO: {employee: 10, employee_spouse: 4, employee_children: 3, family: 5}
  PPO: {employee: 6, employee_spouse: 2, employee_children: 2, family: 4}
assumptions: {annual_growth: 0.05, projection_years: 3, rate_trend: 0.10}
rates:
  HMO: {employee: 500, employee_spouse: 1000, employee_children: 900, family: 1400}
  PPO: {employee: 600, employee_spouse: 1200, employee_children: 1100, family: 1700}
"""


@pytest.fixture(scope="module")
def sample() -> AccountProfile:
    return load_account(SAMPLE)


@pytest.fixture(scope="module")
def sample_exhibits(sample: AccountProfile) -> dict[str, Exhibit]:
    return exhibits_for(sample)


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory, sample_exhibits: dict[str, Exhibit]) -> Path:
    return write_exhibit_workbook(sample_exhibits, tmp_path_factory.mktemp("xlsx") / "projection.xlsx")


@pytest.fixture(scope="module")
def evaluated(sample_workbook: Path) -> dict[tuple[str, str], object]:
    return evaluate(sample_workbook)


def cell_addresses(exhibit: Exhibit) -> list[tuple[str, object]]:
    """(A1 address, model cell) for every cell of the exhibit, as the workbook lays them out."""
    layout = layout_exhibit(exhibit)
    out = []
    for table, top in zip(exhibit.tables, layout.table_rows, strict=True):
        for r, row in enumerate(table.all_rows):
            for c, cell in enumerate(row.cells):
                out.append((f"{openpyxl.utils.get_column_letter(c + 1)}{top + 2 + r}", cell))
    return out


def as_number(value: object) -> float:
    if isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
        return (moment - EXCEL_EPOCH).days
    return float(value)  # type: ignore[arg-type]


# -- the model ------------------------------------------------------------------------------


def test_exhibits_for_names_both_exhibits_and_every_formula_reference_resolves(
    sample_exhibits: dict[str, Exhibit],
) -> None:
    assert list(sample_exhibits) == [MEMBERSHIP_PROJECTION, RATE_DEVELOPMENT]
    for exhibit in sample_exhibits.values():
        keys = [cell.key for cell in exhibit.iter_cells() if cell.key]
        assert len(keys) == len(set(keys))
        for cell in exhibit.iter_cells():
            for key in formula_keys(cell.formula or ""):
                assert key in keys, (exhibit.name, cell.formula)


def test_exhibits_for_a_minimal_profile_or_without_experience(tmp_path: Path) -> None:
    minimal = tmp_path / "minimal.yaml"
    minimal.write_text("account: {name: M, effective_date: 2027-01-01}\n", encoding="utf-8")
    assert exhibits_for(load_account(minimal)) == {}
    small = tmp_path / "small.yaml"
    small.write_text(SMALL, encoding="utf-8")
    profile = load_account(small)
    assert list(exhibits_for(profile)) == [MEMBERSHIP_PROJECTION]


def test_format_value_renders_reader_friendly_figures() -> None:
    assert format_value(43_155_636.58, "money0") == "$43,155,637"
    assert format_value(812.4, "money") == "$812.40"
    assert format_value(-3.5, "money") == "-$3.50"
    assert format_value(0.03, "percent") == "3.00%"
    assert format_value(2432.84, "count") == "2,432.8"
    assert format_value(date(2027, 7, 1), "date") == "Jul 1, 2027"
    assert format_value(date(2027, 7, 1), "month") == "Jul 2027"
    assert format_value(None, "money") == ""


# -- the workbook ---------------------------------------------------------------------------


def test_every_workbook_formula_evaluates_to_the_python_figure(
    sample_exhibits: dict[str, Exhibit], evaluated: dict[tuple[str, str], object]
) -> None:
    checked = 0
    for exhibit in sample_exhibits.values():
        sheet = exhibit.sheet_title.upper()
        for address, cell in cell_addresses(exhibit):
            if not cell.formula:  # type: ignore[attr-defined]
                continue
            got = evaluated[(sheet, address)]
            assert as_number(got) == pytest.approx(as_number(cell.value), rel=1e-9, abs=1e-9), (  # type: ignore[attr-defined]
                exhibit.name,
                address,
                cell.formula,
            )  # type: ignore[attr-defined]
            checked += 1
    assert checked > 500


def test_workbook_totals_equal_the_projection_and_rate_development(
    sample: AccountProfile, sample_exhibits: dict[str, Exhibit], evaluated: dict[tuple[str, str], object]
) -> None:
    proj, rd = project(sample), develop_rates(sample)
    assert rd is not None

    def value(exhibit: str, key: str) -> float:
        ex = sample_exhibits[exhibit]
        address = layout_exhibit(ex).addresses[key].replace("$", "")
        return float(evaluated[(ex.sheet_title.upper(), address)])  # type: ignore[arg-type]

    for year in proj.years:
        y = year.year
        assert value(MEMBERSHIP_PROJECTION, f"sum.mm.{y}") == pytest.approx(year.member_months, abs=0.005)
        assert value(MEMBERSHIP_PROJECTION, f"sum.prem.{y}") == pytest.approx(year.annual_premium, abs=0.005)
        assert value(MEMBERSHIP_PROJECTION, f"det.mm.{y}.*.*") == pytest.approx(year.member_months, abs=0.005)
        for plan, figures in year.plans.items():
            assert value(MEMBERSHIP_PROJECTION, f"det.prem.{y}.{plan}.*") == pytest.approx(
                figures.annual_premium, abs=0.005
            )
            for tier, contracts in figures.average_contracts.items():
                assert value(MEMBERSHIP_PROJECTION, f"det.c.{y}.{plan}.{tier}") == pytest.approx(
                    contracts, abs=1e-9
                )
    assert value(MEMBERSHIP_PROJECTION, "sum.prem.total") == pytest.approx(proj.total_premium, abs=0.005)
    for line, expected in [
        (1, rd.experience_pmpm),
        (3, rd.trended_pmpm),
        (4, rd.credibility),
        (6, rd.blended_pmpm),
        (8, rd.gross_pmpm),
        (11, rd.factor_rate),
        (14, rd.quoted_monthly_premium()),
    ]:
        assert value(RATE_DEVELOPMENT, f"rd.l{line}") == pytest.approx(expected, abs=1e-9)
    for plan in rd.plans:
        for tier, rate in rd.quoted_rates[plan].items():
            assert value(RATE_DEVELOPMENT, f"rd.q1.{plan}.{tier}") == pytest.approx(rate, abs=1e-9)
            assert value(RATE_DEVELOPMENT, f"rd.d.{plan}.{tier}") == pytest.approx(rd.developed_rates[plan][tier])
    assert value(RATE_DEVELOPMENT, "rd.months") == 30
    # One monthly premium: the rate development's quoted premium is the projection's first month.
    assert value(RATE_DEVELOPMENT, "rd.m1.*") == pytest.approx(proj.months[0].total_premium, abs=1e-6)
    assert value(MEMBERSHIP_PROJECTION, "mp.1") == pytest.approx(value(RATE_DEVELOPMENT, "rd.l14"), abs=1e-6)
    assert value(RATE_DEVELOPMENT, "rd.l15") == pytest.approx(
        value(RATE_DEVELOPMENT, "rd.l14") - value(RATE_DEVELOPMENT, "rd.l12"), abs=1e-6
    )


def test_workbook_recomputes_when_a_consultant_changes_the_inputs(tmp_path: Path) -> None:
    source = tmp_path / "small.yaml"
    source.write_text(SMALL, encoding="utf-8")
    exhibit = exhibits_for(load_account(source))[MEMBERSHIP_PROJECTION]
    path = write_exhibit_workbook([exhibit], tmp_path / "projection.xlsx")
    layout = layout_exhibit(exhibit)

    def at(key: str) -> str:
        return layout.addresses[key].replace("$", "")

    workbook = openpyxl.load_workbook(path)
    sheet = workbook[exhibit.sheet_title]
    sheet[at("growth")] = 0  # no growth ...
    sheet[at("census.HMO.employee")] = 20  # ... and ten more HMO employees
    workbook.save(path)
    values = evaluate(path)

    def got(key: str) -> float:
        return float(values[(exhibit.sheet_title.upper(), at(key))])  # type: ignore[arg-type]

    # By hand: HMO members 20 + 8 + 7.5 + 20 = 55.5, PPO 31; premium 23,700 + 15,000 a month.
    assert got("sum.mm.1") == pytest.approx((55.5 + 31) * 12, abs=0.005)  # 1,038
    assert got("sum.prem.1") == pytest.approx((23_700 + 15_000) * 12, abs=0.005)  # 464,400.00
    assert got("sum.prem.2") == pytest.approx(464_400 * 1.10, abs=0.005)  # 510,840.00
    assert got("det.c.3.HMO.employee") == pytest.approx(20, abs=1e-9)


def test_workbook_carries_formula_results_for_viewers_that_do_not_calculate(
    sample_workbook: Path, sample_exhibits: dict[str, Exhibit]
) -> None:
    workbook = openpyxl.load_workbook(sample_workbook, data_only=True)
    for exhibit in sample_exhibits.values():
        sheet = workbook[exhibit.sheet_title]
        for address, cell in cell_addresses(exhibit):
            if cell.formula:  # type: ignore[attr-defined]
                assert as_number(sheet[address].value) == pytest.approx(as_number(cell.value))  # type: ignore[attr-defined]
    formulas_kept = openpyxl.load_workbook(sample_workbook)["Membership Projection"]
    address = layout_exhibit(sample_exhibits[MEMBERSHIP_PROJECTION]).addresses["sum.mm.1"].replace("$", "")
    assert str(formulas_kept[address].value).startswith("=SUM(")


def test_workbook_marks_inputs_and_formats_figures(
    sample_workbook: Path, sample_exhibits: dict[str, Exhibit]
) -> None:
    workbook = openpyxl.load_workbook(sample_workbook)
    assert workbook.sheetnames == ["Membership Projection", "Rate Development"]
    exhibit = sample_exhibits[MEMBERSHIP_PROJECTION]
    sheet = workbook["Membership Projection"]
    layout = layout_exhibit(exhibit)
    growth = sheet[layout.addresses["growth"].replace("$", "")]
    assert growth.value == 0.03 and growth.font.color.rgb.endswith("0000FF") and "%" in growth.number_format
    premium = sheet[layout.addresses["sum.prem.1"].replace("$", "")]
    assert str(premium.value).startswith("=SUM(") and "$" in premium.number_format
    header = sheet.cell(row=layout.table_rows[0] + 1, column=1)
    assert header.value == "Assumption" and header.font.bold
    assert sheet.freeze_panes is not None
    assert sheet["A1"].value == "Harbor Point Manufacturing: Membership and Premium Projection"


def test_add_exhibit_sheet_keeps_existing_sheets_and_makes_its_title_unique(
    sample_exhibits: dict[str, Exhibit], tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Membership Projection"
    workbook.active["A1"] = "issuer content"
    sheet = add_exhibit_sheet(workbook, sample_exhibits[MEMBERSHIP_PROJECTION])
    assert sheet.title == "Membership Projection (2)"
    assert workbook["Membership Projection"]["A1"].value == "issuer content"
    named = add_exhibit_sheet(workbook, sample_exhibits[RATE_DEVELOPMENT], sheet_title="Exhibit B")
    assert named.title == "Exhibit B"


# -- the Word document ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, sample: AccountProfile) -> list[Path]:
    return write_project_outputs(sample, tmp_path_factory.mktemp("out") / "nested" / "dir")


def test_write_project_outputs_writes_workbook_chart_and_document(outputs: list[Path]) -> None:
    assert [p.name for p in outputs] == ["projection.xlsx", "members.png", "exhibits.docx"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in outputs)
    assert sorted(p.name for p in outputs[0].parent.iterdir()) == [
        "exhibits.docx",
        "members.png",
        "projection.xlsx",
    ]


def test_exhibits_docx_has_real_tables_with_totals_footnotes_and_chart(
    outputs: list[Path], sample: AccountProfile, sample_exhibits: dict[str, Exhibit]
) -> None:
    document = docx.Document(str(outputs[2]))
    expected_tables = [t for e in sample_exhibits.values() for t in e.tables]
    assert len(document.tables) == len(expected_tables)
    for table, spec in zip(document.tables, expected_tables, strict=True):
        assert [c.text for c in table.rows[0].cells] == [c.header for c in spec.columns if not c.audit]
        assert len(table.rows) == 1 + len(spec.all_rows)

    proj = project(sample)
    summary = next(t for t in document.tables if t.rows[0].cells[1].text == "Period")
    total = summary.rows[-1]
    assert total.cells[0].text == "Total"
    assert total.cells[-2].text == format_value(proj.total_premium, "money0")
    assert total.cells[-2].paragraphs[0].runs[0].bold
    assert total.cells[-2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    first_year = summary.rows[1]
    assert first_year.cells[4].text == format_value(proj.years[0].member_months, "integer")

    text = "\n".join(p.text for p in document.paragraphs)
    assert "Harbor Point Manufacturing: Membership and Premium Projection" in text
    assert "Contracts grow 3.00% a year" in text
    assert "increased 7.50% at each plan-year anniversary" in text
    assert "trended 8.00% a year for 30 months" in text
    assert len(document.inline_shapes) == 1

    rd = develop_rates(sample)
    assert rd is not None
    steps = next(t for t in document.tables if t.rows[0].cells[0].text == "Step")
    gross = next(row for row in steps.rows if "Gross" in row.cells[0].text)
    assert gross.cells[1].text == format_value(rd.gross_pmpm, "money")


def test_add_exhibit_appends_after_existing_content_without_the_table_style(
    sample_exhibits: dict[str, Exhibit], tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("Question 4.2: Provide projected enrollment.")
    document.styles.element.remove(document.styles["Table Grid"].element)  # an issuer template without it
    add_exhibit(document, sample_exhibits[RATE_DEVELOPMENT], None)
    path = tmp_path / "response.docx"
    document.save(str(path))
    reopened = docx.Document(str(path))
    assert reopened.paragraphs[0].text == "Question 4.2: Provide projected enrollment."
    assert len(reopened.tables) == len(sample_exhibits[RATE_DEVELOPMENT].tables)
    assert reopened.tables[0]._tbl.tblPr.xpath("./w:tblBorders")  # borders drawn directly
    assert len(reopened.inline_shapes) == 0


def test_write_exhibits_docx_accepts_no_chart(sample_exhibits: dict[str, Exhibit], tmp_path: Path) -> None:
    path = write_exhibits_docx(sample_exhibits, None, tmp_path / "exhibits.docx")
    assert len(docx.Document(str(path)).inline_shapes) == 0


# -- the chart ------------------------------------------------------------------------------


def test_members_chart_is_a_valid_deterministic_png(
    sample_exhibits: dict[str, Exhibit], tmp_path: Path
) -> None:
    chart = sample_exhibits[MEMBERSHIP_PROJECTION].chart
    assert chart is not None
    first = draw_chart(chart, tmp_path / "a" / "members.png")
    second = draw_chart(chart, tmp_path / "b" / "members.png")
    data = first.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height > 300
    assert data == second.read_bytes()
    assert b"Software" not in data
