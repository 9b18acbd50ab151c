"""One paragraph of a Word questionnaire on its own: what role it plays.

:func:`classify` gives each paragraph a role before :mod:`.docx_flow` groups paragraphs
into questions: a question (it asks), a numbered line that does not ask, a heading (with
its rank), a list item, an answer spot (check boxes, "Yes/No", a placeholder, a response
label), options written as a list item ("● Yes/No"), a note, a contact field line, a short
label ("Name"), a blank line (perhaps holding an empty text box) or plain text. A
:class:`Line` carries the paragraph's number (automatic or typed) and text without it, and
any answer spot the paragraph holds itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rfp_assistant.models import CheckBox, DocxLocation, Kind, Limit, Question
from rfp_assistant.parse.docx_blocks import Para
from rfp_assistant.parse.docx_text import (
    asks,
    blank_fields,
    is_heading_line,
    is_note,
    is_placeholder_line,
    refine_kind,
    response_label,
    yes_no_options,
    yes_no_tail,
)
from rfp_assistant.parse.text import is_field_label, kind_from_wording, one_line, options_kind, split_number

_ONLY_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*|[A-Z]-?\d{1,3})\.?\s*$")
MAX_LABEL_WORDS = 5
# "How many years…? ________": the blank a question's own line ends with.
_BLANK_TAIL = re.compile(r"\s*(_{4,}|…{3,}|\.{6,})\s*$")


@dataclass(frozen=True)
class Spot:
    """Where an answer goes: a path, how to write there, and what is there now."""

    path: str
    mode: str
    placeholder: str | None = None
    checkboxes: tuple[CheckBox, ...] = ()


@dataclass(frozen=True)
class Line:
    """A paragraph with the role :func:`classify` gave it."""

    role: str
    para: Para
    text: str = ""  # the paragraph's text without its number (and without an inline spot)
    number: str | None = None
    rank: int = 0
    spot: Spot | None = None
    options: tuple[str, ...] = ()
    list_item: bool = False


def label_number(para: Para) -> str | None:
    """The number Word draws before a paragraph ("4.2", "a)" -> "a"), None for bullets."""
    if not para.label or para.label.bullet or not para.label.text.strip():
        return None
    return normalise_number(para.label.text)


def normalise_number(number: str) -> str:
    """Drop the trailing '.' of '1.' and the unbalanced ')' of 'a)'; keep '(iv)'."""
    number = number.strip().rstrip(".:")
    if number.endswith(")") and "(" not in number:
        number = number[:-1]
    return number


def heading_title(para: Para) -> str:
    """A heading as a reader sees it: its automatic number, then its text, on one line."""
    number = para.label.text.strip() if para.label and not para.label.bullet else ""
    return one_line(f"{number} {para.text}" if number else para.text)


def _text_box_spot(para: Para) -> Spot | None:
    empty = [box for box in para.text_boxes if box.empty]
    return Spot(empty[0].path, "cell") if empty else None


def _box_options(para: Para) -> tuple[tuple[str, ...], tuple[CheckBox, ...], str]:
    """Options from a paragraph's check boxes, and the text that is not an option label.

    '☐ Yes ☐ No' labels each box with the text after it; 'Yes ☐ No ☐' with the text before
    it; a lone box on an option line takes the whole line; text before the first box of a
    '☐ Yes ☐ No' line is the question it answers.
    """
    boxes = para.boxes
    if len(boxes) == 1:
        label = one_line(f"{boxes[0].before} {boxes[0].after}")
        return (label,) if label else (), (CheckBox(label or "Yes", boxes[0].path),), ""
    labels_after = all(box.after for box in boxes) and not boxes[-1].before.endswith(tuple("?:"))
    if labels_after and boxes[0].before and not any(box.before for box in boxes[1:]):
        lead = boxes[0].before
    else:
        lead = ""
    if labels_after and (lead or not boxes[0].before):
        labels = [one_line(box.after) for box in boxes]
    else:
        labels = [one_line(box.before) for box in boxes]
    return (
        tuple(labels),
        tuple(CheckBox(label, box.path) for label, box in zip(labels, boxes, strict=True)),
        lead,
    )


def classify(para: Para, allow_headings: bool = True) -> Line:
    """The role of one paragraph on its own (see the module docstring)."""
    text = para.text
    body = one_line(text)
    list_item = bool(para.label)
    if para.toc:
        return Line("toc", para)
    if not body and not para.boxes:
        return Line("empty", para, spot=_text_box_spot(para))
    if para.boxes:
        options, boxes, lead = _box_options(para)
        spot = Spot(para.path, "checkbox", None, boxes)
        if lead and asks(lead, allow_unmarked=True):
            number, rest = _number(para, lead)
            return Line("question", para, rest, number, spot=spot, options=options)
        return Line("boxes", para, body, spot=spot, options=options, list_item=list_item)
    yes_no = yes_no_options(body)
    if yes_no:
        if list_item:
            return Line("options", para, body, options=yes_no, list_item=True)
        return Line("spot", para, body, spot=Spot(para.path, "placeholder", body), options=yes_no)
    label = response_label(body)
    if label is not None:
        if label and is_placeholder_line(label):
            return Line("spot", para, body, spot=Spot(para.path, "placeholder", label))
        if not label:
            return Line("spot", para, body, spot=Spot(para.path, "after"))
    if is_placeholder_line(body):
        return Line("spot", para, body, spot=Spot(para.path, "placeholder", body.strip()))
    if is_note(body):
        return Line("note", para, body)
    blanks = blank_fields(text)
    if allow_headings and not blanks:
        rank = _heading_rank(para, body)
        if rank is not None:
            return Line("heading", para, heading_title(para), rank=rank)
    number, rest = _number(para, text)
    blank_tail = _BLANK_TAIL.search(rest)
    if blank_tail and asks(rest[: blank_tail.start()], allow_unmarked=True):
        spot = Spot(para.path, "placeholder", blank_tail.group(1))
        return Line("question", para, rest[: blank_tail.start()].rstrip(), number, spot=spot, list_item=list_item)
    tail = yes_no_tail(rest)
    if tail:
        rest = rest[: rest.rstrip().rfind(tail)].rstrip()
        spot = Spot(para.path, "placeholder", tail)
        return Line(
            "question", para, rest, number, spot=spot, options=yes_no_options(tail) or (), list_item=list_item
        )
    if blanks:
        first_label = blanks[0][0]
        if asks(first_label, allow_unmarked=True) or (number and not is_field_label(first_label)):
            return Line("question", para, rest, number, spot=Spot(para.path, "placeholder", blanks[0][1]))
        return Line("field", para, body)
    box_spot = _text_box_spot(para)
    if asks(rest, allow_unmarked=list_item or box_spot is not None):
        return Line("question", para, rest, number, spot=box_spot, list_item=list_item)
    if _ONLY_NUMBER.match(body):
        return Line("numbered", para, "", label_number(para) or normalise_number(body), spot=box_spot)
    if number:
        return Line("numbered", para, rest, number, spot=box_spot)
    if list_item:
        return Line("item", para, body, list_item=True)
    if is_field_label(body) and len(body.rstrip(":").split()) <= MAX_LABEL_WORDS:
        return Line("label", para, body.rstrip(": \t"), spot=box_spot)
    return Line("text", para, body, spot=box_spot)


def _heading_rank(para: Para, body: str) -> int | None:
    if _ONLY_NUMBER.match(body):
        return None
    if para.outline is not None and len(body.split()) <= 14 and not body.endswith((".", "?", ":")):
        # A title alone in a text box (a schedule's banner) outranks the body's own headings.
        return 0 if para.banner else para.outline + 1
    if para.banner and para.bold and is_heading_line(body, True) is not None:
        return 0
    if para.label and not para.label.bullet:
        letters = [c for c in body if c.isalpha()]
        if not (letters and all(c.isupper() for c in letters) and len(body.split()) <= 8):
            return None
        return 5
    return is_heading_line(body, para.bold)


def _number(para: Para, text: str) -> tuple[str | None, str]:
    """The paragraph's number (automatic, else typed) and its text without a typed number."""
    automatic = label_number(para)
    typed, rest = split_number(text.strip())
    if typed:
        return (automatic or normalise_number(typed)), rest.strip()
    return automatic, text.strip()


def question_kind(text: str, options: tuple[str, ...], spot: Spot | None) -> tuple[Kind, tuple[str, ...]]:
    """A question's kind (and options) from its options, its spot, then its wording.

    Several options make it ``yes_no`` or ``choice``; a lone "Yes" (the only answer that
    passes) is ``yes_no``; a lone check box answers yes/no (ticked = Yes).
    """
    if len(options) > 1:
        return options_kind(list(options)), options
    if options:
        return ("yes_no" if options[0].lower() in ("yes", "y") else "choice"), options
    if spot is not None and spot.mode == "checkbox" and len(spot.checkboxes) == 1:
        return "yes_no", ("Yes", "No")
    return refine_kind(text, kind_from_wording(text)), options


def make_question(
    text: str,
    number: str | None,
    section: str | None,
    spot: Spot | None,
    question_path: str,
    *,
    options: tuple[str, ...] = (),
    limit: Limit | None = None,
    kind: Kind | None = None,
    explanation: Spot | None = None,
) -> Question:
    """A question (its id assigned later) with its Word location."""
    if kind is None:
        kind, options = question_kind(text, options, spot)
    location = DocxLocation(
        path=spot.path if spot else None,
        mode=spot.mode if spot else None,  # type: ignore[arg-type]
        question_path=question_path,
        placeholder=spot.placeholder if spot else None,
        checkboxes=spot.checkboxes if spot else (),
        explanation_path=explanation.path if explanation else None,
        explanation_mode=explanation.mode if explanation else None,  # type: ignore[arg-type]
    )
    return Question(
        id="",
        number=number,
        section=section,
        text=text,
        kind=kind,
        location=location,
        options=options,
        limit=limit,
    )
