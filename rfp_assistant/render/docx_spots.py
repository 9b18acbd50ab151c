"""The answer spots of a Word questionnaire, found from their paths and written into.

A :class:`~rfp_assistant.models.DocxLocation` names a spot by path and mode; here each
becomes a :class:`Target` that knows what the spot holds now (so an answer already there
is never overwritten) and how to write there:

- ``cell``: the empty paragraphs of a table cell or text box take the answer; a text box
  is written in both its copies (DrawingML and the VML fallback Word keeps for old
  readers);
- ``after``: the blank paragraphs after a "Response:" label or the question's last line,
  in the same cell or body; new paragraphs are inserted when there are none;
- ``placeholder``: the placeholder text is replaced where it stands ("[Insert response
  here]", underscores, a "Yes/No" to keep one of);
- ``checkbox``: the box whose option is the answer is ticked (``☐`` becomes ``☒``, a
  ``w14:checkbox`` control is checked and shows its checked glyph, a FORMCHECKBOX field
  is checked).

Every target is resolved before anything is written, so inserting paragraphs for one
answer never moves another answer's spot. Answers are written in the document's own body
text: the font and size of the text around the spot, never its emphasis (see
:mod:`.docx_look`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from rfp_assistant.models import CheckBox, Question
from rfp_assistant.ooxml.docx import (
    BOX_CHARS,
    EMPTY_BOXES,
    NS_MC,
    NS_W14,
    SYMBOL_BOXES,
    W_P,
    W_SDT,
    W_TC,
    W_TXBX_CONTENT,
    checkbox_control_state,
    form_checkbox_state,
    resolve,
    w,
)
from rfp_assistant.render.answer_text import AnswerBlock, answer_blocks
from rfp_assistant.render.docx_look import Slot, Writer
from rfp_assistant.render.wordml import Element, is_blank, local, make, text_of, text_runs, text_width
from rfp_assistant.text import is_placeholder, one_line

CHECKED_GLYPH = "☒"
# The checked code of a symbol-font box, by font (see ``SYMBOL_BOXES``).
CHECKED_SYMBOL = {"wingdings": "F0FE", "wingdings 2": "F054", "ms gothic": "2612", "segoe ui symbol": "2612"}
DEFAULT_CHECKED_STATE = ("2612", "MS Gothic")  # what Word shows in a ticked w14:checkbox
MC_ALTERNATE_CONTENT = f"{{{NS_MC}}}AlternateContent"
MC_CHOICE = f"{{{NS_MC}}}Choice"
_LABEL_WORD = re.compile(r"\b(?:response|answer|reply|comments?)\b", re.IGNORECASE)
MAX_LABEL_WORDS = 6  # "Supplier Response:", "Please provide your answer below:"
QUOTED_CHARS = 40  # how much of a label or placeholder a spot's description quotes
# A blank to fill in the middle of a line: "[Insert details]", "<name>", underscores, dots.
_INLINE_BLANK = re.compile(r"\[[^\]]{0,80}\]|<[^>]{0,60}>|_{4,}|\.{5,}|…{2,}")
_BLOCK_MARKUP = ("bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd")


class SpotError(Exception):
    """A spot cannot take the answer (the note says why; the question goes to review)."""


@dataclass
class Target:
    """One answer spot: its name for a reader, what it holds now, and how to write there.

    ``write_text`` may return a more precise name for what it wrote (the box it ticked).
    """

    name: str
    current: str
    write_text: Callable[[str], str | None]

    def write(self, text: str) -> str:
        """Write ``text`` here; return the name of the spot written (for the review report)."""
        return self.write_text(text) or self.name


class Spots:
    """Finds the targets of questions in one document (its body, styles and questions)."""

    def __init__(self, document: Element, writer: Writer, questions: tuple[Question, ...]) -> None:
        self.document = document
        self.writer = writer
        self.question_paragraphs = set()
        for question in questions:
            path = getattr(question.location, "question_path", None)
            if path:
                try:
                    self.question_paragraphs.add(resolve(document, path))
                except KeyError:
                    continue

    # -- the four modes ----------------------------------------------------------------
    def target(
        self,
        question: Question,
        path: str,
        mode: str,
        placeholder: str | None = None,
        checkboxes: tuple[CheckBox, ...] = (),
    ) -> Target:
        """The target at ``path`` written in ``mode``; :class:`SpotError` if the path is not there."""
        try:
            element = resolve(self.document, path)
        except KeyError:
            raise SpotError(f"the answer spot {path} is not in the document") from None
        label = question_label(question)
        if mode == "cell":
            return self._cell(element, path, question, label)
        if mode == "after":
            return self._after(element, path, question, label)
        if mode == "placeholder":
            return self._placeholder(element, path, question, label, placeholder or "")
        if mode == "checkbox":
            return self._checkbox(path, question, label, checkboxes)
        raise SpotError(f"unknown answer mode {mode!r} at {path}")

    def _cell(self, element: Element, path: str, question: Question, label: str) -> Target:
        containers = [element] + ([twin] if (twin := fallback_twin(element)) is not None else [])
        if element.tag not in (W_TC, W_TXBX_CONTENT):
            raise SpotError(f"the answer spot {path} is not a table cell or text box")
        current = one_line(text_of(element))
        slots = [self._cell_slot(container, question) for container in containers]
        where = place(path)
        name = where
        if element.tag == W_TXBX_CONTENT:
            name = f"{where}, text box" if where else f"text box of question {label}"

        def write(text: str) -> None:
            for slot in slots:
                self._fill(slot, text)

        return Target(_named(name, path), current, write)

    def _cell_slot(self, container: Element, question: Question) -> Slot:
        paragraphs = [child for child in container if child.tag == W_P]
        reusable = [p for p in paragraphs if is_blank(p) or is_placeholder(one_line(text_of(p)))]
        last = reusable[-1] if reusable else paragraphs[-1]
        look = self.writer.look(question, reusable[0] if reusable else last)
        fixed = container.tag == W_TXBX_CONTENT
        width = None if fixed else text_width(container, self.document)
        return Slot(reusable[:1], last, _props(last), look, reusable[1:], width, fixed)

    def _after(self, anchor: Element, path: str, question: Question, label: str) -> Target:
        if anchor.tag != W_P:
            raise SpotError(f"the answer spot {path} is not a paragraph")
        blanks: list[Element] = []
        following: Element | None = None
        for sibling in anchor.itersiblings():
            if not isinstance(sibling.tag, str) or local(sibling) in _BLOCK_MARKUP:
                continue
            if is_blank(sibling):
                blanks.append(sibling)
                continue
            following = sibling
            break
        anchor_text = one_line(text_of(anchor))
        current = ""
        if (
            not blanks
            and following is not None
            and self._answer_after_label(anchor_text, question, following)
        ):
            current = one_line(text_of(following))
        if blanks:
            look = self.writer.look(question, blanks[0])
            parent = anchor.getparent()
            fixed = parent is not None and parent.tag == W_TXBX_CONTENT
            width = None if fixed or parent is None else text_width(parent, self.document)
            slot = Slot(blanks[:1], blanks[0], _props(blanks[0]), look, blanks[1:], width, fixed)
        else:
            template = self.writer.body_properties(anchor)
            slot = Slot([], anchor, template, self.writer.look(question, anchor, template))
        where = place(path)
        if _is_label(anchor_text):
            what = f"after {_quote(anchor_text)}"
            name = f"{where} ({what})" if where else f"{what} (question {label})"
        else:
            name = f"{where} (below the question)" if where else f"below question {label}"

        def write(text: str) -> None:
            self._fill(slot, text)

        return Target(_named(name, path), current, write)

    def _answer_after_label(self, anchor_text: str, question: Question, following: Element) -> bool:
        """True when the paragraph after a response label already holds someone's answer."""
        if not _is_label(anchor_text) or following.tag != W_P or following in self.question_paragraphs:
            return False
        return not self.writer.styles_mark_structure(following)

    def _placeholder(
        self, paragraph: Element, path: str, question: Question, label: str, placeholder: str
    ) -> Target:
        if paragraph.tag != W_P:
            raise SpotError(f"the answer spot {path} is not a paragraph")
        text = "".join(t.text or "" for run in text_runs(paragraph) for t in run.iter(w("t")))
        wanted = placeholder.strip() or _inferred_placeholder(text)
        if wanted and wanted in text:
            # The issuer's filler is writable; anything else in its place is someone's answer.
            current = "" if _is_filler(wanted, question) else wanted
        else:
            current = one_line(text)
        where = place(path)
        what = _quote(wanted) if wanted else "the placeholder"
        name = f"{where} ({what})" if where else f"{what} (question {label})"
        whole = one_line(text) == one_line(wanted)
        look = self.writer.look(question, paragraph, placeholder_run=_run_holding(paragraph, wanted))

        def write(answer: str) -> None:
            blocks = _blocks(answer)
            if whole:
                self._fill(Slot([paragraph], paragraph, _props(paragraph), look), answer)
                return
            self.writer.replace_span(paragraph, wanted, blocks[0].text, look)
            if len(blocks) > 1:
                template = self.writer.body_properties(paragraph)
                rest = Slot([], paragraph, template, self.writer.look(question, paragraph, template))
                self.writer.fill(rest, blocks[1:])

        return Target(_named(name, path), current, write)

    def _checkbox(
        self, path: str, question: Question, label: str, checkboxes: tuple[CheckBox, ...]
    ) -> Target:
        boxes = []
        for box in checkboxes:
            try:
                boxes.append((box.option, resolve(self.document, box.path), box.path))
            except KeyError:
                raise SpotError(f"the check box {box.path} is not in the document") from None
        ticked = [option for option, element, box_path in boxes if is_checked(element, box_path)]
        where = place(path)

        def write(value: str) -> str:
            chosen = _option(value, [option for option, _, _ in boxes])
            if chosen is None:
                options = ", ".join(repr(option) for option, _, _ in boxes)
                raise SpotError(f"no check box for {value!r} (the boxes are {options})")
            option, element, box_path = next(box for box in boxes if box[0] == chosen)
            tick(element, box_path)
            what = f"box {_quote(option)} ticked"
            return _named(f"{where} ({what})" if where else f"{what} (question {label})", box_path)

        name = f"{where} (check boxes)" if where else f"check boxes (question {label})"
        return Target(_named(name, path), ", ".join(ticked), write)

    def _fill(self, slot: Slot, text: str) -> None:
        self.writer.fill(slot, _blocks(text))


# -- check boxes --------------------------------------------------------------------------


def _glyph(run: Element, index: int) -> tuple[Element, int] | None:
    """The element holding the ``index``-th box glyph of a run, and the character offset (-1: a symbol)."""
    seen = 0
    for child in run:
        if child.tag == w("t"):
            for offset, char in enumerate(child.text or ""):
                if char in BOX_CHARS:
                    if seen == index:
                        return child, offset
                    seen += 1
        elif child.tag == w("sym") and _symbol_state(child) is not None:
            if seen == index:
                return child, -1
            seen += 1
    return None


def _symbol_state(sym: Element) -> bool | None:
    font = (sym.get(w("font")) or "").lower()
    return SYMBOL_BOXES.get(font, {}).get((sym.get(w("char")) or "").upper())


def _glyph_index(path: str) -> int | None:
    last = path.rsplit("/", 1)[-1]
    return int(last[4:-1]) if last.startswith("box[") else None


def is_checked(element: Element, path: str) -> bool:
    """Whether the box at ``path`` (resolved to ``element``) is ticked."""
    index = _glyph_index(path)
    if index is not None:
        found = _glyph(element, index)
        if found is None:
            return False
        holder, offset = found
        return bool(_symbol_state(holder)) if offset < 0 else (holder.text or "")[offset] not in EMPTY_BOXES
    if element.tag == W_SDT:
        return bool(checkbox_control_state(element))
    begin = element.find(w("fldChar"))
    return bool(form_checkbox_state(begin)) if begin is not None else False


def tick(element: Element, path: str) -> None:
    """Tick the box at ``path``: a glyph becomes ``☒``, a control or form field is checked."""
    index = _glyph_index(path)
    if index is not None:
        found = _glyph(element, index)
        if found is None:
            raise SpotError(f"no check box glyph at {path}")
        holder, offset = found
        if offset < 0:
            font = (holder.get(w("font")) or "").lower()
            holder.set(w("char"), CHECKED_SYMBOL.get(font, holder.get(w("char")) or ""))
        else:
            text = holder.text or ""
            holder.text = text[:offset] + CHECKED_GLYPH + text[offset + 1 :]
        return
    if element.tag == W_SDT:
        _check_control(element)
        return
    box = _form_checkbox(element)
    if box is None:
        raise SpotError(f"no check box at {path}")
    default = box.find(w("default"))
    if default is not None:
        default.set(w("val"), "1")
    checked = box.find(w("checked"))
    if checked is None:
        checked = make("checked")
        (default if default is not None else box[-1]).addnext(checked)
    checked.set(w("val"), "1")


def _form_checkbox(run: Element) -> Element | None:
    begin = run.find(w("fldChar"))
    return begin.find(f"{w('ffData')}/{w('checkBox')}") if begin is not None else None


def _check_control(sdt: Element) -> None:
    w14 = f"{{{NS_W14}}}"
    box = sdt.find(f"{w('sdtPr')}/{w14}checkbox")
    if box is None:
        raise SpotError("the content control is not a check box")
    checked = box.find(f"{w14}checked")
    if checked is None:
        checked = etree.Element(f"{w14}checked")
        box.insert(0, checked)
    checked.set(f"{w14}val", "1")
    state = box.find(f"{w14}checkedState")
    code, font = DEFAULT_CHECKED_STATE
    if state is not None:
        code, font = state.get(f"{w14}val", code), state.get(f"{w14}font", font)
    content = sdt.find(w("sdtContent"))
    glyph = next(content.iter(w("t")), None) if content is not None else None
    if glyph is None:
        return
    glyph.text = chr(int(code, 16))
    run = glyph.getparent()
    props = run.find(w("rPr"))
    fonts = props.find(w("rFonts")) if props is not None else None
    if fonts is not None:
        for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
            if fonts.get(w(attribute)) is not None:
                fonts.set(w(attribute), font)


def _option(value: str, options: list[str]) -> str | None:
    wanted = _plain(value)
    exact = [option for option in options if _plain(option) == wanted]
    if exact:
        return exact[0]
    return next((option for option in options if wanted and _plain(option).startswith(wanted + " ")), None)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("/", " ").replace(".", "").split())


# -- text boxes ---------------------------------------------------------------------------


def fallback_twin(content: Element) -> Element | None:
    """The VML fallback copy of a DrawingML text box's ``w:txbxContent``, None when it has none."""
    if content.tag != W_TXBX_CONTENT:
        return None
    node = content.getparent()
    while node is not None and node.tag != MC_ALTERNATE_CONTENT:
        node = node.getparent()
    if node is None:
        return None
    choice = node.find(MC_CHOICE)
    fallback = node.find(f"{{{NS_MC}}}Fallback")
    if choice is None or fallback is None:
        return None
    ours = list(choice.iter(W_TXBX_CONTENT))
    theirs = list(fallback.iter(W_TXBX_CONTENT))
    index = next((i for i, element in enumerate(ours) if element is content), None)
    return theirs[index] if index is not None and len(ours) == len(theirs) else None


# -- names for a reader -------------------------------------------------------------------


def place(path: str) -> str:
    """Where a path is, as a reader counts: ``body/tbl[1]/tr[2]/tc[1]/p[6]`` -> "table 2, row 3, cell 2"."""
    words = {"tbl": "table", "tr": "row", "tc": "cell", "sdt": "content control"}
    parts = []
    nested = False
    for step in path.split("/")[1:]:
        name, _, rest = step.partition("[")
        if name not in words:
            continue
        number = int(rest.rstrip("]")) + 1
        label = words[name]
        if name == "tbl" and nested:
            label = "nested table"
        if name == "tbl":
            nested = True
        parts.append(f"{label} {number}")
    return ", ".join(parts)


def question_label(question: Question) -> str:
    """How a reader names a question: its number, or the start of its text."""
    return question.number or _quote(one_line(question.text))


def _is_label(anchor_text: str) -> bool:
    """True when the paragraph an answer follows is a label ("Supplier Response:"), not the question's text."""
    if len(anchor_text.split()) > MAX_LABEL_WORDS:
        return False
    return anchor_text.endswith(":") or bool(_LABEL_WORD.search(anchor_text))


def _quote(text: str) -> str:
    text = one_line(text)
    return repr(text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…")


def _named(name: str, path: str) -> str:
    return f"{name} [{path}]"


# -- small helpers ------------------------------------------------------------------------


def _blocks(text: str) -> list[AnswerBlock]:
    blocks = answer_blocks(text)
    if not blocks:
        raise SpotError("the answer is empty")
    return blocks


def _props(paragraph: Element) -> Element | None:
    props = paragraph.find(w("pPr"))
    return copy.deepcopy(props) if props is not None else None


def _is_filler(text: str, question: Question) -> bool:
    """True for text an issuer leaves in a spot to be replaced: "[Insert…]", underscores, "Yes/No"."""
    body = one_line(text)
    if is_placeholder(body) or _INLINE_BLANK.fullmatch(body):
        return True
    options = {_plain(option) for option in question.options}
    parts = {_plain(part) for part in re.split(r"\s*/\s*", body) if part.strip()}
    return len(parts) > 1 and parts <= options


def _inferred_placeholder(text: str) -> str:
    """The placeholder of a spot the location gives none for (an explanation spot): '' if none."""
    if is_placeholder(one_line(text)):
        return text.strip()
    found = list(_INLINE_BLANK.finditer(text))
    return found[-1].group(0) if found else ""


def _run_holding(paragraph: Element, text: str) -> Element | None:
    """The run whose text holds the start of ``text`` (its look is the placeholder's)."""
    if not text:
        return None
    for run in text_runs(paragraph):
        if text[: max(1, min(len(text), 4))] in "".join(t.text or "" for t in run.iter(w("t"))):
            return run
    return None
