"""Fixtures of tests/phidias_v0010: one patched scratch copy of the Phidias
v0.010 source per session (tests that need it are skipped, with the reason,
when the source or a tool is missing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import missing, scratch_copy


@pytest.fixture(scope="session")
def phidias_source(tmp_path_factory) -> Path:
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    return scratch_copy(tmp_path_factory.mktemp("phidias") / "phidias-v0.010")
