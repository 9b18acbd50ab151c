"""The PDF parser, rule by rule, on small PDFs built in each test (see tests/pdf_builder.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_builder import LEADING, LEFT, Box, Picture, Text, lines, numbered, write_pdf

from conftest import ROOT, SAMPLES
from rfp_assistant import InputError, parse
from rfp_assistant.models import PdfLocation
from rfp_assistant.parse.pdf_numbers import follows, split_item_number
from rfp_assistant.parse.text import one_line


def texts(questionnaire) -> list[str]:
    return [one_line(q.text) for q in questionnaire.questions]


def test_a_numbered_question_wrapped_over_lines_is_one_question_with_its_number(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 60, "Section A: Network", size=14, bold=True),
        *numbered(100, "1.1", ["Describe your provider network in the state, including the number of", "hospitals and the access standard you guarantee."]),
        *numbered(140, "1.2", ["What is your credentialing cycle?"]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "wrapped.pdf", [page]))
    assert [q.number for q in questionnaire.questions] == ["1.1", "1.2"]
    assert texts(questionnaire)[0] == (
        "Describe your provider network in the state, including the number of hospitals and the access standard you guarantee."
    )
    assert questionnaire.questions[0].section == "Section A: Network"
    assert questionnaire.format == "pdf"


def test_a_question_that_continues_on_the_next_page_is_joined_and_located_where_it_starts(tmp_path: Path) -> None:
    first = [*numbered(650, "2.1", ["Will you provide a dedicated account team?"]), *numbered(690, "2.2", ["Describe how members are steered to centers of excellence, the criteria", "used to designate them and"])]
    second = [*lines(72, ["any travel benefit offered to the member."], x=LEFT + 40), *numbered(110, "2.3", ["Do you offer telehealth visits?"])]
    questionnaire = parse(write_pdf(tmp_path / "break.pdf", [first, second]))
    by_number = {q.number: q for q in questionnaire.questions}
    assert list(by_number) == ["2.1", "2.2", "2.3"]
    assert one_line(by_number["2.2"].text).endswith("used to designate them and any travel benefit offered to the member.")
    location = by_number["2.2"].location
    assert isinstance(location, PdfLocation)
    assert location.page == 1 and location.bbox is not None and location.bbox[1] == pytest.approx(690, abs=2)
    assert by_number["2.3"].location.page == 2


def test_running_headers_footers_and_page_numbers_are_removed_by_position_and_repetition(tmp_path: Path) -> None:
    pages = []
    for number in range(1, 4):
        pages.append(
            [
                Text(LEFT, 30, "Lakeview County | Medical Plan RFP 2027", size=8),
                *numbered(120, f"{number}.1", [f"Describe service model number {number} for retirees?"]),
                Text(LEFT, 750, "Confidential - Meridian Benefits Advisors", size=8),
                Text(500, 750, f"Page {number} of 3", size=8),
            ]
        )
    questionnaire = parse(write_pdf(tmp_path / "furniture.pdf", pages))
    assert len(questionnaire.questions) == 3
    for question in questionnaire.questions:
        assert "Lakeview" not in question.text and "Page" not in question.text and "Confidential" not in question.text
        assert question.section is None


def test_a_line_in_the_header_band_on_one_page_only_is_kept(tmp_path: Path) -> None:
    pages = [
        [Text(LEFT, 40, "Part 1 Company Profile", size=15, bold=True), *numbered(120, "1.1", ["Describe your ownership structure."])],
        [*numbered(120, "1.2", ["Describe your financial ratings."])],
    ]
    questionnaire = parse(write_pdf(tmp_path / "once.pdf", pages))
    assert [q.section for q in questionnaire.questions] == ["Part 1 Company Profile"] * 2


def test_a_light_diagonal_watermark_never_reaches_the_text(tmp_path: Path) -> None:
    page = [
        Text(150, 420, "CONFIDENTIAL", size=60, bold=True, gray=0.85, angle=40),
        *numbered(300, "3.1", ["Describe your utilization management program and its turnaround times."]),
        *numbered(340, "3.2", ["How do you support members after a hospital discharge?"]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "watermark.pdf", [page]))
    assert texts(questionnaire) == [
        "Describe your utilization management program and its turnaround times.",
        "How do you support members after a hospital discharge?",
    ]


def test_yes_no_boxes_make_a_yes_no_question_and_leave_its_text(tmp_path: Path) -> None:
    page = [
        *numbered(100, "4.1", ["Do all proposed plans cover ACA preventive services in network?"]),
        Text(440, 100, "☐ Yes  ☐ No"),
        # Boxes set beside a wrapped question, between its lines (as Word places them).
        *numbered(140, "4.2", ["Will you sign the District's business associate agreement without", "material changes?"]),
        Text(470, 146, "☐      ☐", size=12),
        *numbered(190, "4.3", ["Describe your privacy program."]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "boxes.pdf", [page]))
    kinds = {q.number: (q.kind, q.options) for q in questionnaire.questions}
    assert kinds["4.1"] == ("yes_no", ("Yes", "No"))
    assert kinds["4.2"][0] == "yes_no"
    assert kinds["4.3"] == ("narrative", ())
    assert texts(questionnaire)[:2] == [
        "Do all proposed plans cover ACA preventive services in network?",
        "Will you sign the District's business associate agreement without material changes?",
    ]
    assert all("☐" not in q.text for q in questionnaire.questions)


def _table(top: float, rows: list[tuple[str, list[str]]], header: bool = True) -> list:
    ops: list = []
    x = [LEFT, LEFT + 50, LEFT + 330, LEFT + 460]
    y = top
    if header:
        ops += [Box(x[0], y, x[1], y + 20), Box(x[1], y, x[2], y + 20), Box(x[2], y, x[3], y + 20)]
        ops += [Text(x[0] + 4, y + 5, "No.", bold=True), Text(x[1] + 4, y + 5, "Question", bold=True), Text(x[2] + 4, y + 5, "Response", bold=True)]
        y += 20
    for number, question in rows:
        height = 10 + LEADING * len(question)
        ops += [Box(x[0], y, x[1], y + height), Box(x[1], y, x[2], y + height), Box(x[2], y, x[3], y + height)]
        if number:
            ops.append(Text(x[0] + 4, y + 5, number))
        ops += lines(y + 5, question, x=x[1] + 4)
        y += height
    return ops


def test_a_questionnaire_table_is_read_row_by_row_and_a_row_continues_on_the_next_page(tmp_path: Path) -> None:
    first = [
        Text(LEFT, 60, "5.5 Pharmacy", size=12, bold=True),
        *_table(90, [("5.5.1", ["Describe how your pharmacy benefit is", "administered."]), ("5.5.2", ["How do you manage GLP-1 drugs prescribed", "for diabetes and for weight loss? Describe"])]),
    ]
    second = _table(72, [("", ["the clinical criteria for coverage."]), ("5.5.3", ["Do you pass through 100% of rebates?"])])
    questionnaire = parse(write_pdf(tmp_path / "table.pdf", [first, second]))
    assert [q.number for q in questionnaire.questions] == ["5.5.1", "5.5.2", "5.5.3"]
    assert texts(questionnaire) == [
        "Describe how your pharmacy benefit is administered.",
        "How do you manage GLP-1 drugs prescribed for diabetes and for weight loss? Describe the clinical criteria for coverage.",
        "Do you pass through 100% of rebates?",
    ]
    assert {q.section for q in questionnaire.questions} == {"5.5 Pharmacy"}
    assert "Question" not in " ".join(texts(questionnaire))


def test_two_column_pages_are_read_column_by_column(tmp_path: Path) -> None:
    left = [op for i in range(3) for op in numbered(120 + 60 * i, f"{i + 1}", [f"Describe program {i + 1} in detail", "with its results."], indent=20)]
    right = [Text(330, 120 + 60 * i, f"{i + 4}") for i in range(3)]
    right += [op for i in range(3) for op in lines(120 + 60 * i, [f"Describe program {i + 4} in detail", "with its results."], x=350)]
    questionnaire = parse(write_pdf(tmp_path / "columns.pdf", [[Text(LEFT, 70, "Programs", size=14, bold=True), *left, *right]]))
    assert [q.number for q in questionnaire.questions] == ["1", "2", "3", "4", "5", "6"]
    assert texts(questionnaire)[3] == "Describe program 4 in detail with its results."


def test_numbering_that_restarts_in_a_second_part_keeps_every_question_and_its_section(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 60, "Part A: Basic Questions", size=14, bold=True),
        *numbered(90, "1.1", ["Does the plan cover dependents to age 26?"]),
        *numbered(110, "1.2", ["Is the network open access?"]),
        Text(LEFT, 160, "Part B: Detailed Questions", size=14, bold=True),
        *numbered(190, "1.1", ["Describe your dependent eligibility audit."]),
        *numbered(210, "1.2", ["Describe your network tiers."]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "parts.pdf", [page]))
    assert [q.number for q in questionnaire.questions] == ["1.1", "1.2", "1.1", "1.2"]
    assert len({q.id for q in questionnaire.questions}) == 4
    assert [q.section for q in questionnaire.questions] == ["Part A: Basic Questions"] * 2 + ["Part B: Detailed Questions"] * 2


def test_sub_items_numbered_by_the_issuer_are_questions_and_lettered_parts_stay_with_their_parent(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 60, "10.0 Environmental, Social and Governance", size=11, bold=True),
        *numbered(90, "10.1", ["What are your ESG policies?"]),
        *numbered(110, "10.1.1", ["Do you have a responsible investment policy?"], indent=50),
        *numbered(140, "10.2", ["How are members outside the service area covered?"]),
        *lines(154, ["(a) for urgent care while traveling;", "(b) for students out of state."], x=LEFT + 54),
        *numbered(200, "10.3", ["Describe your reporting."]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "subitems.pdf", [page]))
    assert [q.number for q in questionnaire.questions] == ["10.1", "10.1.1", "10.2", "10.3"]
    assert texts(questionnaire)[2] == (
        "How are members outside the service area covered? (a) for urgent care while traveling; (b) for students out of state."
    )
    assert {q.section for q in questionnaire.questions} == {"10.0 Environmental, Social and Governance"}


def test_faqs_instructions_and_terms_are_not_questions(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 50, "1. Instructions to Proposers", size=13, bold=True),
        *numbered(75, "1.1", ["Submit one electronic copy of your proposal by the due date."]),
        *numbered(95, "1.2", ["Describe any deviation from the plan design in a separate exhibit."]),
        Text(LEFT, 130, "2. Frequently Asked Questions", size=13, bold=True),
        *numbered(155, "2.1", ["Will the District accept an HMO-only proposal?"]),
        *lines(169, ["No. Proposers must quote both plans."], x=LEFT + 40),
        Text(LEFT, 200, "3. Terms and Conditions", size=13, bold=True),
        *numbered(225, "3.1", ["The District may reject any proposal."]),
        Text(LEFT, 260, "4. Questionnaire", size=13, bold=True),
        *numbered(285, "4.1", ["Describe your account management team."]),
        *numbered(305, "4.2", ["What are your member service hours?"]),
    ]
    questionnaire = parse(write_pdf(tmp_path / "not_questions.pdf", [page]))
    assert [q.number for q in questionnaire.questions] == ["4.1", "4.2"]


def test_numbered_clauses_that_ask_nothing_are_not_questions(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 50, "Section 1 General Bid Submission", size=16, bold=True),
        *numbered(90, "1.1", ["Title"]),
        *numbered(110, "1.2", ["Contract Term: date of award through twelve months."]),
        *numbered(130, "1.2.1", ["The City shall exercise such sole option to renew the contract."]),
        *numbered(150, "1.3", ["Sellers must submit their quote through the portal. State the brand of each", "alternate offered."]),
    ]
    assert parse(write_pdf(tmp_path / "clauses.pdf", [page])).questions == ()


def test_underscore_blanks_are_contact_fields_not_questions(tmp_path: Path) -> None:
    page = [
        Text(LEFT, 60, "7. Proposer Information", size=13, bold=True),
        Text(LEFT, 100, "Proposer legal name: ______________________________"),
        Text(LEFT, 130, "Signature: ______________________________"),
        Text(LEFT, 160, "Firm Name:"), Text(200, 160, "____________"), Text(330, 160, "____________"),
        Text(210, 140, "A."), Text(340, 140, "B."),
    ]
    questionnaire = parse(write_pdf(tmp_path / "fields.pdf", [page]))
    assert questionnaire.questions == ()
    assert [f.label for f in questionnaire.fields] == ["Proposer legal name", "Signature", "Firm Name (A)", "Firm Name (B)"]
    assert all(f.location.page == 1 and f.location.bbox for f in questionnaire.fields)


def test_a_scanned_pdf_without_a_text_layer_is_refused_with_one_line(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[Picture(50, 50, 560, 740)]])
    with pytest.raises(InputError, match=r"scan.pdf: PDF has no text layer .*OCR") as info:
        parse(path)
    assert "\n" not in str(info.value)


def test_a_password_protected_pdf_is_refused_with_one_line(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [[*numbered(100, "1.1", ["Describe your network."])]], userPassword="secret")
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"locked.pdf: PDF is password-protected \(encrypted\)"):
        parse(path)
    assert path.read_bytes() == before


def test_a_truncated_pdf_is_refused_with_one_line(tmp_path: Path) -> None:
    good = write_pdf(tmp_path / "good.pdf", [[*numbered(100, "1.1", ["Describe your network."])]])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InputError, match=r"broken.pdf: ") as info:
        parse(broken)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        ("1.7", "2.1", True),
        ("2.0", "2.1", True),
        ("10.4.3", "11.1", True),
        ("1.1(g) - (ii)", "1.1(h) - (i)", True),
        ("151", "154", True),
        ("14.15", "1.1", False),
        ("73", "1", False),
        ("1.1", "1.1", False),
    ],
)
def test_numbering_sequence(previous: str, current: str, expected: bool) -> None:
    before = split_item_number(previous + " X")
    after = split_item_number(current + " X")
    assert before is not None and after is not None
    assert follows(before[1], after[1]) is expected


def test_years_and_quantities_at_a_line_start_are_not_item_numbers() -> None:
    assert split_item_number("2027 renewal rates are due") is None
    assert split_item_number("10 employees or more") is None
    assert split_item_number("16.9oz bottles") is None
    assert split_item_number("1.1(b) – (i) Registered address")[0] == "1.1(b) – (i)"


def test_cli_parses_the_sample_pdf_and_prints_json_with_pdf_locations() -> None:
    sample = SAMPLES / "granite_ridge_medical_rfp.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "rfp_assistant", "parse", str(sample), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "pdf"
    assert len(data["questions"]) == 55
    first = data["questions"][0]
    assert first["id"] == "q0001" and first["number"] == "5.1.1"
    assert first["location"]["format"] == "pdf" and first["location"]["page"] == 4
    assert len(first["location"]["bbox"]) == 4
    assert [f["label"] for f in data["fields"]][:2] == ["Proposer legal name", "Contact name"]


def test_cli_refuses_a_scanned_pdf_with_exit_code_2_and_no_traceback(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[Picture(50, 50, 560, 740)]])
    result = subprocess.run(
        [sys.executable, "-m", "rfp_assistant", "parse", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "no text layer" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_committed_sample_pdf_is_what_its_builder_makes_from_the_content_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        import yaml
        from build_pdf_sample import CONTENT, build_rfp_pdf
    finally:
        sys.path.remove(str(SAMPLES))
    built = tmp_path / "sample.pdf"
    key, layout = build_rfp_pdf(built, yaml.safe_load(CONTENT.read_text(encoding="utf-8")))
    assert built.read_bytes() == (SAMPLES / "granite_ridge_medical_rfp.pdf").read_bytes()
    golden = json.loads((ROOT / "tests" / "golden" / "granite_ridge_medical_rfp.questions.json").read_text(encoding="utf-8"))
    assert [q["number"] for q in golden["questions"]] == [q["number"] for q in key.questions]
    assert [q["page"] for q in golden["questions"]] == [layout.pages[q["number"]] for q in key.questions]
