"""The census an RFP gives: contracts by plan and coverage tier, and who the employees are.

A :class:`Census` comes from a census summary tab of the RFP workbook (plan x tier
counts) or from an employee-level census file (one :class:`Employee` per row). Tier
labels vary by issuer ("Employee Only", "EE+SP", "Family"); :func:`tier_key` maps them
to the profile's tier keys (``employee``, ``employee_spouse``, ``employee_children``,
``family``, ``employee_plus_one``). Demographic facts (average age, sex mix, members by
ZIP) are computed at a given date (the effective date) by :func:`demographics`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SUMMARY = "summary"  # plan x tier counts (a census summary tab)
EMPLOYEES = "employees"  # one row per employee
FEMALE, MALE, UNKNOWN_SEX = "F", "M", "U"

# Tried in order: the first pattern that matches a label names its tier.
_TIER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "family",
        re.compile(r"\bfam(?:ily)?\b|\bff\b|employee\s*\+\s*(?:spouse\s*\+\s*)?(?:family|dependents)", re.I),
    ),
    ("employee_spouse", re.compile(r"spouse|partner|\bes\b|\bee\s*\+\s*sp\b|\besp\b", re.I)),
    ("employee_children", re.compile(r"child|\bec\b|\bee\s*\+\s*ch\b|\bech\b|kids", re.I)),
    ("employee_plus_one", re.compile(r"(?:employee|\bee)\s*(?:\+|plus)\s*(?:one|1)\b", re.I)),
    (
        "employee",
        re.compile(
            r"^\s*(?:employee|ee|emp|subscriber)(?:\s*only)?\s*$|single|individual|employee only|\bee only\b",
            re.I,
        ),
    ),
)
_PLAN_NOTE = re.compile(r"\s*[\(\[].*?[\)\]]\s*")  # "HMO (fully insured)" -> "HMO"
DAYS_PER_YEAR = 365.25


def tier_key(label: str) -> str | None:
    """The tier key a label or key names (``"EE + Spouse"`` -> ``employee_spouse``), or ``None``."""
    text = label.replace("_", " ").strip()
    for key, pattern in _TIER_PATTERNS:
        if pattern.search(text):
            return key
    return None


def plan_name(label: str, known: Iterable[str] = ()) -> str:
    """The plan a label names: one of ``known`` when exactly one appears in it as a word,
    otherwise the label without a parenthetical note (``"HMO (fully insured)"`` -> ``"HMO"``)."""
    hits = [p for p in known if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", label, re.I)]
    if len(hits) == 1:
        return hits[0]
    return _PLAN_NOTE.sub(" ", label).strip() or label.strip()


@dataclass(frozen=True)
class Employee:
    """One employee of an employee-level census; ``dependants`` is ``None`` when not listed."""

    plan: str
    tier: str
    birth_date: date
    sex: str
    zip_code: str | None
    dependants: int | None = None

    @property
    def members(self) -> int | None:
        """The employee and their covered dependants, when the census lists dependants."""
        return None if self.dependants is None else 1 + self.dependants

    def age(self, on: date) -> int:
        """Age in whole years on ``on``."""
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - before_birthday


@dataclass(frozen=True)
class Census:
    """Enrolled contracts by plan and tier, where they came from, and (employee-level) who.

    ``contracts`` maps plan -> tier -> contracts, tiers in ``tiers`` order. ``members``
    holds counted members by plan and tier when the file lists dependants. ``current_rates``
    holds the issuer's current monthly rates by plan and tier when the file gives them.
    """

    source: Path
    kind: str
    tiers: tuple[str, ...]
    contracts: dict[str, dict[str, int]]
    sheet: str | None = None
    as_of: date | None = None
    members: dict[str, dict[str, int]] | None = None
    current_rates: dict[str, dict[str, float]] | None = None
    employees: tuple[Employee, ...] = field(default=(), repr=False)

    @property
    def plans(self) -> tuple[str, ...]:
        """The plans, in the file's order."""
        return tuple(self.contracts)

    @property
    def total_contracts(self) -> int:
        """Contracts over all plans and tiers."""
        return sum(sum(tiers.values()) for tiers in self.contracts.values())

    def where(self) -> str:
        """The file (and sheet) the census was read from."""
        return f"the '{self.sheet}' sheet of {self.source.name}" if self.sheet else self.source.name

    def describe(self) -> str:
        """Where the census came from and its date, for notes and messages."""
        return self.where() + (
            f", as of {self.as_of:%B} {self.as_of.day}, {self.as_of.year}" if self.as_of else ""
        )


@dataclass(frozen=True)
class Demographics:
    """Demographic facts of an employee-level census, at ``on`` (the effective date)."""

    on: date
    employees: int
    average_age: float
    female: int
    male: int
    unknown_sex: int
    members_by_zip: dict[str, int]

    @property
    def female_share(self) -> float:
        """Share of employees who are female."""
        return self.female / self.employees


def demographics(employees: Iterable[Employee], on: date) -> Demographics:
    """Average age (on ``on``), sex mix and members by ZIP of ``employees``.

    A ZIP's members count each employee once plus their dependants when listed.
    """
    people = list(employees)
    sexes = Counter(e.sex for e in people)
    by_zip: Counter[str] = Counter()
    for e in people:
        by_zip[e.zip_code or "unknown"] += e.members or 1
    return Demographics(
        on=on,
        employees=len(people),
        average_age=sum(e.age(on) for e in people) / len(people),
        female=sexes[FEMALE],
        male=sexes[MALE],
        unknown_sex=sexes[UNKNOWN_SEX],
        members_by_zip=dict(sorted(by_zip.items())),
    )
