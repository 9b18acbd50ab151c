"""What a library's ``settings.yaml`` says about linting, validated like the matching settings.

::

    tags: [pharmacy, specialty, claims, ...]   # optional: the only tags entries may use
    lint:
      max_answer_chars: 2500                   # optional: longer answers are errors
      due_within_days: 30                      # optional: warn this long before a review is due
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

DEFAULT_DUE_WITHIN_DAYS = 30
# Character limits issuers most often put on an answer; an entry longer than one of them
# with no answer_brief goes to review whenever an RFP sets that limit.
COMMON_LIMITS = (500, 1000)


@dataclass(frozen=True)
class LintSettings:
    """``lint:`` in settings.yaml. ``max_answer_chars`` None means no library-wide limit."""

    max_answer_chars: int | None = None
    due_within_days: int = DEFAULT_DUE_WITHIN_DAYS

    def __post_init__(self) -> None:
        for name in ("max_answer_chars", "due_within_days"):
            value = getattr(self, name)
            if value is None and name == "max_answer_chars":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a whole number of at least 0 (got {value!r})")

    @classmethod
    def resolve(cls, value: LintSettings | dict[str, Any] | None = None) -> LintSettings:
        """Build from None (defaults), a dict (``lint:`` of settings.yaml) or an instance."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise TypeError(f"cannot build LintSettings from {type(value).__name__}")
        unknown = set(value) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown lint settings: {', '.join(sorted(unknown))}")
        return cls(**value)


def lint_settings(settings: dict[str, Any]) -> LintSettings:
    """The ``lint:`` settings of a library's settings.yaml (defaults when absent or invalid:
    the loader reports invalid ones, with their line)."""
    try:
        return LintSettings.resolve(settings.get("lint"))
    except (TypeError, ValueError):
        return LintSettings()


def known_tags(settings: dict[str, Any]) -> frozenset[str] | None:
    """The tag list of settings.yaml (None when it has none, so any tag goes)."""
    tags = settings.get("tags")
    if not isinstance(tags, list):
        return None
    return frozenset(str(t) for t in tags)
