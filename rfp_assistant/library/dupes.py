"""Near-duplicate entries and the contradictions between them.

Two entries are near-duplicates when one of their phrasings (question or alternate)
embeds close to one of the other's (sentence-embedding cosine at or above
``min_semantic``) or shares most of its distinctive words (TF-IDF cosine of
glossary-normalised words, the matcher's lexical signal, at or above ``min_lexical``);
a pair's ``score`` is the stronger of the two. Entries that can never compete are left
out: retired ones, and pairs limited to different products or funding types (the fully
insured and the self-funded answer to one question are variants, not duplicates).

A pair is a contradiction when both give a short answer and the short answers differ
(Yes vs No), or when their answers state different figures in the same unit (99.4% vs
99.1%, 14 vs 30 days); the report quotes the two statements. Near-duplicates are grouped
(an entry close to two others joins them in one group) as candidates to merge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rfp_assistant.embed import Embedder, EmbeddingCache
from rfp_assistant.errors import TemplateError
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.library.templating import render_answer
from rfp_assistant.library.variables import example_variables
from rfp_assistant.models import LibraryEntry

# Tuned with all-MiniLM-L6-v2 (README, "Maintaining the library"): in the shipped library
# the closest sibling entries (results vs guarantees of one metric, NCQA status vs NCQA
# rating) reach 0.86 semantic and 0.84 lexical; reworded copies of one question 0.90-0.96
# semantic, and copies with the same words 1.0 lexical.
DEFAULT_MIN_SEMANTIC = 0.88
DEFAULT_MIN_LEXICAL = 0.90
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_QUANTITY = re.compile(
    r"(?<![\w.])(?P<value>\$?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%|percent\b|[a-z]+)?", re.IGNORECASE
)
_UNIT_WORDS = {
    "percent": "%",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "second": "seconds",
    "month": "months",
    "year": "years",
    "week": "weeks",
    "business": "business days",
    "calendar": "calendar days",
}
YES_NO = "yes_no"  # the kind a plain short answer is compared on against per-kind ones


@dataclass(frozen=True)
class Contradiction:
    """Two statements that cannot both be true: ``kind`` is ``short_answer`` or ``figure``."""

    kind: str
    first: str
    second: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "first": self.first, "second": self.second}


@dataclass(frozen=True)
class DuplicatePair:
    """Two near-duplicate entries and the two phrasings that meet (with their scores)."""

    first: LibraryEntry
    second: LibraryEntry
    score: float
    semantic: float
    lexical: float
    first_text: str
    second_text: str
    contradictions: tuple[Contradiction, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [self.first.id, self.second.id],
            "locations": [f"{e.source}:{e.line}" for e in (self.first, self.second)],
            "score": round(self.score, 4),
            "semantic": round(self.semantic, 4),
            "lexical": round(self.lexical, 4),
            "phrasings": [self.first_text, self.second_text],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }


@dataclass(frozen=True)
class DuplicateGroup:
    """Entries connected by near-duplicate pairs: candidates to merge into one."""

    entry_ids: tuple[str, ...]
    pairs: tuple[DuplicatePair, ...]

    @property
    def score(self) -> float:
        return max(p.score for p in self.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {"entries": list(self.entry_ids), "score": round(self.score, 4), "pairs": [p.to_dict() for p in self.pairs]}


@dataclass(frozen=True)
class DupesReport:
    """What :func:`find_duplicates` found: contradictions first, then every group."""

    contradictions: tuple[DuplicatePair, ...]
    groups: tuple[DuplicateGroup, ...]
    min_semantic: float
    min_lexical: float
    model: str

    @property
    def found(self) -> bool:
        return bool(self.groups)

    def to_dict(self) -> dict[str, Any]:
        """The ``library dupes --json`` document."""
        return {
            "model": self.model,
            "min_semantic": self.min_semantic,
            "min_lexical": self.min_lexical,
            "contradictions": [p.to_dict() for p in self.contradictions],
            "groups": [g.to_dict() for g in self.groups],
        }


def find_duplicates(
    library: AnswerLibrary,
    *,
    embedder: Embedder,
    cache: EmbeddingCache | None = None,
    min_semantic: float = DEFAULT_MIN_SEMANTIC,
    min_lexical: float = DEFAULT_MIN_LEXICAL,
) -> DupesReport:
    """Near-duplicate groups and contradictions among the library's approved and draft entries."""
    from rfp_assistant.match.lexical import Normaliser, text_similarity

    entries = [e for e in library.entries if e.status != "retired"]
    texts = [text for e in entries for text in e.phrasings]
    owner = np.array([i for i, e in enumerate(entries) for _ in e.phrasings])
    if len(entries) < 2:
        return DupesReport((), (), min_semantic, min_lexical, embedder.name)
    vectors = (cache or EmbeddingCache()).encode(embedder, texts)
    semantic = np.clip(vectors @ vectors.T, 0.0, 1.0)
    lexical = text_similarity(texts, texts, Normaliser(library.glossary))
    combined = np.maximum(semantic, lexical)
    same = owner[:, None] == owner[None, :]
    flagged = ((semantic >= min_semantic) | (lexical >= min_lexical)) & ~same
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for i, j in zip(*np.nonzero(np.triu(flagged)), strict=True):
        key = (int(owner[i]), int(owner[j]))
        if key not in best or combined[i, j] > combined[best[key]]:
            best[key] = (int(i), int(j))
    variables = example_variables(library.plan)
    pairs = []
    for (a, b), (i, j) in sorted(best.items()):
        first, second = entries[a], entries[b]
        if not _can_compete(first, second):
            continue
        pairs.append(
            DuplicatePair(
                first,
                second,
                float(combined[i, j]),
                float(semantic[i, j]),
                float(lexical[i, j]),
                texts[i],
                texts[j],
                tuple(contradictions(first, second, variables)),
            )
        )
    pairs.sort(key=lambda p: (-p.score, p.first.id, p.second.id))
    groups = _group(pairs)
    groups.sort(key=lambda g: (not any(p.contradictions for p in g.pairs), -g.score, g.entry_ids))
    return DupesReport(
        contradictions=tuple(p for p in pairs if p.contradictions),
        groups=tuple(groups),
        min_semantic=min_semantic,
        min_lexical=min_lexical,
        model=embedder.name,
    )


def _can_compete(first: LibraryEntry, second: LibraryEntry) -> bool:
    """False when the two are limited to different products or funding types."""
    for mine, theirs in ((first.products, second.products), (first.funding, second.funding)):
        if mine and theirs and not set(mine) & set(theirs):
            return False
    return True


def _group(pairs: Sequence[DuplicatePair]) -> list[DuplicateGroup]:
    parent: dict[str, str] = {}

    def root(entry_id: str) -> str:
        while parent.setdefault(entry_id, entry_id) != entry_id:
            entry_id = parent[entry_id]
        return entry_id

    for pair in pairs:
        parent[root(pair.second.id)] = root(pair.first.id)
    members: dict[str, list[DuplicatePair]] = {}
    for pair in pairs:
        members.setdefault(root(pair.first.id), []).append(pair)
    return [
        DuplicateGroup(tuple(sorted({e.id for p in group for e in (p.first, p.second)})), tuple(group))
        for group in members.values()
    ]


def _short_pairs(first: LibraryEntry, second: LibraryEntry) -> list[tuple[str, str | None, str | None]]:
    """(label, first's, second's) short answers to compare: the plain ones when neither entry
    gives them per kind (``short_answer: {yes_no: ..., date: ...}``); else each kind both
    name, and a plain short answer against the other's Yes/No (a plain "No" and a date
    are not about the same thing)."""
    mine, theirs = dict(first.short_answers), dict(second.short_answers)
    if not mine and not theirs:
        return [("short_answer", first.short_answer, second.short_answer)]
    if not mine or not theirs:
        return [(f"short_answer.{YES_NO}", first.short_answer_for(YES_NO), second.short_answer_for(YES_NO))]
    return [(f"short_answer.{k}", mine[k], theirs[k]) for k in sorted(set(mine) & set(theirs))]


def contradictions(
    first: LibraryEntry, second: LibraryEntry, variables: dict[str, Any]
) -> list[Contradiction]:
    """Short answers that differ (kind by kind, for entries that give them per kind), and
    figures in one unit that the two answers state differently."""
    found = []
    for label, mine_short, their_short in _short_pairs(first, second):
        if mine_short and their_short and _plain(mine_short) != _plain(their_short):
            found.append(
                Contradiction(
                    "short_answer",
                    f"{first.id}: {label} {mine_short!r}",
                    f"{second.id}: {label} {their_short!r}",
                )
            )
    mine, theirs = _figures(_text(first, variables)), _figures(_text(second, variables))
    for unit in sorted(set(mine) & set(theirs)):
        if not set(mine[unit]) & set(theirs[unit]):
            value, sentence = next(iter(mine[unit].items()))
            other, other_sentence = next(iter(theirs[unit].items()))
            found.append(
                Contradiction(
                    "figure",
                    f"{first.id}: \u201c{sentence}\u201d ({value})",
                    f"{second.id}: \u201c{other_sentence}\u201d ({other})",
                )
            )
    return found


def _figures(text: str) -> dict[str, dict[str, str]]:
    """unit -> {figure -> the sentence stating it}, for figures with a unit (%, days, ...)."""
    found: dict[str, dict[str, str]] = {}
    for sentence in _SENTENCE.split(text):
        for match in _QUANTITY.finditer(sentence):
            unit = _unit(match.group("unit"), match.group("value"))
            if unit:
                value = match.group("value").replace(",", "")
                found.setdefault(unit, {}).setdefault(value, sentence.strip())
    return found


def _unit(word: str | None, value: str) -> str | None:
    if value.startswith("$"):
        return "$"
    if not word:
        return None
    word = word.lower()
    if word == "%":
        return "%"
    return _UNIT_WORDS.get(word.rstrip("s")) or _UNIT_WORDS.get(word) or (word if word in _UNIT_WORDS.values() else None)


def _text(entry: LibraryEntry, variables: dict[str, Any]) -> str:
    try:
        return render_answer(entry, variables)
    except TemplateError:
        return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", entry.answer, flags=re.DOTALL)


def _plain(text: str) -> str:
    return " ".join(text.lower().strip().rstrip(".").split())


def format_dupes(report: DupesReport) -> str:
    """A plain-text report: contradictions (with both statements), then the groups."""
    lines = []
    if report.contradictions:
        lines.append(f"Contradictions ({len(report.contradictions)}):")
        for pair in report.contradictions:
            lines += _pair_lines(pair)
            lines += [f"      {c.first}\n      {c.second}" for c in pair.contradictions]
        lines.append("")
    lines.append(
        f"Near-duplicate groups ({len(report.groups)}; semantic >= {report.min_semantic:.2f} "
        f"or words >= {report.min_lexical:.2f}):"
    )
    for number, group in enumerate(report.groups, start=1):
        lines.append(f"  {number}. {', '.join(group.entry_ids)} (score {group.score:.2f})")
        for pair in group.pairs:
            lines += ["  " + line for line in _pair_lines(pair)]
    if not report.groups:
        lines.append("  none")
    return "\n".join(lines)


def _pair_lines(pair: DuplicatePair) -> list[str]:
    return [
        f"  {pair.first.id} ~ {pair.second.id}: score {pair.score:.2f} "
        f"(semantic {pair.semantic:.2f}, words {pair.lexical:.2f})",
        f"      {pair.first.source}:{pair.first.line}: {pair.first_text}",
        f"      {pair.second.source}:{pair.second.line}: {pair.second_text}",
    ]
