"""``library learn``: accepted wordings become alternates, edited in place line by line.

A small library with comments and a questionnaire built on purpose; the review is filled
in with openpyxl as a person would; the hashing embedder matches (a wording that is now
an alternate matches its entry exactly with any embedder).
"""

from __future__ import annotations

import difflib
import textwrap

import openpyxl
import pytest
import yaml
from openpyxl.styles import Font
from review_support import decide

from rfp_assistant import OutputError, match, parse
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.fill import fill
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.learn import learn_from_review as learn
from rfp_assistant.library.yaml_edit import EditError, add_alternates
from rfp_assistant.parse.review import read_review

SERVICE = """\
# Service answers. Owner: the service team.
# Keep each answer under 600 characters.

- id: svc-hours          # the one most RFPs ask
  question: What are your member service hours?
  alternates:
    - When is your call center open?   # short form
  answer: |
    {{ plan.name }} Member Services is open 8am to 8pm, Monday to Friday.
  owner: service@plan.example
  status: approved
  last_reviewed: 2026-01-01

- id: 'svc-nurse-line'
  question: "Do you offer a 24-hour nurse line?"
  answer: >-
    Yes. Nurses answer
    around the clock.
  short_answer: "Yes"
  owner: service@plan.example
  status: approved
  last_reviewed: 2026-01-01

- id: svc-complaints
  question: Describe your member complaint process.
  answer: Complaints are acknowledged within 5 days and resolved within 30.
  owner: service@plan.example
  status: approved
  last_reviewed: 2026-01-01
"""
CLAIMS = """\
# Claims answers.
- id: claims-turnaround
  question: What is your average claims turnaround time?
  answer: Clean claims are paid within 7 calendar days on average.
  owner: claims@plan.example
  status: approved
  last_reviewed: 2026-01-01

- id: claims-appeals
  question: Describe your claims appeal process.
  answer: Appeals are decided within 30 days by a reviewer who did not decide the claim.
  owner: claims@plan.example
  status: approved
  last_reviewed: 2026-01-01
"""
QUESTIONS = {
    "1": ("When can members reach your service representatives by phone?", "svc-hours"),
    "2": ("Is a nurse available by phone at night?", "svc-nurse-line"),
    "3": ("Explain how a member files a grievance.", "svc-complaints"),
    "4": ("How quickly are claims paid?", None),  # overridden
    "5": ("WHEN is your   call center OPEN?", "svc-hours"),  # the entry has it already
    "6": ("How do members appeal a denied claim?", None),  # no action: kept as fill decided
}
OWN_ANSWER = "We pay 98% of clean claims within 5 days.\n{{ not a template }}"


@pytest.fixture
def reviewed(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "plan.yaml").write_text("name: Northwind Health Plan\n", encoding="utf-8")
    (library / "service.yaml").write_text(SERVICE, encoding="utf-8")
    (library / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Questionnaire"
    sheet.append(["No.", "Question", "Response", "Comments"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, (text, _) in QUESTIONS.items():
        sheet.append([number, text, None, None])
    book.save(tmp_path / "rfp.xlsx")
    result = fill(
        tmp_path / "rfp.xlsx",
        library,
        tmp_path / "answered.xlsx",
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "cache"),
    )
    rows = {q.number: q for q in read_review(result.report).questions}
    decisions = {}
    for number, (_, entry) in QUESTIONS.items():
        row = rows[number]
        if entry is not None:
            rank = [m.entry_id for m in row.candidates].index(entry) + 1
            decisions[row.question_id] = {"Action": "accept" if rank == 1 else rank}
    decisions[rows["4"].question_id] = {"Override": OWN_ANSWER, "Action": "accept"}
    return library, decide(result.report, tmp_path / "reviewed.xlsx", decisions), tmp_path


def _only_added_lines(before: str, after: str) -> list[str]:
    matcher = difflib.SequenceMatcher(a=before.splitlines(True), b=after.splitlines(True), autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert all(op[0] == "insert" for op in ops), ops
    return [line for op in ops for line in after.splitlines(True)[op[3] : op[4]]]


def test_learn_adds_accepted_wordings_as_alternates_and_nothing_else(reviewed):
    library, workbook, _ = reviewed
    result = learn(workbook, library)
    after = (library / "service.yaml").read_text(encoding="utf-8")
    added = _only_added_lines(SERVICE, after)
    assert added == [
        "    - When can members reach your service representatives by phone?\n",
        "  alternates:\n",
        "    - Is a nurse available by phone at night?\n",
        "  alternates:\n",
        "    - Explain how a member files a grievance.\n",
    ]
    assert (library / "claims.yaml").read_text(encoding="utf-8") == CLAIMS  # no accepted wording there
    entries = {e.id: e for e in AnswerLibrary.load(library).entries}
    assert entries["svc-hours"].alternates == (
        "When is your call center open?",
        "When can members reach your service representatives by phone?",
    )
    assert entries["svc-nurse-line"].alternates == ("Is a nurse available by phone at night?",)
    assert [(s.entry_id, s.skipped) for s in result.skipped] == [("svc-hours", "already has this wording")]
    assert [o.text for o in result.overrides] == [OWN_ANSWER]
    text = result.format()
    assert f"{library / 'service.yaml'}: added 3 alternates" in text
    assert "+ svc-nurse-line: Is a nurse available by phone at night?" in text
    assert "Overrides: 1 (never added to the library" in text


def test_after_learning_every_accepted_wording_matches_its_entry_exactly_and_is_auto(reviewed):
    library, workbook, tmp_path = reviewed
    learn(workbook, library)
    response = match(
        parse(tmp_path / "rfp.xlsx"),
        AnswerLibrary.load(library),
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "cache"),
    )
    by_number = {r.question.number: r for r in response.results}
    for number in ("1", "2", "3", "5"):
        result = by_number[number]
        # The learnt wording is the entry's own phrasing now: matched exactly, with full confidence.
        assert result.best.entry_id == QUESTIONS[number][1], number
        assert result.best.matched_text.lower() == result.question.text.lower(), number
        assert result.best.confidence > 0.99, number
        assert result.decision == "auto", (number, result.reason)


def test_dry_run_reports_the_same_and_writes_nothing(reviewed):
    library, workbook, tmp_path = reviewed
    result = learn(workbook, library, dry_run=True, drafts=tmp_path / "drafts.yaml")
    assert (library / "service.yaml").read_text(encoding="utf-8") == SERVICE
    assert not (tmp_path / "drafts.yaml").exists()
    assert "would add 3 alternates" in result.format() and "Dry run: nothing was written." in result.format()


def test_overrides_become_draft_entries_without_an_owner_only_in_the_drafts_file(reviewed):
    library, workbook, _ = reviewed
    drafts = library / "drafts_from_review.yaml"
    learn(workbook, library, drafts=drafts)
    assert OWN_ANSWER.splitlines()[0] not in (library / "claims.yaml").read_text(encoding="utf-8")
    loaded = AnswerLibrary.load(library)  # the drafts file sits in the library and loads
    [draft] = [e for e in loaded.entries if e.source == str(drafts)]
    assert draft.status == "draft" and draft.owner is None and draft.question == QUESTIONS["4"][0]
    assert draft.id.startswith("draft-how-quickly-are-claims-paid")
    from rfp_assistant.library import render_answer

    assert render_answer(draft, {}) == OWN_ANSWER  # literal text, not a template
    assert all(e.status == "approved" for e in loaded.usable())
    with pytest.raises(OutputError, match="exists"):
        learn(workbook, library, drafts=drafts)


def test_learn_edits_block_flow_and_missing_alternates_keeping_every_other_byte():
    text = textwrap.dedent(
        """\
        - id: a   # comment
          question: "A?"
          alternates: [one, "two"]
          answer: x
          status: draft
        - id: b
          question: |
            Block
            question
          alternates:
          answer: y
          status: draft
        - id: c
          question: C?
          answer: z
          status: draft"""
    )
    tricky = ["yes", "Note: a colon", "# not a comment", "It's Harbor Point’s"]
    edited = add_alternates(text, {"a": ["three, four"], "b": tricky[:2], "c": tricky[2:]})
    data = yaml.safe_load(edited)
    assert [d.get("alternates") for d in data] == [["one", "two", "three, four"], tricky[:2], tricky[2:]]
    changed = [line for line in difflib.ndiff(text.splitlines(), edited.splitlines()) if line[:1] in "+-"]
    assert changed == [
        '-   alternates: [one, "two"]',
        '+   alternates: [one, "two", "three, four"]',
        '+     - "yes"',
        "+     - 'Note: a colon'",
        "+   alternates:",
        "+     - '# not a comment'",
        "+     - It's Harbor Point’s",
    ]
    crlf = text.replace("\n", "\r\n") + "\r\n"
    edited = add_alternates(crlf, {"c": ["New?"]})
    assert edited == crlf.replace("question: C?\r\n", "question: C?\r\n  alternates:\r\n    - New?\r\n")
    with pytest.raises(EditError, match="no entry 'zz'"):
        add_alternates(text, {"zz": ["x"]})


def test_learn_refuses_an_input_that_is_not_a_review_workbook(tmp_path):
    from conftest import LIBRARY, SAMPLES
    from rfp_assistant import InputError

    with pytest.raises(InputError, match="not a review workbook"):
        learn(SAMPLES / "harbor_point_medical_rfp.xlsx", LIBRARY)


def test_a_wording_the_short_answer_would_not_fit_is_skipped_so_the_library_stays_lint_clean():
    # "100% pass-through" fills a narrative question's short cell; once a yes/no wording is an
    # alternate, lint says the entry answers a yes/no question with a short answer that is not Yes/No
    from rfp_assistant.library.learn import _skip_reason, new_short_answer_misfit
    from rfp_assistant.library.lint_rules import short_answer_misfit
    from rfp_assistant.models import LibraryEntry

    entry = LibraryEntry(
        id="rx-rebates",
        question="Describe how rebates are shared with the plan.",
        answer="Rebates are passed through in full, quarterly.",
        short_answer="100% pass-through",
        owner="rx@plan.example",
        status="approved",
    )
    assert short_answer_misfit(entry) is None
    reason = new_short_answer_misfit(entry, "Are rebates passed through to the plan?")
    assert reason is not None and "is not Yes, No or N/A" in reason
    assert _skip_reason(entry, "Are rebates passed through to the plan?", {}) == (
        f"with this wording, {reason} (a maintainer gives the entry a short answer for it first)"
    )
    assert new_short_answer_misfit(entry, "How are rebates shared with the employer?") is None
    already = LibraryEntry(**{**entry.__dict__, "question": "Are rebates passed through?"})
    assert short_answer_misfit(already) is not None  # lint reports it already: learn adds no second reason
    assert new_short_answer_misfit(already, "Are all rebates passed through to the plan?") is None
    assert _skip_reason(already, "Are all rebates passed through to the plan?", {}) is None
