"""What a line of a Word questionnaire says: pure functions over strings.

:mod:`rfp_assistant.parse.text` decides whether a text asks something, what number and
kind it has and what limit it states, for every format. A Word document needs a few more
judgements, made here line by line, before :mod:`.docx_flow` groups lines into questions:

- does a sentence *ask* (a ``?`` sentence, an imperative such as "Describe…", "The vendor
  shall provide…"), or is it an instruction about the process ("Please ensure…", "You must
  submit…")?
- is the line an answer spot ("Yes/No", "[Insert response here]", a run of underscores), a
  response label ("Supplier Response:"), a note ("Maximum word count: 500", "Bidders who
  answer 'No' will fail"), a contact blank ("Company name: ____"), a heading line
  ("1. FINANCIAL INFORMATION", "SECTION B References")?
- does a heading open a part that holds no questions (instructions, terms, contract
  clauses, a table of contents) or only contact and signature blanks (a declaration)?
- what does a Response cell that names the answer type ("Upload", "Free text 250 (word
  limit)") ask for?
"""

from __future__ import annotations

import re

from rfp_assistant.models import Kind, Limit
from rfp_assistant.parse.text import find_limit, first_ask, one_line, split_number

IMPERATIVES = (
    "describe|explain|provide|list|confirm|state|indicate|identify|specify|outline|detail|summari[sz]e|give|"
    "attach|submit|include|select|choose|enter|upload|share|discuss|demonstrate|define|tell|verify|clarify|"
    "propose|supply|advise|acknowledge|certify|affirm|highlight|complete|elaborate|rank|rate|"
    "tick|commit|quote|estimate|set out"
)
INTERROGATIVES = (
    "how|what|which|who|whom|whose|when|where|why|do|does|did|is|are|was|were|can|could|will|would|should|"
    "shall|have|has|had|may|might|must"
)
# Imperatives that address the process rather than ask for an answer.
_INSTRUCTION = re.compile(
    r"^\W*(?:please\s+)?(?:note|ensure|refer|read|return|remember|see|make sure|be (?:aware|advised)|do not|"
    r"attend|use|label|insert your|enter your|submit (?:your|all|the|this)|complete (?:this|the|all|each|and)|"
    r"sign|retain|keep|contact|direct|send|address (?:any|all|each|your)|allow)\b",
    re.IGNORECASE,
)
# Sentences about how to answer, not what: "Tick Yes or No for each item", "… in the space provided".
_PROCESS = re.compile(
    r"\b(?:for each (?:item|question|row|requirement)|in the space provided|in each box|each question below|"
    r"all questions|in the (?:table|column|space) (?:below|provided))\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(r"^\W*(?:please\s+)?(?:" + IMPERATIVES + r")\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(r"^\W*(?:" + INTERROGATIVES + r")\b", re.IGNORECASE)
# "If not offered, state…", "Where applicable, please provide…", "For each plan, list…"
_CONDITIONAL = re.compile(
    r"^\W*(?:if|where|when|for|in (?:the event|addition)|as|with)\b[^.?]{2,160}?,\s*(?=\w)", re.I
)
# "The vendor shall describe…", "Bidders must provide…", "Respondents should confirm…"
_PARTY_ASK = re.compile(
    r"^\W*(?:the\s+)?(?:vendors?|bidders?|suppliers?|tenderers?|respondents?|proposers?|offerors?|carriers?|"
    r"plans?|contractors?|applicants?)\s+(?:shall|must|should|will|are (?:required|asked|requested) to|"
    r"is (?:required|asked|requested) to)\s+(?:(?:also|clearly|briefly)\s+)?(?=" + IMPERATIVES + r")",
    re.IGNORECASE,
)
# "How you will provide…" is a title (no inversion), "How will you provide…" a question.
_EMBEDDED_WH = re.compile(
    r"^\W*(?:how|what|where|when|why|which|whether)\s+(?:you|we|they|it|your|our|the)\b", re.I
)
# "[Example Option 1] Please provide…": a bracketed tag before the sentence.
_LEADING_TAG = re.compile(r"^\[[^\]]{1,40}\]\s*")
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[\[(\"'‘“]?[A-Z0-9])")
_CLOSED = re.compile(
    r"^\W*(?:do|does|did|is|are|was|were|will|would|can|could|has|have|had|shall|should|may)\s+"
    r"(?:you|your|the|any|there|it|this|these|all|each|a|an|members?|employees?|staff)\b",
    re.IGNORECASE,
)
# A wh-word opening a clause ("…, and what is the cost share?") makes a question open-ended.
_OPEN_WORDS = re.compile(r"(?:^|[,;]\s*(?:and|or)?\s*)(?:how|what|which|who|when|where|why)\b", re.IGNORECASE)

# Answer spots written as text.
_YES_NO_LINE = re.compile(
    r"^\W*(?:yes|y)\s*(?:/|\\|or|\s)\s*(?:no|n)(?:\s*(?:/|\\|or)\s*(?:n/?a|not applicable))?\W*$", re.I
)
_YES_NO_TAIL = re.compile(
    r"(?:\s{2,}|\t)\s*((?:yes|y)\s*/\s*(?:no|n)(?:\s*/\s*(?:n/?a|not applicable))?)\s*$", re.I
)
_PLACEHOLDER_LINE = re.compile(
    r"^\s*(?:\[[^\]]{0,80}\b(?:insert|enter|type|add|write|provide)\b[^\]]{0,80}\]|"
    r"<[^>]{0,60}\b(?:insert|enter|type|response|answer)\b[^>]{0,60}>|"
    r"click or tap here to enter text\.?|click here to enter text\.?|"
    r"_{4,}|\.{6,}|…{3,}|(?:\[\s*\]))\s*$",
    re.IGNORECASE,
)
# A blank to fill in: a run of underscores or dots.
BLANK = re.compile(r"_{4,}|…{2,}|\.{5,}")
_RESPONSE_LABEL = re.compile(
    r"^\W*(?:(?:supplier|vendor|bidder|tenderer|respondent|proposer|carrier|plan|your|our)(?:'s)?\s+)?"
    r"(?:response|answer|reply|comments?)(?:\s+(?:here|below))?\s*(?:[:\-–]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# Notes around a question that are neither its text nor its answer.
_NOTE = re.compile(
    r"^\W*(?:(?:supplier|bidder|vendor|important|guidance)\s+)?notes?\b|^\W*guidance\b|^\W*bidders?\s+who\b|"
    r"^\W*(?:tenderers?|suppliers?|respondents?)\s+who\b|^\W*(?:please\s+)?label\s+(?:your\s+)?response|"
    r"^\W*response\s+to\s+be\b|^\W*\(?buyer\b|^\W*\[(?:note|buyer|guidance)\b|^\W*please\s+note\b|"
    r"^\W*(?:maximum|max\.?)\s+(?:word|character)s?\b|^\W*(?:word|character)\s+(?:count|limit)\b|"
    r"^\W*(?:limit|maximum)\s*:|^\W*\((?:max(?:imum)?|limit|up to)\b",
    re.IGNORECASE,
)
_COUNT_LABEL = re.compile(r"^\W*(?:no\.|number|count)\s+of\b", re.IGNORECASE)
_DOCUMENT_ASK = re.compile(
    r"\b(?:provide|submit|supply|attach|upload|enclose)\b(?!.*\bdetails?\b)(?:\s+[\w&'’-]+){0,14}?\s+"
    r"(?:report|certificate|certification|policy document|audited accounts)s?\b",
    re.IGNORECASE,
)

# Heading lines that are not styled as headings.
_PART_HEADING = re.compile(
    r"^\W*(?:section|part|schedule|annex|appendix|lot|module)\s+(?:[A-Z]|\d{1,3}|[IVX]{1,5})\b", re.IGNORECASE
)
_NUMBERED_TITLE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+(?P<title>.+)$")

# Parts of a document that hold no questions ...
_NARRATIVE_PART = re.compile(
    r"^\W*(?:(?:section|part|schedule|annex|appendix)\s+\w{1,4}\W+)?(?:\d{1,2}(?:\.\d{1,2})*\.?\s*[-–:]?\s*)?"
    r"(?:contents|table of contents|instructions?|introduction|preamble|background|glossary|definitions|"
    r"interpretation|terms(?: and conditions)?\b(?! of participation)|general terms|conditions of (?:contract|tender|business)|"
    r"contract(?:ual)? (?:terms|conditions|clauses)|agreed terms|specification|technical specification|"
    r"scope of (?:work|services)|evaluation|marking scheme|scoring|award criteria|weightings?|"
    r"timetable|timeline|procurement timetable|submission (?:instructions|requirements)|"
    r"how to (?:respond|submit|complete|use)|disclaimer|important notice|articles of agreement)\b",
    re.IGNORECASE,
)
# ... and parts that hold only contact, signature and bank blanks.
_FORM_PART = re.compile(
    r"\b(?:declaration|certificate of|form of tender|acceptance|signatures?|sign-?off|"
    r"contact information|contact details|payment details|bank details|attestation)\b",
    re.IGNORECASE,
)

# A Response cell that names the answer type instead of holding the answer.
_TYPE_UPLOAD = re.compile(
    r"^\W*(?:upload|attach(?:ment)?|file(?: upload)?|document upload)\W*$", re.IGNORECASE
)
_TYPE_CHOICE = re.compile(
    r"^\W*(?:check\s*-?\s*box(?:es)?|tick\s*box(?:es)?|radio\s*buttons?|drop\s*-?\s*down(?: list)?|"
    r"multiple choice|single choice|select(?:ion)?(?: list)?)\W*$",
    re.IGNORECASE,
)
_TYPE_TEXT = re.compile(
    r"\b(?:free\s*text|text\s*(?:box|field|area)|narrative|written response)\b", re.IGNORECASE
)
_TYPE_LIMIT = re.compile(
    r"(?P<n>\d[\d,]*)\s*\(?\s*(?P<u>words?|characters?|chars?)\s*(?:limit|count|max(?:imum)?)?\)?",
    re.IGNORECASE,
)
_TYPE_WORD_LIMIT = re.compile(r"(?P<n>\d[\d,]*)\s*\(\s*(?P<u>word|character)\s+limit\s*\)", re.IGNORECASE)
MAX_OPTION_WORDS = 16
MAX_LIMIT_NOTE_WORDS = 8  # "Maximum 1,500 characters." on its own line is a note


def sentences(text: str) -> list[str]:
    """The sentences of a text (line breaks end a sentence too)."""
    found = []
    for line in text.split("\n"):
        found.extend(part.strip() for part in _SENTENCE.split(one_line(line)) if part.strip())
    return found


def is_instruction(sentence: str) -> bool:
    """True for an imperative about the process ('Please ensure…', 'Tick Yes or No for each item')."""
    return bool(_INSTRUCTION.match(sentence) or _PROCESS.search(sentence))


def _strip_condition(sentence: str) -> str:
    match = _CONDITIONAL.match(sentence)
    return sentence[match.end() :] if match else sentence


def sentence_asks(sentence: str, allow_unmarked: bool = False) -> bool:
    """True when one sentence asks for an answer.

    A question mark asks; so does an imperative ("Describe…", "Please provide…", "If so,
    state…") that is not an instruction about the process, and a party told to act ("The
    vendor shall describe…"). An interrogative without its question mark ("How do you
    manage…") is a title unless ``allow_unmarked`` (an answer spot follows it).
    """
    body = _LEADING_TAG.sub("", sentence.strip())
    if len(body) < 8 or len(body.split()) < 2:
        return False
    core = _strip_condition(body)
    if body.endswith("?") or "?" in body[-3:]:
        return not _EMBEDDED_WH.match(body) or body.endswith("?")
    if is_instruction(core) or is_instruction(body):
        return False
    if _IMPERATIVE.match(core) or _PARTY_ASK.match(core):
        return True
    return allow_unmarked and bool(_INTERROGATIVE.match(core)) and not _EMBEDDED_WH.match(core)


def asks(text: str, allow_unmarked: bool = False) -> bool:
    """True when any sentence of a text asks for an answer (see :func:`sentence_asks`)."""
    return any(sentence_asks(s, allow_unmarked) for s in sentences(split_number(text)[1]))


def is_closed_question(text: str) -> bool:
    """True for a question that reads as yes/no: 'Do you…?', 'Will your plan…?'."""
    ask = first_ask(split_number(text)[1])
    return bool(_CLOSED.match(ask)) and not _OPEN_WORDS.search(ask)


def yes_no_options(text: str) -> tuple[str, ...] | None:
    """The options of a "Yes/No" spot line ('Yes/No/Not Applicable' -> 3), or None."""
    if not _YES_NO_LINE.match(text.strip()):
        return None
    return tuple(
        part.strip() for part in re.split(r"\s*(?:/|\\|\bor\b)\s*|\s{2,}|\t", text.strip()) if part.strip()
    )


def yes_no_tail(text: str) -> str | None:
    """The "Yes/No" a question line ends with after tabs or spaces ('…last five years \\t Yes/No')."""
    match = _YES_NO_TAIL.search(text)
    return match.group(1) if match else None


def is_placeholder_line(text: str) -> bool:
    """True for filler that marks where an answer goes: '[Insert response here]', '______'."""
    return bool(_PLACEHOLDER_LINE.match(text))


def response_label(text: str) -> str | None:
    """For a 'Response:' / 'Supplier Response:' label, the text after it ('' if none); else None."""
    match = _RESPONSE_LABEL.match(one_line(text))
    if not match:
        return None
    return (match.group("rest") or "").strip()


def is_note(text: str) -> bool:
    """True for a note beside a question: guidance, scoring rules, a limit, a label instruction."""
    body = one_line(text)
    short_limit = len(body.split()) <= MAX_LIMIT_NOTE_WORDS and find_limit(body) is not None
    return bool(_NOTE.match(body)) or (short_limit and not asks(body))


def blank_fields(text: str) -> list[tuple[str, str]]:
    """Contact blanks in one line: [(label, blank)] for 'Company name: ____ Reg: ____'.

    A label is the text before a run of underscores or dots; a blank with no label is
    skipped. Returns [] when the line has no blank.
    """
    found = []
    position = 0
    for match in BLANK.finditer(text):
        label = one_line(text[position : match.start()]).strip(" :\t-–")
        position = match.end()
        label = re.sub(r"\(.*?\)", "", label).strip(" :")
        if label and len(label.split()) <= 8 and not label.endswith((".", "?")):
            found.append((label, match.group(0)))
    return found


def is_heading_line(text: str, bold: bool) -> int | None:
    """The rank of a heading written as plain text, or None when the line is not one.

    'SECTION B References', 'Part 2 – Checklist' rank 4; '1. FINANCIAL INFORMATION' and
    any bold numbered title rank 5 (+1 per extra number level); other bold titles rank 8.
    """
    body = one_line(text)
    if not body or len(body) > 100 or len(body.split()) > 12 or body.endswith((":", "?", ";", ",")):
        return None
    if _PART_HEADING.match(body):
        return 4
    numbered = _NUMBERED_TITLE.match(body)
    if numbered:
        title = numbered.group("title")
        letters = [c for c in title if c.isalpha()]
        if letters and (all(c.isupper() for c in letters) or bold) and not title.endswith("."):
            return 5 + body.split()[0].rstrip(".").count(".")
        return None
    if bold and not body.endswith(".") and not asks(body):
        return 8
    return None


def part_kind(title: str) -> str | None:
    """``'narrative'`` for a part with no questions (instructions, terms, contents),
    ``'form'`` for one with only contact and signature blanks, None for a questionnaire part."""
    if _FORM_PART.search(title):
        return "form"
    if _NARRATIVE_PART.match(title):
        return "narrative"
    return None


def response_type(text: str) -> tuple[Kind | None, tuple[str, ...], Limit | None] | None:
    """What a Response cell that describes the answer asks for: (kind, options, limit).

    'Yes/No' -> yes_no with options; 'Yes' -> yes_no, only Yes passes; 'Upload' ->
    attachment; 'Free text 250 (word limit)' -> narrative, 250 words; several short lines
    -> choice among them. None when the cell holds something else (a placeholder, an answer).
    """
    lines = [one_line(line) for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    joined = " ".join(lines)
    yes_no = yes_no_options(joined)
    if yes_no:
        return "yes_no", yes_no, None
    if re.fullmatch(r"\W*yes\W*", joined, re.IGNORECASE):
        return "yes_no", ("Yes",), None
    if _TYPE_TEXT.search(joined):
        match = _TYPE_WORD_LIMIT.search(joined) or _TYPE_LIMIT.search(joined)
        limit = None
        if match:
            unit = "words" if match.group("u").lower().startswith("word") else "chars"
            limit = Limit(unit, int(match.group("n").replace(",", "")))
        return "narrative", (), limit or find_limit(joined)
    if _TYPE_UPLOAD.match(joined):
        return "attachment", (), None
    if _TYPE_CHOICE.match(joined):
        return "choice", (), None
    if len(lines) >= 2 and all(
        len(line.split()) <= MAX_OPTION_WORDS and not line.endswith(".") for line in lines
    ):
        options = tuple(line for line in lines if line.lower() not in ("and", "or"))
        return "choice", options, None
    return None


def refine_kind(text: str, kind: Kind) -> Kind:
    """Word-specific refinements of a kind guessed from wording alone.

    'No. of Employees' is numeric; 'Provide your ISO 9001 certification' or '… credit
    check report' asks for a document; a closed 'Do you…?' question is yes_no.
    """
    if kind != "narrative":
        return kind
    body = split_number(text)[1]
    if _COUNT_LABEL.match(body) and len(body.split()) <= 8:
        return "numeric"
    if _DOCUMENT_ASK.search(first_ask(body)):
        return "attachment"
    if is_closed_question(body):
        return "yes_no"
    return kind


def is_option_text(text: str) -> bool:
    """True for a short line that can be one of a question's options (not a sentence)."""
    body = one_line(text)
    return bool(body) and len(body.split()) <= MAX_OPTION_WORDS and not asks(body)
