"""The walker as oracle over every golden case that has page tables: for
every map of every table, every page translates to the expected PA with the
expected flags, and nothing else is mapped."""

from __future__ import annotations

import shutil

import pytest
from support.fixtures import GOLDEN
from support.ptexpect import expanded, expected_tables

from schism import ptdump

CASES = sorted(d for d in GOLDEN.iterdir()
               if (d / "expected" / "pagetables").exists()
               and (d / "expected" / "scenario_pagetables.xml").exists())


def test_there_are_cases():
    assert {"pt-rpi3", "pt-arm-short", "pt-arm-long", "pt-arm64"} <= {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_page_as_expected(case, tmp_path):
    for name in ("scenario_pagetables.xml", "pagetables"):
        shutil.copyfile(case / "expected" / name, tmp_path / name)
    dump = ptdump.load(tmp_path)
    expected = expected_tables(tmp_path / "scenario_pagetables.xml")
    assert list(dump.tables) == list(expected)
    for name, maps in expected.items():
        _, levels, top = dump.tables[name]
        assert ptdump.compare(dump.leaves(name), maps) == [], name
        for va, pa, size, flags in maps:
            for off in range(0, size, max(0x1000, size // 64)):
                leaf = ptdump.translate(dump.image, levels, top, va + off)
                assert leaf is not None and leaf.pa == pa + off, (name, hex(va + off))
                assert ptdump.flags_match(leaf.flags, flags)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_runs_are_the_leaves_joined(case, tmp_path):
    """`runs` (what verify reads) holds exactly `walk`'s leaves, and joins
    some in every case with more than one page in a row."""
    for name in ("scenario_pagetables.xml", "pagetables"):
        shutil.copyfile(case / "expected" / name, tmp_path / name)
    dump = ptdump.load(tmp_path)
    joined = 0
    for name, (_, levels, top) in dump.tables.items():
        runs = list(ptdump.runs(dump.image, levels, top))
        assert expanded(runs, levels) == list(ptdump.walk(dump.image, levels, top)), name
        joined += sum(count > 1 for _, count in runs)
    assert joined > 0
