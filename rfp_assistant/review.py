"""``fill --review``: the final document from a person's decisions in a review workbook.

The person decides in the report's Review sheet (see :mod:`rfp_assistant.decisions`);
:func:`fill_reviewed` applies those decisions to the same input and writes the final
copy and a new review report for it. Nothing is matched again:

- an ``Override`` is written exactly as typed, as text (``=A1`` stays text); one that
  fits the question's short answer (a dropdown value, a number, a date) goes to the
  answer spot, any other to where narratives go;
- ``accept`` writes the suggested entry's answer, a rank (``2``) that candidate's answer,
  both rendered from the library entry as fill renders answers, and written even where
  fill held back (a length limit, a missing short answer: the person saw the reason);
- ``reject`` or ``blank`` leaves the question blank;
- a row with neither keeps the decision the workbook records: an ``auto`` answer is
  rendered again from its entry and written, a ``review`` or ``none`` one stays blank.

The workbook must have been made for this very input (its recorded sha256); a library
that changed since is a warning, and an entry that no longer exists leaves its question
blank, reported. The new report records what was applied: a chosen candidate becomes the
suggestion (``accept``), so applying the new report again gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.decisions import ACCEPT, Action, PersonDecision, ReviewedQuestion, ReviewedWorkbook
from rfp_assistant.errors import InputError, OutputError
from rfp_assistant.fill import FillJob, FillResult, prepare_fill, write_fill
from rfp_assistant.fill_exhibits import EXHIBITS_BESIDE
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match.answer import fit_short_answer
from rfp_assistant.match.calibration import BUILTIN
from rfp_assistant.match.decide import decide
from rfp_assistant.models import SHORT_ANSWER_KINDS, LibraryEntry, Match, Question, QuestionResult, Response
from rfp_assistant.parse.review import read_review
from rfp_assistant.reporting import file_sha256
from rfp_assistant.settings import MatchSettings
from rfp_assistant.text import one_line

OVERRIDE_REASON = "a person's own text (Override)"
CHOSEN_SCORE = 1.0  # a person's choice is taken as a perfect match: only the fit checks remain
HASH_SHOWN = 12
ACCEPTED = Action("accept", word=ACCEPT)


@dataclass(frozen=True)
class ReviewedFillResult(FillResult):
    """What :func:`fill_reviewed` wrote, how many decisions of each kind it applied, and its warnings."""

    applied: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["review"] = {"applied": dict(self.applied), "warnings": list(self.warnings)}
        return data


def fill_reviewed(
    source: str | Path,
    library: AnswerLibrary | str | Path,
    reviewed: str | Path,
    output: str | Path,
    *,
    account: AccountProfile | str | Path | None = None,
    force: bool = False,
    usage_log: bool = True,
    as_of: date | None = None,
    census: str | Path | None = None,
    exhibits: str = EXHIBITS_BESIDE,
    template: str | Path | None = None,
) -> ReviewedFillResult:
    """Write the final copy of ``source`` from the decisions in the review workbook ``reviewed``.

    Raises :class:`InputError` for a workbook that is not a review report or was made
    for another input file, and :class:`OutputError` when the new report would replace
    ``reviewed``. Warnings (library or account changed, entries gone, answers a cell
    could not take) are returned in the result, not raised.
    """
    from rfp_assistant.render.report import report_path

    reviewed, output = Path(reviewed), Path(output)
    for target in (output, report_path(output)):
        if target.resolve() == reviewed.resolve():
            raise OutputError(
                f"writing {target.name} would replace the review workbook; choose another -o", path=target
            )
    job = prepare_fill(
        source,
        library,
        output,
        account=account,
        census=census,
        exhibits=exhibits,
        force=force,
        as_of=as_of,
        template=template,
    )
    book = read_review(reviewed)
    _check_same_input(job, book, reviewed)
    warnings = _changed_since(job, book, reviewed)
    response, person, problems = apply_review(job, book)
    result = write_fill(job, response, person=person, usage_log=usage_log)
    warnings += problems + _not_written(result.response, person)
    return ReviewedFillResult(
        output=result.output,
        report=result.report,
        response=result.response,
        usage_note=result.usage_note,
        exhibits=result.exhibits,
        census_notes=result.census_notes,
        rate_quote=result.rate_quote,
        response_document=result.response_document,
        applied=_applied_counts(person, len(response.results)),
        warnings=tuple(warnings),
    )


APPLIED_KINDS = ("accept", "candidate", "override", "blank", "kept")


def _applied_counts(person: dict[str, PersonDecision], questions: int) -> dict[str, int]:
    """How many questions each kind of decision settled (``kept``: as fill decided)."""
    counts = dict.fromkeys(APPLIED_KINDS, 0)
    for decision in person.values():
        kind = decision.applied.split(" ")[0]
        counts["blank" if kind == "reject" else kind] += 1
    counts["kept"] = questions - len(person)
    return counts


def _check_same_input(job: FillJob, book: ReviewedWorkbook, reviewed: Path) -> None:
    digest = file_sha256(job.source)
    recorded = book.meta.input_sha256
    if digest != recorded:
        raise InputError(
            f"this review workbook was made for another input file ({book.meta.input_name or 'unknown'}, "
            f"sha256 {recorded[:HASH_SHOWN]}…), not {job.source.name} (sha256 {digest[:HASH_SHOWN]}…)",
            path=reviewed,
        )
    rows = {q.question_id: q for q in book.questions}
    for question in job.questionnaire.questions:
        row = rows.get(question.id)
        if row is None:
            raise InputError(f"the Review sheet has no row for {question.id}: keep every row", path=reviewed)
        if one_line(row.text) != one_line(question.text):
            raise InputError(
                f"the Review sheet does not list {job.source.name}'s questions as they are read now "
                f"({question.id} differs): make a new review with 'rfp-assistant fill'",
                path=reviewed,
            )
    if len(rows) != len(job.questionnaire.questions):
        extra = sorted(set(rows) - {q.id for q in job.questionnaire.questions})[0]
        raise InputError(
            f"the Review sheet lists {extra}, which {job.source.name} does not have", path=reviewed
        )


def _changed_since(job: FillJob, book: ReviewedWorkbook, reviewed: Path) -> list[str]:
    warnings = []
    meta = book.meta
    if meta.library_version != job.library.version:
        warnings.append(
            f"{reviewed.name}: the answer library changed since this review was made "
            f"({meta.library_version} then, {job.library.version} now): the decisions are applied "
            "to the entries as they are now"
        )
    account = job.account
    now = file_sha256(account.source) if account is not None and account.source is not None else None
    if meta.account_sha256 != now and (meta.account_sha256 or now):
        then = meta.account_name or "no account profile"
        warnings.append(
            f"{reviewed.name}: the review was made with {then}, this fill uses "
            f"{account.source.name if account is not None and account.source else 'none'} (or it changed since): "
            "answers are rendered with the account given now"
        )
    return warnings


def apply_review(
    job: FillJob, book: ReviewedWorkbook
) -> tuple[Response, dict[str, PersonDecision], list[str]]:
    """The response a person's decisions give, what each decision did, and what could not be applied.

    Returns the response (one result per question, in order), the applied
    :class:`PersonDecision` per question a person decided, and one message per decision
    that left a question blank against the person's intent (an entry gone or unrenderable).
    """
    entries = {e.id: e for e in job.library.entries}
    variables = dict(job.context)
    rows = {q.question_id: q for q in book.questions}
    results: list[QuestionResult] = []
    person: dict[str, PersonDecision] = {}
    problems: list[str] = []
    for question in job.questionnaire.questions:
        row = rows[question.id]
        if row.person.decided:
            result, applied, problem = _apply_person(question, row, entries, variables, job.as_of)
            person[question.id] = applied
        else:
            result, problem = _keep(question, row, entries, variables, job.as_of)
        if problem:
            problems.append(f"{question.id} ({question.number or question.id}): {problem}")
        results.append(result)
    response = Response(
        questionnaire=job.questionnaire,
        results=tuple(results),
        library_version=job.library.version,
        model=book.meta.model,
    )
    return response, person, problems


def _apply_person(
    question: Question,
    row: ReviewedQuestion,
    entries: dict[str, LibraryEntry],
    variables: dict[str, Any],
    as_of: date,
) -> tuple[QuestionResult, PersonDecision, str | None]:
    person, candidates = row.person, row.candidates
    if person.override is not None:
        return _override(question, candidates, person.override), replace(person, applied="override"), None
    action = person.action
    assert action is not None  # decided: an override or an action
    if action.kind == "blank":
        blank = QuestionResult(question, "none", candidates, reason=f"left blank by a person ({action})")
        return blank, replace(person, applied=str(action)), None
    entry_id = row.chosen_entry()
    applied = "accept" if action.kind == "accept" else f"candidate {action.rank} ({entry_id})"
    result, problem = answer_with(question, entry_id, entries, variables, as_of)
    if result is None:
        blank = QuestionResult(question, "none", candidates, reason=f"{problem}: left blank")
        return blank, replace(person, applied=applied), f"{applied}: {problem}: left blank"
    reason = f"chosen by a person; {result.reason}" if result.reason else None
    chosen = replace(result, decision="auto", matches=_first(candidates, entry_id), reason=reason)
    # The chosen entry is the new report's suggestion, so there the action reads "accept".
    return chosen, PersonDecision(action=ACCEPTED, applied=applied), None


def _keep(
    question: Question,
    row: ReviewedQuestion,
    entries: dict[str, LibraryEntry],
    variables: dict[str, Any],
    as_of: date,
) -> tuple[QuestionResult, str | None]:
    """What fill decided, as recorded: an ``auto`` answer rendered again from its entry."""
    candidates = row.candidates
    if row.decision == "none":
        return QuestionResult(question, "none", candidates, reason=row.reason), None
    result, problem = answer_with(question, row.entry_id, entries, variables, as_of)
    if result is None:
        if row.decision == "auto":
            return QuestionResult(question, "none", candidates, reason=f"{problem}: left blank"), problem
        return QuestionResult(question, "review", candidates, reason=problem), None
    if row.decision == "auto":
        return replace(result, matches=candidates), None  # auto again, unless the entry no longer fits
    return replace(result, decision="review", matches=candidates, reason=row.reason), None


def answer_with(
    question: Question,
    entry_id: str | None,
    entries: dict[str, LibraryEntry],
    variables: dict[str, Any],
    as_of: date,
) -> tuple[QuestionResult | None, str | None]:
    """``question`` answered with one entry, rendered and fitted as fill does, or None and why not.

    The result's decision is ``auto``, or ``review`` with the reason when the entry does
    not fit the question (over its length limit, no short answer for a Yes/No cell).
    """
    entry = entries.get(entry_id) if entry_id else None
    if entry is None:
        return None, f"entry {entry_id!r} is no longer in the answer library"
    if entry.status == "retired":
        return None, f"entry {entry_id!r} has been retired"
    chosen = Match(entry.id, CHOSEN_SCORE, entry.question, confidence=CHOSEN_SCORE)
    result = decide(question, (chosen,), {entry.id: entry}, variables, BUILTIN, MatchSettings(), as_of=as_of)
    if result.answer is None and result.short_answer is None:
        return None, result.reason or f"entry {entry_id!r} has no answer for this question"
    return result, None


def _override(question: Question, candidates: tuple[Match, ...], text: str) -> QuestionResult:
    """A person's own text: the short answer when it fits the question's kind, else a narrative."""
    fits = question.kind in SHORT_ANSWER_KINDS and fit_short_answer(text.strip(), question) is not None
    if fits:
        return QuestionResult(question, "auto", candidates, short_answer=text, reason=OVERRIDE_REASON)
    return QuestionResult(question, "auto", candidates, answer=text, reason=OVERRIDE_REASON)


def _first(candidates: tuple[Match, ...], entry_id: str | None) -> tuple[Match, ...]:
    """The candidates with the chosen one first: it is the new report's suggestion."""
    chosen = tuple(m for m in candidates if m.entry_id == entry_id)
    return chosen + tuple(m for m in candidates if m.entry_id != entry_id)


def _not_written(response: Response, person: dict[str, PersonDecision]) -> list[str]:
    """A person's answer that the document could not take (a cell already answered, no spot)."""
    return [
        f"{r.question.id} ({r.question.number or r.question.id}): {person[r.question.id].applied} "
        f"not written: {r.reason}"
        for r in response.results
        if r.question.id in person and r.decision == "review"
    ]
