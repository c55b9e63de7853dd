"""Fixtures of tests/demo: the example built once per session (raw image)."""

from __future__ import annotations

import pytest

from .helpers import Built, build


@pytest.fixture(scope="session")
def demo_raw(tmp_path_factory) -> Built:
    return Built(build(tmp_path_factory.mktemp("demo") / "O"))
