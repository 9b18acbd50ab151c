"""Rendering answer text: each answer is a Jinja2 template run in a sandbox.

Variables: ``plan`` (the responding plan, from ``plan.yaml``), ``account`` (the
employer, from the account profile) and whatever the caller adds (``projection``,
``tables``). An undefined variable is an error naming the entry, never a blank.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from rfp_assistant.errors import TemplateError
from rfp_assistant.models import LibraryEntry


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The shared sandbox: strict about undefined names, no autoescaping (plain text out)."""
    return SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def syntax_error(source: str) -> tuple[int, str] | None:
    """The template's own line (1-based) and message of its syntax error, or None when it parses."""
    try:
        environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return exc.lineno or 1, exc.message or "invalid template"
    return None


def render_text(source: str, variables: dict[str, Any], *, entry: LibraryEntry, field: str = "answer") -> str:
    """Render one template string of an entry; raises :class:`TemplateError` naming the entry."""
    try:
        text = environment().from_string(source).render(**variables)
    except jinja2.UndefinedError as exc:
        hint = ""
        if "account" in str(exc) and "account" not in variables:
            hint = " (pass an account profile with --account)"
        raise TemplateError(
            f"{entry.source}:{entry.line}: entry {entry.id!r} {field}: {exc.message}{hint}",
            entry_id=entry.id,
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"{entry.source}:{entry.line}: entry {entry.id!r} {field}: {exc}", entry_id=entry.id
        ) from None
    except Exception as exc:  # a sandbox SecurityError or a failing filter
        raise TemplateError(
            f"{entry.source}:{entry.line}: entry {entry.id!r} {field}: {type(exc).__name__}: {exc}",
            entry_id=entry.id,
        ) from None
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def render_answer(entry: LibraryEntry, variables: dict[str, Any], *, brief: bool = False) -> str:
    """Render an entry's answer (or its ``answer_brief`` when ``brief``) with ``variables``."""
    source = entry.answer_brief if brief and entry.answer_brief else entry.answer
    return render_text(source, variables, entry=entry, field="answer_brief" if brief else "answer")
