"""Build ``samples/cobalt_bay_completed.docx``: the Word sample RFP as it was completed and sent.

Run from the repository root with the project virtualenv::

    PYTHONPATH=. /work/main/.venv/bin/python samples/build_completed_docx.py

It is what ``library harvest --original samples/cobalt_bay_medical_rfp.docx`` reads in the
README and the tests. The questionnaire is filled by the Word renderer with the library's
answers the way a person working from the library would (:data:`ANSWERED` names the entry
for each question, as the matcher answers them automatically on the blank, less its one
wrong call), then edited: :data:`EDITS` change five answers away from the library's text
(an "after" paragraph, table cells, a filled-in placeholder and the explanation beside a
ticked box) and :data:`NEW_ANSWERS` answer four questions the library does not; then the
document is edited as in Word (:func:`worked_in_word`: a run split to bold a figure, a
paragraph added). The package keeps its members' fixed timestamps, so repeated runs give
byte-identical files.
"""

from __future__ import annotations

import copy
import sys
import zipfile
from datetime import date
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.account import load_account  # noqa: E402
from rfp_assistant.context import template_context  # noqa: E402
from rfp_assistant.library import AnswerLibrary  # noqa: E402
from rfp_assistant.match.answer import prepare_answer  # noqa: E402
from rfp_assistant.models import Match, Question, QuestionResult, Response  # noqa: E402
from rfp_assistant.ooxml.package import copy_package  # noqa: E402
from rfp_assistant.parse import parse  # noqa: E402
from rfp_assistant.render.docx import fill_document  # noqa: E402
from rfp_assistant.render.wordml import to_bytes  # noqa: E402

SOURCE = ROOT / "samples" / "cobalt_bay_medical_rfp.docx"
OUTPUT = ROOT / "samples" / "cobalt_bay_completed.docx"
ACCOUNT = ROOT / "samples" / "cobalt_bay_account.yaml"
AS_OF = date(2027, 1, 15)  # the demo's date: no entry used here is overdue then
MODEL = "(answered by hand from the library)"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# After the answers were in, a person worked in Word: made a figure bold (its run split in two,
# the words unchanged) and typed a second paragraph under a hand-written answer.
BOLDED = "471,000"
SECOND_PARAGRAPH = ("eleven credit unions", "References from two of them are available on request.")

# Question number -> the library entry a person pasted.
ANSWERED: dict[str, str] = {
    "3.1": "company-ownership-structure",
    "3.4": "company-membership-totals",
    "3.6": "company-audited-financials",
    "3.7": "company-client-references",
    "4.1": "network-provider-counts",
    "4.3": "network-disruption-analysis",
    "4.6": "network-telehealth",
    "4.7": "network-out-of-area-coverage",
    "4.8": "network-centers-of-excellence",
    "5.1": "claims-office-location",
    "5.2": "claims-auto-adjudication",
    "5.3": "claims-turnaround-time",
    "5.4": "claims-offshore",
    "5.5": "claims-audit-rights",
    "5.7": "member-services-hours",
    "5.8": "member-services-dedicated-unit",
    "5.9": "member-services-portal-app",
    "6.4": "pharmacy-specialty-program",
    "6.5": "pharmacy-glp1-management",
    "6.6": "pharmacy-formulary-management",
    "7.3": "care-maternity-program",
    "7.4": "bh-integration-model",
    "7.5": "bh-employee-assistance-program",
    "7.6": "bh-crisis-support",
    "8.1": "privacy-business-associate-agreement",
    "8.2": "privacy-soc2-report",
    "8.3": "privacy-encryption",
    "8.4": "privacy-multi-factor-authentication",
    "8.5": "privacy-breach-history",
    "8.7": "compliance-no-surprises-act",
    "8.8": "privacy-breach-notification",
    "9.2": "funding-specific-stop-loss",
    "9.3": "funding-aso-fees",
    "9.4": "funding-commissions",
    "9.5": "pg-offered",
    "9.6": "pg-fees-at-risk",
    "9.7": "funding-rate-guarantee",
    "10.1": "implementation-timeline",
    "10.3": "implementation-id-cards",
    "10.4": "account-team-structure",
    "10.5": "account-meeting-cadence",
    "10.6": "implementation-allowance",
}
# Answers a person changed after pasting the library's: number -> [(old, new), ...]. Each
# `old` must be in the library's text, so a library edit that moves the text makes this
# build fail instead of silently planting nothing.
EDITS: dict[str, list[tuple[str, str]]] = {
    "3.4": [("455,000 in self-funded (ASO) plans", "471,000 in self-funded (ASO) plans")],
    "4.8": [("Northwind Health Plan designates", "For Cobalt Bay, Northwind Health Plan designates")],
    "5.7": [("9:00 a.m. to 1:00 p.m. on Saturday", "9:00 a.m. to 5:00 p.m. on Saturday")],
    "6.5": [(" In 2025, GLP-1s accounted for 14% of our commercial pharmacy spend.", "")],
    "10.1": [("at least 120 days between award", "at least 150 days between award")],
}
# Questions the library does not answer, typed by hand: number -> (short, narrative).
NEW_ANSWERS: dict[str, tuple[str | None, str]] = {
    "3.8": (
        None,
        "Northwind Health Plan does not operate on-site clinics. Cobalt Bay employees in Warwick can use "
        "the Northwind Health Center in Cranston, about six miles from the operations center, for "
        "primary care and lab services at the in-network office visit copay.",
    ),
    "7.7": (
        None,
        "The care manager assigned to Cobalt Bay will meet the on-site wellness coach quarterly and "
        "will refer members to Harborlight Counseling first for EAP services, with member consent.",
    ),
    "Q3": (
        None,
        "Cobalt Bay Credit Union members who are not employees can enroll in Northwind individual plans "
        "at standard rates; Northwind Health Plan does not offer a discount to them.",
    ),
    "Q1": (
        None,
        "Northwind Health Plan insures or administers benefits for eleven credit unions in Rhode "
        "Island, Massachusetts and Connecticut, the largest with 1,400 enrolled employees.",
    ),
}


def library_result(question: Question, entry_id: str, library: AnswerLibrary, variables: dict) -> QuestionResult:
    """The result a person working from the library would write, with their edits."""
    entry = next(e for e in library.entries if e.id == entry_id)
    prepared = prepare_answer(question, entry, variables, as_of=AS_OF)
    if prepared.blocked:
        raise SystemExit(f"question {question.number}: {entry_id} cannot be written: {prepared.blocked}")
    answer = prepared.answer
    for old, new in EDITS.get(question.number or "", []):
        if answer is None or old not in answer:
            raise SystemExit(f"question {question.number}: {old!r} is not in the library's answer any more")
        answer = answer.replace(old, new)
    match = Match(entry_id, 1.0, entry.question)
    return QuestionResult(question, "auto", (match,), answer=answer, short_answer=prepared.short_answer)


def _run_with(root: etree._Element, words: str) -> etree._Element:
    for text in root.iter(f"{W}t"):
        if text.text and words in text.text:
            return text.getparent()
    raise SystemExit(f"{words!r} is not in the filled document any more")


def worked_in_word(xml: bytes) -> bytes:
    """``word/document.xml`` after the person's own edits in Word (see :data:`BOLDED`)."""
    root = etree.fromstring(xml)
    run = _run_with(root, BOLDED)
    text = run.find(f"{W}t")
    head, tail = text.text.split(BOLDED, 1)
    bold, rest = copy.deepcopy(run), copy.deepcopy(run)
    text.text = head
    text.set(XML_SPACE, "preserve")
    bold.find(f"{W}t").text = BOLDED
    rest.find(f"{W}t").text = tail
    run.addnext(rest)
    props = bold.find(f"{W}rPr")
    if props is None:
        props = etree.SubElement(bold, f"{W}rPr")
        bold.insert(0, props)
    before = [child for child in props if child.tag in (f"{W}rStyle", f"{W}rFonts")]
    props.insert(len(before), etree.Element(f"{W}b"))
    run.addnext(bold)
    words, typed = SECOND_PARAGRAPH
    paragraph = _run_with(root, words).getparent()
    added = copy.deepcopy(paragraph)
    runs = added.findall(f"{W}r")
    for extra in runs[1:]:
        added.remove(extra)
    runs[0].find(f"{W}t").text = typed
    paragraph.addnext(added)
    return to_bytes(root)


def main(output: Path = OUTPUT) -> None:
    library = AnswerLibrary.load(ROOT / "answer_library")
    variables = template_context(library, load_account(ACCOUNT))
    questionnaire = parse(SOURCE)
    results = []
    for question in questionnaire.questions:
        number = question.number or ""
        if number in NEW_ANSWERS:
            short, answer = NEW_ANSWERS[number]
            results.append(QuestionResult(question, "auto", (), answer=answer, short_answer=short))
        elif number in ANSWERED:
            results.append(library_result(question, ANSWERED[number], library, variables))
        else:
            results.append(QuestionResult(question, "none", ()))  # nobody answered it: left blank
    response = Response(questionnaire, tuple(results), library.version, MODEL, as_of=AS_OF)
    filled = output.with_name(f"{output.stem}.filled{output.suffix}")
    placements = fill_document(SOURCE, filled, response)
    unwritten = [f"{p.question_id}: {p.note}" for p in placements if not p.spots]
    if unwritten:
        raise SystemExit(f"answers not written: {unwritten}")
    with zipfile.ZipFile(filled) as archive:
        copy_package(archive, output, {"word/document.xml": worked_in_word})
    filled.unlink()
    print(
        f"wrote {output.name}: {len(placements)} answers, "
        f"{len(EDITS)} edited after pasting, {len(NEW_ANSWERS)} new"
    )


if __name__ == "__main__":
    main()
