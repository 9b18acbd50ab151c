"""What every ``rfp-assistant`` command shares: JSON output, one-line errors, options, progress.

Commands live in :mod:`rfp_assistant.cli` (parse, match, fill, project) and
:mod:`rfp_assistant.cli_library` (the ``library`` group); both import these.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rfp_assistant.errors import RfpAssistantError

if TYPE_CHECKING:
    from rfp_assistant.account import AccountProfile

F = TypeVar("F", bound=Callable[..., Any])
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def fail(message: str) -> None:
    click.echo(f"rfp-assistant: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def handle_errors(func: F) -> F:
    """Turn the library's errors into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RfpAssistantError as exc:
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except ValueError as exc:  # invalid settings and the like
            fail(str(exc))

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


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Answer as of this day (YYYY-MM-DD): entries overdue for review then are not used "
        "automatically; the same inputs and day give the same output [default: today].",
    )(func)


def census_option(default: str = "") -> Callable[[F], F]:
    """``--census FILE``; ``default`` says what is used without it."""
    note = f" [default: {default}]" if default else ""
    return click.option(
        "--census",
        "census_file",
        type=click.Path(path_type=Path),
        default=None,
        help="Census workbook or .csv, or the RFP workbook itself (its census tab is found); its counts "
        f"replace the account profile's, and stderr says which differ{note}.",
    )


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


class Progress:
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

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_account_from(path: Path | None) -> AccountProfile | None:
    if path is None:
        return None
    from rfp_assistant.account import load_account

    return load_account(path)
