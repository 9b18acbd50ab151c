"""Helpers shared by the answer-library tests: write small libraries, find problems by line."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rfp_assistant.errors import LibraryError
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.models import LibraryEntry

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "answer_library"

# The bundled library's entries that are deliberately past their review date on 2026-11-29.
STALE_ON_2026_11_29 = {
    "compliance-mhpaea-2024-final-rule",
    "compliance-gag-clause-attestation",
    "network-contract-expirations",
    "pg-historical-results",
}
SAMPLE_ACCOUNT_VARS = {
    "name": "Harbor Point Manufacturing",
    "effective_date": "2027-07-01",
    "state": "MA",
    "funding": "fully-insured",
    "products": ["HMO", "PPO"],
}

GOOD_ENTRY = """\
- id: {id}
  question: {question}
  answer: |
    {{{{ plan.name }}}} answers {id}.
  owner: team@plan.example
  status: {status}
  last_reviewed: {last_reviewed}
"""


def write_library(folder: Path, files: dict[str, str]) -> Path:
    """Write ``{name: yaml text}`` into ``folder`` (dedented) and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``path`` containing ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in {path}")


def load_error(folder: Path) -> LibraryError:
    with pytest.raises(LibraryError) as info:
        AnswerLibrary.load(folder)
    return info.value


def located(exc: LibraryError) -> set[tuple[str, int]]:
    """(file name, line) of every problem."""
    return {(Path(p.path).name, p.line) for p in exc.problems}


def find_problem(exc: LibraryError, file: Path, line: int, *words: str) -> str:
    """The text of the problem at ``file:line`` whose message contains every word; fail if none."""
    for problem in exc.problems:
        text = str(problem)
        if problem.path == str(file) and problem.line == line and all(w in problem.message for w in words):
            assert text.startswith(f"{file}:{line}: error: ")
            return text
    listing = "\n".join(str(p) for p in exc.problems)
    raise AssertionError(f"no problem at {file.name}:{line} mentioning {words}; got:\n{listing}")


def entry_by_id(library: AnswerLibrary, entry_id: str) -> LibraryEntry:
    """The library's entry with this id (a test's lookup; the matcher never looks entries up by id)."""
    return next(entry for entry in library.entries if entry.id == entry_id)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``rfp-assistant ARGS`` through its real entry point from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "rfp_assistant", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=600,
    )
