"""library harvest: drafts from the sample completed RFP, its planted differences, and safe drafts."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from library_support import LIBRARY, entry_by_id, run_cli, write_library

from rfp_assistant.account import load_account
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.errors import OutputError
from rfp_assistant.library import AnswerLibrary, render_answer
from rfp_assistant.library.harvest import HarvestResult, changed_words, harvest, templated
from rfp_assistant.library.lint import lint_library
from rfp_assistant.parse import parse
from rfp_assistant.parse.sent_answers import display_value, read_sent_answers

ROOT = Path(__file__).resolve().parent.parent
COMPLETED = ROOT / "samples" / "harbor_point_completed.xlsx"
ACCOUNT = ROOT / "samples" / "harbor_point_account.yaml"
# What samples/build_completed.py planted: answers edited away from the library's text...
PLANTED_DIFFERENCES = {
    "2.5": "accreditation-hedis-results",
    "4.7": "claims-audit-rights",
    "5.1": "member-services-hours",
    "6.4": "pharmacy-rebate-pass-through",
    "11.8": "account-escalation-path",
}
# ...and questions the library does not answer, answered by hand.
PLANTED_NEW = {"1.5", "3.4", "5.6", "11.9"}


@pytest.fixture(scope="module")
def harvested(tmp_path_factory: pytest.TempPathFactory) -> HarvestResult:
    folder = tmp_path_factory.mktemp("harvest")
    return harvest(
        COMPLETED,
        LIBRARY,
        folder / "harvested.yaml",
        account=ACCOUNT,
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(folder / "cache"),
    )


def test_the_completed_sample_holds_the_sent_answers_in_its_response_and_comment_cells() -> None:
    sent = {s.question.number: s for s in read_sent_answers(COMPLETED, parse(COMPLETED))}
    assert sent["6.4"].answer == "No"
    assert sent["6.4"].explanation.startswith("No. Harbor Point is quoting the fully insured option")
    assert sent["1.5"].answer == "318,000"
    assert sent["1.6"].answer is None and sent["1.6"].explanation is None  # left blank
    assert sent["4.7"].where == "'Questionnaire'!C43, 'Questionnaire'!D43"


def test_harvest_flags_exactly_the_planted_differences_and_drafts_the_new_answers(
    harvested: HarvestResult,
) -> None:
    differs = {i.question.number: i.entry_id for i in harvested.by_verdict("differs")}
    assert differs == PLANTED_DIFFERENCES
    assert {i.question.number for i in harvested.by_verdict("new")} == PLANTED_NEW
    assert len(harvested.by_verdict("same")) == 97  # every other answer is the library's own text
    assert len(harvested.drafts) == len(PLANTED_DIFFERENCES) + len(PLANTED_NEW)
    rebate = next(i for i in harvested.items if i.question.number == "6.4")
    assert (rebate.sent_short, rebate.library_short) == ("No", "Yes")


def test_harvested_drafts_load_lint_as_drafts_and_render_back_to_what_was_sent(
    harvested: HarvestResult, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    shutil.copytree(LIBRARY, library)
    shutil.copy(harvested.output, library / "harvested.yaml")
    loaded = AnswerLibrary.load(library)
    drafts = [e for e in loaded.entries if Path(e.source).name == "harvested.yaml"]
    assert len(drafts) == 9
    assert all(e.status == "draft" and e.owner is None for e in drafts)
    problems = [p for p in lint_library(library, as_of=date(2026, 1, 15)) if p.path.endswith("harvested.yaml")]
    assert {p.severity for p in problems} == {"warning"}
    owners = [p for p in problems if p.message == "draft entry has no owner"]
    assert len(owners) == 9  # a person owns each draft before it is approved
    assert all("has no answer_brief" in p.message for p in problems if p not in owners)

    variables = {"plan": loaded.plan, "account": load_account(ACCOUNT).template_vars()}
    sent = {i.draft_id: i for i in harvested.items if i.draft_id}
    for entry in drafts:
        assert render_answer(entry, variables) == sent[entry.id].sent
    new_member_count = next(e for e in drafts if e.id.startswith("harvested-1-5-"))
    assert new_member_count.short_answer == "318,000"
    assert new_member_count.answer.startswith("{{ plan.name }} covers about 318,000")


def test_harvested_drafts_record_their_source_and_the_entry_they_differ_from(harvested: HarvestResult) -> None:
    drafts = yaml.safe_load(harvested.output.read_text(encoding="utf-8"))
    audit = next(d for d in drafts if d["harvested_from"]["number"] == "4.7")
    assert audit["harvested_from"] == {
        "file": "harbor_point_completed.xlsx",
        "sha256": hashlib.sha256(COMPLETED.read_bytes()).hexdigest(),
        "location": "'Questionnaire'!C43, 'Questionnaire'!D43",
        "number": "4.7",
        "differs_from": "claims-audit-rights",
    }
    assert audit["status"] == "draft" and "owner" not in audit
    dental = next(d for d in drafts if d["harvested_from"]["number"] == "11.9")
    assert "differs_from" not in dental["harvested_from"]


def test_without_the_account_answers_naming_the_employer_are_still_recognised(tmp_path: Path) -> None:
    result = harvest(
        COMPLETED, LIBRARY, tmp_path / "h.yaml", embedder=HashingEmbedder(), cache=EmbeddingCache(tmp_path / "c")
    )
    assert {i.question.number: i.entry_id for i in result.by_verdict("differs")} == PLANTED_DIFFERENCES
    assert len(result.by_verdict("same")) == 97


def test_the_report_quotes_the_words_the_sender_changed() -> None:
    library = "We respond to findings within 30 days of the audit. Fully insured clients may request one."
    sent = "We respond to findings within 21 days of the audit. Fully insured clients may request one."
    assert changed_words(library, sent, context=2) == [("…findings within 30 days of…", "…findings within 21 days of…")]


def test_sent_text_that_looks_like_a_template_stays_literal_and_cannot_run(tmp_path: Path) -> None:
    text = "Call {{ ''.__class__.__mro__ }} or {% if x %}now{% endif %}."
    answer = templated(text, [])
    folder = write_library(
        tmp_path / "lib",
        {"a.yaml": "- id: harvested\n  question: Q?\n  answer: |\n    " + answer + "\n  status: draft\n"},
    )
    entry = entry_by_id(AnswerLibrary.load(folder), "harvested")
    assert render_answer(entry, {"plan": {}}) == text
    assert [p for p in lint_library(folder) if p.severity == "error"] == []


def test_harvest_refuses_to_replace_a_drafts_file_without_force(harvested: HarvestResult) -> None:
    with pytest.raises(OutputError, match="exists; use --force"):
        harvest(COMPLETED, LIBRARY, harvested.output, embedder=HashingEmbedder())


def test_a_harvested_from_that_is_not_a_mapping_is_a_load_error(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {"a.yaml": "- id: h\n  question: Q?\n  answer: A.\n  status: draft\n  harvested_from: an old RFP\n"},
    )
    problems = lint_library(folder)
    assert [(p.line, p.severity) for p in problems] == [(5, "error")]
    assert "'harvested_from' must be a mapping" in problems[0].message


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.994, "0.0%", "99.4%"),
        (812000, "General", "812000"),
        (4.25, "General", "4.25"),
        (True, "General", "Yes"),
        ("TYPE RESPONSE HERE>>>>", "General", None),
        ("  Yes  ", "General", "Yes"),
    ],
)
def test_cell_values_read_back_as_the_sender_saw_them(value: object, number_format: str, shown: str | None) -> None:
    assert display_value(value, number_format) == shown


@pytest.mark.model
def test_harvest_command_writes_the_drafts_reports_the_differences_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "harvested.yaml"
    args = ["library", "harvest", str(COMPLETED), "-l", str(LIBRARY), "-a", str(ACCOUNT), "-o", str(out)]

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, *extra)

    result = run("--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"] == {"same": 97, "differs": 5, "new": 4}
    assert {d["number"]: d["entry_id"] for d in data["differs"]} == PLANTED_DIFFERENCES
    assert out.exists()
    again = run()
    assert again.returncode == 2 and "use --force" in again.stderr
    forced = run("--force")
    assert forced.returncode == 0, forced.stderr
    assert "Sent answers that differ from the library's approved answer (5):" in forced.stdout
    assert "library: …data and up to 250 sampled claim files at…" in forced.stdout
    assert "sent:    …data and up to 300 sampled claim files at…" in forced.stdout
