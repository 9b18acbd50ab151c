"""What learning from reviews does for new questions (the README's "Learning from reviews" figures).

Usage:
  python benchmarks/learning.py            # learn the dev split, measure batches three to five

A simulation of ``library learn``: every answerable question of the second library's dev
split is taken as accepted for its labelled entry, and its wording (outline number dropped)
is added to that entry's alternates, as ``learn`` adds them (skipping, as it does, a wording
the entry's short answer would not fit), in a copy of the library. The
copy keeps its own calibration (no labelled point). Batches three to five, which nobody
tuned the scoring on, are then measured against the library before and after, with the same figures
``eval`` and ``calibrate --dry-run`` print. The frozen test splits are not used.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.evaluation import (  # noqa: E402
    Evaluation,
    OperatingPoint,
    load_label_sets,
    measure,
    operating_points,
    run,
)
from rfp_assistant.library import AnswerLibrary  # noqa: E402
from rfp_assistant.library.learn import new_short_answer_misfit  # noqa: E402
from rfp_assistant.library.yaml_edit import add_alternates  # noqa: E402
from rfp_assistant.text import one_line, strip_outline_number  # noqa: E402

DATA = ROOT / "tests" / "data"
LIBRARY = DATA / "second_library"
LEARNT_FROM = DATA / "second_labels_dev.yaml"
MEASURED_ON = tuple(DATA / f"second_labels_calibration{n}.yaml" for n in ("", "2", "3"))
WRONG_ANSWERS_SHOWN = 6


def learnt_copy(folder: Path) -> int:
    """Copy the library into ``folder`` with the dev split's wordings added; the number added."""
    shutil.copytree(LIBRARY, folder)
    (folder / "settings.yaml").write_text("matching: {}\n", encoding="utf-8")
    library = AnswerLibrary.load(folder)
    labels, _ = load_label_sets([LEARNT_FROM], library)
    entries = {entry.id: entry for entry in library.entries}
    known = {phrasing.lower() for entry in library.entries for phrasing in entry.phrasings}
    additions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for label in labels:
        wording = strip_outline_number(one_line(label.text))
        if not label.expected or wording.lower() in known:
            continue
        entry = entries[label.expected]
        if new_short_answer_misfit(entry, wording):
            continue  # learn skips it: the short answer would not fit the wording's kind
        known.add(wording.lower())
        entries[label.expected] = replace(entry, alternates=(*entry.alternates, wording))
        additions[entry.source][label.expected].append(wording)
    for file, wordings in additions.items():
        path = Path(file)
        path.write_text(add_alternates(path.read_text(encoding="utf-8"), wordings), encoding="utf-8")
    return sum(len(w) for by_entry in additions.values() for w in by_entry.values())


def report(name: str, figures: Evaluation, points: list[OperatingPoint]) -> None:
    print(
        f"{name}: top-1 {figures.top1:.1%}, recall@5 {figures.recall_at_5:.1%}, MRR {figures.mrr:.3f}; "
        f"automatic {figures.auto}, {figures.auto_right} right ({figures.calibration})"
    )
    shown = -1
    for point in sorted(points, key=lambda p: p.auto):
        wrong = point.auto - point.right
        if wrong > shown:
            print(
                f"  surest {point.auto:>3} hold {wrong} wrong: precision {point.precision:.1%}, "
                f"coverage {point.coverage:.1%} (confidence {point.confidence:.3f})"
            )
            shown = wrong
        if wrong >= WRONG_ANSWERS_SHOWN:
            break


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        learnt = Path(scratch) / "second_library"
        added = learnt_copy(learnt)
        print(f"learnt {added} wordings from {LEARNT_FROM.name}; measured on {' + '.join(p.name for p in MEASURED_ON)}")
        for name, folder in (("as shipped", LIBRARY), ("after learning", learnt)):
            library = AnswerLibrary.load(folder)
            labels, _ = load_label_sets(MEASURED_ON, library)
            response = run(labels, library)
            report(name, measure(labels, response), operating_points(labels, response))


if __name__ == "__main__":
    main()
