"""The answer library: a folder of YAML files of approved answers.

``AnswerLibrary.load(folder)`` validates every file and raises one
:class:`~rfp_assistant.errors.LibraryError` listing every problem with file and line.
"""

from __future__ import annotations

from rfp_assistant.library.lint import lint_library
from rfp_assistant.library.load import AnswerLibrary, Glossary
from rfp_assistant.library.templating import render_answer

__all__ = ["AnswerLibrary", "Glossary", "lint_library", "render_answer"]
