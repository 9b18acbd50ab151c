"""Layout detection on small purpose-built workbooks: each test builds the shape it checks."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from rfp_assistant import InputError, parse
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import fill


def _book(rows, *, title="Questions", header_row=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if header_row:
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
    return wb, ws


def test_header_found_below_a_cover_block_and_noun_phrase_prompts_count(tmp_path):
    rows = [
        ["Acme RFP"],
        ["Issued by Someone"],
        *[[] for _ in range(15)],
        ["Item #", "Requirement Description", "Vendor Response", "Comments"],
        ["IVL-01", "Number of years your firm has offered employer group health insurance.", None, None],
        ["IVL-02", "Describe your claims appeal process.", None, None],
        ["IVL-03", "Do you offer telehealth?", None, None],
    ]
    wb, _ = _book(rows)
    wb.save(tmp_path / "q.xlsx")
    q = parse(tmp_path / "q.xlsx")
    assert [x.number for x in q.questions] == ["IVL-01", "IVL-02", "IVL-03"]
    assert q.questions[0].location.answer_cell == "C19" and q.questions[0].location.explanation_cell == "D19"


def test_kinds_from_validations_and_limits_from_text_and_text_length_rule(tmp_path):
    wb, ws = _book(
        [
            ["No.", "Question", "Answer"],
            ["1", "Do you offer a nurse line?", None],
            ["2", "How many members do you cover?", None],
            ["3", "Describe your wellness program (max 300 characters).", None],
            ["4", "Describe your implementation team.", None],
            ["5", "When does your NCQA accreditation expire?", None],
        ]
    )
    yes_no = DataValidation(type="list", formula1='"Yes,No"')
    count = DataValidation(type="whole", operator="greaterThan", formula1="0")
    length = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500")
    date = DataValidation(type="date", operator="greaterThan", formula1="1")
    for dv, ref in ((yes_no, "C2"), (count, "C3"), (length, "C5"), (date, "C6")):
        ws.add_data_validation(dv)
        dv.add(ref)
    wb.save(tmp_path / "k.xlsx")
    q = parse(tmp_path / "k.xlsx").questions
    assert [x.kind for x in q] == ["yes_no", "numeric", "narrative", "narrative", "date"]
    assert q[0].options == ("Yes", "No")
    assert q[2].limit.to_dict() == {"unit": "chars", "value": 300}
    assert q[3].limit.to_dict() == {"unit": "chars", "value": 500}


def test_hidden_sheets_pricing_grids_and_instruction_sheets_give_no_questions(tmp_path):
    wb, ws = _book(
        [
            ["No.", "Question", "Response"],
            ["1", "Describe your network.", None],
            ["2", "Do you offer telehealth?", None],
        ]
    )
    hidden = wb.create_sheet("Old questions")
    for i in range(5):
        hidden.append([f"{i}.", f"Do you still offer legacy option {i}?", None])
    hidden.sheet_state = "hidden"
    grid = wb.create_sheet("Rates")
    grid.append(["Tier", "Current rate", "Proposed rate"])
    for tier in ("Employee only", "Employee + spouse", "Family"):
        grid.append([tier, 500, None])
    notes = wb.create_sheet("Instructions")
    notes.append(["Questions? Contact the consultant. Do you need an extension? Ask by Friday."])
    wb.save(tmp_path / "h.xlsx")
    q = parse(tmp_path / "h.xlsx")
    assert [x.location.sheet for x in q.questions] == ["Questions", "Questions"]


def test_placeholder_answer_cells_count_as_empty_and_mark_the_slots(tmp_path):
    wb, _ = _book(
        [
            ["Ref", "Question", "Response"],
            ["A", "Data Security\nSummarise how data is secured.", "TYPE RESPONSE HERE>>>>"],
            ["B", "Disaster recovery arrangements", "TYPE RESPONSE HERE>>>>"],
            ["C", "Support model", "TYPE RESPONSE HERE>>>>"],
        ]
    )
    wb.save(tmp_path / "p.xlsx")
    q = parse(tmp_path / "p.xlsx")
    assert [x.number for x in q.questions] == ["A", "B", "C"]


def test_xlsm_is_read_and_filled_with_its_macro_part_kept(tmp_path):
    wb, _ = _book(
        [
            ["No.", "Question", "Response"],
            ["1", "Describe your network.", None],
            ["2", "Describe your pharmacy program.", None],
        ]
    )
    plain = tmp_path / "m.xlsx"
    wb.save(plain)
    macro = tmp_path / "m.xlsm"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", b"\x00macro bytes kept verbatim\x00")
    assert len(parse(macro).questions) == 2
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.yaml").write_text(
        "- id: net\n  question: Describe your network.\n  answer: Our network is broad.\n  status: approved\n"
        "  owner: a@b.example\n  last_reviewed: 2026-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsm"
    fill(macro, library, out, embedder=HashingEmbedder(), cache=EmbeddingCache(tmp_path / "c"))
    with zipfile.ZipFile(out) as filled:
        assert filled.read("xl/vbaProject.bin") == b"\x00macro bytes kept verbatim\x00"
    assert openpyxl.load_workbook(out)["Questions"]["C2"].value == "Our network is broad."


def test_corrupt_sheet_xml_inside_a_valid_package_is_an_input_error(tmp_path):
    wb, _ = _book([["No.", "Question", "Response"], ["1", "Describe your network.", None]])
    good = tmp_path / "g.xlsx"
    wb.save(good)
    bad = tmp_path / "b.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(InputError) as excinfo:
        parse(bad)
    assert "b.xlsx" in str(excinfo.value) and "\n" not in str(excinfo.value)


def test_fill_never_overwrites_an_answer_already_in_the_cell_but_replaces_placeholders(tmp_path):
    wb, _ = _book(
        [
            ["No.", "Question", "Response"],
            ["1", "Describe your network.", "Our own words, typed by the account team."],
            ["2", "Describe your pharmacy program.", "TYPE RESPONSE HERE>>>>"],
            ["3", "Describe your wellness program.", None],
        ]
    )
    wb.save(tmp_path / "pre.xlsx")
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.yaml").write_text(
        "".join(
            f"- id: e{i}\n  question: {q}\n  answer: Approved {i}.\n  status: approved\n"
            f"  owner: a@b.example\n  last_reviewed: 2026-01-01\n"
            for i, q in enumerate(
                [
                    "Describe your network.",
                    "Describe your pharmacy program.",
                    "Describe your wellness program.",
                ]
            )
        ),
        encoding="utf-8",
    )
    result = fill(
        tmp_path / "pre.xlsx",
        library,
        tmp_path / "out.xlsx",
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "c"),
    )
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Questions"]
    assert ws["C2"].value == "Our own words, typed by the account team."
    assert ws["C3"].value == "Approved 1." and ws["C4"].value == "Approved 2."
    first = result.response.results[0]
    assert first.decision == "review" and "already holds" in first.reason
    assert result.response.counts()["auto"] == 2


def test_a_workbook_without_questions_parses_empty_and_fill_refuses_it(tmp_path):
    wb, ws = _book([["Tier", "Current rate", "Proposed rate"], ["Employee only", 500, None]], title="Rates")
    wb.save(tmp_path / "rates.xlsx")
    assert parse(tmp_path / "rates.xlsx").questions == ()
    with pytest.raises(InputError, match="no questions found"):
        fill(tmp_path / "rates.xlsx", tmp_path, tmp_path / "out.xlsx", embedder=HashingEmbedder())
    assert not (tmp_path / "out.xlsx").exists()
