"""The ``rfp-assistant`` command: thin wrappers over the library's front doors.

Every command prints JSON to stdout with ``--json`` (and nothing else there); progress
and messages go to stderr. Bad input or usage exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rfp_assistant import __version__
from rfp_assistant.errors import RfpAssistantError

if TYPE_CHECKING:
    from rfp_assistant.account import AccountProfile

F = TypeVar("F", bound=Callable[..., Any])
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _fail(message: str) -> None:
    click.echo(f"rfp-assistant: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def handle_errors(func: F) -> F:
    """Turn the library's errors into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RfpAssistantError as exc:
            _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except ValueError as exc:  # invalid settings and the like
            _fail(str(exc))

    return wrapper  # type: ignore[return-value]


# -- shared options --------------------------------------------------------------------------


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON to stdout.")(
        func
    )


def library_option(func: F) -> F:
    return click.option(
        "--library",
        "-l",
        "library_dir",
        required=True,
        type=click.Path(path_type=Path),
        help="Answer library folder (YAML files).",
    )(func)


def account_option(func: F) -> F:
    return click.option(
        "--account",
        "-a",
        "account_path",
        type=click.Path(path_type=Path),
        help="Account profile YAML (employer, funding, census): filters entries and fills {{ account }}.",
    )(func)


def model_options(func: F) -> F:
    func = click.option(
        "--model",
        "-m",
        envvar="RFP_ASSISTANT_MODEL",
        default=None,
        help="sentence-transformers model name or path [env: RFP_ASSISTANT_MODEL; "
        "default: the packaged all-MiniLM-L6-v2].",
    )(func)
    func = click.option("--include-drafts", is_flag=True, help="Also answer from draft entries.")(func)
    func = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(func)
    return func


class _Progress:
    """Progress bars on stderr while the model encodes: one per stage, only on a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.stage: str | None = None
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=total, label=stage, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load_account(path: Path | None) -> AccountProfile | None:
    if path is None:
        return None
    from rfp_assistant.account import load_account

    return load_account(path)


# -- commands ---------------------------------------------------------------------------------


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
    """Find the questions in an RFP file (.xlsx, .xlsm).

    \b
    Example:
      rfp-assistant parse samples/harbor_point_medical_rfp.xlsx
      rfp-assistant parse rfp.xlsx --json | jq '.questions[] | .number'
    """
    from rfp_assistant.parse import parse

    questionnaire = parse(file)
    if as_json:
        _emit_json(questionnaire.to_dict())
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
    account = _load_account(account_path)
    with _Progress(quiet or as_json) as progress:
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
        _emit_json(response.to_dict())
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
    help="Filled copy to write (.xlsx for .xlsx input); the review report goes beside it.",
)
@click.option("--force", "-f", is_flag=True, help="Replace OUTPUT and its report if they exist.")
@click.option(
    "--fail-on-unanswered", is_flag=True, help="Exit 1 when any question is not answered automatically."
)
@model_options
@json_option
@handle_errors
def fill_command(
    file: Path,
    library_dir: Path,
    account_path: Path | None,
    output: Path,
    force: bool,
    fail_on_unanswered: bool,
    model: str | None,
    include_drafts: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Write confident answers into a copy of FILE, plus a review report beside it.

    Only 'auto' answers go into the copy; everything else is listed in
    <OUTPUT stem>.review.xlsx with its best candidates. The input is never changed.

    \b
    Example:
      rfp-assistant fill samples/harbor_point_medical_rfp.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml -o out/harbor_point_answered.xlsx
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.fill import fill

    with _Progress(quiet or as_json) as progress:
        result = fill(
            file,
            library_dir,
            output,
            account=_load_account(account_path),
            embedder=SentenceTransformerEmbedder(model),
            force=force,
            include_drafts=include_drafts,
            progress=progress,
        )
    counts = result.response.counts()
    if as_json:
        _emit_json(result.to_dict())
    else:
        click.echo(f"Filled copy:   {result.output}")
        click.echo(f"Review report: {result.report}")
        click.echo(f"auto {counts['auto']}, review {counts['review']}, none {counts['none']}")
    if fail_on_unanswered and (counts["review"] or counts["none"]):
        sys.exit(EXIT_FINDINGS)


@main.group("library")
def library_group() -> None:
    """Maintain an answer library: lint schema, templates, owners and review dates."""


@library_group.command("lint")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check review dates as of this day (YYYY-MM-DD) [default: today].",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@json_option
@handle_errors
def lint_command(directory: Path, as_of: Any, strict: bool, as_json: bool) -> None:
    """Check an answer library: schema, ids, templates, owners and review dates.

    Prints 'file:line: severity: message' per problem and exits 1 when there are errors
    (or warnings, with --strict).

    \b
    Example:
      rfp-assistant library lint answer_library --as-of 2027-01-01
    """
    from rfp_assistant import lint_library

    if not directory.is_dir():
        _fail(f"{directory}: " + ("not a folder" if directory.exists() else "library folder not found"))
    day: date | None = as_of.date() if as_of else None
    problems = lint_library(directory, as_of=day)
    if as_json:
        _emit_json({"problems": [p.__dict__ for p in problems]})
    else:
        for problem in problems:
            click.echo(str(problem))
        errors = sum(p.severity == "error" for p in problems)
        click.echo(f"{errors} errors, {len(problems) - errors} warnings", err=True)
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
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
@json_option
@handle_errors
def project_command(account_file: Path, out_dir: Path | None, as_json: bool) -> None:
    """Project membership and premium from an account profile's census and rates.

    \b
    Example:
      rfp-assistant project samples/harbor_point_account.yaml
      rfp-assistant project samples/harbor_point_account.yaml -o out/exhibits --json
    """
    from rfp_assistant import project_account

    result = project_account(account_file, output_dir=out_dir)
    if as_json:
        _emit_json(result.to_dict())
        return
    click.echo(result.table())
    for path in result.outputs:
        click.echo(f"Wrote {path}", err=True)


# eval, calibrate and library tune live in their own module and register on import.
from rfp_assistant import cli_matching  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
