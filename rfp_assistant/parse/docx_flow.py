"""Questions in a run of paragraphs: the body of a document, a table cell, a text box.

Each paragraph is first given a role on its own (:func:`classify`), then a small state
machine (:class:`FlowReader`) groups roles into questions:

- a paragraph that asks (:func:`~.docx_text.asks`) opens a question, unless it continues
  the open one: an unnumbered ask after a question that introduces sub-parts ("…
  including:"), or one that adds to it ("Please include…", "In addition, please…", "If
  you are unable to…") before the open question has its answer spot; a numbered ask, or
  one after a question that has its spot or ends in "?", starts a new question;
- a numbered paragraph that does not ask ("1.6 In accordance with the Act…", "A-2
  Registration Number") is held: it becomes a question when an ask or an answer spot
  follows it, and is dropped otherwise;
- list items and lower-case or adjacent continuation lines after a question are its
  sub-parts, kept in its text; short list items after a question that offers a choice
  ("When is support available?") are its options;
- answer spots: check boxes (one line of ``☐ Yes ☐ No`` or one box per option line), a
  "Yes/No" line or tail to keep or delete, a response label ("Supplier Response:"), a
  placeholder ("[Insert response here]", underscores), an empty text box; in the body, a
  question with none gets the paragraphs after its last line (``after``);
- notes (scoring rules, "Maximum word count: 500", "Label response as 4.1") belong to the
  question's block, not its text, and give its limit; a bracketed note to the buyer
  ("[Option 2: … ]") runs until its closing bracket;
- "If yes, please describe: [Insert response here]" after a yes/no question is that
  question's explanation spot; "Company name: ____" lines are contact fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rfp_assistant.models import Field, Limit, Question
from rfp_assistant.parse.docx_blocks import Para
from rfp_assistant.parse.docx_fields import FormReader, make_field
from rfp_assistant.parse.docx_lines import Line, Spot, classify, make_question
from rfp_assistant.parse.docx_sections import Sections
from rfp_assistant.parse.docx_text import blank_fields, is_option_text, is_placeholder_line
from rfp_assistant.parse.text import find_limit, one_line

_SUBPARTS = re.compile(r"(?::\s*-?|\bfollowing\b[^.?]*|\binclud(?:e|ing)\s*:?-?)\s*$|\bthe following\b", re.I)
_CHOICE_ASK = re.compile(r"\b(?:select|choose|commit|tick|indicate which|one of)\b", re.IGNORECASE)
_EXPLANATION_ASK = re.compile(
    r"^\W*(?:if\s+(?:yes|no|so|not)\b|please\s+(?:explain|describe|provide details|give details)|"
    r"(?:explain|describe|provide details|give details|comments?)\b)",
    re.IGNORECASE,
)
_ADDS_TO = re.compile(
    r"^\W*(?:please\s+)?(?:also|include|including|in addition|additionally|and|if|where)\b", re.I
)
_NUMBER_PARTS = re.compile(r"[a-z]+|[A-Z]+|\d+")
_DEPENDENT_ASK = re.compile(r"^\W*if\s+(?:yes|no|so|not|you answered)\b", re.IGNORECASE)


@dataclass
class Found:
    """What the readers of one document found, in document order."""

    questions: list[Question] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


@dataclass
class Draft:
    """A question being assembled from consecutive lines."""

    first: Para
    number: str | None
    section: str | None
    lines: list[str] = field(default_factory=list)
    asked: bool = False
    spot: Spot | None = None
    explanation: Spot | None = None
    options: list[str] = field(default_factory=list)
    limit: Limit | None = None
    last: Para | None = None
    last_text: Para | None = None
    subparts: bool = False
    adjacent: bool = True  # no blank line since the last line of text
    list_item: bool = False
    explicit: bool = False

    def add(self, text: str, para: Para, asking: bool = False) -> None:
        """Add a line of text; an asking line that ends in "…:" or "the following" opens sub-parts."""
        if text.strip():
            self.lines.append(text.strip())
            self.last_text = para
        self.last = para
        self.adjacent = True
        if asking and not self.subparts:
            self.subparts = bool(_SUBPARTS.search(one_line(text)))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def ends_question(self) -> bool:
        return bool(self.lines) and self.lines[-1].rstrip().endswith("?")

    @property
    def settled(self) -> bool:
        """It has its answer spot or its options: what follows is something else."""
        return self.spot is not None or bool(self.options)


class FlowReader:
    """Reads one flow of paragraphs; collects questions and fields.

    ``sections`` holds the headings (a cell or text box flow gets its own); ``section``
    overrides the heading-based section (a table's title). ``implicit_after`` gives a
    question with no spot the paragraphs after it, as in a document body, unless its
    numbered siblings are statements ("1.1 Responses will be scored…", "1.2 If the
    requirement…"): an ask among them ("1.3 Please indicate…") is guidance unless the
    document gives it a spot of its own.
    """

    def __init__(
        self,
        found: Found,
        sections: Sections,
        *,
        section: str | None = None,
        implicit_after: bool = True,
        allow_headings: bool = True,
    ) -> None:
        self.sections = sections
        self.fixed_section = section
        self.implicit_after = implicit_after
        self.guidance: set[str] = set()  # list families ("1" for 1.1, 1.2) of numbered statements
        self.allow_headings = allow_headings
        self.found = found
        self.questions: list[Question] = []  # this flow's questions, also added to ``found``
        self.open: Draft | None = None
        self.pending_box: Spot | None = None
        self.labels: list[Line] = []
        self.in_bracket_note = False
        self.cell_limit: Limit | None = None
        self.awaiting_explanation = False
        self.form = FormReader(found.fields)

    # -- helpers ---------------------------------------------------------------
    @property
    def section(self) -> str | None:
        return self.fixed_section or self.sections.current

    def _start(self, line: Line, inherit: bool = False) -> Draft:
        number = line.number
        if number is None and inherit and self.questions and _DEPENDENT_ASK.match(line.text):
            number = self.questions[-1].number
        draft = Draft(first=line.para, number=number, section=self.section, list_item=line.list_item)
        draft.asked = line.role == "question"
        draft.add(line.text, line.para, asking=draft.asked)
        if self.pending_box and draft.spot is None and line.spot is None:
            draft.spot, draft.explicit = self.pending_box, True
        self.pending_box = None
        self._take_spot(draft, line)
        return draft

    def _take_spot(self, draft: Draft, line: Line) -> None:
        if line.spot is not None and draft.spot is None:
            draft.spot, draft.explicit = line.spot, True
        if line.options and not draft.options:
            draft.options = list(line.options)

    def _close(self) -> None:
        draft, self.open = self.open, None
        self.awaiting_explanation = False
        if draft is not None and self.labels:
            for line in self.labels:  # one label line after an ask is part of its text
                draft.add(line.text, line.para)
            self.labels = []
        self._flush_labels()
        if draft is None or not draft.lines:
            return
        if not draft.asked and draft.spot is None:
            if draft.number:
                self.guidance.add(_family(draft.number))
            return
        if not draft.explicit and draft.number and _family(draft.number) in self.guidance:
            return
        spot = draft.spot
        if spot is None and self.implicit_after and draft.last is not None:
            spot = Spot(draft.last.path, "after")
        question = self._question(draft, spot)
        self.questions.append(question)
        self.found.questions.append(question)

    def _question(self, draft: Draft, spot: Spot | None) -> Question:
        return make_question(
            draft.text,
            draft.number,
            draft.section,
            spot,
            draft.first.path,
            options=tuple(draft.options),
            limit=find_limit(draft.text) or draft.limit or self.cell_limit,
            explanation=draft.explanation,
        )

    def _flush_labels(self) -> None:
        """Label lines ("Name", "Job title") seen after a request for contact details are fields."""
        for line in self.labels:
            spot = (line.spot.path, line.spot.mode, line.spot.placeholder) if line.spot else None
            self.found.fields.append(make_field(line.text, spot, line.para.path))
        self.labels = []

    # -- the state machine -------------------------------------------------------
    def feed(self, para: Para) -> None:
        """Read the next paragraph of the flow."""
        body = one_line(para.text)
        if self.in_bracket_note:
            self.in_bracket_note = "]" not in body
            if self.open is not None:
                self.open.last = para
            return
        if (
            self.open is not None
            and body.startswith("[")
            and "]" not in body
            and not is_placeholder_line(body)
        ):
            self.in_bracket_note = True
            self.open.last = para
            return
        line = classify(para, self.allow_headings)
        if line.role == "toc":
            return
        if line.role == "heading":
            self._close()
            self.form.close()
            self.guidance.clear()
            self.sections.heading(line.rank, line.text)
            return
        mode = self.sections.mode
        if mode == "narrative":
            return
        if mode == "form":
            self.form.feed(para)
            return
        handler = getattr(self, f"_on_{line.role}")
        handler(line)

    def finish(self) -> None:
        """Close the last question of the flow; in a cell, a limit stated once applies to all."""
        self._close()
        self.form.close()
        if self.cell_limit is None or self.implicit_after:
            return
        for index, question in enumerate(self.found.questions):
            if question.limit is None and any(question is q for q in self.questions):
                self.found.questions[index] = replace(question, limit=self.cell_limit)
        self.questions = []

    def _fields_from_blanks(self, para: Para) -> None:
        for label, blank in blank_fields(para.text):
            self.found.fields.append(make_field(label, (para.path, "placeholder", blank), para.path))

    def _on_empty(self, line: Line) -> None:
        draft = self.open
        if draft is not None and not line.para.in_text_box:
            draft.adjacent = False
        if line.spot is not None:
            if draft is not None and draft.spot is None and not draft.options:
                draft.spot, draft.explicit = line.spot, True
            else:
                self.pending_box = line.spot

    def _on_question(self, line: Line) -> None:
        draft = self.open
        explains = line.number is None and _EXPLANATION_ASK.match(line.text) and not line.options
        if (
            draft is not None
            and draft.settled
            and explains
            and (line.spot is None or line.spot.mode != "checkbox")
        ):
            # "If yes, please explain:" after a yes/no answer: its spot is the explanation's.
            draft.add(line.text, line.para)
            draft.explanation = line.spot or Spot(line.para.path, "after")
            self.awaiting_explanation = line.spot is None
            return
        if draft is not None and self._continues(draft, line):
            if draft.number is None and line.number:
                draft.number = line.number
            opens = not draft.asked
            draft.add(line.text, line.para, asking=opens)
            draft.asked = True
            self._take_spot(draft, line)
            return
        self._close()
        self.open = self._start(line, inherit=True)

    def _continues(self, draft: Draft, line: Line) -> bool:
        """Whether an ask continues the open question rather than starting a new one."""
        if line.number and line.number != draft.number:
            return False
        if not draft.asked:
            return not draft.settled  # a held numbered line ("1.6 In accordance…") takes its ask
        if draft.settled:
            return False
        if draft.subparts:
            return True
        if draft.ends_question or (line.list_item and draft.list_item):
            return False  # parallel list items are parallel asks
        # "Please include…", "In addition, please…": an ask that adds to the open one.
        return bool(_ADDS_TO.match(line.text)) or line.text[:1].islower()

    def _on_numbered(self, line: Line) -> None:
        draft = self.open
        if (
            draft is not None
            and not draft.settled
            and draft.subparts
            and not _siblings(draft.number, line.number)
        ):
            draft.add(line.text, line.para)
            return
        self._close()
        draft = self._start(line)
        draft.number = line.number
        self.open = draft

    def _on_item(self, line: Line) -> None:
        draft = self.open
        if draft is None or draft.settled and not draft.options:
            return
        if draft.options and not draft.spot:
            if is_option_text(line.text):
                draft.options.append(line.text)
            return
        if (
            not draft.subparts
            and (draft.ends_question or _CHOICE_ASK.search(draft.text))
            and is_option_text(line.text)
        ):
            draft.options.append(line.text)
            return
        draft.add(line.text, line.para)

    def _on_options(self, line: Line) -> None:
        draft = self.open
        if draft is not None and not draft.settled:
            draft.options = list(line.options)

    def _on_boxes(self, line: Line) -> None:
        draft = self.open
        if draft is None:
            return
        if draft.spot is None:
            draft.spot, draft.explicit = line.spot, True
            draft.options = list(line.options)
            draft.last = line.para
            return
        if draft.spot is not None and draft.spot.mode == "checkbox" and line.spot is not None:
            boxes = draft.spot.checkboxes + line.spot.checkboxes
            draft.spot = Spot(draft.spot.path, "checkbox", None, boxes)
            draft.options.extend(line.options)
            draft.last = line.para

    def _on_spot(self, line: Line) -> None:
        draft = self.open
        if draft is None:
            return
        if draft.spot is None:
            draft.spot, draft.explicit = line.spot, True
            if line.options:
                draft.options = list(line.options)
            draft.last = line.para
        elif self.awaiting_explanation and line.spot and line.spot.mode != "checkbox":
            draft.explanation = line.spot
            self.awaiting_explanation = False

    def _on_note(self, line: Line) -> None:
        if self.open is not None:
            self.open.last = line.para
            self.open.limit = self.open.limit or find_limit(line.text)
        elif self.cell_limit is None:
            self.cell_limit = find_limit(line.text)

    def _on_field(self, line: Line) -> None:
        self._close()
        self._fields_from_blanks(line.para)

    def _on_label(self, line: Line) -> None:
        draft = self.open
        if draft is not None and not draft.settled and draft.asked:
            self.labels.append(line)
            if len(self.labels) >= 2:
                self.open = None  # a request for contact details: its lines are fields
            return
        if self.labels or draft is None and line.spot is not None:
            self.labels.append(line)
            return
        self._on_text(line)

    def _on_text(self, line: Line) -> None:
        draft = self.open
        limit = find_limit(line.text)
        if draft is None:
            if limit and self.cell_limit is None:
                self.cell_limit = limit
            return
        if draft.settled:
            # A label broken over two lines ("Company Name &" / "Registered office") whose
            # answer box was found first still continues.
            unfinished = draft.lines and not draft.lines[-1].endswith((".", "?", "!", ":"))
            if draft.adjacent and draft.last is draft.last_text and unfinished:
                draft.add(line.text, line.para)
            return
        if draft.subparts or (draft.adjacent and not draft.ends_question) or line.text[:1].islower():
            draft.add(line.text, line.para)
            if line.spot is not None:
                self._take_spot(draft, line)


def _family(number: str) -> str:
    """The list a number belongs to: '1' for '1.3', 'A' for 'A-2', '' for '4'."""
    return re.split(r"[.\-](?=[^.\-]*$)", number, maxsplit=1)[0] if re.search(r"[.\-]", number) else ""


def _siblings(first: str | None, second: str | None) -> bool:
    """True for two numbers at the same level of one list: 'a'/'b', '2.1'/'2.2', 'A-1'/'A-2'."""
    if not first or not second or first == second:
        return False
    return [m.group(0).isdigit() for m in _NUMBER_PARTS.finditer(first)] == [
        m.group(0).isdigit() for m in _NUMBER_PARTS.finditer(second)
    ]
