"""The variables an answer template may use, as a schema lint can check templates against.

Templates see ``plan`` (``plan.yaml``), ``account`` (the account profile's
:meth:`~rfp_assistant.account.AccountProfile.template_vars`) and ``projection`` (the
computed projection and rate development). Rather than keep a list of their keys here,
which would go stale as the projection gains figures, :func:`template_schema` builds a
small example account profile, computes exactly what ``match`` computes for a real one,
and describes the result. Maps keyed by the profile's own plans or tiers (``HMO``,
``employee``) are *open*: any plan or tier name is accepted there.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rfp_assistant.errors import RfpAssistantError

TEMPLATE_ROOTS = ("plan", "account", "projection")

# A small but complete profile: every section the loader reads, so every key the
# projection and rate development produce appears in the example context.
EXAMPLE_ACCOUNT = """\
account: {name: Example Employer, effective_date: 2027-01-01, state: MA, funding: fully-insured}
products: [HMO, PPO]
tiers: [employee, employee_spouse, employee_children, family]
members_per_contract: {employee: 1.0, employee_spouse: 2.0, employee_children: 2.5, family: 3.5}
census:
  HMO: {employee: 100, employee_spouse: 30, employee_children: 20, family: 50}
  PPO: {employee: 80, employee_spouse: 20, employee_children: 20, family: 40}
census_date: 2026-10-01
assumptions: {annual_growth: 0.02, projection_years: 2, rate_trend: 0.06}
experience:
  incurred_claims: 2500000.0
  member_months: 7000
  pooling_point: 250000
  claims_above_pool: 100000.0
  pooling_charge_pmpm: 15.0
  period_midpoint: 2025-07-01
  annual_trend: 0.07
  manual_pmpm: 550.0
  full_credibility_mm: 24000
  retention_pct: 0.12
  tier_factors: {employee: 1.0, employee_spouse: 2.1, employee_children: 1.9, family: 2.8}
  plan_relativities: {HMO: 1.0, PPO: 1.1}
  underwriting_adjustment: -0.01
"""


@dataclass(frozen=True)
class OpenMap:
    """A map keyed by data (plan or tier names): any key, each value shaped like ``value``."""

    value: Any


@dataclass(frozen=True)
class ListOf:
    """A list whose items are shaped like ``item`` (None for an empty list)."""

    item: Any


@dataclass(frozen=True)
class ExampleContext:
    """What templates would see for the example account, or why it could not be built."""

    account: dict[str, Any]
    projection: dict[str, Any] | None
    plans: frozenset[str]
    tiers: frozenset[str]
    problem: str | None = None


@lru_cache(maxsize=1)
def example_context() -> ExampleContext:
    """``account`` and ``projection`` as ``match`` builds them, for :data:`EXAMPLE_ACCOUNT`.

    Never raises: when the example cannot be computed (the profile format moved on), the
    context has ``projection`` None and ``problem`` says why, and lint reports that once
    instead of checking ``projection.*`` names.
    """
    from rfp_assistant.account import load_account
    from rfp_assistant.projection import projection_report

    with tempfile.TemporaryDirectory(prefix="rfp-assistant-example-") as folder:
        path = Path(folder) / "example_account.yaml"
        path.write_text(EXAMPLE_ACCOUNT, encoding="utf-8")
        try:
            profile = load_account(path)
        except RfpAssistantError as exc:
            return ExampleContext({}, None, frozenset(), frozenset(), f"example account profile: {exc}")
    account = profile.template_vars()
    plans, tiers = frozenset(profile.plans), frozenset(profile.tiers)
    try:
        projection = projection_report(profile)
    except (RfpAssistantError, ArithmeticError, KeyError, TypeError, ValueError) as exc:
        return ExampleContext(account, None, plans, tiers, f"example projection: {type(exc).__name__}: {exc}")
    return ExampleContext(account, projection, plans, tiers)


def template_schema(plan: dict[str, Any]) -> dict[str, Any]:
    """The shape of each template root: plain dicts for fixed keys, :class:`OpenMap` and
    :class:`ListOf` for data-keyed maps and lists, example scalars at the leaves.

    ``projection`` is None when the example projection could not be computed (see
    :func:`example_context`); a checker then accepts any ``projection.*`` name.
    """
    context = example_context()
    data_keys = (context.plans, context.tiers)
    return {
        "plan": describe(plan, ()),
        "account": describe(context.account, data_keys),
        "projection": describe(context.projection, data_keys) if context.projection is not None else None,
    }


def describe(value: Any, data_keys: tuple[frozenset[str], ...]) -> Any:
    """The schema of one example value (see :func:`template_schema`)."""
    if isinstance(value, dict):
        keys = set(value)
        if keys and any(keys <= names for names in data_keys if names):
            return OpenMap(describe(next(iter(value.values())), data_keys))
        return {str(k): describe(v, data_keys) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return ListOf(describe(value[0], data_keys) if value else None)
    return value


def example_variables(plan: dict[str, Any]) -> dict[str, Any]:
    """Variables to render any answer with when no RFP is at hand: the plan and the example
    account (and its projection), e.g. to measure an answer's length or read its figures."""
    example = example_context()
    variables: dict[str, Any] = {"plan": plan, "account": example.account}
    if example.projection is not None:
        variables["projection"] = example.projection
    return variables
