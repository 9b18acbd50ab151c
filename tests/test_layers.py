"""The package's layering, read from each module's imports (lazy ones inside functions included)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "rfp_assistant"
DOCUMENT_LIBRARIES = ("openpyxl", "docx", "pdfplumber", "matplotlib")
MAX_MODULE_LINES = 600


def modules(under: str = "") -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (``from x import y`` gives x and x.y)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        bad = sorted(n for n in imports(path) if any(n == f or n.startswith(f + ".") for f in forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_imports_are_read_from_the_source_including_lazy_ones() -> None:
    module = PACKAGE / "render" / "xlsx.py"
    assert "rfp_assistant.render.answer_spots" in imports(module)
    assert "rfp_assistant.render.sheet_graft" in imports(module)  # imported inside a function


def test_matching_imports_neither_parsers_nor_the_projection() -> None:
    assert offending(modules("match"), ("rfp_assistant.parse", "rfp_assistant.projection")) == {}


def test_renderers_import_neither_parsers_nor_the_matcher() -> None:
    assert offending(modules("render"), ("rfp_assistant.parse", "rfp_assistant.match")) == {}


def test_only_parsers_and_renderers_import_document_libraries() -> None:
    others = [p for p in modules() if p.relative_to(PACKAGE).parts[0] not in ("parse", "render")]
    assert offending(others, DOCUMENT_LIBRARIES) == {}


def test_only_the_embedding_module_imports_sentence_transformers() -> None:
    others = [p for p in modules() if p != PACKAGE / "embed.py"]
    assert offending(others, ("sentence_transformers", "torch")) == {}


def test_fill_names_no_format_and_imports_no_document_library() -> None:
    source = (PACKAGE / "fill.py").read_text(encoding="utf-8")
    assert re.findall(r"(?i)\b(?:xlsx|xlsm|docx|docm|pdf|workbook|sheet)\b", source) == []
    assert offending([PACKAGE / "fill.py"], DOCUMENT_LIBRARIES) == {}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_stays_under_600_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < MAX_MODULE_LINES
