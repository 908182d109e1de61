"""Shared fixtures: paths into ../shared and one analysed seed report.

Third-party essays are never copied into the repo; tests read them from
``../shared`` and skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_9b2ef7c923ddbec2.txt"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("the seed essay is not present in ../shared/seeds")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report(seed_path: Path):
    from essaylens.api import analyze

    return analyze(seed_path)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"
