"""Filling a copy of a workbook: what a reader sees when reopening it, and what must not change."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, LIBRARY, SAMPLES, real_rfp
from rfp_assistant import OutputError, parse
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import fill
from rfp_assistant.library import AnswerLibrary

HARBOR_POINT_AS_OF = date(2027, 1, 15)  # the sample RFP's release date: answers are pinned to it


def _style(cell) -> tuple:
    fill, font = cell.fill, cell.font
    return (
        fill.patternType,
        fill.fgColor.rgb,
        fill.fgColor.theme,
        font.b,
        font.sz,
        cell.alignment.wrap_text,
        cell.number_format,
        cell.border.left.style,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def filled_sample(tmp_path_factory):
    """The bundled sample filled once with the real model and the bundled library."""
    out = tmp_path_factory.mktemp("fill") / "answered.xlsx"
    source = SAMPLES / "harbor_point_medical_rfp.xlsx"
    before = _digest(source)
    result = fill(
        source,
        LIBRARY,
        out,
        account=SAMPLES / "harbor_point_account.yaml",
        cache=EmbeddingCache(tmp_path_factory.mktemp("cache")),
        as_of=HARBOR_POINT_AS_OF,
        usage_log=False,  # never into the checkout's library folder
    )
    return source, before, result


@pytest.mark.model
def test_fill_never_modifies_the_input(filled_sample):
    source, before, _ = filled_sample
    assert _digest(source) == before


@pytest.mark.model
def test_fill_writes_auto_answers_a_reader_sees_and_nothing_else(filled_sample):
    source, _, result = filled_sample
    filled = openpyxl.load_workbook(result.output)
    original = openpyxl.load_workbook(source)
    written = set()
    for item in result.response.results:
        loc = item.question.location
        ws, ws0 = filled[loc.sheet], original[loc.sheet]
        cells = [c for c in (loc.answer_cell, loc.explanation_cell) if c]
        if item.decision == "auto":
            values = [ws[c].value for c in cells]
            assert any(values), f"{item.question.number}: auto answer not visible"
            if item.question.kind in ("yes_no", "choice"):
                # Only a value the dropdown allows, or none when the entry has none to give.
                value = ws[loc.answer_cell].value
                assert value in item.question.options or (item.short_answer is None and value is None)
            if item.answer:
                assert item.answer in [v for v in values if isinstance(v, str)]
            written.update((loc.sheet, c) for c in cells)
        else:
            assert all(ws[c].value == ws0[c].value for c in cells), (
                f"{item.question.number}: non-auto written"
            )
    # The issuer's rate grids hold the quoted rates, in the cells the result names.
    assert result.rate_quote is not None and len(result.rate_quote.writes) == 16
    for write in result.rate_quote.writes:
        assert original[write.sheet][write.ref].value is None
        assert filled[write.sheet][write.ref].value == write.value
        written.add((write.sheet, write.ref))
    # Every other cell of every sheet reads exactly as in the issuer's file.
    for ws0 in original.worksheets:
        ws = filled[ws0.title]
        for row in ws0.iter_rows():
            for cell in row:
                if (ws0.title, cell.coordinate) not in written:
                    assert ws[cell.coordinate].value == cell.value, (ws0.title, cell.coordinate)
    assert result.response.counts()["auto"] >= 30


@pytest.mark.model
def test_fill_keeps_dropdown_validation_styles_widths_and_merges(filled_sample):
    source, _, result = filled_sample
    filled, original = openpyxl.load_workbook(result.output), openpyxl.load_workbook(source)
    for ws0 in original.worksheets:
        ws = filled[ws0.title]
        assert [(d.type, d.formula1, str(d.sqref)) for d in ws.data_validations.dataValidation] == [
            (d.type, d.formula1, str(d.sqref)) for d in ws0.data_validations.dataValidation
        ]
        assert {str(r) for r in ws.merged_cells.ranges} == {str(r) for r in ws0.merged_cells.ranges}
        assert {k: v.width for k, v in ws.column_dimensions.items()} == {
            k: v.width for k, v in ws0.column_dimensions.items()
        }
        assert ws.sheet_state == ws0.sheet_state
    for item in result.response.results:
        loc = item.question.location
        for ref in filter(None, (loc.answer_cell, loc.explanation_cell)):
            assert _style(filled[loc.sheet][ref]) == _style(original[loc.sheet][ref])
    # Formulas elsewhere in the workbook are kept as formulas.
    assert filled["Rate Exhibit"]["B10"].value == original["Rate Exhibit"]["B10"].value
    assert str(filled["Rate Exhibit"]["B10"].value).startswith("=")


@pytest.mark.model
def test_fill_writes_the_review_report_listing_every_question_with_provenance(filled_sample):
    _, _, result = filled_sample
    report = openpyxl.load_workbook(result.report)
    review = report["Review"]
    header = [c.value for c in review[1]]
    assert header[:8] == ["Id", "No.", "Section", "Question", "Kind", "Decision", "Score", "Entry"]
    assert {"Answer goes to", "Action", "Override", "Matched phrasing", "Reason"} <= set(header)
    rows = [dict(zip(header, r, strict=True)) for r in review.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(result.response.results) == 121
    for row, item in zip(rows, result.response.results, strict=True):
        assert row["No."] == item.question.number and row["Decision"] == item.decision
        if item.decision != "none":
            assert row["Entry"] == item.best.entry_id and row["Matched phrasing"] == item.best.matched_text
        if item.decision == "review":
            assert row["Reason"], "a review row says why"
        if item.decision == "auto":
            assert row["Entry source"], "an automatic answer names its entry's source file and line"
            source, line = row["Entry source"].rsplit(":", 1)
            assert (LIBRARY / source).exists() and int(line) > 0 and row["Entry owner"]
    summary = {r[0]: r[1] for r in report["Summary"].iter_rows(values_only=True) if r[0]}
    library = AnswerLibrary.load(LIBRARY)
    assert summary["Answer library version"] == library.version
    assert summary["Embedding model"] == result.response.model
    assert summary["Calibration"] == result.response.calibration
    assert summary["Calibration"].startswith("labelled set match_labels.yaml")
    fields = list(report["Fields"].iter_rows(min_row=2, values_only=True))
    assert [f[1] for f in fields] == ["Bidder:", "Completed by (name and title):", "Date:"]


@pytest.mark.model
def test_fill_is_deterministic(tmp_path, filled_sample):
    source, _, first = filled_sample
    again = fill(
        source,
        LIBRARY,
        tmp_path / first.output.name,  # the same name: answers name the exhibit files after it
        account=SAMPLES / "harbor_point_account.yaml",
        cache=EmbeddingCache(tmp_path / "cache"),
        as_of=HARBOR_POINT_AS_OF,
        usage_log=False,
    )
    a, b = openpyxl.load_workbook(first.output), openpyxl.load_workbook(again.output)
    for ws in a.worksheets:
        assert [[c.value for c in r] for r in ws.iter_rows()] == [
            [c.value for c in r] for r in b[ws.title].iter_rows()
        ]


def test_fill_refuses_existing_output_without_force_and_wrong_extension(tmp_path):
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError, match="--force"):
        fill(SAMPLES / "small_rfp_no_header.xlsx", LIBRARY, out, embedder=HashingEmbedder())
    assert out.read_bytes() == b"keep"
    with pytest.raises(OutputError, match=r"\.xlsx"):
        fill(SAMPLES / "small_rfp_no_header.xlsx", LIBRARY, tmp_path / "x.docx", embedder=HashingEmbedder())
    with pytest.raises(OutputError, match="overwrite the input"):
        fill(
            SAMPLES / "small_rfp_no_header.xlsx",
            LIBRARY,
            SAMPLES / "small_rfp_no_header.xlsx",
            force=True,
            embedder=HashingEmbedder(),
        )
    assert list(tmp_path.iterdir()) == [out]  # nothing half-written left behind


def _echo_library(tmp_path: Path, questions) -> Path:
    """A library whose entries repeat some questions word for word (so any embedder matches them)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    lines = []
    for i, q in enumerate(questions):
        text = json.dumps(q.text)
        short = f"short_answer: {json.dumps(q.options[0])}\n  " if q.options else ""
        lines.append(
            f'- id: e{i}\n  question: {text}\n  answer: "Approved answer number {i}."\n  {short}'
            f"status: approved\n  owner: a@b.example\n  last_reviewed: 2026-01-01\n"
        )
    (folder / "answers.yaml").write_text("".join(lines), encoding="utf-8")
    return folder


@pytest.mark.realfiles
def test_fill_hecvat_414_changes_only_answer_cells_and_keeps_x14_dropdowns(tmp_path):
    source = real_rfp("hecvat_v414.xlsx")
    before = _digest(source)
    questions = [q for q in parse(source).questions if q.kind == "yes_no"][:6]
    questions += [q for q in parse(source).questions if q.kind == "narrative"][:2]
    out = tmp_path / "hecvat.xlsx"
    result = fill(
        source,
        _echo_library(tmp_path, questions),
        out,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "cache"),
    )
    assert _digest(source) == before
    assert result.response.counts()["auto"] >= len(questions)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
        sheets = {r.question.location.sheet for r in result.response.results if r.decision == "auto"}
        assert len(changed) == len(sheets) and all(n.startswith("xl/worksheets/") for n in changed)
        for name in changed:
            old, new = a.read(name).decode(), b.read(name).decode()
            assert old.count("<x14:dataValidation ") == new.count("<x14:dataValidation ") > 0
            assert re.sub(r"<sheetData>.*</sheetData>", "", old, flags=re.S) == re.sub(
                r"<sheetData>.*</sheetData>", "", new, flags=re.S
            )
    filled = openpyxl.load_workbook(out)
    for q in questions:
        value = filled[q.location.sheet][q.location.answer_cell].value
        assert value in (q.options or ()) or value.startswith("Approved answer number")


def test_fill_sample_expected_questions_are_the_parsed_ones():
    expected = json.loads((DATA / "sample_rfp_expected.json").read_text(encoding="utf-8"))
    for name, spec in expected.items():
        got = parse(SAMPLES / name)
        assert [
            (
                q.location.sheet,
                q.location.question_cell,
                q.number,
                q.kind,
                list(q.options),
                q.location.answer_cell,
                q.location.explanation_cell,
                q.section,
                q.limit.to_dict() if q.limit else None,
            )
            for q in got.questions
        ] == [
            (
                e["sheet"],
                e["question_cell"],
                e["number"],
                e["kind"],
                e["options"],
                e["answer_cell"],
                e["explanation_cell"],
                e["section"],
                e["limit"],
            )
            for e in spec["questions"]
        ]
        assert [(f.label, f.location.answer_cell) for f in got.fields] == [
            (f["label"], f["cell"]) for f in spec["fields"]
        ]


@pytest.mark.model
def test_fill_with_account_writes_the_exhibits_beside_the_copy_and_points_to_them(filled_sample):
    from rfp_assistant import load_account
    from rfp_assistant.projection import develop_rates, project

    source, _, result = filled_sample
    # The issuer's workbook keeps its structure; the exhibits are files beside it.
    assert openpyxl.load_workbook(result.output).sheetnames == openpyxl.load_workbook(source).sheetnames
    assert [p.name for p in result.exhibits] == ["answered.exhibits.xlsx", "answered.exhibits.docx"]
    values = openpyxl.load_workbook(result.exhibits[0], data_only=True)
    assert values.sheetnames == ["Membership Projection", "Rate Development"]
    # The cached results a reader sees equal the Python figures.
    account = load_account(SAMPLES / "harbor_point_account.yaml")
    year1 = project(account).years[0]
    shown = [
        c.value
        for row in values["Membership Projection"].iter_rows()
        for c in row
        if isinstance(c.value, float)
    ]
    assert any(abs(v - year1.annual_premium) < 0.01 for v in shown)
    gross = develop_rates(account).gross_pmpm
    shown = [
        c.value for row in values["Rate Development"].iter_rows() for c in row if isinstance(c.value, float)
    ]
    assert any(abs(v - gross) < 0.01 for v in shown)
    by_entry = {r.best.entry_id: r for r in result.response.results if r.decision == "auto" and r.best}
    projection_answer = by_entry["funding-membership-projection"]
    loc = projection_answer.question.location
    filled = openpyxl.load_workbook(result.output)[loc.sheet]
    cell_text = [filled[c].value for c in (loc.answer_cell, loc.explanation_cell) if c]
    assert any(
        "attached as answered.exhibits.xlsx (sheet 'Membership Projection') and answered.exhibits.docx"
        in (t or "")
        for t in cell_text
    )


@pytest.mark.model
def test_fill_without_account_sends_exhibit_answers_to_review(tmp_path):
    result = fill(
        SAMPLES / "harbor_point_medical_rfp.xlsx",
        LIBRARY,
        tmp_path / "a.xlsx",
        cache=EmbeddingCache(tmp_path / "cache"),
    )
    exhibit_rows = [
        r
        for r in result.response.results
        if r.best and r.best.entry_id in ("funding-membership-projection", "funding-rate-development")
    ]
    assert exhibit_rows and all(r.decision != "auto" for r in exhibit_rows)
    assert (
        openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames
        == openpyxl.load_workbook(SAMPLES / "harbor_point_medical_rfp.xlsx").sheetnames
    )


def test_answer_templates_can_use_projection_figures(tmp_path):
    from rfp_assistant import Questionnaire, XlsxLocation, load_account, match
    from rfp_assistant.models import Question
    from rfp_assistant.projection import project

    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.yaml").write_text(
        "- id: mm\n  question: How many member months do you project for year one?\n"
        "  answer: We project {{ '{:,.0f}'.format(projection.years[0].member_months) }} member months"
        " for {{ account.name }}.\n  status: approved\n  owner: a@b.example\n  last_reviewed: 2026-01-01\n",
        encoding="utf-8",
    )
    question = Question(
        "q0001",
        "1",
        None,
        "How many member months do you project for year one?",
        "narrative",
        XlsxLocation("S", "B2", "C2"),
    )
    account = load_account(SAMPLES / "harbor_point_account.yaml")
    response = match(
        Questionnaire("x.xlsx", "xlsx", (question,)),
        AnswerLibrary.load(library),
        account=account,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "c"),
    )
    expected = f"{project(account).years[0].member_months:,.0f}"
    assert (
        response.results[0].answer == f"We project {expected} member months for Harbor Point Manufacturing."
    )


def test_fill_leaves_nothing_behind_when_the_report_cannot_be_written(tmp_path, monkeypatch):
    import rfp_assistant.render.report as report

    def broken(*args, **kwargs):
        raise OutputError("disk full")

    monkeypatch.setattr(report, "write_report", broken)
    with pytest.raises(OutputError, match="disk full"):
        fill(
            SAMPLES / "small_rfp_no_header.xlsx",
            LIBRARY,
            tmp_path / "a.xlsx",
            embedder=HashingEmbedder(),
            cache=EmbeddingCache(tmp_path / "cache"),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


@pytest.mark.model
def test_fill_puts_narratives_in_the_wide_explanation_column_when_the_response_column_is_narrow(
    filled_sample,
):
    _, _, result = filled_sample
    filled = openpyxl.load_workbook(result.output)["Questionnaire"]
    narratives = [
        r for r in result.response.results if r.decision == "auto" and r.question.kind == "narrative"
    ]
    assert narratives
    for item in narratives:
        loc = item.question.location
        assert filled[loc.answer_cell].value is None  # the 14-wide Response column stays clear
        assert filled[loc.explanation_cell].value == item.answer
