"""Property: for every paging format of the bundled library, random
non-overlapping mappings -> build (schism.ext.pagetables) -> serialize ->
walk (schism.ptdump, the independent reader) give back the same mappings:
every leaf inside one mapping with its PA and flags, every byte covered."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.ptexpect import expanded

from schism import ptdump
from schism.ext import pagetables as pt

from .maps import BASE, FORMATS, mappings


def test_the_library_has_formats():
    assert {f.get("id") for f in FORMATS} >= {"arm:short", "arm:long", "arm64:g4io40"}


@pytest.mark.parametrize("element", FORMATS, ids=[f.get("id") for f in FORMATS])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_build_then_walk_gives_the_mappings(element, data):
    fmt = pt.parse_format(element)
    maps = data.draw(mappings(fmt))
    tree = pt.Tree("t", fmt)
    for va, pa, size, flags in maps:
        tree.insert(va, pa, size, flags)
    end = pt.place([tree], BASE)
    image = ptdump.Image(pt.serialize([tree], BASE, end), BASE)
    levels = ptdump.read_levels(element)
    leaves = list(ptdump.walk(image, levels, tree.top.addr))
    assert ptdump.compare(leaves, maps) == []
    # what verify reads: the same leaves, runs of them joined
    assert expanded(ptdump.runs(image, levels, tree.top.addr), levels) == leaves
    # Spot check: the first and last byte of each mapping translate.
    for va, pa, size, flags in maps:
        for off in (0, size - 1):
            leaf = ptdump.translate(image, levels, tree.top.addr, va + off)
            assert leaf is not None and leaf.pa == pa + off
            assert ptdump.flags_match(leaf.flags, flags)


@pytest.mark.parametrize("element", FORMATS, ids=[f.get("id") for f in FORMATS])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_overlapping_mappings_clash(element, data):
    fmt = pt.parse_format(element)
    maps = [m for m in data.draw(mappings(fmt)) if m]
    if not maps:
        return
    va, pa, size, flags = data.draw(st.sampled_from(maps))
    grain = 1 << fmt.min_leaf_shift
    # A page somewhere inside an existing mapping.
    inside = va + data.draw(st.integers(0, size // grain - 1)) * grain
    tree = pt.Tree("t", fmt)
    for m in maps:
        tree.insert(*m)
    with pytest.raises(pt.MapError, match=r"^clash at VA 0x[0-9a-f]+$") as e:
        tree.insert(inside, inside % (1 << 30), grain, "")
    assert e.value.part == "va"


@pytest.mark.parametrize("element", FORMATS, ids=[f.get("id") for f in FORMATS])
@settings(max_examples=20, deadline=None)
@given(data=st.data(), base_pages=st.integers(0, 64))
def test_placement_aligned_disjoint_and_in_order(element, data, base_pages):
    """Every table at a multiple of 2^align, none overlapping, trees in
    order, the end just after the last table."""
    fmt = pt.parse_format(element)
    trees = []
    for n in range(data.draw(st.integers(1, 3))):
        tree = pt.Tree(f"t{n}", fmt)
        for m in data.draw(mappings(fmt)):
            tree.insert(*m)
        trees.append(tree)
    base = BASE + base_pages * 0x20
    end = pt.place(trees, base)
    spans = []
    for tree in trees:
        first = min(t.addr for t in tree.tables)
        assert not spans or first >= spans[-1][1]  # trees back to back, in order
        for t in tree.tables:
            assert t.addr % (1 << t.level.align) == 0
        spans += sorted((t.addr, t.addr + t.level.table_bytes) for t in tree.tables)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert spans[0][0] >= base and max(e for _, e in spans) == end
