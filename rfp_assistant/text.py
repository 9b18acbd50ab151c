"""Format-neutral text helpers used by every stage: parsers, the matcher and the renderers.

Cleaning a cell or paragraph value, collapsing whitespace, recognising an issuer's
placeholder in an answer spot, a short heading, and the first ask of a question. The
parsers' own heuristics (is this a question, a field, what kind and limit) are in
:mod:`rfp_assistant.parse.text`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Words a question or an instruction to the respondent starts with.
QUESTION_OPENERS = (
    "describe",
    "explain",
    "provide",
    "list",
    "confirm",
    "state",
    "indicate",
    "identify",
    "specify",
    "outline",
    "detail",
    "summarise",
    "summarize",
    "give",
    "attach",
    "submit",
    "include",
    "select",
    "please",
    "how",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "can",
    "could",
    "will",
    "would",
    "should",
    "shall",
    "have",
    "has",
    "may",
    "discuss",
    "demonstrate",
    "define",
    "enter",
    "upload",
    "share",
    "assure",
    "tell",
    "verify",
    "clarify",
    "propose",
    "supply",
    "advise",
    "acknowledge",
    "agree",
    "certify",
    "affirm",
)
STARTS_WITH_OPENER = re.compile(r"^\W*(?:" + "|".join(QUESTION_OPENERS) + r")\b", re.IGNORECASE)

SECTION_TITLE_MAX_CHARS = 100
SECTION_TITLE_MAX_WORDS = 12

_PLACEHOLDER = re.compile(
    r"""^\s*(?:
        .*\b(?:type|enter|insert|add|write|put)\s+(?:your\s+|the\s+)?(?:response|answer|text|details?|name|here)\b.*
      | .*>>+\s*$
      | <[^>]{1,60}>
      | \[[^\]]{1,80}\]
      | \{[^}]{1,60}\}
      | (?:mm|dd)[/.-](?:dd|mm)[/.-](?:yy|yyyy)
      | 555-555-5555
      | .*\bvendor\.domain\b.*
      | .*\bexample\.(?:com|org)\b.*
      | see\s+instructions?\b.*
      | click\s+(?:here|to)\b.*
      | (?:select|choose)\s+(?:one|an?\s+option|from\s+(?:the\s+)?(?:list|drop-?down)).*
      | x{2,}
      | _{3,}
      | \.{3,}
      | n/?a\s*-\s*placeholder
      | tbd|tbc
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def clean(text: object) -> str:
    """Normalise a cell or paragraph value to display text: NFC, no stray spaces."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u00a0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in value.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def one_line(text: str) -> str:
    """Collapse all whitespace (for comparing and embedding)."""
    return re.sub(r"\s+", " ", text).strip()


def is_placeholder(text: str) -> bool:
    """True for filler that an issuer puts in an answer slot ('TYPE RESPONSE HERE>>>>')."""
    return bool(text) and bool(_PLACEHOLDER.match(text))


def is_section_title(text: str) -> bool:
    """True for a short heading: no question mark, not a sentence, at most 12 words."""
    body = one_line(text)
    if not body or "?" in body or len(body) > SECTION_TITLE_MAX_CHARS:
        return False
    if len(body.split()) > SECTION_TITLE_MAX_WORDS:
        return False
    return not body.endswith((".", ":")) or bool(re.match(r"^\d+(\.\d+)*\.?\s", body))


def first_ask(text: str) -> str:
    """The first sentence of a question, past a leading title line ('Support Model')."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and is_section_title(lines[0]) and not STARTS_WITH_OPENER.match(lines[0]):
        lines = lines[1:]
    body = one_line(" ".join(lines))
    return re.split(r"(?<=[.?!])\s+", body, maxsplit=1)[0]


# A dotted outline number left at the start of a text from another document: "2.7 Please ...".
_OUTLINE_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})+\.?\s+(?=[A-Z])")


def strip_outline_number(text: str) -> str:
    """The text without a leading dotted outline number ("2.7 Please identify..." -> "Please identify...").

    The issuer's own number is elsewhere (a Ref column); a stray one kept in the question
    text stays there for the reader but says nothing about what is asked.
    """
    return _OUTLINE_NUMBER.sub("", text, count=1)


_CONFIRM = re.compile(r"^\W*(?:please\s+)?confirm\b", re.IGNORECASE)


def asks_to_confirm(text: str) -> bool:
    """True for a request to confirm ("Please confirm that ...", "Confirm that ...")."""
    return bool(_CONFIRM.match(first_ask(text)))


# Words that make a "Yes" conditional: its narrative must go with it.
_QUALIFIER = re.compile(
    r"\b(?:only|except|unless|provided|subject to|if|up to|limited|but|however|not|excluding|as long as|"
    r"where|when|after|before|within|at least|at most|no more than|or more|or fewer|"
    r"for (?:groups|clients|employers|members|plans)|self-funded|fully insured)\b",
    re.IGNORECASE,
)


def is_qualified(value: str, narrative: str | None) -> bool:
    """True when a Yes/No value must carry its narrative: a "No", or a "Yes" with conditions."""
    if value.strip().lower() in ("no", "n"):
        return bool(narrative)
    return bool(narrative and _QUALIFIER.search(narrative))


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def prose_date(day: date) -> str:
    """A date as people write it in an answer: ``July 1, 2027``."""
    return f"{day:%B} {day.day}, {day.year}"


def prose_dates(text: str) -> str:
    """``text`` with every ISO date (``2027-07-01``) written as prose (``July 1, 2027``)."""

    def prose(match: re.Match[str]) -> str:
        try:
            return prose_date(date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            return match.group(0)  # not a real date: keep it as written

    return _ISO_DATE.sub(prose, text)
