"""The review loop from the command line, as a new user runs it: fill, decide, fill --review, learn.

The fast tests make their review workbook with the hashing embedder through the Python
API (``fill --review`` and ``library learn`` match nothing, so they load no model). The
acceptance test runs every step through the real entry point with the real model on
the Harbor Point sample, deciding its review rows the way the held-out labels read them.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from review_support import ACCOUNT, SAMPLE, decide, fill_sample, review_rows, spots
from test_cli import run

from conftest import DATA, LIBRARY, SAMPLES
from rfp_assistant.parse.review import read_review

# The entry cannot be written as is (its cell needs another value, it is too long, an attachment
# question gets an entry that names no attachment, or it is overdue
# for review: never written automatically, whoever chose it).
FIT_REASONS = (
    "short answer", "no short answer", "over the limit", "overdue for review", "names none", "states none", "no date value"
)


@pytest.fixture(scope="module")
def hashed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    return folder, fill_sample(folder)


def _one_line_error(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""


def test_fill_review_refuses_a_workbook_made_for_another_input_with_exit_2(hashed, tmp_path):
    _, result = hashed
    args = [
        "fill",
        str(SAMPLES / "small_rfp_no_header.xlsx"),
        "-l",
        str(LIBRARY),
        "--review",
        str(result.report),
    ]
    refused = run(*args, "-o", str(tmp_path / "final.xlsx"))
    _one_line_error(refused, "made for another input file")
    assert not (tmp_path / "final.xlsx").exists()


def test_fill_review_and_learn_refuse_what_is_not_a_review_workbook(tmp_path):
    refused = run(
        "fill", str(SAMPLE), "-l", str(LIBRARY), "--review", str(SAMPLE), "-o", str(tmp_path / "f.xlsx")
    )
    _one_line_error(refused, "not a review workbook")
    _one_line_error(
        run("library", "learn", str(tmp_path / "none.xlsx"), "-l", str(LIBRARY)), "file not found"
    )


def test_fill_review_prints_what_it_applied_and_learn_dry_run_prints_json(hashed, tmp_path):
    folder, result = hashed
    rows = review_rows(result.report)
    accepted = next(q for q, r in rows.items() if r["Decision"] == "review" and r["Kind"] == "narrative")
    reviewed = decide(result.report, tmp_path / "reviewed.xlsx", {accepted: {"Action": "accept"}})
    final = run(
        "fill",
        str(SAMPLE),
        "-l",
        str(LIBRARY),
        "-a",
        str(ACCOUNT),
        "--review",
        str(reviewed),
        "-o",
        str(tmp_path / "final.xlsx"),
    )
    assert final.returncode == 0, final.stderr
    assert (
        final.stdout.splitlines()[0]
        == "Applied: accept 1, candidate 0, override 0, blank 0; 120 kept as fill decided"
    )
    learnt = run("library", "learn", str(reviewed), "-l", str(LIBRARY), "--dry-run", "--json")
    assert learnt.returncode == 0, learnt.stderr
    data = json.loads(learnt.stdout)
    assert data["dry_run"] is True and [a["question_id"] for a in data["added"]] == [accepted]
    assert data["added"][0]["entry_id"] == rows[accepted]["Entry"]


def _person(report: Path, out: Path) -> dict[str, str]:
    """Decide every review row as the held-out labels read it; returns question id -> chosen entry."""
    labels = {
        item["number"]: item["expected"]
        for item in yaml.safe_load((DATA / "sample_labels.yaml").read_text(encoding="utf-8"))
        if item["file"] == SAMPLE.name
    }
    decisions, chosen = {}, {}
    for row in read_review(report).questions:
        if row.decision != "review":
            continue
        want, ids = labels.get(row.number), [m.entry_id for m in row.candidates]
        if want is None:
            decisions[row.question_id] = {"Action": "blank"}
        elif want in ids:
            rank = ids.index(want) + 1
            decisions[row.question_id] = {"Action": "accept" if rank == 1 else rank}
            chosen[row.question_id] = want
    none = [r for r in read_review(report).questions if r.decision == "none"]
    decisions[none[0].question_id] = {"Override": "=Not a formula: our own answer, as typed."}
    decide(report, out, decisions)
    return chosen


@pytest.mark.model
def test_the_review_loop_from_the_command_line_with_the_real_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loop")
    env = {"RFP_ASSISTANT_CACHE": str(folder / "cache")}
    library = shutil.copytree(LIBRARY, folder / "library")
    common = ["-l", str(library), "-a", str(ACCOUNT)]
    first = run("fill", str(SAMPLE), *common, "-o", str(folder / "answered.xlsx"), "--json", env=env)
    assert first.returncode == 0, first.stderr
    report = Path(json.loads(first.stdout)["report"])
    chosen = _person(report, folder / "reviewed.xlsx")

    final = run(
        "fill",
        str(SAMPLE),
        *common,
        "--review",
        str(folder / "reviewed.xlsx"),
        "-o",
        str(folder / "final.xlsx"),
        env=env,
    )
    assert final.returncode == 0 and final.stderr == "", final.stderr
    rows, filled = review_rows(report), openpyxl.load_workbook(folder / "final.xlsx")
    for qid in chosen:  # every chosen answer is in the final copy
        assert any(filled[s][c].value for s, c in spots(rows[qid]["Answer goes to"])), qid

    before = {n.name: n.read_text(encoding="utf-8") for n in library.glob("*.yaml")}
    learnt = run("library", "learn", str(folder / "reviewed.xlsx"), "-l", str(library))
    assert learnt.returncode == 0, learnt.stderr
    assert "Overrides: 1 (never added to the library" in learnt.stdout
    for name, text in before.items():  # the diff is just the added lines
        after = (library / name).read_text(encoding="utf-8")
        ops = difflib.SequenceMatcher(a=text.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes()
        assert {op[0] for op in ops} <= {"equal", "insert"}, name

    again = run("match", str(SAMPLE), *common, "--json", env=env)
    assert again.returncode == 0, again.stderr
    matched = {q["id"]: q for q in json.loads(again.stdout)["questions"]}
    for qid, entry in chosen.items():
        best = matched[qid]["matches"][0]
        # The learnt wording is now the entry's own phrasing: the entry is ranked first on it, and
        # the question is answered automatically unless the entry does not fit the cell.
        assert best["entry_id"] == entry, (qid, best)
        reason = matched[qid]["reason"] or ""
        assert matched[qid]["decision"] == "auto" or any(r in reason for r in FIT_REASONS), (qid, reason)
    counts_before = json.loads(first.stdout)["counts"]
    counts_after = {d: sum(q["decision"] == d for q in matched.values()) for d in ("auto", "review", "none")}
    assert counts_after["auto"] > counts_before["auto"]
