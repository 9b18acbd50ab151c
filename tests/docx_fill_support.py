"""Checking a filled Word copy against its original (shared by the Word fill tests).

:func:`assert_only_spots_changed` reads both documents' ``word/document.xml`` as a reader
would walk them (tables, rows, cells and paragraphs in document order, each paragraph
with its text and properties) and allows exactly the changes an answer makes: answer
paragraphs added or written into blank lines, placeholders replaced, boxes ticked, blank
lines of an answer space taken. Everything else must be identical.
"""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

from lxml import etree

from rfp_assistant.models import Match, Question, Questionnaire, QuestionResult, Response
from rfp_assistant.render.answer_text import answer_blocks
from rfp_assistant.text import is_placeholder, one_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
BOXES = "☐☒"


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _text(paragraph: etree._Element) -> str:
    """The paragraph's own text: not its text boxes' (they are paragraphs of their own)."""
    pieces = []
    for node in paragraph.iter():
        between = []
        for ancestor in node.iterancestors():
            if ancestor is paragraph:
                break
            between.append(ancestor.tag)
        if FALLBACK in between or f"{W}txbxContent" in between:
            continue
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        elif node.tag == f"{W}tab":
            pieces.append("\t")
    return "".join(pieces)


def outline(path: Path) -> list[tuple[str, str, str]]:
    """Tables, rows, cells and paragraphs in document order: (kind, text, properties)."""
    body = document_xml(path).find(f"{W}body")
    entries: list[tuple[str, str, str]] = []
    for node in body.iter(f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}p"):
        if any(a.tag == FALLBACK for a in node.iterancestors()):
            continue
        kind = node.tag[len(W) :]
        if kind != "p":
            entries.append((kind, "", ""))
            continue
        props = node.find(f"{W}pPr")
        entries.append(
            ("p", one_line(_text(node)), etree.tostring(props).decode() if props is not None else "")
        )
    return entries


def answer_fragments(response: Response) -> list[str]:
    """Every text an automatic answer may put in the copy (its paragraphs and short value)."""
    fragments: list[str] = []
    for result in response.results:
        if result.decision != "auto":
            continue
        fragments += [block.text for block in answer_blocks(result.answer)]
        if result.short_answer:
            fragments.append(result.short_answer)
    return [one_line(f) for f in fragments if f.strip()]


def _answerish(text: str, fragments: list[str]) -> bool:
    return any(fragment in text for fragment in fragments)


def assert_only_spots_changed(original: Path, copy: Path, response: Response) -> None:
    """Every table, row, cell and paragraph outside the written spots is as it was."""
    before, after = outline(original), outline(copy)
    fragments = answer_fragments(response)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        gone, new = before[i1:i2], after[j1:j2]
        for kind, text, _ in gone:
            spot = not text or is_placeholder(text) or any(box in text for box in BOXES) or "____" in text
            assert kind == "p" and spot, f"changed outside the answer spots: {kind} {text!r}"
        for kind, text, _ in new:
            assert kind == "p", f"a {kind} was added"
            ticked = any(text.replace("☒", "☐") == old for _, old, _ in gone)
            assert not text or _answerish(text, fragments) or ticked, f"unexpected paragraph {text!r}"


def parts_except_document(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}


def answered(question: Question, answer: str | None, short: str | None = None) -> QuestionResult:
    """``question`` answered ``auto`` with this text (what the matcher gives a confident match)."""
    return QuestionResult(
        question, "auto", (Match("entry", 0.9, question.text),), answer=answer, short_answer=short
    )


def response_for(questionnaire: Questionnaire, answers: dict[str, tuple[str | None, str | None]]) -> Response:
    """A response answering the questions named by number (answer, short answer); the rest ``none``."""
    results = []
    for question in questionnaire.questions:
        if question.number in answers:
            results.append(answered(question, *answers[question.number]))
        else:
            results.append(QuestionResult(question, "none", ()))
    return Response(questionnaire, tuple(results), "test", "hashing")
