"""Harvest: draft library entries from an RFP response that was already completed and sent.

This is how a team with years of past responses and no library starts: each completed
questionnaire becomes draft entries for a maintainer to review, approve and own.

:func:`harvest` parses the completed file like any RFP, reads back the answer that was
sent for each question (:mod:`rfp_assistant.parse.sent_answers`) and sorts the answered
questions three ways:

* **same**: the sent text is the text of a library entry (rendered with the plan's and,
  given ``account``, the employer's variables): nothing to harvest;
* **differs**: the sent answer is an edited copy of an approved entry's answer, or the
  matcher answers the question automatically from an approved entry whose text differs:
  the library may be out of date, or the sender went off-script. A draft is written and
  the difference reported;
* **new**: nothing in the library answers it: a draft is written.

Drafts have ``status: draft``, no owner, and a ``harvested_from`` mapping (``file``,
``sha256``, ``location``, ``number``, and ``differs_from`` with the approved entry's id).
The plan's name and other distinctive plan values in the sent text become template
variables (``{{ plan.name }}``), so the draft renders back to exactly what was sent.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rfp_assistant.embed import Embedder, EmbeddingCache
from rfp_assistant.errors import OutputError, TemplateError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.templating import render_answer, render_text
from rfp_assistant.library.usage import file_sha256
from rfp_assistant.models import LibraryEntry, Question, Questionnaire
from rfp_assistant.parse.sent_answers import SentAnswer

Verdict = Literal["same", "differs", "new"]
# A sent answer this close (difflib ratio of the normalised texts) to an entry's answer
# is an edited copy of it: reworded sentences and changed figures keep it above 0.6.
EDITED_COPY_RATIO = 0.6
SHORT_KINDS = ("yes_no", "choice", "numeric", "date")
# Plan values at least this long, with letters, are distinctive enough to turn into variables.
MIN_VARIABLE_CHARS = 8
MAX_ID_WORDS = 4
DIFF_CONTEXT_WORDS = 4
_JINJA_MARKERS = ("{{", "{%", "{#")


@dataclass(frozen=True)
class HarvestItem:
    """One answered question of the completed file and what harvest made of it.

    ``entry_id`` is the library entry with the same text (``same``) or the approved
    entry whose answer differs (``differs``); None for ``new``. ``draft_id`` is the id of
    the draft written for it (None for ``same``).
    """

    question: Question
    where: str
    verdict: Verdict
    sent: str
    sent_short: str | None = None
    entry_id: str | None = None
    library_text: str | None = None
    library_short: str | None = None
    draft_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.id,
            "number": self.question.number,
            "where": self.where,
            "verdict": self.verdict,
            "entry_id": self.entry_id,
            "draft_id": self.draft_id,
            "sent": self.sent,
            "sent_short": self.sent_short,
            "library": self.library_text,
            "library_short": self.library_short,
        }


@dataclass(frozen=True)
class HarvestResult:
    """What :func:`harvest` found and wrote: ``drafts`` are the entries written to ``output``."""

    source: Path
    output: Path
    items: tuple[HarvestItem, ...]
    drafts: tuple[dict[str, Any], ...] = field(default=())

    def by_verdict(self, verdict: Verdict) -> tuple[HarvestItem, ...]:
        return tuple(i for i in self.items if i.verdict == verdict)

    def to_dict(self) -> dict[str, Any]:
        """The ``library harvest --json`` document."""
        return {
            "source": str(self.source),
            "output": str(self.output),
            "counts": {v: len(self.by_verdict(v)) for v in ("same", "differs", "new")},
            "differs": [i.to_dict() for i in self.by_verdict("differs")],
            "new": [i.to_dict() for i in self.by_verdict("new")],
            "same": [{"number": i.question.number, "entry_id": i.entry_id} for i in self.by_verdict("same")],
        }


def harvest(
    completed: str | Path,
    library: AnswerLibrary | str | Path,
    output: str | Path,
    *,
    account: Any = None,
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None = None,
    force: bool = False,
    original: str | Path | None = None,
) -> HarvestResult:
    """Write draft entries harvested from ``completed`` to ``output`` (a new YAML file).

    ``original`` is the questionnaire as the issuer sent it, blank: a Word response needs
    it (only the blank shows which paragraphs are answers, see
    :mod:`rfp_assistant.parse.sent_answers_docx`); an Excel one is parsed itself.

    ``account`` (an :class:`~rfp_assistant.account.AccountProfile` or a path) lets
    answers that name the employer be recognised as the library's; ``embedder`` (default:
    the packaged model) lets the matcher find the entry for a question whose sent answer
    is not a copy of any entry. An existing ``output`` is replaced only with ``force``.
    """
    from rfp_assistant.parse import parse
    from rfp_assistant.parse.sent_answers import read_sent_answers

    source, output = Path(completed), Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError(f"the drafts file must be a .yaml file (got {output.name!r})", path=output)
    if output.exists() and not force:
        raise OutputError(f"{output} exists; use --force to replace it", path=output)
    if output.resolve() == source.resolve():
        raise OutputError("the output would overwrite the completed file; choose another name", path=output)
    if not isinstance(library, AnswerLibrary):
        library = AnswerLibrary.load(library)
    if isinstance(account, str | Path):
        from rfp_assistant.account import load_account

        account = load_account(account)
    questionnaire = parse(Path(original) if original is not None else source)
    sent = [s for s in read_sent_answers(source, questionnaire) if _texts(s)[0]]
    from rfp_assistant.context import template_context  # the projection: only when harvesting

    variables = template_context(library, account)
    automatic = _automatic_entries(questionnaire, sent, library, account, embedder, cache)
    items = classify(sent, library, variables, automatic)
    items, drafts = make_drafts(items, library, source, account)
    write_drafts(output, drafts, source)
    return HarvestResult(source=source, output=output, items=tuple(items), drafts=tuple(drafts))


def classify(
    sent: Iterable[SentAnswer],
    library: AnswerLibrary,
    variables: dict[str, Any],
    automatic: dict[str, str],
) -> list[HarvestItem]:
    """Sort sent answers into same / differs / new (see the module docstring).

    ``automatic`` maps question ids to the approved entry the matcher would answer them
    with automatically (empty: rely on the texts alone).
    """
    texts = _LibraryTexts(library, variables)
    items = []
    for answer in sent:
        long, short = _texts(answer)
        assert long is not None
        question = answer.question
        narrative = long if long != short else None
        automatic_entry = texts.approved.get(automatic.get(question.id, ""))
        written: tuple[str | None, str | None] = (None, None)
        if narrative is not None:
            same = texts.same(narrative)
            if same is not None and (short is None or _agree(short, texts.short(same))):
                items.append(HarvestItem(question, answer.where, "same", long, short, same.id))
                continue
            entry = same or texts.edited_copy_of(narrative) or automatic_entry
            if entry is not None:
                written = texts.written(question, entry)
                if written[0] is not None and _normal(written[0]) == _normal(narrative) and _agree(short, written[1]):
                    items.append(HarvestItem(question, answer.where, "same", long, short, entry.id))
                    continue
        elif automatic_entry is not None:
            written = texts.written(question, automatic_entry)
            as_written = written[0] is not None and _normal(written[0]) == _normal(long)
            if as_written or (written[1] is not None and _agree(short, written[1])):
                items.append(HarvestItem(question, answer.where, "same", long, short, automatic_entry.id))
                continue
            entry = automatic_entry
        else:
            entry = None
        if entry is None:
            items.append(HarvestItem(question, answer.where, "new", long, short))
            continue
        items.append(
            HarvestItem(
                question,
                answer.where,
                "differs",
                long,
                short,
                entry.id,
                written[0] or texts.rendered(entry),
                written[1] or texts.short(entry),
            )
        )
    return items


def _agree(sent_short: str | None, library_short: str | None) -> bool:
    """A sent short answer agrees with the library's when both say the same (or the library has none)."""
    if sent_short is None or library_short is None:
        return True
    return _normal(sent_short).lower().rstrip(".") == _normal(library_short).lower().rstrip(".")


def _texts(answer: SentAnswer) -> tuple[str | None, str | None]:
    """(the narrative that was sent, the short answer that was sent) for one question."""
    short_kind = answer.question.kind in SHORT_KINDS
    if short_kind and answer.answer and answer.explanation:
        return answer.explanation, answer.answer
    if short_kind and answer.answer:
        return answer.answer, answer.answer
    parts = [t for t in (answer.answer, answer.explanation) if t]
    return ("\n".join(parts) if parts else None), None


def _automatic_entries(
    questionnaire: Questionnaire,
    sent: list[SentAnswer],
    library: AnswerLibrary,
    account: Any,
    embedder: Embedder | None,
    cache: EmbeddingCache | None,
) -> dict[str, str]:
    """Question id -> the entry the matcher answers it with automatically."""
    from dataclasses import replace

    from rfp_assistant.match import match

    if not sent:
        return {}
    answered = replace(questionnaire, questions=tuple(s.question for s in sent))
    response = match(answered, library, account=account, embedder=embedder, cache=cache)
    return {r.question.id: r.best.entry_id for r in response.results if r.decision == "auto" and r.best}


class _LibraryTexts:
    """The library's answers as sent text: rendered where possible, else as patterns."""

    def __init__(self, library: AnswerLibrary, variables: dict[str, Any]) -> None:
        from rfp_assistant.match.lexical import Normaliser

        self.variables = variables
        self.entries = [e for e in library.entries if e.status != "retired"]
        self.approved = {e.id: e for e in self.entries if e.status == "approved"}
        self._rendered = {e.id: self._render(e) for e in self.entries}
        approved = list(self.approved.values())
        self._approved_list = approved
        self._documents = [self._rendered[e.id] or e.answer for e in approved]
        self._normaliser = Normaliser(library.glossary)
        self._has_documents = bool(approved)

    def _render(self, entry: LibraryEntry, brief: bool = False) -> str | None:
        try:
            return render_answer(entry, self.variables, brief=brief)
        except TemplateError:
            return None

    def rendered(self, entry: LibraryEntry) -> str:
        return self._rendered[entry.id] or entry.answer

    def written(self, question: Question, entry: LibraryEntry) -> tuple[str | None, str | None]:
        """(narrative, short value) as ``fill`` writes ``entry`` for ``question``: the form's
        conventions applied (no "Yes." echoing a ticked box, dates in prose, the attachment
        named), so an answer pasted by the tool reads as the library's own."""
        from rfp_assistant.match.answer import prepare_answer

        prepared = prepare_answer(question, entry, self.variables, as_of=date.today())  # the date only blocks
        return prepared.answer, prepared.short_answer

    def short(self, entry: LibraryEntry) -> str | None:
        if not entry.short_answer:
            return None
        try:
            return render_text(entry.short_answer, self.variables, entry=entry, field="short_answer")
        except TemplateError:
            return entry.short_answer

    def same(self, text: str) -> LibraryEntry | None:
        """The entry whose answer (or short variant) is exactly ``text``."""
        wanted = _normal(text)
        for entry in self.entries:
            candidates = [self._rendered[entry.id]]
            if entry.answer_brief:
                candidates.append(self._render(entry, brief=True))
            if any(c is not None and _normal(c) == wanted for c in candidates):
                return entry
            if self._rendered[entry.id] is None and _template_pattern(entry.answer).fullmatch(wanted):
                return entry  # an answer that needs the account: its fixed words match
        return None

    def edited_copy_of(self, text: str) -> LibraryEntry | None:
        """The approved entry whose answer ``text`` is an edited copy of, if any."""
        if not self._has_documents:
            return None
        from rfp_assistant.match.lexical import text_similarity

        scores = text_similarity(self._documents, [text], self._normaliser)[0]
        best = int(scores.argmax())
        entry = self._approved_list[best]
        ratio = difflib.SequenceMatcher(None, _normal(text), _normal(self.rendered(entry))).ratio()
        return entry if ratio >= EDITED_COPY_RATIO else None


def _normal(text: str) -> str:
    return " ".join(text.split())


_TEMPLATE_TOKEN = re.compile(r"\{\{.*?\}\}|\{%-?\s*(\w+).*?-?%\}", re.DOTALL)


def _template_pattern(source: str) -> re.Pattern[str]:
    """A template's fixed words as a pattern, each ``{{ }}`` standing for any text.

    An ``{% if %}`` block's words are optional (each branch of it), since the sender's
    account may or may not have had what it tests; any other statement (a loop) changes
    the words too much for a pattern, which then matches nothing.
    """
    pieces: list[str] = []
    depth = 0
    position = 0
    for token in _TEMPLATE_TOKEN.finditer(source):
        pieces.append(re.escape(source[position : token.start()]))
        position = token.end()
        statement = token.group(1)
        if statement is None:
            pieces.append(".+?")
        elif statement == "if":
            pieces.append("(?:")
            depth += 1
        elif statement in ("elif", "else") and depth:
            pieces.append(")?(?:")
        elif statement == "endif" and depth:
            pieces.append(")?")
            depth -= 1
        else:
            return re.compile(r"(?!)")
    pieces.append(re.escape(source[position:]))
    if depth:
        return re.compile(r"(?!)")
    # Whitespace as _normal leaves it: any run of spaces in the template matches one space or none
    # where a block boundary joined two runs.
    pattern = re.sub(r"(?:\\\s|\\ |\s)+", r"\\s*", "".join(pieces))
    return re.compile(pattern, re.DOTALL)


# --- drafts ---------------------------------------------------------------------------------


def make_drafts(
    items: list[HarvestItem], library: AnswerLibrary, source: Path, account: Any = None
) -> tuple[list[HarvestItem], list[dict[str, Any]]]:
    """A draft entry (a plain mapping, in file order) for every ``differs`` and ``new`` item."""
    taken = {e.id for e in library.entries}
    sha = file_sha256(source)
    substitutions = _variable_substitutions(library.plan, account)
    drafts: list[dict[str, Any]] = []
    named = []
    for item in items:
        if item.verdict == "same":
            named.append(item)
            continue
        draft_id = _unique(_draft_id(item.question), taken)
        taken.add(draft_id)
        draft: dict[str, Any] = {
            "id": draft_id,
            "question": " ".join(item.question.text.split()),
            "answer": templated(item.sent, substitutions),
        }
        if item.sent_short:
            draft["short_answer"] = item.sent_short
        draft["status"] = "draft"
        origin = {"file": source.name, "sha256": sha, "location": item.where}
        if item.question.number:
            origin["number"] = item.question.number
        if item.verdict == "differs" and item.entry_id:
            origin["differs_from"] = item.entry_id
        draft["harvested_from"] = origin
        drafts.append(draft)
        named.append(HarvestItem(**{**item.__dict__, "draft_id": draft_id}))
    return named, drafts


def templated(text: str, substitutions: list[tuple[str, str]]) -> str:
    """``text`` as an answer template: plan (and employer) values become variables; text that
    looks like template syntax is kept literal so it can never run."""
    if any(marker in text for marker in _JINJA_MARKERS):
        return text.replace("{", "{{ '{' }}")  # renders as the brace it replaces
    for value, variable in substitutions:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "{{ " + variable + " }}", text)
    return text


def _variable_substitutions(plan: dict[str, Any], account: Any) -> list[tuple[str, str]]:
    """(value, variable) pairs, longest value first; values given by two variables are left alone."""
    seen: dict[str, list[str]] = {}
    for key, value in plan.items():
        if isinstance(value, str) and len(value) >= MIN_VARIABLE_CHARS and re.search(r"[A-Za-z]", value):
            seen.setdefault(value, []).append(f"plan.{key}")
    if account is not None and getattr(account, "name", None):
        seen.setdefault(account.name, []).append("account.name")
    unique = [(value, names[0]) for value, names in seen.items() if len(names) == 1]
    return sorted(unique, key=lambda pair: (-len(pair[0]), pair[0]))


def _draft_id(question: Question) -> str:
    from rfp_assistant.match.lexical import stopwords

    words = [w for w in re.findall(r"[a-z0-9]+", question.text.lower()) if w not in stopwords() and len(w) > 2]
    number = re.sub(r"[^a-z0-9]+", "-", (question.number or question.id).lower()).strip("-")
    return "-".join(["harvested", number, *words[:MAX_ID_WORDS]])


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"


def write_drafts(output: Path, drafts: list[dict[str, Any]], source: Path) -> Path:
    """Write the drafts as a YAML list (answers as literal blocks), atomically."""
    from rfp_assistant.atomic import atomic_save

    lines = [
        f"# Draft entries harvested from {source.name} by `rfp-assistant library harvest`.",
        "# Review each one: edit the question and answer, add alternates and tags, set an owner,",
        "# then set status: approved and last_reviewed. harvested_from.differs_from names the",
        "# approved entry whose answer differs from what was sent.",
    ]
    if not drafts:
        lines.append("[]")
    for draft in drafts:
        lines.append("")
        lines.extend(_entry_lines(draft))
    text = "\n".join(lines) + "\n"
    return atomic_save(output, lambda temp: Path(temp).write_text(text, encoding="utf-8"))


def _entry_lines(draft: dict[str, Any]) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(draft.items()):
        lead = "- " if index == 0 else "  "
        if key == "answer":
            lines.append(f"{lead}answer: |")
            lines.extend(f"    {line}" if line else "" for line in str(value).split("\n"))
        elif isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"    {k}: {_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as the same text (JSON strings are valid YAML)."""
    text = str(value)
    if re.fullmatch(r"[a-z][a-z0-9._-]*", text) and text not in ("yes", "no", "on", "off", "null", "true", "false"):
        return text
    return json.dumps(text, ensure_ascii=False)


def format_harvest(result: HarvestResult, *, width: int = 100) -> str:
    """A plain-text report: what was written, then each difference with the sentences that differ."""
    same, differs, new = (result.by_verdict(v) for v in ("same", "differs", "new"))
    lines = [
        f"Wrote {len(result.drafts)} draft entries to {result.output} "
        f"({len(same) + len(differs) + len(new)} answered questions in {result.source.name}: "
        f"{len(same)} already in the library with the same text, {len(differs)} differ, {len(new)} new)"
    ]
    if differs:
        lines += ["", f"Sent answers that differ from the library's approved answer ({len(differs)}):"]
        for item in differs:
            lines.append(f"  {item.question.number or item.question.id}  {item.where}  entry {item.entry_id} -> draft {item.draft_id}")
            if item.sent_short and item.library_short and not _agree(item.sent_short, item.library_short):
                lines.append(f"      short answer: sent {item.sent_short!r}, library {item.library_short!r}")
            for library_words, sent_words in changed_words(item.library_text or "", item.sent):
                lines.append(f"      library: {_clip(library_words, width)}")
                lines.append(f"      sent:    {_clip(sent_words, width)}")
    if new:
        lines += ["", f"New answers the library lacks ({len(new)}):"]
        lines += [
            f"  {i.question.number or i.question.id}  {i.where}  -> draft {i.draft_id}: {_clip(i.question.text, width)}"
            for i in new
        ]
    return "\n".join(lines)


def changed_words(library: str, sent: str, *, context: int = DIFF_CONTEXT_WORDS) -> list[tuple[str, str]]:
    """Each stretch of words the sender changed, as (library's words, sent words), with a few
    words of context either side ("…to 1:00 p.m. on Saturday, at…")."""
    old, new = library.split(), sent.split()
    changes = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = group[0], group[-1]
        changes.append(
            (
                _ellipsis(old[i1:i2], i1 > 0, i2 < len(old)),
                _ellipsis(new[j1:j2], j1 > 0, j2 < len(new)),
            )
        )
    return changes


def _ellipsis(words: list[str], cut_before: bool, cut_after: bool) -> str:
    return ("\u2026" if cut_before else "") + " ".join(words) + ("\u2026" if cut_after else "")


def _clip(text: str, width: int) -> str:
    text = _normal(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"
