"""Property: for every paging format of the bundled library, random
non-overlapping mappings -> build (schism.ext.pagetables) -> serialize ->
walk (schism.ptdump, the independent reader) give back the same mappings:
every leaf inside one mapping with its PA and flags, every byte covered."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from schism import ptdump, resources
from schism.ext import pagetables as pt
from schism.ext.values import FLAG_LETTERS, align_up

BASE = 0x10000000  # aligned for every format's top table; fits 4-byte pointers


def library_formats() -> list[etree._Element]:
    found = []
    for path in sorted(resources.xmllib().glob("arch_*.xml")):
        found += etree.parse(str(path)).getroot().findall("paging_format")
    return found


FORMATS = library_formats()


def test_the_library_has_formats():
    assert {f.get("id") for f in FORMATS} >= {"arm:short", "arm:long", "arm64:g4io40"}


@st.composite
def mappings(draw, fmt: pt.PagingFormat):
    """Up to 6 mappings in rising VA order; each near a random leaf level's
    alignment, starting a few smaller units off, its PA congruent to the VA
    modulo that level or the next smaller one. Entry counts stay in the
    hundreds (4 KiB pages across 1 GiB would take seconds)."""
    shifts = sorted({lv.shift for lv in fmt.levels if lv.leaf_base is not None})
    grain = 1 << shifts[0]
    # PA bits the formats use for attributes cannot be told from PA bits.
    pa_limit = 1 << min(fmt.pa_width, 40)
    out, cursor = [], 0
    for _ in range(draw(st.integers(1, 6))):
        k = draw(st.integers(0, len(shifts) - 1))
        unit = 1 << shifts[k]
        sub = 1 << shifts[k - 1] if k else grain
        va = align_up(cursor + draw(st.integers(0, 2)) * unit, shifts[k])
        pages = draw(st.integers(0, 2)) * grain
        va += draw(st.integers(0, 2)) * sub + pages
        size = (draw(st.integers(0, 2)) * unit + draw(st.integers(0, 3)) * sub
                + draw(st.integers(0, 3)) * grain) or grain
        if va + size > fmt.va_limit:
            break
        slots = (pa_limit - size) // unit
        if slots <= 0:
            break
        pa = draw(st.integers(0, slots - 1)) * unit
        # Congruent to the VA modulo `unit` (blocks of that level) or only
        # modulo `sub` (blocks of the level below).
        pa += va % unit if draw(st.booleans()) else draw(st.integers(0, 2)) * sub + pages
        if pa + size > pa_limit:
            continue
        flags = "".join(c for c in FLAG_LETTERS if draw(st.booleans()))
        out.append((va, pa, size, flags))
        cursor = va + size
    return out


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
