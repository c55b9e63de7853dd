"""The `check` fixture of the validator tests (see validate_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .validate_support import Checker


@pytest.fixture
def check(tmp_path: Path) -> Checker:
    return Checker(tmp_path)
