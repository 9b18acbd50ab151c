"""The account profile: the employer an RFP is for, and its census, rates and experience.

An account profile is one YAML file per RFP. The smallest useful profile names the
employer only::

    account: {name: Harbor Point Manufacturing, effective_date: 2027-07-01, state: MA,
              funding: fully-insured}          # fully-insured | self-funded | level-funded
    products: [HMO, PPO]                       # optional; default: the plans in `census`

A profile that also carries ``tiers``, ``members_per_contract``, ``census`` and either
quoted ``rates`` or ``experience`` to develop them from (plus, optionally,
``assumptions``) can be projected (see :mod:`rfp_assistant.projection`)::

    tiers: [employee, employee_spouse, employee_children, family]   # 2, 3 or 4 tiers
    members_per_contract: {employee: 1.0, employee_spouse: 2.0, ...}
    census:                      # enrolled contracts today, by plan and tier
      HMO: {employee: 420, employee_spouse: 130, employee_children: 110, family: 240}
    census_date: 2027-02-01      # optional: the date the census counts are as of
    assumptions: {annual_growth: 0.03, projection_years: 3, rate_trend: 0.075}
    rates:                       # optional with experience: quoted monthly rate, plan year 1
      HMO: {employee: 812.40, ...}
    experience:                  # drives the rate development exhibit
      incurred_claims: ..., member_months: ..., claims_above_pool: ...,
      pooling_charge_pmpm: ..., period_midpoint: 2025-07-01, annual_trend: 0.08,
      manual_pmpm: ..., full_credibility_mm: 24000, retention_pct: 0.12,
      tier_factors: {employee: 1.0, ...}
      pooling_point: 250000              # optional: the large-claim pooling level
      plan_relativities: {HMO: 1.0, PPO: 1.15}   # optional; 1.0 for a plan not listed
      underwriting_adjustment: 0.0       # optional: applied to the developed rates
    age_sex_factors: {...}       # optional: the plan's manual-rate factors (rfp_assistant.age_sex)

When ``rates`` are given with ``experience``, they are the quoted rates and the rate
development shows their difference from the developed rates as an underwriting
adjustment; without ``rates``, the quoted rates are the developed rates times
(1 + ``underwriting_adjustment``), rounded to the cent.

:func:`load_account` validates everything it reads and raises :class:`AccountError`
with a one-line ``file:line: message`` for the first problem (the error's ``problems``
attribute lists all of them). The YAML is parsed once; each section is checked by a
small function below, with the field readers of :mod:`rfp_assistant.profile_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.age_sex import AgeSexTable, read_age_sex_factors
from rfp_assistant.errors import AccountError
from rfp_assistant.models import FUNDING_TYPES
from rfp_assistant.profile_fields import (
    Field,
    Problems,
    read_day,
    read_mapping,
    read_names,
    read_number,
    read_text,
    read_tier_values,
    read_yaml,
)

if TYPE_CHECKING:  # the census package builds on profiles; only the type is needed here
    from rfp_assistant.census import Census

ALLOWED_TIER_COUNTS = (2, 3, 4)
DEFAULT_ANNUAL_GROWTH = 0.0
DEFAULT_PROJECTION_YEARS = 3
MAX_PROJECTION_YEARS = 10
DEFAULT_RATE_TREND = 0.0
# Growth or trend below -100% would make contracts or rates negative.
MIN_RATE_OF_CHANGE = -0.99
# A profile bigger than this is not an account profile; refuse before parsing it.
MAX_PROFILE_BYTES = 1_000_000

_TOP_KEYS = (
    "account",
    "products",
    "tiers",
    "members_per_contract",
    "census",
    "assumptions",
    "rates",
    "experience",
    "census_date",
    "age_sex_factors",
)
_ACCOUNT_KEYS = ("name", "effective_date", "state", "funding")
_ASSUMPTION_KEYS = ("annual_growth", "projection_years", "rate_trend")
_EXPERIENCE_KEYS = (
    "incurred_claims",
    "member_months",
    "claims_above_pool",
    "pooling_charge_pmpm",
    "period_midpoint",
    "annual_trend",
    "manual_pmpm",
    "full_credibility_mm",
    "retention_pct",
    "tier_factors",
)
_OPTIONAL_EXPERIENCE_KEYS = ("pooling_point", "plan_relativities", "underwriting_adjustment")


@dataclass(frozen=True)
class Assumptions:
    """Projection assumptions: yearly enrollment growth, horizon and yearly rate trend."""

    annual_growth: float = DEFAULT_ANNUAL_GROWTH
    projection_years: int = DEFAULT_PROJECTION_YEARS
    rate_trend: float = DEFAULT_RATE_TREND


@dataclass(frozen=True)
class Experience:
    """The group's claims experience and the rating parameters applied to it."""

    incurred_claims: float
    member_months: float
    claims_above_pool: float
    pooling_charge_pmpm: float
    period_midpoint: date
    annual_trend: float
    manual_pmpm: float
    full_credibility_mm: float
    retention_pct: float
    tier_factors: dict[str, float]
    pooling_point: float | None = None
    plan_relativities: dict[str, float] = field(default_factory=dict)
    underwriting_adjustment: float = 0.0

    def relativity(self, plan: str) -> float:
        """The plan's rate relativity (1.0 when the profile gives none for it)."""
        return self.plan_relativities.get(plan, 1.0)


@dataclass(frozen=True)
class AccountProfile:
    """An employer account as read from its profile; mappings are read-only by convention.

    ``census`` and ``rates`` map plan -> tier -> contracts / monthly rate. They are empty
    for a minimal profile, in which case :attr:`has_projection` is false; ``rates`` is
    also empty when the quoted rates are developed from ``experience``.
    ``census_source`` is the census file the counts were read from (see
    :func:`rfp_assistant.census.apply_census`); ``None`` means the profile's own census.
    """

    name: str
    effective_date: date
    state: str | None = None
    funding: str | None = None
    products: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    members_per_contract: dict[str, float] = field(default_factory=dict)
    census: dict[str, dict[str, float]] = field(default_factory=dict)
    assumptions: Assumptions = field(default_factory=Assumptions)
    rates: dict[str, dict[str, float]] = field(default_factory=dict)
    experience: Experience | None = None
    source: Path | None = None
    census_date: date | None = None
    age_sex_factors: AgeSexTable | None = None
    census_source: Census | None = None

    @property
    def plans(self) -> tuple[str, ...]:
        """The plans with enrollment in the census, in profile order."""
        return tuple(self.census)

    @property
    def has_projection(self) -> bool:
        """True when the profile carries the census and rates a projection needs."""
        return bool(self.census)

    def template_vars(self) -> dict[str, Any]:
        """What answer templates see as ``account``: plain strings and lists only."""
        return {
            "name": self.name,
            "effective_date": self.effective_date.isoformat(),
            "state": self.state,
            "funding": self.funding,
            "products": list(self.products),
        }


def load_account(path: str | Path) -> AccountProfile:
    """Read and validate the account profile at ``path``.

    Raises :class:`AccountError` (one line, naming the file and line) when the file cannot
    be read, is not valid YAML, or does not describe a valid account.
    """
    path = Path(path)
    data, duplicates = read_yaml(path, _read_text(path))
    problems = Problems(path)
    for name, line in duplicates:
        problems.add(line, f"duplicate key '{name}'")
    profile = _profile(problems, Field(data, "", 1), path)
    problems.raise_if_any()
    assert profile is not None
    return profile


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise AccountError(f"{path}: account profile is too large ({size} bytes)", path=path)
        return path.read_text(encoding="utf-8")
    except AccountError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AccountError(f"{path}: cannot read account profile: {reason}", path=path) from None


def _profile(problems: Problems, top: Field, path: Path) -> AccountProfile | None:
    """The whole profile, or ``None`` when it has problems (recorded in ``problems``)."""
    if not isinstance(top.value, dict):
        problems.add(top.line, "an account profile must be a mapping with an 'account:' section")
        return None
    read_mapping(problems, top, _TOP_KEYS)
    name, effective, state, funding = _account(problems, top)
    products_field = top.child("products")
    products = read_names(problems, products_field) if products_field.value is not None else None
    tiers, mpc, census, rates = _census(problems, top)
    assumptions = _assumptions(problems, top.child("assumptions"))
    experience = _experience(problems, top.child("experience"), tiers, census, effective)
    if census and not rates and experience is None and top.value.get("experience") is None:
        problems.add(
            top.line, "missing 'rates:' (a projection needs quoted rates, or experience to develop them)"
        )
    census_date = read_day(problems, top.child("census_date")) if top.value.get("census_date") else None
    age_sex = (
        read_age_sex_factors(problems, top.child("age_sex_factors"))
        if top.value.get("age_sex_factors") is not None
        else None
    )
    if census and products is not None:
        for plan in census:
            if plan not in products:
                problems.add(
                    top.child("census").child(plan).line,
                    f"census plan '{plan}' is not listed in products ({', '.join(products)})",
                )
    if problems.items or name is None or effective is None:
        return None
    return AccountProfile(
        name=name,
        effective_date=effective,
        state=state,
        funding=funding,
        products=products if products is not None else tuple(census),
        tiers=tiers,
        members_per_contract=mpc,
        census=census,
        assumptions=assumptions,
        rates=rates,
        experience=experience,
        source=path,
        census_date=census_date,
        age_sex_factors=age_sex,
    )


def _account(problems: Problems, top: Field) -> tuple[str | None, date | None, str | None, str | None]:
    """The ``account:`` section: name, effective date, state and funding."""
    section = top.child("account")
    if section.value is None:
        problems.add(top.line, "missing 'account:' section (name, effective_date, state, funding)")
        return None, None, None, None
    if read_mapping(problems, section, _ACCOUNT_KEYS) is None:
        return None, None, None, None
    name = effective = state = funding = None
    if section.value.get("name") is None:
        problems.add(section.line, "missing 'account.name'")
    else:
        name = read_text(problems, section.child("name"))
    if section.value.get("effective_date") is None:
        problems.add(section.line, "missing 'account.effective_date'")
    else:
        effective = read_day(problems, section.child("effective_date"))
    if section.value.get("state") is not None:
        state = read_text(problems, section.child("state"))
    if section.value.get("funding") is not None:
        funding = read_text(problems, section.child("funding"))
        if funding is not None and funding not in FUNDING_TYPES:
            problems.add(
                section.child("funding").line,
                f"'account.funding' must be one of {', '.join(FUNDING_TYPES)}, not '{funding}'",
            )
    return name, effective, state, funding


_CENSUS_KEYS = ("tiers", "members_per_contract", "census")


def _census(
    problems: Problems, top: Field
) -> tuple[tuple[str, ...], dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Tiers, members per contract, census and rates; all empty for a minimal profile."""
    present = [k for k in (*_CENSUS_KEYS, "rates") if top.value.get(k) is not None]
    if not present:
        return (), {}, {}, {}
    for key in _CENSUS_KEYS:
        if key not in present:
            problems.add(
                top.line,
                f"missing '{key}:' (a projection needs tiers, members_per_contract, census and "
                "rates or experience)",
            )
    tiers = read_names(problems, top.child("tiers")) if "tiers" in present else None
    if tiers is not None and len(tiers) not in ALLOWED_TIER_COUNTS:
        problems.add(top.child("tiers").line, f"'tiers' must list 2, 3 or 4 coverage tiers, not {len(tiers)}")
        tiers = None
    if tiers is None:
        return (), {}, {}, {}
    mpc: dict[str, float] = {}
    if "members_per_contract" in present:
        mpc = read_tier_values(problems, top.child("members_per_contract"), tiers, positive=True) or {}
    census = _plan_tier_counts(problems, top.child("census"), tiers) if "census" in present else {}
    rates = (
        _rates(problems, top.child("rates"), tiers, top.child("census").value) if "rates" in present else {}
    )
    for plan in census if "rates" in present and isinstance(top.value.get("rates"), dict) else ():
        if plan not in top.value["rates"]:
            problems.add(top.child("rates").line, f"missing rates for plan '{plan}'")
    return tiers, mpc, census, rates


def _plan_tier_counts(problems: Problems, f: Field, tiers: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """``census:``: enrolled contracts by plan and tier."""
    census: dict[str, dict[str, float]] = {}
    if read_mapping(problems, f) is None:
        return census
    if not f.value:
        problems.add(f.line, "'census' lists no plans")
    for plan in f.value:
        values = read_tier_values(problems, f.child(plan), tiers, positive=False)
        if values is not None:
            if sum(values.values()) <= 0:
                problems.add(f.child(plan).line, f"'census.{plan}' has no enrolled contracts")
            census[str(plan)] = values
    return census


def _rates(problems: Problems, f: Field, tiers: tuple[str, ...], census: Any) -> dict[str, dict[str, float]]:
    """``rates:``: the quoted monthly rate by plan and tier, for plans in the census."""
    rates: dict[str, dict[str, float]] = {}
    if read_mapping(problems, f) is None:
        return rates
    census_plans = census if isinstance(census, dict) else {}
    for plan in f.value:
        if plan not in census_plans:
            problems.add(f.child(plan).line, f"rates given for plan '{plan}', which is not in census")
            continue
        values = read_tier_values(problems, f.child(plan), tiers, positive=True)
        if values is not None:
            rates[str(plan)] = values
    return rates


def _assumptions(problems: Problems, f: Field) -> Assumptions:
    """``assumptions:``: growth, horizon and rate trend (defaults when absent)."""
    if f.value is None or read_mapping(problems, f, _ASSUMPTION_KEYS) is None:
        return Assumptions()
    growth, trend, years = DEFAULT_ANNUAL_GROWTH, DEFAULT_RATE_TREND, DEFAULT_PROJECTION_YEARS
    if f.value.get("annual_growth") is not None:
        growth = read_number(problems, f.child("annual_growth"), minimum=MIN_RATE_OF_CHANGE) or 0.0
    if f.value.get("rate_trend") is not None:
        trend = read_number(problems, f.child("rate_trend"), minimum=MIN_RATE_OF_CHANGE) or 0.0
    if f.value.get("projection_years") is not None:
        value = f.value["projection_years"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PROJECTION_YEARS:
            problems.add(
                f.child("projection_years").line,
                f"'assumptions.projection_years' must be a whole number from 1 to {MAX_PROJECTION_YEARS}, "
                f"not {value!r}",
            )
        else:
            years = value
    return Assumptions(annual_growth=growth, projection_years=years, rate_trend=trend)


def _experience(
    problems: Problems,
    f: Field,
    tiers: tuple[str, ...],
    census: dict[str, dict[str, float]],
    effective: date | None,
) -> Experience | None:
    """``experience:``: claims experience and rating parameters (``None`` when absent)."""
    if f.value is None or read_mapping(problems, f, _EXPERIENCE_KEYS + _OPTIONAL_EXPERIENCE_KEYS) is None:
        return None
    missing = [k for k in _EXPERIENCE_KEYS if f.value.get(k) is None]
    if missing:
        problems.add(f.line, f"'experience' lacks {', '.join(missing)}")
        return None
    if not census:
        problems.add(f.line, "'experience' needs a census (tier rates are spread over today's contracts)")
        return None
    bounds: dict[str, dict[str, Any]] = {
        "incurred_claims": {"minimum": 0.0},
        "member_months": {"positive": True},
        "claims_above_pool": {"minimum": 0.0},
        "pooling_charge_pmpm": {"minimum": 0.0},
        "annual_trend": {"minimum": MIN_RATE_OF_CHANGE},
        "manual_pmpm": {"positive": True},
        "full_credibility_mm": {"positive": True},
        "retention_pct": {"minimum": 0.0, "below": 1.0},
    }
    values = {key: read_number(problems, f.child(key), **kwargs) for key, kwargs in bounds.items()}
    midpoint = read_day(problems, f.child("period_midpoint"))
    factors = read_tier_values(problems, f.child("tier_factors"), tiers, positive=True)
    optional = _optional_experience(problems, f, census)
    if any(v is None for v in values.values()) or midpoint is None or factors is None or optional is None:
        return None
    if values["claims_above_pool"] > values["incurred_claims"]:  # type: ignore[operator]
        problems.add(
            f.child("claims_above_pool").line, "'experience.claims_above_pool' exceeds incurred_claims"
        )
        return None
    if effective is not None and midpoint >= effective:
        problems.add(
            f.child("period_midpoint").line,
            f"'experience.period_midpoint' ({midpoint}) must fall before the effective date ({effective})",
        )
        return None
    return Experience(period_midpoint=midpoint, tier_factors=factors, **values, **optional)  # type: ignore[arg-type]


def _optional_experience(
    problems: Problems, f: Field, census: dict[str, dict[str, float]]
) -> dict[str, Any] | None:
    """Pooling point, plan relativities and underwriting adjustment (``None`` if invalid)."""
    out: dict[str, Any] = {}
    ok = True
    if f.value.get("pooling_point") is not None:
        out["pooling_point"] = read_number(problems, f.child("pooling_point"), positive=True)
        ok = out["pooling_point"] is not None
    if f.value.get("underwriting_adjustment") is not None:
        out["underwriting_adjustment"] = read_number(
            problems, f.child("underwriting_adjustment"), minimum=MIN_RATE_OF_CHANGE
        )
        ok = ok and out["underwriting_adjustment"] is not None
    relativities = f.child("plan_relativities")
    if relativities.value is not None and read_mapping(problems, relativities) is not None:
        out["plan_relativities"] = {}
        for plan in relativities.value:
            if plan not in census:
                problems.add(
                    relativities.child(plan).line,
                    f"plan relativity given for '{plan}', which is not in census",
                )
                ok = False
                continue
            value = read_number(problems, relativities.child(plan), positive=True)
            ok = ok and value is not None
            out["plan_relativities"][plan] = value
    elif relativities.value is not None:
        ok = False
    return out if ok else None
