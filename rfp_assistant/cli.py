"""The ``rfp-assistant`` command: thin wrappers over the library's front doors.

Every command prints JSON to stdout with ``--json`` (and nothing else there); progress
and messages go to stderr. Bad input or usage exits 2 with one line on stderr. The
``library`` group lives in :mod:`rfp_assistant.cli_library`, shared options and helpers
in :mod:`rfp_assistant.cli_support`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rfp_assistant import __version__
from rfp_assistant.cli_library import library_group
from rfp_assistant.cli_support import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    Progress,
    account_option,
    as_of_option,
    census_option,
    emit_json,
    handle_errors,
    json_option,
    library_option,
    load_account_from,
    model_options,
)
from rfp_assistant.fill_exhibits import EXHIBIT_CHOICES, EXHIBITS_BESIDE

if TYPE_CHECKING:
    from rfp_assistant.models import Response


class _Group(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - one-line usage errors
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "rfp-assistant"
            click.echo(f"rfp-assistant: error: {exc.format_message()} (see '{command} --help')", err=True)
            sys.exit(EXIT_USAGE)
        except click.Abort:
            click.echo("rfp-assistant: aborted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rfp-assistant")
def main() -> None:
    """Answer employer medical-plan RFPs from an approved answer library, offline.

    \b
    Typical run:
      rfp-assistant parse rfp.xlsx                      # what questions are there?
      rfp-assistant fill rfp.xlsx -l answer_library -a account.yaml -o answered.xlsx
      rfp-assistant library lint answer_library         # before committing library edits
      rfp-assistant eval labels.yaml -l answer_library  # how well does matching do?
    """


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@handle_errors
def parse_command(file: Path, as_json: bool) -> None:
    """Find the questions in an RFP file (.xlsx, .xlsm, .docx, .docm, .pdf).

    Each question is listed with where its answer goes: a workbook cell, a Word path such
    as body/tbl[2]/tr[3]/tc[1] with how to write there (cell, after, placeholder,
    checkbox), or a PDF page.

    \b
    Example:
      rfp-assistant parse samples/harbor_point_medical_rfp.xlsx
      rfp-assistant parse samples/cobalt_bay_medical_rfp.docx
      rfp-assistant parse rfp.docx --json | jq '.questions[] | .location'
      rfp-assistant parse samples/granite_ridge_medical_rfp.pdf
    """
    from rfp_assistant.parse import parse

    questionnaire = parse(file)
    if as_json:
        emit_json(questionnaire.to_dict())
        return
    for q in questionnaire.questions:
        where = q.location.describe()
        limit = f" [max {q.limit.value} {q.limit.unit}]" if q.limit else ""
        options = f" ({'/'.join(q.options)})" if q.options else ""
        click.echo(
            f"{q.id}  {q.number or '-':>8}  {q.kind:<10} {where:<26} {_short(q.text, 70)}{options}{limit}"
        )
    sections = len({q.section for q in questionnaire.questions if q.section})
    click.echo(
        f"{len(questionnaire.questions)} questions in {sections} sections, "
        f"{len(questionnaire.fields)} contact fields",
        err=True,
    )


def _short(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@main.command("match")
@click.argument("file", type=click.Path(path_type=Path))
@library_option
@account_option
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Candidates to list per question.",
)
@as_of_option
@model_options
@json_option
@handle_errors
def match_command(
    file: Path,
    library_dir: Path,
    account_path: Path | None,
    top_k: int,
    as_of: Any,
    model: str | None,
    include_drafts: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Match each question of FILE to the answer library and decide: auto, review or none.

    \b
    Example:
      rfp-assistant match samples/harbor_point_medical_rfp.xlsx -l answer_library
      rfp-assistant match rfp.xlsx -l answer_library --json --top 3
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.library import AnswerLibrary
    from rfp_assistant.match import match
    from rfp_assistant.parse import parse

    questionnaire = parse(file)
    library = AnswerLibrary.load(library_dir)
    account = load_account_from(account_path)
    with Progress(quiet or as_json) as progress:
        response = match(
            questionnaire,
            library,
            account=account,
            embedder=SentenceTransformerEmbedder(model),
            top_k=top_k,
            include_drafts=include_drafts,
            progress=progress,
            as_of=as_of.date() if as_of else None,
        )
    if as_json:
        emit_json(response.to_dict())
        return
    for result in response.results:
        best = result.best
        entry = f"{best.entry_id} ({best.score:.2f})" if best else "-"
        click.echo(
            f"{result.question.number or result.question.id:>8}  {result.decision:<6}  {entry:<44} "
            f"{_short(result.question.text, 60)}"
        )
    counts = response.counts()
    click.echo(
        f"auto {counts['auto']}, review {counts['review']}, none {counts['none']} "
        f"(library {response.library_version}, model {response.model})",
        err=True,
    )
    _note_held_back(response)


def _note_held_back(response: Response) -> None:
    """Say on stderr when the library-fit rule held answers back (rfp_assistant/match/fit.py)."""
    note = response.fit_note()
    if note:
        click.echo(f"rfp-assistant: note: {note}", err=True)


@main.command("fill")
@click.argument("file", type=click.Path(path_type=Path))
@library_option
@account_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="Filled copy to write (.xlsx for .xlsx, .docx for .docx input; .docx for a PDF or with --template); "
    "the review report and exhibit files go beside it.",
)
@click.option(
    "--template",
    "template",
    metavar="NAME|PATH.docx",
    help="Render a Word response document from this template instead of filling a copy: "
    "'default' (the shipped template) or a .docx of your own; works for any input.",
)
@click.option(
    "--force", "-f", is_flag=True, help="Replace OUTPUT, its report and its exhibit files if they exist."
)
@census_option("the RFP's own census tab, when it has one that fits the profile")
@click.option(
    "--exhibits",
    "exhibits",
    type=click.Choice(EXHIBIT_CHOICES),
    default=EXHIBITS_BESIDE,
    show_default=True,
    help="Where the account's exhibits go: beside OUTPUT as <OUTPUT stem>.exhibits.xlsx and .docx "
    "(a response document places them inline instead); workbook: as sheets added to the filled copy "
    "(.xlsx/.xlsm only); none: not sent (answers that refer to one go to review).",
)
@click.option(
    "--fail-on-unanswered", is_flag=True, help="Exit 1 when any question is not answered automatically."
)
@click.option(
    "--review",
    "reviewed",
    type=click.Path(path_type=Path),
    default=None,
    metavar="REVIEWED.xlsx",
    help="Apply a person's decisions (Action, Override) from this review report instead of matching.",
)
@click.option(
    "--no-usage-log", is_flag=True, help="Do not append the entries used to the library's usage.jsonl."
)
@click.option(
    "--fields",
    "fill_fields",
    is_flag=True,
    help="Also fill the bidder and contact blanks from plan.yaml (always listed in the report).",
)
@as_of_option
@model_options
@json_option
@handle_errors
def fill_command(
    file: Path,
    library_dir: Path,
    account_path: Path | None,
    output: Path,
    template: str | None,
    force: bool,
    census_file: Path | None,
    exhibits: str,
    fail_on_unanswered: bool,
    no_usage_log: bool,
    reviewed: Path | None,
    fill_fields: bool,
    as_of: Any,
    model: str | None,
    include_drafts: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Write confident answers into a copy of FILE, plus a review report beside it.

    Only 'auto' answers go into the copy; everything else is listed in
    <OUTPUT stem>.review.xlsx with its best candidates. The input is never changed.
    A Word questionnaire is filled in place too; a PDF one (or any input with
    --template) gets a Word response document instead, every question in the
    issuer's order with its approved answer or a highlighted placeholder.

    The as-of date (--as-of, default today) is recorded in the report.
    With --review, the decisions a person made in that report's Review sheet (Action:
    accept, reject, blank or a candidate number; Override: their own text) make the
    copy instead, and nothing is matched again.

    With an account profile that has (or, from the RFP's census tab or --census, gets) a
    census, the membership projection and rate development exhibits go beside OUTPUT as
    <OUTPUT stem>.exhibits.xlsx and .docx (--exhibits workbook adds them to the copy as
    sheets instead), answers that refer to them name the exhibit and its file, and the
    issuer's own rate-quote grids get the quoted rates. Census counts that differ from
    the profile's are listed on stderr.

    \b
    Example:
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml -o out/harbor_point_answered.xlsx
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml --review out/harbor_point_answered.review.xlsx \\
          -o out/harbor_point_final.xlsx
      rfp-assistant fill samples/ashgrove_health_medical_rfp.xlsx -l answer_library \\
          -a samples/ashgrove_health_account.yaml -o out/ashgrove_answered.xlsx \\
          --as-of 2027-01-08 --fields
      rfp-assistant fill rfp.xlsx -l answer_library -a account.yaml --census census.csv \\
          -o out/answered.xlsx --exhibits workbook --force
      rfp-assistant fill samples/cobalt_bay_medical_rfp.docx -l answer_library \\
          -a samples/cobalt_bay_account.yaml -o out/cobalt_bay_answered.docx
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml --template default -o out/harbor_point_response.docx
    """
    if reviewed is not None:
        _fill_reviewed(
            file,
            library_dir,
            account_path,
            reviewed,
            output,
            force,
            fail_on_unanswered,
            not no_usage_log,
            as_of.date() if as_of else None,
            as_json,
            census=census_file,
            exhibits=exhibits,
            template=template,
        )
        return
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.fill import fill

    with Progress(quiet or as_json) as progress:
        result = fill(
            file,
            library_dir,
            output,
            account=load_account_from(account_path),
            census=census_file,
            exhibits=exhibits,
            embedder=SentenceTransformerEmbedder(model),
            force=force,
            include_drafts=include_drafts,
            progress=progress,
            usage_log=not no_usage_log,
            as_of=as_of.date() if as_of else None,
            fields=fill_fields,
            template=template,
        )
    _fill_done(result, fail_on_unanswered, as_json)


def _fill_reviewed(
    file: Path,
    library_dir: Path,
    account_path: Path | None,
    reviewed: Path,
    output: Path,
    force: bool,
    fail_on_unanswered: bool,
    usage_log: bool,
    as_of: date | None,
    as_json: bool,
    *,
    census: Path | None,
    exhibits: str,
    template: str | None,
) -> None:
    from rfp_assistant.review import fill_reviewed

    result = fill_reviewed(
        file,
        library_dir,
        reviewed,
        output,
        account=load_account_from(account_path),
        force=force,
        usage_log=usage_log,
        as_of=as_of,
        census=census,
        exhibits=exhibits,
        template=template,
    )
    for warning in result.warnings:
        click.echo(f"rfp-assistant: warning: {warning}", err=True)
    if not as_json:
        applied = result.applied
        click.echo(
            f"Applied: accept {applied['accept']}, candidate {applied['candidate']}, "
            f"override {applied['override']}, blank {applied['blank']}; "
            f"{applied['kept']} kept as fill decided"
        )
    _fill_done(result, fail_on_unanswered, as_json)


def _fill_done(result: Any, fail_on_unanswered: bool, as_json: bool) -> None:
    _echo_notes(result.census_notes)
    if result.usage_note:
        click.echo(f"rfp-assistant: note: {result.usage_note}", err=True)
    _note_held_back(result.response)
    counts = result.response.counts()
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(f"{'Response:' if result.response_document else 'Filled copy:':<14} {result.output}")
        click.echo(f"Review report: {result.report}")
        if result.exhibits:
            click.echo(f"Exhibits:      {', '.join(str(p) for p in result.exhibits)}")
        if result.rate_quote is not None and (result.rate_quote.writes or result.rate_quote.unfilled):
            quote = result.rate_quote
            click.echo(
                f"Rate grids:    {len(quote.writes)} rates written, {len(quote.unfilled)} grid(s) to complete "
                "(see the report's 'Rate grids' sheet)"
            )
        click.echo(f"auto {counts['auto']}, review {counts['review']}, none {counts['none']}")
    if fail_on_unanswered and (counts["review"] or counts["none"]):
        sys.exit(EXIT_FINDINGS)


@main.command("project")
@click.argument("account_file", type=click.Path(path_type=Path))
@click.option(
    "--output-dir",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Write projection.xlsx, members.png and exhibits.docx into this folder.",
)
@census_option()
@click.option(
    "--library",
    "-l",
    "library_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Answer library whose plan.yaml names the plan on the exhibits' pages.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date printed on the exhibits' pages (YYYY-MM-DD) [default: today].",
)
@json_option
@handle_errors
def project_command(
    account_file: Path,
    out_dir: Path | None,
    census_file: Path | None,
    library_dir: Path | None,
    as_of: Any,
    as_json: bool,
) -> None:
    """Project membership and premium from an account profile's census and rates.

    \b
    Example:
      rfp-assistant project samples/harbor_point_account.yaml
      rfp-assistant project samples/harbor_point_account.yaml -o out/exhibits --json
      rfp-assistant project samples/harbor_point_account.yaml --census samples/harbor_point_census.xlsx
      rfp-assistant project samples/harbor_point_account.yaml --census samples/harbor_point_medical_rfp.xlsx \\
          -o out/exhibits -l answer_library
    """
    from rfp_assistant import project_account

    plan = None
    if library_dir is not None:
        from rfp_assistant.library import AnswerLibrary

        plan = AnswerLibrary.load(library_dir).plan.get("name")
    result = project_account(
        account_file,
        census=census_file,
        output_dir=out_dir,
        plan_name=plan,
        prepared=as_of.date() if as_of else None,
    )
    _echo_notes(result.census_notes)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(result.table())
    for path in result.outputs:
        click.echo(f"Wrote {path}", err=True)


def _echo_notes(lines: tuple[str, ...] | list[str]) -> None:
    """Census notes on stderr: a heading line prefixed with the program's name, details indented."""
    for line in lines:
        click.echo(f"rfp-assistant: {line}" if not line.startswith(" ") else line, err=True)


main.add_command(library_group)

# eval, calibrate and library tune live in their own module and register on import.
from rfp_assistant import cli_matching  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
