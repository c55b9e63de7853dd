"""A 1600-guest scenario (~45k elements) validates, and an error in it is
found and located. How long validation takes is bench/compare.py's business
(docs/performance.md, "Where the time goes"), not a test's."""

from __future__ import annotations

import pytest
from support import line_of

from schism import validate, xmlio
from schism.errors import SchismError

from .bigscenario import scenario

GUESTS = 1600


@pytest.fixture(scope="module")
def big() -> bytes:
    return scenario(GUESTS)


def test_large_scenario_is_valid(big: bytes) -> None:
    tree = xmlio.parse_bytes(big, "big.xml")
    assert sum(1 for _ in tree.iter()) > 40_000
    validate.check(tree, "big.xml")


def test_large_scenario_error_is_found_and_located(big: bytes) -> None:
    text = big.decode()
    bad = text.replace('<cap type="ipc" target_xref="g0"', '<cap type="ipc" target_xref="g9999"')
    tree = xmlio.parse_bytes(bad.encode(), "big.xml")
    line = line_of(bad, "g9999")
    with pytest.raises(SchismError) as e:
        validate.check(tree, "big.xml")
    assert str(e.value) == (
        f"big.xml:{line}: error: cap target_xref: 'g9999' is not the ID of any element"
    )
