from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()
    return read


def require_bench() -> Path:
    if not (BENCH / "score.py").exists():
        pytest.skip(f"the shared corpora are not here ({BENCH}); set BENCH_DATA= to run the corpus tests")
    return BENCH


# The reliability scorecard: its fixtures and session hooks (tests/reliability/scorecard.py).
from tests.reliability.scorecard import (  # noqa: E402,F401
    _score_adversarial_case,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
    scorecard,
)
