"""What text to write for a question once an entry is chosen: the answer preparation.

Never invents: every text is the approved entry's (its answer, ``answer_brief``,
``short_answer`` or ``grid:`` values) rendered with the plan's and the account's variables,
or nothing. Whether an entry is chosen at all (the score decision) is
:mod:`rfp_assistant.match.decide`'s job; here the chosen entry is prepared for the
question the way a careful person fills a form (:mod:`rfp_assistant.match.wording`):

- the short value goes to the Yes/No or dropdown cell, typed for a number or date cell
  (``short_answer: "{{ plan.hospital_count }}"``); a yes/no question whose entry has no
  short answer gets its narrative, and the value is left for a person to pick;
- the narrative does not repeat the value ("Yes." is dropped when the cell says Yes, or
  says a choice such as "Excellent" that is not Yes or No), a
  Describe/Attach/Provide answer never opens with "Yes.", "Please confirm ..." answered in
  words opens with "Confirmed.", dates read as prose;
- an attachment question names the document ("See Exhibit 6 - Sample Implementation
  Plan."); one whose entry names none is for a person;
- limits: never cut, the brief when the full answer does not fit, else review with the
  overflow stated;
- a question's grid is filled from the entry's ``grid:`` (:mod:`rfp_assistant.match.grid`).

It is *blocked* (a person checks it first) when the entry is overdue for review, a short
answer does not fit or contradicts the narrative, the question asks about another year
than the entry states, a date question's entry has no date value (or a number question's
narrative states no number), or the answer fits no limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from rfp_assistant.errors import TemplateError
from rfp_assistant.library.templating import render_answer, render_text
from rfp_assistant.match.grid import grid_values
from rfp_assistant.match.wording import (
    CONFIRMED,
    confirmed,
    describe_size,
    drop_leading_yes_no,
    leading_yes_no,
    overflow,
    prose_dates,
    size_of,
)
from rfp_assistant.models import LibraryEntry, Question
from rfp_assistant.text import asks_to_confirm

WANTED = {"yes_no": "Yes/No answer", "choice": "choice", "numeric": "number", "date": "date"}
VALUE_KINDS = ("numeric", "date")  # a typed value alone answers the question
_YEAR = re.compile(r"\b(20\d\d)\b")
_PLACE = re.compile(
    r"\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    r"Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
    r"Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    r"New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
    r"South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
    r"Wisconsin|Wyoming|New England)\b"
)
_LIMIT_WORDS = re.compile(r"\d[\d,]*\s*(?:characters?|chars?|words?)\b", re.IGNORECASE)
# A figure of 100 or more ("1,000", "$150,000", "250"), not a year: what a question's figure is.
_FIGURE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)[1-9]\d{2,})(?![\d,]*\d)")


@dataclass(frozen=True)
class PreparedAnswer:
    """The texts an entry gives one question, and why they cannot be written automatically.

    ``answer`` is the narrative (None when it cannot be rendered, or when it is over the
    limit and a typed value answers the question alone); ``short_answer`` is the value for
    the answer spot (None when the entry has none that fits); ``blocked`` (None when the
    answer may be written) says why a person must check it first; ``attachments`` are the
    documents the answer refers to; ``grid_values`` the question's grid cells (see
    :class:`~rfp_assistant.models.QuestionResult`); ``notes`` what a person should know.
    """

    answer: str | None
    short_answer: str | None = None
    blocked: str | None = None
    attachments: tuple[str, ...] = ()
    grid_values: tuple[tuple[str | None, ...], ...] | None = None
    notes: tuple[str, ...] = ()


def prepare_answer(
    question: Question, entry: LibraryEntry, variables: dict[str, Any], *, as_of: date
) -> PreparedAnswer:
    """Render ``entry`` for ``question`` as it should be written, and say whether it may be."""
    try:
        full = prose_dates(render_answer(entry, variables))
        brief = prose_dates(render_answer(entry, variables, brief=True)) if entry.answer_brief else None
        template = entry.short_answer_for(question.kind)
        short = render_text(template, variables, entry=entry, field="short_answer") if template else None
        values = (
            grid_values(question.grid, entry.grid, lambda v: _render_value(v, entry, variables))
            if question.grid and entry.grid
            else None
        )
    except TemplateError as exc:
        return PreparedAnswer(None, blocked=f"answer cannot be rendered: {exc}")
    if short is not None and question.kind != "date":
        short = prose_dates(short)
    fitted = fit_short_answer(short, question)
    attachments = entry.attachments
    narrative = _written(question, full, fitted, short, attachments)
    narrative, limit_note = _fit_limit(question, entry, narrative, brief, fitted, short, attachments)
    blocked = (
        _overdue(entry, as_of)
        or _short_problem(question, entry, short, fitted, full)
        or _attachment_problem(question, entry)
        or _year_problem(question, entry, full, short)
        or _figure_problem(question, entry, full, short)
        or _value_problem(question, entry, full, short)
        or _place_problem(question, entry, full)
        or (limit_note if narrative is not None else None)
    )
    notes = (limit_note,) if limit_note and narrative is None else ()
    return PreparedAnswer(narrative, fitted, blocked, attachments, values, notes)


def _render_value(value: str, entry: LibraryEntry, variables: dict[str, Any]) -> str:
    return prose_dates(render_text(value, variables, entry=entry, field="grid"))


def _written(
    question: Question, text: str, fitted: str | None, short: str | None, attachments: tuple[str, ...]
) -> str:
    """The narrative as it goes into the form: no echo, "Confirmed.", the attachment named."""
    lead = leading_yes_no(text)
    if question.kind in ("yes_no", "choice"):
        if fitted is not None and lead is not None and (lead == fitted or _answers_other_than_yes(lead, fitted)):
            text = drop_leading_yes_no(text)
    elif asks_to_confirm(question.text) and (lead == "Yes" or (short or "").lower() == "yes"):
        text = confirmed(text, CONFIRMED)
    elif lead == "Yes":
        text = drop_leading_yes_no(text)
    if question.kind == "attachment" and attachments and not any(a in text for a in attachments):
        text = f"{text} See {' and '.join(attachments)}."
    return text


def _answers_other_than_yes(lead: str, fitted: str) -> bool:
    """True when a choice cell says e.g. "Excellent": a narrative opening "Yes." then reads wrong."""
    return lead == "Yes" and fitted.lower() not in ("yes", "no")


def _fit_limit(
    question: Question,
    entry: LibraryEntry,
    text: str,
    brief: str | None,
    fitted: str | None,
    short: str | None,
    attachments: tuple[str, ...],
) -> tuple[str | None, str | None]:
    """The narrative that fits the question's limit, and why none does (None when one does).

    A number or date question whose typed value answers it alone keeps the value and drops
    a narrative that fits no variant (None, with the note); any other question keeps the
    full narrative as the suggestion, with the reason.
    """
    limit = question.limit
    if limit is None or limit.allows(text):
        return text, None
    written_brief = _written(question, brief, fitted, short, attachments) if brief is not None else None
    if written_brief is not None and limit.allows(written_brief):
        return written_brief, None
    reason = overflow(text, limit) + (
        f"; its answer_brief is {describe_size(size_of(written_brief, limit), limit)}"
        if written_brief is not None
        else f", and entry {entry.id} has no answer_brief"
    )
    if question.kind in VALUE_KINDS and fitted is not None:
        return None, f"only the value was written: the narrative {reason.removeprefix('answer ')}"
    return text, reason


def _overdue(entry: LibraryEntry, as_of: date) -> str | None:
    if entry.overdue(as_of):
        return f"entry {entry.id} overdue for review since {entry.review_due.isoformat()}"  # type: ignore[union-attr]
    return None


def _short_problem(
    question: Question, entry: LibraryEntry, short: str | None, fitted: str | None, text: str
) -> str | None:
    """Why the short answer cannot go into this question's answer spot, or None.

    No short answer is no problem for a yes/no question (the narrative is written and the
    value left for a person to pick) or a number or date question (the narrative is the
    answer, in words); a choice question needs the entry's value, since a narrative
    written for another question rarely says which option applies.
    """
    if question.kind not in WANTED:
        return None
    if short is None:
        if question.kind == "choice":
            return f"the question needs a choice and entry {entry.id} has no short answer"
        return None
    if fitted is None:
        allowed = f" (allowed: {', '.join(question.options)})" if question.options else ""
        return f"short answer {short!r} does not fit this question's {WANTED[question.kind]}{allowed}"
    lead = leading_yes_no(text)
    if question.kind == "yes_no" and lead is not None and fitted in ("Yes", "No") and lead != fitted:
        return f"entry {entry.id}'s short answer {fitted!r} contradicts its answer, which opens with {lead!r}"
    return None


def _attachment_problem(question: Question, entry: LibraryEntry) -> str | None:
    if question.kind == "attachment" and not entry.attachments:
        return f"the question asks for an attachment and entry {entry.id} names none"
    return None


def _year_problem(question: Question, entry: LibraryEntry, text: str, short: str | None) -> str | None:
    """A question about one year (2026 results) answered by an entry that states another (2025)."""
    asked = set(_YEAR.findall(question.text))
    stated = set(_YEAR.findall(f"{text} {short or ''}"))
    if asked and stated and not asked & stated:
        return (
            f"the question asks about {', '.join(sorted(asked))}; entry {entry.id} states "
            f"{', '.join(sorted(stated))}"
        )
    return None


def _figure_problem(question: Question, entry: LibraryEntry, text: str, short: str | None) -> str | None:
    """A count asked about a figure ("groups with more than 1,000 employees") the entry never states.

    An entry counting groups of 500 or more answers another question: its number is not
    the one asked for. Only number and date questions are checked (their typed value is
    the whole answer); years are left to :func:`_year_problem`, limits are not figures.
    """
    if question.kind not in VALUE_KINDS:
        return None
    stated = {_plain_figure(f) for f in _FIGURE.findall(f"{text} {short or ''}")}
    asked = _LIMIT_WORDS.sub(" ", question.text)
    missing = [f for f in _FIGURE.findall(asked) if _plain_figure(f) not in stated]
    if missing:
        return f"the question names {', '.join(missing)}, which entry {entry.id} does not state"
    return None


def _value_problem(question: Question, entry: LibraryEntry, text: str, short: str | None) -> str | None:
    """A date question without the entry's date, or a number question answered in words with no number.

    Without a typed value a number question is answered in words when they state a number. A
    date question needs the entry's own date value: the dates a narrative states are rarely
    the one asked (implementation-timeline names the effective date, not "the proposed date
    for the kickoff meeting").
    """
    if short is not None or question.kind not in VALUE_KINDS:
        return None
    if question.kind == "date":
        return f"the question asks for a date and entry {entry.id} has no date value"
    if not any(c.isdigit() for c in text):
        return f"the question asks for a number and entry {entry.id} states none"
    return None


def _place_problem(question: Question, entry: LibraryEntry, text: str) -> str | None:
    """A count or date asked for one place ("groups in Massachusetts") the entry does not speak of.

    The entry's figure covers its own scope (the whole book, four states): for a number or
    date question, whose typed value is the whole answer, that is another figure.
    """
    if question.kind not in VALUE_KINDS:
        return None
    asked = {m.group(0).lower() for m in _PLACE.finditer(question.text)}
    stated = {m.group(0).lower() for m in _PLACE.finditer(text)}
    missing = sorted(asked - stated)
    if missing:
        return f"the question asks about {', '.join(missing)}; entry {entry.id} does not say so"
    return None


def _plain_figure(figure: str) -> str:
    return figure.replace(",", "")


def fit_option(value: str | None, options: tuple[str, ...]) -> str | None:
    """The option a short answer stands for (case and punctuation aside), or None."""
    if value is None:
        return None
    if not options:
        return value
    wanted = _plain(value)
    for option in options:
        if _plain(option) == wanted:
            return option
    # A "1) Yes" style list: accept the option whose words end with the value.
    for option in options:
        if _plain(option).endswith(" " + wanted) or _plain(option).endswith(")" + wanted):
            return option
    # A form that asks for "Y" or "N": Yes is written as its letter.
    letter = _YES_NO_LETTERS.get(wanted)
    return next((option for option in options if letter and _plain(option) == letter), None)


_YES_NO_LETTERS = {"yes": "y", "no": "n"}


def fit_short_answer(short: str | None, question: Question) -> str | None:
    """The short answer as it should be written for this question's kind, or None if it does not fit."""
    if short is None:
        return None
    if question.kind in ("yes_no", "choice"):
        return fit_option(short, question.options)
    if question.kind == "numeric":
        return short if _NUMERIC_VALUE.match(short.strip()) else None
    if question.kind == "date":
        return short if _DATE_VALUE.match(short.strip()) else None
    return short


_NUMERIC_VALUE = re.compile(r"^[$€£]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*%?$")
_DATE_VALUE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},\s*)?\d{4})$",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("/", "").replace(".", "").split())
