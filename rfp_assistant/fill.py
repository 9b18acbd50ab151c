"""The fill front door: parse, match and write the filled output plus its review report.

Nothing here knows a file format: the parser registry reads the questionnaire, the
renderer registry (:mod:`rfp_assistant.render`) says which outputs fit it and writes
them, and the review report module names the report. The account's census, exhibits
and the issuer's rate grids are planned in :mod:`rfp_assistant.fill_exhibits`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.atomic import refuse_existing
from rfp_assistant.context import template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, StageProgress
from rfp_assistant.errors import OutputError, UnsupportedFormatError
from rfp_assistant.fields import field_values
from rfp_assistant.fill_exhibits import (
    EXHIBITS_BESIDE,
    account_for_fill,
    check_exhibit_choice,
    plan_exhibits,
)
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.usage import record_fill
from rfp_assistant.match import match
from rfp_assistant.models import Placement, Questionnaire, Response
from rfp_assistant.parse import parse
from rfp_assistant.parse.guard import format_of
from rfp_assistant.settings import MatchSettings

if TYPE_CHECKING:
    from rfp_assistant.decisions import PersonDecision
    from rfp_assistant.exhibits import Exhibit
    from rfp_assistant.fill_exhibits import ExhibitPlan
    from rfp_assistant.rate_quote import RateQuoteWrites
    from rfp_assistant.render import Renderer


@dataclass(frozen=True)
class FillResult:
    """What :func:`fill` wrote: the filled copy, the review report and the matched response.

    ``exhibits`` are the exhibit files written beside the copy (none when the exhibits
    went into the copy or nowhere, or without a census); ``census_notes`` the lines saying which
    census counts differ from the profile's (or, starting ``warning:``, why the RFP's
    census was not used); ``rate_quote`` what was written into the issuer's rate grids
    and what is left to complete (``None`` when nothing was looked for).
    """

    output: Path
    report: Path
    response: Response
    usage_note: str | None = None  # why the library's usage log could not be written, if it could not
    exhibits: tuple[Path, ...] = ()
    census_notes: tuple[str, ...] = ()
    rate_quote: RateQuoteWrites | None = None
    response_document: bool = False  # the output is a document of its own (a templated response), not a copy

    def to_dict(self) -> dict[str, Any]:
        """The ``fill --json`` document; ``exhibits`` only when exhibit files were written."""
        data: dict[str, Any] = {
            "output": str(self.output),
            "report": str(self.report),
            "counts": self.response.counts(),
        }
        if self.exhibits:
            data["exhibits"] = [str(p) for p in self.exhibits]
        return data


def check_output(
    source: Path, output: Path, renderer: Renderer | None, *, force: bool, also: Sequence[Path] = ()
) -> None:
    """Refuse an output that would overwrite the input, exists (without ``force``) or has the wrong type.

    ``also`` are further files the run writes beside the output (the exhibit files),
    refused like it when they exist; neither they nor the report may be the input either
    (an input named like the report of its own output would be replaced by that report).
    """
    from rfp_assistant.render.report import report_path

    expected = renderer.suffixes(source) if renderer is not None else ()
    if renderer is not None and expected and output.suffix.lower() not in expected:
        raise OutputError(
            f"output must be a {' or '.join(expected)} file for a {source.suffix.lower()} input: "
            f"{renderer.output_kind} (got {output.name!r})",
            path=output,
        )
    if output.resolve() == source.resolve():
        raise OutputError("the output would overwrite the input file; choose another name", path=output)
    if not output.parent.is_dir():
        raise OutputError(f"output folder does not exist: {output.parent}", path=output)
    written = (output, report_path(output), *also)
    for target in written[1:]:
        if target.resolve() == source.resolve():
            raise OutputError(
                f"{target.name}, written beside the output, would overwrite the input file; choose another name",
                path=output,
            )
    refuse_existing(written, force=force)


def _check_exhibits(
    response: Response, account: AccountProfile | None, available: Mapping[str, Exhibit]
) -> Response:
    """Send to review any automatic answer whose exhibit cannot be computed for this account."""
    results = []
    for result in response.results:
        if result.decision == "auto" and result.exhibit and result.exhibit not in available:
            need = (
                "an account profile (--account) with a census"
                if account is None or not available
                else "experience data in the account profile"
            )
            result = replace(
                result,
                decision="review",
                reason=f"the answer refers to the {result.exhibit} exhibit, which needs {need}",
            )
        results.append(result)
    return replace(response, results=tuple(results))


def apply_placements(response: Response, placements: list[Placement]) -> Response:
    """The response as written: the text the renderer wrote, and review for what it could not write.

    An automatic answer that could not be written is one a person must place, so it goes
    to review with the renderer's note as the reason.
    """
    by_id = {p.question_id: p for p in placements if not p.suggested}
    results = []
    for result in response.results:
        placement = by_id.get(result.question.id)
        if result.decision == "auto" and placement is not None:
            if placement.answer is not None:
                result = replace(result, answer=placement.answer)
            if not placement.written and placement.note:
                result = replace(result, decision="review", reason=placement.note)
        results.append(result)
    return replace(response, results=tuple(results))


@dataclass(frozen=True)
class FillJob:
    """A fill ready to decide: checked paths, the renderer, the questionnaire and what answers need.

    Built by :func:`prepare_fill`; both :func:`fill` (which matches) and
    :func:`rfp_assistant.review.fill_reviewed` (which applies a person's decisions) decide
    its answers and hand them to :func:`write_fill`. ``plan`` says where the account's
    exhibits go and what goes into the issuer's rate grids; ``census_notes`` which census
    counts replaced the profile's.
    """

    source: Path
    output: Path
    renderer: Renderer
    questionnaire: Questionnaire
    library: AnswerLibrary
    account: AccountProfile | None
    context: dict[str, Any]
    plan: ExhibitPlan
    as_of: date
    force: bool = False
    census_notes: tuple[str, ...] = ()

    @property
    def exhibits(self) -> Mapping[str, Exhibit]:
        """The exhibits the account produces (whatever their delivery)."""
        return self.plan.exhibits


def prepare_fill(
    source: str | Path,
    library: AnswerLibrary | str | Path,
    output: str | Path,
    *,
    account: AccountProfile | str | Path | None = None,
    census: str | Path | None = None,
    exhibits: str = EXHIBITS_BESIDE,
    force: bool = False,
    as_of: date | None = None,
    template: str | Path | None = None,
) -> FillJob:
    """Check the outputs, parse ``source``, load the library and account, build the context once.

    See :func:`fill` for ``census``, ``exhibits``, ``as_of`` (default today) and ``template``.
    """
    from rfp_assistant.render import renderer_for

    source, output = Path(source), Path(output)
    fmt = format_of(source)
    renderer = renderer_for(fmt, template=template) if fmt is not None else None
    check_output(source, output, renderer, force=force)
    if renderer is not None:
        check_exhibit_choice(exhibits, renderer, output)
    questionnaire = parse(source, require_questions=True)
    if renderer is None:
        raise UnsupportedFormatError(f"filling {questionnaire.format} files is not supported yet", path=source)
    if not isinstance(library, AnswerLibrary):
        library = AnswerLibrary.load(library)
    if isinstance(account, str | Path):
        account = load_account(account)
    account, census_notes = account_for_fill(source, account, census)
    day = as_of or date.today()
    plan = plan_exhibits(source, output, renderer, account, library, choice=exhibits, as_of=day)
    check_output(source, output, renderer, force=force, also=plan.files)
    return FillJob(
        source=source,
        output=output,
        renderer=renderer,
        questionnaire=questionnaire,
        library=library,
        account=account,
        context=template_context(library, account),
        plan=plan,
        as_of=day,
        force=force,
        census_notes=tuple(census_notes),
    )


def write_fill(
    job: FillJob,
    response: Response,
    *,
    person: Mapping[str, PersonDecision] | None = None,
    usage_log: bool = True,
    fields: bool = False,
) -> FillResult:
    """Write the decided ``response`` into the output, its exhibits and its review report.

    ``person`` (question id -> what a person decided) goes into the report's Action,
    Override and "Decided by" columns when the decisions came from a review. With
    ``fields``, the contact and identification blanks are written from ``plan.yaml``
    (:mod:`rfp_assistant.fields`); the report lists them either way. When any output
    fails, none of them stays. With ``usage_log``, the entries used are then appended to
    the library's usage log.
    """
    from rfp_assistant.render import places_exhibits_inline
    from rfp_assistant.render.report import report_path
    from rfp_assistant.reporting import write_review_report

    plan = job.plan
    response = plan.prepare(_check_exhibits(response, job.account, plan.exhibits))
    suggested = field_values(job.questionnaire.fields, job.library.plan, job.as_of)
    if fields:
        response = replace(response, field_values=suggested)
    placements = job.renderer.render(job.source, job.output, response, plan.delivery(), job.context)
    response = apply_placements(response, placements)
    report = report_path(job.output)
    try:
        written = plan.write_files(force=job.force)
        write_review_report(
            report,
            job,
            response,
            placements,
            person=person,
            field_suggestions=suggested,
            rate_quote=plan.rate_quote,
        )
    except BaseException:
        for path in (job.output, *plan.files):  # a filled copy without its report or exhibits is half a result
            path.unlink(missing_ok=True)
        raise
    note = record_fill(job.library.path, job.source, response) if usage_log else None
    return FillResult(
        output=job.output,
        report=report,
        response=response,
        usage_note=note,
        exhibits=tuple(written),
        census_notes=job.census_notes,
        rate_quote=plan.rate_quote,
        response_document=places_exhibits_inline(job.renderer),
    )


def fill(
    source: str | Path,
    library: AnswerLibrary | str | Path,
    output: str | Path,
    *,
    account: AccountProfile | str | Path | None = None,
    census: str | Path | None = None,
    exhibits: str = EXHIBITS_BESIDE,
    as_of: date | None = None,
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    force: bool = False,
    include_drafts: bool = False,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
    usage_log: bool = True,
    fields: bool = False,
    template: str | Path | None = None,
) -> FillResult:
    """Fill a copy of ``source`` with the library's confident answers and write the review report.

    The input is never modified; every output is written atomically, and when one
    fails none of them stays. ``account`` is an
    :class:`~rfp_assistant.account.AccountProfile` or a path to one; ``census`` a census
    file whose counts replace the profile's (without it, a census tab of ``source`` is
    used when it fits the profile; see :func:`~rfp_assistant.fill_exhibits.account_for_fill`).
    ``exhibits`` says where the account's exhibits go, one of
    :data:`~rfp_assistant.fill_exhibits.EXHIBIT_CHOICES`: beside ``output`` (the
    default: files named after it, see :attr:`FillResult.exhibits`), into the copy (for
    an output that can hold them) or nowhere (answers that refer to an exhibit then go
    to review). ``as_of`` (default today, recorded in the report, and the date on the
    exhibits' pages) is the day the answers are for: entries overdue for review then are
    not written, and the same inputs with the same ``as_of`` give the same output. The
    issuer's rate-quote grids get the quoted rates when the account has a projection and
    the renderer writes them; the report lists those it could not fill. With ``fields``,
    the contact and identification blanks are filled from ``plan.yaml``; they are listed
    in the report either way. With ``usage_log`` (the default) the entries used are
    appended to the library's usage log (:mod:`rfp_assistant.library.usage`); a log that
    cannot be written only sets :attr:`FillResult.usage_note`. With ``template``
    (``"default"`` or a path to a Word template), ``output`` is a response document
    rendered from that template instead of a filled copy, for an input of any format. Raises
    :class:`~rfp_assistant.errors.UnsupportedFormatError` when no renderer writes the
    input's format yet. To apply a person's decisions from a reviewed report instead of
    matching, see :func:`rfp_assistant.review.fill_reviewed`.
    """
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
    response = match(
        job.questionnaire,
        job.library,
        account=job.account,
        embedder=embedder,
        settings=settings,
        include_drafts=include_drafts,
        cache=cache,
        progress=progress,
        context=job.context,
        as_of=job.as_of,
    )
    return write_fill(job, response, usage_log=usage_log, fields=fields)
