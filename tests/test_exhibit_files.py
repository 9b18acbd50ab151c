"""The exhibit files a plan would send: beside the output, printable, in the issuer's font."""

from __future__ import annotations

from datetime import date
from itertools import takewhile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT

from conftest import SAMPLES
from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.census import with_census
from rfp_assistant.errors import OutputError
from rfp_assistant.exhibits import MEMBERSHIP_PROJECTION, RATE_DEVELOPMENT, Exhibit, Letterhead, exhibits_for
from rfp_assistant.project_outputs import exhibit_paths, write_exhibits_beside
from rfp_assistant.render.exhibit_sheet import layout_exhibit
from rfp_assistant.render.issuer_font import issuer_font
from rfp_assistant.render.sheet_graft import exhibit_parts

RFP = SAMPLES / "harbor_point_medical_rfp.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"
LETTERHEAD = Letterhead(plan="Northwind Health Plan", prepared=date(2027, 2, 20), font="Georgia")


@pytest.fixture(scope="module")
def profile() -> AccountProfile:
    return with_census(load_account(ACCOUNT), RFP)[0]


@pytest.fixture(scope="module")
def exhibits(profile: AccountProfile) -> dict[str, Exhibit]:
    return exhibits_for(profile)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, exhibits: dict[str, Exhibit]) -> list[Path]:
    out = tmp_path_factory.mktemp("out") / "harbor_point_answered.xlsx"
    return write_exhibits_beside(out, exhibits, letterhead=LETTERHEAD)


def test_exhibits_go_beside_the_output_named_after_it(written: list[Path]) -> None:
    assert [p.name for p in written] == [
        "harbor_point_answered.exhibits.xlsx",
        "harbor_point_answered.exhibits.docx",
    ]
    assert tuple(written) == exhibit_paths(written[0].parent / "harbor_point_answered.xlsx")
    assert {p.name for p in written[0].parent.iterdir()} == {p.name for p in written}  # nothing else left


def test_existing_exhibits_are_replaced_only_with_force(
    written: list[Path], exhibits: dict[str, Exhibit], tmp_path: Path
) -> None:
    out = written[0].parent / "harbor_point_answered.xlsx"
    before = written[1].read_bytes()
    with pytest.raises(OutputError, match="exists; use --force"):
        write_exhibits_beside(out, exhibits)
    assert written[1].read_bytes() == before
    assert write_exhibits_beside(out, exhibits, force=True, letterhead=LETTERHEAD) == written
    assert write_exhibits_beside(tmp_path / "x.xlsx", {}) == []


def test_exhibit_sheets_print_with_titles_area_page_numbers_plan_and_date(
    written: list[Path], exhibits: dict[str, Exhibit]
) -> None:
    workbook = openpyxl.load_workbook(written[0])
    assert workbook.sheetnames == ["Membership Projection", "Rate Development"]
    for exhibit in exhibits.values():
        ws = workbook[exhibit.sheet_title]
        layout = layout_exhibit(exhibit)
        assert ws.print_title_rows == f"$1:${len(exhibit.subtitle) + 1}"  # the title block on every page
        last_column = openpyxl.utils.get_column_letter(max(len(t.columns) for t in exhibit.tables))
        assert ws.print_area.endswith(f"$A$1:${last_column}${layout.footnote_row + len(exhibit.footnotes)}")
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddHeader.left.text == f"Northwind Health Plan | {exhibit.title}"
        assert ws.oddHeader.right.text == "Prepared February 20, 2027"
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert ws.oddFooter.left.text.startswith("Illustrative, based on the census dated Feb 1, 2027")
        assert ws["A1"].font.name == "Georgia" and ws.cell(layout.table_rows[0] + 1, 1).font.name == "Georgia"
        # A page break only ever falls just before a table's title row: no table leaves its header.
        starts = set(layout.table_rows) | {layout.footnote_row}
        assert all(brk.id + 1 in starts for brk in ws.row_breaks.brk)
    assert workbook["Membership Projection"].row_breaks.brk  # the long tables start their own pages


def test_every_exhibit_says_it_is_illustrative_and_which_census_it_rests_on(
    exhibits: dict[str, Exhibit],
) -> None:
    note = "Illustrative, based on the census dated Feb 1, 2027 (the 'Census Summary' sheet of harbor_point_medical_rfp.xlsx)."
    assert all(note in exhibit.subtitle for exhibit in exhibits.values())


def test_word_exhibits_have_header_footer_page_numbers_font_and_landscape_wide_tables(
    written: list[Path],
) -> None:
    document = docx.Document(str(written[1]))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    header = section.header.paragraphs[0].text
    assert (
        header
        == "Northwind Health Plan: exhibits for Harbor Point Manufacturing | Prepared February 20, 2027"
    )
    footer = section.footer._element.xml
    assert "Illustrative, based on the census dated Feb 1, 2027" in section.footer.paragraphs[0].text
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert document.styles["Normal"].font.name == "Georgia"
    header_rows = [t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables]
    assert all(header_rows)  # every table repeats its header row on each page it spans
    assert len(document.inline_shapes) == 1  # the members chart


def test_each_exhibits_notes_stay_together_so_no_note_is_left_alone_on_a_page(
    written: list[Path],
) -> None:
    paragraphs = docx.Document(str(written[1])).paragraphs
    starts = [i for i, para in enumerate(paragraphs) if para.text == "Notes"]
    assert len(starts) == 2  # the projection's and the rate development's
    for start in starts:
        notes = list(takewhile(lambda para: para.text[:1].isdigit(), paragraphs[start + 1 :]))
        assert len(notes) > 2
        assert [para.paragraph_format.keep_with_next for para in notes] == [True] * (len(notes) - 1) + [False]


def test_the_chart_labels_its_plan_years_and_says_what_and_from_which_census(
    exhibits: dict[str, Exhibit],
) -> None:
    chart = exhibits[MEMBERSHIP_PROJECTION].chart
    assert chart is not None
    assert [label for _, _, label in chart.bands] == [
        "Plan year 1: Jul 2027 - Jun 2028",
        "Plan year 2: Jul 2028 - Jun 2029",
        "Plan year 3: Jul 2029 - Jun 2030",
    ]
    assert chart.caption.startswith("Members (contracts x members per contract) by plan and in total")
    assert (
        "census: the 'Census Summary' sheet of harbor_point_medical_rfp.xlsx, as of February 1, 2027"
        in chart.caption
    )


def test_issuer_font_is_read_from_the_workbook_and_used_for_grafted_sheets(
    exhibits: dict[str, Exhibit], tmp_path: Path
) -> None:
    assert issuer_font(RFP) == "Calibri"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook._fonts[0].name = "Arial"  # the issuer's default font  # noqa: SLF001
    source = tmp_path / "issuer.xlsx"
    workbook.save(source)
    assert issuer_font(source) == "Arial"
    parts, titles = exhibit_parts(source, [exhibits[RATE_DEVELOPMENT]])
    assert titles == {RATE_DEVELOPMENT: "Rate Development"}
    assert b'<name val="Arial"/>' in parts["xl/styles.xml"]
    assert issuer_font(tmp_path / "missing.xlsx") is None
