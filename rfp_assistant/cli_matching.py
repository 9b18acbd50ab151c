"""The matching-quality commands: ``eval``, ``calibrate`` and ``library tune``.

They live beside :mod:`rfp_assistant.cli` (which imports this module to register them)
and use its shared options and error handling; like every command they are thin: one
call into the library, then print.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rfp_assistant.cli import main
from rfp_assistant.cli_library import library_group
from rfp_assistant.cli_support import (
    EXIT_FINDINGS,
    Progress,
    account_option,
    emit_json,
    handle_errors,
    json_option,
    library_option,
    load_account_from,
)

if TYPE_CHECKING:
    from rfp_assistant.evaluation import ReviewLoad

MODEL_HELP = (
    "sentence-transformers model name or path (e.g. one `library tune` wrote) "
    "[env: RFP_ASSISTANT_MODEL; default: the packaged all-MiniLM-L6-v2]."
)
TRADE_OFF_ROWS = 12
"""How many rows of the precision/coverage trade-off ``calibrate`` prints."""


def _model_option(func: Any) -> Any:
    func = click.option("--model", "-m", envvar="RFP_ASSISTANT_MODEL", default=None, help=MODEL_HELP)(func)
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(func)


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


@main.command("eval")
@click.argument("labels", nargs=-1, required=True, type=click.Path(path_type=Path))
@library_option
@account_option
@_model_option
@json_option
@handle_errors
def eval_command(
    labels: tuple[Path, ...], library_dir: Path, account_path: Path | None, model: str | None, quiet: bool, as_json: bool
) -> None:
    """Measure matching on a labelled set: top-1, recall@5, MRR, automatic precision and coverage.

    LABELS is a YAML list of {text, expected: <entry id or null>} (key 'question' works
    for 'text'), or an .xlsx with 'text' and 'expected' columns; several files are
    measured as one set. The questions are matched as a pool, not as one questionnaire.

    \b
    Example:
      rfp-assistant eval tests/data/match_labels.yaml -l answer_library
      rfp-assistant eval labels.xlsx -l my_library --json | jq .auto_precision
      rfp-assistant eval batch1.yaml batch2.yaml -l my_library
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.evaluation import label_set_name, load_label_sets, measure, run
    from rfp_assistant.library import AnswerLibrary

    library = AnswerLibrary.load(library_dir)
    items, paths = load_label_sets(labels, library)
    with Progress(quiet or as_json) as progress:
        response = run(
            items,
            library,
            source=label_set_name(paths, full=True),
            account=load_account_from(account_path),
            embedder=SentenceTransformerEmbedder(model),
            progress=progress,
        )
    figures = measure(items, response)
    if as_json:
        emit_json(figures.to_dict())
        return
    rows = (
        ("questions", f"{figures.questions} ({figures.answerable} answerable, {figures.unanswerable} not)"),
        ("top-1 accuracy", _percent(figures.top1)),
        ("recall@5", _percent(figures.recall_at_5)),
        ("MRR", f"{figures.mrr:.3f}"),
        (
            "automatic answers",
            f"{figures.auto}, {figures.auto_right} right: precision {_percent(figures.auto_precision)}, "
            f"coverage {_percent(figures.auto_coverage)} of answerable",
        ),
        ("unanswerable left alone", _percent(figures.unanswerable_left_alone)),
        ("decisions", ", ".join(f"{k} {v}" for k, v in figures.counts.items())),
        ("left for review", _review_line(figures.review)),
        ("calibration", figures.calibration or "-"),
    )
    for label, value in rows:
        click.echo(f"{label:<24} {value}")
    click.echo(f"(library {figures.library_version}, model {figures.model})", err=True)


def _review_line(review: ReviewLoad) -> str:
    """What the review sheet asks of a person, in one line."""
    if not review.questions:
        return "none"
    return (
        f"{review.questions}: {review.answerable} answerable (first candidate right "
        f"{_percent(review.first_right)}, right one among candidates 1-5 {_percent(review.listed_right)}), "
        f"{review.unanswerable} to reject; {review.missed} answerable left with no answer"
    )


@main.command("calibrate")
@click.argument("labels", nargs=-1, required=True, type=click.Path(path_type=Path))
@library_option
@account_option
@click.option("--dry-run", is_flag=True, help="Print the trade-off; do not write settings.yaml.")
@click.option(
    "--refit",
    is_flag=True,
    help="Also refit the confidence model on LABELS (needs 30 right and 10 wrong best candidates); "
    "keep it only where the cross-validation shows it helps.",
)
@_model_option
@json_option
@handle_errors
def calibrate_command(
    labels: tuple[Path, ...],
    library_dir: Path,
    account_path: Path | None,
    dry_run: bool,
    refit: bool,
    model: str | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Set the library's operating point from a labelled set, writing it into its settings.yaml.

    Picks the lowest confidence at which automatic answers are right at least 98% of the
    time on LABELS (same formats as 'eval'; several files are one set) counting one wrong answer more than the set
    shows (a margin: (right + 1) / (answered + 2)), writes it as matching.auto_confidence with a
    record of the set (the file's other content and comments are kept) and prints the
    precision/coverage trade-off and what a 5-fold cross-validation of the same procedure
    gives questions it was not chosen on. With --refit the confidence model itself is
    refitted on LABELS first and stored in the record. Exits 1, writing nothing, when no
    point reaches 98%.

    \b
    Example:
      rfp-assistant calibrate tests/data/match_labels.yaml -l answer_library
      rfp-assistant calibrate labels.yaml -l my_library --dry-run
      rfp-assistant calibrate labels.yaml -l my_library --refit --dry-run
      rfp-assistant calibrate batch1.yaml batch2.yaml -l my_library
    """
    from rfp_assistant.embed import SentenceTransformerEmbedder
    from rfp_assistant.evaluation import calibrate
    from rfp_assistant.library import AnswerLibrary

    library = AnswerLibrary.load(library_dir)
    with Progress(quiet or as_json) as progress:
        result = calibrate(
            labels,
            library,
            write=not dry_run,
            refit=refit,
            account=load_account_from(account_path),
            embedder=SentenceTransformerEmbedder(model),
            progress=progress,
        )
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(f"{'confidence':>10}  {'auto':>5}  {'right':>5}  {'precision':>9}  {'coverage':>8}  unanswerable auto")
        step = max(1, len(result.points) // TRADE_OFF_ROWS)
        shown = {*result.points[::step], *([result.chosen] if result.chosen else [])}
        for point in sorted(shown, key=lambda p: -p.confidence):
            mark = "  <- chosen" if point == result.chosen else ""
            click.echo(
                f"{point.confidence:>10.3f}  {point.auto:>5}  {point.right:>5}  {_percent(point.precision):>9}  "
                f"{_percent(point.coverage):>8}  {point.unanswerable_auto}{mark}"
            )
        validation = result.cross_validation
        if validation is not None:
            click.echo(
                f"cross-validated ({validation.folds} folds, each answered from a point chosen on the others): "
                f"{validation.auto} automatic, {validation.right} right: precision {_percent(validation.precision)}, "
                f"coverage {_percent(validation.coverage)}, {validation.unanswerable_auto} unanswerable answered",
                err=True,
            )
        if refit and not result.refitted:
            click.echo("too few right and wrong best candidates to refit: the library's own confidence model is kept", err=True)
        if result.chosen is None:
            click.echo(
                f"no operating point keeps automatic answers {_percent(result.target)} right counting one wrong "
                f"answer more than the set shows (with none wrong, that takes {_needed(result.target)} right answers)",
                err=True,
            )
        elif result.settings_file:
            click.echo(f"Wrote auto_confidence {result.chosen.confidence:.4f} to {result.settings_file}", err=True)
    if result.chosen is None:
        sys.exit(EXIT_FINDINGS)


def _needed(target: float) -> int:
    """Right answers, none wrong, whose margin-counted precision (n + 1) / (n + 2) reaches ``target``."""
    return max(0, math.ceil((2 * target - 1) / (1 - target)))


@library_group.command("tune")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", required=True, type=click.Path(path_type=Path), help="Folder to save the tuned model in."
)
@click.option(
    "--model",
    "-m",
    envvar="RFP_ASSISTANT_MODEL",
    default=None,
    help="Model to start from [env: RFP_ASSISTANT_MODEL; default: the packaged all-MiniLM-L6-v2].",
)
@click.option("--force", "-f", is_flag=True, help="Replace OUTPUT if it holds files.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@json_option
@handle_errors
def tune_command(directory: Path, output: Path, model: str | None, force: bool, quiet: bool, as_json: bool) -> None:
    """Fine-tune the embedding model on the library's own question/alternate/answer pairs.

    Runs on the CPU (about a minute for a few hundred entries); match, fill, eval and
    calibrate use the result with --model OUTPUT. Measure before you keep it: see the
    README's "Matching" section for what it changed on our libraries.

    \b
    Example:
      rfp-assistant library tune answer_library -o models/northwind
      rfp-assistant eval labels.yaml -l answer_library --model models/northwind
    """
    from rfp_assistant.tuning import tune_library

    with Progress(quiet or as_json) as progress:
        result = tune_library(
            directory,
            output,
            model=model,
            force=force,
            progress=lambda done, total: progress("Tuning", done, total),
        )
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"Tuned {result.base_model} on {result.pairs} pairs: {result.output}")
