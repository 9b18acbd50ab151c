"""Answer templates: rendered with plan and account variables, strictly, in a sandbox."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from library_support import entry_by_id

from rfp_assistant.errors import RfpAssistantError, TemplateError
from rfp_assistant.library import AnswerLibrary, render_answer

PLAN = {"name": "Northwind Health Plan", "phone": "1-800-555-0142", "pbm": "Acme Rx"}
ACCOUNT = {
    "name": "Harbor Point Manufacturing",
    "effective_date": "2027-07-01",
    "state": "MA",
    "funding": "self-funded",
    "products": ["HMO", "PPO"],
}

LIBRARY_YAML = """\
- id: plan-intro
  question: Who are you?
  answer: |
    {{ plan.name }} serves members by phone at {{ plan.phone }}.
  answer_brief: "{{ plan.name }}: call {{ plan.phone }}."
  status: draft

- id: account-welcome
  question: How will you welcome our employees?
  answer: |
    {{ plan.name }} will hold open enrollment meetings for {{ account.name }} in {{ account.state }}
    before the {{ account.effective_date }} effective date.
    {% if account.funding == "self-funded" %}
    As a self-funded client you will receive monthly claims reports.
    {% endif %}
  status: draft

- id: typo-variable
  question: Pharmacy partner?
  answer: |
    We partner with {{ plan.pbm_name }}.
  status: draft

- id: unknown-name
  question: Unknown?
  answer: |
    See {{ tables.exhibit_4 }}.
  status: draft

- id: escape-attempt
  question: Sandbox?
  answer: |
    {{ ''.__class__.__mro__ }}
  status: draft

- id: escape-via-loop
  question: Sandbox loop?
  answer: |
    {% for cls in ''.__class__.__base__.__subclasses__() %}{{ cls }}{% endfor %}
  status: draft

- id: escape-via-globals
  question: Sandbox globals?
  answer: |
    {{ cycler.__init__.__globals__.os.getcwd() }}
  status: draft
"""


@pytest.fixture
def library(tmp_path: Path) -> AnswerLibrary:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "answers.yaml").write_text(textwrap.dedent(LIBRARY_YAML), encoding="utf-8")
    return AnswerLibrary.load(folder)


def render_error(library: AnswerLibrary, entry_id: str, variables: dict) -> TemplateError:
    entry = entry_by_id(library, entry_id)
    with pytest.raises(TemplateError) as info:
        render_answer(entry, variables)
    return info.value


def test_render_answer_fills_in_plan_variables(library: AnswerLibrary) -> None:
    text = render_answer(entry_by_id(library, "plan-intro"), {"plan": PLAN})
    assert text == "Northwind Health Plan serves members by phone at 1-800-555-0142."


def test_render_answer_brief_uses_the_short_variant(library: AnswerLibrary) -> None:
    text = render_answer(entry_by_id(library, "plan-intro"), {"plan": PLAN}, brief=True)
    assert text == "Northwind Health Plan: call 1-800-555-0142."


def test_render_answer_fills_in_account_variables_and_conditions(library: AnswerLibrary) -> None:
    text = render_answer(entry_by_id(library, "account-welcome"), {"plan": PLAN, "account": ACCOUNT})
    assert text == (
        "Northwind Health Plan will hold open enrollment meetings for Harbor Point Manufacturing in MA\n"
        "before the 2027-07-01 effective date.\n"
        "As a self-funded client you will receive monthly claims reports."
    )
    insured = render_answer(
        entry_by_id(library, "account-welcome"), {"plan": PLAN, "account": {**ACCOUNT, "funding": "fully-insured"}}
    )
    assert "self-funded client" not in insured
    assert insured.endswith("effective date.")


def test_undefined_account_names_the_entry_its_file_and_line_and_the_missing_account(
    library: AnswerLibrary,
) -> None:
    entry = entry_by_id(library, "account-welcome")
    exc = render_error(library, "account-welcome", {"plan": PLAN})
    message = str(exc)
    assert message.startswith(f"{entry.source}:{entry.line}: entry 'account-welcome' answer: ")
    assert "'account' is undefined" in message
    assert "--account" in message
    assert exc.entry_id == "account-welcome"
    assert isinstance(exc, RfpAssistantError)
    assert "\n" not in message


def test_undefined_plan_variable_is_an_error_not_a_blank(library: AnswerLibrary) -> None:
    entry = entry_by_id(library, "typo-variable")
    exc = render_error(library, "typo-variable", {"plan": PLAN})
    assert str(exc).startswith(f"{entry.source}:{entry.line}: entry 'typo-variable' answer: ")
    assert "pbm_name" in str(exc)
    assert exc.entry_id == "typo-variable"


def test_undefined_top_level_name_is_an_error_naming_it(library: AnswerLibrary) -> None:
    exc = render_error(library, "unknown-name", {"plan": PLAN})
    assert "'tables' is undefined" in str(exc)
    assert "unknown-name" in str(exc)


def test_entry_line_in_the_error_is_where_the_entry_starts(library: AnswerLibrary) -> None:
    entry = entry_by_id(library, "typo-variable")
    lines = Path(entry.source).read_text(encoding="utf-8").splitlines()
    assert lines[entry.line - 1] == "- id: typo-variable"


@pytest.mark.parametrize("entry_id", ["escape-attempt", "escape-via-loop", "escape-via-globals"])
def test_sandbox_refuses_unsafe_attribute_access(library: AnswerLibrary, entry_id: str) -> None:
    entry = entry_by_id(library, entry_id)
    exc = render_error(library, entry_id, {"plan": PLAN})
    message = str(exc)
    assert message.startswith(f"{entry.source}:{entry.line}: entry {entry_id!r} answer: ")
    assert "unsafe" in message
    assert "\n" not in message
