"""One copy of each binary the tests read: a file that several golden cases
(or other test folders) need lives in tests/support/fixtures/ (or where its
build script writes it) and the others are relative symlinks to it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from support.fixtures import EPOCH, FIXTURES, GOLDEN, TESTS


def _binaries() -> list[Path]:
    """Regular files under tests/ holding a NUL byte, outputs to compare aside."""
    return [p for p in TESTS.rglob("*")
            if p.is_file() and not p.is_symlink() and "expected" not in p.parts
            and "__pycache__" not in p.parts and b"\0" in p.read_bytes()]


def test_each_binary_is_stored_once():
    seen: dict[str, Path] = {}
    twice = []
    for p in sorted(_binaries()):
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest in seen:
            twice.append(f"{p.relative_to(TESTS)} = {seen[digest].relative_to(TESTS)}")
        seen.setdefault(digest, p)
    assert twice == [], "make the later a symlink to the first (tests/support/fixtures/)"


def test_every_symlink_points_into_tests_and_exists():
    links = [p for p in TESTS.rglob("*") if p.is_symlink()]
    assert links
    for p in links:
        target = p.resolve()
        assert target.is_file(), f"{p} -> {target}"
        assert TESTS in target.parents, f"{p} points outside tests/"
        assert not p.readlink().is_absolute(), f"{p}: use a relative link"


def test_every_fixture_is_used():
    used = {p.resolve() for p in TESTS.rglob("*") if p.is_symlink()}
    assert {p for p in FIXTURES.iterdir()} <= used


def test_epoch_is_the_reference_cases():
    """EPOCH is the reference example's (rpi3) and its kin's; a case may keep
    another (phidias-v0010-hikey: the fork's own)."""
    for case in ("rpi3", "e2e-zynq-arm32", "phidias-guests", "phidias-vdevs"):
        assert f"SOURCE_DATE_EPOCH={EPOCH}" in (GOLDEN / case / "case.env").read_text().split()
