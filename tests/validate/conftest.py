"""The `check` fixture of the validator tests (see helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import Checker


@pytest.fixture
def check(tmp_path: Path) -> Checker:
    return Checker(tmp_path)
