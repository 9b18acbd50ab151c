"""Loading and validating an answer library folder."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rfp_assistant.errors import LibraryError, Problem
from rfp_assistant.library.grid import read_grid
from rfp_assistant.library.templating import syntax_error
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
    "harvested_from",
}
# What `library harvest` records about where a draft came from (all optional, all text).
HARVESTED_FROM_KEYS = ("file", "sha256", "location", "number", "differs_from")
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Glossary:
    """Acronyms (``HEDIS`` -> expansion) and synonym groups used by the lexical matcher."""

    acronyms: dict[str, str] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ReadEntry:
    """One entry as read from its file: its YAML mapping (which knows the line of every key)
    and the validated :class:`LibraryEntry`, or None when the entry has errors."""

    source: str
    item: LinedDict
    entry: LibraryEntry | None


@dataclass(frozen=True)
class LibraryRead:
    """Everything read from a library folder, valid or not, with every problem found.

    :meth:`AnswerLibrary.load` raises when ``problems`` holds an error; ``library lint``
    goes on to check the valid parts (``read_entries`` with an ``entry``) further.
    ``raw`` holds each reserved file's parsed YAML (line-aware) by file name.
    """

    folder: Path
    files: tuple[Path, ...]
    read_entries: tuple[ReadEntry, ...]
    plan: dict[str, Any]
    glossary: Glossary
    settings: dict[str, Any]
    problems: tuple[Problem, ...]
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def entries(self) -> tuple[LibraryEntry, ...]:
        """The valid entries, in file order."""
        return tuple(r.entry for r in self.read_entries if r.entry is not None)


def read_library(path: str | Path) -> LibraryRead:
    """Read every file of a library folder, collecting problems instead of raising."""
    folder = Path(path)
    if not folder.exists():
        return _unreadable(folder, "library folder not found")
    if not folder.is_dir():
        return _unreadable(folder, "the library must be a folder of YAML files")
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    files += sorted(p for p in folder.glob("*.yml") if p.is_file())
    problems: list[Problem] = []
    read_entries: list[ReadEntry] = []
    plan: dict[str, Any] = {}
    glossary = Glossary()
    settings: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for file in files:
        data = _read(file, problems)
        if data is _UNREADABLE:
            continue
        if file.name in RESERVED_FILES:
            raw[file.name] = data
        if file.name == "plan.yaml":
            plan = _mapping(file, data, problems, "plan.yaml must be a mapping of variables")
            _check_duplicate_keys(str(file), data, problems)
        elif file.name == "glossary.yaml":
            glossary = _glossary(file, data, problems)
        elif file.name == "settings.yaml":
            settings = _mapping(file, data, problems, "settings.yaml must be a mapping")
            _check_settings(file, data, settings, problems)
        else:
            read_entries.extend(_entries(file, data, problems))
    if not any(f.name not in RESERVED_FILES for f in files):
        problems.append(Problem(str(folder), 0, "error", "no answer files (*.yaml) in the library folder"))
    _check_unique_ids([r.entry for r in read_entries if r.entry is not None], problems)
    return LibraryRead(
        folder=folder,
        files=tuple(files),
        read_entries=tuple(read_entries),
        plan=plan,
        glossary=glossary,
        settings=settings,
        problems=tuple(problems),
        raw=raw,
    )


def _unreadable(folder: Path, message: str) -> LibraryRead:
    return LibraryRead(
        folder=folder,
        files=(),
        read_entries=(),
        plan={},
        glossary=Glossary(),
        settings={},
        problems=(Problem(str(folder), 0, "error", message),),
    )


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
        read = read_library(path)
        errors = [p for p in read.problems if p.severity == "error"]
        if errors:
            raise LibraryError(errors, path=read.folder)
        return cls(
            path=read.folder,
            entries=read.entries,
            plan=read.plan,
            glossary=read.glossary,
            settings=read.settings,
            version=library_version(read.folder, list(read.files)),
            warnings=tuple(p for p in read.problems if p.severity != "error"),
        )

    def usable(self, *, include_drafts: bool = False) -> tuple[LibraryEntry, ...]:
        """Entries the matcher may answer with: approved ones (and drafts when ``include_drafts``).

        Retired entries never answer. Which entries suit the account's products and funding
        is decided per question by :mod:`rfp_assistant.match.applicability`.
        """
        allowed = {"approved", "draft"} if include_drafts else {"approved"}
        return tuple(entry for entry in self.entries if entry.status in allowed)


_UNREADABLE = object()  # what _read returns for a file it could not read or parse


def _read(file: Path, problems: list[Problem]) -> Any:
    """The file's YAML (None for an empty file), or ``_UNREADABLE`` after reporting why."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(file), 0, "error", f"cannot read file: {exc}"))
        return _UNREADABLE
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(str(file), error_line(exc), "error", f"invalid YAML: {error_reason(exc)}"))
        return _UNREADABLE


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


def _entries(file: Path, data: Any, problems: list[Problem]) -> list[ReadEntry]:
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
        entries.append(ReadEntry(src, item, _entry(src, item, problems)))
    return entries


def _entry(src: str, item: LinedDict, problems: list[Problem]) -> LibraryEntry | None:
    line = _line(item)
    entry_id = item.get("id")
    before = len(problems)

    def error(key: str | None, message: str, at: int | None = None) -> None:
        where = f"entry {entry_id!r}: " if isinstance(entry_id, str) else ""
        problems.append(
            Problem(
                src,
                at or (_line(item, key) if key else line),
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
    for twice in item.duplicates:
        error(twice.key, _twice(twice.key, twice.first_line, twice.line))
    for key in ("question", "answer", "answer_brief", "owner", "exhibit"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            error(key, f"'{key}' must be text")
    _check_harvested_from(item.get("harvested_from"), error)
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
    for key in ("answer", "answer_brief", "short_answer"):
        if isinstance(item.get(key), str):
            found = syntax_error(item[key])
            if found:
                error(key, f"{key}: template syntax error: {found[1]}", at=item.text_line(key, found[0]))
    for kind, text in by_kind:
        found = syntax_error(text)
        if found:
            error("short_answer", f"short_answer ({kind}): template syntax error: {found[1]}")
    grid = None
    if item.get("grid") is not None:
        grid = read_grid(item["grid"], _line(item, "grid"), lambda at, message: error(None, message, at=at))
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


def _check_harvested_from(value: Any, error: Callable[[str | None, str], None]) -> None:
    """``harvested_from`` (written by ``library harvest``): a mapping of text fields."""
    if value is None:
        return
    if not isinstance(value, dict):
        error("harvested_from", "'harvested_from' must be a mapping (file, location, ...)")
        return
    for key, text in value.items():
        if key not in HARVESTED_FROM_KEYS:
            error("harvested_from", f"unknown 'harvested_from' field '{key}' ({', '.join(HARVESTED_FROM_KEYS)})")
        elif text is not None and not isinstance(text, str | int | float):
            error("harvested_from", f"'harvested_from.{key}' must be text")


def _twice(key: str, first: int, again: int) -> str:
    return f"'{key}' is given twice (lines {first} and {again}); YAML keeps only the last"


def _check_duplicate_keys(src: str, data: Any, problems: list[Problem]) -> None:
    """A variable given twice in a mapping file (``plan.yaml``): YAML keeps only the last."""
    if isinstance(data, LinedDict):
        for twice in data.duplicates:
            problems.append(Problem(src, twice.line, "error", _twice(twice.key, twice.first_line, twice.line)))


def _check_settings(file: Path, data: Any, settings: dict[str, Any], problems: list[Problem]) -> None:
    """Validate settings.yaml now, with lines, rather than at match or lint time."""
    from rfp_assistant.library.lint_settings import LintSettings
    from rfp_assistant.settings import MatchSettings

    _check_duplicate_keys(str(file), data, problems)
    for name, resolve in (("matching", MatchSettings.resolve), ("lint", LintSettings.resolve)):
        section = settings.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            problems.append(Problem(str(file), _line(data, name), "error", f"'{name}' must be a mapping"))
            continue
        try:
            resolve(dict(section))
        except (ValueError, TypeError) as exc:
            key = next((k for k in section if k in str(exc)), None)
            line = _line(section, key) if key else _line(data, name)
            problems.append(Problem(str(file), line, "error", f"invalid {name} setting: {exc}"))
    tags = settings.get("tags")
    if tags is not None and (not isinstance(tags, list) or _strings(tags) is None):
        problems.append(Problem(str(file), _line(data, "tags"), "error", "'tags' must be a list of tag names"))


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


# The files that are the library: the version (content hash, git commit, "+dirty") looks at
# these only, so other files kept beside them (the usage log, a README) never change it.
LIBRARY_FILE_PATTERNS = (":(glob)*.yaml", ":(glob)*.yml")  # git pathspecs: this folder only


def library_version(folder: Path, files: list[Path]) -> str:
    """Identify the library content: its last git commit, else a hash of its files.

    Only the YAML files count, for the hash and for git alike: ``+dirty`` means a YAML
    file of the folder has uncommitted changes, and the commit is the last one that
    changed a YAML file (the usage log beside them can be committed without changing it).
    """
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    content = f"sha256:{digest.hexdigest()[:16]}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%H", "--", *LIBRARY_FILE_PATTERNS],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        status = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", *LIBRARY_FILE_PATTERNS],
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
