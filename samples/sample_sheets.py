"""Sheets of the sample workbook other than the questionnaire: instructions, census,
rate exhibit and a hidden notes sheet, plus the shared styling and page setup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


def setup_page(
    ws: Worksheet,
    title_rows: str | None = None,
    landscape: bool = True,
    *,
    employer: str = EMPLOYER,
    consultant: str = CONSULTANT,
) -> None:
    """Letter paper, landscape, fit all columns on one page width; header names the RFP's parties."""
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
    ws.oddHeader.left.text = f"{employer} - Medical Plan RFP"
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = f"{consultant} - Confidential"
    ws.oddHeader.right.size = 9
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 9


@dataclass(frozen=True)
class InstructionsPage:
    """The content of an Instructions sheet: title lines, key dates, instructions, contacts."""

    title: str
    subtitle: str
    prepared: str
    timeline: tuple[tuple[str, str], ...]
    instructions: tuple[str, ...]
    contacts: tuple[tuple[str, str], ...]
    instructions_heading: str = "Instructions to Bidders"
    contact_heading: str = "Contact"
    highlight: str = "Responses due"  # the key date shown in bold
    employer: str = EMPLOYER
    consultant: str = CONSULTANT


HARBOR_POINT_INSTRUCTIONS = InstructionsPage(
    title=EMPLOYER,
    subtitle="Request for Proposal - Group Medical Plan (HMO and PPO)",
    prepared=f"Prepared by {CONSULTANT} | Plan effective date: July 1, 2027",
    timeline=(
        ("RFP released", "Friday, January 15, 2027"),
        ("Intent to bid due", "Friday, January 22, 2027"),
        ("Written questions due", "Friday, January 29, 2027"),
        ("Responses due", "Friday, February 26, 2027, 5:00 p.m. Eastern Time"),
        ("Finalist presentations", "Week of March 8, 2027"),
        ("Anticipated award", "Monday, March 15, 2027"),
        ("Effective date", "Thursday, July 1, 2027"),
    ),
    instructions=(
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
    ),
    contacts=(
        ("Name", "Dana Whitfield, Senior Consultant"),
        ("Firm", "Lakeshore Benefits Consulting, 100 Summer Street, Suite 1800, Boston, MA 02110"),
        ("Email", "dana.whitfield@lakeshorebenefits.example"),
        ("Phone", "(617) 555-0142"),
        ("Alternate", "Marcus Ortega, Analyst - marcus.ortega@lakeshorebenefits.example"),
    ),
)


def build_instructions(wb: Workbook, page: InstructionsPage = HARBOR_POINT_INSTRUCTIONS) -> None:
    """Turn the workbook's first sheet into an Instructions sheet showing ``page``."""
    ws = wb.active
    ws.title = "Instructions"
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 84

    def heading(row: int, text: str) -> None:
        ws.cell(row, 1, text).font = BOLD
        for col in (1, 2):
            ws.cell(row, col).fill = SECTION_FILL

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

    para(1, page.title, TITLE_FONT)
    para(2, page.subtitle, Font(name=FONT_NAME, size=13, bold=True))
    para(3, page.prepared, SUBTITLE_FONT)

    row = 5
    heading(row, "Key Dates")
    for label, value in page.timeline:
        row += 1
        ws.cell(row, 1, label).font = NORMAL
        ws.cell(row, 2, value).font = BOLD if label == page.highlight else NORMAL
        for col in (1, 2):
            ws.cell(row, col).border = BORDER
            ws.cell(row, col).alignment = WRAP_TOP

    row += 2
    heading(row, page.instructions_heading)
    for text in page.instructions:
        row += 1
        para(row, text)

    row += 2
    heading(row, page.contact_heading)
    for label, value in page.contacts:
        row += 1
        para(row, value, label=label)

    setup_page(ws, landscape=False, employer=page.employer, consultant=page.consultant)


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
