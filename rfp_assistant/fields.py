"""Values for the contact and identification blanks a parser finds, from the plan's variables.

A questionnaire's ``fields`` (bidder name, contact, email and telephone, date) are filled
only when asked (``fill --fields``): signing blocks and contact details are often the
issuer's to check. Each label is read for what it asks, first match wins:

=================================  =====================================================
the label names                    the value
=================================  =====================================================
a date                             the as-of date (a typed date cell gets a real date)
an email and a telephone           ``plan.contact_email`` / ``plan.contact_phone``
an email                           ``plan.contact_email``
a telephone                        ``plan.contact_phone``
a contact, preparer or signatory   ``plan.contact_name``, ``plan.contact_title``
the bidder, respondent, company    ``plan.legal_name`` (else ``plan.name``)
=================================  =====================================================

A label that names none of these, or whose variables ``plan.yaml`` does not set, gets no
value; every field is listed in the review report either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from rfp_assistant.models import Field, FieldValue

_Rule = tuple[re.Pattern[str], Callable[[Mapping[str, Any], date], tuple[str | date, str] | None]]


def _plan(*keys: str, joiner: str = ", ") -> Callable[[Mapping[str, Any], date], tuple[str, str] | None]:
    def value(plan: Mapping[str, Any], _: date) -> tuple[str, str] | None:
        if not all(plan.get(k) not in (None, "") for k in keys):
            return None
        return joiner.join(str(plan[k]) for k in keys), " + ".join(f"plan.{k}" for k in keys)

    return value


def _legal_name(plan: Mapping[str, Any], as_of: date) -> tuple[str, str] | None:
    return _plan("legal_name")(plan, as_of) or _plan("name")(plan, as_of)


RULES: tuple[_Rule, ...] = (
    (re.compile(r"\bdate\b", re.I), lambda _plan_vars, as_of: (as_of, "the as-of date")),
    (
        re.compile(r"e-?mail\b.*\b(?:tele)?phone|(?:tele)?phone\b.*\be-?mail", re.I),
        _plan("contact_email", "contact_phone", joiner=" / "),
    ),
    (re.compile(r"\be-?mail\b", re.I), _plan("contact_email")),
    (re.compile(r"\b(?:tele)?phone\b", re.I), _plan("contact_phone")),
    (
        re.compile(
            r"\bcontact\b|completed by|prepared by|signed by|signatory|authori[sz]ed|name and title", re.I
        ),
        _plan("contact_name", "contact_title"),
    ),
    (
        re.compile(
            r"\b(?:bidder|respondent|vendor|proposer|supplier|company|organi[sz]ation|legal name)\b", re.I
        ),
        _legal_name,
    ),
)


def field_value(field: Field, plan: Mapping[str, Any], as_of: date) -> FieldValue | None:
    """The value for one field, or None when its label asks for nothing the plan states."""
    for pattern, rule in RULES:
        if pattern.search(field.label):
            found = rule(plan, as_of)
            return FieldValue(field, found[0], found[1]) if found else None
    return None


def field_values(fields: tuple[Field, ...], plan: Mapping[str, Any], as_of: date) -> tuple[FieldValue, ...]:
    """A value for every field the plan's variables answer, in the questionnaire's order."""
    return tuple(value for f in fields if (value := field_value(f, plan, as_of)) is not None)
