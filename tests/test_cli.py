"""The command line through its real entry point: exit codes, stdout JSON, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import LIBRARY, ROOT, SAMPLES

SAMPLE = SAMPLES / "harbor_point_medical_rfp.xlsx"
ACCOUNT = SAMPLES / "harbor_point_account.yaml"


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "rfp_assistant", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory):
    return {"RFP_ASSISTANT_CACHE": str(tmp_path_factory.mktemp("cache"))}


def test_parse_json_follows_the_contract():
    result = run("parse", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "xlsx" and data["source"].endswith("harbor_point_medical_rfp.xlsx")
    assert len(data["questions"]) == 121
    first = data["questions"][0]
    assert set(first) >= {"id", "number", "section", "text", "kind", "options", "limit", "location"}
    assert first["id"] == "q0001" and first["number"] == "1.1"
    assert first["location"] == {
        "format": "xlsx",
        "sheet": "Questionnaire",
        "question_cell": "B8",
        "answer_cell": "C8",
        "explanation_cell": "D8",
    }
    limited = [q for q in data["questions"] if q["limit"]]
    assert {"unit": "chars", "value": 400} in [q["limit"] for q in limited]
    assert all(
        q["kind"] in ("narrative", "yes_no", "choice", "numeric", "date", "attachment")
        for q in data["questions"]
    )


def test_parse_prints_a_table_for_people():
    result = run("parse", str(SAMPLES / "small_rfp_no_header.xlsx"))
    assert result.returncode == 0
    assert "Do you offer both fully insured" in result.stdout
    assert "12 questions" in result.stderr


@pytest.mark.model
def test_match_json_lists_top_k_candidates_and_decisions(cache_env):
    result = run(
        "match",
        str(SAMPLES / "small_rfp_no_header.xlsx"),
        "--library",
        str(LIBRARY),
        "--json",
        "--top",
        "3",
        env=cache_env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["library_version"] and data["model"] == "all-MiniLM-L6-v2"
    for question in data["questions"]:
        assert question["decision"] in ("auto", "review", "none")
        assert len(question["matches"]) == 3
        scores = [m["score"] for m in question["matches"]]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert len({m["entry_id"] for m in question["matches"]}) == 3


@pytest.mark.model
def test_fill_json_writes_output_and_report(tmp_path, cache_env):
    out = tmp_path / "answered.xlsx"
    result = run(
        "fill", str(SAMPLE), "-l", str(LIBRARY), "-a", str(ACCOUNT), "-o", str(out), "--json", env=cache_env
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["output"] == str(out) and data["report"] == str(tmp_path / "answered.review.xlsx")
    assert sum(data["counts"].values()) == 121
    assert openpyxl.load_workbook(out)["Questionnaire"] is not None
    exhibits = [str(tmp_path / "answered.exhibits.xlsx"), str(tmp_path / "answered.exhibits.docx")]
    assert data["exhibits"] == exhibits and all(Path(p).is_file() for p in exhibits)
    assert "census" not in result.stderr  # the profile's census is the RFP's own: nothing to report
    again = run("fill", str(SAMPLE), "-l", str(LIBRARY), "-o", str(out), env=cache_env)
    assert again.returncode == 2 and "--force" in again.stderr and len(again.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["parse", "missing.xlsx"], "file not found"),
        (["parse", "legacy.xls"], "save it as .xlsx"),
        (["parse", "--nope", "x.xlsx"], "No such option"),
        (["fill", str(SAMPLE), "-l", "no-such-library", "-o", "out.xlsx"], "library folder not found"),
        (["fill", str(SAMPLE), "-l", str(LIBRARY), "-o", "out.docx"], "must be a .xlsx"),
        (["fill", str(SAMPLE), "-l", str(LIBRARY), "-o", "out.xlsx", "--exhibits", "attached"], "--exhibits"),
        (
            ["fill", str(SAMPLE), "-l", str(LIBRARY), "-o", "out.xlsx", "--census", str(SAMPLE)],
            "--census needs an account profile (--account)",
        ),
        (["match", str(SAMPLE), "-l", str(LIBRARY), "--top", "0"], "--top"),
        (["project", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, args, message):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_library_lint_exits_1_with_file_line_findings_and_0_when_clean(tmp_path):
    result = run("library", "lint", str(LIBRARY), "--as-of", "2026-11-29")
    assert result.returncode == 1
    assert "compliance.yaml:" in result.stdout and ": error: " in result.stdout
    clean = run("library", "lint", str(LIBRARY), "--as-of", "2026-01-15")
    assert clean.returncode == 0, clean.stdout


def test_project_json_has_years_and_rate_development(tmp_path):
    result = run("project", str(ACCOUNT), "--json", "-o", str(tmp_path / "ex"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [y["year"] for y in data["years"]] == [1, 2, 3]
    assert set(data["rate_development"]) >= {
        "experience_pmpm",
        "trended_pmpm",
        "credibility",
        "blended_pmpm",
        "gross_pmpm",
        "tier_rates",
    }
    assert {p.name for p in (tmp_path / "ex").iterdir()} == {
        "projection.xlsx",
        "members.png",
        "exhibits.docx",
    }


def test_every_command_has_help_with_an_example():
    from click import Group

    from rfp_assistant.cli import main

    def walk(group: Group, prefix: list[str]):
        for name, command in group.commands.items():
            if isinstance(command, Group):
                yield from walk(command, [*prefix, name])
            else:
                yield [*prefix, name], command

    commands = list(walk(main, []))
    assert {" ".join(p) for p, _ in commands} >= {"parse", "match", "fill", "library lint", "project"}
    for path, command in commands:
        assert command.help and "Example" in command.help, " ".join(path)
        result = run(*path, "--help")
        assert result.returncode == 0 and "Example" in result.stdout


def test_help_does_not_load_torch():
    code = (
        "import sys; from rfp_assistant.cli import main; sys.argv=['x','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False False"


@pytest.mark.model
def test_fill_fail_on_unanswered_exits_1_but_still_writes(tmp_path, cache_env):
    out = tmp_path / "a.xlsx"
    result = run(
        "fill",
        str(SAMPLES / "small_rfp_no_header.xlsx"),
        "-l",
        str(LIBRARY),
        "-o",
        str(out),
        "--fail-on-unanswered",
        "--quiet",
        env=cache_env,
    )
    assert result.returncode == 1, result.stderr
    assert out.exists() and (tmp_path / "a.review.xlsx").exists()


def test_project_without_census_is_a_one_line_error(tmp_path):
    profile = tmp_path / "minimal.yaml"
    profile.write_text(
        "account: {name: Tiny Co, effective_date: 2027-01-01, state: MA, funding: fully-insured}\n",
        encoding="utf-8",
    )
    result = run("project", str(profile))
    assert result.returncode == 2 and "no census" in result.stderr and len(result.stderr.splitlines()) == 1
