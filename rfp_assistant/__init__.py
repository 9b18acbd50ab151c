"""rfp-assistant: answer employer medical-plan RFPs from an approved answer library, offline."""

from __future__ import annotations

from rfp_assistant.errors import (
    AccountError,
    InputError,
    LibraryError,
    ModelError,
    OutputError,
    RfpAssistantError,
    TemplateError,
    UnsupportedFormatError,
)
from rfp_assistant.models import (
    DocxLocation,
    Field,
    LibraryEntry,
    Limit,
    Match,
    PdfLocation,
    Question,
    Questionnaire,
    QuestionResult,
    Response,
    XlsxLocation,
)
from rfp_assistant.parse import parse

__version__ = "0.1.0"

__all__ = [
    "AccountError",
    "DocxLocation",
    "Field",
    "InputError",
    "LibraryEntry",
    "LibraryError",
    "Limit",
    "Match",
    "ModelError",
    "OutputError",
    "PdfLocation",
    "Question",
    "QuestionResult",
    "Questionnaire",
    "Response",
    "RfpAssistantError",
    "TemplateError",
    "UnsupportedFormatError",
    "XlsxLocation",
    "__version__",
    "parse",
]
