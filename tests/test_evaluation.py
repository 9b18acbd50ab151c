"""Labelled sets: reading them, measuring the matcher on them, and calibrating a library from one.

The embedder is :class:`HashingEmbedder` (the figures' meaning is not the subject here);
the CLI commands are run through the real entry point with the real model, marked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import yaml

from conftest import DATA, ROOT
from rfp_assistant.embed import EmbeddingCache, HashingEmbedder
from rfp_assistant.errors import InputError, LibraryError, RfpAssistantError
from rfp_assistant.evaluation import (
    Label,
    OperatingPoint,
    as_questionnaire,
    calibrate,
    check_labels,
    choose_operating_point,
    evaluate,
    load_labels,
    measure,
    operating_points,
    run,
)
from rfp_assistant.library import AnswerLibrary
from rfp_assistant.library.settings_file import update_matching_settings
from rfp_assistant.match.confidence import FEATURES, ConfidenceModel
from rfp_assistant.match.engine import best_candidates
from rfp_assistant.match.labelled import capped_confidence, refit_on_labels
from rfp_assistant.models import Match, QuestionResult, Response

LIBRARY_YAML = """\
- id: backups
  question: Is customer data backed up daily to a second region?
  answer: Yes. Snapshots are taken daily and copied to a second region.
  status: approved
  owner: team@plan.example
  last_reviewed: 2026-06-01

- id: mfa
  question: Is multi-factor authentication required for administrative access?
  answer: Yes. Security keys are required for every administrator.
  status: approved
  owner: team@plan.example
  last_reviewed: 2026-06-01

- id: pentest
  question: Do independent testers run penetration tests every year?
  answer: Yes. An accredited firm tests the service every year.
  status: approved
  owner: team@plan.example
  last_reviewed: 2026-06-01
"""
LABELS = [
    {"text": "Do you back up customer data daily to a second region?", "expected": "backups"},
    {"question": "Is multi-factor authentication required for administrators?", "expected": "mfa"},
    {"text": "Are penetration tests run every year by independent testers?", "expected": "pentest"},
    {"text": "Describe your cafeteria menu.", "expected": None},
]


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "answers.yaml").write_text(LIBRARY_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def labels_file(tmp_path: Path) -> Path:
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(LABELS, sort_keys=False), encoding="utf-8")
    return path


def options(tmp_path: Path) -> dict:
    return {"embedder": HashingEmbedder(), "cache": EmbeddingCache(tmp_path / "cache")}


# --- reading labelled sets ---------------------------------------------------------------------


def test_labels_read_from_yaml_accept_text_or_question_and_null_for_no_answer(labels_file: Path) -> None:
    labels = load_labels(labels_file)
    assert [label.expected for label in labels] == ["backups", "mfa", "pentest", None]
    assert labels[1].text == "Is multi-factor authentication required for administrators?"


def test_labels_read_from_an_xlsx_with_text_and_expected_columns(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Labelled questions"])
    ws.append(["Question", "Expected", "Note"])
    ws.append(["Do you back up customer data daily?", "backups", "paraphrase"])
    ws.append(["Describe your cafeteria menu.", None, None])
    ws.append(["Is there a staff gym?", "null", None])
    workbook.save(tmp_path / "labels.xlsx")
    assert load_labels(tmp_path / "labels.xlsx") == (
        Label("Do you back up customer data daily?", "backups"),
        Label("Describe your cafeteria menu.", None),
        Label("Is there a staff gym?", None),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- text: a question\n", "item 1 needs 'text' (or 'question') and 'expected'"),
        ("{text: q, expected: x}\n", "a labelled set is a non-empty list"),
        ("- text: q\n  expected: [a, b]\n", "item 1: 'expected' must be an entry id or null"),
        ("- [unclosed\n", "not a readable YAML file"),
    ],
)
def test_a_malformed_labelled_set_is_an_input_error_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml") as caught:
        load_labels(path)
    assert message in str(caught.value)


def test_an_xlsx_without_the_columns_is_an_input_error(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["No.", "Question"])
    workbook.save(tmp_path / "nolabels.xlsx")
    with pytest.raises(InputError, match="no sheet has a header row"):
        load_labels(tmp_path / "nolabels.xlsx")


def test_labels_naming_entries_the_library_lacks_are_refused(library_dir: Path) -> None:
    with pytest.raises(InputError, match="entries the library does not have: sso"):
        check_labels([Label("Do you offer SSO?", "sso")], AnswerLibrary.load(library_dir), "labels.yaml")


# --- measuring -------------------------------------------------------------------------------------


def result_for(questionnaire, index: int, decision: str, *ranked: tuple[str, float]) -> QuestionResult:  # type: ignore[no-untyped-def]
    matches = tuple(Match(entry_id, 0.5, "text", confidence=conf) for entry_id, conf in ranked)
    return QuestionResult(questionnaire.questions[index], decision, matches)  # type: ignore[arg-type]


def test_measure_counts_ranking_automatic_precision_coverage_and_unanswerable_left_alone() -> None:
    labels = [Label("a", "x"), Label("b", "y"), Label("c", "z"), Label("d", None), Label("e", None)]
    questionnaire = as_questionnaire(labels, "set")
    results = (
        result_for(questionnaire, 0, "auto", ("x", 0.9), ("y", 0.1)),  # right, auto
        result_for(questionnaire, 1, "auto", ("x", 0.8), ("y", 0.2)),  # wrong entry auto: rank 2
        result_for(questionnaire, 2, "review", ("x", 0.5), ("w", 0.1)),  # expected not listed
        result_for(questionnaire, 3, "auto", ("x", 0.7)),  # no answer exists, answered anyway
        result_for(questionnaire, 4, "none", ("y", 0.05)),
    )
    figures = measure(labels, Response(questionnaire, results, "v1", "hashing-256"))
    assert (figures.answerable, figures.unanswerable) == (3, 2)
    assert figures.top1 == pytest.approx(1 / 3)
    assert figures.recall_at_5 == pytest.approx(2 / 3)
    assert figures.mrr == pytest.approx((1 + 0.5) / 3)
    assert (figures.auto, figures.auto_right) == (3, 1)
    assert figures.auto_precision == pytest.approx(1 / 3)
    assert figures.auto_coverage == pytest.approx(1 / 3)
    assert figures.unanswerable_left_alone == pytest.approx(0.5)


def test_review_load_says_what_the_questions_sent_to_review_leave_a_person() -> None:
    labels = [Label("a", "x"), Label("b", "y"), Label("c", "z"), Label("d", None), Label("e", "x"), Label("f", "x")]
    questionnaire = as_questionnaire(labels, "set")
    six = [(f"e{i}", 0.1) for i in range(5)]
    results = (
        result_for(questionnaire, 0, "review", ("x", 0.6), ("y", 0.3)),  # one accept
        result_for(questionnaire, 1, "review", ("x", 0.6), ("y", 0.3)),  # candidate 2
        result_for(questionnaire, 2, "review", *six, ("z", 0.05)),  # listed 6th: not offered by number
        result_for(questionnaire, 3, "review", ("x", 0.4)),  # nothing to accept: reject
        result_for(questionnaire, 4, "none", ("w", 0.1)),  # answerable, left with no answer
        result_for(questionnaire, 5, "auto", ("x", 0.95)),  # not reviewed at all
    )
    review = measure(labels, Response(questionnaire, results, "v1", "m")).review
    assert (review.questions, review.answerable, review.unanswerable, review.missed) == (4, 3, 1, 1)
    assert review.first_right == pytest.approx(1 / 3)
    assert review.listed_right == pytest.approx(2 / 3)


def test_operating_points_trade_coverage_for_precision_and_the_choice_keeps_98_percent_right() -> None:
    labels = [Label(f"q{i}", "x") for i in range(4)] + [Label("n", None)]
    questionnaire = as_questionnaire(labels, "set")
    confidences = [0.95, 0.9, 0.8, 0.6, 0.85]  # the unanswerable one sits between 0.9 and 0.8
    results = tuple(result_for(questionnaire, i, "review", ("x", c)) for i, c in enumerate(confidences))
    points = operating_points(labels, Response(questionnaire, results, "v1", "m"))
    assert [(p.confidence, p.auto, p.right, p.unanswerable_auto) for p in points] == [
        (0.95, 1, 1, 0),
        (0.9, 2, 2, 0),
        (0.85, 3, 2, 1),
        (0.8, 4, 3, 1),
        (0.6, 5, 4, 1),
    ]
    # counted with one wrong answer more: 2 of 2 is (2 + 1) / (2 + 2) = 75%, 4 of 5 is 5 / 7 = 71%
    assert choose_operating_point(points, target=0.72) == points[1]
    assert choose_operating_point(points, target=0.7) == points[4]
    assert choose_operating_point([OperatingPoint(0.9, 1, 0, 0.0, 0.0, 1)]) is None


def test_the_chosen_point_absorbs_one_wrong_answer_more_than_the_set_shows() -> None:
    def point(confidence: float, auto: int, right: int) -> OperatingPoint:
        return OperatingPoint(confidence, auto, right, right / auto, right / 150, 0)

    points = [point(0.9, 60, 60), point(0.8, 100, 99), point(0.7, 120, 118)]
    # 118 of 120 is 98.3% right, but (118 + 1) / (120 + 2) is not 98%: the point stays at 99 of 100
    assert choose_operating_point(points) == points[1]
    # 40 right and none wrong cannot show 98%: (40 + 1) / (40 + 2) is 97.6%
    assert choose_operating_point([point(0.9, 40, 40)]) is None


def test_evaluate_matches_the_labels_as_a_pool_and_lists_five_candidates(library_dir: Path, labels_file: Path, tmp_path: Path) -> None:
    figures = evaluate(load_labels(labels_file), AnswerLibrary.load(library_dir), **options(tmp_path))
    assert figures.questions == 4 and figures.top1 == 1.0 and figures.recall_at_5 == 1.0
    assert figures.calibration.startswith("built-in conservative defaults")
    assert json.loads(json.dumps(figures.to_dict()))["answerable"] == 3


# --- calibrating a library from a labelled set ---------------------------------------------------------


def test_calibrate_writes_the_operating_point_into_settings_yaml_keeping_its_comments(
    library_dir: Path, labels_file: Path, tmp_path: Path
) -> None:
    (library_dir / "settings.yaml").write_text(
        "# Matching settings for our library (owner: rfp-team)\nmatching:\n  top_k: 7  # reviewers like seven\n",
        encoding="utf-8",
    )
    # four questions cannot show 98% with the margin: calibrate them for 75%
    result = calibrate(labels_file, AnswerLibrary.load(library_dir), target=0.75, **options(tmp_path))
    assert result.chosen is not None and result.chosen.precision >= 0.98
    assert result.settings_file == library_dir / "settings.yaml"
    text = (library_dir / "settings.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Matching settings for our library (owner: rfp-team)\n")
    assert "top_k: 7  # reviewers like seven" in text
    written = yaml.safe_load(text)["matching"]
    assert written["auto_confidence"] == result.chosen.confidence
    assert written["calibration"]["labels"] == "labels.yaml" and written["calibration"]["questions"] == 4

    library = AnswerLibrary.load(library_dir)  # the written file is a valid library settings file
    figures = evaluate(load_labels(labels_file), library, **options(tmp_path))
    assert figures.calibration.startswith("labelled set labels.yaml (4 questions)")
    assert figures.auto_precision >= 0.98 and figures.auto == result.chosen.auto


def test_calibrate_reads_several_labelled_files_as_one_set_and_names_them_all(
    library_dir: Path, labels_file: Path, tmp_path: Path
) -> None:
    more = tmp_path / "more.yaml"
    more.write_text(labels_file.read_text(encoding="utf-8"), encoding="utf-8")
    result = calibrate([labels_file, more], AnswerLibrary.load(library_dir), target=0.75, **options(tmp_path))
    assert result.questions == 8 and result.labels == f"{labels_file} + {more}"
    written = yaml.safe_load((library_dir / "settings.yaml").read_text(encoding="utf-8"))["matching"]
    assert written["calibration"]["labels"] == "labels.yaml + more.yaml" and written["calibration"]["questions"] == 8
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("- text: Do you offer SSO?\n  expected: sso\n", encoding="utf-8")
    with pytest.raises(InputError, match="entries the library does not have: sso") as raised:
        calibrate([labels_file, unknown], AnswerLibrary.load(library_dir), **options(tmp_path))
    assert raised.value.path == str(unknown)


def test_calibrate_writes_nothing_when_no_point_keeps_98_percent_right(
    library_dir: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        yaml.safe_dump([{"text": "Do you back up customer data daily to a second region?", "expected": "mfa"}]),
        encoding="utf-8",
    )
    result = calibrate(wrong, AnswerLibrary.load(library_dir), **options(tmp_path))
    assert result.chosen is None and result.settings_file is None
    assert not (library_dir / "settings.yaml").exists()


@pytest.fixture
def second_library(tmp_path: Path) -> Path:
    """A copy of the second library without its settings.yaml, so calibrating it writes into the copy."""
    folder = tmp_path / "second"
    shutil.copytree(DATA / "second_library", folder)
    (folder / "settings.yaml").unlink()
    return folder


DEV = DATA / "second_labels_dev.yaml"


def test_calibrate_with_refit_stores_the_refitted_model_and_matching_uses_it(second_library: Path, tmp_path: Path) -> None:
    library = AnswerLibrary.load(second_library)
    result = calibrate(DEV, library, target=0.9, refit=True, **options(tmp_path))
    assert result.refitted and result.chosen is not None
    record = yaml.safe_load((second_library / "settings.yaml").read_text(encoding="utf-8"))["matching"]["calibration"]
    assert record["model"] == "hashing-256" and record["confidence_model"]["features"] == list(FEATURES)
    assert record["cross_validated_precision"] == round(result.cross_validation.precision, 4)

    calibrated = AnswerLibrary.load(second_library)
    labels = load_labels(DEV)
    response = run(labels, calibrated, **options(tmp_path))
    assert "confidence model fitted on the labelled set second_labels_dev.yaml (refitted" in response.calibration
    refitted = ConfidenceModel.from_dict(record["confidence_model"])
    best = best_candidates(as_questionnaire(labels, "dev"), calibrated, **options(tmp_path))
    expected = capped_confidence(refitted, best.features, best.conflicting)
    got = [result.best.confidence if result.best else 0.0 for result in response.results]
    assert np.allclose(got, np.where([found is not None for found in best.entry_ids], expected, 0.0), atol=1e-6)
    assert [result.best.entry_id if result.best else None for result in response.results] == list(best.entry_ids)


def test_a_refitted_model_recorded_for_another_embedding_model_is_not_used(second_library: Path, tmp_path: Path) -> None:
    calibrate(DEV, AnswerLibrary.load(second_library), target=0.9, refit=True, **options(tmp_path))
    path = second_library / "settings.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["matching"]["calibration"]["model"] = "all-MiniLM-L6-v2"
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    response = run(load_labels(DEV)[:5], AnswerLibrary.load(second_library), **options(tmp_path))
    assert "refitted" not in response.calibration and "pseudo-questions" in response.calibration


def test_calibrate_keeps_the_library_model_by_default_and_reports_a_cross_validation(second_library: Path, tmp_path: Path) -> None:
    result = calibrate(DEV, AnswerLibrary.load(second_library), target=0.9, **options(tmp_path))
    assert not result.refitted and result.chosen is not None
    validation = result.cross_validation
    assert validation is not None and validation.folds == 5
    assert validation.right <= validation.auto <= result.questions
    assert validation.precision == (validation.right / validation.auto if validation.auto else 1.0)
    record = yaml.safe_load((second_library / "settings.yaml").read_text(encoding="utf-8"))["matching"]["calibration"]
    assert "confidence_model" not in record
    assert json.loads(json.dumps(result.to_dict()))["cross_validation"]["folds"] == 5


def test_a_set_too_small_to_refit_on_keeps_the_library_model(library_dir: Path, labels_file: Path, tmp_path: Path) -> None:
    assert refit_on_labels(np.zeros((4, len(FEATURES))), np.array([1, 1, 1, 0])) is None
    result = calibrate(labels_file, AnswerLibrary.load(library_dir), target=0.75, refit=True, **options(tmp_path))
    assert not result.refitted and result.chosen is not None
    assert "confidence_model" not in yaml.safe_load((library_dir / "settings.yaml").read_text())["matching"]["calibration"]


def test_settings_file_update_creates_the_file_and_refuses_one_that_is_not_a_mapping(tmp_path: Path) -> None:
    update_matching_settings(tmp_path, {"auto_confidence": 0.8})
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text()) == {"matching": {"auto_confidence": 0.8}}
    (tmp_path / "settings.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="settings.yaml must be a mapping"):
        update_matching_settings(tmp_path, {"auto_confidence": 0.8})
    assert issubclass(LibraryError, RfpAssistantError)


# --- the commands, through the real entry point and the real model ----------------------------------------


def cli(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RFP_ASSISTANT_CACHE": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "rfp_assistant", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=900
    )


@pytest.mark.model
def test_eval_command_prints_the_figures_and_json_on_request(library_dir: Path, labels_file: Path, tmp_path: Path) -> None:
    done = cli("eval", str(labels_file), "-l", str(library_dir), "--json", cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["questions"] == 4 and figures["top1"] == 1.0 and figures["model"] == "all-MiniLM-L6-v2"
    assert set(figures) >= {"recall_at_5", "mrr", "auto_precision", "auto_coverage", "unanswerable_left_alone"}
    table = cli("eval", str(labels_file), "-l", str(library_dir), cache=tmp_path / "cache")
    assert table.returncode == 0 and "top-1 accuracy           100.0%" in table.stdout
    assert set(figures["review"]) == {"questions", "answerable", "first_right", "listed_right", "unanswerable", "missed"}
    assert figures["review"]["questions"] == figures["counts"].get("review", 0)
    assert "left for review" in table.stdout
    both = cli("eval", str(labels_file), str(labels_file), "-l", str(library_dir), "--json", cache=tmp_path / "cache")
    assert both.returncode == 0 and json.loads(both.stdout)["questions"] == 8


@pytest.mark.model
def test_calibrate_command_prints_the_trade_off_and_writes_nothing_from_a_set_too_small(
    library_dir: Path, labels_file: Path, tmp_path: Path
) -> None:
    done = cli("calibrate", str(labels_file), "-l", str(library_dir), cache=tmp_path / "cache")
    assert done.returncode == 1 and "precision" in done.stdout and "100.0%" in done.stdout
    assert "takes 48 right answers" in done.stderr and "Wrote" not in done.stderr
    assert not (library_dir / "settings.yaml").exists()


@pytest.mark.model
def test_eval_with_unknown_entries_in_the_labels_exits_2_with_one_line(library_dir: Path, tmp_path: Path) -> None:
    labels = tmp_path / "unknown.yaml"
    labels.write_text("- text: Do you offer SSO?\n  expected: sso\n", encoding="utf-8")
    done = cli("eval", str(labels), "-l", str(library_dir), cache=tmp_path / "cache")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "entries the library does not have: sso" in done.stderr


@pytest.mark.model
def test_library_tune_writes_a_model_that_match_can_use(library_dir: Path, tmp_path: Path) -> None:
    shutil.copy(DATA / "caiq_library" / "plan.yaml", library_dir / "plan.yaml")
    out = tmp_path / "tuned"
    done = cli("library", "tune", str(library_dir), "-o", str(out), "--json", cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pairs"] == 3 and (out / "config.json").exists()
    again = cli("library", "tune", str(library_dir), "-o", str(out), cache=tmp_path / "cache")
    assert again.returncode == 2 and "exists; use --force" in again.stderr
    labels = tmp_path / "one.yaml"
    labels.write_text(yaml.safe_dump(LABELS[:1]), encoding="utf-8")
    used = cli("eval", str(labels), "-l", str(library_dir), "--model", str(out), "--json", cache=tmp_path / "cache")
    assert used.returncode == 0, used.stderr
    assert json.loads(used.stdout)["model"].startswith(str(out) + "@")
