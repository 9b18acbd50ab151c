"""Near neighbours told apart by one word: the qualifier a question names and its entry does not.

Many of a library's entries come in sibling sets that differ by one qualifier: mail-order
and retail pharmacy pricing, pre-65 and Medicare-eligible retirees, a 12-month and a
multi-year rate guarantee, NCQA and URAC accreditation. Their texts share nearly every
other word, so a question about one sibling scores, and looks, as sure on the other as a
right match does. The scores cannot see the difference; the qualifier can.

A candidate *conflicts* with a question when, for one :data:`QUALIFIER_GROUPS` group,
the question names a qualifier of the group, the entry's phrasings (its question and
alternates: what the entry is about) name one too, and none the question names; for a
:data:`REQUIRED_GROUPS` group (a guarantee, an officer, a condition, a kind of clinician,
a metric, another line of coverage or market), also when the entry names none at all. For the :data:`ANSWER_GROUPS` the entry's answer
counts as well as its phrasings. Such a candidate is never answered automatically: its
confidence is capped at :data:`CONFLICT_CONFIDENCE` (see :func:`cap_confidence`, so
calibration and evaluation see it too) and the matcher sends it to review with the
reason, where a person who sees "mail order" asked and "retail" offered decides. Outside
the required groups an entry that names both siblings, or none, never conflicts. The
check only ever holds back; it never changes the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

CONFLICT_CONFIDENCE = 0.5
"""The highest confidence a conflicting candidate keeps: below any automatic threshold, still worth reviewing."""
MULTI_YEAR = "multi-year"
MONTHS_PER_YEAR = 12

Labeller = Callable[[str], frozenset[str]]


def _named(patterns: dict[str, str]) -> Labeller:
    """A labeller giving the names of the ``patterns`` (name -> regex) a text matches.

    One search for all the patterns at once comes first: most texts name no qualifier of a
    group, and a library's thousands of texts are labelled on every match.
    """
    compiled = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in patterns.items()}
    any_of = re.compile("|".join(f"(?:{pattern})" for pattern in patterns.values()), re.IGNORECASE)

    def labels(text: str) -> frozenset[str]:
        if not any_of.search(text):
            return frozenset()
        return frozenset(name for name, pattern in compiled.items() if pattern.search(text))

    return labels


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12, "eighteen": 18}
_SPAN = re.compile(
    rf"\b(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})[- ](month|year)s?\b|\b(multi)[- ]?year\b", re.IGNORECASE
)


def _time_spans(text: str) -> frozenset[str]:
    """Time spans a text names, in months ("24-month", "two years" -> "24 months"); over a year is also multi-year."""
    labels: set[str] = set()
    for match in _SPAN.finditer(text):
        if match.group(3):
            labels.add(MULTI_YEAR)
            continue
        number, unit = match.group(1).lower(), match.group(2).lower()
        months = (int(number) if number.isdigit() else _NUMBER_WORDS[number]) * (
            MONTHS_PER_YEAR if unit == "year" else 1
        )
        labels.add(f"{months} months")
        if months > MONTHS_PER_YEAR:
            labels.add(MULTI_YEAR)
    return frozenset(labels)


_NCQA = re.compile(r"\bNCQA\b")
_ACCREDITED = re.compile(r"\baccredit", re.IGNORECASE)
_NCQA_PROGRAMMES = _named(
    {
        "Health Equity": r"\bhealth equity\b",
        "Wellness & Health Promotion": r"\bwellness (?:and|&) health promotion\b|\bW ?& ?HP\b",
        "Case Management": r"\bcase management accreditation\b|\baccredit\w* (?:for|in) case management\b",
        "Utilization Management": r"\butilization management accreditation\b",
        "Credentials Verification": r"\bcredentials verification\b|\bCVO\b",
        "Population Health Program": r"\bpopulation health program accreditation\b",
    }
)


def _ncqa_programmes(text: str) -> frozenset[str]:
    """NCQA accreditation programmes a text names; plain "NCQA accreditation" is Health Plan Accreditation."""
    named = _NCQA_PROGRAMMES(text)
    if named:
        return named
    if _NCQA.search(text) and _ACCREDITED.search(text):
        return frozenset({"Health Plan"})
    return frozenset()


_OFFICERS = _named(
    {
        "CEO": r"\bCEO\b|\bchief executive\b",
        "CFO": r"\bCFO\b|\bchief financial\b",
        "CMO": r"\bCMO\b|\bchief medical\b",
        "COO": r"\bCOO\b|\bchief operating\b",
        "CIO": r"\bCIO\b|\bchief information officer\b",
        "CISO": r"\bCISO\b|\bchief information security\b",
        "compliance officer": r"\bcompliance officer\b|\bchief compliance\b",
        "privacy officer": r"\bprivacy officer\b|\bchief privacy\b",
    }
)

QUALIFIER_GROUPS: dict[str, Labeller] = {
    "drug channel": _named(
        {
            "mail order": r"\bmail[- ]?(?:order|service)\b|\bhome[- ]delivery\b",
            "retail": r"\bretail\b",
            "specialty": r"\bspecialty (?:pharmac|drug|medication)",
        }
    ),
    "retirees' Medicare status": _named(
        {
            "Medicare-eligible retirees": r"\bmedicare advantage\b|\bover (?:age )?65\b|\bpost[- ]65\b"
            r"|\b65 (?:and|or) (?:over|older)\b|\bmedicare[- ]eligible\b",
            "pre-65 retirees": r"\bpre[- ]65\b|\bunder (?:age )?65\b|\bearly retirees?\b"
            r"|\bnot yet eligible for medicare\b|\bnon[- ]medicare\b",
        }
    ),
    "time span": _time_spans,
    "network tier": _named({"in-network": r"\bin[- ]network\b", "out-of-network": r"\bout[- ]of[- ]network\b"}),
    "accreditation body": _named(
        {"NCQA": r"\bNCQA\b", "URAC": r"\bURAC\b", "Joint Commission": r"\bjoint commission\b|\bJCAHO\b"}
    ),
    # NCQA accredits a plan and, separately, rates it (Health Plan Ratings, 0-5 stars);
    # CMS gives Medicare plans Star Ratings: a status does not answer a rating, nor back.
    "accreditation or rating": _named(
        {
            "accreditation": r"\baccredit",
            "rating": r"\b(?:star|health plan|plan quality) ratings?\b|\bstars? (?:rating|score)s?\b|\b\d(?:\.\d)? stars?\b",
        }
    ),
    # A question about behavioural health care is not answered by an entry about primary or
    # urgent care, nor back ("virtual therapy" is behavioural: virtual urgent care is not it).
    "kind of care": _named(
        {
            "behavioral health": r"\bbehaviou?ral health\b|\bmental health\b|\bpsychiatr|\bsubstance use\b"
            r"|\b(?:virtual|online|video) (?:therapy|counsel?ling)\b|\bteletherapy\b",
            "primary care": r"\bprimary care\b|\bPCPs?\b",
            "urgent care": r"\burgent care\b",
        }
    ),
    # NCQA runs separate accreditation programmes: Health Plan Accreditation does not answer
    # a question about Wellness & Health Promotion or Health Equity accreditation.
    "NCQA programme": _ncqa_programmes,
    "officer": _OFFICERS,
    # A question about one condition or one kind of clinician is answered automatically only
    # by an entry that names it: a condition-management entry listing diabetes, heart failure
    # and COPD says nothing about kidney disease.
    "condition": _named(
        {
            "diabetes": r"\b(?:pre)?diabet",
            "heart disease": r"\bheart (?:failure|disease)\b|\bcardi(?:ac|ovascular)\b|\bhypertension\b",
            "kidney disease": r"\bkidney\b|\brenal\b|\bdialysis\b|\bCKD\b|\bESRD\b",
            "cancer": r"\bcancer\b|\boncolog",
            "COPD / asthma": r"\bCOPD\b|\basthma",
            "maternity": r"\bmaternity\b|\bpregnan|\bprenatal\b|\bNICU\b",
            "musculoskeletal": r"\bmusculoskeletal\b|\bMSK\b|\bback pain\b",
            "autism": r"\bautism\b|\bABA\b",
            "obesity": r"\bobesity\b|\bweight (?:loss|management)\b",
            "transplant": r"\btransplant",
        }
    ),
    "clinician": _named(
        {
            "psychiatrist": r"\bpsychiatrists?\b",
            "psychologist": r"\bpsychologists?\b",
            "pediatrician": r"\bpediatricians?\b",
            "OB/GYN": r"\bOB/?GYNs?\b|\bobstetricians?\b",
            "chiropractor": r"\bchiropractors?\b",
        }
    ),
    "commitment": _named(
        {"guarantee": r"\bguarantee(?:s|d|ing)?\b|(?-i:\bPGs?\b)|\bfees? at risk\b|\bat[- ]risk fees?\b"}
    ),
    # A question asking for one measure is answered automatically only by an entry that names
    # it: the nurse line entry does not state the nurse line's average speed of answer. (Not
    # turnaround: "including typical turnaround time" is a detail of many a process question.)
    "metric": _named(
        {
            "average speed of answer": r"(?-i:\bASA\b)|\baverage speed (?:of|to) answer\b|\bspeed of answer\b",
            "abandonment rate": r"\babandon(?:ment|ed)\b",
            "first call resolution": r"\b(?:first|one)[- ](?:call|contact)[- ]resolution\b|(?-i:\bFCR\b)",
            "auto-adjudication rate": r"\bauto[- ]?adjudicat",
            "overturn rate": r"\boverturn",
            "generic dispensing rate": r"\bgeneric dispensing\b|(?-i:\bGDR\b)",
            "medical loss ratio": r"\bmedical loss ratio\b|(?-i:\bMLR\b)",
        }
    ),
    # A medical plan's entry does not answer a question about another line of coverage, nor
    # about another market: the commercial plan's accreditation is not the Exchange product's.
    "line of coverage": _named(
        {
            "dental": r"\bdental\b",
            "vision": r"\bvision (?:care|coverage|benefits?|plans?|claims?|insurance|hardware)\b",
            "life insurance": r"\blife insurance\b|\bAD&D\b|\bbasic life\b",
            "disability": r"\b(?:short|long)[- ]term disability\b|(?-i:\b[SL]TD\b)"
            r"|\bdisability (?:insurance|income|plans?|benefits?|claims?)\b",
        }
    ),
    "market": _named(
        {
            "individual market": r"\bindividual[- ](?:market|plans?|products?|business|coverage)\b|\bmarketplace\b"
            r"|\b(?:on|off)[- ]exchange\b|\bexchange (?:plans?|products?|business|market)\b|\(exchange\)",
            "Medicaid": r"\bmedicaid\b",
        }
    ),
}
"""Sets of sibling qualifiers: an entry about one sibling does not answer a question about another."""

REQUIRED_GROUPS = frozenset(
    {"commitment", "officer", "condition", "clinician", "metric", "line of coverage", "market"}
)
"""Groups whose qualifier an entry's phrasings or answer must name to answer a question
naming it: an entry reporting results ("our average speed of answer is 24 seconds") does
not answer a question asking for a guarantee, though it names no sibling, an entry
listing the CEO and CFO does not name the Chief Medical Officer asked for, and a medical
claims entry does not answer a question about dental claims."""

ANSWER_GROUPS = REQUIRED_GROUPS | {"kind of care"}
"""Groups whose qualifiers an entry's answer adds to its phrasings': a telehealth entry
asked about virtual primary care whose answer also covers behavioural health is about both.
(Not the drug channel and the like: a retail pricing answer that mentions mail order in
passing is still about retail.)"""


def qualifiers(text: str) -> dict[str, frozenset[str]]:
    """The qualifiers ``text`` names, by group (groups it names none of are left out)."""
    found = {group: labeller(text) for group, labeller in QUALIFIER_GROUPS.items()}
    return {group: labels for group, labels in found.items() if labels}


def conflict(asked: dict[str, frozenset[str]], offered: dict[str, frozenset[str]]) -> str | None:
    """Why an entry offering ``offered`` qualifiers does not answer a question ``asked`` (None: it may)."""
    for group, wanted in asked.items():
        has = offered.get(group)
        if has and not wanted & has:
            return f"the question asks about {_listed(wanted)}, the entry is about {_listed(has)} ({group})"
        if group in REQUIRED_GROUPS and not wanted & (has or frozenset()):
            return f"the question asks for {_listed(wanted)}, the entry names none ({group})"
    return None


def _listed(labels: frozenset[str]) -> str:
    return " / ".join(sorted(labels))


def _answer_qualifiers(answers: Sequence[str]) -> list[dict[str, frozenset[str]]]:
    """The :data:`ANSWER_GROUPS` qualifiers each entry's answer names: a pricing entry whose
    answer states guaranteed discounts is about a guarantee."""
    found = [{group: QUALIFIER_GROUPS[group](answer) for group in ANSWER_GROUPS} for answer in answers]
    return [{group: labels for group, labels in entry.items() if labels} for entry in found]


def conflicts(
    texts: Sequence[str],
    phrasings: Sequence[str],
    owners: np.ndarray,
    count: int,
    answers: Sequence[str] | None = None,
    candidates: np.ndarray | None = None,
) -> dict[tuple[int, int], str]:
    """(question row, entry index) -> reason, for every candidate that conflicts with its question.

    ``candidates`` (questions x k entry indices) limits the check to those entries of each
    question (the ones ranked, whose confidence the check caps); None checks every entry.
    """
    offered = _EntryLabels(phrasings, owners, count, answers)
    found: dict[tuple[int, int], str] = {}
    for row, text in enumerate(texts):
        asked = qualifiers(text)
        if not asked:
            continue
        cols = range(count) if candidates is None else sorted(set(candidates[row].tolist()))
        for col in cols:
            reason = conflict(asked, offered.named(col, asked))
            if reason:
                found[(row, col)] = reason
    return found


class _EntryLabels:
    """Each entry's qualifiers: those of its phrasings, and for the :data:`ANSWER_GROUPS` of its answer.

    Labelled only for the groups a question asks, once each (a library's thousands of texts
    would otherwise be labelled for every group on every match).
    """

    def __init__(self, phrasings: Sequence[str], owners: np.ndarray, count: int, answers: Sequence[str] | None) -> None:
        self.texts: list[list[str]] = [[] for _ in range(count)]
        for text, owner in zip(phrasings, owners.tolist(), strict=True):
            self.texts[owner].append(text)
        self.answers = answers
        self.known: dict[tuple[int, str], frozenset[str]] = {}

    def named(self, col: int, asked: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        found = {group: self._labels(col, group) for group in asked}
        return {group: labels for group, labels in found.items() if labels}

    def _labels(self, col: int, group: str) -> frozenset[str]:
        key = (col, group)
        if key not in self.known:
            labeller = QUALIFIER_GROUPS[group]
            texts = self.texts[col] + ([self.answers[col]] if self.answers and group in ANSWER_GROUPS else [])
            self.known[key] = frozenset().union(*(labeller(text) for text in texts))
        return self.known[key]


def pair_conflicts(
    phrasings: Sequence[str],
    owners: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    answers: Sequence[str] | None = None,
) -> np.ndarray:
    """For pseudo-questions: does entry ``cols[i]`` conflict with phrasing ``rows[i]`` asked as a question?

    The entry's qualifiers are those of its phrasings other than the one asked (held
    out), and of its answer (``answers``, one per entry) for the :data:`ANSWER_GROUPS`.
    """
    named = [qualifiers(text) for text in phrasings]
    from_answers = _answer_qualifiers(answers) if answers else None
    out = np.zeros(len(rows), dtype=bool)
    for i, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        if not named[row]:
            continue
        offered: dict[str, set[str]] = {group: set(labels) for group, labels in (from_answers[col] if from_answers else {}).items()}
        for other in np.flatnonzero(owners == col).tolist():
            if other != row:
                for group, labels in named[other].items():
                    offered.setdefault(group, set()).update(labels)
        out[i] = conflict(named[row], {g: frozenset(v) for g, v in offered.items()}) is not None
    return out


def cap_confidence(confidence: np.ndarray, rows: np.ndarray, cols: np.ndarray, found: dict[tuple[int, int], str]) -> np.ndarray:
    """``confidence`` of candidate ``cols[i]`` for question ``rows[i]``, capped where it conflicts."""
    if not found:
        return confidence
    capped = np.array([(int(r), int(c)) in found for r, c in zip(rows, cols, strict=True)], dtype=bool)
    return np.where(capped, np.minimum(confidence, CONFLICT_CONFIDENCE), confidence)
