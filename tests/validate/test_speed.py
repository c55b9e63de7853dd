"""A 1600-guest scenario (~45k elements) validates fast: one pass, IDs indexed
once, nothing quadratic. The bound is loose (CPU time, shared 2-core
machine); measured about 0.13 s: DTD 0.04 s, the rest 0.09 s."""

from __future__ import annotations

import time

import pytest
from support import line_of

from schism import validate, xmlio
from schism.errors import SchismError

from .bigscenario import scenario

GUESTS = 1600


@pytest.fixture(scope="module")
def big() -> bytes:
    return scenario(GUESTS)


def _cpu_seconds(tree) -> float:
    start = time.process_time()
    validate.check(tree, "big.xml")
    return time.process_time() - start


def test_large_scenario_is_valid_and_fast(big: bytes) -> None:
    tree = xmlio.parse_bytes(big, "big.xml")
    assert sum(1 for _ in tree.iter()) > 40_000
    validate.check(tree, "big.xml")  # warm: the DTD and plan are cached per process
    assert min(_cpu_seconds(tree) for _ in range(3)) < 0.4


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
