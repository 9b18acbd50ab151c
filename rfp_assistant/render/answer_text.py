"""An approved answer's text as a document shows it: paragraphs and bullet items.

Library answers are plain text. A line break in the approved text is meant (the author
started a new paragraph), and a line that starts with ``- `` or ``• `` is a bullet item.
Every renderer that writes paragraphs (the Word copy, the response document) reads an
answer through :func:`answer_blocks`, so the same text gives the same paragraphs
everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*[-•]\s+(?P<text>\S.*)$")
# "If yes, please explain." / "If no, describe…": an explanation asked for one answer only.
_CONDITION = re.compile(r"^\W*if\s+(?P<when>yes|so|no|not)\b", re.IGNORECASE)
_ANSWERS_FOR = {"yes": "yes", "so": "yes", "no": "no", "not": "no"}


@dataclass(frozen=True)
class AnswerBlock:
    """One paragraph of an answer: its text, and whether it is a bullet item."""

    text: str
    bullet: bool = False


def answer_blocks(text: str | None) -> list[AnswerBlock]:
    """The paragraphs of ``text``: one per non-blank line, bullets marked (their marker dropped).

    Blank lines only separate paragraphs; surrounding spaces are trimmed. ``None`` or
    blank text gives no blocks.
    """
    blocks: list[AnswerBlock] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet:
            blocks.append(AnswerBlock(bullet.group("text").strip(), bullet=True))
        else:
            blocks.append(AnswerBlock(line.strip()))
    return blocks


def explanation_applies(question_text: str, value: str | None) -> bool:
    """False when the question asks for an explanation only for the other answer.

    "Is any processing done offshore? … If yes, please explain." answered "No" wants no
    explanation, and an explanation under "If no, please explain." after a "Yes" would
    read as a contradiction. Any other question (or a value that is not Yes/No) wants it.
    """
    answer = (value or "").strip().lower().rstrip(".")
    if answer not in ("yes", "no"):
        return True
    for line in reversed(question_text.splitlines()):
        condition = _CONDITION.match(line)
        if condition:
            return _ANSWERS_FOR[condition.group("when").lower()] == answer
    return True
