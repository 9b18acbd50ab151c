"""The review report as a person opens it: the Review sheet's columns, dropdown, links, Candidates, Meta.

Built from the sample filled with the hashing embedder (the report's shape is the
subject, not which entries the matcher picks), reopened with openpyxl.
"""

from __future__ import annotations

import hashlib
import math

import openpyxl
import pytest
from review_support import ACCOUNT, SAMPLE, fill_sample, review_rows, review_sheet, spots

from conftest import LIBRARY
from rfp_assistant import parse
from rfp_assistant.decisions import ACTION_CHOICES, ReviewedQuestion, parse_action
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.models import SHORT_ANSWER_KINDS, Match
from rfp_assistant.ooxml.xlsx_write import POINTS_PER_LINE
from rfp_assistant.parse.review import read_review

PINNED = ["Id", "Kind", "Answer goes to", "Decision", "Action", "Override"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    result = fill_sample(tmp_path_factory.mktemp("report"))
    return result, openpyxl.load_workbook(result.report)


def _titles(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def test_the_review_sheet_is_the_first_review_sheet_and_keeps_the_pinned_columns(report):
    result, book = report
    assert [n for n in book.sheetnames if n.startswith("Review")] == ["Review"]
    assert book.sheetnames == ["Summary", "Review", "Candidates", "To complete", "Attachments", "Fields", "Rate grids", "Meta"]
    titles = _titles(book["Review"])
    assert set(PINNED) <= set(titles)
    for title in ("No.", "Section", "Question", "Score", "Entry", "Matched phrasing", "Short answer"):
        assert title in titles
    for title in ("Answer (written or suggested)", "Reason", "Runner-up candidates", "Entry source"):
        assert title in titles
    assert len(list(book["Review"].iter_rows(min_row=2))) == len(result.response.results) == 121


def test_answer_goes_to_names_the_cells_fill_writes_or_would_write(report):
    result, _ = report
    rows = review_rows(result.report)
    questions = {q.id: q for q in parse(SAMPLE).questions}
    for item in result.response.results:
        row, loc = rows[item.question.id], questions[item.question.id].location
        named = spots(row["Answer goes to"])
        assert all(sheet == loc.sheet for sheet, _ in named)
        cells = [cell for _, cell in named]
        if item.question.kind not in SHORT_ANSWER_KINDS:
            # Harbor Point's Response column is narrow: narratives go to the Comments column.
            assert cells == [loc.explanation_cell], item.question.id
        elif item.decision == "none" or item.short_answer is not None:
            assert cells[0] == loc.answer_cell, item.question.id
    written = [r for r in result.response.results if r.decision == "auto"]
    filled = openpyxl.load_workbook(result.output)
    for item in written:  # what the report names is what the copy holds
        for sheet, cell in spots(rows[item.question.id]["Answer goes to"]):
            assert filled[sheet][cell].value, (item.question.id, cell)


def test_the_action_column_has_the_dropdown_and_action_and_override_cells_keep_text(report):
    _, book = report
    sheet = book["Review"]
    titles = _titles(sheet)
    action = openpyxl.utils.get_column_letter(titles.index("Action") + 1)
    override = openpyxl.utils.get_column_letter(titles.index("Override") + 1)
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == f"{action}2:{action}122"
    assert validation.formula1.strip('"').split(",") == list(ACTION_CHOICES)
    assert sheet[f"{action}5"].number_format == "@" and sheet[f"{override}5"].number_format == "@"
    assert sheet[f"{action}5"].value is None and sheet[f"{override}5"].value is None


def test_the_sheet_is_set_up_for_reading_filtering_and_printing(report):
    _, book = report
    sheet = book["Review"]
    assert sheet.freeze_panes == "E2"  # header row and Id .. Question stay in view
    assert sheet.auto_filter.ref == "A1:U122"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    decisions = {row[5].value: row[0].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2)}
    assert decisions["auto"] != decisions["review"] != decisions["none"] != decisions["auto"]
    assert sheet.conditional_formatting  # a row turns green once acted on
    widths = {sheet.column_dimensions[c].width for c in "ABCDEFGHIJKL"}
    assert len(widths) > 5  # sized per column, not the default


def test_summary_rows_are_tall_enough_for_their_wrapped_values(report):
    _, book = report
    sheet = book["Summary"]
    width = sheet.column_dimensions["B"].width
    wrapped = [  # 11 pt text: about one character per unit of column width
        (row, math.ceil(len(str(sheet.cell(row, 2).value)) / width))
        for row in range(3, sheet.max_row)
        if sheet.cell(row, 2).value is not None
    ]
    assert any(lines > 1 for _, lines in wrapped)  # the calibration line wraps
    for row, lines in wrapped:
        height = sheet.row_dimensions[row].height or POINTS_PER_LINE
        assert height >= lines * POINTS_PER_LINE, sheet.cell(row, 1).value


def test_every_styled_cell_names_its_font_so_no_sheet_prints_in_a_fallback_face(report):
    _, book = report
    unnamed = {
        (sheet.title, cell.coordinate)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.has_style and cell.font.name is None
    }
    assert not unnamed


def test_go_to_links_open_the_answer_cell_while_the_reference_stays_text(report):
    result, book = report
    sheet = book["Review"]
    titles = _titles(sheet)
    where, go = titles.index("Answer goes to"), titles.index("Go to")
    for row in sheet.iter_rows(min_row=2):
        reference = row[where].value
        assert row[where].hyperlink is None and row[where].data_type == "s"
        link = row[go].hyperlink
        assert link is not None and link.target == result.output.name
        assert link.location == reference.split(", ")[0]


def test_candidates_list_every_ranked_candidate_with_the_first_lines_of_its_answer(report):
    result, book = report
    sheet = book["Candidates"]
    titles = _titles(sheet)
    rows = [dict(zip(titles, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    first = result.response.results[0]
    mine = [r for r in rows if r["Id"] == first.question.id]
    assert [(r["Rank"], r["Entry"]) for r in mine] == [
        (i, m.entry_id) for i, m in enumerate(first.matches, 1)
    ]
    assert len(rows) == sum(len(r.matches) for r in result.response.results)
    answer = mine[0]["Answer (first lines)"]
    assert "{{" not in answer and answer.startswith("Northwind Health Plan")  # rendered, not the template
    runners = review_rows(result.report)[first.question.id]["Runner-up candidates"]
    assert runners.split("\n")[0].startswith(f"2. {first.matches[1].entry_id} (")


def test_meta_records_the_input_hash_library_version_and_model(report):
    result, book = report
    meta = {r[0]: r[1] for r in book["Meta"].iter_rows(values_only=True) if r[0]}
    assert meta["Input sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert meta["Answer library version"] == AnswerLibrary.load(LIBRARY).version
    assert meta["Embedding model"] == result.response.model == "hashing-256"
    assert meta["Employer"] == "Harbor Point Manufacturing"
    assert meta["Account profile sha256"] == hashlib.sha256(ACCOUNT.read_bytes()).hexdigest()


def test_the_report_reads_back_with_its_decisions_and_candidates(report):
    result, _ = report
    book = read_review(result.report)
    assert [q.question_id for q in book.questions] == [r.question.id for r in result.response.results]
    for row, item in zip(book.questions, result.response.results, strict=True):
        assert row.decision == item.decision and not row.person.decided
        assert [m.entry_id for m in row.candidates] == [m.entry_id for m in item.matches]
    assert book.meta.input_name == SAMPLE.name


def test_review_sheet_text_starting_with_equals_is_stored_as_text(tmp_path, report):
    result, _ = report
    book = openpyxl.load_workbook(result.report)
    sheet = review_sheet(book)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("accept", "accept"),
        (" Accept ", "accept"),
        ("reject", "reject"),
        ("BLANK", "blank"),
        (2, "2"),
        (2.0, "2"),
        ("3", "3"),
        (None, None),
        ("  ", None),
    ],
)
def test_actions_are_read_whether_typed_as_numbers_or_text(typed, expected):
    action = parse_action(typed)
    assert (str(action) if action else None) == expected


@pytest.mark.parametrize("typed", ["acept", 0, 6, 2.5, True, "1st"])
def test_unknown_actions_are_refused(typed):
    with pytest.raises(ValueError, match="unknown action"):
        parse_action(typed)


def test_accept_takes_the_suggestion_and_a_rank_takes_that_candidate():
    from rfp_assistant.decisions import PersonDecision

    candidates = (Match("a", 0.6, "x"), Match("b", 0.5, "y"), Match("c", 0.4, "z"))

    def row(action, override=None):
        person = PersonDecision(action=parse_action(action), override=override)
        return ReviewedQuestion("q0001", "1", "Q?", "review", "a", None, person, candidates)

    assert [row(a).chosen_entry() for a in ("accept", 1, 2, "3", "blank", None)] == [
        "a",
        "a",
        "b",
        "c",
        None,
        None,
    ]
    assert row("accept", override="own text").chosen_entry() is None
