"""Parsers: one per format, one front door.

``parse(path)`` checks the file (see :mod:`rfp_assistant.parse.guard`), picks the parser
for its format and returns a :class:`~rfp_assistant.models.Questionnaire`. A parser is a
function ``(Path) -> Questionnaire`` registered in :data:`PARSERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rfp_assistant.errors import UnsupportedFormatError
from rfp_assistant.models import Questionnaire
from rfp_assistant.parse.guard import detect_format

Parser = Callable[[Path], Questionnaire]


def _xlsx(path: Path) -> Questionnaire:
    from rfp_assistant.parse.xlsx import parse_xlsx

    return parse_xlsx(path)


def _pdf(path: Path) -> Questionnaire:
    from rfp_assistant.parse.pdf import parse_pdf

    return parse_pdf(path)


PARSERS: dict[str, Parser] = {"xlsx": _xlsx, "pdf": _pdf}


def parse(path: str | Path) -> Questionnaire:
    """Parse an RFP document into its questions.

    Raises :class:`~rfp_assistant.errors.InputError` (naming the file and the cause) for
    a file that is missing, corrupt, encrypted, oversized or in an unsupported format.
    """
    path = Path(path)
    fmt = detect_format(path)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise UnsupportedFormatError(f"{fmt} questionnaires are not supported yet", path=path)
    return parser(path)
