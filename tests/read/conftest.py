from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"
SEEDS = Path("/work/shared/seeds")  # real reports, not committed (third-party text)
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed reports not present")


@pytest.fixture
def fixture_bytes():
    def load(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return load
