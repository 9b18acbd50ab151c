"""Build ``samples/harbor_point_completed.xlsx``: the sample RFP as it was completed and sent.

Run from the repository root with the project virtualenv::

    PYTHONPATH=. /work/main/.venv/bin/python samples/build_completed.py

It is what ``library harvest`` reads in the README and the tests. The sample questionnaire
(``harbor_point_medical_rfp.xlsx``) is filled with the library's answers the way a person
working from the library would (the entry for each question is the held-out answer key in
``tests/data/sample_labels.yaml``; short answers in the Response column, narratives in the
Comments column, the short variant where the issuer set a length limit), then edited as a
person would: :data:`EDITS` change five answers away from the library's text and
:data:`NEW_ANSWERS` answer four questions the library does not. Values are written with
openpyxl and saved with fixed timestamps, so repeated runs give byte-identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from build_samples import save_deterministic, set_properties  # noqa: E402

from rfp_assistant.account import load_account  # noqa: E402
from rfp_assistant.context import template_context  # noqa: E402
from rfp_assistant.library import AnswerLibrary, render_answer  # noqa: E402
from rfp_assistant.library.templating import render_text  # noqa: E402
from rfp_assistant.match.answer import fit_short_answer  # noqa: E402
from rfp_assistant.models import SHORT_ANSWER_KINDS, Question  # noqa: E402
from rfp_assistant.ooxml.xlsx_write import MAX_ROW_HEIGHT, POINTS_PER_LINE, lines_needed  # noqa: E402
from rfp_assistant.parse import parse  # noqa: E402

SOURCE = ROOT / "samples" / "harbor_point_medical_rfp.xlsx"
OUTPUT = ROOT / "samples" / "harbor_point_completed.xlsx"
ACCOUNT = ROOT / "samples" / "harbor_point_account.yaml"
LABELS = ROOT / "tests" / "data" / "sample_labels.yaml"

# Answers a person changed after pasting the library's: number -> (short, [(old, new), ...]).
# A None short keeps the library's. Each `old` must be in the library's text, so a library
# edit that moves the text makes this build fail instead of silently planting nothing.
EDITS: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "2.5": (
        None,
        [
            (
                " are in Exhibit 5 - HEDIS and CAHPS Results, with NCQA Quality Compass national percentiles. Fourteen",
                ": fourteen",
            ),
            (" HEDIS results are validated each year by an NCQA-certified auditor.", ""),
        ],
    ),
    "4.7": (None, [("up to 250 sampled claim files", "up to 300 sampled claim files"), ("within 30 days", "within 21 days")]),
    "5.1": (None, [("9:00 a.m. to 1:00 p.m. on Saturday", "9:00 a.m. to 5:00 p.m. on Saturday and Sunday")]),
    "6.4": (
        "No",
        [
            (
                "Yes. For self-funded clients,",
                "No. Harbor Point is quoting the fully insured option, where rebates are reflected in the "
                "premium rates. For self-funded clients,",
            )
        ],
    ),
    "11.8": (None, [("within one business day", "within four business hours")]),
}
# Questions the library does not answer, answered by hand: number -> (short, narrative).
NEW_ANSWERS: dict[str, tuple[str | None, str]] = {
    "1.5": (
        "318,000",
        "Northwind Health Plan covers about 318,000 Massachusetts members under employer-sponsored "
        "medical plans (fully insured and self-funded) as of September 30, 2026.",
    ),
    "3.4": (
        "Yes",
        "Both Charlton Memorial Hospital and St. Luke's Hospital participate in the proposed HMO and PPO "
        "networks as Tier 1 facilities.",
    ),
    "5.6": (
        "No",
        "We do not place representatives on site. Harbor Point's dedicated service team is reachable by "
        "phone, chat and secure message, and the Account Manager holds quarterly office hours at the "
        "Fall River plant.",
    ),
    "11.9": ("No", "Northwind Health Plan does not underwrite dental coverage and will not quote a dental plan."),
}


def sent_answer(question: Question, entry_id: str, library: AnswerLibrary, variables: dict) -> tuple[str | None, str]:
    """(short value, narrative) a person working from the library would send for a question."""
    entry = next(e for e in library.entries if e.id == entry_id)
    answer = render_answer(entry, variables)
    if question.limit and not question.limit.allows(answer) and entry.answer_brief:
        brief = render_answer(entry, variables, brief=True)
        answer = brief if question.limit.allows(brief) else answer
    short = render_text(entry.short_answer, variables, entry=entry) if entry.short_answer else None
    return (fit_short_answer(short, question) if question.kind in SHORT_ANSWER_KINDS else None), answer


def edited(number: str, short: str | None, answer: str) -> tuple[str | None, str]:
    new_short, replacements = EDITS[number]
    for old, new in replacements:
        if old not in answer:
            raise SystemExit(f"question {number}: {old!r} is not in the library's answer any more")
        answer = answer.replace(old, new)
    return (new_short if new_short is not None else short), answer


def main() -> None:
    library = AnswerLibrary.load(ROOT / "answer_library")
    variables = template_context(library, load_account(ACCOUNT))
    labels = {
        item["number"]: item["expected"]
        for item in yaml.safe_load(LABELS.read_text(encoding="utf-8"))
        if item["file"] == SOURCE.name
    }
    questionnaire = parse(SOURCE)
    workbook = openpyxl.load_workbook(SOURCE)
    written = edits = new = 0
    for question in questionnaire.questions:
        location = question.location
        entry_id = labels.get(question.number or "")
        if question.number in NEW_ANSWERS:
            short, answer = NEW_ANSWERS[question.number]
            new += 1
        elif entry_id:
            short, answer = sent_answer(question, entry_id, library, variables)
            if question.number in EDITS:
                short, answer = edited(question.number, short, answer)
                edits += 1
        else:
            continue  # the library has no answer and nobody wrote one: left blank
        sheet = workbook[location.sheet]
        if short is not None:
            sheet[location.answer_cell] = short
        sheet[location.explanation_cell] = answer
        row = sheet[location.explanation_cell].row
        width = sheet.column_dimensions[sheet[location.explanation_cell].column_letter].width
        height = min(MAX_ROW_HEIGHT, POINTS_PER_LINE * lines_needed(answer, width))
        sheet.row_dimensions[row].height = max(sheet.row_dimensions[row].height or 0, height)
        written += 1
    set_properties(workbook, "Harbor Point Manufacturing - Medical RFP (completed by Northwind Health Plan)")
    save_deterministic(workbook, OUTPUT)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {written} answers, {edits} edited after pasting, {new} new")


if __name__ == "__main__":
    main()
