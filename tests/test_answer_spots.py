"""What goes where beyond one value and one narrative: qualified answers, open spots, grids, attachments."""

from __future__ import annotations

from rfp_assistant.models import AnswerGrid, Kind, Match, Question, QuestionResult, XlsxLocation
from rfp_assistant.render.answer_spots import AnswerSpots, SpotWrite, open_spots, plan_answer, plan_grid

NARRATIVE = "For groups with 500 or more enrolled employees, a dedicated team answers."


def result(
    kind: Kind = "yes_no",
    short: str | None = None,
    answer: str | None = NARRATIVE,
    *,
    grid: AnswerGrid | None = None,
    values=None,
    attachments: tuple[str, ...] = (),
) -> QuestionResult:
    question = Question(
        "q0001", "1", None, "Will we have a team?", kind, XlsxLocation("Q", "B2", "C2"), grid=grid
    )
    return QuestionResult(
        question,
        "auto",
        (Match("e", 0.9, "x"),),
        answer=answer,
        short_answer=short,
        attachments=attachments,
        grid_values=values,
    )


def test_a_no_or_a_qualified_yes_is_not_written_without_a_place_for_its_narrative() -> None:
    only_value = AnswerSpots("'Q'!C2")
    writes, note = plan_answer(result(short="No"), only_value)
    assert writes == [] and "the answer 'No' needs its explanation" in note
    writes, note = plan_answer(result(short="Yes"), only_value)
    assert writes == [] and "'Yes' needs its explanation" in note  # "For groups with ..." qualifies it
    plain = plan_answer(result(short="Yes", answer="A named team answers every call."), only_value)
    assert plain == ([SpotWrite("answer", "Yes")], None)


def test_a_yes_no_question_without_a_value_gets_its_narrative_and_leaves_the_value_cell_open() -> None:
    spots = AnswerSpots("'Q'!C2", "'Q'!D2")
    writes, note = plan_answer(result(short=None), spots)
    assert (writes, note) == ([SpotWrite("explanation", NARRATIVE)], None)
    assert open_spots(result(short=None), spots, writes) == ["'Q'!C2: pick the Yes/No value"]
    assert plan_answer(result(short=None), AnswerSpots("'Q'!C2"))[0] == []  # no place for the narrative


def test_a_number_question_without_a_value_takes_its_narrative_in_its_only_spot() -> None:
    writes, _ = plan_answer(result("numeric", None, "About 64,000 pharmacies."), AnswerSpots("'Q'!D2"))
    assert writes == [SpotWrite("answer", "About 64,000 pharmacies.")]
    assert open_spots(result("numeric", None), AnswerSpots("'Q'!D2"), writes) == []


def test_a_date_value_is_marked_as_a_date_and_attachments_go_to_their_column() -> None:
    spots = AnswerSpots("'Q'!C2", "'Q'!D2", attachment="'Q'!E2")
    writes, _ = plan_answer(
        result("date", "March 31, 2028", "Through March 31, 2028.", attachments=("Exhibit 5",)), spots
    )
    assert writes == [
        SpotWrite("answer", "March 31, 2028", date=True),
        SpotWrite("explanation", "Through March 31, 2028."),
        SpotWrite("attachment", "Exhibit 5"),
    ]
    taken = AnswerSpots("'Q'!C2", "'Q'!D2", attachment="'Q'!E2", attachment_text="Exhibit 9")
    assert plan_answer(result("date", "March 31, 2028", attachments=("Exhibit 5",)), taken)[0] == []


GRID = AnswerGrid(
    "Fee",
    ("Year 1", "Year 2"),
    ("COBRA", "MSK"),
    (("C5", "D5"), ("C6", "D6")),
    ("money", "money"),
)


def test_grid_cells_are_written_typed_by_their_format_and_the_rest_are_listed() -> None:
    names = (("'Q'!C5", "'Q'!D5"), ("'Q'!C6", "'Q'!D6"))
    held = (("", ""), ("Included", ""))  # the issuer filled one cell: it stays
    writes, left = plan_grid(
        result("narrative", grid=GRID, values=(("$0.85", None), ("$2.75", None))), names, held
    )
    assert writes == [SpotWrite("grid", "$0.85", numeric=True, cell="C5")]
    assert left == ["'Q'!D5: COBRA / Year 2", "'Q'!D6: MSK / Year 2"]
    _, everything = plan_grid(result("narrative", grid=GRID, values=None), names, (("", ""), ("", "")))
    assert len(everything) == 4
