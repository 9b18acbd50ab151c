"""Reading back the answers a completed Word questionnaire holds, against the blank it was.

In a Word document an answer is paragraphs like any other: the parser cannot tell an
answer typed below a question from the question's own second paragraph, nor a filled-in
placeholder from the question around it. So a completed document is read against the
questionnaire as the issuer sent it (``Questionnaire.source``, parsed from the blank):
both documents' paragraphs are walked in reading order and aligned, and whatever the
completed document holds in place of an answer spot of the blank is what was sent:

- ``after``: the paragraphs that now stand between the spot's anchor (a "Response:"
  label or the question's last line) and the next paragraph of the blank that is still
  there unchanged;
- ``placeholder``: the text that replaced the placeholder (the question's words around an
  inline blank are not part of the answer), and any paragraphs added after it;
- ``cell``: the paragraphs of the table cell or text box, less any placeholder left in it;
- ``checkbox``: the options whose boxes are ticked in the completed document.

Paragraphs are matched by their text and container (a table cell, a text box), so a
person's edits inside an answer, added paragraphs and a different run structure do not
move anything. Bullet items read back as ``- item`` lines, as the library writes them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rfp_assistant.errors import InputError
from rfp_assistant.models import DocxLocation, Questionnaire
from rfp_assistant.ooxml.docx import PartError, read_package
from rfp_assistant.parse.docx_blocks import Para, iter_paras, read_blocks
from rfp_assistant.parse.docx_text import BLANK, is_placeholder_line
from rfp_assistant.parse.sent_answers import SentAnswer
from rfp_assistant.text import is_placeholder, one_line

BULLET_MARK = "- "  # how a bullet item is written in a library answer (see render/answer_text.py)
_PARAGRAPH_STEP = re.compile(r"/p\[\d+\]")
# Below this share of the blank's paragraphs found unchanged in the completed copy, the copy is
# of another questionnaire (answers add paragraphs; they do not rewrite the questions).
MIN_KEPT_SHARE = 0.5
SAME_FILE = (
    "a Word response is read against the questionnaire as the issuer sent it (only the blank "
    "shows which paragraphs are answers): give the blank questionnaire too (--original FILE)"
)


def read_docx_answers(path: Path, questionnaire: Questionnaire) -> list[SentAnswer]:
    """The sent answer of each question of ``questionnaire`` (parsed from the blank) in ``path``.

    Raises :class:`~rfp_assistant.errors.InputError` when ``path`` is the blank itself or
    either document cannot be read.
    """
    original = Path(questionnaire.source)
    if original.resolve() == Path(path).resolve():
        raise InputError(SAME_FILE, path=path)
    placeholders = {
        q.location.path: q.location.placeholder
        for q in questionnaire.questions
        if isinstance(q.location, DocxLocation) and q.location.path and q.location.placeholder
    }
    aligned = Alignment(_paragraphs(original), _paragraphs(Path(path)), placeholders)
    if aligned.kept_share() < MIN_KEPT_SHARE:
        raise InputError(
            f"only {aligned.kept_share():.0%} of the paragraphs of {original.name} are in it: "
            "it is not a completed copy of that questionnaire (check --original)",
            path=path,
        )
    answers = []
    for question in questionnaire.questions:
        location = question.location
        if not isinstance(location, DocxLocation):
            continue
        answer = None
        if location.mode == "checkbox":
            answer = aligned.ticked(location)
        elif location.path and location.mode:
            answer = aligned.text_at(location.path, location.mode, location.placeholder)
        explanation = None
        if location.explanation_path and location.explanation_mode:
            explanation = aligned.text_at(location.explanation_path, location.explanation_mode, None)
        answers.append(SentAnswer(question, answer, explanation, _where(location)))
    return answers


def _where(location: DocxLocation) -> str:
    spots = [location.describe()]
    if location.explanation_path:
        spots.append(f"{location.explanation_path} ({location.explanation_mode})")
    return ", ".join(spots)


def _paragraphs(path: Path) -> list[Para]:
    try:
        return list(iter_paras(read_blocks(read_package(path))))
    except PartError as exc:
        raise InputError(str(exc), path=path) from None
    except Exception as exc:  # noqa: BLE001 - the parser opened the blank; anything now is a bad file
        raise InputError(f"cannot read the answers: {type(exc).__name__}: {exc}", path=path) from None


def container(path: str) -> str:
    """The cell or text box a paragraph is in, without paragraph indexes (which shift when
    paragraphs are added before it): ``body/tbl[1]/tr[2]/tc[1]/p[3]`` -> ``body/tbl[1]/tr[2]/tc[1]``."""
    return _PARAGRAPH_STEP.sub("/p", path.rsplit("/", 1)[0])


def _key(para: Para) -> tuple[str, str]:
    return container(para.path), one_line(para.text)


@dataclass(frozen=True)
class _Residue:
    """The words of a paragraph around its placeholder: ('What is the date? ', '')."""

    before: str
    after: str

    def holds(self, text: str) -> bool:
        body = one_line(text)
        before, after = one_line(self.before), one_line(self.after)
        return bool(before or after) and body.startswith(before) and body.endswith(after)

    def strip(self, text: str) -> str:
        body = one_line(text)
        before, after = one_line(self.before), one_line(self.after)
        return body[len(before) : len(body) - len(after)].strip()


def residue(text: str, placeholder: str | None) -> _Residue | None:
    """What stays of ``text`` when its placeholder is filled in; None when it is all placeholder."""
    body = one_line(text)
    if placeholder and one_line(placeholder) in body:
        before, _, after = body.partition(one_line(placeholder))
    elif is_placeholder(body) or is_placeholder_line(body):
        return None
    else:
        blanks = list(BLANK.finditer(body))
        if not blanks:
            return None
        before, after = body[: blanks[-1].start()], body[blanks[-1].end() :]
    return _Residue(before, after) if (before.strip() or after.strip()) else None


class Alignment:
    """The paragraphs of a blank questionnaire matched to those of its completed copy."""

    def __init__(self, before: list[Para], after: list[Para], placeholders: dict[str, str] | None = None) -> None:
        self.before = before
        self.after = after
        self.placeholders = placeholders or {}
        self.index = {para.path: i for i, para in enumerate(before)}
        self.mapped: dict[int, int] = {}
        matcher = difflib.SequenceMatcher(None, [_key(p) for p in before], [_key(p) for p in after], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.mapped.update(zip(range(i1, i2), range(j1, j2), strict=True))
            elif tag == "replace":
                self._pair_changed(range(i1, i2), range(j1, j2))

    def _pair_changed(self, olds: range, news: range) -> None:
        """Within a changed stretch, a paragraph whose placeholder was filled in keeps its
        other words (the question around an inline blank): pair it with the one that still has them."""
        start = news.start
        for i in olds:
            kept = residue(self.before[i].text, self.placeholders.get(self.before[i].path))
            if kept is None:
                continue
            for j in range(start, news.stop):
                if container(self.after[j].path) == container(self.before[i].path) and kept.holds(self.after[j].text):
                    self.mapped[i] = j
                    start = j + 1
                    break

    def kept_share(self) -> float:
        """The share of the blank's paragraphs with text that the completed copy still has."""
        texts = [i for i, para in enumerate(self.before) if not para.empty]
        return sum(1 for i in texts if i in self.mapped) / len(texts) if texts else 1.0

    # -- spots ----------------------------------------------------------------------------
    def text_at(self, path: str, mode: str, placeholder: str | None) -> str | None:
        """What the completed document holds at the blank's spot ``path`` (None: nothing)."""
        if mode == "cell":
            return self._cell(path)
        i = self.index.get(path)
        if i is None:
            return None
        if mode == "after":
            return _joined(self._between(i, i + 1, self.before[i]))
        if mode == "placeholder":
            kept = residue(self.before[i].text, placeholder)
            j = self.mapped.get(i)
            if kept is not None and j is not None:
                if one_line(self.after[j].text) == one_line(self.before[i].text):
                    return None  # the placeholder is still there: not answered
                first = kept.strip(self.after[j].text)
                rest = self._between(i, i + 1, self.before[i], start=j + 1)
                return _joined([first, *rest]) if first or rest else None
            return _joined(self._between(i - 1, i + 1, self.before[i]))
        return None

    def _between(self, anchor: int, end: int, spot: Para, start: int | None = None) -> list[str]:
        """The completed paragraphs, in the spot's container, after the last unchanged paragraph
        at or before ``anchor`` and before the first unchanged one from ``end`` on."""
        if start is None:
            low = next((i for i in range(anchor, -1, -1) if i in self.mapped and not self.before[i].empty), None)
            start = self.mapped[low] + 1 if low is not None else 0
        high = next(
            (i for i in range(end, len(self.before)) if i in self.mapped and not self.before[i].empty),
            None,
        )
        stop = self.mapped[high] if high is not None else len(self.after)
        where = container(spot.path)
        return [_line(p) for p in self.after[start:stop] if container(p.path) == where and _answer_text(p)]

    def _cell(self, path: str) -> str | None:
        prefix = self._completed_path(path) + "/"
        return _joined([_line(p) for p in self.after if p.path.startswith(prefix) and _answer_text(p)])

    def _completed_path(self, path: str) -> str:
        """A cell's path in the completed document; a text box follows the paragraph it is anchored in."""
        head, marker, tail = path.partition("/txbx[")
        if not marker:
            return path  # tables are never added, so table, row and cell indexes stay
        i = self.index.get(head)
        j = self.mapped.get(i) if i is not None else None
        return f"{self.after[j].path}{marker}{tail}" if j is not None else path

    def ticked(self, location: DocxLocation) -> str | None:
        """The options whose boxes are ticked in the completed document, comma-separated."""
        options = []
        for box in location.checkboxes:
            found = self._box(box.path)
            if found is not None and found:
                options.append(box.option)
        return ", ".join(options) or None

    def _box(self, box_path: str) -> bool | None:
        """Whether the completed copy of the blank's box at ``box_path`` is ticked (None: not found).

        The box is found by its order among its paragraph's boxes, so an edit that splits
        the paragraph's runs does not lose it."""
        for i, para in enumerate(self.before):
            order = next((n for n, b in enumerate(para.boxes) if b.path == box_path), None)
            if order is None:
                continue
            j = self.mapped.get(i)
            if j is None or order >= len(self.after[j].boxes):
                return None
            return self.after[j].boxes[order].checked
        return None


def _answer_text(para: Para) -> bool:
    text = one_line(para.text)
    return bool(text) and not is_placeholder(text) and not is_placeholder_line(text)


def _line(para: Para) -> str:
    text = para.text.strip()
    return BULLET_MARK + text if para.label is not None and para.label.bullet else text


def _joined(lines: list[str]) -> str | None:
    lines = [line for line in lines if line]
    return "\n".join(lines) or None

