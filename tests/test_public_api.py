"""The public surface: a curated, sorted __all__ and the README's example, run as written."""

from __future__ import annotations

import re
from datetime import date

import pytest

import rfp_assistant
from conftest import LIBRARY, ROOT, SAMPLES


def test_all_is_sorted_and_every_name_exists():
    assert rfp_assistant.__all__ == sorted(rfp_assistant.__all__)
    missing = [name for name in rfp_assistant.__all__ if not hasattr(rfp_assistant, name)]
    assert missing == []


@pytest.mark.model
def test_readme_python_example_runs_as_written(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    assert '"out/answered.xlsx"' in code
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("RFP_ASSISTANT_CACHE", str(tmp_path / "cache"))
    exec(
        compile(code.replace('"out/answered.xlsx"', repr(str(tmp_path / "answered.xlsx"))), "README", "exec"),
        {},
    )
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("1.1 ")
    assert printed[-1].startswith(str(tmp_path / "answered.xlsx"))
    assert (tmp_path / "answered.review.xlsx").exists()


def test_project_and_library_lint_have_front_doors_in_the_public_api():
    result = rfp_assistant.project_account(SAMPLES / "harbor_point_account.yaml")
    data = result.to_dict()
    assert {"years", "months", "rate_development"} <= set(data) and "outputs" not in data
    assert result.outputs == () and result.account.name == "Harbor Point Manufacturing"
    assert "Harbor Point Manufacturing" in result.table()
    stale = [p for p in rfp_assistant.lint_library(LIBRARY, as_of=date(2026, 11, 29)) if p.severity == "error"]
    assert len(stale) == 4 and all(isinstance(p, rfp_assistant.Problem) for p in stale)
