"""The usage log beside a library, and library stats over entries, review dates and usage."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from library_support import LIBRARY as SHIPPED_LIBRARY
from library_support import ROOT, write_library

from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.errors import LibraryError
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.stats import DEFAULT_TOP, format_stats, library_stats
from rfp_assistant.library.usage import (
    USAGE_LOG_NAME,
    UsageRecord,
    append_usage,
    read_usage,
    record_fill,
    usage_records,
)
from rfp_assistant.models import Match, Question, Questionnaire, QuestionResult, Response, XlsxLocation

LIBRARY = {
    "claims.yaml": """\
        - id: claims-accuracy
          question: What is your financial accuracy?
          answer: 99.4%.
          tags: [claims, accuracy]
          owner: claims@plan.example
          status: approved
          last_reviewed: 2026-10-01

        - id: claims-appeals
          question: Describe your appeals process.
          answer: Two levels.
          tags: [claims]
          owner: claims@plan.example
          status: approved
          last_reviewed: 2025-12-15
    """,
    "pharmacy.yaml": """\
        - id: pharmacy-pbm
          question: Which PBM do you use?
          answer: Meridian Rx.
          tags: [pharmacy]
          owner: rx@plan.example
          status: approved
          last_reviewed: 2025-06-01

        - id: pharmacy-draft
          question: Draft?
          answer: Draft.
          status: draft
    """,
}


def record(entry_id: str, rfp: str, decision: str = "auto", question: str = "q0001") -> UsageRecord:
    return UsageRecord("2026-11-30", f"{rfp}.xlsx", rfp * 8, question, entry_id, decision)


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable, even for root (immutable attribute), or skip if impossible."""
    immutable = os.geteuid() == 0 and shutil.which("chattr") is not None
    if immutable:
        subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    else:
        folder.chmod(0o555)
    try:
        probe = folder / ".probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("cannot make a folder read-only here")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
        folder.chmod(0o755)


# --- the log --------------------------------------------------------------------------------


def test_usage_records_are_appended_as_one_json_object_a_line_and_read_back(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    first = [record("claims-accuracy", "a"), record("claims-appeals", "a", "review", "q0002")]
    assert append_usage(folder, first) is None
    assert append_usage(folder, [record("claims-accuracy", "b")]) is None
    lines = (folder / USAGE_LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert list(json.loads(lines[0])) == ["date", "rfp_file", "rfp_sha256", "question", "entry_id", "decision"]
    assert json.loads(lines[1])["decision"] == "review"
    assert read_usage(folder) == [*first, record("claims-accuracy", "b")]


def test_a_fill_response_becomes_one_record_per_answered_or_suggested_question(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    rfp = tmp_path / "acme_rfp.xlsx"
    rfp.write_bytes(b"not really a workbook, only hashed")

    def result(qid: str, decision: str, entry: str | None) -> QuestionResult:
        question = Question(qid, None, None, "Q?", "narrative", XlsxLocation("Q", "A1", "B1", None))
        matches = (Match(entry, 0.9, "Q?"),) if entry else ()
        return QuestionResult(question, decision, matches)  # type: ignore[arg-type]

    results = (
        result("q0001", "auto", "claims-accuracy"),
        result("q0002", "review", "claims-appeals"),
        result("q0003", "none", "pharmacy-pbm"),
    )
    response = Response(Questionnaire(str(rfp), "xlsx", tuple(r.question for r in results)), results, "v", "m")
    assert record_fill(folder, rfp, response, day=date(2026, 12, 1)) is None
    sha = hashlib.sha256(rfp.read_bytes()).hexdigest()
    assert read_usage(folder) == [
        UsageRecord("2026-12-01", "acme_rfp.xlsx", sha, "q0001", "claims-accuracy", "auto"),
        UsageRecord("2026-12-01", "acme_rfp.xlsx", sha, "q0002", "claims-appeals", "review"),
    ]
    assert usage_records(response, rfp, day=date(2026, 12, 1)) == read_usage(folder)


def test_the_usage_log_never_changes_the_library_version_outside_git(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    before = AnswerLibrary.load(folder).version
    append_usage(folder, [record("claims-accuracy", "a")])
    assert AnswerLibrary.load(folder).version == before


def test_the_usage_log_never_makes_a_git_library_dirty_or_a_new_version(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = write_library(repo / "lib", LIBRARY)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "library")
    clean = AnswerLibrary.load(folder).version
    assert clean.startswith("git:") and "+dirty" not in clean

    append_usage(folder, [record("claims-accuracy", "a")])
    assert AnswerLibrary.load(folder).version == clean  # an uncommitted log is not "dirty"
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "usage")
    assert AnswerLibrary.load(folder).version == clean  # nor is committing it a new library version

    (folder / "claims.yaml").write_text((folder / "claims.yaml").read_text() + "\n# edited\n")
    assert AnswerLibrary.load(folder).version.split(" ")[0].endswith("+dirty")  # a YAML edit still is


def test_a_read_only_library_folder_gets_a_one_line_note_and_no_log(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    with read_only(folder):
        note = append_usage(folder, [record("claims-accuracy", "a")])
    assert note is not None and "\n" not in note
    assert str(folder / USAGE_LOG_NAME) in note and "not logged" in note
    assert not (folder / USAGE_LOG_NAME).exists()


def test_a_usage_log_that_cannot_be_replaced_gets_a_note_and_stays_as_it_was(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    (folder / USAGE_LOG_NAME).mkdir()  # something in the way that is not a log
    note = append_usage(folder, [record("claims-accuracy", "a")])
    assert note is not None and "not logged" in note and "\n" not in note
    assert (folder / USAGE_LOG_NAME).is_dir()


def test_a_broken_usage_log_line_is_a_library_error_naming_its_line(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    append_usage(folder, [record("claims-accuracy", "a")])
    with open(folder / USAGE_LOG_NAME, "a", encoding="utf-8") as log:
        log.write("<<<<<<< HEAD\n")
    with pytest.raises(LibraryError) as info:
        read_usage(folder)
    assert str(info.value).startswith(f"{folder / USAGE_LOG_NAME}:2: error: not a usage record")


# --- stats ----------------------------------------------------------------------------------


def test_stats_count_entries_by_file_tag_owner_and_status_and_judge_freshness(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    stats = library_stats(folder, as_of=date(2026, 11, 30))
    assert stats.entries == 4
    assert stats.by_file == {"claims.yaml": 2, "pharmacy.yaml": 2}
    assert stats.by_tag == {"claims": 2, "accuracy": 1, "pharmacy": 1}
    assert stats.by_owner == {"claims@plan.example": 2, "(none)": 1, "rx@plan.example": 1}
    assert stats.by_status == {"approved": 3, "draft": 1}
    assert stats.overdue == ("pharmacy-pbm",)  # due 2026-06-01
    assert stats.due_soon == ("claims-appeals",)  # due 2026-12-15
    assert stats.reviewed_recently == 1  # claims-accuracy, 2026-10-01


def test_stats_rank_answers_by_the_rfps_they_answered_and_list_those_never_used(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", LIBRARY)
    append_usage(
        folder,
        [
            record("claims-accuracy", "a"),
            record("claims-accuracy", "a", question="q0009"),  # same RFP twice: one RFP
            record("claims-accuracy", "b"),
            record("pharmacy-pbm", "b"),
            record("claims-appeals", "c", "review"),  # suggested only: not used
        ],
    )
    stats = library_stats(folder, as_of=date(2026, 11, 30))
    assert [(u.entry_id, u.rfps) for u in stats.most_used] == [("claims-accuracy", 2), ("pharmacy-pbm", 1)]
    assert stats.never_used == ("claims-appeals",)
    assert (stats.usage_records, stats.rfps) == (5, 3)
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["usage"]["never_used"] == ["claims-appeals"]
    assert data["freshness"]["overdue"] == ["pharmacy-pbm"]
    report = format_stats(stats)
    assert "Usage: 5 records from 3 RFPs" in report
    assert "Approved answers never used: 1\n  claims-appeals" in report


def test_fill_appends_the_entries_it_used_to_the_usage_log_unless_told_not_to(tmp_path: Path) -> None:
    from rfp_assistant.fill import fill

    library = tmp_path / "lib"
    # Without the log other runs may have left beside the shipped library (it is git-ignored).
    shutil.copytree(SHIPPED_LIBRARY, library, ignore=shutil.ignore_patterns(USAGE_LOG_NAME))
    source = ROOT / "samples" / "harbor_point_medical_rfp.xlsx"
    cache = EmbeddingCache(tmp_path / "cache")
    fill(source, library, tmp_path / "quiet.xlsx", embedder=HashingEmbedder(), cache=cache, usage_log=False)
    assert read_usage(library) == []
    result = fill(source, library, tmp_path / "logged.xlsx", embedder=HashingEmbedder(), cache=cache)
    records = read_usage(library)
    assert result.usage_note is None
    assert len(records) == sum(r.decision != "none" for r in result.response.results) > 0
    assert {r.rfp_file for r in records} == {"harbor_point_medical_rfp.xlsx"}


def test_a_fill_from_a_review_logs_too_and_stats_reads_the_log_end_to_end(tmp_path: Path) -> None:
    from library_support import run_cli

    from rfp_assistant.fill import fill
    from rfp_assistant.review import fill_reviewed

    library = tmp_path / "lib"
    shutil.copytree(SHIPPED_LIBRARY, library, ignore=shutil.ignore_patterns(USAGE_LOG_NAME))
    source = ROOT / "samples" / "harbor_point_medical_rfp.xlsx"
    first = fill(
        source, library, tmp_path / "first.xlsx", embedder=HashingEmbedder(), cache=EmbeddingCache(tmp_path / "cache")
    )
    logged_by_fill = len(read_usage(library))
    final = fill_reviewed(source, library, first.report, tmp_path / "final.xlsx")
    records = read_usage(library)
    from_review = records[logged_by_fill:]
    assert final.usage_note is None
    assert len(from_review) == sum(r.decision != "none" for r in final.response.results) > 0
    assert {r.rfp_file for r in records} == {source.name}

    shown = run_cli("library", "stats", str(library), "--json")
    assert shown.returncode == 0, shown.stderr
    usage = json.loads(shown.stdout)["usage"]
    assert usage["records"] == len(records) and usage["rfps"] == 1  # the same RFP filled twice
    answered = {r.entry_id for r in records if r.answered}
    assert {u["entry_id"] for u in usage["most_used"]} <= answered
    assert len(usage["most_used"]) == min(DEFAULT_TOP, len(answered))
    assert all(u["rfps"] == 1 for u in usage["most_used"])
    assert set(usage["never_used"]).isdisjoint(answered)
