"""Build the sample employee-level census that comes with the Harbor Point RFP.

Run with the project virtualenv::

    /work/main/.venv/bin/python samples/build_census.py

Writes ``samples/harbor_point_census.xlsx``: not a questionnaire but the census file a
consultant sends with one, one row per enrolled employee (generated, fictional people),
with the column names and tier codes an HRIS export uses ("Medical Plan", "Cov Tier",
"EE+SP"). Its contracts by plan and tier are exactly the RFP's Census Summary tab (both
come from ``sample_sheets.ENROLLMENT``); a Summary sheet states those counts. Covered
dependants are drawn so members per contract come out near the account profile's
ratios. Deterministic: a fixed random seed and fixed document dates, so repeated runs
give byte-identical files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from build_samples import save_deterministic, set_properties  # noqa: E402 - run as a script from samples/
from openpyxl import Workbook
from openpyxl.styles import Alignment
from sample_sheets import (  # noqa: E402
    BORDER,
    COUNT,
    EMPLOYER,
    ENROLLMENT,
    HEADER_FILL,
    HEADER_FONT,
    NORMAL,
    SUBTITLE_FONT,
    TIERS,
    TITLE_FONT,
    setup_page,
)

SAMPLES_DIR = Path(__file__).resolve().parent
CENSUS_FILE = "harbor_point_census.xlsx"
CENSUS_DATE = date(2027, 2, 1)
SEED = 20270201
TIER_CODES = ("EE", "EE+SP", "EE+CH", "FAM")  # the HRIS's codes for TIERS, in order
MALE_SHARE = 0.62  # a manufacturing workforce
# (lowest age, highest age, most likely age) of the employee, by tier
AGE_RANGE = {"EE": (20, 66, 34), "EE+SP": (27, 66, 54), "EE+CH": (24, 58, 38), "FAM": (27, 62, 43)}
# covered children, with their chances: means 1.7 (EE+CH) and 1.8 (FAM)
CHILDREN = {"EE+CH": ((1, 2, 3, 4), (50, 33, 14, 3)), "FAM": ((1, 2, 3, 4), (45, 35, 15, 5))}
ZIP_CODES = (  # home ZIP codes near the three sites, with their shares
    (("02720", "02721", "02723", "02724", "02725", "02790"), 60),
    (("01602", "01603", "01604", "01605", "01606", "01527"), 28),
    (("02740", "02744", "02745", "02746"), 10),
    (("02861", "02864"), 2),
)
HEADER = ("Employee ID", "Medical Plan", "Cov Tier", "Date of Birth", "Sex", "Home ZIP", "Covered Dependents")
WIDTHS = (13, 14, 10, 14, 6, 11, 19)


def employees(rng: random.Random) -> list[tuple[str, str, date, str, str, int]]:
    """One (plan, tier code, date of birth, sex, ZIP, dependants) per enrolled employee."""
    rows = []
    zip_groups = [codes for codes, _ in ZIP_CODES]
    zip_weights = [weight for _, weight in ZIP_CODES]
    for plan, counts in ENROLLMENT.items():
        for code, count in zip(TIER_CODES, counts, strict=True):
            low, high, mode = AGE_RANGE[code]
            for _ in range(count):
                age = int(rng.triangular(low, high, mode))
                born = CENSUS_DATE - timedelta(days=age * 365 + rng.randrange(365))
                sex = "M" if rng.random() < MALE_SHARE else "F"
                zip_code = rng.choice(rng.choices(zip_groups, zip_weights)[0])
                children = rng.choices(*CHILDREN[code])[0] if code in CHILDREN else 0
                dependants = children + (1 if code in ("EE+SP", "FAM") else 0)
                rows.append((plan, code, born, sex, zip_code, dependants))
    rng.shuffle(rows)
    return rows


def build() -> Path:
    rng = random.Random(SEED)
    wb = Workbook()
    ws = wb.active
    ws.title = "Employee Census"
    ws["A1"] = f"{EMPLOYER} - Employee Census, Medical Enrollment"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        f"Enrolled employees as of {CENSUS_DATE:%B} {CENSUS_DATE.day}, {CENSUS_DATE.year}, from the HRIS. "
        "Cov Tier: EE employee only, EE+SP with spouse, EE+CH with child(ren), FAM family."
    )
    ws["A2"].font = SUBTITLE_FONT
    for col, (label, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = ws.cell(4, col, label)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    for number, (plan, code, born, sex, zip_code, dependants) in enumerate(employees(rng), start=1):
        row = 4 + number
        values = (f"HP{10000 + number}", plan, code, born, sex, zip_code, dependants)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            cell.font = NORMAL
        ws.cell(row, 4).number_format = "mm/dd/yyyy"
    ws.freeze_panes = "A5"
    setup_page(ws, title_rows="4:4", landscape=False)

    summary = wb.create_sheet("Summary")
    summary["A1"] = "Census Summary - Enrolled Employees by Plan and Coverage Tier"
    summary["A1"].font = TITLE_FONT
    summary["A2"] = "Counts of the Employee Census sheet."
    summary["A2"].font = SUBTITLE_FONT
    for col, label in enumerate(["Plan", *TIERS, "Total"], start=1):
        cell = summary.cell(4, col, label)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        summary.column_dimensions[cell.column_letter].width = 20
    for row, (plan, counts) in enumerate(ENROLLMENT.items(), start=5):
        summary.cell(row, 1, plan).border = BORDER
        for col, count in enumerate([*counts, sum(counts)], start=2):
            cell = summary.cell(row, col, count)
            cell.number_format, cell.border = COUNT, BORDER
    setup_page(summary)
    set_properties(wb, f"{EMPLOYER} - Employee Census")
    path = SAMPLES_DIR / CENSUS_FILE
    save_deterministic(wb, path)
    return path


if __name__ == "__main__":
    print(f"wrote {build()}")
