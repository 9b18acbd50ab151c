"""The exceptions rfp-assistant raises.

Every error the library raises on purpose derives from :class:`RfpAssistantError`,
so a caller (and the CLI) can catch one class::

    RfpAssistantError
    ├── InputError            a document cannot be read (missing, corrupt, encrypted,
    │   │                     wrong format, oversized, no questions)
    │   └── UnsupportedFormatError   a format we do not read (legacy .xls, .doc, ...)
    ├── LibraryError          the answer library is invalid (carries every problem)
    ├── AccountError          the account profile is invalid
    ├── TemplateError         an answer template failed to render (undefined variable, ...)
    ├── ModelError            the embedding model cannot be loaded
    └── OutputError           an output cannot be written (exists, wrong extension, ...)

Errors carry their context as attributes (``path``, ``sheet``, ``row``, ``entry_id``)
and their ``str()`` is a single line fit for a command-line message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class RfpAssistantError(Exception):
    """Root of every error rfp-assistant raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        if self.path and self.path not in self.message:
            return f"{self.path}: {self.message}"
        return self.message


class InputError(RfpAssistantError):
    """An input document cannot be read as a questionnaire."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.sheet = sheet
        self.row = row


class UnsupportedFormatError(InputError):
    """The document is in a format rfp-assistant does not read."""


@dataclass(frozen=True)
class Problem:
    """One finding about a library or profile file, located by file and line."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str
    entry_id: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def summarise(first: str, problems: Sequence[Problem]) -> str:
    """``first`` (the first problem, as text) followed by how many more there are."""
    more = len(problems) - 1
    return first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")


class LibraryError(RfpAssistantError):
    """The answer library is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], *, path: str | Path | None = None) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid answer library"
        super().__init__(summarise(first, self.problems), path=path)


class AccountError(RfpAssistantError):
    """The account profile (or a census file) is invalid; ``problems`` lists every problem found.

    Built from ``problems``, the message is the first one as ``file:line: message`` and how
    many more there are.
    """

    def __init__(
        self, message: str = "", *, path: str | Path | None = None, problems: Sequence[Problem] = ()
    ) -> None:
        self.problems = list(problems)
        if self.problems and not message:
            first = self.problems[0]
            message = summarise(f"{first.path}:{first.line}: {first.message}", self.problems)
        super().__init__(message or "invalid account profile", path=path)


class TemplateError(RfpAssistantError):
    """An answer template could not be rendered."""

    def __init__(self, message: str, *, entry_id: str | None = None, path: str | Path | None = None) -> None:
        super().__init__(message, path=path)
        self.entry_id = entry_id


class ModelError(RfpAssistantError):
    """The embedding model could not be loaded."""


class OutputError(RfpAssistantError):
    """An output file cannot be written."""
