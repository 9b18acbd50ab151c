"""The sample RFPs' content model: questions and notes, their kinds and validations.

The wording lives in ``sample_questions.yaml`` (written for this project) so it can be
reviewed as data; ``build_samples.py`` lays the workbooks out from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml


def excel_serial(day: dt.date) -> int:
    """Days since Excel's 1899-12-30 epoch (the serial a date validation stores)."""
    return (day - dt.date(1899, 12, 30)).days


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


CONTENT_FILE = Path(__file__).resolve().parent / "sample_questions.yaml"


def _items(raw: list[dict]) -> list[Item]:
    items: list[Item] = []
    for item in raw:
        if "note" in item:
            items.append(Note(item["note"]))
            continue
        limit = item.get("limit")
        items.append(
            Question(
                text=item["text"],
                kind=item["kind"],
                validation=item.get("validation"),
                limit=(limit["unit"], limit["value"]) if limit else None,
                library_gap=item.get("library_gap", False),
            )
        )
    return items


def load_sections(workbook: str) -> list[tuple[str, list[Item]]]:
    """The sections of one sample workbook, in order, from sample_questions.yaml."""
    data = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
    return [(section["section"], _items(section["items"])) for section in data[workbook]]


SECTIONS = load_sections("harbor_point_medical_rfp.xlsx")
SMALL_SECTIONS = load_sections("small_rfp_no_header.xlsx")
