"""Library stats: what the library holds, how fresh it is, and which answers RFPs use.

:func:`library_stats` counts entries by topic file, tag, owner and status; lists the
approved entries overdue or due soon for review and counts those reviewed recently; and,
from the usage log (:mod:`~rfp_assistant.library.usage`), the most used answers (by the
number of distinct RFPs they answered) and the approved answers never used.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rfp_assistant.library.freshness import freshness
from rfp_assistant.library.lint_settings import lint_settings
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.usage import read_usage

DEFAULT_RECENT_DAYS = 90
DEFAULT_TOP = 10
NEVER_USED_SHOWN = 20  # in the terminal report; --json lists them all


@dataclass(frozen=True)
class EntryUse:
    """How often one entry was used: distinct RFPs it answered, and times it was only suggested."""

    entry_id: str
    rfps: int
    suggested: int = 0


@dataclass(frozen=True)
class LibraryStats:
    """Counts and lists about one library (see :func:`library_stats`)."""

    library: str
    version: str
    as_of: date
    entries: int
    by_file: dict[str, int]
    by_tag: dict[str, int]
    by_owner: dict[str, int]
    by_status: dict[str, int]
    overdue: tuple[str, ...]
    due_soon: tuple[str, ...]
    reviewed_recently: int
    recent_days: int
    usage_records: int
    rfps: int
    most_used: tuple[EntryUse, ...] = ()
    never_used: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The ``library stats --json`` document."""
        return {
            "library": self.library,
            "version": self.version,
            "as_of": self.as_of.isoformat(),
            "entries": self.entries,
            "by_file": self.by_file,
            "by_tag": self.by_tag,
            "by_owner": self.by_owner,
            "by_status": self.by_status,
            "freshness": {
                "overdue": list(self.overdue),
                "due_soon": list(self.due_soon),
                "reviewed_recently": self.reviewed_recently,
                "recent_days": self.recent_days,
            },
            "usage": {
                "records": self.usage_records,
                "rfps": self.rfps,
                "most_used": [
                    {"entry_id": u.entry_id, "rfps": u.rfps, "suggested": u.suggested} for u in self.most_used
                ],
                "never_used": list(self.never_used),
            },
        }


def library_stats(
    path: str | Path | AnswerLibrary,
    *,
    as_of: date | None = None,
    due_within_days: int | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
    top: int = DEFAULT_TOP,
) -> LibraryStats:
    """Stats of the library at ``path`` as of ``as_of`` (default today).

    ``due_within_days`` (default: settings.yaml's ``lint.due_within_days``, else 30) is how
    soon a review counts as due soon, as in ``library lint``.

    Raises :class:`~rfp_assistant.errors.LibraryError` for an invalid library or usage log.
    """
    library = path if isinstance(path, AnswerLibrary) else AnswerLibrary.load(path)
    as_of = as_of or date.today()
    if due_within_days is None:
        due_within_days = lint_settings(library.settings).due_within_days
    entries = library.entries
    states = {e.id: freshness(e, as_of, due_within_days) for e in entries}
    recent_from = as_of - timedelta(days=recent_days)
    records = read_usage(library.path)
    answered: dict[str, set[str]] = {}
    suggested: Counter[str] = Counter()
    for record in records:
        if record.answered:
            answered.setdefault(record.entry_id, set()).add(record.rfp_sha256)
        else:
            suggested[record.entry_id] += 1
    used = sorted(
        (EntryUse(entry_id, len(rfps), suggested[entry_id]) for entry_id, rfps in answered.items()),
        key=lambda u: (-u.rfps, u.entry_id),
    )
    return LibraryStats(
        library=str(library.path),
        version=library.version,
        as_of=as_of,
        entries=len(entries),
        by_file=_counts(Path(e.source).name for e in entries),
        by_tag=_counts(tag for e in entries for tag in e.tags),
        by_owner=_counts(e.owner or "(none)" for e in entries),
        by_status=_counts(e.status for e in entries),
        overdue=tuple(e.id for e in entries if states[e.id] == "overdue"),
        due_soon=tuple(e.id for e in entries if states[e.id] == "due_soon"),
        reviewed_recently=sum(
            1 for e in entries if e.last_reviewed is not None and recent_from <= e.last_reviewed <= as_of
        ),
        recent_days=recent_days,
        usage_records=len(records),
        rfps=len({r.rfp_sha256 for r in records}),
        most_used=tuple(used[:top]),
        never_used=tuple(e.id for e in entries if e.status == "approved" and e.id not in answered),
    )


def _counts(values: Any) -> dict[str, int]:
    """Counts, most frequent first, then by name."""
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def format_stats(stats: LibraryStats, *, top_tags: int = DEFAULT_TOP) -> str:
    """A plain-text report of the stats for a terminal."""
    lines = [f"Library {stats.library} ({stats.version}), as of {stats.as_of.isoformat()}: {stats.entries} entries", ""]
    lines += _table("Topic file", stats.by_file)
    lines += _table("Status", stats.by_status)
    lines += _table("Owner", stats.by_owner)
    tags = dict(list(stats.by_tag.items())[:top_tags])
    more = len(stats.by_tag) - len(tags)
    lines += _table(f"Tag (top {len(tags)} of {len(stats.by_tag)})" if more > 0 else "Tag", tags)
    lines += [
        "Freshness",
        f"  overdue for review       {len(stats.overdue):>5}  {', '.join(stats.overdue)}".rstrip(),
        f"  due soon                 {len(stats.due_soon):>5}  {', '.join(stats.due_soon)}".rstrip(),
        f"  reviewed in last {stats.recent_days} days {stats.reviewed_recently:>5}",
        "",
    ]
    if not stats.usage_records:
        lines.append("Usage: no usage log (usage.jsonl) beside the library yet")
        return "\n".join(lines)
    lines.append(f"Usage: {stats.usage_records} records from {stats.rfps} RFPs")
    lines += _table("Most used (RFPs answered)", {u.entry_id: u.rfps for u in stats.most_used})
    shown = stats.never_used[:NEVER_USED_SHOWN]
    lines.append(f"Approved answers never used: {len(stats.never_used)}")
    lines += [f"  {entry_id}" for entry_id in shown]
    if len(stats.never_used) > len(shown):
        lines.append(f"  ... and {len(stats.never_used) - len(shown)} more (all of them with --json)")
    return "\n".join(lines)


def _table(title: str, counts: dict[str, int]) -> list[str]:
    width = max([len(title) - 2, *(len(k) for k in counts)], default=0)
    return [title, *(f"  {name:<{width}}  {count:>5}" for name, count in counts.items()), ""]
