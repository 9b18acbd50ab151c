"""The review workbook's contract: what the report records and what a person decides in it.

``fill`` writes the review report (:mod:`rfp_assistant.render.report`); a person fills in
two columns of its Review sheet, ``Action`` and ``Override``; ``fill --review`` and
``library learn`` read it back (:mod:`rfp_assistant.parse.review`). The sheet names,
column titles, the actions a person may choose and the Meta records live here, so the
writer and the reader cannot drift apart. Nothing here touches a document library.

Actions (case and surrounding spaces aside; a number may be typed as a number or as text):

- ``accept``: use the suggested answer (the ``Entry`` column, the first candidate);
- ``reject`` or ``blank``: leave the question blank;
- ``1`` .. ``5``: use that ranked candidate instead (the Candidates sheet lists them);
- empty: keep what fill decided.

An ``Override`` (a person's own text) wins over the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rfp_assistant.models import Decision, Match

REVIEW_SHEET = "Review"
"""The Review sheet is the first sheet whose name starts with this."""
CANDIDATES_SHEET = "Candidates"
META_SHEET = "Meta"

COL_ID = "Id"
COL_QUESTION = "Question"
COL_NUMBER = "No."
COL_DECISION = "Decision"
COL_ENTRY = "Entry"
COL_REASON = "Reason"
COL_ACTION = "Action"
COL_OVERRIDE = "Override"
COL_RANK = "Rank"
COL_SCORE = "Score"
COL_MATCHED = "Matched phrasing"

ACCEPT, REJECT, BLANK = "accept", "reject", "blank"
MAX_RANK = 5
ACTION_CHOICES: tuple[str, ...] = (ACCEPT, REJECT, BLANK, *(str(n) for n in range(1, MAX_RANK + 1)))
"""What the Action column's dropdown offers."""

FORMAT_VERSION = "1"
META_FORMAT = "Review workbook format"
META_INPUT = "Input file"
META_SHA256 = "Input sha256"
META_LIBRARY = "Answer library version"
META_MODEL = "Embedding model"
META_EMPLOYER = "Employer"
META_ACCOUNT = "Account profile"
META_ACCOUNT_SHA256 = "Account profile sha256"
META_OUTPUT = "Filled copy"
META_WRITER = "Written by"


@dataclass(frozen=True)
class Action:
    """A person's action on one question: ``accept``, ``reject``/``blank``, or a candidate rank."""

    kind: Literal["accept", "blank", "candidate"]
    rank: int | None = None
    word: str = ""

    def __str__(self) -> str:
        return str(self.rank) if self.kind == "candidate" else self.word or self.kind


def parse_action(value: object) -> Action | None:
    """The action a cell holds (None when empty); raises :class:`ValueError` for anything else.

    ``2``, ``2.0`` and ``"2"`` all mean the second candidate.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"unknown action {value!r}")
    if isinstance(value, int | float) and float(value).is_integer():
        text = str(int(value))
    else:
        text = str(value).strip().lower()
    if text in (ACCEPT,):
        return Action("accept", word=ACCEPT)
    if text in (REJECT, BLANK):
        return Action("blank", word=text)
    if text.isdigit() and 1 <= int(text) <= MAX_RANK:
        return Action("candidate", rank=int(text))
    raise ValueError(f"unknown action {value!r} (use {', '.join(ACTION_CHOICES[:3])} or 1-{MAX_RANK})")


@dataclass(frozen=True)
class PersonDecision:
    """What a person decided on one question, and how it was applied.

    ``override`` is their own text exactly as typed (None when the cell is empty); it
    wins over ``action``. ``applied`` says, for the report's "Decided by" column, what a
    ``fill --review`` did with it (``accept``, ``candidate 2 (entry-id)``, ``override``,
    ``blank``), or is empty while nothing was applied.
    """

    action: Action | None = None
    override: str | None = None
    applied: str = ""

    @property
    def decided(self) -> bool:
        """True when the person did something (an action or an override)."""
        return self.action is not None or self.override is not None


@dataclass(frozen=True)
class ReportMeta:
    """What the review workbook records about how it was made (its Meta sheet).

    ``input_sha256`` ties the workbook to one input file: ``fill --review`` refuses a
    workbook made for another one.
    """

    input_name: str
    input_sha256: str
    library_version: str
    model: str
    employer: str | None = None
    account_name: str | None = None
    account_sha256: str | None = None
    output_name: str | None = None
    writer: str = ""

    def rows(self) -> list[tuple[str, str]]:
        """The Meta sheet's rows: (label, value)."""
        return [
            (META_FORMAT, FORMAT_VERSION),
            (META_INPUT, self.input_name),
            (META_SHA256, self.input_sha256),
            (META_LIBRARY, self.library_version),
            (META_MODEL, self.model),
            (META_EMPLOYER, self.employer or ""),
            (META_ACCOUNT, self.account_name or ""),
            (META_ACCOUNT_SHA256, self.account_sha256 or ""),
            (META_OUTPUT, self.output_name or ""),
            (META_WRITER, self.writer),
        ]

    @classmethod
    def from_rows(cls, values: dict[str, str]) -> ReportMeta:
        """Read the Meta rows back; raises :class:`ValueError` naming a missing record."""
        for label in (META_SHA256, META_LIBRARY, META_MODEL):
            if not values.get(label):
                raise ValueError(f"the {META_SHEET} sheet has no {label!r}")
        return cls(
            input_name=values.get(META_INPUT, ""),
            input_sha256=values[META_SHA256].lower(),
            library_version=values[META_LIBRARY],
            model=values[META_MODEL],
            employer=values.get(META_EMPLOYER) or None,
            account_name=values.get(META_ACCOUNT) or None,
            account_sha256=values.get(META_ACCOUNT_SHA256) or None,
            output_name=values.get(META_OUTPUT) or None,
            writer=values.get(META_WRITER, ""),
        )


@dataclass(frozen=True)
class ReviewedQuestion:
    """One row of a reviewed Review sheet, with its candidates from the Candidates sheet.

    ``entry_id`` is the suggested entry (the ``Entry`` column: what ``accept`` takes);
    ``candidates`` are in rank order (``Action`` 2 takes ``candidates[1]``); ``row`` is
    the sheet row, for messages.
    """

    question_id: str
    number: str | None
    text: str
    decision: Decision
    entry_id: str | None
    reason: str | None
    person: PersonDecision
    candidates: tuple[Match, ...] = ()
    row: int = 0

    def chosen_entry(self) -> str | None:
        """The entry a person picked with ``accept`` or a rank, or None (no pick, an override or a blank)."""
        action = self.person.action
        if self.person.override is not None or action is None:
            return None
        if action.kind == "accept":
            return self.entry_id or (self.candidates[0].entry_id if self.candidates else None)
        if action.kind == "candidate" and action.rank is not None and action.rank <= len(self.candidates):
            return self.candidates[action.rank - 1].entry_id
        return None


@dataclass(frozen=True)
class ReviewedWorkbook:
    """A review workbook as read back: its Meta records and one row per question, in order."""

    path: str
    meta: ReportMeta
    questions: tuple[ReviewedQuestion, ...]
