"""The ``rfp-assistant`` command: thin wrappers over the library's front doors.

Every command prints JSON to stdout with ``--json`` (and nothing else there); progress
and messages go to stderr. Bad input or usage exits 2 with one line on stderr. The
``library`` group lives in :mod:`rfp_assistant.cli_library`, shared options and helpers
in :mod:`rfp_assistant.cli_support`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rfp_assistant import __version__
from rfp_assistant.cli_library import library_group
from rfp_assistant.cli_support import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    Progress,
    account_option,
    emit_json,
    handle_errors,
    json_option,
    library_option,
    load_account_from,
    model_options,
)


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
    """


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@handle_errors
def parse_command(file: Path, as_json: bool) -> None:
    """Find the questions in an RFP file (.xlsx, .xlsm, .docx, .docm).

    Each question is listed with where its answer goes: a workbook cell, or a Word path
    such as body/tbl[2]/tr[3]/tc[1] with how to write there (cell, after, placeholder,
    checkbox).

    \b
    Example:
      rfp-assistant parse samples/harbor_point_medical_rfp.xlsx
      rfp-assistant parse samples/cobalt_bay_medical_rfp.docx
      rfp-assistant parse rfp.docx --json | jq '.questions[] | .location'
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
@model_options
@json_option
@handle_errors
def match_command(
    file: Path,
    library_dir: Path,
    account_path: Path | None,
    top_k: int,
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
    "the review report goes beside it.",
)
@click.option(
    "--template",
    "template",
    metavar="NAME|PATH.docx",
    help="Render a Word response document from this template instead of filling a copy: "
    "'default' (the shipped template) or a .docx of your own; works for any input.",
)
@click.option("--force", "-f", is_flag=True, help="Replace OUTPUT and its report if they exist.")
@click.option(
    "--fail-on-unanswered", is_flag=True, help="Exit 1 when any question is not answered automatically."
)
@click.option(
    "--no-usage-log", is_flag=True, help="Do not append the entries used to the library's usage.jsonl."
)
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
    fail_on_unanswered: bool,
    no_usage_log: bool,
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

    \b
    Example:
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml -o out/harbor_point_answered.xlsx
      rfp-assistant fill samples/cobalt_bay_medical_rfp.docx -l answer_library \\
          -a samples/cobalt_bay_account.yaml -o out/cobalt_bay_answered.docx
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml --template default -o out/harbor_point_response.docx
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.fill import fill

    with Progress(quiet or as_json) as progress:
        result = fill(
            file,
            library_dir,
            output,
            account=load_account_from(account_path),
            embedder=SentenceTransformerEmbedder(model),
            force=force,
            include_drafts=include_drafts,
            progress=progress,
            usage_log=not no_usage_log,
            template=template,
        )
    if result.usage_note:
        click.echo(f"rfp-assistant: note: {result.usage_note}", err=True)
    counts = result.response.counts()
    if as_json:
        emit_json(result.to_dict())
    else:
        responds = template is not None or file.suffix.lower() == ".pdf"
        click.echo(f"{'Response:' if responds else 'Filled copy:':<14} {result.output}")
        click.echo(f"Review report: {result.report}")
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
@click.option(
    "--census",
    "census_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Census workbook or .csv, or the RFP workbook itself (its census tab is found); its counts "
    "replace the profile's, and stderr says which differ.",
)
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
    for line in result.census_notes:
        click.echo(f"rfp-assistant: {line}" if not line.startswith(" ") else line, err=True)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(result.table())
    for path in result.outputs:
        click.echo(f"Wrote {path}", err=True)


main.add_command(library_group)

if __name__ == "__main__":  # pragma: no cover
    main()
