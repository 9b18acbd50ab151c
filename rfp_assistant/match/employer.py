"""The employer's name in a question: dropped before matching, replaced where a person reads it.

"Will Harbor Point's members have a dedicated team?" asks what "Will members have a
dedicated team?" asks, and the name only pulls the embedding away from the library's
generic phrasings, so :func:`without_employer` drops it before matching. A wording
``library learn`` stores is read by the library's maintainer: :func:`neutral` puts
"the employer" in the name's place ("Will the employer's members ..."). (Matching on the
neutral phrase instead was measured: same ranking on the sample RFPs, two automatic
answers fewer on Harbor Point.) The name is recognised in its full form and in its
leading parts of two words or more ("Harbor Point Manufacturing", "Harbor Point"), and
by its first word alone ("Ashgrove") when that word is distinctive: not a common English
word (:func:`rfp_assistant.embed.common_words`) and not a word of the library's own
texts, so "Harbor" or "Granite" alone, or a name word the library uses, is never taken
for the employer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rfp_assistant.text import one_line

EMPLOYER_PHRASE = "the employer"
"""What stands for the employer's name in a question matched or learnt."""
_WORD = re.compile(r"[a-z]+")


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The lowercase words of ``texts`` (a library's phrasings and answers)."""
    return frozenset(word for text in texts for word in _WORD.findall(text.casefold()))


def employer_pattern(name: str, library_words: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """The employer's name, its leading parts of two words or more, and its distinctive first word; possessive included."""
    words = name.replace(",", " ").split()
    forms = {" ".join(words[:n]) for n in range(min(2, len(words)), len(words) + 1)}
    if len(words) > 1 and distinctive(words[0], library_words):
        forms.add(words[0])
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # "the Ashgrove plan" reads "the employer plan", not "the the employer plan"
    return re.compile(rf"(?:\bthe\s+)?\b(?:{alternatives})\b(?P<possessive>['’]s)?", re.IGNORECASE)


def distinctive(word: str, library_words: frozenset[str]) -> bool:
    """True when ``word`` alone can only mean the employer: no common English word, no word of the library."""
    from rfp_assistant.embed import common_words

    folded = word.casefold()
    return bool(_WORD.fullmatch(folded)) and folded not in common_words() and folded not in library_words


def without_employer(text: str, name: str, library_words: frozenset[str] = frozenset()) -> str:
    """``text`` with the employer's name dropped, as it is matched ("with Ashgrove?" -> "with ?")."""
    return one_line(employer_pattern(name, library_words).sub(" ", text))


def neutral(text: str, name: str, library_words: frozenset[str] = frozenset()) -> str:
    """``text`` with the employer's name replaced by :data:`EMPLOYER_PHRASE` ("Ashgrove's" -> "the employer's")."""
    pattern = employer_pattern(name, library_words)

    def phrase(found: re.Match[str]) -> str:
        return EMPLOYER_PHRASE + ("'s" if found.group("possessive") else "")

    replaced = one_line(pattern.sub(phrase, text))
    # "The employer" at the start of a sentence, as the name was
    return re.sub(rf"(^|[.?!]\s+){EMPLOYER_PHRASE}", lambda m: m.group(1) + EMPLOYER_PHRASE.capitalize(), replaced)
