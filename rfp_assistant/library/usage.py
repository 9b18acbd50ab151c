"""The usage log: which entry answered which RFP, kept beside the library as JSON lines.

Each ``fill`` appends one line per answered question to ``usage.jsonl`` in the library
folder::

    {"date": "2026-12-01", "rfp_file": "harbor_point_medical_rfp.xlsx", "rfp_sha256": "9f2c...",
     "question": "q0012", "entry_id": "accreditation-ncqa-status", "decision": "auto"}

One record a line, keys in a fixed order, so the log diffs and merges well in git (a
``usage.jsonl merge=union`` line in ``.gitattributes`` keeps both sides of a merge).
The file is not YAML, so the library's content hash ignores it, and
:func:`~rfp_assistant.library.load.library_version` asks git about the YAML files only:
logging never makes the library "changed" or ``+dirty``. A read-only library folder gets
a one-line note and no log; the library itself is never touched.

The fill front door calls :func:`record_fill` (``--no-usage-log`` skips it).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rfp_assistant.atomic import atomic_save
from rfp_assistant.errors import LibraryError, OutputError, Problem
from rfp_assistant.models import Response

USAGE_LOG_NAME = "usage.jsonl"
# The decisions that mean an entry's text went into an RFP (a person's "accepted" too).
ANSWERED_DECISIONS = ("auto", "accepted")
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class UsageRecord:
    """One entry used for one question of one RFP: ``decision`` is what fill decided
    (``auto`` written, ``review`` suggested) or what a person did later."""

    date: str
    rfp_file: str
    rfp_sha256: str
    question: str
    entry_id: str
    decision: str

    @property
    def answered(self) -> bool:
        """True when the entry's answer went into the RFP."""
        return self.decision in ANSWERED_DECISIONS

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def usage_log_path(library_dir: str | Path) -> Path:
    """Where the usage log of the library at ``library_dir`` is kept."""
    return Path(library_dir) / USAGE_LOG_NAME


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(_HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def usage_records(response: Response, source: str | Path, *, day: date | None = None) -> list[UsageRecord]:
    """One record per question the response answered or suggested an entry for, in order."""
    source = Path(source)
    sha = file_sha256(source)
    stamp = (day or date.today()).isoformat()
    return [
        UsageRecord(stamp, source.name, sha, result.question.id, result.best.entry_id, result.decision)
        for result in response.results
        if result.best is not None and result.decision != "none"
    ]


def append_usage(library_dir: str | Path, records: Iterable[UsageRecord]) -> str | None:
    """Append ``records`` to the library's usage log; return None, or a one-line note why not.

    The log is rewritten atomically (old lines, then the new ones), so an interrupted run
    leaves the previous log whole. A library folder (or log) that cannot be written is
    not an error: the note says so and nothing is logged.
    """
    records = list(records)
    if not records:
        return None
    folder = Path(library_dir)
    path = usage_log_path(folder)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"{path}: not writable, so this run's usage was not logged"
    try:
        before = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        return f"{path}: cannot read the usage log ({exc.strerror or exc}), so this run's usage was not logged"
    if before and not before.endswith(b"\n"):
        before += b"\n"
    added = "".join(record.to_json() + "\n" for record in records).encode("utf-8")
    try:
        atomic_save(path, lambda temp: Path(temp).write_bytes(before + added))
    except OutputError as exc:
        return f"{exc}; this run's usage was not logged"
    return None


def record_fill(
    library_dir: str | Path, source: str | Path, response: Response, *, day: date | None = None
) -> str | None:
    """Log what one fill used: the call the fill front door makes after writing its outputs.

    Returns None, or the one-line note to show on stderr when the log could not be written.
    """
    return append_usage(library_dir, usage_records(response, source, day=day))


def read_usage(library_dir: str | Path) -> list[UsageRecord]:
    """Every record of the library's usage log, in order ([] when there is no log).

    Raises :class:`LibraryError` naming the line of a line that is not a usage record
    (a hand edit, or a merge conflict left in the file).
    """
    path = usage_log_path(library_dir)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError([Problem(str(path), 0, "error", f"cannot read the usage log: {exc}")], path=path) from None
    records = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = _record(line)
        if record is None:
            problems.append(Problem(str(path), number, "error", "not a usage record (one JSON object a line)"))
        else:
            records.append(record)
    if problems:
        raise LibraryError(problems, path=path)
    return records


def _record(line: str) -> UsageRecord | None:
    try:
        data: Any = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return UsageRecord(**{key: str(data[key]) for key in UsageRecord.__dataclass_fields__})
    except KeyError:
        return None
