"""The hikey golden against the outputs of Phidias v0.010's own tools
(example-build-hikey/ of its source; skipped without it): equal token for
token but for the differences docs/phidias.md explains."""

from __future__ import annotations

import difflib
import os

import pytest
from support.fixtures import GOLDEN
from support.golden import c_tokens, run_case

from schism import pipeline
from schism.stages import Context

from .helpers import SOURCE

CASE = GOLDEN / "phidias-v0010-hikey"
FORK = SOURCE / "example-build-hikey"
pytestmark = pytest.mark.skipif(not FORK.is_dir(), reason=f"no {FORK}")


def _differences(ours: str, theirs: str) -> list[tuple[list[str], list[str]]]:
    a, b = c_tokens(ours), c_tokens(theirs)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"]


def test_final_configuration_differs_only_where_explained():
    ours = (CASE / "expected" / "scenario_config_real.c").read_text()
    theirs = (FORK / "scenario_config_real.c").read_text()
    assert _differences(ours, theirs) == [
        # stage 7: the boot and CPU 0 tables sit elsewhere in the pagetables
        # area (the fork's arch aligns the 16-byte top tables to 16 bytes)
        (["0x1001c000"], ["0x10021000"]),
        (["0x10022000"], ["0x10028000"]),
        # the fork sorted CPU 0's memarea tree with a torn VA array:
        # CATCHALL (slot 31, 0xf40200000) after vtlbpool4 (37, 0xf501f1000)
        (["31"], ["37"]),
        (["37"], ["31"]),
    ]


def test_stub_configuration_is_the_forks(tmp_path, monkeypatch):
    """Iteration 1 (nothing laid out, every tree in map order) is equal."""
    o = tmp_path / "O"
    assert run_case(CASE, o).error is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1499092294")  # the fork's 2017/07/03 14:31:34
    monkeypatch.setenv("CROSS_COMPILE", os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-"))
    stage = next(s for s in pipeline.by_command("generate-config") if s.args == ("1",))
    pipeline.runner(stage)(Context(build_dir=o, stage=stage))
    ours = (o / "scenario_config.c").read_text()
    assert _differences(ours, (FORK / "scenario_config.c").read_text()) == []


def test_makeconf_is_the_forks_plus_the_exec_base_comment():
    ours = (CASE / "expected" / "Makeconf").read_text().splitlines()
    theirs = (FORK / "Makeconf").read_text().splitlines()
    assert ours == theirs + ["# exec_base 0xf40000000: passed to make as EXEC_BASE_ADDR "
                             "(schism, stage 0)"]


def test_config_base_is_the_forks():
    assert ((CASE / "expected" / "config_base.lds").read_text()
            == (FORK / "config_base.lds").read_text())
