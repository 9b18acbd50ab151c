"""Library lint: everything loading checks, plus freshness (review cycles) and ownership."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rfp_assistant.errors import LibraryError, Problem
from rfp_assistant.library.load import AnswerLibrary

DEFAULT_EXPIRY_WARNING_DAYS = 30


def lint_library(
    path: str | Path, *, as_of: date | None = None, warn_within_days: int = DEFAULT_EXPIRY_WARNING_DAYS
) -> list[Problem]:
    """Every problem in the library at ``path``, sorted by file and line.

    Errors: invalid files or entries, and approved entries past their review date
    (``last_reviewed + review_every_days`` before ``as_of``, default today). Warnings:
    entries due for review within ``warn_within_days``, drafts without an owner,
    unknown fields.
    """
    as_of = as_of or date.today()
    try:
        library = AnswerLibrary.load(path)
    except LibraryError as exc:
        return sorted(exc.problems, key=lambda p: (p.path, p.line))
    problems = list(library.warnings)
    for entry in library.entries:
        if entry.status == "approved" and entry.last_reviewed is not None:
            due = entry.last_reviewed + timedelta(days=entry.review_every_days)
            if due < as_of:
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        "error",
                        f"entry {entry.id!r} is past its review date {due.isoformat()} "
                        f"(last reviewed {entry.last_reviewed.isoformat()}, owner "
                        f"{entry.owner or 'unknown'})",
                        entry.id,
                    )
                )
            elif due <= as_of + timedelta(days=warn_within_days):
                problems.append(
                    Problem(
                        entry.source,
                        entry.line,
                        "warning",
                        f"entry {entry.id!r} is due for review on {due.isoformat()} "
                        f"(owner {entry.owner or 'unknown'})",
                        entry.id,
                    )
                )
        if entry.status == "draft" and not entry.owner:
            problems.append(
                Problem(
                    entry.source, entry.line, "warning", f"draft entry {entry.id!r} has no owner", entry.id
                )
            )
    return sorted(problems, key=lambda p: (p.path, p.line))
