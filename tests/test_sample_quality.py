"""How right the four samples' automatic answers are, against their held-out labels.

Each sample RFP (Harbor Point and Ashgrove xlsx, Cobalt Bay docx, Granite Ridge pdf) is filled
as ``make demo`` fills it: with its account profile, as of its release date, with the real
model. No automatic answer may come from an entry its labels do not accept, and the automatic
answers may not fall much below what was measured when the Word and PDF labels were written.
The scoring is ``benchmarks/sample_quality.py``'s, which prints the same figures as a table.

The fast tests keep the Word and PDF label files honest: one label per question of the
sample's parse key, naming an approved entry or null.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
import yaml

from conftest import DATA, GOLDEN, LIBRARY, ROOT
from rfp_assistant import parse
from rfp_assistant.embed import EmbeddingCache, SentenceTransformerEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.models import Match, QuestionResult, Response


def _benchmark():  # type: ignore[no-untyped-def]
    """benchmarks/sample_quality.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("sample_quality", ROOT / "benchmarks" / "sample_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


BENCHMARK = _benchmark()
SAMPLES = {sample.name: sample for sample in BENCHMARK.SAMPLES}
# Automatic answers measured when the Word and PDF labels were written (58, 62, 43, 41; see the
# README), less three, so that a shift of a borderline answer or two does not fail.
MIN_AUTO = {
    "Harbor Point": 55,
    "Ashgrove": 59,
    "Cobalt Bay": 40,
    "Granite Ridge": 38,
}
# Wrong automatic answers, (number, entry chosen, entry labelled): none. When the labels were
# written, Cobalt Bay Q4 ("What is the proposed date for the implementation kickoff meeting?", a
# date question) got implementation-timeline's whole narrative, which states no date; such an
# answer now goes to review (match/answer.py, _value_problem). A new wrong answer is listed here
# only with the reason it is accepted.
KNOWN_WRONG: dict[str, list[tuple[str, str, str | None]]] = {}
LABELLED = {
    "docx_sample_labels.yaml": "cobalt_bay_medical_rfp",
    "pdf_sample_labels.yaml": "granite_ridge_medical_rfp",
}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Each sample filled once with one model and one embedding cache, scored: name -> Quality."""
    embedder = SentenceTransformerEmbedder()
    cache = EmbeddingCache(tmp_path_factory.mktemp("embeddings"))
    folder = tmp_path_factory.mktemp("filled")
    qualities = {name: BENCHMARK.measure(sample, folder, cache=cache, embedder=embedder) for name, sample in SAMPLES.items()}
    print("\n" + BENCHMARK.table(list(qualities.values())))
    return qualities


@pytest.mark.model
@pytest.mark.parametrize("name", list(SAMPLES))
def test_no_automatic_answer_of_a_sample_comes_from_an_entry_its_labels_reject(name, measured):  # type: ignore[no-untyped-def]
    wrong = [(w.number, w.chosen, w.labelled) for w in measured[name].wrong]
    assert wrong == KNOWN_WRONG.get(name, [])


@pytest.mark.model
@pytest.mark.parametrize("name", list(MIN_AUTO))
def test_most_of_each_sample_is_still_answered_automatically(name, measured):  # type: ignore[no-untyped-def]
    assert measured[name].auto >= MIN_AUTO[name]


@pytest.mark.parametrize("labels_file", list(LABELLED))
def test_word_and_pdf_labels_name_one_approved_entry_or_null_for_every_question(labels_file):  # type: ignore[no-untyped-def]
    key = json.loads((GOLDEN / f"{LABELLED[labels_file]}.questions.json").read_text(encoding="utf-8"))
    labels = yaml.safe_load((DATA / labels_file).read_text(encoding="utf-8"))
    assert [item["number"] for item in labels] == [q["number"] for q in key["questions"]]
    assert {item["file"] for item in labels} == {key["file"]}
    usable = {entry.id for entry in AnswerLibrary.load(LIBRARY).usable()}
    named = {item["expected"] for item in labels} | {
        match.group(1) for item in labels if (match := BENCHMARK.ALSO.match(item.get("note") or ""))
    }
    assert sorted(e for e in named if e is not None and e not in usable) == []
    assert None in named  # some questions are not answered by any approved entry


def _result(question, decision: str, *entries: str) -> QuestionResult:
    matches = tuple(Match(entry, 1.0 - rank / 10, "") for rank, entry in enumerate(entries))
    return QuestionResult(question, decision, matches)  # type: ignore[arg-type]


def test_scoring_accepts_the_label_or_its_also_entry_and_rejects_any_answer_to_a_null_question():  # type: ignore[no-untyped-def]
    sample = SAMPLES["Cobalt Bay"]
    questionnaire = parse(sample.path)
    by_number = {q.number: q for q in questionnaire.questions}
    decided = {
        "3.1": _result(by_number["3.1"], "auto", "company-ownership-structure"),  # the label: right
        "3.2": _result(by_number["3.2"], "auto", "company-years-in-business"),  # labelled null: wrong
        "4.6": _result(by_number["4.6"], "auto", "bh-virtual-care", "network-telehealth"),  # its also: right
        "5.6": _result(by_number["5.6"], "auto", "claims-appeals", "x", "claims-subrogation"),  # wrong, top-3
    }
    results = tuple(decided.get(q.number) or _result(q, "none") for q in questionnaire.questions)
    labels = BENCHMARK.load_labels(sample)
    quality = BENCHMARK.score(sample, Response(questionnaire, results, "v1", "test"), labels)
    assert [(w.number, w.chosen, w.labelled) for w in quality.wrong] == [
        ("3.2", "company-years-in-business", None),
        ("5.6", "claims-appeals", "claims-subrogation"),
    ]
    assert (quality.questions, quality.auto, quality.none) == (64, 4, 60)
    assert quality.answerable == sum(expected is not None for expected, _ in labels.values())
    assert (quality.top1, quality.top3) == (2, 3)
    assert quality.row()[-2].startswith("2/")


def test_scoring_refuses_a_response_with_an_unlabelled_question():  # type: ignore[no-untyped-def]
    sample = SAMPLES["Granite Ridge"]
    questionnaire = parse(SAMPLES["Cobalt Bay"].path)  # numbered 3.1..., not Granite Ridge's 5.1.1...
    response = Response(questionnaire, tuple(_result(q, "none") for q in questionnaire.questions), "v1", "test")
    with pytest.raises(ValueError, match="pdf_sample_labels.yaml: no label for granite_ridge"):
        BENCHMARK.score(sample, response, BENCHMARK.load_labels(sample))
