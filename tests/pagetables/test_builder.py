"""schism.ext.pagetables on its own: format reading, leaf bits, where leaves
go, table placement by alignment class, serialization."""

from __future__ import annotations

import struct

import pytest
from lxml import etree

from schism.errors import SchismError
from schism.ext import pagetables as pt

from .scen import arch

ARM = etree.fromstring(arch("arm"))
ARM64 = etree.fromstring(arch("arm64"))


def fmt(root, fmt_id: str) -> pt.PagingFormat:
    return pt.parse_format(root.find(f"paging_format[@id='{fmt_id}']"))


def test_leaf_bits_set_and_clear_values():
    f = fmt(ARM, "arm:short")
    # Level 0 (sections): leaf_base 0x402; no w -> 0x8000, no x -> 0x10, g set -> 0.
    assert f.leaf_bits(0, "rg") == 0x402 | 0x8000 | 0x10
    # Level 1 (pages): leaf_base 0x12; rws: x clear 0x1, g clear 0x800, s set 0x400.
    assert f.leaf_bits(1, "rws") == 0x12 | 0x1 | 0x800 | 0x400


def test_block_then_pages():
    f = fmt(ARM64, "arm64:g4io40")
    tree = pt.Tree("t", f)
    tree.insert(0x8000200000, 0x400000, 0x201000, "rwg")
    top, l1, l2, l3 = tree.tables
    assert top.children.keys() == {1} and l1.children.keys() == {0}
    assert l2.kinds[1] == pt.LEAF and l2.entries[1] == 0x400000 | f.leaf_bits(2, "rwg")
    assert l2.kinds[2] == pt.POINTER and l3.entries[0] == 0x600000 | f.leaf_bits(3, "rwg")
    assert sum(l3.kinds) == pt.LEAF


def test_top_level_block_where_the_format_allows_it():
    f = fmt(ARM64, "arm64:g4io40n")  # level 0 (1 GiB) has leaf_base
    tree = pt.Tree("t", f)
    tree.insert(0x40000000, 0xc0000000, 0x40000000, "rwx")
    assert len(tree.tables) == 1
    assert tree.top.entries[1] == 0xc0000000 | 0x441 | 0x80 | 0x3c


def test_unaligned_pa_uses_smaller_leaves():
    f = fmt(ARM64, "arm64:g4io40n")
    tree = pt.Tree("t", f)
    tree.insert(0x200000, 0x201000, 0x200000, "r")  # VA 2 MiB aligned, PA not
    assert sum(1 for t in tree.tables for k in t.kinds if k == pt.LEAF) == 512


@pytest.mark.parametrize("va, pa, size, part, text", [
    (0x1000, 0x0, 0x800, "size", "size 0x800 is not a multiple of the smallest page size 0x1000"),
    (0x1800, 0x0, 0x1000, "va", "VA 0x1800 is not aligned to the smallest page size 0x1000"),
    (0x1000, 0x10, 0x1000, "pa", "PA 0x10 is not aligned to the smallest page size 0x1000"),
    (0xfffff000, 0x0, 0x2000, "va",
     "VA range 0xfffff000+0x2000 exceeds the 0x100000000 bytes format arm:short translates"),
    (0x0, 0xfffff000, 0x2000, "pa",
     "PA range 0xfffff000+0x2000 exceeds the 32-bit physical addresses of format arm:short"),
])
def test_insert_errors(va, pa, size, part, text):
    tree = pt.Tree("t", fmt(ARM, "arm:short"))
    with pytest.raises(pt.MapError) as e:
        tree.insert(va, pa, size, "rw")
    assert (e.value.part, e.value.message) == (part, text)


def test_placement_by_alignment_class_in_creation_order():
    # arm:long: top table 32 bytes with align 5, the others 4 KiB with align 12:
    # the align-12 tables go first (creation order), the top table after them.
    f = fmt(ARM, "arm:long")
    tree = pt.Tree("t", f)
    tree.insert(0xc0000000, 0x80000000, 0x1000, "rw")
    tree.insert(0x00200000, 0x80200000, 0x1000, "rw")
    end = pt.place([tree], 0x40000000)
    top, a2, a3, b2, b3 = tree.tables
    assert [t.addr for t in (a2, a3, b2, b3, top)] == [
        0x40000000, 0x40001000, 0x40002000, 0x40003000, 0x40004000]
    assert end == 0x40004020
    assert top.entries[3] == a2.addr | 0x3 and top.entries[0] == b2.addr | 0x3


def test_placement_carries_the_cursor_across_trees():
    f = fmt(ARM, "arm:short")  # top 16 KiB, align 14; pages tables 1 KiB, align 10
    a, b = pt.Tree("a", f), pt.Tree("b", f)
    a.insert(0x1000, 0x1000, 0x1000, "r")
    end = pt.place([a, b], 0x104000)
    assert [t.addr for t in a.tables] == [0x104000, 0x108000]
    assert b.top.addr == 0x10c000 and end == 0x110000


def test_serialize_little_endian_with_gaps():
    f = fmt(ARM, "arm:short")
    tree = pt.Tree("t", f)
    tree.insert(0x100000, 0x300000, 0x100000, "rwxg")
    end = pt.place([tree], 0x8000)
    data = pt.serialize([tree], 0x8000, end)
    assert len(data) == 0x4000  # one 16 KiB section table, index 1 used
    assert data[4:8] == struct.pack("<I", 0x300000 | 0x402)
    assert not any(data[:4]) and not any(data[8:])


@pytest.mark.parametrize("change, message", [
    (("bpe", "2"), "level bpe: 2 bytes per entry (4 or 8 supported)"),
    (("width", "8"), "level shift: 12 + width 8 does not reach the previous level's shift 21"),
])
def test_format_errors(change, message):
    root = etree.fromstring(arch("arm"))
    last = root.find("paging_format[@id='arm:long']/level[3]")
    last.set(*change)
    with pytest.raises(SchismError) as e:
        pt.parse_format(last.getparent())
    assert e.value.message == message


def test_format_without_leaves():
    root = etree.fromstring(arch("arm"))
    pf = root.find("paging_format[@id='arm:short']")
    for lv in pf.iterfind("level"):
        del lv.attrib["leaf_base"]
    with pytest.raises(SchismError, match="format 'arm:short' has no level with leaf_base"):
        pt.parse_format(pf)


def test_leaf_too_wide_for_its_entry():
    root = etree.fromstring(arch("arm"))
    pf = root.find("paging_format[@id='arm:short']")
    pf.find("level[2]/flag[@name='u']").set("value_clear", "0x100000000")
    tree = pt.Tree("t", pt.parse_format(pf))
    with pytest.raises(pt.MapError) as e:
        tree.insert(0x1000, 0x2000, 0x1000, "rw")
    assert (e.value.part, e.value.message) == (
        "pa", "leaf entry 0x100002813 does not fit in 4 bytes")


@pytest.mark.parametrize("name", ["q", "", "rw"])
def test_unknown_flag_letter(name):
    # The original stopped with "unknown paging flag".
    root = etree.fromstring(arch("arm"))
    pf = root.find("paging_format[@id='arm:short']")
    pf.find("level[2]/flag[@name='u']").set("name", name)
    with pytest.raises(SchismError) as e:
        pt.parse_format(pf)
    assert e.value.message == f"flag name: unknown paging flag '{name}' (one of rwxgdus)"


def test_repeated_flag_letter_last_one_counts():
    # The original kept one (set, clear) pair per letter: the last <flag> wins.
    root = etree.fromstring(arch("arm"))
    pf = root.find("paging_format[@id='arm:short']")
    level = pf.find("level[2]")
    extra = etree.SubElement(level, "flag", name="w", value_set="0x0", value_clear="0x100")
    assert extra.getprevious() is not None
    f = pt.parse_format(pf)
    assert f.leaf_bits(1, "r") == 0x12 | 0x100 | 0x1 | 0x800  # not | 0x200
    assert f.leaf_bits(1, "rw") == 0x12 | 0x1 | 0x800
