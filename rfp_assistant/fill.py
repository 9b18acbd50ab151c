"""The fill front door: parse, match and write the filled copy plus its review report."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rfp_assistant.embed import Embedder, EmbeddingCache, StageProgress
from rfp_assistant.errors import InputError, OutputError, UnsupportedFormatError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.match import match
from rfp_assistant.models import Response
from rfp_assistant.parse import parse
from rfp_assistant.parse.guard import FORMAT_BY_SUFFIX
from rfp_assistant.settings import MatchSettings

REPORT_SUFFIX = ".review.xlsx"


@dataclass(frozen=True)
class FillResult:
    """What :func:`fill` wrote: the filled copy, the review report and the matched response."""

    output: Path
    report: Path
    response: Response

    def to_dict(self) -> dict[str, Any]:
        return {"output": str(self.output), "report": str(self.report), "counts": self.response.counts()}


def report_path(output: Path) -> Path:
    """``answers.xlsx`` -> ``answers.review.xlsx`` beside it."""
    return output.with_name(output.stem + REPORT_SUFFIX)


def check_output(source: Path, output: Path, *, force: bool) -> None:
    """Refuse an output that would overwrite the input, exists (without ``force``) or has the wrong type."""
    in_suffix = source.suffix.lower()
    out_suffix = output.suffix.lower()
    in_format = FORMAT_BY_SUFFIX.get(in_suffix)
    expected = {".pdf": (".docx",)}.get(in_suffix, (in_suffix,))
    if in_format and out_suffix not in expected:
        raise OutputError(
            f"output must be a {' or '.join(expected)} file for a {in_suffix} input (got {output.name!r})",
            path=output,
        )
    if output.resolve() == source.resolve():
        raise OutputError("the output would overwrite the input file; choose another name", path=output)
    if not output.parent.is_dir():
        raise OutputError(f"output folder does not exist: {output.parent}", path=output)
    for target in (output, report_path(output)):
        if target.exists() and not force:
            raise OutputError(f"{target} exists; use --force to replace it", path=target)


def _account_exhibits(account: Any) -> dict[str, Any]:
    """The exhibits this account profile can produce (none without a census)."""
    if account is None or not getattr(account, "has_projection", False):
        return {}
    from rfp_assistant.exhibits import exhibits_for

    return dict(exhibits_for(account))


def _check_exhibits(response: Response, account: Any, available: dict[str, Any]) -> Response:
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


def _exhibit_sheets(
    source: Path, response: Response, exhibits: dict[str, Any]
) -> tuple[Response, dict[str, bytes]]:
    """Exhibit sheets to add to the filled workbook, and answers pointing to them."""
    wanted = list(dict.fromkeys(r.exhibit for r in response.results if r.decision == "auto" and r.exhibit))
    if not wanted:
        return response, {}
    from rfp_assistant.render.xlsx_exhibits import GraftError, exhibit_parts

    try:
        parts, titles = exhibit_parts(source, [exhibits[name] for name in wanted])
    except GraftError as exc:
        results = tuple(
            replace(
                r,
                decision="review",
                reason=f"the {r.exhibit} exhibit could not be added to this workbook: {exc}",
            )
            if r.decision == "auto" and r.exhibit
            else r
            for r in response.results
        )
        return replace(response, results=results), {}
    results = tuple(
        replace(r, answer=f"{r.answer}\n\nSee the '{titles[r.exhibit]}' sheet in this workbook.")
        if r.decision == "auto" and r.exhibit in titles
        else r
        for r in response.results
    )
    return replace(response, results=results), parts


def _unwritten_to_review(response: Response, placements: list[Any]) -> Response:
    """An automatic answer that could not be written is one a person must place: review."""
    notes = {p.question_id: p.note for p in placements if not p.cells and p.note}
    results = tuple(
        replace(r, decision="review", reason=notes[r.question.id])
        if r.decision == "auto" and r.question.id in notes
        else r
        for r in response.results
    )
    return replace(response, results=results)


def fill(
    source: str | Path,
    library: AnswerLibrary | str | Path,
    output: str | Path,
    *,
    account: Any = None,
    embedder: Embedder | None = None,
    settings: MatchSettings | dict[str, Any] | None = None,
    force: bool = False,
    include_drafts: bool = False,
    cache: EmbeddingCache | None = None,
    progress: StageProgress | None = None,
) -> FillResult:
    """Fill a copy of ``source`` with the library's confident answers and write the review report.

    The input is never modified; both outputs are written atomically. ``account`` is an
    :class:`~rfp_assistant.account.AccountProfile` or a path to one.
    """
    source, output = Path(source), Path(output)
    check_output(source, output, force=force)
    questionnaire = parse(source)
    if not questionnaire.questions:
        raise InputError(
            "no questions found: no sheet has a question column (see 'rfp-assistant parse' for what was read)",
            path=source,
        )
    if not isinstance(library, AnswerLibrary):
        library = AnswerLibrary.load(library)
    if isinstance(account, str | Path):
        from rfp_assistant.account import load_account

        account = load_account(account)
    response = match(
        questionnaire,
        library,
        account=account,
        embedder=embedder,
        settings=settings,
        include_drafts=include_drafts,
        cache=cache,
        progress=progress,
    )
    report = report_path(output)
    exhibits = _account_exhibits(account)
    response = _check_exhibits(response, account, exhibits)
    if questionnaire.format == "xlsx":
        from rfp_assistant.render.xlsx import fill_workbook

        response, parts = _exhibit_sheets(source, response, exhibits)
        placements = fill_workbook(source, output, response, extra_parts=parts)
    else:
        raise UnsupportedFormatError(
            f"filling {questionnaire.format} files is not supported yet", path=source
        )
    from rfp_assistant.render.report import write_report

    response = _unwritten_to_review(response, placements)

    where = {p.question_id: (", ".join(p.cells) if p.cells else (p.note or "")) for p in placements}
    try:
        write_report(
            report, response, output=output, placements=where, entries={e.id: e for e in library.entries}
        )
    except BaseException:
        output.unlink(missing_ok=True)  # a filled copy without its report is half a result
        raise
    return FillResult(output=output, report=report, response=response)
