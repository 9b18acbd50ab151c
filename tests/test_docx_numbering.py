"""Word's automatic numbering: the number a reader sees, computed from numbering.xml."""

from __future__ import annotations

from docx_fixtures import abstract_num, num, p, start_override, write_docx

from rfp_assistant import parse
from rfp_assistant.parse.docx_numbering import format_value, letters, roman

DECIMAL_TWO_LEVELS = [("decimal", "%1.", 1), ("decimal", "%1.%2", 1)]


def _numbers(tmp_path, body: str, numbering: str, styles: str = "") -> list[str | None]:
    path = write_docx(tmp_path / "numbered.docx", body, numbering, styles)
    return [q.number for q in parse(path).questions]


def test_level_text_combines_the_levels_above(tmp_path):
    numbering = abstract_num(1, DECIMAL_TWO_LEVELS) + num(1, 1)
    body = (
        p("Plan design", num=(1, 0))
        + p("Describe your network.", num=(1, 1))
        + p("Describe your pharmacy benefit.", num=(1, 1))
        + p("Claims", num=(1, 0))
        + p("Describe your claims process.", num=(1, 1))
    )
    assert _numbers(tmp_path, body, numbering) == ["1.1", "1.2", "2.1"]


def test_start_values_and_formats_are_those_of_each_level(tmp_path):
    levels = [("upperLetter", "Section %1", 3), ("lowerRoman", "(%2)", 4)]
    numbering = abstract_num(1, levels) + num(1, 1)
    body = p("Describe your network.", num=(1, 1)) + p("Describe your formulary.", num=(1, 1))
    assert _numbers(tmp_path, body, numbering) == ["(iv)", "(v)"]


def test_lists_sharing_a_definition_continue_and_a_start_override_restarts(tmp_path):
    numbering = (
        abstract_num(1, [("decimal", "Q%1:", 1)])
        + num(1, 1)
        + num(2, 1)
        + num(3, 1, start_override(0, 1))
    )
    body = (
        p("Describe your network.", num=(1, 0))
        + p("Describe your formulary.", num=(1, 0))
        + p("Describe your claims office.", num=(2, 0))  # same definition, no override: continues
        + p("Describe your wellness program.", num=(3, 0))  # startOverride: restarts
        + p("Describe your reporting.", num=(3, 0))
    )
    assert _numbers(tmp_path, body, numbering) == ["Q1", "Q2", "Q3", "Q1", "Q2"]


def test_numbering_is_inherited_from_the_paragraph_style_and_its_level_link(tmp_path):
    numbering = abstract_num(
        1, [("decimal", "%1.", 1), ("decimal", "%1.%2", 1)]
    ).replace(  # level 1 belongs to the Question style
        '<w:lvl w:ilvl="1">', '<w:lvl w:ilvl="1"><w:pStyle w:val="Question"/>'
    ) + num(7, 1)
    styles = (
        '<w:style w:type="paragraph" w:styleId="Question"><w:name w:val="Question"/>'
        '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
    )
    body = (
        p("Network", num=(7, 0))
        + p("Describe your network.", style="Question")
        + p("Describe your hospitals.", style="Question")
    )
    assert _numbers(tmp_path, body, numbering, styles) == ["1.1", "1.2"]


def test_an_abstract_that_links_to_a_numbering_style_takes_that_list(tmp_path):
    numbering = (
        abstract_num(1, [("decimal", "%1)", 5)])
        + '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="RfpList"/></w:abstractNum>'
        + num(1, 1)
        + num(2, 2)
    )
    styles = (
        '<w:style w:type="numbering" w:styleId="RfpList"><w:name w:val="RFP list"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    body = p("Describe your network.", num=(2, 0)) + p("Describe your claims office.", num=(2, 0))
    assert _numbers(tmp_path, body, numbering, styles) == ["5", "6"]


def test_a_deeper_level_restarts_when_a_higher_level_is_used(tmp_path):
    numbering = abstract_num(1, DECIMAL_TWO_LEVELS) + num(1, 1)
    body = (
        p("Describe your network.", num=(1, 1))
        + p("Describe your formulary.", num=(1, 1))
        + p("", num=(1, 0))  # an empty numbered paragraph still counts (Word shows "2.")
        + p("Describe your claims office.", num=(1, 1))
    )
    assert _numbers(tmp_path, body, numbering) == ["1.1", "1.2", "2.1"]


def test_num_id_zero_switches_a_styles_numbering_off(tmp_path):
    numbering = abstract_num(1, [("decimal", "%1.", 1)]) + num(1, 1)
    styles = (
        '<w:style w:type="paragraph" w:styleId="Question"><w:name w:val="Question"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    body = p("Describe your network.", style="Question") + (
        '<w:p><w:pPr><w:pStyle w:val="Question"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
        "<w:r><w:t>Describe your formulary.</w:t></w:r></w:p>"
    )
    assert _numbers(tmp_path, body, numbering, styles) == ["1", None]


def test_a_bullet_is_not_a_number(tmp_path):
    numbering = abstract_num(1, [("bullet", "●", 1)]) + num(1, 1)
    body = p("Describe your network.", num=(1, 0))
    assert _numbers(tmp_path, body, numbering) == [None]


def test_number_formats():
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["i", "iv", "ix", "xiv", "xl"]
    assert [letters(n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_value(3, "upperRoman") == "III"
    assert format_value(7, "decimalZero") == "07"
    assert format_value(2, "ordinal") == "2nd"
