"""Build the sample RFP questionnaire workbooks and their normative answer key.

Run with the project virtualenv::

    /work/main/.venv/bin/python samples/build_samples.py

Outputs (paths relative to the repository root):

* ``samples/harbor_point_medical_rfp.xlsx`` -- a realistic benefits-consultant
  medical RFP (Lakeshore Benefits Consulting for Harbor Point Manufacturing):
  Instructions, Questionnaire, Census Summary, Rate Exhibit and a hidden Notes
  sheet.
* ``samples/small_rfp_no_header.xlsx`` -- a small one-sheet questionnaire with
  no header row; the question number is a prefix of the question text and the
  answer goes in the next column.
* ``tests/data/sample_rfp_expected.json`` -- the answer key, generated from the
  source data in this script (never from a parser).  Top-level keys are the
  workbook file names; each value has ``file``, ``questions`` and ``fields``.

Answer-key conventions
----------------------
``kind`` is one of ``yes_no``, ``narrative``, ``numeric``, ``date``,
``choice``, ``attachment`` and follows these rules, in order:

1. a list validation of exactly Yes/No (optionally plus N/A) -> ``yes_no``,
   ``options`` = that list;
2. any other list validation -> ``choice``, ``options`` = that list;
3. a decimal/whole validation, or a question plainly asking for a number,
   percentage or count -> ``numeric``;
4. a date validation, or a question plainly asking for a date -> ``date``;
5. "attach" / "provide a copy" / "submit a sample" -> ``attachment``;
6. anything else -> ``narrative``.

``options`` is ``[]`` unless the answer cell has a list validation.  ``limit``
is ``{"unit": "chars"|"words", "value": n}`` when the question text states a
limit such as "(max 400 characters)" or "(limit 150 words)", else ``null``.
``text`` is the exact cell text (line breaks included; for the small workbook
it includes the "1. " number prefix, while ``number`` is just "1").

The build is deterministic: workbook content is fixed, document properties use
a fixed timestamp and the zip entries are rewritten with a fixed date, so
repeated runs produce byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "samples"
EXPECTED_JSON = REPO_ROOT / "tests" / "data" / "sample_rfp_expected.json"

MAIN_FILE = "harbor_point_medical_rfp.xlsx"
SMALL_FILE = "small_rfp_no_header.xlsx"

#: Fixed timestamp used for document properties and zip entries.
FIXED_TIMESTAMP = dt.datetime(2027, 1, 15, 9, 0, 0)

EMPLOYER = "Harbor Point Manufacturing, Inc."
CONSULTANT = "Lakeshore Benefits Consulting"

# ---------------------------------------------------------------------------
# Styling
# ---------------------------------------------------------------------------

FONT_NAME = "Calibri"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F3864")  # dark navy
SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")  # pale blue
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True, color="1F3864")
SUBTITLE_FONT = Font(name=FONT_NAME, size=11, italic=True, color="404040")
BOLD = Font(name=FONT_NAME, size=11, bold=True)
NORMAL = Font(name=FONT_NAME, size=11)
NOTE_FONT = Font(name=FONT_NAME, size=10, italic=True, color="595959")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
MONEY = '"$"#,##0.00'
COUNT = "#,##0"

LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt Calibri


def excel_serial(day: dt.date) -> int:
    """Excel 1900-system serial number of a date (for date validations)."""
    return (day - dt.date(1899, 12, 30)).days


def estimate_lines(text: str, width_chars: float) -> int:
    """Rough number of wrapped lines ``text`` needs in a column of this width.

    openpyxl cannot auto-fit row heights, so heights are estimated (slightly
    generously) so the rendered sheet shows the whole question.
    """
    per_line = max(1, int(width_chars * 1.12))
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(len(paragraph) / per_line))
    return lines


def row_height(*cells: tuple[str, float]) -> float:
    """Height in points fitting every (text, column width) pair."""
    lines = max(estimate_lines(text, width) for text, width in cells)
    return round(max(1, lines) * LINE_HEIGHT + 3, 1)


def setup_page(ws: Worksheet, title_rows: str | None = None, landscape: bool = True) -> None:
    """Letter paper, landscape, fit all columns on one page width."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.left.text = f"{EMPLOYER} - Medical Plan RFP"
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = f"{CONSULTANT} - Confidential"
    ws.oddHeader.right.size = 9
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 9


# ---------------------------------------------------------------------------
# Source data model
# ---------------------------------------------------------------------------

#: Named data validations.  Each key maps to DataValidation keyword arguments.
#: Cells sharing a key share a single DataValidation object, as a consultant
#: applying one rule to many cells would produce.
VALIDATIONS: dict[str, dict] = {
    "yes_no": dict(type="list", formula1='"Yes,No"'),
    "yes_no_na": dict(type="list", formula1='"Yes,No,N/A"'),
    "ncqa": dict(type="list", formula1='"Excellent,Commendable,Accredited,Provisional,None"'),
    "funding": dict(type="list", formula1='"Fully insured,ASO,Level funded"'),
    "rx_model": dict(
        type="list",
        formula1='"Integrated - owned PBM,Integrated - partner PBM,Carve-out to client PBM"',
    ),
    "percent": dict(type="decimal", operator="between", formula1="0", formula2="100"),
    "amount": dict(type="decimal", operator="greaterThanOrEqual", formula1="0"),
    "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0"),
    "date": dict(
        type="date",
        operator="greaterThan",
        formula1=str(excel_serial(dt.date(2025, 1, 1))),
    ),
}

VALIDATION_MESSAGES: dict[str, tuple[str, str]] = {
    "yes_no": ("Yes / No", "Select Yes or No from the drop-down list."),
    "yes_no_na": ("Yes / No / N/A", "Select Yes, No or N/A from the drop-down list."),
    "ncqa": ("NCQA status", "Select an accreditation status from the list."),
    "funding": ("Funding", "Select a funding arrangement from the list."),
    "rx_model": ("Pharmacy model", "Select an option from the list."),
    "percent": ("Percentage", "Enter a percentage between 0 and 100 (e.g. 92.5)."),
    "amount": ("Amount", "Enter a dollar amount (numbers only)."),
    "count": ("Count", "Enter a whole number."),
    "date": ("Date", "Enter a date (mm/dd/yyyy)."),
}


def list_options(validation: str | None) -> list[str]:
    """Options of a list validation, [] for non-list validations."""
    if validation is None or VALIDATIONS[validation]["type"] != "list":
        return []
    return VALIDATIONS[validation]["formula1"].strip('"').split(",")


@dataclass(frozen=True)
class Question:
    """One questionnaire item as authored.

    ``library_gap`` marks employer-specific questions that a health plan's
    answer library would probably not cover (not exported to the JSON key).
    """

    text: str
    kind: str
    validation: str | None = None
    limit: tuple[str, int] | None = None
    library_gap: bool = False

    def __post_init__(self) -> None:
        assert self.kind in {"yes_no", "narrative", "numeric", "date", "choice", "attachment"}
        if self.limit is not None:
            unit, value = self.limit
            phrase = f"(max {value} characters)" if unit == "chars" else f"(limit {value} words)"
            assert phrase in self.text, (phrase, self.text)
        if self.validation is not None:
            assert self.validation in VALIDATIONS, self.validation
        opts = list_options(self.validation)
        if self.kind == "yes_no":
            assert opts and set(opts) <= {"Yes", "No", "N/A", "NA"}, self.text
        elif self.kind == "choice":
            assert opts and not set(opts) <= {"Yes", "No", "N/A", "NA"}, self.text
        else:
            assert not opts, self.text

    @property
    def options(self) -> list[str]:
        return list_options(self.validation)

    @property
    def limit_json(self) -> dict | None:
        if self.limit is None:
            return None
        return {"unit": self.limit[0], "value": self.limit[1]}


@dataclass(frozen=True)
class Note:
    """An unnumbered instruction row inside a section (not a question)."""

    text: str


Item = Question | Note


def yn(text: str, na: bool = False, gap: bool = False) -> Question:
    return Question(text, "yes_no", "yes_no_na" if na else "yes_no", library_gap=gap)


def narr(text: str, limit: tuple[str, int] | None = None, gap: bool = False) -> Question:
    return Question(text, "narrative", None, limit, library_gap=gap)


def num(text: str, validation: str | None = None, gap: bool = False) -> Question:
    return Question(text, "numeric", validation, library_gap=gap)


def date_q(text: str, validated: bool = True) -> Question:
    return Question(text, "date", "date" if validated else None)


def choice(text: str, validation: str) -> Question:
    return Question(text, "choice", validation)


def attach(text: str) -> Question:
    return Question(text, "attachment")


CHARS400 = ("chars", 400)
WORDS150 = ("words", 150)

# ---------------------------------------------------------------------------
# Harbor Point questionnaire content
# ---------------------------------------------------------------------------

SECTIONS: list[tuple[str, list[Item]]] = [
    (
        "1. General Information / Company Profile",
        [
            narr(
                "Provide your organization's full legal name, the legal entity that would "
                "insure or administer Harbor Point's plan, and your NAIC company code."
            ),
            narr(
                "Describe your ownership structure (e.g., publicly traded, mutual, not-for-profit) "
                "and the year your organization began offering group medical coverage in Massachusetts."
            ),
            yn(
                "Is your organization licensed in the Commonwealth of Massachusetts to offer both "
                "HMO and PPO products to employer groups?"
            ),
            narr(
                "What are your current financial strength ratings from A.M. Best, S&P, Moody's and "
                "Fitch? Include the date each rating was last affirmed."
            ),
            num(
                "How many members do you currently cover in Massachusetts under employer-sponsored "
                "medical plans?",
                "count",
            ),
            num(
                "How many employer groups with more than 1,000 enrolled employees do you currently "
                "administer in New England?"
            ),
            yn(
                "Have there been any mergers, acquisitions or changes in ownership of your "
                "organization in the past three years, or are any pending? If yes, explain."
            ),
            yn(
                "Is your organization currently the subject of any material litigation, regulatory "
                "sanction or consent order in Massachusetts? If yes, describe."
            ),
            narr(
                "Provide three references from current clients of similar size and industry, and one "
                "client that terminated coverage within the past 24 months. Include contact name, "
                "title, phone number and email address for each."
            ),
        ],
    ),
    (
        "2. Accreditation & Quality",
        [
            choice(
                "What is your current NCQA Health Plan Accreditation status for the commercial HMO "
                "product proposed?",
                "ncqa",
            ),
            date_q("What is the expiration date of your NCQA accreditation?"),
            yn(
                "Is your PPO product accredited by NCQA or URAC? If yes, state the accrediting "
                "organization and level in the Explanation column."
            ),
            yn(
                "Are your utilization management and case management programs separately accredited "
                "by URAC or NCQA?",
                na=True,
            ),
            narr(
                "Summarize your most recent HEDIS results for your Massachusetts commercial HMO "
                "population, highlighting measures at or above the national 75th percentile "
                "(max 400 characters).",
                CHARS400,
            ),
            yn(
                "Do you field the CAHPS member experience survey annually, and will you share "
                "Massachusetts commercial results with Harbor Point?"
            ),
            narr(
                "Describe your quality improvement program, including:\n"
                "a) how quality goals are set and monitored;\n"
                "b) the committees involved and their membership;\n"
                "c) two examples of initiatives completed in the past two years and their results."
            ),
        ],
    ),
    (
        "3. Network & Access",
        [
            narr(
                "Identify the provider network(s) you propose for the HMO and for the PPO, including "
                "network names and whether each network is owned or leased."
            ),
            yn(
                "Will you provide a GeoAccess analysis using the employee ZIP code census and an "
                "access standard of two PCPs within 10 miles and one acute care hospital within "
                "15 miles?"
            ),
            attach(
                "Please attach your provider disruption analysis based on the claims file provided, "
                "showing the percentage of providers and of paid dollars in network, matched by TIN."
            ),
            yn(
                "Are Charlton Memorial Hospital (Fall River) and St. Luke's Hospital (New Bedford) "
                "in network for both the HMO and the PPO? Indicate any tiering in the Explanation "
                "column.",
                gap=True,
            ),
            yn(
                "Is UMass Memorial Medical Center in Worcester a participating Tier 1 facility in the "
                "proposed HMO network?",
                gap=True,
            ),
            narr(
                "List any hospital or large physician group contracts in Massachusetts or Rhode "
                "Island that expire or are in renegotiation within the next 18 months."
            ),
            num(
                "What percentage of primary care physicians in your Massachusetts HMO network are "
                "currently accepting new patients?",
                "percent",
            ),
            yn(
                "Does the PPO provide national in-network access for employees and dependents who "
                "live outside New England?"
            ),
            yn(
                "Do you offer a tiered or high-performance network product that could be offered "
                "alongside the proposed HMO?"
            ),
            narr(
                "Describe your telehealth offering for medical and behavioral health services, "
                "including the vendor, member cost share and hours of availability."
            ),
        ],
    ),
    (
        "4. Claims Administration",
        [
            narr(
                "Provide the location(s) of the claim office(s) that would process Harbor Point's "
                "claims and indicate whether any claim processing is performed offshore."
            ),
            num(
                "State your auto-adjudication rate (%) for commercial medical claims for the most "
                "recent calendar year.",
                "percent",
            ),
            num(
                "What percentage of clean claims were processed within 14 calendar days during "
                "calendar year 2026?"
            ),
            num(
                "What was your financial accuracy rate (%) for calendar year 2026, as measured by "
                "your internal quality audit?",
                "percent",
            ),
            narr(
                "Describe your appeals process, including:\n"
                "a) the number of appeal levels and the time frame for each;\n"
                "b) who reviews clinical appeals;\n"
                "c) how external review is handled for a self-funded plan."
            ),
            yn(
                "Do you coordinate benefits and pursue subrogation on behalf of self-funded clients? "
                "If yes, describe any fee or percentage retained in the Explanation column."
            ),
            yn(
                "Will you permit Harbor Point or its designated auditor to conduct one claims audit "
                "per plan year at no additional charge?"
            ),
            narr(
                "Describe your payment integrity and fraud, waste and abuse programs, and how "
                "recoveries are credited to self-funded clients."
            ),
            narr(
                "Describe how you process claims for out-of-network emergency services and air "
                "ambulance services under the No Surprises Act, including use of the independent "
                "dispute resolution process (limit 150 words).",
                WORDS150,
            ),
        ],
    ),
    (
        "5. Member Services",
        [
            narr(
                "Provide the hours of operation (Eastern Time) of the member services call center "
                "that would serve Harbor Point members."
            ),
            yn(
                "Will Harbor Point members be served by a dedicated member service team? If no, "
                "describe how calls are routed."
            ),
            num(
                "What was your average speed of answer, in seconds, for commercial member calls in 2026?",
                "count",
            ),
            num(
                "What was your call abandonment rate (%) for commercial member calls in 2026?",
                "percent",
            ),
            yn(
                "Can member services assist members in Portuguese and Spanish using in-house "
                "bilingual representatives rather than an interpreter line?",
                gap=True,
            ),
            yn(
                "Will a member service representative be available on site at the Fall River plant "
                "one day per month during the first plan year?",
                gap=True,
            ),
            yn(
                "Does your member portal and mobile app include a cost estimator that reflects the "
                "member's own benefits and accumulators?"
            ),
            narr(
                "Describe the onboarding experience for newly enrolled members, including welcome "
                "outreach and ID card delivery (max 400 characters).",
                CHARS400,
            ),
            yn("Do you provide a 24/7 nurse advice line at no additional cost?"),
        ],
    ),
    (
        "6. Pharmacy",
        [
            Note(
                "Note: Pharmacy pricing (discounts, dispensing fees and rebates) is requested in the "
                "Rate Exhibit. Answer the questions below for the integrated pharmacy option."
            ),
            choice(
                "Indicate how prescription drug benefits would be administered under your proposal.",
                "rx_model",
            ),
            narr(
                "Identify your pharmacy benefit manager and describe the relationship (owned, "
                "partnership or contracted) and the contract term."
            ),
            yn(
                "Will you permit Harbor Point to carve out pharmacy benefits to a PBM of its choosing "
                "without a change to the quoted medical fees or rates?"
            ),
            yn(
                "Will you pass through 100% of manufacturer rebates for the self-funded option? If "
                "no, state the guaranteed minimum rebate per brand prescription."
            ),
            narr(
                "Describe your specialty pharmacy program, including site-of-care management and any "
                "copay accumulator or maximizer programs."
            ),
            yn(
                "Do you cover GLP-1 medications for weight management? If yes, describe the clinical "
                "criteria and any required lifestyle program."
            ),
            narr(
                "Summarize your formulary management approach, including how often the formulary is "
                "updated and how affected members are notified (max 400 characters).",
                CHARS400,
            ),
            yn(
                "Do you use MAC pricing for generic drugs, and will you disclose the MAC list to "
                "Harbor Point on request?",
                na=True,
            ),
        ],
    ),
    (
        "7. Care & Disease Management",
        [
            narr(
                "Describe your utilization management program, listing the services that require "
                "prior authorization and your average turnaround time for urgent and standard "
                "requests."
            ),
            yn(
                "Are your disease management programs opt-out (members are enrolled automatically "
                "when identified)?"
            ),
            narr(
                "Which chronic conditions do your disease management programs address? Describe how "
                "members are identified and engaged."
            ),
            narr(
                "Describe the triggers used to refer members to case management, including:\n"
                "a) high-cost claim thresholds;\n"
                "b) diagnosis-based triggers;\n"
                "c) follow-up after an inpatient discharge."
            ),
            narr(
                "Describe your maternity management program, including when outreach begins and "
                "how high-risk pregnancies are identified."
            ),
            attach(
                "Submit a sample of the return-on-investment report provided for your care management "
                "programs and describe the methodology used."
            ),
            yn(
                "Will you coordinate care and share clinical data with the vendor that operates "
                "Harbor Point's on-site clinic at the Fall River plant?",
                gap=True,
            ),
        ],
    ),
    (
        "8. Behavioral Health",
        [
            yn(
                "Are behavioral health services administered in-house rather than through a "
                "subcontracted managed behavioral health organization?"
            ),
            num(
                "How many in-network behavioral health clinicians (psychiatrists, psychologists, "
                "LICSWs) practice within 20 miles of Fall River, MA?"
            ),
            narr(
                "Describe how you help members find a behavioral health provider with an available "
                "appointment, and state the average time to first appointment."
            ),
            yn(
                "Do you offer an integrated Employee Assistance Program? If yes, indicate the number "
                "of counseling sessions per issue in the Explanation column."
            ),
            yn(
                "Will you provide on-site critical incident response at Harbor Point's plants "
                "following a serious workplace injury?",
                gap=True,
            ),
            yn(
                "Do you cover applied behavior analysis (ABA) therapy for autism spectrum disorder "
                "without visit or dollar limits?"
            ),
            narr(
                "Describe your substance use disorder programs, including access to "
                "medication-assisted treatment (limit 150 words).",
                WORDS150,
            ),
        ],
    ),
    (
        "9. Wellness",
        [
            narr(
                "Describe your standard wellness program and identify which components are included "
                "in the proposed fees and which are available for an additional PEPM charge."
            ),
            yn(
                "Can your wellness platform administer a premium-differential incentive program "
                "designed by Harbor Point?"
            ),
            yn(
                "Can you provide on-site biometric screenings at the Fall River and Worcester plants "
                "covering all three production shifts?",
                gap=True,
            ),
            num(
                "What annual wellness fund, in dollars, will you provide to support Harbor Point's "
                "wellness initiatives?",
                "amount",
            ),
            narr("Describe your tobacco cessation program, including any member cost share."),
            num(
                "What percentage of eligible members in your commercial book of business completed "
                "a health assessment in 2026?"
            ),
        ],
    ),
    (
        "10. Reporting & Data",
        [
            attach("Please attach a sample of your standard utilization report."),
            narr(
                "List the standard reports included in your proposal, their frequency, and whether "
                "each is available online."
            ),
            narr(
                "Describe your ad hoc reporting capability, including typical turnaround time and "
                "any charges that apply."
            ),
            yn(
                "Will you provide monthly claims and eligibility data feeds to Harbor Point's data "
                "warehouse vendor at no additional cost?"
            ),
            yn("Can you accept a weekly HIPAA 834 eligibility file generated by Harbor Point's HRIS?"),
            narr(
                "Describe the online reporting tool available to Harbor Point and Lakeshore Benefits "
                "Consulting, including any benchmarking capability (max 400 characters).",
                CHARS400,
            ),
            yn(
                "Will you provide a monthly large claimant report listing claimants with paid claims "
                "above $50,000, subject to HIPAA requirements?"
            ),
        ],
    ),
    (
        "11. Account Management & Implementation",
        [
            narr(
                "Describe the account management team that would be assigned to Harbor Point, "
                "including each member's role, office location and current number of assigned "
                "accounts."
            ),
            attach("Provide a copy of your standard implementation timeline for a July 1 effective date."),
            date_q(
                "What is the latest date by which Harbor Point must notify you of an award in order "
                "to meet the July 1, 2027 effective date?"
            ),
            date_q(
                "On what date would ID cards be mailed for a July 1, 2027 effective date, assuming an "
                "award by March 15, 2027?",
                validated=False,
            ),
            yn(
                "Will you conduct on-site open enrollment meetings at all three Harbor Point "
                "locations at no charge?"
            ),
            narr(
                "Describe your transition-of-care process for members in an active course of "
                "treatment with a non-participating provider on the effective date."
            ),
            yn(
                "Will you provide an implementation credit or allowance? If yes, state the amount in "
                "the Explanation column."
            ),
            narr("Describe the escalation path for unresolved member or account issues."),
            yn(
                "Will you quote a dental plan alongside the medical plan, with a combined "
                "administrative fee discount?",
                gap=True,
            ),
            yn(
                "Will you quote a vision plan bundled with the medical plan? If yes, enter the rates "
                "on the Rate Exhibit.",
                gap=True,
            ),
            yn(
                "Will you administer coverage for Harbor Point's approximately 140 pre-65 retirees "
                "under the same contract and rates as active employees?",
                gap=True,
            ),
        ],
    ),
    (
        "12. Performance Guarantees",
        [
            yn(
                "Will you agree to the performance guarantees listed in Exhibit C of the RFP? Note "
                "any deviations in the Explanation column."
            ),
            num(
                "What total percentage of administrative fees will you place at risk for "
                "performance guarantees?",
                "percent",
            ),
            yn(
                "Will performance guarantees be measured and reported on Harbor Point's own "
                "membership rather than your book of business?"
            ),
            yn("Will you guarantee an average speed of answer of 30 seconds or less?"),
            narr(
                "Describe any network discount guarantee you would offer for Massachusetts "
                "facilities, including how it is measured and reconciled."
            ),
            narr(
                "Describe how performance guarantee results are reported and how penalties are paid "
                "(max 400 characters).",
                CHARS400,
            ),
        ],
    ),
    (
        "13. Funding & Stop Loss",
        [
            choice("Indicate the funding arrangement you are recommending for Harbor Point.", "funding"),
            yn("Are the quoted rates and fees guaranteed for 24 months from July 1, 2027?"),
            narr(
                "If a 24-month guarantee is not offered, state the maximum renewal increase you "
                "would guarantee for the second plan year and any conditions that apply."
            ),
            yn(
                "Will you quote specific stop loss at both $150,000 and $200,000 specific deductibles "
                "with a 125% aggregate attachment point?"
            ),
            yn("Will the stop loss contract include a no-new-laser provision at renewal?"),
            yn(
                "For the level-funded option, will any claims fund surplus be refunded to Harbor "
                "Point at the end of the plan year?",
                na=True,
            ),
            yn(
                "Confirm that all quoted rates and fees are net of commissions, as Lakeshore Benefits "
                "Consulting is compensated on a fee basis.",
                gap=True,
            ),
            narr(
                "Describe the claims funding mechanism for the ASO option, including the frequency "
                "of claim wires and any required deposit."
            ),
            narr(
                "Using the census on the Census Summary tab, project enrollment (contracts and members) "
                "and premium for each of the first three plan years."
            ),
            narr(
                "Explain how the proposed fully insured rates were developed from Harbor Point's claims "
                "experience, including trend, credibility, pooling and retention."
            ),
        ],
    ),
    (
        "14. HIPAA, Privacy & Security",
        [
            attach("Attach your current SOC 2 Type II report."),
            yn(
                "Will you execute Harbor Point's Business Associate Agreement without modification? "
                "If no, attach your proposed revisions."
            ),
            yn("Is all member data encrypted both at rest and in transit?"),
            yn("Do you require multi-factor authentication for all employer and broker portal users?"),
            narr(
                "Describe any breaches of protected health information that required notification "
                "to HHS within the past three years."
            ),
            yn("Is any member protected health information stored or accessed outside the United States?"),
            narr(
                "Describe your incident response plan and the time frame within which you would "
                "notify Harbor Point of a suspected breach (limit 150 words).",
                WORDS150,
            ),
        ],
    ),
    (
        "15. Compliance (ACA, MHPAEA, CAA)",
        [
            yn(
                "Will you provide the NQTL comparative analysis required under MHPAEA for the plan's "
                "medical/surgical and mental health/substance use disorder benefits?"
            ),
            yn(
                "Will you submit the annual Gag Clause Prohibition Compliance Attestation on "
                "Harbor Point's behalf?"
            ),
            yn(
                "Will you complete the annual RxDC reporting on Harbor Point's behalf for the self-funded option?"
            ),
            narr(
                "Describe how you comply with the Transparency in Coverage rule, including your "
                "machine-readable files and member price comparison tool."
            ),
            yn("Do all proposed plan designs meet Massachusetts Minimum Creditable Coverage requirements?"),
            yn(
                "For the fully insured option, will you produce and distribute the Summary of "
                "Benefits and Coverage within the required time frames?",
                na=True,
            ),
            narr(
                "Describe how the proposed plans satisfy the ACA preventive services requirements, "
                "including coverage of contraceptives."
            ),
            narr(
                "Describe how you monitor and communicate federal and Massachusetts regulatory "
                "changes to employer clients."
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Sheet builders (main workbook)
# ---------------------------------------------------------------------------

Q_COLS = {"A": 8, "B": 70, "C": 14, "D": 50}
Q_HEADER = ["No.", "Question", "Response", "Explanation / Comments"]
Q_HEADER_ROW = 6


def build_instructions(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "Instructions"
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 84

    def para(row: int, text: str, font: Font = NORMAL, label: str | None = None) -> None:
        if label is not None:
            ws.cell(row, 1, label).font = BOLD
            ws.cell(row, 1).alignment = WRAP_TOP
            ws.cell(row, 2, text).font = font
            ws.cell(row, 2).alignment = WRAP_TOP
            ws.row_dimensions[row].height = row_height((text, 84), (label, 26))
        else:
            ws.cell(row, 1, text).font = font
            ws.cell(row, 1).alignment = WRAP_TOP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            ws.row_dimensions[row].height = row_height((text, 110))

    para(1, EMPLOYER, TITLE_FONT)
    para(
        2, "Request for Proposal - Group Medical Plan (HMO and PPO)", Font(name=FONT_NAME, size=13, bold=True)
    )
    para(3, f"Prepared by {CONSULTANT} | Plan effective date: July 1, 2027", SUBTITLE_FONT)

    row = 5
    ws.cell(row, 1, "Key Dates").font = BOLD
    ws.cell(row, 1).fill = SECTION_FILL
    ws.cell(row, 2).fill = SECTION_FILL
    timeline = [
        ("RFP released", "Friday, January 15, 2027"),
        ("Intent to bid due", "Friday, January 22, 2027"),
        ("Written questions due", "Friday, January 29, 2027"),
        ("Responses due", "Friday, February 26, 2027, 5:00 p.m. Eastern Time"),
        ("Finalist presentations", "Week of March 8, 2027"),
        ("Anticipated award", "Monday, March 15, 2027"),
        ("Effective date", "Thursday, July 1, 2027"),
    ]
    for label, value in timeline:
        row += 1
        ws.cell(row, 1, label).font = NORMAL
        ws.cell(row, 2, value).font = BOLD if label == "Responses due" else NORMAL
        for col in (1, 2):
            ws.cell(row, col).border = BORDER
            ws.cell(row, col).alignment = WRAP_TOP

    row += 2
    ws.cell(row, 1, "Instructions to Bidders").font = BOLD
    ws.cell(row, 1).fill = SECTION_FILL
    ws.cell(row, 2).fill = SECTION_FILL
    instructions = [
        'Harbor Point Manufacturing, Inc. ("Harbor Point") employs approximately 2,400 employees '
        "at its Fall River headquarters and plant, its Worcester plant and its New Bedford "
        "distribution center, all in Massachusetts. Harbor Point currently offers an HMO and a PPO "
        "on a fully insured basis and is evaluating fully insured, ASO and level-funded "
        "arrangements for the plan year beginning July 1, 2027.",
        "1. Complete every item on the Questionnaire tab. Respond in the Response column using the "
        "drop-down list where one is provided; use the Explanation / Comments column to qualify "
        'any answer. A "No" or qualified "Yes" must be explained.',
        "2. Do not alter question text, numbering, or the structure of this workbook. Do not "
        "insert or delete rows or columns. Responses that alter the questionnaire may be "
        "disqualified.",
        "3. Responses are limited to 400 characters where noted. Longer responses will be "
        "truncated for evaluation purposes; do not refer to marketing materials in place of an "
        "answer.",
        "4. Where an item requests an attachment, name the file with the question number (for "
        'example, "10.1 Sample Utilization Report.pdf") and reference it in the Response column.',
        "5. Quote rates on the Rate Exhibit tab using the enrollment shown on the Census Summary "
        "tab. Rates must be guaranteed for at least 12 months; Year 2 rates are not-to-exceed.",
        "6. Submit the completed workbook in Excel format (not PDF) by the response due date to the "
        "contact below. Late responses will not be accepted.",
        "7. All information provided by Harbor Point is confidential and may be used only to prepare "
        "a response to this RFP.",
        "Questions? Contact the Lakeshore Benefits Consulting team below. All questions must be "
        "submitted in writing by January 29, 2027; answers will be shared with all bidders.",
    ]
    for text in instructions:
        row += 1
        para(row, text)

    row += 2
    ws.cell(row, 1, "Contact").font = BOLD
    ws.cell(row, 1).fill = SECTION_FILL
    ws.cell(row, 2).fill = SECTION_FILL
    contacts = [
        ("Name", "Dana Whitfield, Senior Consultant"),
        ("Firm", "Lakeshore Benefits Consulting, 100 Summer Street, Suite 1800, Boston, MA 02110"),
        ("Email", "dana.whitfield@lakeshorebenefits.example"),
        ("Phone", "(617) 555-0142"),
        ("Alternate", "Marcus Ortega, Analyst - marcus.ortega@lakeshorebenefits.example"),
    ]
    for label, value in contacts:
        row += 1
        para(row, value, label=label)

    setup_page(ws, landscape=False)


def build_questionnaire(wb: Workbook) -> tuple[list[dict], list[dict]]:
    """Write the Questionnaire sheet; return (questions, fields) for the key."""
    ws = wb.create_sheet("Questionnaire")
    for col, width in Q_COLS.items():
        ws.column_dimensions[col].width = width

    # Title block
    ws["A1"] = "Harbor Point Manufacturing - Group Medical Plan RFP (Effective July 1, 2027)"
    ws["A1"].font = TITLE_FONT
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 22
    ws["A2"] = f"Section B: Medical Carrier Questionnaire | Issued by {CONSULTANT}"
    ws["A2"].font = SUBTITLE_FONT
    ws.merge_cells("A2:D2")
    ws["B3"] = "Bidder:"
    ws["B3"].font = BOLD
    ws["B3"].alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells("C3:D3")
    for col in ("C", "D"):
        ws[f"{col}3"].fill = ANSWER_FILL
        ws[f"{col}3"].border = BORDER
    ws.row_dimensions[3].height = 18
    ws["A4"] = (
        "Complete all shaded cells. Select Yes/No from the drop-down where provided and explain any "
        "qualified response in the Explanation / Comments column. See the Instructions tab."
    )
    ws["A4"].font = NOTE_FONT
    ws["A4"].alignment = WRAP_TOP
    ws.merge_cells("A4:D4")
    ws.row_dimensions[4].height = 30
    fields = [{"label": "Bidder:", "cell": "C3"}]

    # Header row
    for idx, label in enumerate(Q_HEADER, start=1):
        cell = ws.cell(Q_HEADER_ROW, idx, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[Q_HEADER_ROW].height = 20
    ws.freeze_panes = f"A{Q_HEADER_ROW + 1}"

    validations: dict[str, DataValidation] = {}

    def validate(key: str, coord: str) -> None:
        if key not in validations:
            title, message = VALIDATION_MESSAGES[key]
            dv = DataValidation(
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=title,
                error=message,
                showInputMessage=True,
                promptTitle=title,
                prompt=message,
                **VALIDATIONS[key],
            )
            validations[key] = dv
            ws.add_data_validation(dv)
        validations[key].add(coord)

    questions: list[dict] = []
    row = Q_HEADER_ROW
    for section_title, items in SECTIONS:
        row += 1
        ws.cell(row, 1, section_title).font = BOLD
        for col in range(1, 5):
            ws.cell(row, col).fill = SECTION_FILL
            ws.cell(row, col).border = BORDER
        ws.cell(row, 1).alignment = Alignment(vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 18

        number = 0
        for item in items:
            row += 1
            if isinstance(item, Note):
                ws.cell(row, 2, item.text).font = NOTE_FONT
                ws.cell(row, 2).alignment = WRAP_TOP
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                ws.row_dimensions[row].height = row_height(
                    (item.text, Q_COLS["B"] + Q_COLS["C"] + Q_COLS["D"])
                )
                continue
            number += 1
            qnum = f"{section_title.split('.')[0]}.{number}"
            ws.cell(row, 1, qnum).alignment = CENTER_TOP
            ws.cell(row, 2, item.text).alignment = WRAP_TOP
            answer = ws.cell(row, 3)
            answer.alignment = CENTER_TOP if item.validation else WRAP_TOP
            ws.cell(row, 4).alignment = WRAP_TOP
            for col in range(1, 5):
                ws.cell(row, col).font = NORMAL
                ws.cell(row, col).border = BORDER
            for col in (3, 4):
                ws.cell(row, col).fill = ANSWER_FILL
            if item.validation:
                validate(item.validation, answer.coordinate)
            if item.kind == "date":
                answer.number_format = "mm/dd/yyyy"
            elif item.validation == "amount":
                answer.number_format = '"$"#,##0'
            ws.row_dimensions[row].height = row_height((item.text, Q_COLS["B"]))
            questions.append(
                {
                    "sheet": "Questionnaire",
                    "number": qnum,
                    "section": section_title,
                    "text": item.text,
                    "kind": item.kind,
                    "options": item.options,
                    "limit": item.limit_json,
                    "question_cell": f"B{row}",
                    "answer_cell": f"C{row}",
                    "explanation_cell": f"D{row}",
                }
            )
            if qnum == "3.4":
                ws.cell(row, 2).comment = Comment(
                    "Added at client request (Southcoast Health utilization). - DW", "Dana Whitfield"
                )

    # Certification block (fields, not questions)
    row += 2
    cert = (
        "Certification: By submitting this response, the bidder certifies that the information "
        "provided is complete and accurate and that the quoted rates and fees are valid for 120 days."
    )
    ws.cell(row, 1, cert).font = NOTE_FONT
    ws.cell(row, 1).alignment = WRAP_TOP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 33
    for label in ("Completed by (name and title):", "Date:"):
        row += 1
        ws.cell(row, 2, label).font = BOLD
        ws.cell(row, 2).alignment = Alignment(horizontal="right", vertical="center")
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
        for col in (3, 4):
            ws.cell(row, col).fill = ANSWER_FILL
            ws.cell(row, col).border = BORDER
        ws.row_dimensions[row].height = 18
        fields.append({"label": label, "cell": f"C{row}"})

    setup_page(ws, title_rows=f"{Q_HEADER_ROW}:{Q_HEADER_ROW}")
    ws.print_area = f"A1:D{row}"
    return questions, fields


#: Enrolled employees by plan and tier (current, as of February 1, 2027).
TIERS = ["Employee Only", "Employee + Spouse", "Employee + Child(ren)", "Family"]
ENROLLMENT = {"HMO": [540, 190, 205, 325], "PPO": [330, 160, 115, 185]}
TIER_FACTORS = [1.00, 2.10, 1.85, 2.90]
CURRENT_EE_RATE = {"HMO": 912.40, "PPO": 1084.75}


def build_census(wb: Workbook) -> None:
    ws = wb.create_sheet("Census Summary")
    widths = {"A": 40, "B": 16, "C": 18, "D": 22, "E": 14, "F": 14}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws["A1"] = "Census Summary - Enrolled Employees by Plan and Coverage Tier"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        "Source: Harbor Point HRIS, enrollment as of February 1, 2027. Detailed census provided separately."
    )
    ws["A2"].font = SUBTITLE_FONT

    header = ["Plan"] + TIERS + ["Total"]
    for idx, label in enumerate(header, start=1):
        c = ws.cell(4, idx, label)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = 4
    for plan, counts in ENROLLMENT.items():
        row += 1
        ws.cell(row, 1, f"{plan} (fully insured)")
        for idx, n in enumerate(counts, start=2):
            ws.cell(row, idx, n).number_format = COUNT
        ws.cell(row, 6, f"=SUM(B{row}:E{row})").number_format = COUNT
    row += 1
    ws.cell(row, 1, "Total")
    for col in range(2, 7):
        letter = get_column_letter(col)
        ws.cell(row, col, f"=SUM({letter}5:{letter}{row - 1})").number_format = COUNT
    for r in range(5, row + 1):
        for col in range(1, 7):
            c = ws.cell(r, col)
            c.border = BORDER
            c.font = BOLD if r == row else NORMAL
            if r == row:
                c.fill = TOTAL_FILL

    row += 2
    ws.cell(row, 1, "Employees by Location").font = BOLD
    locations = [
        ("Fall River, MA (HQ and Plant 1)", 1480),
        ("Worcester, MA (Plant 2)", 690),
        ("New Bedford, MA (Distribution Center)", 242),
    ]
    first = row + 1
    for label, n in locations:
        row += 1
        ws.cell(row, 1, label).border = BORDER
        ws.cell(row, 2, n).number_format = COUNT
        ws.cell(row, 2).border = BORDER
    row += 1
    ws.cell(row, 1, "Total eligible employees").font = BOLD
    ws.cell(row, 2, f"=SUM(B{first}:B{row - 1})").number_format = COUNT
    for col in (1, 2):
        ws.cell(row, col).border = BORDER
        ws.cell(row, col).fill = TOTAL_FILL
    row += 1
    ws.cell(row, 1, "Waived coverage").border = BORDER
    ws.cell(row, 2, f"=B{row - 1}-F7").number_format = COUNT
    ws.cell(row, 2).border = BORDER
    row += 1
    ws.cell(row, 1, "Pre-65 retirees (not included above)").border = BORDER
    ws.cell(row, 2, 140).number_format = COUNT
    ws.cell(row, 2).border = BORDER
    setup_page(ws)


def build_rate_exhibit(wb: Workbook) -> None:
    ws = wb.create_sheet("Rate Exhibit")
    widths = {"A": 46, "B": 14, "C": 16, "D": 22, "E": 22}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws["A1"] = "Rate Exhibit - Monthly Medical Rates"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        "Quote rates on the enrollment shown (linked to the Census Summary tab). Year 1 rates are "
        "guaranteed for 12 months from July 1, 2027; Year 2 rates are not-to-exceed."
    )
    ws["A2"].font = SUBTITLE_FONT
    ws["A2"].alignment = WRAP_TOP
    ws.merge_cells("A2:E2")
    ws.row_dimensions[2].height = 33

    def header(row: int, labels: Sequence[str]) -> None:
        for idx, label in enumerate(labels, start=1):
            c = ws.cell(row, idx, label)
            c.font = HEADER_FONT
            c.fill = HEADER_FILL
            c.border = BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[row].height = 30

    row = 3
    census_row = {"HMO": 5, "PPO": 6}
    for plan, suffix in (("HMO", "A"), ("PPO", "B")):
        row += 1
        ws.cell(row, 1, f"Option 1{suffix} - Fully Insured {plan}").font = BOLD
        row += 1
        header(
            row,
            [
                "Coverage Tier",
                "Enrolled Employees",
                "Current Rate",
                "Proposed Rate (Year 1)",
                "Proposed Rate (Year 2)",
            ],
        )
        first = row + 1
        for t_idx, tier in enumerate(TIERS):
            row += 1
            ws.cell(row, 1, tier)
            census_col = get_column_letter(2 + t_idx)
            ws.cell(row, 2, f"='Census Summary'!{census_col}{census_row[plan]}").number_format = COUNT
            rate = round(CURRENT_EE_RATE[plan] * TIER_FACTORS[t_idx], 2)
            ws.cell(row, 3, rate).number_format = MONEY
            for col in (4, 5):
                ws.cell(row, col).number_format = MONEY
                ws.cell(row, col).fill = ANSWER_FILL
            for col in range(1, 6):
                ws.cell(row, col).border = BORDER
        last = row
        row += 1
        ws.cell(row, 1, "Total Monthly Premium")
        ws.cell(row, 2, f"=SUM(B{first}:B{last})").number_format = COUNT
        for col in (3, 4, 5):
            letter = get_column_letter(col)
            ws.cell(
                row, col, f"=SUMPRODUCT($B${first}:$B${last},{letter}{first}:{letter}{last})"
            ).number_format = MONEY
        row += 1
        ws.cell(row, 1, "Annual Premium")
        for col in (3, 4, 5):
            letter = get_column_letter(col)
            ws.cell(row, col, f"={letter}{row - 1}*12").number_format = MONEY
        for r in (row - 1, row):
            for col in range(1, 6):
                ws.cell(r, col).border = BORDER
                ws.cell(r, col).font = BOLD
                ws.cell(r, col).fill = TOTAL_FILL
        row += 1

    row += 1
    ws.cell(row, 1, "Option 2 - Self-Funded (ASO) Fixed Costs, per employee per month").font = BOLD
    row += 1
    header(
        row,
        ["Fixed Cost Component", "Enrolled Employees", "Current", "Proposed (Year 1)", "Proposed (Year 2)"],
    )
    first = row + 1
    for label in (
        "ASO administrative fee (PEPM)",
        "Specific stop loss, $175,000 deductible (PEPM)",
        "Aggregate stop loss, 125% attachment (PEPM)",
    ):
        row += 1
        ws.cell(row, 1, label)
        ws.cell(row, 2, "='Census Summary'!F7").number_format = COUNT
        ws.cell(row, 3, "n/a")
        ws.cell(row, 3).alignment = Alignment(horizontal="center")
        for col in (4, 5):
            ws.cell(row, col).number_format = MONEY
            ws.cell(row, col).fill = ANSWER_FILL
        for col in range(1, 6):
            ws.cell(row, col).border = BORDER
    last = row
    row += 1
    ws.cell(row, 1, "Total Fixed Costs (PEPM)")
    for col in (4, 5):
        letter = get_column_letter(col)
        ws.cell(row, col, f"=SUM({letter}{first}:{letter}{last})").number_format = MONEY
    for col in range(1, 6):
        ws.cell(row, col).border = BORDER
        ws.cell(row, col).font = BOLD
        ws.cell(row, col).fill = TOTAL_FILL
    setup_page(ws)


def build_notes(wb: Workbook) -> None:
    """Hidden consultant working notes with leftover question-like rows."""
    ws = wb.create_sheet("Notes")
    ws.sheet_state = "hidden"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 30
    ws["A1"] = "Working notes - DW (do not distribute)"
    ws["A1"].font = BOLD
    rows = [
        ("3.11", "Do you offer a narrow network product in Bristol County?", "Dropped per client call 1/8"),
        (
            "3.12",
            "Describe your relationship with Southcoast Health and any pending contract changes.",
            "Merged into 3.6",
        ),
        (
            "6.10",
            "Will you guarantee AWP discounts by channel for the full contract term?",
            "Moved to Rate Exhibit",
        ),
        ("9.7", "Do you offer a step challenge or fitness device subsidy?", "Client not interested"),
        ("", "Is the Worcester union population in scope? Confirm with HR before release.", "Open"),
    ]
    for offset, (num_, text, status) in enumerate(rows, start=3):
        ws.cell(offset, 1, num_)
        ws.cell(offset, 2, text)
        ws.cell(offset, 3, status)


def build_main_workbook() -> dict:
    wb = Workbook()
    build_instructions(wb)
    questions, fields = build_questionnaire(wb)
    build_census(wb)
    build_rate_exhibit(wb)
    build_notes(wb)
    wb.active = 1  # open on the Questionnaire
    wb["Instructions"].sheet_view.tabSelected = False
    wb["Questionnaire"].sheet_view.tabSelected = True
    wb.defined_names["Bidder_Name"] = DefinedName("Bidder_Name", attr_text="Questionnaire!$C$3")
    wb.defined_names["Census_Total"] = DefinedName("Census_Total", attr_text="'Census Summary'!$F$7")
    set_properties(wb, "Harbor Point Manufacturing - Medical Plan RFP")
    save_deterministic(wb, SAMPLES_DIR / MAIN_FILE)
    return {"file": MAIN_FILE, "questions": questions, "fields": fields}


# ---------------------------------------------------------------------------
# Small workbook: no header row, number prefix in the question text
# ---------------------------------------------------------------------------

SMALL_SECTIONS: list[tuple[str, list[Question]]] = [
    (
        "Section A - Plan Administration",
        [
            yn(
                "Do you offer both fully insured and self-funded (ASO) arrangements to groups of 150 to 300 employees?"
            ),
            narr(
                "Describe your eligibility and enrollment process, including how often eligibility files are loaded."
            ),
            num("How many employer groups do you currently administer in Massachusetts?"),
            yn("Will you provide monthly claims reporting at no additional charge?"),
            narr(
                "Describe your member services capabilities, including hours of operation and "
                "languages supported (max 250 characters).",
                ("chars", 250),
            ),
            attach("Please attach a sample ID card and a sample explanation of benefits."),
        ],
    ),
    (
        "Section B - Clinical Programs",
        [
            yn("Do you offer a 24/7 nurse advice line to members?"),
            narr("Describe your case management program and how members are identified for outreach."),
            yn("Are behavioral health services provided through your own network?"),
            yn("Do you offer telehealth visits with a $0 member copay?", na=True),
            narr("Describe any diabetes prevention or management programs available to members."),
            date_q("What is the expiration date of your current NCQA accreditation?", validated=False),
        ],
    ),
]


def build_small_workbook() -> dict:
    wb = Workbook()
    ws = wb.active
    ws.title = "RFP Questions"
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 40
    yn_dv = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    yna_dv = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    ws.add_data_validation(yn_dv)
    ws.add_data_validation(yna_dv)

    questions: list[dict] = []
    row = 0
    number = 0
    for s_idx, (section, items) in enumerate(SMALL_SECTIONS):
        if s_idx:
            row += 1  # blank spacer row between sections
        row += 1
        ws.cell(row, 1, section).font = BOLD
        for item in items:
            number += 1
            row += 1
            text = f"{number}. {item.text}"
            # Every Yes/No question carries a list validation (otherwise, by
            # the kind rules, it would count as narrative).
            validation = item.validation
            ws.cell(row, 1, text).alignment = WRAP_TOP
            ws.cell(row, 2).alignment = WRAP_TOP
            ws.cell(row, 2).border = BORDER
            if validation == "yes_no":
                yn_dv.add(f"B{row}")
            elif validation == "yes_no_na":
                yna_dv.add(f"B{row}")
            ws.row_dimensions[row].height = row_height((text, 80))
            questions.append(
                {
                    "sheet": "RFP Questions",
                    "number": str(number),
                    "section": section,
                    "text": text,
                    "kind": item.kind,
                    "options": item.options,
                    "limit": item.limit_json,
                    "question_cell": f"A{row}",
                    "answer_cell": f"B{row}",
                    "explanation_cell": None,
                }
            )
    setup_page(ws)
    ws.oddHeader.left.text = "Small Group Medical Questionnaire"
    ws.oddHeader.right.text = ""
    set_properties(wb, "Small group medical questionnaire")
    save_deterministic(wb, SAMPLES_DIR / SMALL_FILE)
    return {"file": SMALL_FILE, "questions": questions, "fields": []}


# ---------------------------------------------------------------------------
# Deterministic output
# ---------------------------------------------------------------------------


def set_properties(wb: Workbook, title: str) -> None:
    wb.properties.creator = "Lakeshore Benefits Consulting"
    wb.properties.lastModifiedBy = "Lakeshore Benefits Consulting"
    wb.properties.title = title
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP


_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with fixed document timestamps and zip entry dates.

    ``Workbook.save`` stamps the current time into docProps/core.xml and the
    zip entries; both are normalised so the output is byte-for-byte stable.
    """
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED_RE.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            out = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = info.external_attr
            dst.writestr(out, data)


def summarize(key: dict) -> str:
    """Human-readable counts per section and kind (printed after a build)."""
    lines = []
    for name, entry in key.items():
        qs = entry["questions"]
        lines.append(f"{name}: {len(qs)} questions")
        by_section: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for q in qs:
            by_section[q["section"]] = by_section.get(q["section"], 0) + 1
            by_kind[q["kind"]] = by_kind.get(q["kind"], 0) + 1
        for section, n in by_section.items():
            lines.append(f"  {n:3d}  {section}")
        lines.append("  kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(by_kind.items())))
        limits = sum(1 for q in qs if q["limit"])
        lines.append(f"  with stated limit: {limits}")
    return "\n".join(lines)


def library_gap_numbers() -> list[str]:
    """Numbers of Harbor Point questions a plan answer library likely lacks."""
    out = []
    for title, items in SECTIONS:
        n = 0
        for item in items:
            if isinstance(item, Question):
                n += 1
                if item.library_gap:
                    out.append(f"{title.split('.')[0]}.{n}")
    return out


def main() -> None:
    key = {MAIN_FILE: build_main_workbook(), SMALL_FILE: build_small_workbook()}
    EXPECTED_JSON.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED_JSON.write_text(json.dumps(key, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summarize(key))
    print("  likely library gaps (main):", ", ".join(library_gap_numbers()))
    print(f"wrote {SAMPLES_DIR / MAIN_FILE}\nwrote {SAMPLES_DIR / SMALL_FILE}\nwrote {EXPECTED_JSON}")


if __name__ == "__main__":
    main()
