"""Shared fixtures: paths to samples, the real-RFP folder (optional) and a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LIBRARY = ROOT / "answer_library"
REAL_RFPS = ROOT.parent / "shared" / "real-rfps"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


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
