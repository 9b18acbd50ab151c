"""Calibrate the matcher's weights and thresholds on the labelled question set.

Usage: python benchmarks/calibrate.py [--library answer_library] [--labels tests/data/match_labels.yaml]

Encodes the labelled questions and the library once with the real model, then for a
grid of semantic weights reports top-1/top-3 accuracy and, for each weight, the
thresholds that maximise correct automatic answers while keeping wrong automatic
answers (a wrong entry, or an answer to a question the library does not cover) at or
below 2% of the set. Prints a table; the chosen values go in rfp_assistant/settings.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.embed import EmbeddingCache, SentenceTransformerEmbedder  # noqa: E402
from rfp_assistant.library import AnswerLibrary  # noqa: E402
from rfp_assistant.match.engine import similarities  # noqa: E402
from rfp_assistant.match.rank import Phrasings, rank  # noqa: E402
from rfp_assistant.settings import MatchSettings  # noqa: E402

MAX_WRONG_AUTO = 0.02


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=str(ROOT / "answer_library"))
    parser.add_argument("--labels", default=str(ROOT / "tests" / "data" / "match_labels.yaml"))
    args = parser.parse_args()

    library = AnswerLibrary.load(args.library)
    labels = yaml.safe_load(Path(args.labels).read_text(encoding="utf-8"))
    questions = [item["question"] for item in labels]
    expected = [item["expected"] for item in labels]
    phrasings = Phrasings.of(library.usable())
    embedder = SentenceTransformerEmbedder()
    semantic, lexical = similarities(questions, phrasings, embedder, EmbeddingCache(), library.glossary)

    print(
        f"{len(questions)} labelled questions ({sum(e is None for e in expected)} with no answer in the library)"
    )
    print("weight  top1   top3   auto_thr review_thr margin  auto_ok  auto_wrong  review  none_ok")
    for weight in np.arange(0.5, 1.01, 0.05):
        settings = MatchSettings(
            semantic_weight=round(float(weight), 2), auto_threshold=1.0, review_threshold=0.0, top_k=3
        )
        ranked = rank(semantic, lexical, phrasings, settings)
        positives = [(e, m) for e, m in zip(expected, ranked, strict=True) if e]
        top1 = sum(m[0].entry_id == e for e, m in positives) / len(positives)
        top3 = sum(e in [x.entry_id for x in m] for e, m in positives) / len(positives)
        best = None
        for auto in np.arange(0.40, 0.90, 0.01):
            for margin in (0.0, 0.01, 0.02, 0.03, 0.05):
                ok = wrong = 0
                for e, m in zip(expected, ranked, strict=True):
                    gap = m[0].score - m[1].score
                    if m[0].score >= auto and gap >= margin:
                        if m[0].entry_id == e:
                            ok += 1
                        else:
                            wrong += 1
                if wrong <= MAX_WRONG_AUTO * len(expected) and (best is None or ok > best[0]):
                    best = (ok, wrong, round(float(auto), 2), margin)
        assert best is not None
        ok, wrong, auto, margin = best
        # The review threshold: the highest that still sends nearly every positive to review or auto.
        tops = sorted(m[0].score for e, m in zip(expected, ranked, strict=True) if e and m[0].entry_id == e)
        review = round(float(tops[max(0, int(len(tops) * 0.02) - 1)]) - 0.01, 2)
        none_ok = sum(1 for e, m in zip(expected, ranked, strict=True) if not e and m[0].score < review)
        in_review = sum(1 for e, m in zip(expected, ranked, strict=True) if review <= m[0].score < auto)
        print(
            f"{weight:5.2f}  {top1:.3f}  {top3:.3f}  {auto:7.2f}  {review:9.2f}  {margin:5.2f}  "
            f"{ok:7d}  {wrong:9d}  {in_review:6d}  {none_ok:7d}"
        )


if __name__ == "__main__":
    main()
