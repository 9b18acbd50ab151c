"""The review loop measured end to end: fill, decide as the labels read, fill --review, learn, match.

Usage: python benchmarks/review_loop.py [--as-of 2027-01-15]

Runs the three-step recipe of the README through the command line with the real model on
the Harbor Point sample, in a temporary copy of the bundled library (the library in the
repository is never edited). The person's decisions are the held-out labels
(``tests/data/sample_labels.yaml``): a review row whose labelled entry is the suggestion is
accepted, one whose labelled entry is another candidate gets that candidate's number, one
labelled unanswerable is blanked. Prints the counts before and after, how many accepted or
chosen questions are automatic on the second match, and why the others are not.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfp_assistant.decisions import REVIEW_SHEET  # noqa: E402
from rfp_assistant.parse.review import read_review  # noqa: E402

SAMPLE = ROOT / "samples" / "harbor_point_medical_rfp.xlsx"
ACCOUNT = ROOT / "samples" / "harbor_point_account.yaml"
LABELS = ROOT / "tests" / "data" / "sample_labels.yaml"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """One rfp-assistant command in a fresh process, as a user runs it; stops on failure."""
    done = subprocess.run(
        [sys.executable, "-m", "rfp_assistant", *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode not in (0, 1):
        sys.exit(f"rfp-assistant {' '.join(args)} failed:\n{done.stderr}")
    return done


def decide(report: Path, out: Path) -> dict[str, str]:
    """Type the labels' decisions into the review workbook; returns question id -> chosen entry."""
    labels = {
        item["number"]: item["expected"]
        for item in yaml.safe_load(LABELS.read_text(encoding="utf-8"))
        if item["file"] == SAMPLE.name
    }
    decisions: dict[str, object] = {}
    chosen: dict[str, str] = {}
    for row in read_review(report).questions:
        if row.decision != "review":
            continue
        want, ids = labels.get(row.number), [m.entry_id for m in row.candidates]
        if want is None:
            decisions[row.question_id] = "blank"
        elif want in ids:
            rank = ids.index(want) + 1
            decisions[row.question_id] = "accept" if rank == 1 else rank
            chosen[row.question_id] = want
    workbook = openpyxl.load_workbook(report)
    sheet = workbook[next(n for n in workbook.sheetnames if n.startswith(REVIEW_SHEET))]
    action = [c.value for c in sheet[1]].index("Action") + 1
    for r in range(2, sheet.max_row + 1):
        qid = sheet.cell(r, 1).value
        if qid in decisions:
            sheet.cell(r, action).value = decisions[qid]
    workbook.save(out)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default="2027-01-15", help="the as-of date of every step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "RFP_ASSISTANT_CACHE": str(folder / "cache"), "PYTHONPATH": str(ROOT)}
        library = shutil.copytree(ROOT / "answer_library", folder / "library")
        common = ["-l", str(library), "-a", str(ACCOUNT), "--as-of", args.as_of]
        first = run("fill", str(SAMPLE), *common, "-o", str(folder / "answered.xlsx"), "--json", env=env)
        before = json.loads(first.stdout)["counts"]
        chosen = decide(Path(json.loads(first.stdout)["report"]), folder / "reviewed.xlsx")
        final = run(
            "fill", str(SAMPLE), *common, "--review", str(folder / "reviewed.xlsx"),
            "-o", str(folder / "final.xlsx"), env=env,
        )  # fmt: skip
        learnt = run("library", "learn", str(folder / "reviewed.xlsx"), "-l", str(library), "--json", env=env)
        again = run("match", str(SAMPLE), *common, "--json", env=env)
    matched = {q["id"]: q for q in json.loads(again.stdout)["questions"]}
    after = collections.Counter(q["decision"] for q in matched.values())
    held = collections.Counter()
    ranked_first = 0
    for qid, entry in chosen.items():
        ranked_first += matched[qid]["matches"][0]["entry_id"] == entry
        if matched[qid]["decision"] != "auto":
            reason = re.sub(r"\d[\d,.]*", "N", matched[qid]["reason"] or "no reason")
            held[reason[:90]] += 1
    print(f"as of {args.as_of}")
    print(f"first fill:  auto {before['auto']}, review {before['review']}, none {before['none']}")
    print(f"fill --review: {final.stdout.splitlines()[0]}")
    print(f"learn: {len(json.loads(learnt.stdout)['added'])} alternates added")
    print(f"match again: auto {after['auto']}, review {after['review']}, none {after['none']}")
    auto = sum(matched[q]["decision"] == "auto" for q in chosen)
    print(f"accepted or chosen: {len(chosen)}; ranked first again {ranked_first}; automatic {auto}")
    for reason, count in held.most_common():
        print(f"  {count:3d}  {reason}")


if __name__ == "__main__":
    main()
