"""Time parsing the Word questionnaires: the sample and the real ones when present.

Usage: python benchmarks/bench_docx.py [--repeat 5]

For each document, reports the best of --repeat in-process parses (the parser's own work:
unzip, XML, numbering, questions) and one parse in a fresh Python process (what a user
waits for with ``rfp-assistant parse``, imports included), plus the counts found.
The Charnwood ITT (1,908 paragraphs, 32 text boxes) must parse in under 2 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REAL_RFPS = ROOT.parent / "shared" / "real-rfps"
DOCUMENTS = [
    ROOT / "samples" / "cobalt_bay_medical_rfp.docx",
    REAL_RFPS / "british_council_supplier_response.docx",
    REAL_RFPS / "charnwood_itt_services.docx",
    REAL_RFPS / "gcloud15_quality_questionnaire.docx",
]


def in_process(path: Path, repeat: int) -> tuple[float, int, int]:
    from rfp_assistant import parse

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        questionnaire = parse(path)
        best = min(best, time.perf_counter() - start)
    return best, len(questionnaire.questions), len(questionnaire.fields)


def fresh_process(path: Path) -> float:
    code = f"from rfp_assistant import parse; parse({str(path)!r})"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'document':<40} {'paragraphs':>10} {'parse s':>8} {'process s':>9} {'questions':>9} {'fields':>6}")
    for path in DOCUMENTS:
        if not path.exists():
            print(f"{path.name:<40} (absent)")
            continue
        from rfp_assistant.ooxml.docx import read_package
        from rfp_assistant.parse.docx_blocks import iter_paras, read_blocks

        paragraphs = sum(1 for _ in iter_paras(read_blocks(read_package(path))))
        seconds, questions, fields = in_process(path, args.repeat)
        print(
            f"{path.name:<40} {paragraphs:>10} {seconds:>8.2f} {fresh_process(path):>9.2f} {questions:>9} {fields:>6}"
        )


if __name__ == "__main__":
    main()
