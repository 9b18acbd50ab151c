"""Pages per second of the PDF parser on a 50-page questionnaire.

Usage: python benchmarks/bench_pdf.py [--pages 50] [--repeat 3]

Builds the sample RFP (``samples/build_pdf_sample.py``, needs reportlab) with as many
copies of its questionnaire as it takes to reach ``--pages`` pages: cover, instructions,
terms, numbered questions, ruled tables, Yes/No boxes, running headers and footers and a
watermark on every page. The parse is timed in this process after a warm-up run (imports
are not the subject), best of ``--repeat``; the figure is pages divided by seconds.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

TARGET_PAGES_PER_SECOND = 5.0


def build(path: Path, pages: int) -> int:
    """Write a PDF of at least ``pages`` pages; return its page count."""
    from build_pdf_sample import CONTENT, build_rfp_pdf

    content = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    copies = 1
    while True:
        _, layout = build_rfp_pdf(path, content, copies=copies)
        if layout.total_pages >= pages:
            return layout.total_pages
        copies += max(1, (pages - layout.total_pages) // 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from rfp_assistant import parse

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "benchmark_rfp.pdf"
        pages = build(path, args.pages)
        parse(path)  # warm-up: imports, font caches
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            questionnaire = parse(path)
            times.append(time.perf_counter() - start)
    best = min(times)
    rate = pages / best
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{pages} pages, {len(questionnaire.questions)} questions, {len(questionnaire.fields)} fields")
    print(f"parse: best {best:.2f} s of {args.repeat} -> {rate:.1f} pages/second (target {TARGET_PAGES_PER_SECOND:g})")


if __name__ == "__main__":
    main()
