"""library lint: one small broken library per rule, each problem asserted at its exact file:line."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from library_support import line_of, write_library

from rfp_assistant.account import load_account
from rfp_assistant.errors import Problem
from rfp_assistant.library.lint import format_problem, lint_library
from rfp_assistant.projection import projection_report

AS_OF = date(2026, 6, 1)
TODAY = date(2026, 6, 1)
PLAN = "name: Northwind Health Plan\npbm: Meridian Rx\nphone: 1-800-555-0142\n"
# Stands for the fields of an approved entry reviewed a month before AS_OF (see `expand`).
FRESH = "@approved-and-fresh"
FRESH_FIELDS = ("owner: team@plan.example", "status: approved", "last_reviewed: 2026-05-01")


def lint(folder: Path, **kwargs) -> list[Problem]:
    kwargs.setdefault("as_of", AS_OF)
    kwargs.setdefault("today", TODAY)
    return lint_library(folder, **kwargs)


def only(problems: list[Problem], severity: str | None = None) -> Problem:
    chosen = [p for p in problems if severity is None or p.severity == severity]
    assert len(chosen) == 1, "\n".join(format_problem(p) for p in problems)
    return chosen[0]


def expand(text: str) -> str:
    """Dedent ``text`` and replace each FRESH line by the fresh approved fields, indented alike."""
    lines = []
    for line in textwrap.dedent(text).splitlines():
        if line.strip() == FRESH:
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(indent + field for field in FRESH_FIELDS)
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def library_with(tmp_path: Path, topic: str, **files: str) -> tuple[Path, Path]:
    folder = write_library(
        tmp_path / "lib", {"plan.yaml": PLAN, "topic.yaml": expand(topic), **{k: expand(v) for k, v in files.items()}}
    )
    return folder, folder / "topic.yaml"


# --- templates ------------------------------------------------------------------------------


def test_template_reaching_python_internals_is_an_error_at_its_own_line(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: escape
          question: Sandbox?
          answer: |
            {{{{ plan.name }}}} is safe.
            {{{{ ''.__class__.__mro__ }}}}
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert format_problem(problem) == (
        f"{file}:{line_of(file, '__mro__')}: error: answer: {{{{ ''.__class__ }}}} reaches '__class__', "
        "which the sandbox refuses [escape]"
    )


@pytest.mark.parametrize(
    ("template", "needle", "words"),
    [
        pytest.param(
            "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
            "__subclasses__",
            ("reaches '__class__'", "sandbox refuses"),
            id="subclasses-loop",
        ),
        pytest.param("{{ plan['__init__'] }}", "__init__", ("reaches '__init__'",), id="underscored-item"),
        pytest.param("{{ plan.name|attr('__class__') }}", "attr(", ("'attr' filter", "__class__"), id="attr-filter"),
        pytest.param("{{ lipsum(2) }}", "lipsum", ("calls a function",), id="jinja-global-call"),
        pytest.param("{{ plan.name.format(1) }}", "format", ("calls a function",), id="format-call"),
        pytest.param(
            "We partner with {{ plan.pbm_name }}.",
            "pbm_name",
            ("{{ plan.pbm_name }} is not defined", "plan.yaml has no 'pbm_name'", "did you mean 'pbm'"),
            id="plan-typo",
        ),
        pytest.param(
            "Welcome, {{ account.nme }}.",
            "account.nme",
            ("the account profile gives no 'nme'", "did you mean 'name'"),
            id="account-typo",
        ),
        pytest.param(
            "Trend {{ projection.rate_development.trend_factr }}.",
            "trend_factr",
            ("the projection has no 'trend_factr'", "did you mean 'trend_factor'"),
            id="projection-typo",
        ),
        pytest.param("See {{ tables.exhibit_4 }}.", "tables", ("unknown variable 'tables'",), id="unknown-root"),
        pytest.param("{{ plan.name|shout }}", "shout", ("does not compile", "No filter named 'shout'"), id="bad-filter"),
        pytest.param("{% if plan.name %}open", "{% if", ("template syntax error",), id="unclosed-block"),
    ],
)
def test_each_template_problem_is_an_error_at_the_template_line(
    tmp_path: Path, template: str, needle: str, words: tuple[str, ...]
) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: templated
          question: Templated?
          answer: |
            First line is plain.
            {template}
          status: draft
          owner: team@plan.example
        """,
    )
    problem = only(lint(folder))
    assert problem.severity == "error"
    assert (Path(problem.path), problem.line) == (file, line_of(file, needle))
    assert all(w in problem.message for w in words), problem.message


def test_templates_that_use_plan_account_and_projection_variables_lint_clean(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path,
        f"""\
        - id: everything
          question: Everything?
          answer: |
            {{{{ plan.name|upper }}}} serves {{{{ account.name }}}} ({{{{ account.products|join(", ") }}}}).
            {{% for year in projection.years %}}Year {{{{ year.year }}}}: {{{{ year.plans.HMO.member_months|round }}}}
            {{% endfor %}}
            Credibility {{{{ projection.rate_development.credibility }}}}, {{{{ plan.name.upper() }}}}.
            {{% set phone = plan.phone %}}Call {{{{ phone }}}}.
            {{% with pbm = plan.pbm %}}Pharmacy: {{{{ pbm }}}}.{{% endwith %}}
            {{% set intro %}}Hello from {{{{ plan.name }}}}{{% endset %}}{{{{ intro }}}}
            {{% macro shout(text) %}}{{{{ text|upper }}}}{{% endmacro %}}{{{{ shout(account.state) }}}}
          short_answer: "{{{{ plan.name }}}}"
          {FRESH}
        """,
    )
    assert lint(folder) == []


def test_a_figure_the_template_guards_with_is_defined_is_not_reported_missing(tmp_path: Path) -> None:
    """Some figures exist only for some accounts (an age/sex factor needs an employee census)."""
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: guarded
          question: Guarded?
          answer: |
            Manual rate{{% if projection.rates.age_sex_factor is defined %}} adjusted by {{{{ projection.rates.age_sex_factor }}}}{{% endif %}}.
            Unguarded {{{{ projection.rates.age_sex_factr }}}}.
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert (Path(problem.path), problem.line) == (file, line_of(file, "age_sex_factr"))
    assert "the projection has no 'age_sex_factr'" in problem.message


def test_every_key_the_projection_computes_is_a_known_template_variable(
    tmp_path: Path, sample_account: Path
) -> None:
    """Derived from the projection itself: whatever it gains later is known without a list here."""
    report = projection_report(load_account(sample_account))
    paths = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list) and value:
            walk(value[0], f"{path}[0]")
        else:
            paths.append(path)

    walk(report, "projection")
    assert len(paths) > 40
    answer = "\n".join(f"    {{{{ {path} }}}}" for path in paths)
    folder, _ = library_with(
        tmp_path,
        f"- id: all-figures\n  question: Figures?\n  answer: |\n{answer}\n  answer_brief: The figures.\n  {FRESH}\n  exhibit: membership_projection\n",
    )
    assert lint(folder) == []


# --- schema ---------------------------------------------------------------------------------


def test_lint_reports_load_errors_and_still_checks_the_entries_that_loaded(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: no-owner
          question: Owner?
          answer: Nobody.
          status: approved
          last_reviewed: 2026-05-01

        - id: bad-variable
          question: Variable?
          answer: Call {{{{ plan.fone }}}}.
          {FRESH}
        """,
    )
    problems = lint(folder)
    assert [(p.line, p.severity, p.entry_id) for p in problems] == [
        (line_of(file, "- id: no-owner"), "error", "no-owner"),
        (line_of(file, "plan.fone"), "error", "bad-variable"),
    ]
    assert "approved entries need 'owner'" in problems[0].message


def test_a_key_given_twice_in_an_entry_is_an_error_at_the_second_one(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: twice
          question: Which answer?
          answer: The first one.
          answer: The second one.
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, "The second one"), "error")
    assert "'answer' is given twice" in problem.message and str(line_of(file, "The first one")) in problem.message


def test_tags_missing_from_the_settings_tag_list_are_errors_at_the_tags_line(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: tagged
          question: Tagged?
          answer: Tagged.
          tags: [pharmacy, pharmcy]
          {FRESH}
        """,
        **{"settings.yaml": "tags: [pharmacy, claims]\n"},
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, "tags:"), "error")
    assert "unknown tag 'pharmcy'" in problem.message


def test_without_a_tag_list_any_tag_is_accepted(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path, f"- id: tagged\n  question: Tagged?\n  answer: Tagged.\n  tags: [anything]\n  {FRESH}\n"
    )
    assert lint(folder) == []


@pytest.mark.parametrize(
    ("question", "answer", "short", "words"),
    [
        pytest.param(
            "Do you pass through rebates?",
            "No, rebates are retained.",
            '"Yes"',
            ("short_answer 'Yes' contradicts the answer, which begins 'No'",),
            id="yes-vs-no",
        ),
        pytest.param(
            "Do you offer telehealth?",
            "Telehealth is offered.",
            "Offered",
            ("is not Yes, No or N/A", "yes/no question"),
            id="not-yes-no",
        ),
        pytest.param(
            "How many members do you cover?",
            "We cover about 800,000 members.",
            "about eight hundred thousand",
            ("is not a number", "numeric question"),
            id="not-a-number",
        ),
        pytest.param(
            "What is the expiration date of your NCQA accreditation?",
            "It expires in the spring.",
            "spring",
            ("is not a date",),
            id="not-a-date",
        ),
        pytest.param(
            "Do you offer telehealth?",
            "Yes.",
            '"Yes, through our virtual care partner, seven days a week, for medical and behavioral health visits"',
            ("one line of at most 80 characters",),
            id="too-long",
        ),
    ],
)
def test_a_short_answer_unfit_for_the_questions_it_serves_is_an_error_at_its_line(
    tmp_path: Path, question: str, answer: str, short: str, words: tuple[str, ...]
) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: short
          question: {question}
          answer: {answer}
          short_answer: {short}
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, "short_answer:"), "error")
    assert all(w in problem.message for w in words), problem.message


def test_fitting_short_answers_lint_clean(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path,
        f"""\
        - id: says-yes
          question: Do you pass through rebates?
          answer: Yes, all of them.
          short_answer: "Yes"
          {FRESH}
        - id: says-a-number
          question: How many members do you cover?
          answer: About 812,000.
          short_answer: "812,000"
          {FRESH}
        - id: says-a-choice
          question: Is your formulary open, closed or incented?
          answer: Incented, with four tiers.
          short_answer: Incented
          {FRESH}
        """,
    )
    assert lint(folder) == []


# --- freshness ------------------------------------------------------------------------------


def test_due_within_sets_how_early_a_coming_review_is_a_warning(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        """\
        - id: due-in-45-days
          question: Due?
          answer: Soon.
          owner: team@plan.example
          status: approved
          last_reviewed: 2025-07-16
        """,
    )
    assert lint(folder) == []  # due 2026-07-16: 45 days after AS_OF, outside the default 30
    problem = only(lint(folder, warn_within_days=60))
    assert format_problem(problem) == (
        f"{file}:1: warning: due for review on 2026-07-16 (owner team@plan.example) [due-in-45-days]"
    )


def test_a_review_date_in_the_future_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        """\
        - id: from-the-future
          question: When?
          answer: Later.
          owner: team@plan.example
          status: approved
          last_reviewed: 2027-01-01
        """,
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, "last_reviewed:"), "error")
    assert "2027-01-01 is in the future" in problem.message


# --- length ---------------------------------------------------------------------------------


def test_answers_over_the_library_limit_are_errors_and_long_answers_without_a_brief_warnings(
    tmp_path: Path,
) -> None:
    long_text = "Our program is described here in full. " * 20  # 780 characters
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: too-long
          question: Long?
          answer: {long_text.strip()}
          {FRESH}

        - id: long-with-brief
          question: Long but briefed?
          answer: {long_text.strip()}
          answer_brief: Our program, in short.
          {FRESH}
        """,
        **{"settings.yaml": "lint:\n  max_answer_chars: 700\n"},
    )
    problems = lint(folder)
    assert [(p.entry_id, p.line, p.severity) for p in problems] == [
        ("too-long", line_of(file, "answer:"), "error"),
        ("too-long", line_of(file, "answer:"), "warning"),
        ("long-with-brief", line_of(file, "answer:", 2), "error"),
    ]
    assert "779 characters, over the library's limit of 700" in problems[0].message
    assert "limits answers to 500 characters" in problems[1].message


def test_an_invalid_lint_setting_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path,
        f"- id: fine\n  question: Fine?\n  answer: Fine.\n  {FRESH}\n",
        **{"settings.yaml": "lint:\n  max_answer_chars: lots\n"},
    )
    problem = only(lint(folder))
    assert (Path(problem.path).name, problem.line, problem.severity) == ("settings.yaml", 2, "error")
    assert "max_answer_chars" in problem.message


# --- figures beside an exhibit ---------------------------------------------------------------


def test_a_typed_figure_beside_an_exhibit_is_a_warning_at_its_line(tmp_path: Path) -> None:
    folder, file = library_with(
        tmp_path,
        f"""\
        - id: rates
          question: How were rates developed?
          answer: |
            Claims were trended at {{{{ plan.phone }}}} from the 2025 experience period.
            Credibility was 62.5% of the experience.
          exhibit: rate_development
          {FRESH}
        """,
    )
    problem = only(lint(folder))
    assert (problem.line, problem.severity) == (line_of(file, "62.5%"), "warning")
    assert "'62.5%'" in problem.message and "rate_development" in problem.message


# --- glossary -------------------------------------------------------------------------------


GLOSSARY = """\
acronyms:
  HEDIS: Healthcare Effectiveness Data and Information Set
  PBM: pharmacy benefit manager
  BH: behavioral health
  PBM: prescription benefit manager
  Hedis: Healthcare Effectiveness Data and Information Set
  MH: behavioral health
synonyms:
  - [physician, doctor, provider]
  - [hospital, facility, provider]
  - [mental health, BH]
  - [behavioral health, psychiatric care]
"""


def test_glossary_problems_are_each_reported_once_at_their_line(tmp_path: Path) -> None:
    folder, _ = library_with(
        tmp_path,
        f"- id: fine\n  question: Fine?\n  answer: Fine.\n  {FRESH}\n",
        **{"glossary.yaml": GLOSSARY},
    )
    glossary = folder / "glossary.yaml"
    found = [(p.line, p.severity, p.message) for p in lint(folder)]
    expected = [
        (line_of(glossary, "BH: behavioral"), "error", "acronym 'BH' is in the synonym group on line"),
        (line_of(glossary, "PBM: prescription"), "error", "acronym 'PBM' is defined twice"),
        (line_of(glossary, "Hedis:"), "warning", "acronym 'Hedis' is also defined as 'HEDIS'"),
        (line_of(glossary, "MH:"), "warning", "acronyms 'BH'"),
        (line_of(glossary, "[hospital"), "error", "'provider' is in two synonym groups"),
    ]
    assert len(found) == len(expected), found
    for line, severity, words in expected:
        assert any(f[:2] == (line, severity) and words in f[2] for f in found), (line, words, found)
    twice = next(f for f in found if "defined twice" in f[2])
    assert "'pharmacy benefit manager' vs 'prescription benefit manager'" in twice[2]


# --- all at once ----------------------------------------------------------------------------


def test_a_library_with_one_problem_of_each_kind_reports_each_once_at_its_file_and_line(
    tmp_path: Path,
) -> None:
    long_text = "Our program is described here in full. " * 15
    files = {
            "plan.yaml": PLAN,
            "settings.yaml": "tags: [claims, pharmacy]\nlint:\n  max_answer_chars: 2000\n",
            "glossary.yaml": "acronyms:\n  PBM: pharmacy benefit manager\n  PBM: prescription benefit manager\n",
            "claims.yaml": f"""\
                - id: stale
                  question: Stale?
                  answer: Stale.
                  owner: team@plan.example
                  status: approved
                  last_reviewed: 2024-01-01

                - id: unsafe
                  question: Unsafe?
                  answer: |
                    {{{{ ''.__class__.__mro__ }}}}
                  {FRESH}

                - id: undefined
                  question: Undefined?
                  answer: Call {{{{ plan.fone }}}}.
                  {FRESH}
                """,
            "pharmacy.yaml": f"""\
                - id: mistagged
                  question: Tagged?
                  answer: Tagged.
                  tags: [pharmcy]
                  {FRESH}

                - id: contradiction
                  question: Do you carve out pharmacy?
                  answer: No, pharmacy is integrated.
                  short_answer: "Yes"
                  {FRESH}

                - id: long
                  question: Long?
                  answer: {long_text.strip()}
                  {FRESH}

                - id: orphan
                  question: Orphan?
                  answer: Orphan.
                  owner: team@plan.example
                  status: approved
            """,
    }
    folder = write_library(tmp_path / "lib", {name: expand(text) for name, text in files.items()})
    claims, pharmacy, glossary = folder / "claims.yaml", folder / "pharmacy.yaml", folder / "glossary.yaml"
    expected = {
        (claims, line_of(claims, "- id: stale"), "error", "stale"),
        (claims, line_of(claims, "__mro__"), "error", "unsafe"),
        (claims, line_of(claims, "plan.fone"), "error", "undefined"),
        (glossary, line_of(glossary, "prescription"), "error", None),
        (pharmacy, line_of(pharmacy, "tags: [pharmcy]"), "error", "mistagged"),
        (pharmacy, line_of(pharmacy, 'short_answer: "Yes"'), "error", "contradiction"),
        (pharmacy, line_of(pharmacy, "answer: Our program"), "warning", "long"),
        (pharmacy, line_of(pharmacy, "- id: orphan"), "error", "orphan"),
    }
    problems = lint(folder)
    assert {(Path(p.path), p.line, p.severity, p.entry_id) for p in problems} == expected
    assert len(problems) == len(expected)
