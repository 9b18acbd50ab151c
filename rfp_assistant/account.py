"""The account profile: the employer an RFP is for, and its census, rates and experience.

An account profile is one YAML file per RFP. The smallest useful profile names the
employer only::

    account: {name: Harbor Point Manufacturing, effective_date: 2027-07-01, state: MA,
              funding: fully-insured}          # fully-insured | self-funded | level-funded
    products: [HMO, PPO]                       # optional; default: the plans in `census`

A profile that also carries ``tiers``, ``members_per_contract``, ``census``, ``rates`` and
(optionally) ``assumptions`` and ``experience`` can be projected (see
:mod:`rfp_assistant.projection`)::

    tiers: [employee, employee_spouse, employee_children, family]   # 2, 3 or 4 tiers
    members_per_contract: {employee: 1.0, employee_spouse: 2.0, ...}
    census:                      # enrolled contracts today, by plan and tier
      HMO: {employee: 420, employee_spouse: 130, employee_children: 110, family: 240}
    assumptions: {annual_growth: 0.03, projection_years: 3, rate_trend: 0.075}
    rates:                       # monthly premium per contract, first plan year
      HMO: {employee: 812.40, ...}
    experience:                  # optional: drives the rate development exhibit
      incurred_claims: ..., member_months: ..., claims_above_pool: ...,
      pooling_charge_pmpm: ..., period_midpoint: 2025-07-01, annual_trend: 0.08,
      manual_pmpm: ..., full_credibility_mm: 24000, retention_pct: 0.12,
      tier_factors: {employee: 1.0, ...}

:func:`load_account` validates everything it reads and raises :class:`AccountError`
with a one-line ``file:line: message`` for the first problem (the error's ``problems``
attribute lists all of them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from rfp_assistant.errors import AccountError, Problem
from rfp_assistant.models import FUNDING_TYPES

ALLOWED_TIER_COUNTS = (2, 3, 4)
DEFAULT_ANNUAL_GROWTH = 0.0
DEFAULT_PROJECTION_YEARS = 3
MAX_PROJECTION_YEARS = 10
DEFAULT_RATE_TREND = 0.0
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


@dataclass(frozen=True)
class AccountProfile:
    """An employer account as read from its profile; mappings are read-only by convention.

    ``census`` and ``rates`` map plan -> tier -> contracts / monthly rate. They are empty
    for a minimal profile, in which case :attr:`has_projection` is false.
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
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise AccountError(f"{path}: account profile is too large ({size} bytes)", path=path)
        text = path.read_text(encoding="utf-8")
    except AccountError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise AccountError(f"{path}: cannot read account profile: {reason}", path=path) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AccountError(f"{path}{line}: invalid YAML: {reason}", path=path) from None
    return _ProfileReader(path, node).read(data)


class _ProfileReader:
    """Validates the parsed YAML, collecting every problem with its line."""

    def __init__(self, path: Path, node: yaml.Node | None) -> None:
        self.path = path
        self.node = node
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------

    def line(self, keys: tuple[Any, ...]) -> int:
        """The 1-based line of the node at ``keys`` (or of its deepest existing parent)."""
        node = self.node
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for key in keys:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if _scalar_equals(key_node, key):
                        found, line = value_node, key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                found = node.value[key]
                line = found.start_mark.line + 1
            if found is None:
                break
            node = found
        return line

    def error(self, keys: tuple[Any, ...], message: str) -> None:
        self.problems.append(Problem(str(self.path), self.line(keys), "error", message))

    def check_duplicates(self, node: yaml.Node | None, where: str = "") -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    self.problems.append(
                        Problem(
                            str(self.path),
                            key_node.start_mark.line + 1,
                            "error",
                            f"duplicate key '{where}{key}'",
                        )
                    )
                seen.add(key)
                self.check_duplicates(value_node, f"{where}{key}.")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.check_duplicates(item, where)

    # -- typed readers ---------------------------------------------------------------

    def mapping(
        self, value: Any, keys: tuple[Any, ...], allowed: tuple[str, ...] | None = None
    ) -> dict | None:
        name = ".".join(str(k) for k in keys)
        if not isinstance(value, dict):
            self.error(keys, f"'{name}' must be a mapping")
            return None
        for key in value:
            if not isinstance(key, str):
                self.error(keys, f"'{name}' has a non-text key {key!r}")
            elif allowed is not None and key not in allowed:
                self.error(
                    keys + (key,), f"unknown key '{name}.{key}' (expected one of: {', '.join(allowed)})"
                )
        return value

    def number(
        self,
        value: Any,
        keys: tuple[Any, ...],
        *,
        minimum: float | None = None,
        positive: bool = False,
        below: float | None = None,
    ) -> float | None:
        name = ".".join(str(k) for k in keys)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.error(keys, f"'{name}' must be a number, not {value!r}")
            return None
        if positive and value <= 0:
            self.error(keys, f"'{name}' must be greater than 0, not {value}")
            return None
        if minimum is not None and value < minimum:
            what = "negative" if minimum == 0 else f"less than {minimum}"
            self.error(keys, f"'{name}' must not be {what} ({value})")
            return None
        if below is not None and value >= below:
            self.error(keys, f"'{name}' must be less than {below}, not {value}")
            return None
        return float(value)

    def text(self, value: Any, keys: tuple[Any, ...]) -> str | None:
        name = ".".join(str(k) for k in keys)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.error(keys, f"'{name}' must be non-empty text")
            return None
        return value.strip()

    def day(self, value: Any, keys: tuple[Any, ...]) -> date | None:
        name = ".".join(str(k) for k in keys)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(keys, f"'{name}' must be a date like 2027-07-01, not {value!r}")
        return None

    def names(self, value: Any, keys: tuple[Any, ...]) -> tuple[str, ...] | None:
        name = ".".join(str(k) for k in keys)
        if not isinstance(value, list) or not value:
            self.error(keys, f"'{name}' must be a non-empty list")
            return None
        out: list[str] = []
        for index, item in enumerate(value):
            text = self.text(item, keys + (index,))
            if text is None:
                return None
            if text in out:
                self.error(keys + (index,), f"'{name}' lists '{text}' twice")
                return None
            out.append(text)
        return tuple(out)

    def tier_values(
        self, value: Any, keys: tuple[Any, ...], tiers: tuple[str, ...], *, positive: bool
    ) -> dict[str, float] | None:
        """A {tier: number} mapping that covers exactly the profile's tiers."""
        name = ".".join(str(k) for k in keys)
        mapping = self.mapping(value, keys)
        if mapping is None:
            return None
        out: dict[str, float] = {}
        ok = True
        for tier, raw in mapping.items():
            if tier not in tiers:
                self.error(
                    keys + (tier,),
                    f"'{name}' has tier '{tier}', which is not listed in tiers ({', '.join(tiers)})",
                )
                ok = False
                continue
            number = self.number(raw, keys + (tier,), minimum=0.0, positive=positive)
            if number is None:
                ok = False
            else:
                out[tier] = number
        missing = [t for t in tiers if t not in mapping]
        if missing:
            self.error(keys, f"'{name}' lacks tier{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
            ok = False
        return {t: out[t] for t in tiers} if ok else None

    # -- the profile -------------------------------------------------------------------

    def read(self, data: Any) -> AccountProfile:
        self.check_duplicates(self.node)
        if not isinstance(data, dict):
            self.error((), "an account profile must be a mapping with an 'account:' section")
            self.fail()
        self._top_keys(data)
        account = data.get("account")
        name = effective = state = funding = None
        if account is None:
            self.error((), "missing 'account:' section (name, effective_date, state, funding)")
        elif self.mapping(account, ("account",), _ACCOUNT_KEYS) is not None:
            if account.get("name") is None:
                self.error(("account",), "missing 'account.name'")
            else:
                name = self.text(account["name"], ("account", "name"))
            if account.get("effective_date") is None:
                self.error(("account",), "missing 'account.effective_date'")
            else:
                effective = self.day(account["effective_date"], ("account", "effective_date"))
            if account.get("state") is not None:
                state = self.text(account["state"], ("account", "state"))
            if account.get("funding") is not None:
                funding = self.text(account["funding"], ("account", "funding"))
                if funding is not None and funding not in FUNDING_TYPES:
                    self.error(
                        ("account", "funding"),
                        f"'account.funding' must be one of {', '.join(FUNDING_TYPES)}, not '{funding}'",
                    )
        products = self.names(data["products"], ("products",)) if data.get("products") is not None else None

        tiers, mpc, census, rates = self._census(data)
        assumptions = self._assumptions(data.get("assumptions"))
        experience = self._experience(data, tiers, census, effective)
        if census and products is not None:
            for plan in census:
                if plan not in products:
                    self.error(
                        ("census", plan),
                        f"census plan '{plan}' is not listed in products ({', '.join(products)})",
                    )
        self.fail()
        assert name is not None and effective is not None
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
            source=self.path,
        )

    def _top_keys(self, data: dict) -> None:
        for key in data:
            if key not in _TOP_KEYS:
                self.error((key,), f"unknown key '{key}' (expected one of: {', '.join(_TOP_KEYS)})")

    def _census(
        self, data: dict
    ) -> tuple[tuple[str, ...], dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]]:
        """Tiers, members per contract, census and rates; all empty for a minimal profile."""
        present = [k for k in ("tiers", "members_per_contract", "census", "rates") if data.get(k) is not None]
        if not present:
            return (), {}, {}, {}
        for key in ("tiers", "members_per_contract", "census", "rates"):
            if key not in present:
                self.error(
                    (), f"missing '{key}:' (a projection needs tiers, members_per_contract, census and rates)"
                )
        tiers = self.names(data["tiers"], ("tiers",)) if "tiers" in present else None
        if tiers is not None and len(tiers) not in ALLOWED_TIER_COUNTS:
            self.error(("tiers",), f"'tiers' must list 2, 3 or 4 coverage tiers, not {len(tiers)}")
            tiers = None
        if tiers is None:
            return (), {}, {}, {}
        mpc: dict[str, float] = {}
        if "members_per_contract" in present:
            mpc = (
                self.tier_values(
                    data["members_per_contract"], ("members_per_contract",), tiers, positive=True
                )
                or {}
            )
        census: dict[str, dict[str, float]] = {}
        if "census" in present and self.mapping(data["census"], ("census",)) is not None:
            if not data["census"]:
                self.error(("census",), "'census' lists no plans")
            for plan, counts in data["census"].items():
                values = self.tier_values(counts, ("census", plan), tiers, positive=False)
                if values is not None:
                    if sum(values.values()) <= 0:
                        self.error(("census", plan), f"'census.{plan}' has no enrolled contracts")
                    census[str(plan)] = values
        rates: dict[str, dict[str, float]] = {}
        if "rates" in present and self.mapping(data["rates"], ("rates",)) is not None:
            census_plans = data["census"] if isinstance(data.get("census"), dict) else {}
            for plan, plan_rates in data["rates"].items():
                if plan not in census_plans:
                    self.error(("rates", plan), f"rates given for plan '{plan}', which is not in census")
                    continue
                values = self.tier_values(plan_rates, ("rates", plan), tiers, positive=True)
                if values is not None:
                    rates[str(plan)] = values
            for plan in census:
                if plan not in data["rates"]:
                    self.error(("rates",), f"missing rates for plan '{plan}'")
        return tiers, mpc, census, rates

    def _assumptions(self, raw: Any) -> Assumptions:
        if raw is None:
            return Assumptions()
        keys = ("assumptions",)
        if self.mapping(raw, keys, _ASSUMPTION_KEYS) is None:
            return Assumptions()
        growth = DEFAULT_ANNUAL_GROWTH
        trend = DEFAULT_RATE_TREND
        years = DEFAULT_PROJECTION_YEARS
        if raw.get("annual_growth") is not None:
            # Growth below -100% would make contracts negative.
            growth = self.number(raw["annual_growth"], keys + ("annual_growth",), minimum=-0.99) or 0.0
        if raw.get("rate_trend") is not None:
            trend = self.number(raw["rate_trend"], keys + ("rate_trend",), minimum=-0.99) or 0.0
        if raw.get("projection_years") is not None:
            value = raw["projection_years"]
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= MAX_PROJECTION_YEARS
            ):
                self.error(
                    keys + ("projection_years",),
                    f"'assumptions.projection_years' must be a whole number from 1 to {MAX_PROJECTION_YEARS}, not {value!r}",
                )
            else:
                years = value
        return Assumptions(annual_growth=growth, projection_years=years, rate_trend=trend)

    def _experience(
        self,
        data: dict,
        tiers: tuple[str, ...],
        census: dict[str, dict[str, float]],
        effective: date | None,
    ) -> Experience | None:
        raw = data.get("experience")
        if raw is None:
            return None
        keys = ("experience",)
        if self.mapping(raw, keys, _EXPERIENCE_KEYS) is None:
            return None
        missing = [k for k in _EXPERIENCE_KEYS if raw.get(k) is None]
        if missing:
            self.error(keys, f"'experience' lacks {', '.join(missing)}")
            return None
        if not census:
            self.error(keys, "'experience' needs a census (tier rates are spread over today's contracts)")
            return None

        def num(key: str, **kwargs: Any) -> float | None:
            return self.number(raw[key], keys + (key,), **kwargs)

        values = {
            "incurred_claims": num("incurred_claims", minimum=0.0),
            "member_months": num("member_months", positive=True),
            "claims_above_pool": num("claims_above_pool", minimum=0.0),
            "pooling_charge_pmpm": num("pooling_charge_pmpm", minimum=0.0),
            "annual_trend": num("annual_trend", minimum=-0.99),
            "manual_pmpm": num("manual_pmpm", positive=True),
            "full_credibility_mm": num("full_credibility_mm", positive=True),
            "retention_pct": num("retention_pct", minimum=0.0, below=1.0),
        }
        midpoint = self.day(raw["period_midpoint"], keys + ("period_midpoint",))
        factors = self.tier_values(raw["tier_factors"], keys + ("tier_factors",), tiers, positive=True)
        if any(v is None for v in values.values()) or midpoint is None or factors is None:
            return None
        if values["claims_above_pool"] > values["incurred_claims"]:  # type: ignore[operator]
            self.error(
                keys + ("claims_above_pool",), "'experience.claims_above_pool' exceeds incurred_claims"
            )
            return None
        if effective is not None and midpoint >= effective:
            self.error(
                keys + ("period_midpoint",),
                f"'experience.period_midpoint' ({midpoint}) must fall before the effective date ({effective})",
            )
            return None
        return Experience(period_midpoint=midpoint, tier_factors=factors, **values)  # type: ignore[arg-type]

    def fail(self) -> None:
        if not self.problems:
            return
        problems = sorted(self.problems, key=lambda p: p.line)
        first = problems[0]
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        error = AccountError(f"{first.path}:{first.line}: {first.message}{suffix}", path=self.path)
        error.problems = problems  # type: ignore[attr-defined]
        raise error


def _scalar_equals(node: yaml.Node, key: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and str(node.value) == str(key)
