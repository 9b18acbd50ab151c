"""Contact, signature and bank blanks in the form parts of a Word document.

A declaration, certificate or contact-details part asks for no answers, only blanks to
fill in: "Signed ……", "Name", "Bank Name____ Account Name____", a label beside an empty
text box. Each becomes a :class:`~rfp_assistant.models.Field` whose location is the blank:
the underscores or dotted line (``placeholder``), the text box (``cell``), or, when the
label stands alone, the space after it (``after``). A label may run over several lines
("Name of person to whom any / queries relating to this Tender / should be addressed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rfp_assistant.models import DocxLocation, Field
from rfp_assistant.parse.docx_blocks import Para
from rfp_assistant.parse.docx_text import BLANK, blank_fields, is_placeholder_line
from rfp_assistant.parse.text import is_field_label, one_line

MAX_FIELD_LABEL_WORDS = 8
_FORM_LABEL = re.compile(
    r"^\W*(?:dated|signed(?: by)?|signature|print name|witness|for and on behalf of|sort code|"
    r"account (?:no\.?|number|name)|bank (?:name|address))\b",
    re.IGNORECASE,
)
_INLINE_PLACEHOLDER = re.compile(r"\[(?:insert|enter|type)\b[^\]]{0,80}\]", re.IGNORECASE)
_TERMINAL = (".", "?", "!", ":")


@dataclass
class _Label:
    lines: list[str]
    first: Para
    last: Para
    spot: tuple[str, str, str | None] | None = None  # (path, mode, placeholder)
    adjacent: bool = True


def is_form_label(text: str) -> bool:
    """True for the label of a blank in a form ("Position held", "Dated", "Email")."""
    body = one_line(text).rstrip(": ")
    sentence_end = body.endswith((".", "?")) and not re.search(r"\bno\.$", body, re.IGNORECASE)
    if not body or len(body.split()) > MAX_FIELD_LABEL_WORDS or sentence_end:
        return False
    return bool(_FORM_LABEL.match(body)) or is_field_label(body)


def make_field(label: str, spot: tuple[str, str, str | None] | None, label_path: str) -> Field:
    """A field with its blank (``spot`` = (path, mode, placeholder), None when none is seen)."""
    path, mode, placeholder = spot if spot else (None, None, None)
    location = DocxLocation(path=path, mode=mode, question_path=label_path, placeholder=placeholder)  # type: ignore[arg-type]
    return Field(label=one_line(label).rstrip(": "), location=location)


@dataclass
class FormReader:
    """Reads the paragraphs of a form part into ``fields``."""

    fields: list[Field] = field(default_factory=list)
    open: _Label | None = None
    pending_box: str | None = None
    caption: bool = False  # the line under a blank ("Duly authorised agent") describes it

    def feed(self, para: Para) -> None:
        body = one_line(para.text)
        boxes = [box.path for box in para.text_boxes if box.empty]
        if not body and para.in_text_box:
            return  # the inside of a text box beside a label
        if not body:
            self.caption = False
            if boxes and self.open is not None and self.open.spot is None:
                self.open.spot = (boxes[0], "cell", None)
            elif boxes:
                self.pending_box = boxes[0]
            if self.open is not None:
                self.open.adjacent = False
            return
        if is_placeholder_line(body):
            if self.open is not None and self.open.spot is None:
                self.open.spot = (para.path, "placeholder", body)
                self.open.last = para
                self.close()  # the dotted line under a label ends it
                self.caption = True
            return
        blanks = blank_fields(para.text)
        if self.caption and not blanks:
            return
        if BLANK.search(para.text):
            self.close()
            for label, blank in blanks:
                self.fields.append(make_field(label, (para.path, "placeholder", blank), para.path))
            tail = BLANK.split(para.text)[-1]  # "____ Account No.": a label after the last blank
            if is_form_label(tail):
                self._open(tail, para, boxes)
            return
        inline = _INLINE_PLACEHOLDER.search(para.text)
        if inline:
            self.close()
            label = para.text[: inline.start()]
            if is_form_label(label):
                self.fields.append(make_field(label, (para.path, "placeholder", inline.group(0)), para.path))
            return
        if self.open is not None and self._continues(body):
            self.open.lines.append(body)
            self.open.last = para
            if boxes and self.open.spot is None:
                self.open.spot = (boxes[0], "cell", None)
            return
        self.close()
        if is_form_label(body) and not para.label:
            self._open(body, para, boxes)

    def _continues(self, body: str) -> bool:
        """A label's next line: lower-case, in brackets, or inside an open bracket."""
        label = self.open
        assert label is not None
        previous = label.lines[-1]
        if not label.adjacent:
            return False
        if body[:1].islower() or body.startswith("(") or previous.count("(") > previous.count(")"):
            return True
        return not previous.endswith(_TERMINAL) and not is_form_label(body)

    def _open(self, text: str, para: Para, boxes: list[str]) -> None:
        spot = (boxes[0], "cell", None) if boxes else None
        if spot is None and self.pending_box:
            spot = (self.pending_box, "cell", None)
        self.pending_box = None
        self.open = _Label([one_line(text)], para, para, spot)

    def close(self) -> None:
        """Turn the open label into a field (its blank is the space after it if none was seen)."""
        label, self.open = self.open, None
        if label is None:
            return
        spot = label.spot or (label.last.path, "after", None)
        self.fields.append(make_field(" ".join(label.lines), spot, label.first.path))
