"""When an entry is due for review, and whether it is overdue or due soon on a given day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from rfp_assistant.models import LibraryEntry

Freshness = Literal["overdue", "due_soon", "current"]


def review_due(entry: LibraryEntry) -> date | None:
    """``last_reviewed + review_every_days``, or None for an entry never reviewed."""
    if entry.last_reviewed is None:
        return None
    return entry.last_reviewed + timedelta(days=entry.review_every_days)


def freshness(entry: LibraryEntry, as_of: date, due_within_days: int) -> Freshness | None:
    """``overdue`` (due before ``as_of``), ``due_soon`` (within ``due_within_days``) or
    ``current``, for approved entries; None for drafts, retired and never-reviewed entries."""
    due = review_due(entry)
    if entry.status != "approved" or due is None:
        return None
    if due < as_of:
        return "overdue"
    if due <= as_of + timedelta(days=due_within_days):
        return "due_soon"
    return "current"
