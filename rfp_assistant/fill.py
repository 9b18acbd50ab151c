"""The fill front door: parse, match and write the filled output plus its review report.

Nothing here knows a file format: the parser registry reads the questionnaire, the
renderer registry (:mod:`rfp_assistant.render`) says which outputs fit it and writes
them, and the review report module names the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.context import account_exhibits, template_context
from rfp_assistant.embed import Embedder, EmbeddingCache, StageProgress
from rfp_assistant.errors import OutputError, UnsupportedFormatError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.usage import record_fill
from rfp_assistant.match import match
from rfp_assistant.models import Placement, Response
from rfp_assistant.parse import parse
from rfp_assistant.parse.guard import format_of
from rfp_assistant.settings import MatchSettings

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit
    from rfp_assistant.render import Renderer


@dataclass(frozen=True)
class FillResult:
    """What :func:`fill` wrote: the filled copy, the review report and the matched response."""

    output: Path
    report: Path
    response: Response
    usage_note: str | None = None  # why the library's usage log could not be written, if it could not

    def to_dict(self) -> dict[str, Any]:
        return {"output": str(self.output), "report": str(self.report), "counts": self.response.counts()}


def check_output(source: Path, output: Path, renderer: Renderer | None, *, force: bool) -> None:
    """Refuse an output that would overwrite the input, exists (without ``force``) or has the wrong type."""
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
    for target in (output, report_path(output)):
        if target.exists() and not force:
            raise OutputError(f"{target} exists; use --force to replace it", path=target)


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
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    force: bool = False,
    include_drafts: bool = False,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
    usage_log: bool = True,
    template: str | Path | None = None,
) -> FillResult:
    """Fill a copy of ``source`` with the library's confident answers and write the review report.

    The input is never modified; both outputs are written atomically. ``account`` is an
    :class:`~rfp_assistant.account.AccountProfile` or a path to one. With ``usage_log``
    (the default) the entries used are appended to the library's usage log
    (:mod:`rfp_assistant.library.usage`); a log that cannot be written only sets
    :attr:`FillResult.usage_note`. With ``template`` (``"default"`` or a path to a Word
    template), ``output`` is a response document rendered from that template instead of a
    filled copy, for an input of any format. Raises
    :class:`~rfp_assistant.errors.UnsupportedFormatError` when no renderer writes the
    input's format yet.
    """
    from rfp_assistant.render import renderer_for
    from rfp_assistant.render.report import report_path

    source, output = Path(source), Path(output)
    fmt = format_of(source)
    renderer = renderer_for(fmt, template=template) if fmt is not None else None
    check_output(source, output, renderer, force=force)
    questionnaire = parse(source, require_questions=True)
    if renderer is None:
        raise UnsupportedFormatError(f"filling {questionnaire.format} files is not supported yet", path=source)
    if not isinstance(library, AnswerLibrary):
        library = AnswerLibrary.load(library)
    if isinstance(account, str | Path):
        account = load_account(account)
    context = template_context(library, account)
    exhibits = account_exhibits(account)
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
    response = _check_exhibits(response, account, exhibits)
    placements = renderer.render(source, output, response, exhibits, context)
    response = apply_placements(response, placements)
    report = report_path(output)
    where = {p.question_id: p.describe() for p in placements}
    try:
        _write_report(report, response, output, where, library)
    except BaseException:
        output.unlink(missing_ok=True)  # a filled copy without its report is half a result
        raise
    note = record_fill(library.path, source, response) if usage_log else None
    return FillResult(output=output, report=report, response=response, usage_note=note)


def _write_report(
    report: Path, response: Response, output: Path, where: dict[str, str], library: AnswerLibrary
) -> None:
    from rfp_assistant.render.report import write_report

    write_report(report, response, output=output, placements=where, entries={e.id: e for e in library.entries})
