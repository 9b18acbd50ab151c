"""Scoring a parsed PDF questionnaire against its golden list (tests/golden/*.questions.json).

A golden question and a parsed one are the same question when they carry the same issuer
number on the same page (numbering restarts, as in a two-part questionnaire, are told apart
by the page). Recall and precision count those pairs; sections, text and kind are then
compared pair by pair. A golden text is the question's ask as printed; it matches when the
parser's text starts with it or reads the same (a parser may keep sub-parts the golden
list leaves out).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from rfp_assistant.models import Questionnaire

TEXT_RATIO = 0.9


def load_golden(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def normalise(text: str | None) -> str:
    """Compare texts as a reader would: case, spacing, quotes and dashes aside."""
    value = unicodedata.normalize("NFKC", text or "")
    value = value.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    value = re.sub(r"[–—]", "-", value)
    value = re.sub(r"\s+([?.,;:)])", r"\1", value)
    return re.sub(r"\s+", " ", value).strip().lower()


def same_text(golden: str, parsed: str) -> bool:
    want, got = normalise(golden), normalise(parsed)
    if got == want or got.startswith(want):
        return True
    return SequenceMatcher(None, want, got[: len(want) + 20]).ratio() >= TEXT_RATIO


@dataclass
class Score:
    """What a parse got right against a golden list."""

    golden: int
    parsed: int
    matched: int
    missed: list[tuple[str, int]] = field(default_factory=list)
    extra: list[tuple[str, int]] = field(default_factory=list)
    wrong_section: list[str] = field(default_factory=list)
    wrong_text: list[str] = field(default_factory=list)
    wrong_kind: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.golden if self.golden else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.parsed if self.parsed else 1.0

    def share(self, wrong: list[str]) -> float:
        return 1 - len(wrong) / self.matched if self.matched else 1.0


def _keyed(pairs: list[tuple[str, int]]) -> Counter[tuple[str, int]]:
    return Counter(pairs)


def score(golden: dict, questionnaire: Questionnaire) -> Score:
    """Pair golden and parsed questions by (number, page) and compare what each says."""
    parsed = {}
    for q in questionnaire.questions:
        parsed.setdefault((q.number or "", q.location.page), q)  # type: ignore[union-attr]
    wanted = {(e["number"] or "", e["page"]): e for e in golden["questions"]}
    result = Score(golden=len(golden["questions"]), parsed=len(questionnaire.questions), matched=0)
    result.missed = sorted(set(wanted) - set(parsed), key=lambda k: (k[1], k[0]))
    result.extra = sorted(set(parsed) - set(wanted), key=lambda k: (k[1], k[0]))
    for key, entry in wanted.items():
        question = parsed.get(key)
        if question is None:
            continue
        result.matched += 1
        label = f"{entry['number']} (p{entry['page']})"
        if normalise(question.section) != normalise(entry.get("section")):
            result.wrong_section.append(f"{label}: {question.section!r} != {entry.get('section')!r}")
        if not same_text(entry["text"], question.text):
            result.wrong_text.append(f"{label}: {question.text[:80]!r}")
        if question.kind != entry["kind"]:
            result.wrong_kind.append(f"{label}: {question.kind} != {entry['kind']}")
    return result


def field_labels(questionnaire: Questionnaire) -> Counter[str]:
    return Counter(normalise(f.label) for f in questionnaire.fields)
