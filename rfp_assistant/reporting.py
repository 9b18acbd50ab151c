"""What the review report is built from, for every output format.

:func:`write_review_report` gathers, besides the decided response, where each answer
goes (the renderer's own rules, so the report and the copy agree), the first lines of
every candidate's answer (so a person can choose without opening the library) and the
Meta records that tie the report to its input (the input's sha256, the library version,
the model), then has :mod:`rfp_assistant.render.report` write it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.decisions import PersonDecision, ReportMeta
from rfp_assistant.errors import TemplateError
from rfp_assistant.library.templating import render_answer
from rfp_assistant.models import FieldValue, LibraryEntry, Placement, Response

if TYPE_CHECKING:
    from rfp_assistant.fill import FillJob
    from rfp_assistant.rate_quote import RateQuoteWrites

PREVIEW_LINES = 3
PREVIEW_CHARS = 300
HASH_CHUNK_BYTES = 1 << 20
GONE = "(no longer in the answer library)"


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def answer_goes_to(job: FillJob, response: Response, placements: list[Placement]) -> dict[str, str]:
    """The "Answer goes to" text per question: the spots written, else the spots an answer would take.

    An automatic answer the renderer could not write keeps its planned spots here (its
    reason says why nothing was written); a question with no spot at all gets the
    renderer's note, or nothing (the report then describes the question's location).
    """
    from rfp_assistant.render import planned_spots

    planned = planned_spots(job.renderer, job.source, response)
    by_id = {p.question_id: p for p in placements}
    where: dict[str, str] = {}
    for result in response.results:
        qid = result.question.id
        placement = by_id.get(qid)
        if placement is not None and placement.written:
            where[qid] = placement.describe()
        elif planned.get(qid):
            where[qid] = ", ".join(planned[qid])
        elif placement is not None and placement.note:
            where[qid] = placement.note
    return where


def preview(text: str) -> str:
    """The first lines of an answer, for choosing among candidates."""
    lines = [line for line in text.splitlines() if line.strip()]
    shown = "\n".join(lines[:PREVIEW_LINES])
    if len(shown) > PREVIEW_CHARS:
        shown = shown[:PREVIEW_CHARS].rstrip()
        return shown + "…"
    return shown + ("\n…" if len(lines) > PREVIEW_LINES else "")


def candidate_previews(
    response: Response, entries: Mapping[str, LibraryEntry], context: Mapping[str, Any]
) -> dict[str, str]:
    """Entry id -> the first lines of its rendered answer, for every candidate of every question."""
    variables = dict(context)
    previews: dict[str, str] = {}
    for result in response.results:
        for match in result.matches:
            if match.entry_id in previews:
                continue
            entry = entries.get(match.entry_id)
            if entry is None:
                previews[match.entry_id] = GONE
                continue
            try:
                previews[match.entry_id] = preview(render_answer(entry, variables))
            except TemplateError as exc:
                previews[match.entry_id] = f"(cannot be rendered: {exc})"
    return previews


def report_meta(job: FillJob, response: Response) -> ReportMeta:
    """The Meta records for a report of ``job``: the input's hash, the library version and the model."""
    from rfp_assistant import __version__

    account = job.account
    account_file = account.source if account is not None else None
    return ReportMeta(
        input_name=job.source.name,
        input_sha256=file_sha256(job.source),
        library_version=response.library_version,
        model=response.model,
        employer=account.name if account is not None else None,
        account_name=account_file.name if account_file is not None else None,
        account_sha256=file_sha256(account_file)
        if account_file is not None and account_file.is_file()
        else None,
        output_name=job.output.name,
        writer=f"rfp-assistant {__version__}",
    )


def write_review_report(
    report: Path,
    job: FillJob,
    response: Response,
    placements: list[Placement],
    *,
    person: Mapping[str, PersonDecision] | None = None,
    field_suggestions: Sequence[FieldValue] = (),
    rate_quote: RateQuoteWrites | None = None,
) -> None:
    """Write the review report of ``job``'s output to ``report`` (atomically)."""
    from rfp_assistant.render import report as report_module

    entries = {e.id: e for e in job.library.entries}
    report_module.write_report(
        report,
        response,
        output=job.output,
        placements=answer_goes_to(job, response, placements),
        entries=entries,
        previews=candidate_previews(response, entries, job.context),
        meta=report_meta(job, response),
        person=person,
        placed={p.question_id: p for p in placements},
        field_suggestions=field_suggestions,
        rate_quote=rate_quote,
    )
