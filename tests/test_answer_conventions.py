"""What text an entry gives a question: the conventions a careful person follows in a form.

Each test matches a question against a small library whose entries repeat its words, so
the deterministic :class:`HashingEmbedder` picks the intended entry; what is checked is the
text prepared for the form (``answer``, ``short_answer``, ``attachments``, ``grid_values``)
and whether it may be written automatically.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from library_support import find_problem, line_of, load_error, write_library

from rfp_assistant.account import AccountProfile
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.match import match
from rfp_assistant.match.grid import best_match, label_score
from rfp_assistant.match.wording import drop_leading_yes_no, overflow
from rfp_assistant.models import AnswerGrid, Limit, Question, Questionnaire, XlsxLocation
from rfp_assistant.text import prose_dates

AS_OF = date(2027, 1, 8)

PLAN = """\
name: Test Health Plan
hospital_count: "142"
ncqa_status: Excellent
ncqa_expiry: "March 31, 2028"
"""

ENTRY = """\
- id: {id}
  question: {question}
  answer: |
    {answer}
{extra}  owner: team@plan.example
  status: approved
  last_reviewed: {reviewed}
  review_every_days: 365
"""


def entry(id: str, question: str, answer: str, *, reviewed: str = "2026-11-30", **extra: str) -> str:
    lines = "".join(f"  {key}: {value}\n" for key, value in extra.items())
    return ENTRY.format(id=id, question=question, answer=answer, extra=lines, reviewed=reviewed)


@pytest.fixture
def make(tmp_path: Path):
    """Build a library from entries, ask one question, return its result."""
    counter = iter(range(1000))

    def ask(
        entries: list[str],
        text: str,
        kind: str = "narrative",
        *,
        options: tuple[str, ...] = (),
        limit: Limit | None = None,
        grid: AnswerGrid | None = None,
        account: AccountProfile | None = None,
        as_of: date = AS_OF,
    ):
        folder = tmp_path / f"lib{next(counter)}"
        folder.mkdir()
        (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
        (folder / "answers.yaml").write_text("\n".join(entries), encoding="utf-8")
        question = Question(
            "q0001", "1", None, text, kind, XlsxLocation("Q", "B2", "C2", "D2"), options, limit, grid
        )  # type: ignore[arg-type]
        response = match(
            Questionnaire("rfp.xlsx", "xlsx", (question,)),
            AnswerLibrary.load(folder),
            account=account,
            embedder=HashingEmbedder(),
            cache=EmbeddingCache(tmp_path / "cache"),
            as_of=as_of,
        )
        return response.results[0]

    return ask


YES_NO = ("Yes", "No")


def test_the_explanation_does_not_repeat_the_yes_its_yes_no_cell_says(make):
    result = make(
        [
            entry(
                "nurse",
                "Do you offer a nurse line?",
                "Yes, our nurses answer around the clock.",
                short_answer='"Yes"',
            )
        ],
        "Do you offer a nurse line?",
        "yes_no",
        options=YES_NO,
    )
    assert (result.decision, result.short_answer) == ("auto", "Yes")
    assert result.answer == "Our nurses answer around the clock."


def test_a_choice_cell_that_says_a_status_is_not_followed_by_a_narrative_opening_with_yes(make):
    result = make(
        [
            entry(
                "ncqa",
                "What is your NCQA accreditation status?",
                "Yes. Our HMO holds NCQA accreditation at the Excellent level.",
                short_answer='"{{ plan.ncqa_status }}"',
            )
        ],
        "What is your NCQA accreditation status?",
        "choice",
        options=("Excellent", "Commendable", "Accredited"),
    )
    assert result.short_answer == "Excellent"
    assert result.answer == "Our HMO holds NCQA accreditation at the Excellent level."


def test_a_describe_question_never_opens_with_yes_but_keeps_the_rest_as_approved(make):
    result = make(
        [entry("tele", "Describe your telehealth program.", "Yes. Members see a physician by video, 24/7.")],
        "Describe your telehealth program.",
    )
    assert result.answer == "Members see a physician by video, 24/7."
    assert drop_leading_yes_no("No") == "No"  # a bare word is not dropped to nothing


def test_a_yes_no_cell_that_asks_for_y_or_n_gets_the_letter(make):
    result = make(
        [
            entry(
                "terms",
                "Confirm acceptance of the terms and conditions.",
                "We accept the terms and conditions.",
                short_answer='"Yes"',
            )
        ],
        "Confirm acceptance of the terms and conditions.",
        "yes_no",
        options=("Y", "N"),
    )
    assert (result.decision, result.short_answer) == ("auto", "Y")


def test_a_yes_no_question_whose_entry_has_no_short_answer_gets_its_narrative_and_no_value(make):
    result = make(
        [entry("eap", "Do you offer an EAP?", "Six counselling sessions per issue are included.")],
        "Do you offer an EAP?",
        "yes_no",
        options=YES_NO,
    )
    assert (result.decision, result.short_answer) == ("auto", None)
    assert result.answer == "Six counselling sessions per issue are included."


def test_a_date_question_needs_the_entrys_date_and_a_number_question_a_number(make):
    kickoff = "What is the proposed date for the implementation kickoff meeting?"
    timeline = "Kickoff is within ten business days of award, for an effective date of July 1, 2027."
    undated = make([entry("timeline", kickoff, timeline)], kickoff, "date")
    assert undated.decision == "review" and "asks for a date and entry timeline has no date value" in undated.reason
    dated = make([entry("timeline", kickoff, timeline, short_answer='"March 3, 2027"')], kickoff, "date")
    assert dated.decision == "auto" and dated.short_answer is not None
    staff = "How many staff will serve the account?"
    uncounted = make([entry("team", staff, "A dedicated team serves the account.")], staff, "numeric")
    assert uncounted.decision == "review" and "asks for a number and entry team states none" in uncounted.reason
    counted = make([entry("team", staff, "A team of 12 serves the account.")], staff, "numeric")
    assert counted.decision == "auto"


def test_a_choice_question_whose_entry_has_no_short_answer_goes_to_review(make):
    result = make(
        [entry("arr", "Which funding arrangement do you recommend?", "We quote insured and ASO.")],
        "Which funding arrangement do you recommend?",
        "choice",
        options=("Fully insured", "ASO"),
    )
    assert result.decision == "review" and "needs a choice" in result.reason


def test_a_short_answer_that_contradicts_its_narrative_goes_to_review(make):
    result = make(
        [entry("laser", "Will you offer a no-new-laser provision?", "Yes, at renewal.", short_answer='"No"')],
        "Will you offer a no-new-laser provision?",
        "yes_no",
        options=YES_NO,
    )
    assert result.decision == "review"
    assert "short answer 'No' contradicts its answer, which opens with 'Yes'" in result.reason


def test_please_confirm_answered_in_words_opens_with_confirmed_and_keeps_the_qualifier(make):
    confirm = "Please confirm that quoted fees are net of commissions."
    result = make(
        [entry("net", confirm, "Yes, unless the employer asks us to pay a broker.", short_answer='"Yes"')],
        confirm,
    )
    assert result.answer == "Confirmed. Unless the employer asks us to pay a broker."
    unconfirmed = make([entry("net", confirm, "Fees are quoted net of commissions.")], confirm)
    assert unconfirmed.answer == "Fees are quoted net of commissions."  # the entry does not say yes


def test_dates_in_answers_read_as_prose_never_iso(make):
    account = AccountProfile(
        name="Acme", effective_date=date(2027, 7, 1), state="MA", funding="fully-insured"
    )
    result = make(
        [
            entry(
                "impl",
                "Describe your implementation plan.",
                "We start 120 days before {{ account.effective_date }}.",
            )
        ],
        "Describe your implementation plan.",
        account=account,
    )
    assert result.answer == "We start 120 days before July 1, 2027."
    assert prose_dates("from 2026-02-30 to 2027-12-01") == "from 2026-02-30 to December 1, 2027"


def _typed(make, question: str, answer: str, short: str, kind: str, **kwargs):
    """Ask ``question`` of a one-entry library whose entry repeats it, with ``short`` as its short answer."""
    return make([entry("fact", question, answer, short_answer=f'"{short}"')], question, kind, **kwargs)


def test_number_and_date_questions_take_the_typed_value_from_a_plan_variable(make):
    hospitals = _typed(
        make,
        "How many hospitals are in your network?",
        "{{ plan.hospital_count }} hospitals take part.",
        "{{ plan.hospital_count }}",
        "numeric",
    )
    assert (hospitals.decision, hospitals.short_answer) == ("auto", "142")
    expiry = _typed(
        make,
        "When does your NCQA accreditation expire?",
        "It runs through {{ plan.ncqa_expiry }}.",
        "{{ plan.ncqa_expiry }}",
        "date",
    )
    assert (expiry.decision, expiry.short_answer) == ("auto", "March 31, 2028")
    level = _typed(
        make,
        "What is your NCQA level?",
        "Our level is {{ plan.ncqa_status }}.",
        "Yes",
        "choice",
        options=("Excellent", "Commendable"),
    )
    assert level.decision == "review" and "does not fit" in level.reason


def test_the_brief_is_used_when_the_full_answer_is_over_the_limit_and_the_overflow_is_stated(make):
    long = "Members reach us by phone. " * 45
    brief = make(
        [
            entry(
                "svc",
                "Describe your member services.",
                long.strip(),
                answer_brief='"Phone, chat and email, 8 to 8."',
            )
        ],
        "Describe your member services.",
        limit=Limit("chars", 1000),
    )
    assert (brief.decision, brief.answer) == ("auto", "Phone, chat and email, 8 to 8.")
    over = make(
        [entry("svc", "Describe your member services.", long.strip())],
        "Describe your member services.",
        limit=Limit("chars", 1000),
    )
    assert over.decision == "review" and over.answer == long.strip()  # never cut
    assert (
        over.reason
        == "answer is 1,214 characters, over the limit of 1,000, and entry svc has no answer_brief"
    )
    assert overflow("one two three", Limit("words", 2)) == "answer is 3 words, over the limit of 2"


def test_a_typed_value_is_written_alone_when_its_narrative_fits_no_limit(make):
    result = make(
        [
            entry(
                "h",
                "How many hospitals are in your network?",
                "{{ plan.hospital_count }} hospitals. " * 20,
                short_answer='"{{ plan.hospital_count }}"',
            )
        ],
        "How many hospitals are in your network?",
        "numeric",
        limit=Limit("chars", 100),
    )
    assert (result.decision, result.short_answer, result.answer) == ("auto", "142", None)
    assert "only the value was written" in result.notes[0]


def test_an_entry_past_its_review_date_is_never_written_automatically(make):
    stale = [
        entry(
            "lit",
            "Are you involved in material litigation?",
            "No material litigation.",
            short_answer='"No"',
            reviewed="2025-12-28",
        )
    ]
    late = make(stale, "Are you involved in material litigation?", "yes_no", options=YES_NO)
    assert late.decision == "review"
    assert late.reason == "entry lit overdue for review since 2026-12-28"
    assert late.short_answer == "No"  # still suggested to the reviewer
    earlier = make(
        stale, "Are you involved in material litigation?", "yes_no", options=YES_NO, as_of=date(2026, 12, 1)
    )
    assert earlier.decision == "auto"


def test_a_question_about_another_year_or_figure_than_the_entry_states_goes_to_review(make):
    year = make(
        [
            entry(
                "acc",
                "What was your financial accuracy rate?",
                "In 2025 it was 99.4%.",
                short_answer='"99.4%"',
            )
        ],
        "What was your financial accuracy rate in 2026?",
        "numeric",
    )
    assert year.decision == "review" and "asks about 2026; entry acc states 2025" in year.reason
    figure = make(
        [
            entry(
                "big",
                "How many employer groups with 500 or more employees do you serve?",
                "We serve 410 groups with 500 or more employees.",
                short_answer='"410"',
            )
        ],
        "How many employer groups with more than 1,000 employees do you serve?",
        "numeric",
    )
    assert figure.decision == "review" and "names 1,000" in figure.reason
    place = make(
        [
            entry(
                "groups",
                "How many employer groups do you serve?",
                "We serve 9,600 groups.",
                short_answer='"9,600"',
            )
        ],
        "How many employer groups do you serve in Massachusetts?",
        "numeric",
    )
    assert place.decision == "review" and "asks about massachusetts" in place.reason


def test_an_attachment_question_names_the_document_and_one_without_any_goes_to_review(make):
    plan = make(
        [
            entry(
                "plan",
                "Attach a sample implementation plan.",
                "Our plan covers every milestone.",
                attachments="[Exhibit 6 - Sample Implementation Plan]",
            )
        ],
        "Attach a sample implementation plan.",
        "attachment",
    )
    assert plan.answer == "Our plan covers every milestone. See Exhibit 6 - Sample Implementation Plan."
    assert plan.attachments == ("Exhibit 6 - Sample Implementation Plan",)
    none = make(
        [entry("plan", "Attach a sample implementation plan.", "Our plan covers it.")],
        "Attach a sample implementation plan.",
        "attachment",
    )
    assert none.decision == "review" and "names none" in none.reason


GRID = """\
  grid:
    columns:
      - id: status
        labels: [Status / Level, Status]
      - id: expires
        labels: [Expiration Date]
    rows:
      - labels: [NCQA Health Plan Accreditation - commercial HMO]
        status: "{{ plan.ncqa_status }}"
        expires: "{{ plan.ncqa_expiry }}"
      - labels: [NCQA Health Plan Accreditation - commercial PPO]
        status: "{{ plan.ncqa_status }}"
      - labels: [URAC Case Management]
        status: Accredited
"""


def test_a_grid_is_filled_cell_by_cell_with_labels_matched_to_the_issuers(make):
    grid = AnswerGrid(
        row_header="Accreditation",
        columns=("Status / Level", "Expiration Date (mm/dd/yyyy)", "Notes"),
        rows=("NCQA Health Plan Accreditation - commercial PPO", "URAC Case Management", "Joint Commission"),
        cells=(("C3", "D3", "E3"), ("C4", "D4", "E4"), ("C5", "D5", "E5")),
    )
    library = [entry("table", "Complete the accreditation table.", "See the table.") + GRID]
    result = make(library, "Complete the accreditation table.", grid=grid)
    assert result.decision == "auto"
    assert result.grid_values == (
        ("Excellent", None, None),  # the PPO row has no expiry: left for a person
        ("Accredited", None, None),
        (None, None, None),  # a row the entry does not know
    )


def test_grid_labels_match_as_whole_words_and_a_tie_is_not_guessed():
    assert label_score("Year 1 (2028)", ["Year 1"]) > 0
    assert label_score("Year 10", ["Year 1"]) == 0
    assert label_score("Financial accuracy (% of dollars paid correctly)", ["Financial accuracy"]) > 0
    assert best_match("Claims & appeals", [["Claims and appeals"]]) == 0
    assert best_match("NCQA accreditation", [["NCQA"], ["accreditation"]]) is None


def test_the_same_inputs_and_as_of_date_give_the_same_result(make):
    library = [entry("nurse", "Do you offer a nurse line?", "Yes, around the clock.", short_answer='"Yes"')]
    first = make(library, "Do you offer a nurse line?", "yes_no", options=YES_NO)
    again = make(library, "Do you offer a nurse line?", "yes_no", options=YES_NO)
    assert first.to_dict() == again.to_dict()


def test_an_entry_without_a_grid_leaves_the_questions_grid_to_a_person(make):
    grid = AnswerGrid("Metric", ("Standard",), ("ASA",), (("C3",),))
    result = make(
        [entry("pg", "Complete the guarantee table.", "See Exhibit 10.")],
        "Complete the guarantee table.",
        grid=grid,
    )
    assert (result.decision, result.grid_values) == ("auto", None)


def test_wording_helpers_keep_what_they_do_not_need_to_change():
    assert drop_leading_yes_no("Yesterday we met.") == "Yesterday we met."
    assert drop_leading_yes_no("No - we do not laser.") == "We do not laser."
    assert textwrap.dedent(prose_dates("ISO 2027-07-01.")) == "ISO July 1, 2027."


PER_KIND = """\
  short_answer:
    yes_no: "Yes"
    date: "{{ plan.ncqa_expiry }}"
    choice: "{{ plan.ncqa_status }}"
"""


def test_a_short_answer_given_per_question_kind_answers_each_kind_with_its_own_value(make):
    library = [
        entry("ncqa", "Is your plan accredited by NCQA?", "Yes. Excellent, through {{ plan.ncqa_expiry }}.")
        + PER_KIND
    ]
    yes = make(library, "Is your plan accredited by NCQA?", "yes_no", options=YES_NO)
    expiry = make(library, "Is your plan accredited by NCQA?", "date")
    level = make(library, "Is your plan accredited by NCQA?", "choice", options=("Excellent", "Commendable"))
    assert [yes.short_answer, expiry.short_answer, level.short_answer] == [
        "Yes",
        "March 31, 2028",
        "Excellent",
    ]
    numeric = make(library, "Is your plan accredited by NCQA?", "numeric")
    assert numeric.short_answer is None  # no value for that kind: the narrative answers in words


def test_a_short_answer_for_an_unknown_kind_is_a_library_error(tmp_path):
    folder = write_library(
        tmp_path / "lib",
        {
            "a.yaml": entry("ncqa", "Is your plan accredited?", "Yes.")
            + "  short_answer:\n    grid: Excellent\n"
        },
    )
    problem = find_problem(
        load_error(folder),
        folder / "a.yaml",
        line_of(folder / "a.yaml", "short_answer:"),
        "unknown question kind 'grid'",
    )
    assert "use yes_no, choice, numeric, date" in problem
