"""Format-independent text heuristics shared by every parser.

Small pure functions: is this text a question, a section title, a contact field or a
placeholder; what number does it carry; what kind of answer and what length limit
does it ask for. Each parser decides *where* to look; these decide *what it says*.
"""

from __future__ import annotations

import re

from rfp_assistant.models import Kind, Limit

# Format-neutral helpers live in rfp_assistant.text; they stay importable from here.
from rfp_assistant.text import (  # noqa: F401
    QUESTION_OPENERS,
    asks_to_confirm,
    clean,
    first_ask,
    is_placeholder,
    is_section_title,
    one_line,
)
from rfp_assistant.text import STARTS_WITH_OPENER as _OPENER_RE

# An issuer's numbering at the start of a text: "1.", "2.3.1", "A.1", "B1/", "IVL-01", "10.1(a)".
_NUMBER_PREFIX = re.compile(
    r"""^\s*(?P<number>
        (?:[A-Z]{1,5}(?:&[A-Z]{1,5})?[-&]?\d{1,3}(?:\.\d+)*)          # IVL-01, A&A-01.1, B1, Q12
      | (?:\d{1,3}(?:\.\d{1,3})*[a-z]?(?:\([a-z0-9]{1,3}\))?)  # 1, 2.3.1, 4a, 10.1(a)
      | (?:[A-Z](?:\.\d{1,3})+)                         # A.1, B.2.3
      | (?:\([a-z0-9]{1,3}\))                           # (a)
    )(?P<sep>[.):/]\s*|\t|\s+[-–—]\s+|\s{1,4}(?=[A-Z]))(?P<rest>.+)$""",
    re.VERBOSE | re.DOTALL,
)
# A value that is just a number or id (for an ID column).
_ID_VALUE = re.compile(
    r"^\s*(?:[A-Z]{1,6}(?:&[A-Z]{1,6})?[-&]?\d{1,4}(?:[.-]\d+)*|\d{1,3}(?:\.\d{1,3})*\.?|[A-Z](?:\.\d{1,3})*\.?|[A-Z]{1,3})\s*$"
)

_VERB_ANYWHERE = re.compile(
    r"\b(?:describe|explain|provide|list|confirm|indicate|identify|specify|outline|detail|summari[sz]e|"
    r"give|attach|submit|select|please|demonstrate|assure|tell|upload|how|what|which)\b",
    re.IGNORECASE,
)

# "If not offered, state the maximum increase..." / "Where applicable, provide..."
_CONDITIONAL_ASK = re.compile(
    r"^\W*(?:if|where|when|for|in the event)\b[^.?]{3,120},\s*(?:"
    + "|".join(QUESTION_OPENERS)
    + r"|state)\b",
    re.IGNORECASE,
)

_USE_AREA = re.compile(r"^\W*use\s+(?:this|the)\s+(?:area|space|section|box|field|cell)\b", re.IGNORECASE)

_FIELD_WORDS = re.compile(
    r"\b(?:name|title|e-?mail|phone|telephone|fax|address|date|signature|signed|website|web ?link|url|"
    r"contact|designation|position|company|vendor|bidder|supplier|respondent|organi[sz]ation|"
    r"completed by|prepared by|product|solution|zone|region|locations?|headquarters|country|version|"
    r"description|registration|registered|number|identifier|street|town|city|post ?code|zip(?: code)?|"
    r"role|legal form|(?:service|product|solution) type)\b",
    re.IGNORECASE,
)
# What an identification blank asks for: a party's name, address, contact or registration id.
_IDENTITY_NOUN = (
    r"(?:name|(?:postal|e-?mail|web(?:site)?|office|contact|registered|business|home)\s+address|e-?mail|website|"
    r"phone|telephone|legal form|job title|identifier|share code|"
    r"(?:registration|organi[sz]ation|company|vat|duns|tax|charity|phone|telephone|mobile|fax)\s+"
    r"(?:registration\s+)?number)"
)
# "Please enter the subcontractor's organisation name", "What is the member's registered name?"
_IDENTITY_ASK = re.compile(
    r"^\W*(?:please\s+)?(?:enter|provide|give|confirm|state|supply|tell\s+us|what\s+is|what'?s)\b"
    r"(?:\s+[\w'’/&-]+){0,8}?\s+" + _IDENTITY_NOUN + r"\b",
    re.IGNORECASE,
)
# A name, number or link that is part of the answer's substance (a certificate, a published plan
# or statement, the product resold), not the identity of a party to the bid.
_SUBSTANCE = re.compile(
    r"\b(?:certif\w*|accredit\w*|evidence|statements?|plans?|documents?|resell\w*|resold)\b", re.IGNORECASE
)

_LIMIT = re.compile(
    r"""(?:
        (?:max(?:imum)?\.?|limit(?:ed)?(?:\s+to)?|up\s+to|no\s+more\s+than|not\s+(?:to\s+)?exceed(?:ing)?|at\s+most)
        \s*(?:of\s*)?(?:word\s+count\s*[:=]?\s*|character\s+count\s*[:=]?\s*)?
        (?P<n1>\d{1,3}(?:,\d{3})*|\d+)\s*(?P<u1>characters?|chars?|words?)
      | (?P<n2>\d{1,3}(?:,\d{3})*|\d+)[\s-]*(?P<u2>characters?|chars?|words?)\s*(?:max(?:imum)?|limit|or\s+(?:less|fewer))
      | (?:maximum\s+)?(?P<u3>word|character)\s+(?:count|limit)\s*[:=]?\s*(?:of\s*)?(?P<n3>\d{1,3}(?:,\d{3})+|\d+)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_YES_NO_MARKER = re.compile(
    r"\(\s*(?:yes|y)\s*[/\\|]\s*(?:no|n)\s*\)|\byes\s*/\s*no\b|\by/n\b", re.IGNORECASE
)
_ATTACHMENT = re.compile(
    r"\b(?:attach|upload|enclose|(?:provide|submit|include|supply)\s+(?:a\s+|an\s+|the\s+|your\s+)?"
    r"(?:copy|copies|sample|samples|example)\b(?!\s+of\s+how))\b",
    re.IGNORECASE,
)
_DATE_ASK = re.compile(
    r"^\W*(?:what|provide|state|list|give|enter|indicate)\b[^?.]{0,50}\b(?:date|expir(?:y|ation))\b[^?.]{0,80}[?.]?$|"
    r"^\W*when\s+(?:does|did|will|is|was)\b.*\b(?:expire|renew|begin|end)\b|"
    r"^\W*(?:on|by)\s+what\s+date\b",
    re.IGNORECASE,
)
_NUMERIC_ASK = re.compile(
    r"^\W*(?:how\s+many|how\s+much|what\s+(?:is|was|are)\s+(?:the|your)\s+(?:total\s+|current\s+|average\s+)?"
    r"(?:number|count|percentage|percent|rate|ratio)\b(?!.*\b(?:process|approach|method)\b)|"
    r"what\s+(?:percentage|percent|proportion|share|number)\s+of\b|"
    r"(?:state|provide|give)\s+(?:the|your)\s+(?:total\s+)?(?:number|count|percentage)\s+of|number\s+of\b|"
    # "What was your financial (dollar) accuracy rate ...": a rate a few words on.
    r"what\s+(?:is|was|are|were)\s+(?:the|your)\s+(?:[\w()/-]+\s+){1,4}?(?:rate|ratio|percentage)\b"
    r"(?![^?.]*\b(?:process|approach|method|development|structure)\b)|"
    # "What was your average speed of answer, in seconds, ...": a quantity in a unit.
    r"(?:what|how)\b[^?.,]{0,80},\s*in\s+(?:seconds|minutes|hours|days|dollars|months|years)\b[^,?.]{0,40},)|"
    r"\((?:%|percent|#|number|count|\$)\)",
    re.IGNORECASE,
)

# A text ending in a unit of measure asks for a quantity: "Scope 1 Emissions (tCO2e)".
_UNIT_AT_END = re.compile(
    r"\((?:t?co2e?|kwh|mwh|gwh|tonnes?|kg|%|percent(?:age)?|£|\$|€|gbp|usd|eur)\)\s*$", re.IGNORECASE
)

# A closed question: "Do/Is/Are/Will/Have ... ?" (its first sentence), or a request to confirm.
_CLOSED_QUESTION = re.compile(
    r"^\W*(?:do|does|did|is|are|was|were|will|would|can|could|has|have|had|shall|should|may)\b[^?]*\?$",
    re.IGNORECASE,
)
YES_WORDS = {"yes", "y"}
NO_WORDS = {"no", "n"}
NA_WORDS = {"n/a", "na", "n\\a", "not applicable"}


def split_number(text: str) -> tuple[str | None, str]:
    """Split an issuer's number prefix from a text: ``'2.3 Describe...'`` -> ``('2.3', 'Describe...')``.

    Returns ``(None, text)`` when the text carries no number.
    """
    match = _NUMBER_PREFIX.match(text)
    if not match:
        return None, text
    number, sep, rest = match.group("number"), match.group("sep"), match.group("rest").strip()
    if not rest:
        return None, text
    # "10 employees" or "2024 results" are not numbers: require a separator or a dotted number.
    if (
        sep.strip() == ""
        and "\t" not in sep
        and "." not in number
        and not re.match(r"[A-Z]", number)
        and not rest[:1].isupper()
    ):
        return None, text
    if re.fullmatch(r"\d{4}", number):  # a year
        return None, text
    return number.rstrip("."), rest


def looks_like_id(value: str) -> bool:
    """True for an ID-column value such as ``1.2``, ``A&A-01.1``, ``COMP-01``, ``B``."""
    return bool(_ID_VALUE.match(value)) and len(value) <= 16


def is_question_text(text: str) -> bool:
    """True when a text asks something: a question mark, a question opener or an instruction verb."""
    body = one_line(split_number(text)[1])
    if len(body) < 8:
        return False
    if "?" in body:
        return True
    if _OPENER_RE.match(body) or _CONDITIONAL_ASK.match(body) or _USE_AREA.match(body):
        return True
    # A title line followed by the ask: "Use of Java\nDoes the solution use Java"
    for line in text.split("\n")[1:]:
        if _OPENER_RE.match(line) and len(line.split()) >= 3:
            return True
    words = body.split()
    return len(words) >= 6 and bool(_VERB_ANYWHERE.search(body))


def is_field_label(text: str) -> bool:
    """True for a contact or identification blank label (``Vendor Name``, ``Date completed:``)."""
    body = one_line(text).rstrip(":").strip()
    if not body or "?" in body or len(body.split()) > 7:
        return False
    if _OPENER_RE.match(body) and not re.match(r"^\W*(?:name|date|title)\b", body, re.IGNORECASE):
        return False
    return bool(_FIELD_WORDS.search(body))


def asks_for_identity(text: str) -> bool:
    """True for a request for a party's name, address, contact or registration number.

    ``'Please provide their DUNS number (of their head office)'`` is one; ``'Please provide
    the number of staff'`` is not. Only the first sentence counts.
    """
    return bool(_IDENTITY_ASK.match(first_ask(text)))


def names_substance(text: str) -> bool:
    """True when a text ties a name, number or link to evidence or the product itself.

    ``'Website address for your certifications'`` and ``'Which organisation's services do
    you resell?'`` ask for part of the answer, not for a contact or identification blank.
    """
    return bool(_SUBSTANCE.search(text))


def find_limit(text: str) -> Limit | None:
    """The length limit a text states ('max 400 characters', 'Maximum word count: 500'), or None."""
    match = _LIMIT.search(text)
    if not match:
        return None
    raw = match.group("n1") or match.group("n2") or match.group("n3")
    unit = (match.group("u1") or match.group("u2") or match.group("u3")).lower()
    value = int(raw.replace(",", ""))
    if value <= 0:
        return None
    return Limit("words" if unit.startswith("word") else "chars", value)


def options_kind(options: list[str]) -> Kind:
    """``yes_no`` when a list of options is Yes/No (with an optional N/A), else ``choice``."""
    lowered = {o.strip().lower() for o in options if o.strip()}
    if lowered & YES_WORDS and lowered & NO_WORDS and lowered <= YES_WORDS | NO_WORDS | NA_WORDS:
        return "yes_no"
    return "choice"


def asks_yes_no(text: str) -> bool:
    """True when a text asks to be answered yes or no: a closed question or "Please confirm ...".

    Only the first ask counts: "Do you review high-dollar claims? If yes, state the
    threshold." is a yes/no question with a follow-up.
    """
    return bool(_CLOSED_QUESTION.match(first_ask(text))) or asks_to_confirm(text)


def kind_from_wording(text: str) -> Kind:
    """Guess a question's kind from its words alone (no dropdown, no header hint)."""
    body = one_line(text)
    if _YES_NO_MARKER.search(body):
        return "yes_no"
    if _ATTACHMENT.search(first_ask(text)):
        return "attachment"
    if _DATE_ASK.search(body) and len(body) < 160:
        return "date"
    if (_NUMERIC_ASK.search(body) and len(body) < 200) or _UNIT_AT_END.search(body):
        return "numeric"
    return "narrative"
