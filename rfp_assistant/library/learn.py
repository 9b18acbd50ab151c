"""``library learn``: the library learns the wordings a person accepted in a review workbook.

Each question a person answered with an entry (``accept`` or a candidate number in the
Action column) gets its wording added to that entry's ``alternates``, so the next RFP
that asks it the same way is matched directly. The wording is the question as a maintainer
reads it (one line, "the employer" in place of the employer's name); a
wording the entry already has (case and spaces aside) is skipped, and so is one that is
already another entry's phrasing (two entries sharing a phrasing tie, and a tie is never
automatic). Files are edited in place, line by line (:mod:`rfp_assistant.library.yaml_edit`).

Overrides are a person's own words, never approved text: they are listed as candidates
for new entries and, with ``drafts``, written to a separate file as ``status: draft``
entries without an owner, for a maintainer to complete and approve.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rfp_assistant.atomic import atomic_save
from rfp_assistant.decisions import ReviewedQuestion
from rfp_assistant.errors import LibraryError, OutputError, Problem
from rfp_assistant.library.lint_rules import short_answer_misfit
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.yaml_edit import EditError, add_alternates, yaml_scalar
from rfp_assistant.models import DocxLocation, LibraryEntry, Question

DRAFT_ID_WORDS = 6
DRAFT_PREFIX = "draft-"
TEMPLATE_MARKS = ("{{", "{%", "{#")  # an override is literal text, not a template
SHOWN_CHARS = 70
_SPACE_BEFORE_MARK = re.compile(r"\s+([?.,;:!)])")


@dataclass(frozen=True)
class Learnt:
    """One wording for one entry: added, or skipped with the reason."""

    question_id: str
    number: str | None
    entry_id: str
    wording: str
    file: str = ""
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class OverrideCandidate:
    """A person's own answer: a candidate for a new entry, never written into the library by itself."""

    question_id: str
    number: str | None
    wording: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class LearnResult:
    """What :func:`learn` added (per file), skipped, and found among the overrides."""

    reviewed: str
    library: str
    added: tuple[Learnt, ...]
    skipped: tuple[Learnt, ...]
    overrides: tuple[OverrideCandidate, ...]
    drafts: str | None = None
    dry_run: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewed": self.reviewed,
            "library": self.library,
            "dry_run": self.dry_run,
            "added": [a.to_dict() for a in self.added],
            "skipped": [s.to_dict() for s in self.skipped],
            "overrides": [o.to_dict() for o in self.overrides],
            "drafts": self.drafts,
            "warnings": list(self.warnings),
        }

    def format(self) -> str:
        """The report a person reads: additions per file, skips, overrides, drafts."""
        verb = "would add" if self.dry_run else "added"
        lines: list[str] = []
        by_file: dict[str, list[Learnt]] = defaultdict(list)
        for item in self.added:
            by_file[item.file].append(item)
        for file, items in by_file.items():
            lines.append(f"{file}: {verb} {len(items)} alternate{'s' if len(items) != 1 else ''}")
            lines.extend(f"  + {i.entry_id}: {i.wording}  [{_where(i)}]" for i in items)
        if not self.added:
            lines.append("No new alternates: no accepted or chosen wording is new to its entry.")
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)}:")
            lines.extend(f"  {_where(s)}: {s.entry_id}: {s.skipped}" for s in self.skipped)
        if self.overrides:
            lines.append(
                f"Overrides: {len(self.overrides)} (never added to the library; candidates for new entries)"
            )
            lines.extend(
                f"  {o.question_id} ({o.number or '-'}): {_short(o.wording)} -> {_short(o.text)}"
                for o in self.overrides
            )
        if self.drafts:
            lines.append(
                f"Drafts: {'would write' if self.dry_run else 'wrote'} {len(self.overrides)} "
                f"draft entr{'ies' if len(self.overrides) != 1 else 'y'} to {self.drafts} "
                "(status: draft, no owner: complete and approve them before use)"
            )
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def _where(item: Learnt) -> str:
    return f"{item.question_id} {item.number}" if item.number else item.question_id


def _short(text: str) -> str:
    line = " ".join(text.split())
    return repr(line if len(line) <= SHOWN_CHARS else line[: SHOWN_CHARS - 1] + "…")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def wording_of(row: ReviewedQuestion, employer: str | None, library_words: frozenset[str] = frozenset()) -> str:
    """The question's words as a maintainer reads them: one line, "the employer" in place of its name.

    "What share was refunded to Harbor Point at the end?" is stored as "What share was
    refunded to the employer at the end?" (the matcher drops the name, so both match alike).
    """
    from rfp_assistant.match.employer import neutral
    from rfp_assistant.match.engine import question_text_for_matching

    question = Question(row.question_id, row.number, None, row.text, "narrative", DocxLocation(None, None))
    text = question_text_for_matching(question)
    return _SPACE_BEFORE_MARK.sub(r"\1", neutral(text, employer, library_words) if employer else text)


def learn_from_review(
    reviewed: str | Path,
    library: str | Path,
    *,
    dry_run: bool = False,
    drafts: str | Path | None = None,
) -> LearnResult:
    """Add the wordings a person accepted in ``reviewed`` as alternates of the chosen entries.

    ``library`` is the library folder (edited in place unless ``dry_run``); ``drafts``
    names a new YAML file for the overrides as draft entries. Raises
    :class:`~rfp_assistant.errors.InputError` for a workbook that is not a review report,
    :class:`LibraryError` for an invalid library or a file that cannot be edited safely,
    :class:`OutputError` when ``drafts`` exists.
    """
    from rfp_assistant.match.employer import vocabulary
    from rfp_assistant.parse.review import read_review

    folder = Path(library)
    drafts_path = Path(drafts) if drafts is not None else None
    if drafts_path is not None and drafts_path.exists():
        raise OutputError(f"{drafts_path} exists; choose a new file for the drafts", path=drafts_path)
    book = read_review(reviewed)
    answers = AnswerLibrary.load(folder)
    warnings = []
    if book.meta.library_version != answers.version:
        warnings.append(
            f"the library changed since the review was made ({book.meta.library_version} then, "
            f"{answers.version} now)"
        )
    entries = {e.id: e for e in answers.entries}
    owners = {_key(p): e.id for e in answers.entries for p in e.phrasings}
    added: list[Learnt] = []
    skipped: list[Learnt] = []
    overrides: list[OverrideCandidate] = []
    words = vocabulary(text for e in answers.entries for text in (*e.phrasings, e.answer or ""))
    for row in book.questions:
        wording = wording_of(row, book.meta.employer, words)
        if row.person.override is not None:
            overrides.append(OverrideCandidate(row.question_id, row.number, wording, row.person.override))
            continue
        entry_id = row.chosen_entry()
        if entry_id is None or not wording:
            continue
        item = Learnt(row.question_id, row.number, entry_id, wording)
        reason = _skip_reason(entries.get(entry_id), wording, owners)
        if reason:
            skipped.append(Learnt(**{**item.__dict__, "skipped": reason}))
            continue
        owners[_key(wording)] = entry_id
        added.append(Learnt(**{**item.__dict__, "file": entries[entry_id].source}))
    _edit_files(added, dry_run)
    if drafts_path is not None and overrides and not dry_run:
        _write_drafts(drafts_path, overrides, set(entries), Path(book.path).name)
    return LearnResult(
        reviewed=book.path,
        library=str(folder),
        added=tuple(added),
        skipped=tuple(skipped),
        overrides=tuple(overrides),
        drafts=str(drafts_path) if drafts_path is not None and overrides else None,
        dry_run=dry_run,
        warnings=tuple(warnings),
    )


def _skip_reason(entry: LibraryEntry | None, wording: str, owners: dict[str, str]) -> str | None:
    if entry is None:
        return "no longer in the library"
    owner = owners.get(_key(wording))
    if owner == entry.id:
        return "already has this wording"
    if owner is not None:
        return f"this wording is already a phrasing of {owner} (a maintainer decides which entry keeps it)"
    misfit = new_short_answer_misfit(entry, wording)
    if misfit:
        return f"with this wording, {misfit} (a maintainer gives the entry a short answer for it first)"
    return None


def new_short_answer_misfit(entry: LibraryEntry, wording: str) -> str | None:
    """Why the entry's short answer would stop fitting its phrasings with ``wording`` added (lint's reason), or None.

    None too when it does not fit already: lint reports that, and learning adds nothing to it.
    """
    misfit = short_answer_misfit(replace(entry, alternates=(*entry.alternates, wording)))
    return misfit if misfit and not short_answer_misfit(entry) else None


def _edit_files(added: list[Learnt], dry_run: bool) -> None:
    by_file: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in added:
        by_file[item.file][item.entry_id].append(item.wording)
    edited: dict[Path, str] = {}
    for file, additions in by_file.items():
        path = Path(file)
        try:
            edited[path] = add_alternates(path.read_text(encoding="utf-8"), additions)
        except EditError as exc:
            raise LibraryError(
                [Problem(file, exc.line, "error", f"cannot add alternates: {exc}")], path=file
            ) from None
    if dry_run:
        return
    for path, text in edited.items():  # every file was edited in memory first: all or nothing
        atomic_save(path, lambda tmp, text=text: Path(tmp).write_bytes(text.encode("utf-8")))


def _draft_id(wording: str, taken: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", wording.lower())[:DRAFT_ID_WORDS]
    base = DRAFT_PREFIX + ("-".join(words) or "answer")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _literal(text: str) -> str:
    """An override as an answer template that renders to exactly its text."""
    if any(mark in text for mark in TEMPLATE_MARKS):
        return "{% raw %}" + text + "{% endraw %}"
    return text


def draft_entries(overrides: list[OverrideCandidate], ids: set[str]) -> str:
    """The overrides as draft entries (YAML text): id, question, answer (as typed), ``status: draft``."""
    taken = set(ids)
    blocks = []
    for override in overrides:
        answer = _literal(override.text.strip())
        lines = answer.splitlines()
        if len(lines) > 1 and not lines[0].startswith((" ", "\t")):
            answer_yaml = "|-\n" + "".join(f"    {line}\n" if line else "\n" for line in lines).rstrip("\n")
        else:
            answer_yaml = yaml_scalar(answer)
        blocks.append(
            f"- id: {_draft_id(override.wording, taken)}\n"
            f"  question: {yaml_scalar(override.wording)}\n"
            f"  answer: {answer_yaml}\n"
            "  status: draft\n"
        )
    return "\n".join(blocks)


def _write_drafts(path: Path, overrides: list[OverrideCandidate], ids: set[str], source: str) -> None:
    header = (
        f"# Draft entries from the overrides in {source} (rfp-assistant library learn).\n"
        "# A person wrote these answers; a maintainer checks each one, adds an owner and\n"
        "# last_reviewed, and sets status: approved before fill may use it.\n"
    )
    text = header + draft_entries(overrides, ids)
    atomic_save(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
