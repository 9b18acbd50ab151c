"""Matching questions to a small library: ranking, decisions, limits, drafts, caching.

Embedding quality is not the subject here, so the embedder is the deterministic
:class:`HashingEmbedder`; ``tests/test_match_quality.py`` measures the real model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rfp_assistant.account import AccountProfile
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.match import match
from rfp_assistant.models import Limit, Question, Questionnaire, Response, XlsxLocation
from rfp_assistant.settings import DEFAULT_TOP_K, MatchSettings

PLAN_YAML = """\
name: Test Health Plan
phone: 1-800-555-0100
"""

ANSWERS_YAML = """\
- id: network-size
  question: How many physicians are in your provider network?
  alternates:
    - What is the total count of doctors you contract with?
    - List your hospital partners by county.
  answer: |
    {{ plan.name }} contracts with 11,200 primary care physicians and 57,300 specialists.
  owner: network@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: ncqa-accreditation
  question: Are you accredited by NCQA?
  answer: |
    Yes. {{ plan.name }} holds NCQA Health Plan Accreditation with a rating of Excellent.
  short_answer: Yes
  owner: quality@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: nurse-line
  question: Do you offer a 24-hour nurse line?
  answer: |
    Members can call our nurse line at {{ plan.phone }} at any hour, every day of the year.
  owner: care@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: wellness-program
  question: Describe your wellness program.
  answer: |
    {{ plan.name }} offers a wellness program with biometric screenings, health coaching by phone and
    video, a digital diabetes prevention program, tobacco cessation, financial incentives of up to
    $300 a year per employee, onsite flu clinics and an employer dashboard with quarterly engagement.
  answer_brief: |
    Screenings, coaching, diabetes prevention, tobacco cessation and incentives up to $300 a year.
  owner: wellness@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: implementation-plan
  question: Describe your implementation plan and timeline.
  answer: |
    Implementation starts 120 days before the effective date with a kickoff meeting, a dedicated
    implementation manager, weekly status calls, eligibility file testing at 90 and 60 days, ID
    cards mailed 15 days before the effective date and a 90-day post-implementation review.
  owner: implementation@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: account-kickoff
  question: When will the kickoff meeting for our account take place?
  answer: |
    The kickoff meeting for {{ account.name }} takes place within two weeks of the award.
  owner: implementation@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: eap-services
  question: Do you provide an employee assistance program?
  answer: |
    Yes, six free counselling sessions per issue.
  short_answer: "Yes"
  owner: bh@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: eap-services-copy
  question: Do you provide an employee assistance program?
  answer: |
    Yes, eight free counselling sessions per issue.
  short_answer: "Yes"
  owner: bh@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: stop-loss-contracts
  question: Do you offer specific and aggregate stop-loss coverage?
  answer: |
    Yes, through our stop-loss affiliate.
  short_answer: "Yes"
  funding: [self-funded]
  owner: finance@plan.example
  status: approved
  last_reviewed: 2026-06-01

- id: telehealth-draft
  question: Do you offer telehealth video visits with board-certified physicians?
  answer: |
    Draft: telehealth visits are available around the clock.
  short_answer: "Yes"
  status: draft

- id: telehealth-retired
  question: Do you offer telehealth video visits with licensed counselors?
  answer: |
    Retired: counselors by video.
  owner: bh@plan.example
  status: retired
  last_reviewed: 2020-01-01
"""

WELLNESS_FULL = (
    "Test Health Plan offers a wellness program with biometric screenings, health coaching by phone and\n"
    "video, a digital diabetes prevention program, tobacco cessation, financial incentives of up to\n"
    "$300 a year per employee, onsite flu clinics and an employer dashboard with quarterly engagement."
)
WELLNESS_BRIEF = (
    "Screenings, coaching, diabetes prevention, tobacco cessation and incentives up to $300 a year."
)


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording the texts of every ``encode`` call."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], progress: Any = None) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts, progress)


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (folder / "answers.yaml").write_text(ANSWERS_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def library(library_dir: Path) -> AnswerLibrary:
    return AnswerLibrary.load(library_dir)


@pytest.fixture
def cache(tmp_path: Path) -> EmbeddingCache:
    return EmbeddingCache(tmp_path / "cache")


def question(
    text: str,
    kind: str = "narrative",
    *,
    options: tuple[str, ...] = (),
    limit: Limit | None = None,
) -> Question:
    return Question(
        id="q0001",
        number="1",
        section="General",
        text=text,
        kind=kind,  # type: ignore[arg-type]
        location=XlsxLocation("Questionnaire", "B2", "C2"),
        options=options,
        limit=limit,
    )


def questionnaire(*questions: Question) -> Questionnaire:
    numbered = tuple(
        replace(
            q,
            id=f"q{i:04d}",
            number=str(i),
            location=replace(q.location, question_cell=f"B{i + 1}", answer_cell=f"C{i + 1}"),
        )
        for i, q in enumerate(questions, start=1)
    )
    return Questionnaire(source="rfp.xlsx", format="xlsx", questions=numbered)


AS_OF = date(2026, 12, 1)  # the answers are for this day: the test entries are all current


def run(library: AnswerLibrary, cache: EmbeddingCache, *questions: Question, **kwargs: Any) -> Response:
    kwargs.setdefault("embedder", HashingEmbedder())
    kwargs.setdefault("as_of", AS_OF)
    return match(questionnaire(*questions), library, cache=cache, **kwargs)


def only(library: AnswerLibrary, cache: EmbeddingCache, q: Question, **kwargs: Any):  # type: ignore[no-untyped-def]
    (result,) = run(library, cache, q, **kwargs).results
    return result


# --- ranking ---------------------------------------------------------------------------------


def test_match_returns_top_k_candidates_one_per_entry_best_first(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    response = run(
        library,
        cache,
        question("How many physicians and hospitals are in your network?"),
        question("Describe your wellness program and incentives."),
        top_k=3,
    )
    assert len(response.results) == 2
    for result in response.results:
        ids = [m.entry_id for m in result.matches]
        scores = [m.score for m in result.matches]
        assert len(ids) == 3
        assert len(set(ids)) == 3
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)
    assert response.results[0].best.entry_id == "network-size"
    assert response.results[1].best.entry_id == "wellness-program"


def test_match_returns_five_candidates_by_default_and_never_more_than_usable_entries(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("Describe your wellness program."))
    assert len(result.matches) == DEFAULT_TOP_K == 5
    everything = only(library, cache, question("Describe your wellness program."), top_k=50)
    assert sorted(m.entry_id for m in everything.matches) == sorted(e.id for e in library.usable())


def test_matched_text_is_the_phrasing_that_scored_best(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    by_alternate = only(library, cache, question("What is the total count of doctors you contract with?"))
    assert by_alternate.best.entry_id == "network-size"
    assert by_alternate.best.matched_text == "What is the total count of doctors you contract with?"
    by_question = only(library, cache, question("How many physicians are in your provider network?"))
    assert by_question.best.matched_text == "How many physicians are in your provider network?"


def test_question_worded_like_an_entry_is_answered_automatically_with_plan_variables(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("How many physicians are in your provider network?"))
    assert result.best.semantic == pytest.approx(1.0, abs=1e-5)
    assert result.best.lexical == pytest.approx(1.0, abs=1e-5)
    assert result.decision == "auto"
    assert result.reason is None
    assert (
        result.answer
        == "Test Health Plan contracts with 11,200 primary care physicians and 57,300 specialists."
    )


def test_every_candidate_has_a_confidence_and_the_best_is_the_most_confident(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("How many physicians are in your provider network?"))
    confidences = [m.confidence for m in result.matches]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert confidences[0] == max(confidences) > 0.9 > confidences[1]
    assert result.best.to_dict()["confidence"] == round(confidences[0], 4)


def test_response_names_the_library_version_and_the_model(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    response = run(library, cache, question("Describe your wellness program."))
    assert response.library_version == library.version
    assert response.model == "hashing-256"
    assert response.counts() == {"auto": 1, "review": 0, "none": 0}


def test_empty_questionnaire_gives_no_results(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    response = match(
        Questionnaire("empty.xlsx", "xlsx", ()), library, embedder=HashingEmbedder(), cache=cache
    )
    assert response.results == ()


# --- decisions and settings ------------------------------------------------------------------

PARAPHRASE = "Tell us about the doctors you contract with."


def test_decisions_follow_the_settings_operating_point(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    q = question(PARAPHRASE)
    confidence = only(library, cache, q).best.confidence
    assert 0.05 < confidence < 0.95  # a paraphrase: neither exact nor unrelated

    auto = only(
        library,
        cache,
        q,
        settings={"auto_confidence": confidence - 0.01, "review_confidence": confidence - 0.02, "min_margin": 0.0},
    )
    assert auto.decision == "auto"
    assert auto.best.entry_id == "network-size"
    assert auto.answer.startswith("Test Health Plan contracts with")

    review = only(
        library, cache, q, settings={"auto_confidence": confidence + 0.01, "review_confidence": confidence - 0.01}
    )
    assert review.decision == "review"
    assert f"{confidence:.2f}" in review.reason and "below the auto threshold" in review.reason
    assert review.answer.startswith("Test Health Plan contracts with")  # offered as a suggestion

    none = only(
        library,
        cache,
        q,
        settings=MatchSettings(auto_confidence=confidence + 0.02, review_confidence=confidence + 0.01),
    )
    assert none.decision == "none"
    assert none.answer is None
    assert "no library entry is a plausible answer" in none.reason
    assert len(none.matches) == DEFAULT_TOP_K  # candidates are listed even when left blank


def test_runner_up_within_the_margin_sends_the_question_to_review(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("Do you provide an employee assistance program?"))
    assert {m.entry_id for m in result.matches[:2]} == {"eap-services", "eap-services-copy"}
    assert result.decision == "review"
    assert "runner-up" in result.reason


def test_library_settings_file_sets_the_thresholds_when_none_are_given(
    library_dir: Path, cache: EmbeddingCache
) -> None:
    q = question(PARAPHRASE)
    assert (
        only(
            AnswerLibrary.load(library_dir),
            cache,
            q,
            settings={"min_margin": 0.0, "auto_confidence": 0.01, "review_confidence": 0.0},
        ).decision
        == "auto"
    )
    (library_dir / "settings.yaml").write_text(
        "matching:\n  auto_confidence: 0.999\n  review_confidence: 0.998\n"
    )
    assert only(AnswerLibrary.load(library_dir), cache, q).decision == "none"


def test_yes_no_question_takes_the_entry_short_answer(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    result = only(library, cache, question("Are you accredited by NCQA?", "yes_no", options=("Yes", "No")))
    assert result.decision == "auto"
    assert result.short_answer == "Yes"
    # The Yes/No cell says Yes: the explanation does not say it again.
    assert result.answer.startswith("Test Health Plan holds NCQA")


def test_yes_no_short_answer_is_written_as_the_issuer_spells_the_option(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("Are you accredited by NCQA?", "yes_no", options=("YES", "NO")))
    assert result.short_answer == "YES"


def test_yes_no_question_whose_entry_has_no_short_answer_gets_the_narrative_and_no_value(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(
        library, cache, question("Do you offer a 24-hour nurse line?", "yes_no", options=("Yes", "No"))
    )
    assert result.best.entry_id == "nurse-line"
    assert result.best.confidence >= 0.9
    # Written automatically: the narrative; the Yes/No value is left for a person to pick.
    assert result.decision == "auto"
    assert result.short_answer is None
    assert result.answer.startswith("Members can call our nurse line")


def test_character_limit_uses_the_brief_answer_when_the_full_one_is_too_long(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    assert len(WELLNESS_FULL) > 150 >= len(WELLNESS_BRIEF)
    result = only(library, cache, question("Describe your wellness program.", limit=Limit("chars", 150)))
    assert result.decision == "auto"
    assert result.answer == WELLNESS_BRIEF


def test_answer_that_fits_the_limit_is_used_in_full(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    result = only(library, cache, question("Describe your wellness program.", limit=Limit("words", 100)))
    assert result.decision == "auto"
    assert result.answer == WELLNESS_FULL


def test_answer_too_long_without_a_fitting_variant_goes_to_review_untruncated(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    no_brief = only(
        library, cache, question("Describe your implementation plan and timeline.", limit=Limit("chars", 100))
    )
    assert no_brief.decision == "review"
    assert "over the limit of 100" in no_brief.reason
    assert "has no answer_brief" in no_brief.reason
    assert no_brief.answer.startswith("Implementation starts 120 days")
    assert no_brief.answer.endswith("90-day post-implementation review.")  # whole, not cut

    brief_too_long = only(
        library, cache, question("Describe your wellness program.", limit=Limit("words", 10))
    )
    assert brief_too_long.decision == "review"
    assert "over the limit of 10" in brief_too_long.reason
    assert brief_too_long.answer == WELLNESS_FULL


# --- what may be used -----------------------------------------------------------------------

TELEHEALTH = "Do you offer telehealth video visits with board-certified physicians?"


def test_draft_and_retired_entries_are_never_candidates_by_default(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question(TELEHEALTH, "yes_no", options=("Yes", "No")), top_k=50)
    ids = {m.entry_id for m in result.matches}
    assert "telehealth-draft" not in ids
    assert "telehealth-retired" not in ids
    assert result.answer is None or "Draft:" not in result.answer


def test_draft_entries_are_used_only_when_asked(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    result = only(
        library, cache, question(TELEHEALTH, "yes_no", options=("Yes", "No")), top_k=50, include_drafts=True
    )
    assert result.best.entry_id == "telehealth-draft"
    assert result.decision == "auto"
    assert result.answer == "Draft: telehealth visits are available around the clock."
    assert "telehealth-retired" not in {m.entry_id for m in result.matches}


def test_answer_needing_the_account_without_one_goes_to_review_saying_so(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    result = only(library, cache, question("When will the kickoff meeting for our account take place?"))
    assert result.best.entry_id == "account-kickoff"
    assert result.decision == "review"
    assert result.answer is None
    assert "account" in result.reason
    assert "--account" in result.reason


def test_answer_needing_the_account_uses_the_account_profile(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    account = AccountProfile(
        name="Harbor Point Manufacturing", effective_date=date(2027, 7, 1), funding="self-funded"
    )
    result = only(
        library, cache, question("When will the kickoff meeting for our account take place?"), account=account
    )
    assert result.decision == "auto"
    assert (
        result.answer
        == "The kickoff meeting for Harbor Point Manufacturing takes place within two weeks of the award."
    )


def test_account_funding_leaves_out_entries_for_other_funding(
    library: AnswerLibrary, cache: EmbeddingCache
) -> None:
    stop_loss = question(
        "Do you offer specific and aggregate stop-loss coverage?", "yes_no", options=("Yes", "No")
    )
    self_funded = AccountProfile(name="A", effective_date=date(2027, 1, 1), funding="self-funded")
    insured = AccountProfile(name="B", effective_date=date(2027, 1, 1), funding="fully-insured")
    assert only(library, cache, stop_loss, account=self_funded).best.entry_id == "stop-loss-contracts"
    assert "stop-loss-contracts" not in {
        m.entry_id for m in only(library, cache, stop_loss, account=insured, top_k=50).matches
    }


# --- determinism and caching ------------------------------------------------------------------

MIXED = (
    question("How many doctors are in your network?"),
    question("Are you accredited by NCQA?", "yes_no", options=("Yes", "No")),
    question("Describe your wellness program.", limit=Limit("chars", 150)),
    question("Do you provide an employee assistance program?"),
    question("Tell us about your approach to subrogation recoveries."),
)


def test_same_inputs_give_identical_results(library_dir: Path, tmp_path: Path) -> None:
    first = run(AnswerLibrary.load(library_dir), EmbeddingCache(tmp_path / "c1"), *MIXED)
    again = run(AnswerLibrary.load(library_dir), EmbeddingCache(tmp_path / "c1"), *MIXED)  # from the cache
    fresh = run(AnswerLibrary.load(library_dir), EmbeddingCache(tmp_path / "c2"), *MIXED)  # encoded anew
    assert first.to_dict() == again.to_dict() == fresh.to_dict()
    assert first.results == again.results


def test_second_run_reuses_the_on_disk_cache_and_encodes_only_the_questions(
    library: AnswerLibrary, tmp_path: Path
) -> None:
    phrasings = {text for entry in library.usable() for text in entry.phrasings}
    first_embedder = CountingEmbedder()
    first = run(library, EmbeddingCache(tmp_path / "cache"), *MIXED, embedder=first_embedder)
    encoded_first = {t for call in first_embedder.calls for t in call}
    assert phrasings <= encoded_first
    assert list((tmp_path / "cache").iterdir())  # the library vectors were saved

    second_embedder = CountingEmbedder()
    second = run(library, EmbeddingCache(tmp_path / "cache"), *MIXED, embedder=second_embedder)
    assert len(second_embedder.calls) == 1
    (encoded,) = second_embedder.calls
    assert set(encoded) == {q.text for q in MIXED}
    assert second.to_dict() == first.to_dict()


# --- MatchSettings -----------------------------------------------------------------------------


def test_match_settings_resolve_from_none_dict_or_instance() -> None:
    assert MatchSettings.resolve(None) == MatchSettings()
    assert MatchSettings().auto_confidence is None  # unset: the library's calibration decides
    custom = MatchSettings.resolve({"auto_confidence": 0.7, "review_confidence": 0.5, "top_k": 3})
    assert (custom.auto_confidence, custom.review_confidence, custom.top_k) == (0.7, 0.5, 3)
    assert custom.min_margin == MatchSettings().min_margin
    instance = MatchSettings(semantic_weight=0.6)
    assert MatchSettings.resolve(instance) is instance
    assert MatchSettings.resolve(instance, top_k=2, auto_confidence=None) == MatchSettings(
        semantic_weight=0.6, top_k=2
    )


def test_match_settings_skip_the_calibration_record_that_calibrate_writes() -> None:
    written = {"auto_confidence": 0.8, "calibration": {"labels": "dev.yaml", "questions": 170}}
    assert MatchSettings.resolve(written) == MatchSettings(auto_confidence=0.8)


@pytest.mark.parametrize(
    "bad",
    [
        {"auto_confidence": 1.5},
        {"review_confidence": -0.1},
        {"min_margin": "0.05"},
        {"semantic_weight": 2},
        {"coverage_penalty": True},
        {"distinctive_power": 0},
        {"auto_confidence": 0.4, "review_confidence": 0.6},
        {"top_k": 0},
        {"top_k": 2.5},
        {"auto_treshold": 0.7},
        {"auto_threshold": 0.7},  # the fixed score threshold of old: the operating point is a confidence now
    ],
)
def test_invalid_match_settings_raise_value_error(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        MatchSettings.resolve(bad)


def test_match_settings_cannot_be_built_from_other_types() -> None:
    with pytest.raises(TypeError):
        MatchSettings.resolve([("top_k", 3)])  # type: ignore[arg-type]


def test_match_rejects_invalid_settings(library: AnswerLibrary, cache: EmbeddingCache) -> None:
    with pytest.raises(ValueError, match="auto_confidence"):
        run(library, cache, question(PARAPHRASE), settings={"auto_confidence": 2})
    with pytest.raises(ValueError, match="top_k"):
        run(library, cache, question(PARAPHRASE), top_k=0)
