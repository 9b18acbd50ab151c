"""How many of the four samples' automatic answers are right? A table from their held-out labels.

Usage: python benchmarks/sample_quality.py [--model NAME] [--cache DIR] [--wrong]

Fills each sample RFP as ``make demo`` does (with its account profile, as of its release
date, real embedding model) into a temporary folder and scores the matched response against
the sample's held-out labels (``tests/data/*labels.yaml``: ``expected`` is the approved
entry a health plan would use, or null; a note opening ``also: <id>`` names a second
acceptable entry). Per sample it prints the questions, the answerable ones (labelled with an
entry), the decisions (auto, review, none), the wrong automatic answers (auto whose entry is
neither the label nor its ``also:``; an automatic answer to a question labelled null is
wrong), and top-1 / top-3: the share of answerable questions whose label is the first
candidate / among the first three, whatever the decision. ``--wrong`` lists each wrong
automatic answer (question, entry chosen, entry labelled).

``tests/test_sample_quality.py`` asserts on the same figures.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.embed import EmbeddingCache, SentenceTransformerEmbedder  # noqa: E402
from rfp_assistant.fill import fill  # noqa: E402
from rfp_assistant.models import Response  # noqa: E402

SAMPLES_DIR = ROOT / "samples"
LABELS_DIR = ROOT / "tests" / "data"
LIBRARY = ROOT / "answer_library"
TOP_K = 3
ALSO = re.compile(r"also: ([\w-]+)")  # at the start of a label's note


@dataclass(frozen=True)
class Sample:
    """One sample RFP with what it is filled with and the labels it is scored against."""

    name: str
    file: str
    account: str
    as_of: date  # the RFP's release date
    labels: str
    output_suffix: str  # a PDF is answered in a Word response document

    @property
    def path(self) -> Path:
        return SAMPLES_DIR / self.file


SAMPLES = (
    Sample("Harbor Point", "harbor_point_medical_rfp.xlsx", "harbor_point_account.yaml",
           date(2027, 1, 15), "sample_labels.yaml", ".xlsx"),
    Sample("Ashgrove", "ashgrove_health_medical_rfp.xlsx", "ashgrove_health_account.yaml",
           date(2027, 1, 8), "consultant_sample_labels.yaml", ".xlsx"),
    Sample("Cobalt Bay", "cobalt_bay_medical_rfp.docx", "cobalt_bay_account.yaml",
           date(2027, 1, 15), "docx_sample_labels.yaml", ".docx"),
    Sample("Granite Ridge", "granite_ridge_medical_rfp.pdf", "granite_ridge_account.yaml",
           date(2027, 2, 2), "pdf_sample_labels.yaml", ".docx"),
)  # fmt: skip


@dataclass(frozen=True)
class WrongAnswer:
    """An automatic answer from an entry the labels do not accept."""

    number: str
    chosen: str
    labelled: str | None


@dataclass(frozen=True)
class Quality:
    """A filled sample scored against its labels."""

    sample: str
    questions: int
    answerable: int
    auto: int
    review: int
    none: int
    wrong: tuple[WrongAnswer, ...]
    top1: int
    top3: int

    def row(self) -> list[str]:
        """The table row: counts, and top-1 / top-3 as shares of the answerable questions."""
        return [
            self.sample,
            str(self.questions),
            str(self.answerable),
            str(self.auto),
            str(len(self.wrong)),
            str(self.review),
            str(self.none),
            _percent(self.top1, self.answerable),
            _percent(self.top3, self.answerable),
        ]


HEADER = ["sample", "questions", "answerable", "auto", "wrong", "review", "none", "top-1", "top-3"]


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def load_labels(sample: Sample) -> dict[str, tuple[str | None, frozenset[str | None]]]:
    """Question number -> (labelled entry, entries accepted: the label and its ``also:``)."""
    items = yaml.safe_load((LABELS_DIR / sample.labels).read_text(encoding="utf-8"))
    labels = {}
    for item in items:
        if item["file"] != sample.file:
            continue  # sample_labels.yaml also labels the small no-header workbook
        also = ALSO.match(item.get("note") or "")
        accepted = {item["expected"], *([also.group(1)] if also else [])}
        labels[str(item["number"])] = (item["expected"], frozenset(accepted))
    return labels


def score(sample: Sample, response: Response, labels: Mapping[str, tuple[str | None, frozenset[str | None]]]) -> Quality:
    """Score ``response`` (the filled sample) against ``labels``; every question must be labelled."""
    unlabelled = [r.question.number for r in response.results if r.question.number not in labels]
    if unlabelled:
        raise ValueError(f"{sample.labels}: no label for {sample.file} question(s) {', '.join(map(str, unlabelled))}")
    counts = response.counts()
    wrong, top1, top3, answerable = [], 0, 0, 0
    for result in response.results:
        expected, accepted = labels[result.question.number]
        ranked = [m.entry_id for m in result.matches]
        if result.decision == "auto" and ranked[0] not in accepted:
            wrong.append(WrongAnswer(result.question.number, ranked[0], expected))
        if expected is None:
            continue
        answerable += 1
        top1 += bool(ranked) and ranked[0] in accepted
        top3 += any(entry in accepted for entry in ranked[:TOP_K])
    return Quality(
        sample.name,
        len(response.results),
        answerable,
        counts["auto"],
        counts["review"],
        counts["none"],
        tuple(wrong),
        top1,
        top3,
    )


def measure(sample: Sample, folder: Path, *, cache: EmbeddingCache | None = None, embedder=None) -> Quality:  # type: ignore[no-untyped-def]
    """Fill ``sample`` into ``folder`` as the demo does and score it against its labels."""
    result = fill(
        sample.path,
        LIBRARY,
        folder / f"{sample.path.stem}_answered{sample.output_suffix}",
        account=SAMPLES_DIR / sample.account,
        as_of=sample.as_of,
        cache=cache,
        embedder=embedder,
        usage_log=False,
        force=True,
    )
    return score(sample, result.response, load_labels(sample))


def table(rows: Sequence[Quality]) -> str:
    """A Markdown table of ``rows``."""
    lines = [HEADER, ["---"] * len(HEADER), *(q.row() for q in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="sentence-transformers model name or path (default: the bundled model)")
    parser.add_argument("--cache", type=Path, help="embedding cache folder (default: the project's)")
    parser.add_argument("--wrong", action="store_true", help="list every wrong automatic answer")
    args = parser.parse_args(argv)
    embedder = SentenceTransformerEmbedder(args.model) if args.model else None
    cache = EmbeddingCache(args.cache) if args.cache else EmbeddingCache()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(sample, Path(tmp), cache=cache, embedder=embedder) for sample in SAMPLES]
    print(table(rows))
    if args.wrong:
        for quality in rows:
            for w in quality.wrong:
                print(f"{quality.sample} {w.number}: chose {w.chosen}, labelled {w.labelled or 'null'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
