"""Loading and validating an answer library folder."""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rfp_assistant.errors import LibraryError, Problem
from rfp_assistant.library.grid import read_grid
from rfp_assistant.library.templating import check_syntax
from rfp_assistant.library.yaml_lines import LinedDict, LinedList, error_line, error_reason, load_yaml
from rfp_assistant.models import FUNDING_TYPES, SHORT_ANSWER_KINDS, LibraryEntry

RESERVED_FILES = ("plan.yaml", "glossary.yaml", "settings.yaml")
STATUSES = ("draft", "approved", "retired")
KNOWN_EXHIBITS = ("membership_projection", "rate_development")
DEFAULT_REVIEW_EVERY_DAYS = 365
ENTRY_KEYS = {
    "id",
    "question",
    "alternates",
    "answer",
    "short_answer",
    "answer_brief",
    "tags",
    "products",
    "funding",
    "owner",
    "status",
    "last_reviewed",
    "review_every_days",
    "attachments",
    "exhibit",
    "grid",
}
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Glossary:
    """Acronyms (``HEDIS`` -> expansion) and synonym groups used by the lexical matcher."""

    acronyms: dict[str, str] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class AnswerLibrary:
    """A validated answer library.

    ``entries`` holds every entry (approved, draft and retired) in file order; use
    :meth:`usable` for the ones the matcher may answer with. ``version`` identifies the
    library content: ``git:<commit>`` (``+dirty`` with uncommitted edits) when the folder
    is in a git repository, else ``sha256:<hash of the files>``.
    """

    path: Path
    entries: tuple[LibraryEntry, ...]
    plan: dict[str, Any]
    glossary: Glossary
    settings: dict[str, Any]
    version: str
    warnings: tuple[Problem, ...] = ()

    @classmethod
    def load(cls, path: str | Path) -> AnswerLibrary:
        """Load and validate a library folder; raise :class:`LibraryError` listing every problem."""
        folder = Path(path)
        if not folder.exists():
            raise LibraryError([Problem(str(folder), 0, "error", "library folder not found")], path=folder)
        if not folder.is_dir():
            raise LibraryError(
                [Problem(str(folder), 0, "error", "the library must be a folder of YAML files")], path=folder
            )
        files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
        files += sorted(p for p in folder.glob("*.yml") if p.is_file())
        problems: list[Problem] = []
        entries: list[LibraryEntry] = []
        plan: dict[str, Any] = {}
        glossary = Glossary()
        settings: dict[str, Any] = {}
        for file in files:
            data = _read(file, problems)
            if data is None:
                continue
            if file.name == "plan.yaml":
                plan = _mapping(file, data, problems, "plan.yaml must be a mapping of variables")
            elif file.name == "glossary.yaml":
                glossary = _glossary(file, data, problems)
            elif file.name == "settings.yaml":
                settings = _mapping(file, data, problems, "settings.yaml must be a mapping")
                _check_settings(file, data, settings, problems)
            else:
                entries.extend(_entries(file, data, problems))
        if not any(f.name not in RESERVED_FILES for f in files):
            problems.append(
                Problem(str(folder), 0, "error", "no answer files (*.yaml) in the library folder")
            )
        _check_unique_ids(entries, problems)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise LibraryError(errors, path=folder)
        return cls(
            path=folder,
            entries=tuple(entries),
            plan=plan,
            glossary=glossary,
            settings=settings,
            version=library_version(folder, files),
            warnings=tuple(p for p in problems if p.severity != "error"),
        )

    def usable(self, *, include_drafts: bool = False) -> tuple[LibraryEntry, ...]:
        """Entries the matcher may answer with: approved ones (and drafts when ``include_drafts``).

        Retired entries never answer. Which entries suit the account's products and funding
        is decided per question by :mod:`rfp_assistant.match.applicability`.
        """
        allowed = {"approved", "draft"} if include_drafts else {"approved"}
        return tuple(entry for entry in self.entries if entry.status in allowed)


def _read(file: Path, problems: list[Problem]) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(file), 0, "error", f"cannot read file: {exc}"))
        return None
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(str(file), error_line(exc), "error", f"invalid YAML: {error_reason(exc)}"))
        return None


def _mapping(file: Path, data: Any, problems: list[Problem], message: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(file), 1, "error", message))
        return {}
    return dict(data)


def _glossary(file: Path, data: Any, problems: list[Problem]) -> Glossary:
    mapping = _mapping(file, data, problems, "glossary.yaml must be a mapping with 'acronyms' and 'synonyms'")
    acronyms = mapping.get("acronyms") or {}
    synonyms = mapping.get("synonyms") or []
    if not isinstance(acronyms, dict):
        problems.append(Problem(str(file), _line(data, "acronyms"), "error", "'acronyms' must be a mapping"))
        acronyms = {}
    if not isinstance(synonyms, list) or not all(isinstance(g, list) for g in synonyms):
        problems.append(
            Problem(str(file), _line(data, "synonyms"), "error", "'synonyms' must be a list of lists")
        )
        synonyms = []
    return Glossary(
        acronyms={str(k): str(v) for k, v in acronyms.items()},
        synonyms=tuple(tuple(str(w).lower() for w in group) for group in synonyms),
    )


def _line(data: Any, key: str | None = None) -> int:
    if isinstance(data, LinedDict):
        return data.line_of(key) if key else data.line
    return 1


def _strings(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    return None


def _entries(file: Path, data: Any, problems: list[Problem]) -> list[LibraryEntry]:
    src = str(file)
    if data is None:
        problems.append(Problem(src, 1, "warning", "file is empty"))
        return []
    if not isinstance(data, list):
        problems.append(Problem(src, _line(data), "error", "an answer file must be a list of entries"))
        return []
    entries = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            line = data.line_of_item(index) if isinstance(data, LinedList) else 1
            problems.append(
                Problem(src, line, "error", "each entry must be a mapping (id, question, answer, ...)")
            )
            continue
        entry = _entry(src, item, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(src: str, item: LinedDict, problems: list[Problem]) -> LibraryEntry | None:
    line = _line(item)
    entry_id = item.get("id")
    before = len(problems)

    def error(key: str | None, message: str) -> None:
        where = f"entry {entry_id!r}: " if isinstance(entry_id, str) else ""
        problems.append(
            Problem(
                src,
                _line(item, key) if key else line,
                "error",
                where + message,
                entry_id if isinstance(entry_id, str) else None,
            )
        )

    for key in ("id", "question", "answer", "status"):
        if key not in item or item[key] in (None, ""):
            error(None, f"missing required field '{key}'")
    if isinstance(entry_id, str) and not _ID_PATTERN.match(entry_id):
        error("id", "id must be lowercase letters, digits, '-', '_' or '.'")
    elif entry_id is not None and not isinstance(entry_id, str):
        error("id", "id must be a string")
    for key in ("question", "answer", "answer_brief", "owner", "exhibit"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            error(key, f"'{key}' must be text")
    status = item.get("status")
    if status is not None and status not in STATUSES:
        error("status", f"status must be one of {', '.join(STATUSES)} (got {status!r})")
    if status == "approved":
        for key in ("owner", "last_reviewed"):
            if not item.get(key):
                error(None, f"approved entries need '{key}'")
    last_reviewed = item.get("last_reviewed")
    if last_reviewed is not None and not isinstance(last_reviewed, date):
        error("last_reviewed", "last_reviewed must be a date (YYYY-MM-DD)")
        last_reviewed = None
    review_every = item.get("review_every_days", DEFAULT_REVIEW_EVERY_DAYS)
    if not isinstance(review_every, int) or isinstance(review_every, bool) or review_every <= 0:
        error("review_every_days", "review_every_days must be a positive whole number")
        review_every = DEFAULT_REVIEW_EVERY_DAYS
    short = item.get("short_answer")
    by_kind: tuple[tuple[str, str], ...] = ()
    if isinstance(short, dict):
        by_kind = _short_answers(short, lambda message: error("short_answer", message))
        short = dict(by_kind).get("yes_no")  # what readers of short_answer alone (lint, dupes) see
    elif isinstance(short, bool):
        short = "Yes" if short else "No"  # YAML 1.1 reads an unquoted Yes/No as a boolean
    elif short is not None and not isinstance(short, str | int | float):
        error("short_answer", "short_answer must be text, or a mapping of question kind to text")
        short = None
    lists = {}
    for key in ("alternates", "tags", "products", "funding", "attachments"):
        value = _strings(item.get(key))
        if value is None:
            error(key, f"'{key}' must be a list of text")
            value = ()
        lists[key] = value
    for kind in lists["funding"]:
        if kind not in FUNDING_TYPES:
            error("funding", f"unknown funding type {kind!r} (use {', '.join(FUNDING_TYPES)})")
    exhibit = item.get("exhibit")
    if isinstance(exhibit, str) and exhibit not in KNOWN_EXHIBITS:
        error("exhibit", f"unknown exhibit {exhibit!r} (known: {', '.join(KNOWN_EXHIBITS)})")
    for key, text in [(k, item.get(k)) for k in ("answer", "answer_brief", "short_answer")] + [
        ("short_answer", text) for _, text in by_kind
    ]:
        if isinstance(text, str) and (message := check_syntax(text)):
            error(key, f"{key}: {message}")
    grid = None
    if item.get("grid") is not None:

        def grid_error(at: int, message: str) -> None:
            where = f"entry {entry_id!r}: " if isinstance(entry_id, str) else ""
            problems.append(
                Problem(src, at, "error", where + message, entry_id if isinstance(entry_id, str) else None)
            )

        grid = read_grid(item["grid"], _line(item, "grid"), grid_error)
    for key in item:
        if key not in ENTRY_KEYS:
            problems.append(
                Problem(
                    src,
                    _line(item, key),
                    "warning",
                    f"entry {entry_id!r}: unknown field '{key}'",
                    entry_id if isinstance(entry_id, str) else None,
                )
            )
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return LibraryEntry(
        id=entry_id,
        question=item["question"].strip(),
        answer=item["answer"].strip(),
        status=status,
        alternates=tuple(a.strip() for a in lists["alternates"] if a.strip()),
        short_answer=str(short).strip() if short is not None else None,
        short_answers=by_kind,  # type: ignore[arg-type]
        answer_brief=item["answer_brief"].strip() if item.get("answer_brief") else None,
        tags=lists["tags"],
        products=lists["products"],
        funding=lists["funding"],
        owner=item.get("owner"),
        last_reviewed=last_reviewed,
        review_every_days=review_every,
        attachments=lists["attachments"],
        exhibit=exhibit,
        grid=grid,
        source=src,
        line=line,
    )


def _short_answers(value: dict[str, Any], report: Any) -> tuple[tuple[str, str], ...]:
    """``short_answer`` given per question kind (``{yes_no: "Yes", date: "{{ plan.ncqa_expiry }}"}``)."""
    found = []
    for kind, text in value.items():
        if kind not in SHORT_ANSWER_KINDS:
            report(f"short_answer: unknown question kind {kind!r} (use {', '.join(SHORT_ANSWER_KINDS)})")
        elif isinstance(text, bool):
            found.append((kind, "Yes" if text else "No"))
        elif not isinstance(text, str | int | float):
            report(f"short_answer: the {kind} value must be text")
        else:
            found.append((kind, str(text).strip()))
    return tuple(found)


def _check_settings(file: Path, data: Any, settings: dict[str, Any], problems: list[Problem]) -> None:
    """Validate ``matching:`` in settings.yaml now, with its line, rather than at match time."""
    from rfp_assistant.settings import MatchSettings

    matching = settings.get("matching")
    if matching is None:
        return
    if not isinstance(matching, dict):
        problems.append(Problem(str(file), _line(data, "matching"), "error", "'matching' must be a mapping"))
        return
    try:
        MatchSettings.resolve(dict(matching))
    except (ValueError, TypeError) as exc:
        key = next((k for k in matching if k in str(exc)), None)
        line = _line(matching, key) if key else _line(data, "matching")
        problems.append(Problem(str(file), line, "error", f"invalid matching setting: {exc}"))


def _check_unique_ids(entries: list[LibraryEntry], problems: list[Problem]) -> None:
    seen: dict[str, LibraryEntry] = {}
    for entry in entries:
        if entry.id in seen:
            first = seen[entry.id]
            problems.append(
                Problem(
                    entry.source,
                    entry.line,
                    "error",
                    f"duplicate id {entry.id!r} (first defined at {first.source}:{first.line})",
                    entry.id,
                )
            )
        else:
            seen[entry.id] = entry


def library_version(folder: Path, files: list[Path]) -> str:
    """Identify the library content: its last git commit, else a hash of its files."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    content = f"sha256:{digest.hexdigest()[:16]}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%H", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        status = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return content
    sha = commit.stdout.strip()
    if commit.returncode != 0 or not sha:
        return content
    dirty = "+dirty" if status.stdout.strip() else ""
    return f"git:{sha[:12]}{dirty} ({content})"
