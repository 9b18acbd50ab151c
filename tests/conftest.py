"""Shared fixtures: paths to samples, the real-RFP folder (optional), and the fast tier's guard.

Tests that load the real embedding model are marked ``pytest.mark.model``; everyday runs
skip them with ``pytest -m "not model"``. An unmarked test that tries to load the model
fails, so the fast tier stays fast (tests that run the CLI in a subprocess are marked by
hand).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp_assistant.embed import EmbeddingCache, SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LIBRARY = ROOT / "answer_library"
REAL_RFPS = ROOT.parent / "shared" / "real-rfps"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    """The packaged model, loaded on first use (tests using it are marked ``model``)."""
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> EmbeddingCache:
    """An embedding cache of the module's own, so no test reads another run's vectors."""
    return EmbeddingCache(tmp_path_factory.mktemp("embeddings"))


def real_rfp(name: str) -> Path:
    """Path to a real questionnaire in ../shared/real-rfps, skipping the test when absent."""
    path = REAL_RFPS / name
    if not path.exists():
        pytest.skip(f"real RFP {name} not available (../shared/real-rfps is absent)")
    return path


@pytest.fixture
def sample_xlsx() -> Path:
    return SAMPLES / "harbor_point_medical_rfp.xlsx"


@pytest.fixture
def sample_account() -> Path:
    return SAMPLES / "harbor_point_account.yaml"


_model_allowed = False
_load_model = SentenceTransformerEmbedder._load


def _guarded_load(self: SentenceTransformerEmbedder):  # type: ignore[no-untyped-def]
    if not _model_allowed:
        raise AssertionError("this test loads the real embedding model: mark it with pytest.mark.model")
    return _load_model(self)


SentenceTransformerEmbedder._load = _guarded_load  # type: ignore[method-assign]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Allow the model only while a marked test (and the fixtures it sets up) runs."""
    global _model_allowed
    _model_allowed = item.get_closest_marker("model") is not None
