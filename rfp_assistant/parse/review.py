"""Reading a review workbook back: the person's decisions, the candidates and the Meta records.

The small openpyxl adapter behind ``fill --review`` and ``library learn``. Columns are
found by their titles (:mod:`rfp_assistant.decisions`), so a person may hide, widen or
reorder columns, sort or filter rows; the Review sheet is the first sheet whose name
starts with "Review". Cells are read as stored, never as cached results: an Override
typed as ``=A1`` is the text ``=A1``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from rfp_assistant.decisions import (
    CANDIDATES_SHEET,
    COL_ACTION,
    COL_DECISION,
    COL_ENTRY,
    COL_ID,
    COL_MATCHED,
    COL_NUMBER,
    COL_OVERRIDE,
    COL_QUESTION,
    COL_RANK,
    COL_REASON,
    COL_SCORE,
    META_SHEET,
    REVIEW_SHEET,
    PersonDecision,
    ReportMeta,
    ReviewedQuestion,
    ReviewedWorkbook,
    parse_action,
)
from rfp_assistant.errors import InputError
from rfp_assistant.models import DECISIONS, Match
from rfp_assistant.parse.guard import detect_format

REQUIRED_COLUMNS = (COL_ID, COL_QUESTION, COL_DECISION, COL_ENTRY, COL_ACTION, COL_OVERRIDE)
NOT_A_REVIEW = "not a review workbook written by 'rfp-assistant fill'"


def read_review(path: str | Path) -> ReviewedWorkbook:
    """Read a review workbook; raises :class:`InputError` naming the file and the first problem.

    Every row's Action is checked (a known action, a candidate that exists), and all the
    problems are counted in the one-line message, so a person fixes them in one pass.
    """
    path = Path(path)
    if detect_format(path) != "xlsx":
        raise InputError(f"{NOT_A_REVIEW} (expected an .xlsx file)", path=path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds on a broken package
            raise InputError(f"cannot read the review workbook: {exc}", path=path) from None
    try:
        review = next((name for name in workbook.sheetnames if name.startswith(REVIEW_SHEET)), None)
        if review is None or META_SHEET not in workbook.sheetnames:
            missing = REVIEW_SHEET if review is None else META_SHEET
            raise InputError(f"{NOT_A_REVIEW}: it has no {missing} sheet", path=path)
        meta = _meta(path, _rows(workbook[META_SHEET]))
        candidates = (
            _candidates(path, _rows(workbook[CANDIDATES_SHEET]))
            if CANDIDATES_SHEET in workbook.sheetnames
            else {}
        )
        questions = _questions(path, review, _rows(workbook[review]), candidates)
    finally:
        workbook.close()
    return ReviewedWorkbook(path=str(path), meta=meta, questions=questions)


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _meta(path: Path, rows: list[tuple[Any, ...]]) -> ReportMeta:
    values = {str(r[0]).strip(): _text(r[1]) for r in rows if len(r) > 1 and r[0] is not None}
    try:
        return ReportMeta.from_rows(values)
    except ValueError as exc:
        raise InputError(f"{NOT_A_REVIEW}: {exc}", path=path) from None


def _columns(path: Path, sheet: str, header: tuple[Any, ...], required: tuple[str, ...]) -> dict[str, int]:
    columns = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
    missing = [title for title in required if title not in columns]
    if missing:
        raise InputError(f"the {sheet} sheet has no {', '.join(repr(m) for m in missing)} column", path=path)
    return columns


def _candidates(path: Path, rows: list[tuple[Any, ...]]) -> dict[str, tuple[Match, ...]]:
    if not rows:
        return {}
    columns = _columns(path, CANDIDATES_SHEET, rows[0], (COL_ID, COL_RANK, COL_ENTRY, COL_SCORE))
    found: dict[str, list[tuple[int, Match]]] = defaultdict(list)
    for row in rows[1:]:
        cell = _getter(row, columns)
        qid, entry = _text(cell(COL_ID)), _text(cell(COL_ENTRY))
        if not qid or not entry:
            continue
        score = cell(COL_SCORE)
        match = Match(
            entry, float(score) if isinstance(score, int | float) else 0.0, _text(cell(COL_MATCHED))
        )
        rank = cell(COL_RANK)
        found[qid].append((int(rank) if isinstance(rank, int | float) else len(found[qid]) + 1, match))
    return {qid: tuple(m for _, m in sorted(items, key=lambda x: x[0])) for qid, items in found.items()}


def _questions(
    path: Path, sheet: str, rows: list[tuple[Any, ...]], candidates: dict[str, tuple[Match, ...]]
) -> tuple[ReviewedQuestion, ...]:
    if not rows:
        raise InputError(f"the {sheet} sheet is empty", path=path)
    columns = _columns(path, sheet, rows[0], REQUIRED_COLUMNS)
    action_letter = get_column_letter(columns[COL_ACTION] + 1)
    problems: list[str] = []
    questions = []
    for number, row in enumerate(rows[1:], start=2):
        cell = _getter(row, columns)
        qid = _text(cell(COL_ID))
        if not qid:
            continue
        decision = _text(cell(COL_DECISION))
        if decision not in DECISIONS:
            problems.append(
                f"'{sheet}'!{get_column_letter(columns[COL_DECISION] + 1)}{number}: "
                f"unknown decision {decision!r}"
            )
            continue
        try:
            action = parse_action(cell(COL_ACTION))
        except ValueError as exc:
            problems.append(f"'{sheet}'!{action_letter}{number}: {exc}")
            continue
        ranked = candidates.get(qid, ())
        if action is not None and action.kind == "candidate" and (action.rank or 0) > len(ranked):
            problems.append(
                f"'{sheet}'!{action_letter}{number}: {qid} has no candidate {action.rank} "
                f"(it has {len(ranked)}; see the {CANDIDATES_SHEET} sheet)"
            )
            continue
        override = _override(cell(COL_OVERRIDE))
        questions.append(
            ReviewedQuestion(
                question_id=qid,
                number=_text(cell(COL_NUMBER)) or None,
                text=_text(cell(COL_QUESTION)),
                decision=decision,  # type: ignore[arg-type]
                entry_id=_text(cell(COL_ENTRY)) or None,
                reason=_text(cell(COL_REASON)) or None,
                person=PersonDecision(action=action, override=override),
                candidates=ranked,
                row=number,
            )
        )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(problems[0] + more, path=path)
    if not questions:
        raise InputError(f"the {sheet} sheet lists no questions", path=path)
    questions.sort(key=lambda q: q.question_id)  # a person may have sorted the rows
    return tuple(questions)


def _getter(row: tuple[Any, ...], columns: dict[str, int]):  # noqa: ANN202 - a tiny closure
    def cell(title: str) -> Any:
        index = columns.get(title)
        return row[index] if index is not None and index < len(row) else None

    return cell


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _override(value: Any) -> str | None:
    """A person's own text as typed: kept whole (no trimming) unless it is only blanks."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)
