"""Parsers: one per format, one front door.

``parse(path)`` checks the file (see :mod:`rfp_assistant.parse.guard`), picks the parser
for its format and returns a :class:`~rfp_assistant.models.Questionnaire` whose questions
carry their ids (``q0001``, ``q0002``, ... in document order), assigned here for every
format. A parser is registered in :data:`PARSERS` as a :class:`Parser`: a function
``(Path) -> Questionnaire`` plus the reason, in the format's own words, why a file of
that format can yield no questions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rfp_assistant.errors import InputError, UnsupportedFormatError
from rfp_assistant.models import Format, Question, Questionnaire
from rfp_assistant.parse.guard import detect_format

QUESTION_ID = "q{:04d}"
"""How question ids are spelled: the 1-based position in the questionnaire, zero-padded."""


@dataclass(frozen=True)
class Parser:
    """One format's parser: ``read`` turns a checked file into a questionnaire (ids unset).

    ``nothing_found`` completes "no questions found: ..." when the file holds none.
    """

    read: Callable[[Path], Questionnaire]
    nothing_found: str

    def __call__(self, path: Path) -> Questionnaire:
        return self.read(path)


def _xlsx(path: Path) -> Questionnaire:
    from rfp_assistant.parse.xlsx import parse_xlsx

    return parse_xlsx(path)


def _docx(path: Path) -> Questionnaire:
    from rfp_assistant.parse.docx import parse_docx

    return parse_docx(path)


def _pdf(path: Path) -> Questionnaire:
    from rfp_assistant.parse.pdf import parse_pdf

    return parse_pdf(path)


PARSERS: dict[Format, Parser] = {
    "xlsx": Parser(_xlsx, nothing_found="no sheet has a question column"),
    "docx": Parser(_docx, nothing_found="no numbered or question-like paragraph and no question/response table"),
    "pdf": Parser(_pdf, nothing_found="no numbered question, question sentence or questionnaire table in its text"),
}


def number_questions(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """The questions with their ids set from their order (``q0001`` first)."""
    return tuple(replace(q, id=QUESTION_ID.format(i)) for i, q in enumerate(questions, start=1))


def parse(path: str | Path, *, require_questions: bool = False) -> Questionnaire:
    """Parse an RFP document into its questions, numbered ``q0001``, ``q0002``, ...

    Raises :class:`~rfp_assistant.errors.InputError` (naming the file and the cause) for
    a file that is missing, corrupt, encrypted, oversized or in an unsupported format,
    and, with ``require_questions``, for one in which no question was found.
    """
    path = Path(path)
    fmt = detect_format(path)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise UnsupportedFormatError(f"{fmt} questionnaires are not supported yet", path=path)
    questionnaire = parser(path)
    if require_questions and not questionnaire.questions:
        raise InputError(
            f"no questions found: {parser.nothing_found} (see 'rfp-assistant parse' for what was read)",
            path=path,
        )
    return replace(questionnaire, questions=number_questions(questionnaire.questions))
