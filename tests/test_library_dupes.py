"""library dupes: planted near-duplicates and contradictions are found; siblings and variants are not."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from library_support import LIBRARY, run_cli, write_library

from rfp_assistant.embed import EmbeddingCache, HashingEmbedder, SentenceTransformerEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.dupes import contradictions, find_duplicates, format_dupes
from rfp_assistant.models import LibraryEntry

PLAN = "name: Northwind Health Plan\nfinancial_accuracy: 99.4%\n"
APPROVED = "  owner: team@plan.example\n  status: approved\n  last_reviewed: 2026-06-01\n"

PLANTED = {
    "plan.yaml": PLAN,
    "claims.yaml": f"""\
- id: claims-turnaround
  question: What is your average claims turnaround time?
  answer: Clean claims are paid in 4.2 calendar days on average; 96% within 14 days.
{APPROVED}
- id: claims-turnaround-copy
  question: What is the average turnaround time for claims?
  answer: Clean claims are paid in 4.2 calendar days on average; 96% within 14 days.
{APPROVED}
- id: claims-accuracy
  question: What financial accuracy did you achieve last year?
  answer: Our 2025 financial accuracy was {{{{ plan.financial_accuracy }}}}, from a random audit sample.
{APPROVED}
- id: claims-accuracy-old
  question: What was your financial accuracy rate last year?
  answer: Financial accuracy in 2025 was 99.1% on our book of business.
{APPROVED}
- id: claims-audit-rights
  question: Do you allow the employer to audit claims?
  answer: Yes, once a year by an independent auditor.
  short_answer: "Yes"
{APPROVED}
- id: claims-audit-rights-2
  question: Will you permit the employer to audit its claims?
  answer: No, audits are limited to our internal quality unit.
  short_answer: "No"
{APPROVED}
""",
    "member_services.yaml": f"""\
- id: call-metrics
  question: What were your average speed of answer and abandonment rate results last year?
  answer: 24 seconds and 1.8%.
{APPROVED}
- id: call-guarantees
  question: Will you guarantee average speed of answer and abandonment rate?
  answer: We guarantee 30 seconds and 3%.
{APPROVED}
""",
}


def entry(entry_id: str, answer: str, short: str | None = None) -> LibraryEntry:
    return LibraryEntry(entry_id, "Q?", answer, "approved", short_answer=short, source="a.yaml", line=1)


# --- contradictions, statement by statement ---------------------------------------------------


def test_answers_stating_different_figures_in_one_unit_are_a_contradiction_quoting_both() -> None:
    first = entry("appeals-a", "Appeals are decided within 14 days. A second level is available.")
    second = entry("appeals-b", "We decide appeals within 30 days of receipt.")
    found = contradictions(first, second, {})
    assert [c.kind for c in found] == ["figure"]
    assert found[0].first == "appeals-a: \u201cAppeals are decided within 14 days.\u201d (14)"
    assert found[0].second == "appeals-b: \u201cWe decide appeals within 30 days of receipt.\u201d (30)"


def test_answers_sharing_a_figure_or_stating_other_units_do_not_contradict() -> None:
    first = entry("a", "96.2% within 14 days and 99.7% within 30 days.")
    second = entry("b", "99.7% of claims within 30 days; support for 3 languages.")
    assert contradictions(first, second, {}) == []


def test_different_short_answers_are_a_contradiction() -> None:
    found = contradictions(entry("a", "Yes, we do.", "Yes"), entry("b", "No, we do not.", "No"), {})
    assert [(c.kind, c.first, c.second) for c in found] == [
        ("short_answer", "a: short_answer 'Yes'", "b: short_answer 'No'")
    ]


def test_per_kind_short_answers_that_differ_for_one_kind_are_a_contradiction_naming_the_kind() -> None:
    def per_kind(entry_id: str, **shorts: str) -> LibraryEntry:
        return replace(entry(entry_id, "The guarantee starts on the effective date."), short_answers=tuple(shorts.items()))

    first = per_kind("a", yes_no="Yes", date="2027-01-01")
    second = per_kind("b", yes_no="Yes", date="2027-07-01")
    found = contradictions(first, second, {})
    assert [(c.kind, c.first, c.second) for c in found] == [
        ("short_answer", "a: short_answer.date '2027-01-01'", "b: short_answer.date '2027-07-01'")
    ]
    assert contradictions(first, per_kind("c", yes_no="Yes"), {}) == []  # a kind only one gives: no conflict
    plain = entry("d", "Yes, it starts on the effective date.", "No")
    assert [c.second for c in contradictions(first, plain, {})] == ["d: short_answer.yes_no 'No'"]


# --- grouping without the model ----------------------------------------------------------------


def test_variants_for_other_funding_types_and_retired_entries_are_not_duplicates(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": f"""\
- id: rates-insured
  question: How long are your rates guaranteed?
  answer: 12 months.
  funding: [fully-insured]
{APPROVED}
- id: rates-aso
  question: How long are your rates guaranteed?
  answer: ASO fees for 36 months.
  funding: [self-funded]
{APPROVED}
- id: rates-old
  question: How long are your rates guaranteed?
  answer: 6 months.
  owner: team@plan.example
  status: retired
  last_reviewed: 2020-01-01
- id: rates-everyone
  question: How long are your rates guaranteed?
  answer: 12 months.
{APPROVED}
"""
        },
    )
    report = find_duplicates(
        AnswerLibrary.load(folder), embedder=HashingEmbedder(), cache=EmbeddingCache(tmp_path / "cache")
    )
    assert [g.entry_ids for g in report.groups] == [("rates-aso", "rates-everyone", "rates-insured")]
    pairs = {(p.first.id, p.second.id) for p in report.groups[0].pairs}
    assert pairs == {("rates-insured", "rates-everyone"), ("rates-aso", "rates-everyone")}


# --- with the real model -------------------------------------------------------------------------


@pytest.mark.model
def test_planted_near_duplicates_are_grouped_and_contradictions_listed_first(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    folder = write_library(tmp_path / "lib", PLANTED)
    report = find_duplicates(AnswerLibrary.load(folder), embedder=embedder, cache=EmbeddingCache(tmp_path / "c"))
    groups = [g.entry_ids for g in report.groups]
    assert sorted(groups) == [
        ("claims-accuracy", "claims-accuracy-old"),
        ("claims-audit-rights", "claims-audit-rights-2"),
        ("claims-turnaround", "claims-turnaround-copy"),
    ]
    assert all(g.score >= report.min_semantic for g in report.groups)
    # contradictions first, each quoting both statements
    assert {g.entry_ids for g in report.groups[:2]} == {
        ("claims-accuracy", "claims-accuracy-old"),
        ("claims-audit-rights", "claims-audit-rights-2"),
    }
    quoted = {c.kind: (c.first, c.second) for p in report.contradictions for c in p.contradictions}
    assert quoted["short_answer"] == ("claims-audit-rights: short_answer 'Yes'", "claims-audit-rights-2: short_answer 'No'")
    assert "99.4%" in quoted["figure"][0] and "99.1%" in quoted["figure"][1]
    assert "Financial accuracy in 2025 was 99.1% on our book of business." in quoted["figure"][1]
    text = format_dupes(report)
    assert text.index("Contradictions (2):") < text.index("Near-duplicate groups (3;")
    assert "call-metrics" not in text  # results vs guarantees of one metric: siblings, not duplicates


@pytest.mark.model
def test_the_shipped_library_has_no_near_duplicates(embedder: SentenceTransformerEmbedder) -> None:
    report = find_duplicates(AnswerLibrary.load(LIBRARY), embedder=embedder)
    assert report.groups == (), format_dupes(report)


@pytest.mark.model
def test_dupes_command_exits_1_with_findings_and_0_without(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", PLANTED)
    distinct = write_library(
        tmp_path / "distinct",
        {
            "plan.yaml": PLAN,
            "a.yaml": "\n".join(f"- id: {k}\n  question: {q}\n  answer: {a}\n{APPROVED}" for k, q, a in (
                ("pbm", "Which pharmacy benefit manager do you use?", "Meridian Rx."),
                ("hours", "What are your member service hours?", "8 to 8, weekdays."),
            )),
        },
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli("library", "dupes", *args, env={"RFP_ASSISTANT_CACHE": str(tmp_path / "c")})

    found = run(str(folder), "--json")
    assert found.returncode == 1, found.stderr
    data = json.loads(found.stdout)
    assert len(data["groups"]) == 3 and len(data["contradictions"]) == 2
    assert data["contradictions"][0]["contradictions"][0]["kind"] in {"figure", "short_answer"}
    clean = run(str(distinct))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Near-duplicate groups (0;" in clean.stdout and "none" in clean.stdout
