"""``fill --review``: a person's decisions in the review workbook make the final copy.

The round trip through the Python API with the hashing embedder (which decisions the
matcher makes is not the subject here): fill the sample, decide in the review workbook
as a person would (openpyxl), fill again with the review, and read both copies cell by
cell.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from review_support import ACCOUNT, SAMPLE, cell_values, decide, fill_sample, review_rows, spots

from conftest import LIBRARY, SAMPLES
from rfp_assistant import InputError, OutputError, load_account, parse
from rfp_assistant.context import template_context
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import fill
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.match.answer import prepare_answer
from rfp_assistant.review import fill_reviewed

OWN_TEXT = "Our own words for this RFP.\nA second line, exactly as typed."
FORMULA_LIKE = "=SUM(A1:A3) is how the issuer totals it; this stays text"


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    return folder, fill_sample(folder)


def _rows(first):
    return review_rows(first[1].report)


def _pick(rows, library, *, decision, kind, count, without=(), short=False):
    """Rows a person acts on: questions without a length limit, candidates without exhibits."""
    by_id = {e.id: e for e in library.entries}
    limited = {q.id for q in parse(SAMPLE).questions if q.limit is not None}
    chosen = []
    for qid, row in rows.items():
        if qid in without or qid in limited or row["Decision"] != decision or row["Kind"] != kind:
            continue
        if short and row["Short answer"] is None:
            continue
        candidates = [
            row["Entry"],
            *[line.split(" ")[1] for line in (row["Runner-up candidates"] or "").split("\n")],
        ]
        if any(by_id[c].exhibit or by_id[c].attachments for c in candidates if c in by_id):
            continue
        chosen.append(qid)
        if len(chosen) == count:
            return chosen
    raise AssertionError(f"the sample has fewer than {count} {decision} {kind} rows to act on")


@pytest.fixture(scope="module")
def scenario(first):
    """A person accepts, picks runner-ups, overrides, blanks; then fill --review."""
    folder, result = first
    library = AnswerLibrary.load(LIBRARY)
    rows = _rows(first)
    accept, pick2, pick3, own, formula = _pick(rows, library, decision="review", kind="narrative", count=5)
    [accept_yes_no] = _pick(rows, library, decision="review", kind="yes_no", count=1, short=True)
    [override_yes_no] = _pick(rows, library, decision="none", kind="yes_no", count=1)
    [blank_auto] = _pick(rows, library, decision="auto", kind="narrative", count=1)
    [reject] = _pick(
        rows,
        library,
        decision="review",
        kind="narrative",
        count=1,
        without=(accept, pick2, pick3, own, formula),
    )
    decisions = {
        accept: {"Action": "accept"},
        accept_yes_no: {"Action": " Accept "},
        pick2: {"Action": 2},  # typed as a number
        pick3: {"Action": "3"},  # typed as text
        own: {"Override": OWN_TEXT, "Action": "reject"},  # the override wins over the action
        formula: {"Override": FORMULA_LIKE},
        override_yes_no: {"Override": "No"},
        blank_auto: {"Action": "blank"},
        reject: {"Action": "reject"},
    }
    reviewed = decide(result.report, folder / "reviewed.xlsx", decisions)
    final = fill_reviewed(SAMPLE, LIBRARY, reviewed, folder / "final.xlsx", account=ACCOUNT)
    names = {
        "accept": accept,
        "accept_yes_no": accept_yes_no,
        "pick2": pick2,
        "pick3": pick3,
        "own": own,
        "formula": formula,
        "override_yes_no": override_yes_no,
        "blank_auto": blank_auto,
        "reject": reject,
    }
    return folder, result, rows, names, final, library


def _runner_up(row, rank):
    line = row["Runner-up candidates"].split("\n")[rank - 2]
    return line.split(" ")[1]


def test_the_final_copy_holds_exactly_the_decisions_and_nothing_else_changed(scenario):
    _, result, rows, names, final, library = scenario
    context = template_context(library, load_account(ACCOUNT))
    by_id = {e.id: e for e in library.entries}
    # Answers that refer to an exhibit name the exhibit files, which are named after each copy.
    first_stem, final_stem = f"{result.output.stem}.exhibits", f"{final.output.stem}.exhibits"
    expected = {
        key: value.replace(first_stem, final_stem) if isinstance(value, str) else value
        for key, value in cell_values(result.output).items()
    }
    source = cell_values(SAMPLE)

    def put(qid, *texts):
        for (sheet, cell), text in zip(spots(rows[qid]["Answer goes to"]), texts, strict=False):
            expected[(sheet, cell)] = text

    put(names["accept"], rows[names["accept"]]["Answer (written or suggested)"])
    yes_no = rows[names["accept_yes_no"]]
    put(names["accept_yes_no"], yes_no["Short answer"], yes_no["Answer (written or suggested)"])
    questions = {q.id: q for q in parse(SAMPLE).questions}
    for name, rank in (("pick2", 2), ("pick3", 3)):
        entry = by_id[_runner_up(rows[names[name]], rank)]
        # The chosen entry's answer as fill writes it for that question (no "Yes." echo and the like).
        put(names[name], prepare_answer(questions[names[name]], entry, context, as_of=date.today()).answer)
    put(names["own"], OWN_TEXT)
    put(names["formula"], FORMULA_LIKE)
    put(names["override_yes_no"], "No")
    for key in spots(rows[names["blank_auto"]]["Answer goes to"]):
        expected.pop(key, None)
        if key in source:
            expected[key] = source[key]
    assert cell_values(final.output) == expected
    assert openpyxl.load_workbook(final.output).sheetnames == openpyxl.load_workbook(result.output).sheetnames
    assert final.applied == {"accept": 2, "candidate": 2, "override": 3, "blank": 2, "kept": 112}


def test_an_override_starting_with_equals_is_written_as_text_never_as_a_formula(scenario):
    _, _, rows, names, final, _ = scenario
    [(sheet, ref)] = spots(rows[names["formula"]]["Answer goes to"])
    cell = openpyxl.load_workbook(final.output)[sheet][ref]
    assert cell.value == FORMULA_LIKE and cell.data_type == "s"


def test_a_yes_no_override_that_fits_the_dropdown_goes_to_the_answer_cell(scenario):
    _, _, rows, names, final, _ = scenario
    loc = next(
        r.question.location for r in final.response.results if r.question.id == names["override_yes_no"]
    )
    sheet = openpyxl.load_workbook(final.output)[loc.sheet]
    assert sheet[loc.answer_cell].value == "No" and sheet[loc.explanation_cell].value is None


def test_the_new_report_records_what_was_applied(scenario):
    _, _, rows, names, final, _ = scenario
    after = review_rows(final.report)
    pick2 = after[names["pick2"]]
    assert pick2["Decision"] == "auto" and pick2["Action"] == "accept"
    assert pick2["Entry"] == _runner_up(rows[names["pick2"]], 2)
    assert pick2["Decided by"] == f"person: candidate 2 ({pick2['Entry']})"
    own = after[names["own"]]
    assert (own["Decision"], own["Override"], own["Answer (written or suggested)"]) == (
        "auto",
        OWN_TEXT,
        OWN_TEXT,
    )
    assert own["Entry source"] is None  # the text is the person's, not the entry's
    assert after[names["blank_auto"]]["Decision"] == "none"
    assert after[names["blank_auto"]]["Decided by"] == "person: blank"
    untouched = [q for q in after if q not in names.values()]
    assert all(
        after[q]["Decided by"] == "fill" and after[q]["Decision"] == rows[q]["Decision"] for q in untouched
    )
    counts = final.response.counts()
    assert sum(counts.values()) == len(rows) and counts["auto"] == sum(
        r["Decision"] == "auto" for r in after.values()
    )


def test_applying_the_new_report_again_gives_the_same_copy(scenario, tmp_path):
    _, _, _, _, final, _ = scenario
    again = fill_reviewed(SAMPLE, LIBRARY, final.report, tmp_path / final.output.name, account=ACCOUNT)
    assert cell_values(again.output) == cell_values(final.output)  # the same name: exhibit files are named after it
    assert again.warnings == ()


def test_a_review_workbook_made_for_another_input_is_refused(first, tmp_path):
    folder, result = first
    other = fill(
        SAMPLES / "small_rfp_no_header.xlsx",
        LIBRARY,
        tmp_path / "other.xlsx",
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(folder / "cache"),
    )
    with pytest.raises(InputError, match="made for another input file") as info:
        fill_reviewed(SAMPLE, LIBRARY, other.report, tmp_path / "final.xlsx", account=ACCOUNT)
    assert "small_rfp_no_header.xlsx" in str(info.value) and len(str(info.value).splitlines()) == 1
    assert not (tmp_path / "final.xlsx").exists()


def test_the_new_report_may_not_replace_the_review_workbook(first, tmp_path):
    _, result = first
    reviewed = shutil.copy(result.report, tmp_path / "final.review.xlsx")
    with pytest.raises(OutputError, match="would replace the review workbook"):
        fill_reviewed(SAMPLE, LIBRARY, reviewed, tmp_path / "final.xlsx", account=ACCOUNT, force=True)


def test_a_misspelt_action_or_a_missing_candidate_names_the_cell(first, tmp_path):
    _, result = first
    rows = _rows(first)
    qids = list(rows)
    reviewed = decide(
        result.report, tmp_path / "r.xlsx", {qids[0]: {"Action": "acept"}, qids[1]: {"Action": 9}}
    )
    with pytest.raises(InputError, match=r"'Review'!K2: unknown action 'acept'.*\(and 1 more\)"):
        fill_reviewed(SAMPLE, LIBRARY, reviewed, tmp_path / "final.xlsx", account=ACCOUNT)


def test_a_changed_library_warns_and_an_entry_gone_leaves_its_question_blank(tmp_path):
    library = shutil.copytree(LIBRARY, tmp_path / "lib")
    first = fill_sample(tmp_path, library)
    rows = review_rows(first.report)
    accepted = next(q for q, r in rows.items() if r["Decision"] == "review" and r["Kind"] == "narrative")
    entry_id = rows[accepted]["Entry"]
    reviewed = decide(first.report, tmp_path / "reviewed.xlsx", {accepted: {"Action": "accept"}})
    entry = next(e for e in AnswerLibrary.load(library).entries if e.id == entry_id)
    path = Path(entry.source)
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {entry_id}\n")
    end = text.find("\n- id: ", start + 1)
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")

    final = fill_reviewed(SAMPLE, library, reviewed, tmp_path / "final.xlsx", account=ACCOUNT)
    assert any("the answer library changed since this review was made" in w for w in final.warnings)
    assert any(accepted in w and entry_id in w and "left blank" in w for w in final.warnings)
    for sheet, ref in spots(rows[accepted]["Answer goes to"]):
        assert openpyxl.load_workbook(final.output)[sheet][ref].value is None
    assert review_rows(final.report)[accepted]["Decision"] == "none"
