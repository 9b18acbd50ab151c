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
from rfp_assistant.fill_exhibits import (
    EXHIBITS_BESIDE,
    account_for_fill,
    check_exhibit_choice,
    plan_exhibits,
)
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.usage import record_fill
from rfp_assistant.match import match
from rfp_assistant.models import Placement, Response
from rfp_assistant.parse import parse
from rfp_assistant.parse.guard import format_of
from rfp_assistant.settings import MatchSettings

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit
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
    if expected and output.suffix.lower() not in expected:
        raise OutputError(
            f"output must be a {' or '.join(expected)} file for a {source.suffix.lower()} input "
            f"(got {output.name!r})",
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
    by_id = {p.question_id: p for p in placements}
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
    to review); their pages are dated ``as_of`` (default today). The issuer's rate-quote
    grids get the quoted rates when the account has a projection and the renderer
    writes them; the report lists those it could not fill. With ``usage_log`` (the
    default) the entries used are appended to the library's usage log
    (:mod:`rfp_assistant.library.usage`); a log that cannot be written only sets
    :attr:`FillResult.usage_note`. Raises
    :class:`~rfp_assistant.errors.UnsupportedFormatError` when no renderer writes the
    input's format yet.
    """
    from rfp_assistant.render import renderer_for
    from rfp_assistant.render.report import report_path

    source, output = Path(source), Path(output)
    fmt = format_of(source)
    renderer = renderer_for(fmt) if fmt is not None else None
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
    plan = plan_exhibits(source, output, renderer, account, library, choice=exhibits, as_of=as_of)
    check_output(source, output, renderer, force=force, also=plan.files)
    context = template_context(library, account)
    response = match(
        questionnaire,
        library,
        account=account,
        embedder=embedder,
        settings=settings,
        include_drafts=include_drafts,
        cache=cache,
        progress=progress,
        context=context,
    )
    response = plan.prepare(_check_exhibits(response, account, plan.exhibits))
    placements = renderer.render(source, output, response, plan.delivery(), context)
    response = apply_placements(response, placements)
    report = report_path(output)
    where = {p.question_id: p.describe() for p in placements}
    try:
        written = plan.write_files(force=force)
        _write_report(report, response, output, where, library, plan.rate_quote)
    except BaseException:
        for path in (output, *plan.files):  # a filled copy without its report or exhibits is half a result
            path.unlink(missing_ok=True)
        raise
    note = record_fill(library.path, source, response) if usage_log else None
    return FillResult(
        output=output,
        report=report,
        response=response,
        usage_note=note,
        exhibits=tuple(written),
        census_notes=census_notes,
        rate_quote=plan.rate_quote,
    )


def _write_report(
    report: Path,
    response: Response,
    output: Path,
    where: dict[str, str],
    library: AnswerLibrary,
    rate_quote: RateQuoteWrites | None = None,
) -> None:
    from rfp_assistant.render.report import write_report

    write_report(
        report,
        response,
        output=output,
        placements=where,
        entries={e.id: e for e in library.entries},
        rate_quote=rate_quote,
    )
