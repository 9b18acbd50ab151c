"""Time and memory of parse, match and fill on a 500-question workbook.

Usage: python benchmarks/bench.py [--questions 500] [--repeat 3]

Builds a realistic questionnaire (sections, Yes/No dropdowns, response and explanation
columns) from the labelled paraphrases and the sample RFP, then runs each stage in a
fresh Python process, so that every figure includes imports and model loading as a
user would see them, and reports wall seconds (best of --repeat) and peak resident
memory (from the child's rusage). "match (warm)" reuses the on-disk library
embedding cache; "match (cold)" starts with an empty one.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_workbook(path: Path, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from rfp_assistant import parse

    labels = yaml.safe_load((ROOT / "tests" / "data" / "match_labels.yaml").read_text(encoding="utf-8"))
    texts = [item["question"] for item in labels]
    texts += [q.text for q in parse(ROOT / "samples" / "harbor_point_medical_rfp.xlsx").questions]
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Questionnaire"
    ws.append(["Benchmark RFP"])
    ws.append([])
    ws.append(["No.", "Question", "Response", "Explanation / Comments"])
    for col, width in zip("ABCD", (8, 70, 14, 60), strict=True):
        ws.column_dimensions[col].width = width
    dropdown = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    ws.add_data_validation(dropdown)
    section, number = 0, 0
    for i in range(count):
        if i % 25 == 0:
            section, number = section + 1, 0
            ws.append([f"{section}. Section {section}"])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            ws.cell(ws.max_row, 1).fill = PatternFill("solid", fgColor="DDEBF7")
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        number += 1
        text = texts[i % len(texts)]
        if i >= len(texts):
            text = f"{text} (Round {i // len(texts) + 1})"
        ws.append([f"{section}.{number}", text, None, None])
        if text.split()[0].lower() in ("do", "does", "is", "are", "can", "will", "have", "has"):
            dropdown.add(f"C{ws.max_row}")
    workbook.save(path)


def run_stage(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Run ``code`` in a fresh interpreter; return (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"stage failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rfp = folder / "bench.xlsx"
        build_workbook(rfp, args.questions)
        cache = folder / "cache"
        env = {**os.environ, "RFP_ASSISTANT_CACHE": str(cache)}
        library = ROOT / "answer_library"
        stages = {
            "parse": f"from rfp_assistant import parse; parse({str(rfp)!r})",
            "match (cold cache)": f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)\n"
            f"from rfp_assistant import parse, match, AnswerLibrary\n"
            f"match(parse({str(rfp)!r}), AnswerLibrary.load({str(library)!r}))",
            "match (warm cache)": f"from rfp_assistant import parse, match, AnswerLibrary\n"
            f"match(parse({str(rfp)!r}), AnswerLibrary.load({str(library)!r}))",
            "fill (parse+match+write)": f"from rfp_assistant import fill\n"
            f"fill({str(rfp)!r}, {str(library)!r}, {str(folder / 'out.xlsx')!r}, force=True)",
        }
        from rfp_assistant import parse

        found = len(parse(rfp).questions)
        print(
            f"{args.questions}-question workbook ({found} found by the parser); {_cpu()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, best of {args.repeat}"
        )
        print(f"{'stage':28} {'seconds':>8} {'peak MiB':>9}")
        for name, code in stages.items():
            runs = [run_stage(code, env) for _ in range(args.repeat)]
            seconds = min(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            print(f"{name:28} {seconds:8.2f} {memory:9.0f}")


if __name__ == "__main__":
    main()
