"""rfp-assistant: answer employer medical-plan RFPs from an approved answer library, offline."""

from __future__ import annotations

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.embed import Embedder, EmbeddingCache, HashingEmbedder, SentenceTransformerEmbedder
from rfp_assistant.errors import (
    AccountError,
    InputError,
    LibraryError,
    ModelError,
    OutputError,
    Problem,
    RfpAssistantError,
    TemplateError,
    UnsupportedFormatError,
)
from rfp_assistant.fill import FillResult, fill
from rfp_assistant.library import AnswerLibrary, lint_library
from rfp_assistant.library.learn import LearnResult, learn_from_review
from rfp_assistant.match import match
from rfp_assistant.models import (
    CheckBox,
    DocxLocation,
    Field,
    LibraryEntry,
    Limit,
    Match,
    PdfLocation,
    Placement,
    Question,
    Questionnaire,
    QuestionResult,
    Response,
    XlsxLocation,
)
from rfp_assistant.parse import parse
from rfp_assistant.projecting import ProjectResult, project_account
from rfp_assistant.review import ReviewedFillResult, fill_reviewed
from rfp_assistant.settings import MatchSettings

__version__ = "0.1.0"

__all__ = [
    "AccountError",
    "AccountProfile",
    "AnswerLibrary",
    "CheckBox",
    "DocxLocation",
    "Embedder",
    "EmbeddingCache",
    "Field",
    "FillResult",
    "HashingEmbedder",
    "InputError",
    "LearnResult",
    "LibraryEntry",
    "LibraryError",
    "Limit",
    "Match",
    "MatchSettings",
    "ModelError",
    "OutputError",
    "PdfLocation",
    "Placement",
    "Problem",
    "ProjectResult",
    "Question",
    "QuestionResult",
    "Questionnaire",
    "Response",
    "ReviewedFillResult",
    "RfpAssistantError",
    "SentenceTransformerEmbedder",
    "TemplateError",
    "UnsupportedFormatError",
    "XlsxLocation",
    "__version__",
    "fill",
    "fill_reviewed",
    "learn_from_review",
    "lint_library",
    "load_account",
    "match",
    "parse",
    "project_account",
]
