"""The conventions a careful person follows when writing an approved answer into a form.

Small pure functions over text, used by :mod:`rfp_assistant.match.answer`:

- dates in prose as people write them ("July 1, 2027"), never ``2027-07-01``;
- no echo: an explanation does not open with the "Yes." its Yes/No cell already says,
  and a Describe/Attach/Provide answer never opens with "Yes." (only that leading word
  is dropped; the rest of the approved text is written as approved);
- "Please confirm ..." answered in words gets "Confirmed." before the qualifier;
- sizes stated as a reader counts them ("1,214 characters").

Money and percentages are never reformatted: they are written as the entry states them.
"""

from __future__ import annotations

import re

from rfp_assistant.models import Limit
from rfp_assistant.text import prose_date, prose_dates  # noqa: F401 - the answer conventions' dates

_LEADING_WORD = re.compile(r"^\s*(yes|no)\b\s*[.,;:!]?\s*(?:[-–—]\s*)?", re.IGNORECASE)
CONFIRMED = "Confirmed."


def leading_yes_no(text: str) -> str | None:
    """``"Yes"`` or ``"No"`` when the text opens with that word, else None."""
    match = _LEADING_WORD.match(text)
    return match.group(1).capitalize() if match else None


def drop_leading_yes_no(text: str) -> str:
    """The text without its leading "Yes"/"No" word (and the punctuation after it).

    The next word is capitalised: "Yes, we provide ..." -> "We provide ...". A text that
    is nothing but the word is returned as it is.
    """
    match = _LEADING_WORD.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    if not rest.strip():
        return text
    return rest[0].upper() + rest[1:]


def confirmed(text: str, opener: str = CONFIRMED) -> str:
    """A "Please confirm ..." answer in words: the opener, then the entry's qualifier."""
    body = drop_leading_yes_no(text)
    if body.lower().startswith(opener.lower().rstrip(".")):
        return body
    return f"{opener} {body}" if body.strip() else opener


def size_of(text: str, limit: Limit) -> int:
    """The text's size in the limit's unit (characters or words)."""
    return len(text.split()) if limit.unit == "words" else len(text)


def describe_size(size: int, limit: Limit) -> str:
    """ "1,214 characters" / "180 words"."""
    unit = "words" if limit.unit == "words" else "characters"
    return f"{size:,} {unit}"


def overflow(text: str, limit: Limit) -> str:
    """Why a text does not fit: "answer is 1,214 characters, over the limit of 1,000"."""
    return f"answer is {describe_size(size_of(text, limit), limit)}, over the limit of {limit.value:,}"
