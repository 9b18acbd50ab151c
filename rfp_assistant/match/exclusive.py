"""One entry, one question: templated siblings do not all get the same confident answer.

A templated questionnaire (CAIQ, SIG, HECVAT, most consultant forms) asks many questions
in the same boilerplate: "Are audit and assurance policies ... established, documented,
approved ...?" and "... reviewed and updated at least annually?". An entry written for
one of them scores well on all of them. So when one entry is the best match of several
different questions in one questionnaire, the question that restates one of the entry's
phrasings near-verbatim takes it (failing that, the one it scores highest on); each of
the others stays automatic only on clear evidence of its own (a confidence well above
the automatic threshold, and a score close to the entry's score on the question that
keeps it), and otherwise goes to review naming the competing question.
A question that restates one of the entry's phrasings near-verbatim (a wording a person
accepted earlier and ``library learn`` added, say) is always eligible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rfp_assistant.models import Match, QuestionResult
from rfp_assistant.settings import MatchSettings
from rfp_assistant.text import one_line

QUOTE_CHARS = 60
"""How much of the competing question the review reason quotes."""


def restates(best: Match, settings: MatchSettings) -> bool:
    """True when the question says what one of the entry's phrasings says, nearly word for word."""
    return best.semantic >= settings.verbatim_similarity and best.lexical >= settings.verbatim_similarity


def shared_entry_bar(auto_confidence: float, settings: MatchSettings) -> float:
    """The confidence a question needs to keep an entry another question also matches best."""
    return auto_confidence + settings.shared_entry_evidence * (1.0 - auto_confidence)


def one_entry_one_question(
    results: Sequence[QuestionResult], settings: MatchSettings, auto_confidence: float
) -> tuple[QuestionResult, ...]:
    """Apply the rule (module docstring) to one questionnaire's results, in order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, result in enumerate(results):
        if result.best is not None:
            groups[result.best.entry_id].append(index)
    bar = shared_entry_bar(auto_confidence, settings)
    out = list(results)
    for members in groups.values():
        texts = {_plain(results[i].question.text) for i in members}
        if len(texts) < 2:
            continue  # the same question asked twice is not a competition
        verbatim = [i for i in members if restates(results[i].best, settings)]  # type: ignore[arg-type]
        owner = verbatim[0] if verbatim else max(members, key=lambda i: (results[i].best.score, -i))  # type: ignore[union-attr]
        owner_text = _plain(results[owner].question.text)
        owner_score = results[owner].best.score  # type: ignore[union-attr]
        for i in members:
            result = results[i]
            best = result.best
            if (
                result.decision != "auto"
                or i in verbatim
                or _plain(result.question.text) == owner_text
                or best is None
                or (best.confidence >= bar and best.score >= settings.shared_entry_score_share * owner_score)
            ):
                continue
            out[i] = replace(result, decision="review", reason=_reason(best, results[owner], bar, bool(verbatim)))
    return tuple(out)


def _reason(best: Match, owner: QuestionResult, bar: float, restated: bool) -> str:
    question = owner.question
    label = question.number or question.id
    text = one_line(question.text)
    quoted = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
    return (
        f"entry {best.entry_id} is also the best match of question {label} ({quoted!r}), which "
        f"{'restates it' if restated else 'it fits better'} (score {owner.best.score:.2f}, this one "  # type: ignore[union-attr]
        f"{best.score:.2f}); a shared entry needs confidence {bar:.2f} (this one {best.confidence:.2f})"
    )


def _plain(text: str) -> str:
    return " ".join(text.lower().split())
