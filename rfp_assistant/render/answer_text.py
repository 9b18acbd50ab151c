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
