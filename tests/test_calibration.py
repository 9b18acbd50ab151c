"""The matcher's evidence, confidence, per-library calibration and the one-entry-one-question rule.

Embedding quality is not the subject, so the embedder is :class:`HashingEmbedder` (words
in common make texts similar); tests/test_match_quality.py measures the real model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from rfp_assistant import fill
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.load import Glossary
from rfp_assistant.match import calibration as calibration_module
from rfp_assistant.match import match
from rfp_assistant.match.confidence import FEATURES, ConfidenceModel
from rfp_assistant.match.lexical import LexicalIndex, Normaliser
from rfp_assistant.models import Question, Questionnaire, XlsxLocation

ENTRY = """\
- id: {id}
  question: {question}
  alternates: {alternates}
  answer: {answer}
  status: approved
  owner: team@plan.example
  last_reviewed: 2026-06-01
"""


def write_library(folder: Path, entries: list[dict[str, Any]], settings: str | None = None) -> AnswerLibrary:
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(
        ENTRY.format(
            id=e["id"],
            question=e["question"],
            alternates="[" + ", ".join(f'"{a}"' for a in e.get("alternates", [])) + "]",
            answer=f'"{e["answer"]}"',
        )
        for e in entries
    )
    (folder / "answers.yaml").write_text(text, encoding="utf-8")
    if settings is not None:
        (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    return AnswerLibrary.load(folder)


def questionnaire(*texts: str) -> Questionnaire:
    return Questionnaire(
        "rfp.xlsx",
        "xlsx",
        tuple(
            Question(f"q{i:04d}", f"1.{i}", None, text, "narrative", XlsxLocation("Q", f"B{i}", f"C{i}"))
            for i, text in enumerate(texts, start=1)
        ),
    )


def run(library: AnswerLibrary, tmp_path: Path, *texts: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    return match(questionnaire(*texts), library, embedder=HashingEmbedder(), cache=EmbeddingCache(tmp_path / "cache"), **kwargs)


CAIQ_LIKE = [
    {
        "id": "audit-policy",
        "question": "Are audit and assurance policies and procedures established, documented, approved, communicated and applied?",
        "answer": "Yes. Our audit and assurance policy is approved by the board.",
    },
    {
        "id": "backups",
        "question": "Is customer data backed up daily to a second region?",
        "answer": "Yes. Snapshots are taken daily and copied to a second region.",
    },
    {
        "id": "mfa",
        "question": "Is multi-factor authentication required for all administrative access?",
        "answer": "Yes. Security keys are required for every administrator.",
    },
]
EXACT = CAIQ_LIKE[0]["question"]
SIBLING = "Are audit and assurance policies and procedures reviewed and updated at least annually?"
ANSWER_EVERYTHING = {"auto_confidence": 0.0001, "review_confidence": 0.0, "min_margin": 0.0}
NO_MARGIN = {"min_margin": 0.0}  # the built-in operating point, and no runner-up rule in a three-entry library


# --- lexical evidence ---------------------------------------------------------------------------


def test_words_every_question_of_a_templated_questionnaire_shares_weigh_less_than_rare_ones() -> None:
    questions = [
        f"Are {topic} policies and procedures established, documented, approved and communicated?"
        for topic in ("audit", "encryption", "backup", "logging", "change management", "training")
    ]
    index = LexicalIndex.build(["Annual independent audits", "Encryption at rest"], questions, Normaliser())
    weight = index.distinctive()
    words = index.vocabulary
    assert weight[words["policy"]] < weight[words["audit"]]
    assert weight[words["document"]] < weight[words["encryption"]]
    # the same word weighs less when the incoming questionnaire repeats it
    alone = LexicalIndex.build(["Annual independent audits", "Encryption at rest"], questions[:1], Normaliser())
    assert alone.distinctive()[alone.vocabulary["policy"]] > weight[words["policy"]]


def test_the_glossary_folds_acronyms_and_synonyms_on_both_sides() -> None:
    glossary = Glossary(
        acronyms={"NCQA": "National Committee for Quality Assurance"},
        synonyms=(("enrollee", "member", "covered person"),),
    )
    normaliser = Normaliser(glossary)
    assert "ncqa" in normaliser.tokens("Accredited by the National Committee for Quality Assurance?")
    assert "ncqa" in normaliser.tokens("NCQA accreditation")
    assert normaliser.tokens("every covered person") == normaliser.tokens("every member") == ["every", "enrollee"]


def test_digits_are_words_so_soc_1_and_soc_2_differ() -> None:
    assert Normaliser().tokens("SOC 2 Type II") == ["soc", "2", "type", "ii"]


def test_a_rare_question_word_no_entry_text_contains_costs_the_entry_its_lead(tmp_path: Path) -> None:
    library = write_library(
        tmp_path / "lib",
        [
            {"id": "soc1", "question": "SOC 1 Type II report", "answer": "Our SOC 1 Type II report covers claims controls."},
            {"id": "soc2", "question": "SOC 2 Type II report", "answer": "Our SOC 2 Type II report covers security."},
        ],
    )
    (result,) = run(library, tmp_path, "Please attach your most recent SOC 2 Type II report.").results
    assert [m.entry_id for m in result.matches] == ["soc2", "soc1"]
    assert result.matches[0].score > result.matches[1].score


# --- the confidence model ---------------------------------------------------------------------------


def test_confidence_model_counts_every_signal_for_a_candidate_never_against() -> None:
    rng = np.random.default_rng(0)
    features = rng.uniform(0, 1, size=(400, len(FEATURES)))
    right = (features[:, 2] + 0.3 * features[:, 5] + rng.normal(0, 0.2, 400) > 0.8).astype(int)
    model = ConfidenceModel.fit(features, right)
    assert all(c >= 0 for c in model.coef)
    low, high = features[:1].copy(), features[:1].copy()
    low[0, 2], high[0, 2] = 0.1, 0.9  # the gap to the runner-up
    assert model.predict(high)[0] > model.predict(low)[0]
    assert ConfidenceModel.from_dict(model.to_dict()) == model


def test_confidence_model_from_other_features_is_refused() -> None:
    data = ConfidenceModel((0.0,) * 6, (1.0,) * 6, (1.0,) * 6, 0.0).to_dict()
    data["features"] = ["cosine"]
    with pytest.raises(ValueError):
        ConfidenceModel.from_dict(data)


# --- calibration: built-in, the library's own, a labelled set's ---------------------------------------


def test_a_library_with_too_few_alternates_uses_the_built_in_calibration_and_says_so(tmp_path: Path) -> None:
    response = run(write_library(tmp_path / "lib", CAIQ_LIKE), tmp_path, EXACT)
    assert response.calibration.startswith("built-in conservative defaults")
    assert "fewer than the 30 needed" in response.calibration
    assert response.to_dict()["calibration"] == response.calibration


def many_alternates(count: int = 12) -> list[dict[str, Any]]:
    topics = ["pharmacy", "claims", "network", "wellness", "billing", "eligibility", "appeals", "reporting",
              "implementation", "privacy", "dental", "vision", "telehealth", "maternity"][:count]  # fmt: skip
    return [
        {
            "id": topic,
            "question": f"Describe your {topic} program",
            "alternates": [f"How does your {topic} service work", f"Tell us about {topic} support for members"],
            "answer": f"Our {topic} program has a dedicated {topic} team and quarterly {topic} reports.",
        }
        for topic in topics
    ]


def test_a_library_with_enough_alternates_calibrates_on_its_own_pseudo_questions_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = write_library(tmp_path / "lib", many_alternates())
    first = run(library, tmp_path, "How does your claims service work for members?")
    assert "pseudo-questions" in first.calibration and "36 answerable" in first.calibration
    assert list((tmp_path / "cache").glob("calibration-*.json"))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the cached calibration should have been used")

    monkeypatch.setattr(calibration_module, "self_calibrate", refuse)
    again = run(library, tmp_path, "How does your claims service work for members?")
    assert again.to_dict() == first.to_dict()


def test_the_cached_calibration_is_redone_when_the_library_changes(tmp_path: Path) -> None:
    entries = many_alternates()
    run(write_library(tmp_path / "lib", entries), tmp_path, "Describe your claims program")
    entries[0]["alternates"] = ["Which pharmacy benefit manager do you use"]
    run(write_library(tmp_path / "lib", entries), tmp_path, "Describe your claims program")
    assert len(list((tmp_path / "cache").glob("calibration-*.json"))) == 2


def test_an_operating_point_from_calibrate_in_settings_yaml_is_named_in_the_response(tmp_path: Path) -> None:
    settings = (
        "# set by rfp-assistant calibrate\n"
        "matching:\n  auto_confidence: 0.5\n  calibration:\n    labels: dev.yaml\n    questions: 170\n"
    )
    response = run(write_library(tmp_path / "lib", CAIQ_LIKE, settings), tmp_path, EXACT)
    assert response.calibration.startswith("labelled set dev.yaml (170 questions): auto from confidence 0.50")
    assert response.results[0].decision == "auto"


def test_the_review_report_summary_says_which_calibration_was_used(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Questions"
    ws.append(["No.", "Question", "Response"])
    ws.append(["1", EXACT, None])
    ws.append(["2", "Is customer data backed up daily to a second region?", None])
    workbook.save(tmp_path / "rfp.xlsx")
    result = fill(
        tmp_path / "rfp.xlsx",
        write_library(tmp_path / "lib", CAIQ_LIKE),
        tmp_path / "out.xlsx",
        embedder=HashingEmbedder(),
        cache=EmbeddingCache(tmp_path / "cache"),
    )
    summary = {row[0]: row[1] for row in openpyxl.load_workbook(result.report)["Summary"].iter_rows(values_only=True)}
    assert summary["Calibration"] == result.response.calibration
    assert summary["Calibration"].startswith("built-in conservative defaults")


# --- one entry, one question -------------------------------------------------------------------------


def test_templated_siblings_do_not_all_get_the_entry_written_for_one_of_them(tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib", CAIQ_LIKE)
    alone = run(library, tmp_path, SIBLING, settings=NO_MARGIN).results[0]
    assert alone.decision == "auto"  # asked on its own, the sibling would get the entry
    response = run(library, tmp_path, SIBLING, EXACT, settings=NO_MARGIN)
    sibling, exact = response.results
    assert exact.decision == "auto" and exact.best.entry_id == "audit-policy"
    assert sibling.best.entry_id == "audit-policy"
    assert sibling.decision == "review"
    assert "entry audit-policy is also the best match of question 1.2" in sibling.reason
    assert "restates it" in sibling.reason


def test_without_a_restatement_the_question_the_entry_fits_best_keeps_it(tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib", CAIQ_LIKE)
    closer = "Are audit and assurance policies established, documented and approved?"
    response = run(library, tmp_path, SIBLING, closer, settings=NO_MARGIN)
    sibling, owner = response.results
    assert owner.decision == "auto"
    assert sibling.decision == "review" and "which it fits better" in sibling.reason


def test_the_same_question_asked_twice_is_answered_both_times(tmp_path: Path) -> None:
    response = run(write_library(tmp_path / "lib", CAIQ_LIKE), tmp_path, EXACT, EXACT, settings=ANSWER_EVERYTHING)
    assert [r.decision for r in response.results] == ["auto", "auto"]


def test_a_question_restating_one_of_the_entry_phrasings_is_always_eligible(tmp_path: Path) -> None:
    entries = [dict(CAIQ_LIKE[0], alternates=[SIBLING]), *CAIQ_LIKE[1:]]
    response = run(write_library(tmp_path / "lib", entries), tmp_path, SIBLING, EXACT, settings=ANSWER_EVERYTHING)
    assert [r.decision for r in response.results] == ["auto", "auto"]


def test_a_shared_entry_stays_automatic_on_clear_evidence_of_its_own(tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib", CAIQ_LIKE)
    first = "Do you back up customer data every day to a second region?"
    second = "Is customer data copied daily to a second region as a backup?"
    response = run(library, tmp_path, first, second, settings=NO_MARGIN)
    assert [r.best.entry_id for r in response.results] == ["backups", "backups"]
    assert [r.decision for r in response.results] == ["auto", "auto"]
    strict = {**NO_MARGIN, "shared_entry_score_share": 0.95}
    assert [r.decision for r in run(library, tmp_path, first, second, settings=strict).results] == ["review", "auto"]


def test_a_pool_of_unrelated_questions_is_not_one_questionnaire(tmp_path: Path) -> None:
    library = write_library(tmp_path / "lib", CAIQ_LIKE)
    response = run(library, tmp_path, SIBLING, EXACT, settings=ANSWER_EVERYTHING, one_questionnaire=False)
    assert [r.decision for r in response.results] == ["auto", "auto"]
