"""The lint rules that look at one entry at a time.

Each rule is a function ``(entry, item, context) -> Iterator[Problem]``: ``entry`` is the
validated :class:`~rfp_assistant.models.LibraryEntry`, ``item`` its YAML mapping (it knows
the line of every key, so a problem points at the line to edit) and ``context`` what every
rule may need (the day, the settings, the template schema). :data:`ENTRY_RULES` lists them
in the order their problems are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from rfp_assistant.errors import Problem, TemplateError
from rfp_assistant.library.freshness import freshness, review_due
from rfp_assistant.library.lint_settings import COMMON_LIMITS, LintSettings
from rfp_assistant.library.template_check import check_template, iter_template_fields
from rfp_assistant.library.templating import render_answer
from rfp_assistant.library.yaml_lines import LinedDict
from rfp_assistant.models import LibraryEntry

# A short answer goes into one cell: a Yes/No, a dropdown value, a number or a date.
MAX_SHORT_ANSWER_CHARS = 80
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:do|does|did|is|are|was|were|can|could|will|would|has|have|had|should|may)\b", re.IGNORECASE
)
_CHOICE_WORDING = re.compile(r"\bor\b|\bwhich\b", re.IGNORECASE)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# A figure stated in words a reader would check against an exhibit: 7.8%, $225,000, 24,000.
_FIGURE = re.compile(r"(?<![\w.,$])\$?\d[\d,]*(?:\.\d+)?(?:\s?%|\s?percent\b)?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class LintContext:
    """What the entry rules share: the day to judge freshness on, the settings, the schema."""

    as_of: date
    today: date
    due_within_days: int
    settings: LintSettings
    known_tags: frozenset[str] | None
    schema: dict[str, Any]
    variables: dict[str, Any]


EntryRule = Callable[[LibraryEntry, LinedDict, LintContext], Iterator[Problem]]


def _problem(entry: LibraryEntry, line: int, severity: str, message: str) -> Problem:
    return Problem(entry.source, line, severity, message, entry.id)


def check_freshness(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """Approved entries past ``last_reviewed + review_every_days`` (errors) or due soon (warnings);
    a ``last_reviewed`` after today is an error."""
    reviewed = entry.last_reviewed
    if reviewed is None:
        return
    if reviewed > context.today:
        yield _problem(
            entry, item.line_of("last_reviewed"), "error", f"last_reviewed {reviewed.isoformat()} is in the future"
        )
    state = freshness(entry, context.as_of, context.due_within_days)
    due = review_due(entry)
    owner = entry.owner or "unknown"
    if state == "overdue" and due is not None:
        yield _problem(
            entry,
            entry.line,
            "error",
            f"past its review date {due.isoformat()} (last reviewed {reviewed.isoformat()}, owner {owner})",
        )
    elif state == "due_soon" and due is not None:
        yield _problem(entry, entry.line, "warning", f"due for review on {due.isoformat()} (owner {owner})")


def check_owner(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """A draft without an owner: nobody will see it through to approval."""
    if entry.status == "draft" and not entry.owner:
        yield _problem(entry, entry.line, "warning", "draft entry has no owner")


def check_tags(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """Tags missing from the tag list in settings.yaml (when it has one)."""
    if context.known_tags is None:
        return
    for tag in entry.tags:
        if tag not in context.known_tags:
            yield _problem(
                entry, item.line_of("tags"), "error", f"unknown tag '{tag}' (not in the tag list of settings.yaml)"
            )


def check_templates(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """Every template field compiles in the sandbox, reaches nothing unsafe and names known variables."""
    for name, source, holder, key in iter_template_fields(item):
        for finding in check_template(source, context.schema):
            line = holder.text_line(key, finding.line) if isinstance(holder, LinedDict) else item.line_of("answer")
            yield _problem(entry, line, "error", f"{name}: {finding.message}")


def served_kinds(entry: LibraryEntry) -> set[str]:
    """The question kinds the entry's phrasings ask for (``yes_no``, ``numeric``, ``date``, ...)."""
    from rfp_assistant.parse.text import kind_from_wording

    kinds = set()
    for text in entry.phrasings:
        kind = kind_from_wording(text)
        if kind == "narrative" and _YES_NO_QUESTION.match(text) and not _CHOICE_WORDING.search(text):
            kind = "yes_no"
        kinds.add(kind)
    return kinds


def short_answer_misfit(entry: LibraryEntry) -> str | None:
    """Why the entry's plain short answer does not fit the kinds its phrasings ask for, or None.

    ``check_short_answer``'s own reasons, for a library that is not being linted (``library
    learn`` asks it before adding a wording); a templated or per-kind short answer is left to lint.
    """
    short = entry.short_answer
    if entry.short_answers or short is None or "{" in short:
        return None
    problems = [p for p in _short_value_problems(entry, 0, short, served_kinds(entry)) if p.severity == "error"]
    return problems[0].message if problems else None


def check_short_answer(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """A short answer fit for the cells it goes into, and agreeing with the answer text.

    A templated short answer (``{{ plan.ncqa_expiry }}``) is judged by what it renders to
    for the example context; one given per kind (``short_answer: {date: ...}``) is judged
    against its own kind.
    """
    if entry.status == "retired":
        return
    line = item.line_of("short_answer")
    if entry.short_answers:
        per_kind = item.get("short_answer")
        for kind, text in entry.short_answers:
            at = per_kind.line_of(kind) if isinstance(per_kind, LinedDict) else line
            yield from _short_value_problems(entry, at, _rendered_short(entry, text, context), {kind})
        return
    if entry.short_answer is None:
        return
    yield from _short_value_problems(
        entry, line, _rendered_short(entry, entry.short_answer, context), served_kinds(entry)
    )


def _rendered_short(entry: LibraryEntry, short: str, context: LintContext) -> str | None:
    """The short answer as fill would write it for the example context (None: it does not render,
    which check_templates reports)."""
    if "{" not in short:
        return short
    from rfp_assistant.errors import TemplateError
    from rfp_assistant.library.templating import render_text

    try:
        return render_text(short, context.variables, entry=entry, field="short_answer")
    except TemplateError:
        return None


def _short_value_problems(entry: LibraryEntry, line: int, short: str | None, kinds: set[str]) -> Iterator[Problem]:
    if short is None:
        return
    if "\n" in short or len(short) > MAX_SHORT_ANSWER_CHARS:
        yield _problem(
            entry,
            line,
            "error",
            f"short_answer must be one line of at most {MAX_SHORT_ANSWER_CHARS} characters "
            "(it fills a single Yes/No, dropdown, number or date cell)",
        )
        return
    polarity = _polarity(short)
    opening = _polarity(re.split(r"[\s,.;:]", entry.answer.strip(), maxsplit=1)[0])
    if polarity and opening and polarity != opening:
        yield _problem(
            entry, line, "error", f"short_answer '{short}' contradicts the answer, which begins '{opening}'"
        )
    if "yes_no" in kinds and polarity is None and not _is_na(short) and kinds <= {"yes_no", "narrative"}:
        yield _problem(
            entry, line, "error", f"short_answer '{short}' is not Yes, No or N/A, and the entry answers a yes/no question"
        )
    for kind in ("numeric", "date"):
        if kind in kinds and kinds <= {kind, "narrative"} and not _fits(short, kind):
            yield _problem(
                entry,
                line,
                "error",
                f"short_answer '{short}' is not a {'number' if kind == 'numeric' else 'date'}, "
                f"and the entry answers a {kind} question",
            )


def check_length(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """Answers over the library's limit (errors) or over a common RFP limit with no answer_brief (warnings)."""
    if entry.status == "retired" or check_template(entry.answer, context.schema):
        return  # a template with problems is not rendered (check_templates reports them)
    try:
        size = len(render_answer(entry, context.variables))
    except TemplateError:
        return  # reported by check_templates
    limit = context.settings.max_answer_chars
    if limit is not None and size > limit:
        yield _problem(
            entry,
            item.line_of("answer"),
            "error",
            f"answer is {size:,} characters, over the library's limit of {limit:,} "
            "(settings.yaml lint.max_answer_chars)",
        )
    over = [n for n in COMMON_LIMITS if size > n]
    if over and not entry.answer_brief:
        yield _problem(
            entry,
            item.line_of("answer"),
            "warning",
            f"answer is {size:,} characters and has no answer_brief: an RFP that limits answers to "
            f"{max(over):,} characters will send it to review",
        )


def check_exhibit_figures(entry: LibraryEntry, item: LinedDict, context: LintContext) -> Iterator[Problem]:
    """An entry placed beside an exhibit quotes the exhibit's figures as variables, not as typed numbers."""
    if not entry.exhibit:
        return
    for key in ("answer", "answer_brief"):
        source = item.get(key)
        if not isinstance(source, str):
            continue
        for number, line in _typed_figures(source):
            yield _problem(
                entry,
                item.text_line(key, line),
                "warning",
                f"{key} states {number!r} beside the {entry.exhibit} exhibit: quote the figure as a "
                "template variable (plan.*, projection.*) so answer and exhibit cannot disagree",
            )


def _typed_figures(source: str) -> Iterator[tuple[str, int]]:
    """Numbers typed into a template's text (outside ``{{ }}`` and ``{% %}``), with their lines."""
    blanked = _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
    for match in _FIGURE.finditer(blanked):
        text = match.group().strip()
        if _YEAR.match(text):
            continue  # a year ("in 2025") is a date, not a figure
        yield text, blanked.count("\n", 0, match.start()) + 1


def _polarity(text: str) -> str | None:
    from rfp_assistant.parse.text import NO_WORDS, YES_WORDS

    word = text.strip().rstrip(".!,;:").lower()
    if word in YES_WORDS:
        return "Yes"
    if word in NO_WORDS:
        return "No"
    return None


def _is_na(text: str) -> bool:
    from rfp_assistant.parse.text import NA_WORDS

    return text.strip().lower() in NA_WORDS


def _fits(short: str, kind: str) -> bool:
    """Whether fill would write this short answer into a ``kind`` cell (the rule fill applies)."""
    from rfp_assistant.match.answer import fit_short_answer
    from rfp_assistant.models import PdfLocation, Question

    probe = Question(id="lint", number=None, section=None, text="", kind=kind, location=PdfLocation(page=1))  # type: ignore[arg-type]
    return fit_short_answer(short, probe) is not None


ENTRY_RULES: tuple[EntryRule, ...] = (
    check_freshness,
    check_owner,
    check_tags,
    check_templates,
    check_short_answer,
    check_length,
    check_exhibit_figures,
)
