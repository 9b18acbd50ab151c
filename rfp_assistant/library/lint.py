"""Library lint: everything loading checks, and what a library repository can gate merges on.

:func:`lint_library` reads the folder without stopping at the first invalid entry, then
runs the entry rules (:mod:`~rfp_assistant.library.lint_rules`: review dates, owners,
tags, templates, short answers, lengths, figures beside exhibits) on every entry that
loaded, and the glossary rules (:mod:`~rfp_assistant.library.lint_glossary`). Each
problem is reported once, at the file and line to edit, as
``file:line: severity: message [entry id]`` (:func:`format_problem`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rfp_assistant.errors import Problem
from rfp_assistant.library.lint_glossary import check_glossary
from rfp_assistant.library.lint_rules import ENTRY_RULES, LintContext
from rfp_assistant.library.lint_settings import known_tags, lint_settings
from rfp_assistant.library.load import read_library
from rfp_assistant.library.variables import example_context, example_variables, template_schema

SEVERITIES = ("error", "warning")


def lint_library(
    path: str | Path,
    *,
    as_of: date | None = None,
    warn_within_days: int | None = None,
    today: date | None = None,
) -> list[Problem]:
    """Every problem in the library at ``path``, sorted by file and line.

    Errors: invalid files or entries; approved entries past their review date
    (``last_reviewed + review_every_days`` before ``as_of``, default today); unsafe,
    uncompilable or incomplete templates; tags missing from settings.yaml's tag list;
    short answers unfit for their cells; answers over settings.yaml's
    ``lint.max_answer_chars``; glossary definitions the matcher would misread. Warnings:
    entries due for review within ``warn_within_days`` (default: settings.yaml's
    ``lint.due_within_days``, else 30), drafts without an owner, unknown fields, long
    answers without ``answer_brief``, typed figures beside an exhibit. ``today`` (default
    the real date) is only what a ``last_reviewed`` may not be after.
    """
    read = read_library(path)
    problems = list(read.problems)
    if not read.files:
        return _sorted(problems)
    settings = lint_settings(read.settings)
    today = today or date.today()
    context = LintContext(
        as_of=as_of or today,
        today=today,
        due_within_days=settings.due_within_days if warn_within_days is None else warn_within_days,
        settings=settings,
        known_tags=known_tags(read.settings),
        schema=template_schema(read.plan),
        variables=example_variables(read.plan),
    )
    if example_context().problem:
        problems.append(
            Problem(
                str(read.folder),
                0,
                "warning",
                f"projection.* variables are not checked: {example_context().problem}",
            )
        )
    for read_entry in read.read_entries:
        if read_entry.entry is None:
            continue  # its problems came with the read
        for rule in ENTRY_RULES:
            problems.extend(rule(read_entry.entry, read_entry.item, context))
    glossary = read.raw.get("glossary.yaml")
    if glossary is not None:
        problems.extend(check_glossary(str(read.folder / "glossary.yaml"), glossary))
    return _sorted(problems)


def format_problem(problem: Problem) -> str:
    """``file:line: severity: message [entry id]`` (no brackets when no entry is concerned)."""
    return f"{problem}{f' [{problem.entry_id}]' if problem.entry_id else ''}"


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """A problem as JSON: ``path``, ``line``, ``severity``, ``message``, ``entry_id``."""
    return {
        "path": problem.path,
        "line": problem.line,
        "severity": problem.severity,
        "message": problem.message,
        "entry_id": problem.entry_id,
    }


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.path, p.line, SEVERITIES.index(p.severity) if p.severity in SEVERITIES else 2))
