"""What each part of the matcher adds, measured with the real model (the README's ablation table).

Usage:
  python benchmarks/calibrate.py                 # ablation on the second library's dev split
                                                 # and the bundled library's calibration set
  python benchmarks/calibrate.py --test          # ... plus the two frozen test splits (figures only)
  python benchmarks/calibrate.py --grid          # search the scoring weights on the dev split
  python benchmarks/calibrate.py --builtin       # refit the built-in confidence model and print it

Ranking is measured on the answerable questions (top-1, recall@5, MRR). Each row adds one
kind of evidence to the previous one; the weights are the settings' defaults (a part left
out has weight 0). The weights were chosen with ``--grid`` on the dev split only: the
frozen test split (tests/data/second_labels_test.yaml) is never searched, only reported.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.embed import EmbeddingCache, SentenceTransformerEmbedder  # noqa: E402
from rfp_assistant.evaluation import load_labels  # noqa: E402
from rfp_assistant.library import AnswerLibrary  # noqa: E402
from rfp_assistant.match.applicability import applicable  # noqa: E402
from rfp_assistant.match.calibration import self_calibrate  # noqa: E402
from rfp_assistant.match.rank import masked_scores  # noqa: E402
from rfp_assistant.match.signals import LibraryTexts, Signals, signals  # noqa: E402
from rfp_assistant.settings import MatchSettings  # noqa: E402
from rfp_assistant.text import one_line  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {
    "second library, dev": (DATA / "second_library", DATA / "second_labels_dev.yaml"),
    "bundled library, calibration set": (ROOT / "answer_library", DATA / "match_labels.yaml"),
}
TEST_SET = {
    "second library, frozen test": (DATA / "second_library", DATA / "second_labels_test.yaml"),
    "second library, second frozen test": (DATA / "second_library", DATA / "second_labels_test2.yaml"),
}
DEPTH = 5
NO_EVIDENCE = {
    "semantic_weight": 0.0,
    "answer_weight": 0.0,
    "lexical_weight": 0.0,
    "answer_lexical_weight": 0.0,
    "coverage_penalty": 0.0,
}
FULL = MatchSettings()
ROWS = (
    ("embedding only (cosine to question/alternates)", {**NO_EVIDENCE, "semantic_weight": 1.0}),
    ("lexical only (TF-IDF to question/alternates)", {**NO_EVIDENCE, "lexical_weight": 1.0}),
    ("main's blend (0.8 cosine + 0.2 TF-IDF), new TF-IDF", {**NO_EVIDENCE, "semantic_weight": 0.8, "lexical_weight": 0.2}),
)


def ablation_rows() -> list[tuple[str, MatchSettings]]:
    """The table's rows: the two baselines, main's blend, then each part of ours added in turn."""
    base = replace(FULL, **NO_EVIDENCE)
    ours = [
        ("our weights: cosine + TF-IDF to the phrasings", ("semantic_weight", "lexical_weight")),
        ("+ cosine to the answer text", ("semantic_weight", "lexical_weight", "answer_weight")),
        ("+ TF-IDF to the answer text", ("semantic_weight", "lexical_weight", "answer_weight", "answer_lexical_weight")),
        (
            "+ penalty for uncovered distinctive words (all)",
            ("semantic_weight", "lexical_weight", "answer_weight", "answer_lexical_weight", "coverage_penalty"),
        ),
    ]
    rows = [(label, replace(base, **weights)) for label, weights in ROWS]
    for label, names in ours:
        rows.append((label, replace(base, **{name: getattr(FULL, name) for name in names})))
    return rows


class Measured:
    """The evidence for one labelled set, computed once, re-weighted per row."""

    def __init__(self, library_dir: Path, labels_path: Path, cache: EmbeddingCache) -> None:
        self.library = AnswerLibrary.load(library_dir)
        labels = load_labels(labels_path)
        self.texts = [one_line(label.text) for label in labels]
        self.expected = [label.expected for label in labels]
        entries = self.library.usable()
        self.ids = [entry.id for entry in entries]
        embedder = SentenceTransformerEmbedder()
        self.library_texts = LibraryTexts.build(entries, self.library.plan, embedder, cache)
        self.signals: Signals = signals(self.texts, self.library_texts, self.library.glossary, embedder, FULL)
        self.allowed = applicable(entries, self.texts, products=None, funding=None)

    def ranking(self, settings: MatchSettings) -> tuple[float, float, float]:
        """top-1, recall@5 and MRR over the answerable questions."""
        scores = masked_scores(self.signals, settings, self.allowed)
        order = np.argsort(-scores, axis=1, kind="stable")
        ranks = [
            int(np.flatnonzero(order[row] == self.ids.index(expected))[0])
            for row, expected in enumerate(self.expected)
            if expected
        ]
        ranks_array = np.asarray(ranks)
        return (
            float(np.mean(ranks_array == 0)),
            float(np.mean(ranks_array < DEPTH)),
            float(np.mean(1.0 / (ranks_array + 1))),
        )


def print_ablation(measured: dict[str, Measured]) -> None:
    names = list(measured)
    print("| scoring | " + " | ".join(f"{n}: top-1 / recall@5 / MRR" for n in names) + " |")
    print("| --- |" + " --- |" * len(names))
    for label, settings in ablation_rows():
        cells = []
        for name in names:
            top1, recall, mrr = measured[name].ranking(settings)
            cells.append(f"{100 * top1:.1f}% / {100 * recall:.1f}% / {mrr:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def grid(measured: Measured, others: dict[str, Measured]) -> None:
    """Rank weight combinations by dev MRR (the others' figures printed alongside, never used)."""
    results = []
    for sem, ans, lex, anslex, cov in itertools.product(
        (0.1, 0.2, 0.25, 0.3, 0.4, 0.5), (0.0, 0.1, 0.2, 0.3), (0.0, 0.1, 0.2), (0.0, 0.1, 0.2, 0.25, 0.3), (0.0, 0.2, 0.3, 0.4, 0.5)
    ):
        settings = replace(
            FULL, semantic_weight=sem, answer_weight=ans, lexical_weight=lex, answer_lexical_weight=anslex, coverage_penalty=cov
        )
        top1, recall, mrr = measured.ranking(settings)
        results.append((mrr, top1, recall, (sem, ans, lex, anslex, cov), settings))
    results.sort(key=lambda r: (-r[0], -r[1]))
    print("dev MRR  top-1  recall@5  (cosine, answer cosine, TF-IDF, answer TF-IDF, coverage penalty)  others' top-1")
    for mrr, top1, recall, weights, settings in results[:15]:
        extra = "  ".join(f"{100 * m.ranking(settings)[0]:.1f}%" for m in others.values())
        print(f"{mrr:.3f}  {100 * top1:.1f}%  {100 * recall:.1f}%  {weights}  {extra}")


def builtin(cache: EmbeddingCache) -> None:
    """Fit the confidence model on the bundled library's pseudo-questions and print it as code."""
    library = AnswerLibrary.load(ROOT / "answer_library")
    texts = LibraryTexts.build(library.usable(), library.plan, SentenceTransformerEmbedder(), cache)
    model = self_calibrate(texts, library.glossary, FULL).model

    def row(values: tuple[float, ...]) -> str:
        return "(" + ", ".join(f"{v:.4f}" for v in values) + ")"

    print(
        "BUILTIN_MODEL = ConfidenceModel(\n"
        f"    mean={row(model.mean)},\n    scale={row(model.scale)},\n    coef={row(model.coef)},\n"
        f"    intercept={model.intercept:.4f},\n    slope={model.slope:.4f},\n    shift={model.shift:.4f},\n)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also report the frozen test split")
    parser.add_argument("--grid", action="store_true", help="search the scoring weights on the dev split")
    parser.add_argument("--builtin", action="store_true", help="refit and print the built-in confidence model")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder")
    args = parser.parse_args()
    cache = EmbeddingCache(args.cache)
    if args.builtin:
        builtin(cache)
        return
    sets = {**SETS, **(TEST_SET if args.test else {})}
    measured = {name: Measured(library, labels, cache) for name, (library, labels) in sets.items()}
    if args.grid:
        dev = measured.pop("second library, dev")
        grid(dev, {k: v for k, v in measured.items() if "test" not in k})
        return
    print_ablation(measured)


if __name__ == "__main__":
    main()
