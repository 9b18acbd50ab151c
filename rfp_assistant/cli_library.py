"""The ``rfp-assistant library`` commands: lint, stats, dupes, harvest and the rest.

Maintainers' tools over an answer library folder; each report goes to stdout (``--json``
too) and a command exits 1 when it reports findings.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from rfp_assistant.cli_support import (
    EXIT_FINDINGS,
    F,
    account_option,
    emit_json,
    fail,
    handle_errors,
    json_option,
    library_option,
    load_account_from,
)


@click.group("library")
def library_group() -> None:
    """Maintain an answer library: lint, near-duplicates, stats and harvesting past responses."""


def embedding_model_option(func: F) -> F:
    """``--model`` alone, for library commands that embed but never answer from drafts."""
    return click.option(
        "--model",
        "-m",
        envvar="RFP_ASSISTANT_MODEL",
        default=None,
        help="sentence-transformers model name or path [env: RFP_ASSISTANT_MODEL; "
        "default: the packaged all-MiniLM-L6-v2].",
    )(func)


@library_group.command("lint")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check review dates as of this day (YYYY-MM-DD) [default: today].",
)
@click.option(
    "--due-within",
    type=click.IntRange(0, None),
    default=None,
    metavar="DAYS",
    help="Warn about reviews due within DAYS [default: settings.yaml lint.due_within_days, else 30].",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@json_option
@handle_errors
def lint_command(directory: Path, as_of: Any, due_within: int | None, strict: bool, as_json: bool) -> None:
    """Check an answer library: schema, templates, review dates, lengths and glossary.

    Prints 'file:line: severity: message [entry id]' per problem and exits 1 when there
    are errors (or warnings, with --strict), so a library repository can gate merges on it.

    \b
    Example:
      rfp-assistant library lint answer_library --as-of 2027-01-01
      rfp-assistant library lint answer_library --strict --json | jq '.problems[].message'
    """
    from rfp_assistant import lint_library
    from rfp_assistant.library.lint import format_problem, problem_to_dict

    if not directory.is_dir():
        fail(f"{directory}: " + ("not a folder" if directory.exists() else "library folder not found"))
    day: date | None = as_of.date() if as_of else None
    problems = lint_library(directory, as_of=day, warn_within_days=due_within)
    errors = sum(p.severity == "error" for p in problems)
    if as_json:
        emit_json(
            {
                "problems": [problem_to_dict(p) for p in problems],
                "counts": {"errors": errors, "warnings": len(problems) - errors},
            }
        )
    else:
        for problem in problems:
            click.echo(format_problem(problem))
        click.echo(f"{errors} errors, {len(problems) - errors} warnings", err=True)
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
        sys.exit(EXIT_FINDINGS)


@library_group.command("stats")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge review dates as of this day (YYYY-MM-DD) [default: today].",
)
@click.option(
    "--due-within",
    type=click.IntRange(0, None),
    default=None,
    metavar="DAYS",
    help="Count reviews due within DAYS as due soon [default: settings.yaml lint.due_within_days, else 30].",
)
@click.option("--top", type=click.IntRange(1, None), default=10, show_default=True, help="Most used answers to list.")
@json_option
@handle_errors
def stats_command(directory: Path, as_of: Any, due_within: int | None, top: int, as_json: bool) -> None:
    """Count a library's entries by topic file, tag, owner and status; freshness; usage.

    Usage (most used answers, approved answers never used) comes from the usage log
    (usage.jsonl) that fill keeps beside the library.

    \b
    Example:
      rfp-assistant library stats answer_library
      rfp-assistant library stats answer_library --json | jq '.usage.never_used | length'
    """
    from rfp_assistant.library.stats import format_stats, library_stats

    stats = library_stats(directory, as_of=as_of.date() if as_of else None, due_within_days=due_within, top=top)
    if as_json:
        emit_json(stats.to_dict())
    else:
        click.echo(format_stats(stats))


@library_group.command("dupes")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--min-semantic",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Embedding cosine from which two phrasings are near-duplicates [default: 0.88].",
)
@click.option(
    "--min-lexical",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Shared-words (TF-IDF) cosine from which two phrasings are near-duplicates [default: 0.90].",
)
@embedding_model_option
@json_option
@handle_errors
def dupes_command(
    directory: Path, min_semantic: float | None, min_lexical: float | None, model: str | None, as_json: bool
) -> None:
    """Find near-duplicate entries, contradictions first, as candidates to merge.

    Contradictions are near-duplicates whose short answers differ or whose answers state
    different figures (99.4% vs 99.1%); both statements are quoted. Exits 1 when it
    found something, 0 when not.

    \b
    Example:
      rfp-assistant library dupes answer_library
      rfp-assistant library dupes answer_library --json | jq '.contradictions'
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.library import AnswerLibrary
    from rfp_assistant.library.dupes import (
        DEFAULT_MIN_LEXICAL,
        DEFAULT_MIN_SEMANTIC,
        find_duplicates,
        format_dupes,
    )

    report = find_duplicates(
        AnswerLibrary.load(directory),
        embedder=SentenceTransformerEmbedder(model),
        min_semantic=DEFAULT_MIN_SEMANTIC if min_semantic is None else min_semantic,
        min_lexical=DEFAULT_MIN_LEXICAL if min_lexical is None else min_lexical,
    )
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(format_dupes(report))
    if report.found:
        sys.exit(EXIT_FINDINGS)


@library_group.command("harvest")
@click.argument("completed", type=click.Path(path_type=Path))
@library_option
@account_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="YAML file to write the draft entries to.",
)
@click.option(
    "--original",
    type=click.Path(path_type=Path),
    default=None,
    help="The questionnaire as the issuer sent it, blank (needed for a Word response).",
)
@click.option("--force", "-f", is_flag=True, help="Replace OUTPUT if it exists.")
@embedding_model_option
@json_option
@handle_errors
def harvest_command(
    completed: Path,
    library_dir: Path,
    account_path: Path | None,
    output: Path,
    original: Path | None,
    force: bool,
    model: str | None,
    as_json: bool,
) -> None:
    """Draft library entries from an RFP response that was already completed and sent.

    Questions answered with the library's own text are skipped; the others become
    'status: draft' entries (no owner) recording where they came from. Sent answers that
    differ from the library's approved answer are listed: the library may be out of date.
    Exits 0 when the drafts file was written.

    \b
    Example:
      rfp-assistant library harvest samples/harbor_point_completed.xlsx -l answer_library \\
          -a samples/harbor_point_account.yaml -o harvested.yaml
      rfp-assistant library harvest samples/cobalt_bay_completed.docx -l answer_library \\
          --original samples/cobalt_bay_medical_rfp.docx -o harvested.yaml
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.library.harvest import format_harvest, harvest

    result = harvest(
        completed,
        library_dir,
        output,
        account=load_account_from(account_path),
        embedder=SentenceTransformerEmbedder(model),
        force=force,
        original=original,
    )
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(format_harvest(result))


@library_group.command("learn")
@click.argument("reviewed", type=click.Path(path_type=Path))
@library_option
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@click.option(
    "--drafts",
    type=click.Path(path_type=Path),
    default=None,
    metavar="NEW.yaml",
    help="Also write the overrides to this new file as draft entries (status: draft, no owner).",
)
@json_option
@handle_errors
def learn_command(
    reviewed: Path, library_dir: Path, dry_run: bool, drafts: Path | None, as_json: bool
) -> None:
    """Teach the library the question wordings a person accepted in a review workbook.

    Every question answered with 'accept' or a candidate number gets its wording added
    to that entry's alternates (in place; comments and formatting kept, so the diff is
    just the added lines), unless the entry already has it. Overrides are never added:
    they are listed, and with --drafts written as draft entries for a maintainer.

    \b
    Example:
      rfp-assistant library learn out/harbor_point_answered.review.xlsx -l answer_library --dry-run
      rfp-assistant library learn out/harbor_point_answered.review.xlsx -l answer_library \\
          --drafts answer_library/drafts_harbor_point.yaml
    """
    from rfp_assistant import learn_from_review

    result = learn_from_review(reviewed, library_dir, dry_run=dry_run, drafts=drafts)
    for warning in result.warnings:
        click.echo(f"rfp-assistant: warning: {warning}", err=True)
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(result.format())
