"""Reading an employee-level census (one row per employee) from a sheet's rows of values.

Columns are found by their header words, as the questionnaire parser finds its columns:
plan (or current carrier), coverage tier, date of birth, sex, ZIP code and, optionally,
the number of covered dependants. Header names vary ("Medical Plan", "Cov Tier",
"DOB", "Gender", "Zip Code", "# Dependents"); the first header that matches a role
takes it. Pure functions over plain values: the file adapters build the rows.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from rfp_assistant.census.model import (
    EMPLOYEES,
    FEMALE,
    MALE,
    UNKNOWN_SEX,
    Census,
    Employee,
    plan_name,
    tier_key,
)
from rfp_assistant.errors import InputError

# Column roles, tried in this order for each header cell.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ignore", re.compile(r"\bname\b|\bssn\b|employee\s*(?:id|#|number)|^id$|relationship", re.I)),
    ("dependants", re.compile(r"dependa?e?nts?|\bdeps?\b|covered (?:family )?members", re.I)),
    ("tier", re.compile(r"tier|coverage\s*(?:level|type|class|code)?$|family status|\bcov\b", re.I)),
    ("plan", re.compile(r"\bplan\b|carrier|product|option|network|election", re.I)),
    ("birth_date", re.compile(r"birth|\bdob\b|d\.o\.b", re.I)),
    ("sex", re.compile(r"^\s*(?:sex|gender|m\s*/\s*f)\s*$", re.I)),
    ("zip_code", re.compile(r"\bzip|postal|post\s*code", re.I)),
)
REQUIRED_ROLES = ("plan", "tier", "birth_date", "sex")
HEADER_SEARCH_ROWS = 20  # the header row is within the first rows of the sheet
MAX_REPORTED = 3  # problems named in the error message; the rest are counted
_AS_OF = re.compile(
    r"\b(?:as of|dated|effective)\s+([A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
)
_SEX = {"f": FEMALE, "female": FEMALE, "w": FEMALE, "woman": FEMALE, "m": MALE, "male": MALE, "man": MALE}


def find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and each role's column, or ``None`` when no row names the
    required roles (plan, tier, date of birth, sex)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            for role, pattern in ROLES:
                if pattern.search(value):
                    if role != "ignore":
                        columns.setdefault(role, col)
                    break
        if all(role in columns for role in REQUIRED_ROLES):
            return index, columns
    return None


def read_employees(path: Path, sheet: str | None, rows: list[list[object]]) -> Census | None:
    """The employee-level census in ``rows``; ``None`` when the rows have no census header.

    Raises :class:`InputError` naming the file, sheet and rows when rows cannot be read
    (a tier, sex or date of birth that is not one).
    """
    found = find_header(rows)
    if found is None:
        return None
    header, columns = found
    employees: list[Employee] = []
    problems: list[tuple[int, str]] = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not any(v not in (None, "") for v in row):
            break  # the table ends at the first blank row
        employee = _employee(row, columns, problems, index + 1)
        if employee is not None:
            employees.append(employee)
    if problems:
        shown = "; ".join(f"row {line}: {message}" for line, message in problems[:MAX_REPORTED])
        more = len(problems) - MAX_REPORTED
        raise InputError(
            f"census{f' sheet {sheet!r}' if sheet else ''}: {shown}"
            + (f" (and {more} more)" if more > 0 else ""),
            path=path,
            sheet=sheet,
            row=problems[0][0],
        )
    if not employees:
        raise InputError(
            f"census{f' sheet {sheet!r}' if sheet else ''} lists no employees", path=path, sheet=sheet
        )
    return _census(path, sheet, employees, census_date(rows[:header]))


def _employee(
    row: list[object], columns: dict[str, int], problems: list[tuple[int, str]], line: int
) -> Employee | None:
    def cell(role: str) -> object:
        col = columns.get(role)
        return row[col] if col is not None and col < len(row) else None

    plan = str(cell("plan") or "").strip()
    tier = tier_key(str(cell("tier") or ""))
    born = _day(cell("birth_date"))
    sex = _SEX.get(str(cell("sex") or "").strip().lower(), UNKNOWN_SEX if cell("sex") in (None, "") else None)
    dependants = _count(cell("dependants")) if "dependants" in columns else None
    if not plan:
        problems.append((line, "no plan"))
    if tier is None:
        problems.append((line, f"coverage tier {cell('tier')!r} is not one this tool knows"))
    if born is None:
        problems.append((line, f"date of birth {cell('birth_date')!r} is not a date"))
    if sex is None:
        problems.append((line, f"sex {cell('sex')!r} is not F or M"))
    if "dependants" in columns and dependants is None:
        problems.append((line, f"dependants {cell('dependants')!r} is not a whole number"))
    if (
        not plan
        or tier is None
        or born is None
        or sex is None
        or ("dependants" in columns and dependants is None)
    ):
        return None
    zip_code = _zip(cell("zip_code"))
    return Employee(plan=plan, tier=tier, birth_date=born, sex=sex, zip_code=zip_code, dependants=dependants)


def _census(path: Path, sheet: str | None, employees: list[Employee], as_of: date | None) -> Census:
    plans = list(dict.fromkeys(plan_name(e.plan) for e in employees))
    tiers = _tier_order(e.tier for e in employees)
    contracts = {p: {t: 0 for t in tiers} for p in plans}
    members = {p: {t: 0 for t in tiers} for p in plans}
    counted = all(e.members is not None for e in employees)
    normalised = []
    for e in employees:
        plan = plan_name(e.plan)
        contracts[plan][e.tier] += 1
        members[plan][e.tier] += e.members or 1
        normalised.append(Employee(plan, e.tier, e.birth_date, e.sex, e.zip_code, e.dependants))
    return Census(
        source=path,
        kind=EMPLOYEES,
        tiers=tiers,
        contracts=contracts,
        sheet=sheet,
        as_of=as_of,
        members=members if counted else None,
        employees=tuple(normalised),
    )


_TIER_ORDER = ("employee", "employee_plus_one", "employee_spouse", "employee_children", "family")


def _tier_order(tiers: object) -> tuple[str, ...]:
    seen = Counter(tiers)  # type: ignore[arg-type]
    return tuple(t for t in _TIER_ORDER if t in seen)


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    return None


def _count(value: object) -> int | None:
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _zip(value: object) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return f"{int(value):05d}"  # a spreadsheet drops the leading zero of 02110
    return str(value).strip()[:5]


def census_date(rows: list[list[object]]) -> date | None:
    """The census date a title or note row states ("... as of February 1, 2027"), or ``None``."""
    for row in rows:
        for value in row:
            if isinstance(value, str):
                match = _AS_OF.search(value)
                if match:
                    return _day(match.group(1).replace(".", ""))
    return None
