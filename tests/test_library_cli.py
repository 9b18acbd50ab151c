"""The library commands through the real entry point: exit codes, report lines, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from library_support import LIBRARY, STALE_ON_2026_11_29, line_of, run_cli, write_library

from rfp_assistant.library.usage import UsageRecord, append_usage

APPROVED = "  owner: team@plan.example\n  status: approved\n  last_reviewed: 2026-05-01\n"


def test_lint_prints_file_line_severity_message_and_entry_id_and_exits_1_on_errors(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {"a.yaml": f"- id: unsafe\n  question: Q?\n  answer: |\n    {{{{ ''.__class__.__mro__ }}}}\n{APPROVED}"},
    )
    file = folder / "a.yaml"
    result = run_cli("library", "lint", str(folder), "--as-of", "2026-06-01")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{file}:{line_of(file, '__mro__')}: error: answer: {{{{ ''.__class__ }}}} reaches '__class__', "
        "which the sandbox refuses [unsafe]"
    ]
    assert result.stderr.strip() == "1 errors, 0 warnings"


def test_lint_exits_0_on_warnings_and_1_with_strict(tmp_path: Path) -> None:
    folder = write_library(tmp_path / "lib", {"a.yaml": "- id: draft\n  question: Q?\n  answer: A.\n  status: draft\n"})
    relaxed = run_cli("library", "lint", str(folder))
    assert relaxed.returncode == 0 and ": warning: draft entry has no owner [draft]" in relaxed.stdout
    strict = run_cli("library", "lint", str(folder), "--strict")
    assert strict.returncode == 1


def test_lint_json_lists_problems_with_their_entry_and_counts(tmp_path: Path) -> None:
    result = run_cli("library", "lint", str(LIBRARY), "--as-of", "2026-11-29", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    assert {p["entry_id"] for p in errors} == STALE_ON_2026_11_29
    assert set(data["problems"][0]) == {"path", "line", "severity", "message", "entry_id"}
    assert data["counts"] == {"errors": 4, "warnings": len(data["problems"]) - 4}


def test_the_shipped_library_lints_without_errors_when_nothing_is_overdue() -> None:
    result = run_cli("library", "lint", str(LIBRARY), "--as-of", "2026-01-15")
    assert result.returncode == 0, result.stdout
    assert ": error: " not in result.stdout


def test_due_within_widens_the_warning_window(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {"a.yaml": "- id: soon\n  question: Q?\n  answer: A.\n  owner: t@p.example\n  status: approved\n"
         "  last_reviewed: 2025-08-01\n"},
    )  # due 2026-08-01
    assert "due for review" not in run_cli("library", "lint", str(folder), "--as-of", "2026-06-01").stdout
    wide = run_cli("library", "lint", str(folder), "--as-of", "2026-06-01", "--due-within", "61")
    assert wide.returncode == 0 and "due for review on 2026-08-01" in wide.stdout


def test_stats_prints_a_table_and_json_with_usage_from_the_log(tmp_path: Path) -> None:
    folder = write_library(
        tmp_path / "lib",
        {
            "claims.yaml": f"- id: used\n  question: A?\n  answer: A.\n  tags: [claims]\n{APPROVED}"
            f"- id: unused\n  question: B?\n  answer: B.\n{APPROVED}",
        },
    )
    append_usage(folder, [UsageRecord("2026-11-30", "rfp.xlsx", "ab" * 32, "q0001", "used", "auto")])
    table = run_cli("library", "stats", str(folder), "--as-of", "2026-06-01")
    assert table.returncode == 0, table.stderr
    assert "claims.yaml" in table.stdout and "Usage: 1 records from 1 RFPs" in table.stdout
    assert "Approved answers never used: 1\n  unused" in table.stdout
    data = json.loads(run_cli("library", "stats", str(folder), "--as-of", "2026-06-01", "--json").stdout)
    assert data["by_status"] == {"approved": 2}
    assert data["usage"]["most_used"] == [{"entry_id": "used", "rfps": 1, "suggested": 0}]
    assert data["freshness"]["reviewed_recently"] == 2


def test_a_library_command_on_a_missing_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    for command in ("lint", "stats"):
        result = run_cli("library", command, str(tmp_path / "nowhere"))
        assert result.returncode == 2, (command, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1 and "not found" in result.stderr


def test_the_pre_commit_hooks_run_the_installed_lint_command_on_the_library_folder() -> None:
    import tomllib

    import yaml

    root = LIBRARY.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert {h["id"] for h in hooks} == {"rfp-assistant-library-lint", "rfp-assistant-library-lint-system"}
    for hook in hooks:
        program, *command = hook["entry"].split()
        assert program in scripts and command == ["library", "lint"]
        assert hook["pass_filenames"] is False
        result = run_cli(*command, *hook["args"], "--as-of", "2026-01-15")
        assert result.returncode == 0, result.stdout
