"""Rows whose header names each question's type: portal exports.

An e-sourcing portal exports its questionnaire as one row per item, with a "Question type"
column ("Text field", "Yes/No radio buttons", "Upload", "Grouped and related questions") and
the allowed options spread over "Answer 1 … Answer N" columns. There is no answer cell: the
type column, not the text, says what each row is:

- a group type is a heading over the rows that follow, never a question;
- any other type is something to answer: a question, or a contact/identification blank
  (a field) when it is a short entry whose label names a party's name, address, contact or
  registration number;
- the kind comes from the options when there are any, else from the type, refined by the
  wording for short entries ("Scope 1 Emissions (tCO2e)" in a text field is numeric).

Pure functions over strings; ``parse/xlsx.py`` decides which cells to pass.
"""

from __future__ import annotations

import re

from rfp_assistant.models import Kind
from rfp_assistant.parse.text import (
    asks_for_identity,
    is_field_label,
    kind_from_wording,
    names_substance,
    options_kind,
)

# A question type's words -> the kind it asks for, first match wins.
TYPE_KINDS: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"upload|file|attach", re.I), "attachment"),
    (re.compile(r"date", re.I), "date"),
    (re.compile(r"number|numeric|integer|decimal|currency|percent|money", re.I), "numeric"),
    (re.compile(r"radio|check ?box|drop ?down|select|choice|yes/?no", re.I), "choice"),
    (re.compile(r"text|free|narrative|essay|paragraph|list", re.I), "narrative"),
)
# "Grouped and related questions", "List of grouped and related questions", "Question group";
# but not "Grouped checkboxes", which is one question with options.
GROUP_TYPE = re.compile(r"\bgroup(?:ed)?\b.*\bquestions?\b|\bquestions?\s+group\b", re.I)
# A one-line entry (a name, a date, a link), as opposed to a text area for an essay.
SHORT_ENTRY_TYPE = re.compile(r"\btext\s*(?:field|box|input)s?\b|single[- ]line|short\s+text|\bdate\b", re.I)
LONG_ENTRY_TYPE = re.compile(r"area|paragraph|essay|multi[- ]?line|long\s+text|rich", re.I)


def is_group_type(type_text: str) -> bool:
    """True when a row's type makes it a heading over related questions, not a question."""
    return bool(GROUP_TYPE.search(type_text))


def is_short_entry(type_text: str) -> bool:
    """True for a one-line text or date entry (where names, numbers and dates go)."""
    return bool(SHORT_ENTRY_TYPE.search(type_text)) and not LONG_ENTRY_TYPE.search(type_text)


def type_kind(type_text: str, text: str, options: tuple[str, ...]) -> Kind:
    """The kind of a typed question: from its options, else its type, else its wording."""
    if options:
        return options_kind(list(options))
    kind = next((k for pattern, k in TYPE_KINDS if pattern.search(type_text)), "narrative")
    if kind == "choice":
        return "narrative"  # a choice with no listed options reads as free text
    if kind == "narrative" and is_short_entry(type_text):
        # The type only says "text field"; the words may ask for a quantity or a date.
        worded = kind_from_wording(text)
        if worded in ("numeric", "date"):
            return worded
    return kind


def is_identity_blank(type_text: str, text: str, label: str, context: str) -> bool:
    """True when a typed row is a contact/identification blank rather than a question.

    ``label`` is the row's short name (a "Summary text" column, or ""), ``context`` the title
    of the group it sits in. A short entry is a field when its label or text names a party's
    name, address, contact or registration number, unless the row or its group ties that name
    or link to evidence or to the product ("Website address for your certifications", the
    organisations whose services are resold), which makes it part of the answer.
    """
    if not is_short_entry(type_text):
        return False
    if any(names_substance(part) for part in (text, label, context)):
        return False
    return is_field_label(label) or is_field_label(text) or asks_for_identity(text)
