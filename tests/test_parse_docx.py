"""Each rule of the Word parser, on a small document built for it."""

from __future__ import annotations

import pytest
from docx_fixtures import (
    abstract_num,
    checkbox_control,
    form_checkbox,
    num,
    p,
    run,
    table,
    text_box,
    write_docx,
)

from rfp_assistant import parse
from rfp_assistant.ooxml.docx import W_P, W_R, W_SDT, W_TC, read_package, resolve


def _parse(tmp_path, body: str, numbering: str = ""):
    return parse(write_docx(tmp_path / "rfp.docx", body, numbering))


def _only(tmp_path, body: str, numbering: str = ""):
    questions = _parse(tmp_path, body, numbering).questions
    assert len(questions) == 1, [q.text for q in questions]
    return questions[0]


# -- what is a question ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.\tDescribe", "1"), ("2.3.1 Describe", "2.3.1"), ("(iv) Describe", "(iv)"), ("Q12: Describe", "Q12"),
     ("A-5\tDescribe", "A-5")],
)
def test_typed_numbers_are_read_and_removed_from_the_text(tmp_path, typed, number):
    question = _only(tmp_path, p(f"{typed} your network.") + p())
    assert question.number == number
    assert question.text == "Describe your network."


def test_question_marks_imperatives_and_party_obligations_are_questions(tmp_path):
    body = (
        p("How many members do you cover in Rhode Island?") + p()
        + p("Explain how you credential providers.") + p()
        + p("The vendor shall describe its appeals process.") + p()
        + p("Our employees value choice.") + p()
    )
    texts = [q.text for q in _parse(tmp_path, body).questions]
    assert texts == [
        "How many members do you cover in Rhode Island?",
        "Explain how you credential providers.",
        "The vendor shall describe its appeals process.",
    ]


def test_instructions_about_answering_are_not_questions(tmp_path):
    body = (
        p("Please ensure every page is returned.") + p("Tick Yes or No for each item.")
        + p("How you will provide support") + p("Describe your support model.") + p()
    )
    assert [q.text for q in _parse(tmp_path, body).questions] == ["Describe your support model."]


def test_unnumbered_sub_parts_stay_in_their_parents_text(tmp_path):
    numbering = abstract_num(1, [("bullet", "•", 1)]) + num(1, 1)
    body = (
        p("1.\tDescribe your disease management programs, including:")
        + p("the conditions covered;", num=(1, 0))
        + p("a.\twhether programs are opt-in or opt-out.")
        + p("Response:") + p()
        + p("2.\tDescribe your maternity program.") + p()
    )
    first, second = _parse(tmp_path, body, numbering).questions
    assert first.text.split("\n") == [
        "Describe your disease management programs, including:",
        "the conditions covered;",
        "a. whether programs are opt-in or opt-out.",
    ]
    assert (second.number, second.text) == ("2", "Describe your maternity program.")


def test_short_list_items_after_a_choice_question_are_its_options(tmp_path):
    numbering = abstract_num(1, [("bullet", "●", 1)]) + num(1, 1)
    body = (
        p("When is member support available?")
        + p("24 hours, 7 days a week", num=(1, 0))
        + p("Monday to Friday", num=(1, 0))
    )
    question = _only(tmp_path, body, numbering)
    assert question.kind == "choice"
    assert question.options == ("24 hours, 7 days a week", "Monday to Friday")


# -- answer spots ---------------------------------------------------------------------------------
def test_an_empty_paragraph_after_a_question_takes_the_answer_after_it(tmp_path):
    question = _only(tmp_path, p("Describe your network.") + p())
    assert (question.location.path, question.location.mode) == ("body/p[0]", "after")


def test_a_response_label_takes_the_answer_after_the_label(tmp_path):
    question = _only(tmp_path, p("Describe your network.") + p("Supplier Response:") + p())
    assert (question.location.path, question.location.mode) == ("body/p[1]", "after")


@pytest.mark.parametrize("filler", ["[Insert response here]", "Click or tap here to enter text.", "__________"])
def test_a_placeholder_paragraph_is_the_answer_spot(tmp_path, filler):
    question = _only(tmp_path, p("Describe your network.") + p(filler))
    location = question.location
    assert (location.path, location.mode, location.placeholder) == ("body/p[1]", "placeholder", filler)


def test_underscores_ending_the_question_line_are_the_spot(tmp_path):
    question = _only(tmp_path, p("How many hospitals are in your network? ________"))
    assert question.text == "How many hospitals are in your network?"
    assert question.kind == "numeric"
    assert (question.location.mode, question.location.placeholder) == ("placeholder", "________")


def test_a_yes_no_line_of_box_characters_makes_a_yes_no_question(tmp_path):
    body = p("Do you offer telehealth?") + p(inner=run("☐ Yes") + run("   ") + run("☐ No"))
    question = _only(tmp_path, body)
    assert question.kind == "yes_no"
    assert question.options == ("Yes", "No")
    assert [(b.option, b.path) for b in question.location.checkboxes] == [
        ("Yes", "body/p[1]/r[0]/box[0]"),
        ("No", "body/p[1]/r[2]/box[0]"),
    ]


def test_w14_checkbox_content_controls_are_check_boxes(tmp_path):
    line = checkbox_control() + run(" Yes   ") + checkbox_control() + run(" No")
    question = _only(tmp_path, p("Do you offer telehealth?") + p(inner=line))
    assert question.location.mode == "checkbox"
    assert [(b.option, b.path) for b in question.location.checkboxes] == [
        ("Yes", "body/p[1]/sdt[0]"),
        ("No", "body/p[1]/sdt[1]"),
    ]


def test_legacy_formcheckbox_fields_are_check_boxes_labelled_by_the_text_before(tmp_path):
    line = run("Yes ") + form_checkbox() + run("\tNo ") + form_checkbox()
    question = _only(tmp_path, p("Do you offer telehealth?") + p(inner=line))
    assert [(b.option, b.path) for b in question.location.checkboxes] == [
        ("Yes", "body/p[1]/r[1]"),
        ("No", "body/p[1]/r[6]"),
    ]


def test_one_check_box_per_option_line_makes_a_choice(tmp_path):
    body = p("Which funding arrangements are you quoting?") + "".join(
        p(inner=checkbox_control() + run(f" {option}")) for option in ("Fully insured", "Level-funded")
    )
    question = _only(tmp_path, body)
    assert question.kind == "choice"
    assert question.options == ("Fully insured", "Level-funded")
    assert [b.path for b in question.location.checkboxes] == ["body/p[1]/sdt[0]", "body/p[2]/sdt[0]"]


def test_an_explanation_after_a_yes_no_answer_gets_its_own_spot(tmp_path):
    body = (
        p("Do you subcontract claims processing?") + p(inner=run("☐ Yes ☐ No"))
        + p("If yes, please explain.") + p("[Insert response here]")
    )
    question = _only(tmp_path, body)
    assert question.text == "Do you subcontract claims processing?\nIf yes, please explain."
    assert question.location.mode == "checkbox"
    assert (question.location.explanation_path, question.location.explanation_mode) == ("body/p[3]", "placeholder")


def test_a_yes_no_line_to_keep_or_delete_is_a_placeholder(tmp_path):
    body = p("4.1\tHas your organisation been insolvent? \t\tYes/No") + p("Does it hold licences?") + p("\tYes/No")
    first, second = _parse(tmp_path, body).questions
    assert (first.text, first.location.path, first.location.placeholder) == (
        "Has your organisation been insolvent?", "body/p[0]", "Yes/No",
    )
    assert (second.location.path, second.kind, second.options) == ("body/p[2]", "yes_no", ("Yes", "No"))


def test_a_one_cell_empty_table_under_a_question_is_its_answer_box(tmp_path):
    question = _only(tmp_path, p("Describe your network.") + table([[""]]))
    assert (question.location.path, question.location.mode) == ("body/tbl[0]/tr[0]/tc[0]", "cell")


# -- tables ------------------------------------------------------------------------------------
def test_a_question_response_table_reads_numbers_spots_and_comment_cells(tmp_path):
    rows = [
        [p("No."), p("Question"), p("Response"), p("Comments")],
        [p("5.1"), p("Where is your claims office?"), "", ""],
        [p("5.2"), p("Do you audit claims?"), p(inner=run("☐ Yes ☐ No")), ""],
    ]
    first, second = _parse(tmp_path, table(rows)).questions
    assert (first.number, first.location.path, first.location.mode) == ("5.1", "body/tbl[0]/tr[1]/tc[2]", "cell")
    assert first.location.explanation_path == "body/tbl[0]/tr[1]/tc[3]"
    assert (second.kind, second.location.mode) == ("yes_no", "checkbox")


@pytest.mark.parametrize(
    ("response", "kind", "options", "limit"),
    [
        ("Yes/No", "yes_no", ("Yes", "No"), None),
        ("Upload", "attachment", (), None),
        ("Free text 250 (word limit)", "narrative", (), 250),
        (p("Reseller") + p("Sole control"), "choice", ("Reseller", "Sole control"), None),
    ],
)
def test_a_response_column_naming_the_answer_type_sets_kind_and_limit_not_a_spot(
    tmp_path, response, kind, options, limit
):
    cell = response if response.startswith("<w:p") else p(response)
    rows = [[p("Question"), p("Response")], [p("Describe your reseller status."), cell]]
    question = _only(tmp_path, table(rows))
    assert (question.kind, question.options) == (kind, options)
    assert (question.limit.value if question.limit else None) == limit
    assert question.location.path is None


def test_a_table_without_header_pairs_a_question_with_the_blank_cell_beside_it(tmp_path):
    rows = [[p("Describe your implementation plan."), ""], [p("Carrier name:"), ""]]
    questionnaire = _parse(tmp_path, table(rows))
    assert [q.location.path for q in questionnaire.questions] == ["body/tbl[0]/tr[0]/tc[1]"]
    assert [(f.label, f.location.path) for f in questionnaire.fields] == [("Carrier name", "body/tbl[0]/tr[1]/tc[1]")]


def test_a_question_in_a_requirement_cell_is_answered_after_its_label_in_the_same_cell(tmp_path):
    cell = p("How will you avoid inequality in your team?") + p("Maximum word count: 500") + p("Supplier Response:") + p()
    rows = [[p("Social Value – 10%")], [p("ID"), p("%"), p("Requirement")], [p("SV01"), p("10%"), cell]]
    question = _only(tmp_path, table(rows))
    assert question.number == "SV01"
    assert question.section == "Social Value – 10%"
    assert question.limit.value == 500
    assert question.location.path == "body/tbl[0]/tr[2]/tc[2]/p[2]"


# -- sections and what is not read -------------------------------------------------------------
def test_sections_come_from_heading_styles_and_numbered_heading_lines(tmp_path):
    body = (
        p("Network", style="Heading1") + p("Describe your network.") + p()
        + p("1. FINANCIAL INFORMATION") + p("Describe your ratings.") + p()
    )
    assert [q.section for q in _parse(tmp_path, body).questions] == ["Network", "1. FINANCIAL INFORMATION"]


def test_cover_contents_instructions_and_terms_are_not_read(tmp_path):
    body = (
        p("Request for Proposal", style="Heading1") + p("Describe the cover page?")
        + p(inner='<w:r><w:br w:type="page"/></w:r>')
        + p("Contents") + p("1. Instructions\t3", style="TOC1")
        + p("Instructions to Bidders", style="Heading1") + p("Submit one copy by email.") + p()
        + p("Questionnaire", style="Heading1") + p("Describe your network.") + p()
        + p("General Terms and Conditions", style="Heading1")
        + p("The Carrier shall provide 30 days notice of changes.") + p("Will the Carrier accept these terms?") + p()
    )
    assert [q.text for q in _parse(tmp_path, body).questions] == ["Describe your network."]


def test_signature_blanks_are_fields_not_questions(tmp_path):
    body = (
        p("Certification and Signature", style="Heading1")
        + p("Authorized signature: __________") + p("Date: __________")
    )
    questionnaire = _parse(tmp_path, body)
    assert questionnaire.questions == ()
    assert [(f.label, f.location.path, f.location.mode) for f in questionnaire.fields] == [
        ("Authorized signature", "body/p[1]", "placeholder"),
        ("Date", "body/p[2]", "placeholder"),
    ]


def test_a_text_box_is_read_once_not_again_from_its_vml_fallback(tmp_path):
    body = p(inner=text_box(p("Describe your network.") + p())) + p("A-2\tRegistration Number", inner=text_box(p()))
    questions = _parse(tmp_path, body).questions
    assert [q.text for q in questions] == ["Describe your network.", "Registration Number"]
    assert questions[0].location.question_path == "body/p[0]/txbx[0]/p[0]"
    assert (questions[1].location.path, questions[1].location.mode) == ("body/p[1]/txbx[0]", "cell")


def test_hidden_and_deleted_text_is_not_read(tmp_path):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Secret instructions</w:t></w:r>'
    deleted = '<w:del><w:r><w:delText>old wording</w:delText></w:r></w:del>'
    question = _only(tmp_path, p("Describe your network.", inner=hidden + deleted) + p())
    assert question.text == "Describe your network."


def test_a_limit_stated_next_to_the_question_is_its_limit(tmp_path):
    body = p("Describe your network. (limit 150 words)") + p() + p("Describe your claims office.") + p(
        "Maximum 1,500 characters."
    ) + p()
    first, second = _parse(tmp_path, body).questions
    assert (first.limit.unit, first.limit.value) == ("words", 150)
    assert (second.limit.unit, second.limit.value) == ("chars", 1500)


def test_every_path_the_parser_reports_finds_its_element_again(tmp_path):
    body = (
        p("Do you offer telehealth?") + p(inner=checkbox_control() + run(" Yes ") + run("☐ No"))
        + p("Describe your network.", inner=text_box(p()))
        + table([[p("Question"), p("Response")], [p("Describe your claims office."), ""]])
    )
    path = write_docx(tmp_path / "rfp.docx", body)
    document = read_package(path).document
    for question in parse(path).questions:
        location = question.location
        assert resolve(document, location.question_path).tag == W_P
        assert resolve(document, location.path).tag in (W_P, W_TC, W_R, W_SDT) or location.path.endswith("txbx[0]")
        for box in location.checkboxes:
            assert resolve(document, box.path).tag in (W_R, W_SDT)


def test_a_question_in_a_one_cell_row_takes_the_blank_row_below_it(tmp_path):
    rows = [[p("Section B: Pharmacy")], [p("Describe your specialty pharmacy program.")], [""]]
    question = _only(tmp_path, table(rows))
    assert (question.location.path, question.location.mode) == ("body/tbl[0]/tr[2]/tc[0]", "cell")
    assert question.section == "Section B: Pharmacy"


def test_a_table_nested_in_a_layout_cell_is_read_once_in_place(tmp_path):
    inner = table([[p("Question"), p("Response")], [p("Describe your network."), ""]])
    outer = table([[p("Provide your claims office address.") + p("[Insert response here]") + inner]])
    questions = _parse(tmp_path, outer).questions
    assert [(q.text, q.location.path) for q in questions] == [
        ("Provide your claims office address.", "body/tbl[0]/tr[0]/tc[0]/p[1]"),
        ("Describe your network.", "body/tbl[0]/tr[0]/tc[0]/tbl[0]/tr[1]/tc[1]"),
    ]
