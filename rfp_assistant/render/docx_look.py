"""How an answer looks in the issuer's document, and writing its paragraphs there.

An answer is set in the document's own body text: the paragraph it goes into keeps its
properties (its style, spacing and alignment), and its runs take the font, size and
language of the text around the spot (the question's text, the blank line's own mark,
the placeholder it replaces), never emphasis: a bold "Supplier Response:" label or a grey
placeholder does not make the answer bold or grey, and a paragraph style that is bold
gets the answer's runs explicitly not bold. A multi-paragraph answer stays paragraphs;
its bullet items become the document's own bullets (the list its bullet items use, else
its "List Bullet" style), else plain indented "•" paragraphs, so no numbering or style
part ever needs to change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from rfp_assistant.models import Question
from rfp_assistant.ooxml.docx import W_P, resolve, w
from rfp_assistant.render.answer_text import AnswerBlock
from rfp_assistant.render.wordml import (
    PLAIN_BULLET,
    PLAIN_BULLET_INDENT,
    BulletFormat,
    Element,
    StyleSheet,
    body_properties,
    clear_text,
    kept_run_properties,
    make,
    paragraph_properties,
    run,
    run_properties,
    set_paragraph_property,
    text_runs,
)

KEEP_BLANK_LINES = 1  # blank lines of the issuer's answer space kept below a written answer
# An average character of body text is about half an em wide: 10 twips per half-point of size.
TWIPS_PER_CHAR = 5
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Look:
    """The run properties an answer is written with at one spot (None: the style's own)."""

    run_props: Element | None


@dataclass
class Slot:
    """Where answer paragraphs go: a blank line to reuse, then new paragraphs after ``after``.

    New paragraphs get ``template`` as their properties. ``extra`` are the other blank
    lines of the issuer's answer space and ``width`` (twips) how wide its lines are: the
    answer takes the room a person typing it would, so as many blank lines as the answer
    fills go (:data:`KEEP_BLANK_LINES` stay at least; all go in a text box, whose size is
    fixed, and, with no known width, all but :data:`KEEP_BLANK_LINES`).
    """

    reusable: list[Element]
    after: Element
    template: Element | None
    look: Look
    extra: list[Element] = field(default_factory=list)
    width: int | None = None
    fixed_size: bool = False


class Writer:
    """Writes answer paragraphs and runs into one document in its own body style."""

    def __init__(self, document: Element, styles: StyleSheet) -> None:
        self.document = document
        self.styles = styles
        body = document.find(w("body"))
        self.bullets = styles.bullet_format(body if body is not None else document)

    # -- looks -------------------------------------------------------------------------
    def look(
        self,
        question: Question,
        paragraph: Element,
        template: Element | None = None,
        placeholder_run: Element | None = None,
    ) -> Look:
        """The look of an answer written into ``paragraph`` (or a new one with ``template``)."""
        props = template if template is not None else paragraph.find(w("pPr"))
        mark = paragraph.find(f"{w('pPr')}/{w('rPr')}")
        placeholder = placeholder_run.find(w("rPr")) if placeholder_run is not None else None
        kept = kept_run_properties(self._question_props(question), mark, placeholder)
        style = props.find(w("pStyle")) if props is not None else None
        style_id = style.get(w("val")) if style is not None else None
        extra = {}
        if self.styles.is_bold(style_id):
            extra["b"] = make("b", val="0")
        if self.styles.is_italic(style_id):
            extra["i"] = make("i", val="0")
        if not kept and not extra:
            return Look(None)
        return Look(run_properties(kept, extra))

    def _question_props(self, question: Question) -> Element | None:
        """The run properties of the question's own text (its longest run)."""
        path = getattr(question.location, "question_path", None)
        if not path:
            return None
        try:
            paragraph = resolve(self.document, path)
        except KeyError:
            return None
        if paragraph.tag != W_P:
            return None
        runs = text_runs(paragraph)
        if not runs:
            return None
        longest = max(runs, key=lambda r: sum(len(t.text or "") for t in r.iter(w("t"))))
        return longest.find(w("rPr"))

    def body_properties(self, anchor: Element) -> Element:
        """Paragraph properties for a new answer paragraph after ``anchor``."""
        return body_properties(anchor, self.styles)

    def styles_mark_structure(self, paragraph: Element) -> bool:
        """True for a heading or a numbered paragraph: document structure, not someone's answer."""
        props = paragraph.find(w("pPr"))
        if props is None:
            return False
        if props.find(w("numPr")) is not None:
            return True
        style = props.find(w("pStyle"))
        style_id = style.get(w("val")) if style is not None else None
        return self.styles.is_heading(style_id) or self.styles.numbering(style_id) is not None

    # -- writing -----------------------------------------------------------------------
    def fill(self, slot: Slot, blocks: list[AnswerBlock]) -> None:
        """Write ``blocks`` into ``slot``: reuse its blank line, then add paragraphs after it.

        Of the blank lines left below the answer, :data:`KEEP_BLANK_LINES` stay.
        """
        previous = slot.after
        for index, block in enumerate(blocks):
            if index < len(slot.reusable):
                paragraph = slot.reusable[index]
                clear_text(paragraph)
            else:
                paragraph = make("p")
                if slot.template is not None:
                    paragraph.append(copy.deepcopy(slot.template))
                previous.addnext(paragraph)
            self._paragraph(paragraph, block, slot.look)
            previous = paragraph
        for extra in slot.extra[self._blank_lines_kept(slot, blocks) :]:
            parent = extra.getparent()
            if parent is not None:
                parent.remove(extra)

    def _blank_lines_kept(self, slot: Slot, blocks: list[AnswerBlock]) -> int:
        if slot.fixed_size:
            return 0
        if not slot.width:
            return KEEP_BLANK_LINES
        size = slot.look.run_props.find(w("sz")) if slot.look.run_props is not None else None
        half_points = (
            int(size.get(w("val"), "0")) if size is not None and size.get(w("val"), "").isdigit() else 0
        )
        per_line = max(1, slot.width // ((half_points or self.styles.default_half_points) * TWIPS_PER_CHAR))
        used = sum(-(-max(1, len(block.text)) // per_line) for block in blocks)
        room = 1 + len(slot.extra)  # the reused blank line and the others
        return max(KEEP_BLANK_LINES, room - used)

    def _paragraph(self, paragraph: Element, block: AnswerBlock, look: Look) -> None:
        props = paragraph_properties(paragraph)
        if look.run_props is not None:
            set_paragraph_property(props, copy.deepcopy(look.run_props))
        else:
            mark = props.find(w("rPr"))
            if mark is not None:
                props.remove(mark)
        text = block.text
        if block.bullet:
            text = self._bullet(props, text)
        if not len(props):
            paragraph.remove(props)
        paragraph.append(run(text, look.run_props))

    def _bullet(self, props: Element, text: str) -> str:
        """Make ``props`` a bullet item's (the document's bullets); the text to write."""
        fmt: BulletFormat = self.bullets
        if fmt.plain:
            ind = props.find(w("ind"))
            left = (
                int(ind.get(w("left"), "0")) if ind is not None and ind.get(w("left"), "0").isdigit() else 0
            )
            set_paragraph_property(
                props, make("ind", left=str(left + PLAIN_BULLET_INDENT), hanging=str(PLAIN_BULLET_INDENT))
            )
            return f"{PLAIN_BULLET}\t{text}"
        ind = props.find(w("ind"))
        if ind is not None:
            props.remove(ind)  # the list's own indent places the bullet
        if fmt.style_id is not None:
            set_paragraph_property(props, make("pStyle", val=fmt.style_id))
        if fmt.num_id is not None:
            numpr = make("numPr")
            numpr.append(make("ilvl", val="0"))
            numpr.append(make("numId", val=fmt.num_id))
            set_paragraph_property(props, numpr)
        return text

    def replace_span(self, paragraph: Element, placeholder: str, text: str, look: Look) -> None:
        """Replace the first ``placeholder`` in ``paragraph`` with ``text``, keeping the text around it."""
        segments: list[tuple[Element, Element, int]] = []  # (w:t, its run, start offset)
        offset = 0
        for owner in text_runs(paragraph):
            for t in owner.iter(w("t")):
                segments.append((t, owner, offset))
                offset += len(t.text or "")
        whole = "".join(t.text or "" for t, _, _ in segments)
        start = whole.find(placeholder)
        if start < 0:
            raise ValueError(f"placeholder {placeholder!r} not found")
        end = start + len(placeholder)
        covered = [s for s in segments if s[2] < end and s[2] + len(s[0].text or "") > start]
        first_t, first_run, first_start = covered[0]
        last_t, _, last_start = covered[-1]
        prefix = (first_t.text or "")[: start - first_start]
        suffix = (last_t.text or "")[end - last_start :]
        for t, _, _ in covered:
            _set_text(t, "")
        _set_text(first_t, prefix)
        tail = None
        if last_t is first_t:
            if suffix:
                tail = copy.deepcopy(first_run)
                for child in list(tail):
                    if child.tag != w("rPr"):
                        tail.remove(child)
                t = make("t")
                _set_text(t, suffix)
                tail.append(t)
        else:
            _set_text(last_t, suffix)
        answer = run(text, look.run_props)
        first_run.addnext(answer)
        if tail is not None:
            answer.addnext(tail)
        _unmark_placeholder_control(first_run)
        for t, owner, _ in covered:
            if not t.text:
                owner.remove(t)


def _set_text(t: Element, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def _unmark_placeholder_control(node: Element) -> None:
    """A content control showing its placeholder text shows real text once answered."""
    parent = node.getparent()
    while parent is not None and parent.tag != W_P:
        if parent.tag == w("sdtContent"):
            sdt = parent.getparent()
            shown = sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}") if sdt is not None else None
            if shown is not None:
                shown.getparent().remove(shown)
        parent = parent.getparent()
